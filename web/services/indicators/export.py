"""How a figure reads, the same on the page and in the CSV; and each table as CSV text."""

from __future__ import annotations

import csv
import io

from flask_babel import gettext as _

from .tally import Column, Kind, Report, Row


def number(value: float) -> str:
    """Write ``value`` as the tables do: whole numbers bare, others with one decimal."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}"


def format_value(value: float | None, kind: Kind = Kind.COUNT) -> str:
    """How a figure reads, the same on the page and in the CSV: '—' when it cannot be said."""
    if value is None:
        return "—"
    if kind == Kind.PERCENT:
        return f"{value:.1f}"
    return number(value)


def cell(row: Row, column: Column) -> str:
    """A figure as text, identical on the page and in the CSV."""
    return format_value(row.values.get(column.key), row.kind or column.kind)


def _safe(text: str) -> str:
    # A spreadsheet would run a cell that starts like a formula.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(report_: Report, key: str) -> str:
    """One table as CSV text (the caller adds the byte-order mark)."""
    table = report_.tables[key]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_("Territorio"), report_.scope.name, _("Desde"),
                     report_.period.desde.isoformat(), _("Hasta"),
                     report_.period.hasta.isoformat()])
    writer.writerow([_("Grupo") if key != "resumen" else _("Indicador"),
                     *[str(c.label) for c in table.columns]])
    for row in (*table.rows, *((table.total,) if table.total else ())):
        writer.writerow([_safe(row.label), *[cell(row, c) for c in table.columns]])
    return out.getvalue()
