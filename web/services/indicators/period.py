"""The period and the scope of the indicators: whole days in Lima time, and which territories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import Role, Territory, User

from ...forms import parse_peru_date

LIMA = ZoneInfo("America/Lima")
ALL_TERRITORIES = "todos"
EARLIEST = date(2000, 1, 1)
LATEST = date(2100, 12, 31)


@dataclass(frozen=True)
class Period:
    """Whole days in Lima time, both ends included."""

    desde: date
    hasta: date

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as a half-open UTC interval ``[start, end)`` for timestamp columns."""
        start = datetime.combine(self.desde, time.min, LIMA).astimezone(UTC)
        end = datetime.combine(self.hasta + timedelta(days=1), time.min, LIMA).astimezone(UTC)
        return start, end


def today_in_lima() -> date:
    """Today in Peru, whatever the server's clock zone."""
    return datetime.now(LIMA).date()


def local_date(moment: datetime) -> date:
    """The day in Lima of a stored timestamp."""
    # SQLite hands back naive datetimes; they were stored in UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LIMA).date()


def default_period(today: date) -> Period:
    """The twelve months that end today."""
    try:
        year_ago = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        year_ago = today.replace(year=today.year - 1, day=28)
    return Period(year_ago + timedelta(days=1), today)


def parse_period(desde: str | None, hasta: str | None, today: date) -> tuple[Period, str | None]:
    """Read the ``desde`` / ``hasta`` parameters; on any problem, the default and a message."""
    default = default_period(today)
    desde, hasta = (desde or "").strip(), (hasta or "").strip()
    # The date boxes send ISO (2025-01-31) from a calendar; a browser without one sends what
    # was typed, as people in Peru write it (31/01/2025). Both are read.
    start = parse_peru_date(desde) if desde else default.desde
    end = parse_peru_date(hasta) if hasta else default.hasta
    if start is None or end is None:
        return default, _("No entendimos una de las fechas. Elíjala en el calendario o "
                          "escríbala como día/mes/año, por ejemplo 31/01/2025. "
                          "Mostramos los últimos 12 meses.")
    if not (EARLIEST <= start <= LATEST and EARLIEST <= end <= LATEST):
        return default, _("Las fechas deben estar entre el año 2000 y el 2100. "
                          "Mostramos los últimos 12 meses.")
    if start > end:
        return default, _("La fecha «desde» va después de la fecha «hasta». "
                          "Mostramos los últimos 12 meses.")
    return Period(start, end), None



@dataclass(frozen=True)
class Scope:
    territories: tuple[Territory, ...]
    choice: str  # what the form shows as selected: a territory code or "todos"
    choices: tuple[Territory, ...]  # what the viewer may pick from (empty for a counselor)

    @property
    def ids(self) -> list[int]:
        return [t.id for t in self.territories]

    @property
    def name(self) -> str:
        return " + ".join(t.name for t in self.territories)


def scope_for(session: Session, viewer: User, wanted: str | None) -> Scope:
    """A counselor always gets their own territory, whatever they ask; an admin chooses."""
    if viewer.role != Role.ADMIN:
        own = session.get(Territory, viewer.territory_id)
        return Scope((own,) if own else (), own.code if own else "", ())
    every = tuple(session.scalars(sa.select(Territory).order_by(Territory.name)))
    chosen = tuple(t for t in every if t.code == wanted)
    if chosen:
        return Scope(chosen, wanted, every)
    return Scope(every, ALL_TERRITORIES, every)
