"""What an erased person leaves in the figures: the cells the indicators counted for them.

Erasure deletes the person's profile and cases. Just before, :func:`cells_of` lists what
the queries in ``queries.py`` count for that person, as (metric, day, days) cells with no
sex, age, language or district, and :func:`keep` adds them to ``ErasedCount`` of the
person's territory. ``queries.count`` adds those cells to every report, so a total
computed before an erasure is the same after it; in the breakdowns erased people count
under "Sin dato". Keep these definitions beside the ones in ``queries.py``.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    CandidateProfile,
    District,
    Enrollment,
    EnrollmentStatus,
    ErasedCount,
    Source,
    Stage,
)

from .period import Period, local_date

Cell = tuple[str, date, int]  # metric, day, days (see ErasedCount.days)

REGISTERED_HIRED = "registrados_contratados"
HIRES = "contrataciones"
TRAINED = "capacitados"


def cells_of(session: Session, profile: CandidateProfile) -> Counter[Cell]:
    """Everything the indicators count for ``profile``, on the day each thing happened."""
    registered = local_date(profile.created_at)
    cells: Counter[Cell] = Counter({("registrados", registered, 0): 1})
    if profile.is_complete:
        cells["completos", registered, 0] += 1
    finished = sorted(set(session.scalars(sa.select(Enrollment.completed_on).where(
        Enrollment.profile_id == profile.id, Enrollment.status == EnrollmentStatus.COMPLETED,
        Enrollment.completed_on.is_not(None)))))
    # A trained person counts once per period: each course day carries the days since the
    # one before (0 for the first), and counts only when that one fell before the period.
    for before, day in zip([None, *finished], finished, strict=False):
        cells[TRAINED, day, 0 if before is None else (day - before).days] += 1
    hires: list[date] = []
    for case in session.scalars(sa.select(Application)
                                .where(Application.profile_id == profile.id)
                                .options(selectinload(Application.events),
                                         selectinload(Application.follow_ups))):
        if case.source == Source.COUNSELOR:
            cells["propuestas", local_date(case.created_at), 0] += 1
        interviews = [e.at for e in case.events if e.to_stage == Stage.INTERVIEW]
        if interviews:
            cells["entrevistas", local_date(min(interviews)), 0] += 1
        hired = [e.at for e in case.events if e.to_stage == Stage.HIRED]
        if hired:
            day = local_date(min(hired))
            hires.append(day)
            cells[HIRES, day, max(0, (day - registered).days)] += 1
        for follow_up in case.follow_ups:
            months = follow_up.months_after
            cells[f"seguimientos_{months}m", follow_up.due_on, 0] += 1
            if follow_up.done_at is not None and follow_up.still_working is True:
                cells[f"siguen_{months}m", follow_up.due_on, 0] += 1
    if hires:
        cells[REGISTERED_HIRED, registered, (min(hires) - registered).days] += 1
    return cells


def keep(session: Session, profile: CandidateProfile) -> None:
    """Add what ``profile`` counts for to its territory's cells (nothing without a district)."""
    territory_id = session.scalar(sa.select(District.territory_id).where(
        District.ubigeo == profile.district_code)) if profile.district_code else None
    if territory_id is None:
        return  # a profile of no territory was never counted
    cells = cells_of(session, profile)
    # One statement per cell that adds to it or creates it: two erasures at once both count.
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" \
        else sqlite.insert
    for (metric, day, days), n in cells.items():
        statement = insert(ErasedCount).values(territory_id=territory_id, metric=metric,
                                               day=day, days=days, n=n)
        session.execute(statement.on_conflict_do_update(
            index_elements=["territory_id", "metric", "day", "days"],
            set_={"n": ErasedCount.n + statement.excluded.n}))


def statement(territory_ids: list[int], period: Period) -> sa.Select:
    """The cells of the scope up to the period's end, summed: metric, day, days, n."""
    return (sa.select(ErasedCount.metric, ErasedCount.day, ErasedCount.days,
                      sa.func.sum(ErasedCount.n))
            .where(ErasedCount.territory_id.in_(territory_ids),
                   ErasedCount.day <= period.hasta)
            .group_by(ErasedCount.metric, ErasedCount.day, ErasedCount.days))


def counts_in(metric: str, day: date, days: int, period: Period) -> bool:
    """Tell whether a cell falls in ``period`` as the live query would count it."""
    if not period.desde <= day <= period.hasta:
        return False
    if metric == REGISTERED_HIRED:  # registered in the period and hired by its end
        return day + timedelta(days=days) <= period.hasta
    if metric == TRAINED and days:  # not the first course: the one before was out of it
        return day - timedelta(days=days) < period.desde
    return True
