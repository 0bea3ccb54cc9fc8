"""Follow-up after a hire, at 1, 3 and 6 months: still working, pay, any problem."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    AuditAction,
    CandidateProfile,
    FollowUp,
    User,
    Vacancy,
    utcnow,
)

from . import search
from .access import NotFound, record, territory_district_codes


class FollowUpError(ValueError):
    """A follow-up that cannot be recorded; the message is in Spanish."""


def _territory_follow_ups(viewer: User) -> sa.Select:
    # Nobody follows up on someone who withdrew consent: her follow-ups leave every list.
    query = (sa.select(FollowUp).join(Application).join(CandidateProfile)
             .where(CandidateProfile.processing_clause())
             .options(selectinload(FollowUp.application).selectinload(Application.profile),
                      selectinload(FollowUp.application).selectinload(Application.vacancy)
                      .selectinload(Vacancy.employer)))
    if viewer.territory_id is not None:
        query = query.where(CandidateProfile.district_code.in_(
            territory_district_codes(viewer.territory_id)))
    return query


@dataclass(frozen=True)
class FollowUpLists:
    due_today: list[FollowUp]
    overdue: list[FollowUp]
    upcoming: list[FollowUp]


# How far ahead the follow-ups list looks: a month and a half, so next month's calls show.
HORIZON_DAYS = 45


def follow_up_lists(session: Session, viewer: User, today: date,
                    horizon_days: int = HORIZON_DAYS, query: str = "") -> FollowUpLists:
    """Pending follow-ups of the viewer's territory: overdue, due today, and coming soon.

    ``query`` narrows them to people or businesses matching it (services/search.py).
    """
    pending = search.filter_rows(
        session.scalars(_territory_follow_ups(viewer).where(FollowUp.done_at.is_(None))
                        .order_by(FollowUp.due_on, FollowUp.id)),
        query, lambda f: search.case_texts(f.application))
    return FollowUpLists(
        due_today=[f for f in pending if f.due_on == today],
        overdue=[f for f in pending if f.due_on < today],
        upcoming=[f for f in pending if today < f.due_on <= date.fromordinal(
            today.toordinal() + horizon_days)],
    )


def get_follow_up_for(session: Session, viewer: User, follow_up_id: int) -> FollowUp:
    follow_up = session.scalar(_territory_follow_ups(viewer).where(FollowUp.id == follow_up_id))
    if follow_up is None:
        raise NotFound(follow_up_id)
    record(session, viewer, follow_up.application.profile.user_id, AuditAction.VIEW,
           "follow_up", follow_up.id)
    session.commit()
    return follow_up


def record_follow_up(session: Session, counselor: User, follow_up: FollowUp, *,
                     still_working: bool, monthly_pay_pen: Decimal | None, problem: str,
                     safety_flag: bool) -> None:
    """Record what the person said; a safety concern is then shown to every counselor."""
    if monthly_pay_pen is not None and not (0 <= monthly_pay_pen <= 50000):
        raise FollowUpError(_("Escriba un pago mensual entre 0 y 50 000 soles."))
    if safety_flag and not problem.strip():
        raise FollowUpError(_("Describa el problema de seguridad o de trato para alertar al "
                              "resto del equipo."))
    follow_up.still_working = still_working
    follow_up.monthly_pay_pen = monthly_pay_pen
    follow_up.problem = problem.strip()
    follow_up.safety_flag = safety_flag
    follow_up.done_at = utcnow()
    follow_up.recorded_by_id = counselor.id
    record(session, counselor, follow_up.application.profile.user_id, AuditAction.UPDATE,
           "follow_up", follow_up.id, f"seguimiento a {follow_up.months_after} meses")
    session.commit()


def safety_alerts(session: Session, employer_id: int) -> list[FollowUp]:
    """Safety or conduct concerns recorded about an employer, by any counselor."""
    return list(session.scalars(
        sa.select(FollowUp).join(Application).join(Vacancy)
        .where(Vacancy.employer_id == employer_id, FollowUp.safety_flag.is_(True))
        .order_by(FollowUp.done_at.desc())))
