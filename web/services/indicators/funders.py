"""The programme report for funders: every indicator by territory over one period.

The printable page and the CSV read the same figures, computed by :func:`report` for
each territory and for the whole programme, with the same definitions as the
indicators page.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import Territory

from . import queries, tally
from .export import _safe, cell
from .period import ALL_TERRITORIES, Period, Scope
from .tally import Report

# What the printed breakdowns show: the figures funders ask about first.
KEY_COLUMNS = ("registrados", "capacitados", "propuestas", "contrataciones", "tasa_insercion")


@dataclass(frozen=True)
class ProgrammeReport:
    period: Period
    parts: tuple[Report, ...]  # one per territory, by name
    whole: Report  # every territory together

    @property
    def columns(self) -> tuple[Report, ...]:
        """The summary's columns: each territory, then the programme."""
        return (*self.parts, self.whole)


def _report(session: Session, scope: Scope, period: Period) -> Report:
    return Report(period, scope, tally.tables(queries.count(session, scope, period)))


def programme_report(session: Session, period: Period) -> ProgrammeReport:
    """The indicators of each territory and of the whole programme over ``period``."""
    every = tuple(session.scalars(sa.select(Territory).order_by(Territory.name)))
    parts = tuple(_report(session, Scope((t,), t.code, ()), period) for t in every)
    whole = _report(session, Scope(every, ALL_TERRITORIES, ()), period)
    return ProgrammeReport(period, parts, whole)


def programme_csv(report: ProgrammeReport) -> str:
    """Every table of every territory and of the programme, one figure a line.

    A long table (territory, table, group, indicator, value) that a spreadsheet filters
    and pivots; dates in ISO form so that it sorts them (the page writes them in words).
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Territorio"), _("Desde"), _("Hasta"), _("Tabla"), _("Grupo"),
                     _("Indicador"), _("Valor")])
    desde, hasta = report.period.desde.isoformat(), report.period.hasta.isoformat()
    for part in report.columns:
        name = part.scope.name if part is not report.whole else _("Todo el programa")
        for table in part.tables.values():
            for row in (*table.rows, *((table.total,) if table.total else ())):
                for column in table.columns:
                    label = row.label if table.key == "resumen" else str(column.label)
                    group = "" if table.key == "resumen" else row.label
                    writer.writerow([_safe(name), desde, hasta, table.title, _safe(group),
                                     _safe(label), cell(row, column)])
    return out.getvalue()
