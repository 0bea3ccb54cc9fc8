"""The programme's indicators: a page of tables and charts, and each table as CSV.

The blueprint's ``before_request`` in ``views.py`` already lets in only counselors
and admins; the service scopes every figure to the viewer's territory on top of that.
"""

from __future__ import annotations

from flask import Response, abort, render_template, request
from flask_login import current_user

from ..charts import indicator_chart
from ..extensions import db
from ..services import indicators
from . import bp


def _report() -> tuple[indicators.Report, str | None]:
    period, problem = indicators.parse_period(request.args.get("desde"),
                                              request.args.get("hasta"),
                                              indicators.today_in_lima())
    scope = indicators.scope_for(db.session, current_user, request.args.get("territorio"))
    return indicators.report(db.session, scope, period), problem


@bp.get("/indicadores", endpoint="indicators")
def indicators_page():
    report, problem = _report()
    charts = {key: indicator_chart(table) for key, table in report.tables.items()}
    return render_template("counselors/indicators.html", report=report, charts=charts,
                           problem=problem, cell=indicators.cell,
                           all_territories=indicators.ALL_TERRITORIES)


@bp.get("/indicadores.csv", endpoint="indicators_csv")
def indicators_csv():
    key = request.args.get("tabla", "")
    if key not in indicators.TABLES:
        abort(404)
    report, _problem = _report()
    # The byte-order mark makes Excel read the file as UTF-8 (Quiquijana, Río Santiago).
    body = "\ufeff" + indicators.to_csv(report, key)
    name = f"indicadores-{key}-{report.period.desde}-{report.period.hasta}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
