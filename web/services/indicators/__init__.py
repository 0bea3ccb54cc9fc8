"""The programme's indicators for one or both territories over a period of dates.

Every figure is anonymous: people who erased their account and hidden profiles
still count. The definitions below are the ones the page shows under "Cómo se
calcula"; change them here and there together.

* **Territory.** A person belongs to the territory of their profile's district; a
  vacancy to the territory of its district. Profiles without a district belong to
  no territory and are not counted.
* **Period.** ``desde`` and ``hasta`` are whole days in Lima time, both included.
* **Youth registered.** Profiles created in the period.
* **Complete profiles.** Of those, the ones ``CandidateProfile.is_complete`` accepts today.
* **Trained.** People who completed at least one CDE course with a completion
  date in the period (a person with two courses counts once).
* **Open vacancies.** Published on or before ``hasta`` and either still open, or
  closed / filled on or after ``desde``. There is no closing date column, so the
  vacancy's last change (``updated_at``) stands for when it was closed.
* **Proposals.** Cases opened by a counselor (source ``counselor``) in the period.
* **Interviews / hires.** Cases that moved to *interview* / *hired* in the period.
* **Placement rate.** Of the youth registered in the period, the share hired at
  least once by ``hasta``: a cohort rate, never above 100 %.
* **Median days to hire.** Over the hires of the period, days from the person's
  registration to the hire.
* **Still working at 3 / 6 months.** Follow-ups due in the period that were done
  and found the person still working, out of all follow-ups due in the period
  (a follow-up not done yet counts against the figure on purpose).
* **Breakdowns.** Sex; age band at registration (15–17, 18–24, 25–29), or the
  band kept at erasure when the birth date was erased; each language a person
  speaks (a person counts once in every language they speak, so that table adds
  up to more than the total); district.
* **Erased people.** Erasure deletes the profile and its cases and keeps what these
  definitions counted for the person as anonymous cells (territory, figure, day:
  ``erased.py``), added to every report, so totals do not move; in the breakdowns they
  count under "Sin dato" (the district table gets a "Sin dato" row when there are any).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from . import queries, tally
from .export import cell, format_value, number, to_csv
from .funders import KEY_COLUMNS, ProgrammeReport, programme_csv, programme_report
from .period import (
    ALL_TERRITORIES,
    LIMA,
    Period,
    Scope,
    default_period,
    parse_period,
    scope_for,
    today_in_lima,
)
from .tally import (
    TABLES,
    UNKNOWN,
    Column,
    Kind,
    Report,
    Row,
    Table,
    age_band_on,
)

__all__ = [
    "ALL_TERRITORIES", "LIMA", "TABLES", "UNKNOWN", "Column", "Kind", "Period", "Report",
    "Row", "Scope", "Table", "age_band_on", "cell", "default_period", "format_value",
    "number", "parse_period", "report", "scope_for", "to_csv", "today_in_lima",
    "KEY_COLUMNS", "ProgrammeReport", "programme_csv", "programme_report",
]


def report(session: Session, scope: Scope, period: Period) -> Report:
    """Compute every table of the indicators page for ``scope`` over ``period``."""
    return Report(period, scope, tally.tables(queries.count(session, scope, period)))
