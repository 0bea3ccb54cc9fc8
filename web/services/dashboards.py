"""What each audience sees first when signing in."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    CandidateProfile,
    District,
    Employer,
    EmployerStatus,
    Role,
    Territory,
    User,
    Vacancy,
    VacancyStatus,
)

from .access import employers_visible_to, profiles_visible_to, vacancies_visible_to

PAGE_SIZE = 25


def applications_of(session: Session, profile: CandidateProfile) -> list[Application]:
    """A youth's applications, newest first."""
    return list(session.scalars(
        sa.select(Application).where(Application.profile_id == profile.id)
        .options(selectinload(Application.vacancy).selectinload(Vacancy.employer))
        .order_by(Application.created_at.desc(), Application.id.desc())))


@dataclass(frozen=True)
class CounselorDesk:
    territory: Territory
    pending_employers: list[Employer]
    youth: list[CandidateProfile]
    youth_total: int
    page: int
    pages: int
    open_vacancies: int


def counselor_desk(session: Session, viewer: User, page: int = 1) -> CounselorDesk:
    """The counselor's territory at a glance: employers to verify, youth, open vacancies."""
    pending = list(session.scalars(
        employers_visible_to(viewer).where(Employer.status == EmployerStatus.PENDING)
        .order_by(Employer.created_at)))
    total = session.scalar(sa.select(sa.func.count()).select_from(
        profiles_visible_to(viewer).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    youth = list(session.scalars(
        profiles_visible_to(viewer).options(selectinload(CandidateProfile.district))
        .order_by(CandidateProfile.created_at.desc(), CandidateProfile.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)))
    open_vacancies = session.scalar(sa.select(sa.func.count()).select_from(
        vacancies_visible_to(viewer).where(Vacancy.status == VacancyStatus.OPEN).subquery()))
    return CounselorDesk(session.get(Territory, viewer.territory_id), pending, youth, total,
                         page, pages, open_vacancies)


@dataclass(frozen=True)
class TerritoryFigures:
    territory: Territory
    youth: int
    employers: int
    open_vacancies: int
    counselors: list[User]


def programme_overview(session: Session) -> list[TerritoryFigures]:
    """Counts per territory for the programme admin."""
    figures = []
    for territory in session.scalars(sa.select(Territory).order_by(Territory.code)):
        codes = sa.select(District.ubigeo).where(District.territory_id == territory.id)

        def count(model, *where, _codes=codes):
            return session.scalar(sa.select(sa.func.count()).select_from(model)
                                  .where(model.district_code.in_(_codes), *where))

        figures.append(TerritoryFigures(
            territory,
            count(CandidateProfile),
            count(Employer),
            count(Vacancy, Vacancy.status == VacancyStatus.OPEN),
            list(session.scalars(sa.select(User).where(User.role == Role.COUNSELOR,
                                                       User.territory_id == territory.id)
                                 .order_by(User.display_name))),
        ))
    return figures
