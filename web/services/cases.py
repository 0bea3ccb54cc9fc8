"""Counselors broker hires: review ranked candidates for a vacancy and propose them."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import (
    Application,
    AuditAction,
    CandidateProfile,
    Notification,
    Source,
    Stage,
    StageEvent,
    User,
    Vacancy,
    VacancyStatus,
)

from . import matching
from .access import NotFound, record, vacancies_visible_to

ALREADY_OPEN = "Esta persona ya tiene un caso abierto para esta oferta."


class CaseError(ValueError):
    """A proposal that cannot be made; the message is in Spanish."""


def get_vacancy_for(session: Session, viewer: User, vacancy_id: int) -> Vacancy:
    """Return a vacancy of the viewer's territory (any, for an admin); else NotFound."""
    vacancy = session.scalar(vacancies_visible_to(viewer).where(Vacancy.id == vacancy_id))
    if vacancy is None:
        raise NotFound(vacancy_id)
    return vacancy


def territory_vacancies(session: Session, viewer: User) -> list[tuple[Vacancy, int]]:
    """Open vacancies of the territory, oldest first, with how many cases each has."""
    counts = (sa.select(Application.vacancy_id, sa.func.count().label("n"))
              .group_by(Application.vacancy_id).subquery())
    rows = session.execute(
        vacancies_visible_to(viewer).add_columns(sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.vacancy_id == Vacancy.id)
        .where(Vacancy.status == VacancyStatus.OPEN)
        .order_by(Vacancy.published_at, Vacancy.id))
    return [(v, n) for v, n in rows]


def pool_for(viewer: User) -> str:
    return "all" if viewer.territory_id is None else f"territory:{viewer.territory_id}"


@dataclass(frozen=True)
class ReviewRow:
    profile: CandidateProfile
    match: object
    application: Application | None


def review(session: Session, viewer: User, vacancy: Vacancy, k: int = 20) -> list[ReviewRow]:
    """Ranked candidates of the viewer's territory for ``vacancy``, with any case already open."""
    ranked = matching.candidates_for(session, vacancy, pool_for(viewer), k=k)
    cases = {a.profile_id: a for a in session.scalars(
        sa.select(Application).where(Application.vacancy_id == vacancy.id))}
    return [ReviewRow(p, m, cases.get(p.id)) for p, m in ranked]


def propose_candidate(session: Session, counselor: User, vacancy: Vacancy,
                      profile_id: int) -> Application:
    """Propose a candidate to the employer, keeping the score and reasons of this moment."""
    if vacancy.status != VacancyStatus.OPEN:
        raise CaseError("La oferta ya no está abierta.")
    if session.scalar(sa.select(Application.id).filter_by(vacancy_id=vacancy.id,
                                                          profile_id=profile_id)):
        raise CaseError(ALREADY_OPEN)
    ranked = {p.id: (p, m) for p, m in matching.candidates_for(
        session, vacancy, pool_for(counselor), k=200)}
    if profile_id not in ranked:
        raise CaseError("Esa persona no aparece entre los candidatos de esta oferta "
                        "(revise su perfil, edad, idiomas o meses disponibles).")
    profile, match = ranked[profile_id]
    application = Application(profile=profile, vacancy=vacancy, source=Source.COUNSELOR,
                              stage=Stage.PROPOSED, created_by=counselor,
                              score=min(max(match.score, 0.0), 1.0),
                              explanation=matching.explanation_snapshot(match))
    application.events.append(StageEvent(from_stage=None, to_stage=Stage.PROPOSED,
                                         actor=counselor))
    session.add(application)
    session.add(Notification(user_id=profile.user_id,
                             subject="El CDE te propuso para un trabajo",
                             body=f"{vacancy.title} · {vacancy.employer.name}"))
    try:
        session.flush()
        record(session, counselor, profile.user_id, AuditAction.CREATE, "application",
               application.id, "propuesta a la empresa")
        session.commit()
    except IntegrityError:
        # Two counselors proposing the same person at once: the database keeps one.
        session.rollback()
        raise CaseError(ALREADY_OPEN) from None
    return application
