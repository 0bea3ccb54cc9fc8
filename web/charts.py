"""Small horizontal bar charts written as SVG on the server: no JavaScript, no library.

Presentation, so it lives with the templates: the indicators service hands over
plain tables, and this module draws them.

The markup uses presentation attributes only (``fill=``, ``font-size=``), never
``style=``, so it passes the Content-Security-Policy, and every label goes
through ``markupsafe.escape`` so a district or course name cannot inject markup.
The numbers are also in a table next to each chart; the chart is a picture of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup, escape

from .services.indicators import Table, number

# Fits a 360 px phone (main has 1 rem padding each side) without scaling the text.
WIDTH = 320
VALUE_ROOM = 44  # space kept right of the longest bar for its number
LABEL_HEIGHT = 15
BAR_HEIGHT = 11
BAR_GAP = 3
GROUP_GAP = 8
LEGEND_HEIGHT = 20
FONT = 'font-family="system-ui,sans-serif" font-size="12"'
INK = "#1d2321"
# Dark enough for 3:1 against the page background; the legend names them too.
FILLS = ("#8a2c0d", "#1a5fb4", "#1d5f2f")


@dataclass(frozen=True)
class Series:
    """One set of bars: a name for the legend and one value per label."""

    name: str
    values: Sequence[float]


def hbar_chart(chart_id: str, title: str, description: str, labels: Sequence[str],
               series: Sequence[Series]) -> Markup:
    """Return an accessible SVG with one group of horizontal bars per label.

    Each label sits on its own line above its bars, so long district names need
    no truncation on a narrow screen.
    """
    if not series or any(len(s.values) != len(labels) for s in series):
        raise ValueError("every series needs one value per label")
    top = LEGEND_HEIGHT if len(series) > 1 else 4
    group = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    height = top + group * len(labels) + 2
    largest = max((v for s in series for v in s.values), default=0) or 1
    scale = (WIDTH - VALUE_ROOM) / largest
    cid = escape(chart_id)
    spoken = "; ".join(
        f"{label}: " + ", ".join(f"{s.name} {number(s.values[i])}" for s in series)
        for i, label in enumerate(labels))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{cid}-t {cid}-d">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description)} {escape(spoken)}</desc>',
        f'<g {FONT} fill="{INK}">',
    ]
    if len(series) > 1:
        x = 0
        for k, s in enumerate(series):
            parts.append(f'<rect x="{x}" y="3" width="10" height="10" fill="{FILLS[k]}"/>'
                         f'<text x="{x + 14}" y="12">{escape(s.name)}</text>')
            x += 24 + 7 * len(s.name)
    y = top
    for i, label in enumerate(labels):
        parts.append(f'<text x="0" y="{y + 11}">{escape(label)}</text>')
        y += LABEL_HEIGHT
        for k, s in enumerate(series):
            value = s.values[i]
            width = round(value * scale, 1)
            parts.append(
                f'<rect x="0" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="{FILLS[k]}"/>'
                f'<text x="{width + 4}" y="{y + 10}" font-size="11">{number(value)}</text>')
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    parts.append("</g></svg>")
    # Safe: every label, title and name above went through escape(); the rest are numbers.
    return Markup("".join(parts))  # noqa: S704


# --- the indicators page --------------------------------------------------------------------

FUNNEL = ("registrados", "completos", "capacitados", "propuestas", "entrevistas",
          "contrataciones")


def indicator_chart(table: Table) -> Markup:
    """Draw ``table``: the path to a job for the summary, else registered and hired per group."""
    if table.key == "resumen":
        rows = [r for r in table.rows if r.key in FUNNEL]
        return hbar_chart(
            "grafico-resumen", _("Del registro al empleo"),
            _("Barras horizontales con los jóvenes registrados, perfiles completos, "
              "capacitados, propuestas, entrevistas y contrataciones del periodo."),
            [r.label for r in rows], [Series(_("Cantidad"), [r.values["valor"] or 0
                                                            for r in rows])])
    return hbar_chart(
        f"grafico-{table.key}", _("Registrados y contrataciones, %(t)s", t=table.title.lower()),
        _("Barras horizontales: por cada grupo, jóvenes registrados y contrataciones."),
        [r.label for r in table.rows],
        [Series(_("Registrados"), [r.values["registrados"] or 0 for r in table.rows]),
         Series(_("Contrataciones"), [r.values["contrataciones"] or 0 for r in table.rows])])
