"""What each audience sees first when signing in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    CandidateProfile,
    District,
    Employer,
    EmployerStatus,
    Notification,
    Role,
    Territory,
    User,
    Vacancy,
    VacancyStatus,
)

from . import access, cases, jobs, matching, messaging, notices, profiles, search, vacancies
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


def counselor_desk(session: Session, viewer: User, page: int = 1,
                   query: str = "") -> CounselorDesk:
    """The counselor's territory at a glance: employers to verify, youth, open vacancies.

    ``query`` narrows the youth list (name, DNI, phone, district; see services/search.py).
    """
    pending = list(session.scalars(
        employers_visible_to(viewer).where(Employer.status == EmployerStatus.PENDING)
        .order_by(Employer.created_at)))
    newest_first = profiles_visible_to(viewer).order_by(CandidateProfile.created_at.desc(),
                                                        CandidateProfile.id.desc())
    if search.query_words(query):
        found = search.filter_rows(session.scalars(newest_first.options(
            selectinload(CandidateProfile.district), selectinload(CandidateProfile.user))),
            query, search.profile_texts)
        total = len(found)
    else:
        total = session.scalar(sa.select(sa.func.count()).select_from(
            profiles_visible_to(viewer).subquery()))
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    if search.query_words(query):
        youth = found[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    else:
        youth = list(session.scalars(
            newest_first.options(selectinload(CandidateProfile.district))
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


# --- one call per page: each view asks for its page and renders it ---------------------------

@dataclass(frozen=True)
class YouthHome:
    meter: profiles.Meter
    recent: list[Application]
    for_you: list[tuple]
    notices: list[Notification]


def youth_home(session: Session, viewer: User) -> YouthHome:
    """The youth's landing page: her progress, last applications, best fits, unread notices."""
    meter = profiles.meter(session, viewer.id)
    recent = jobs.applications_of(session, viewer.id, limit=3)
    for_you = matching.vacancies_for(session, meter.profile, k=3)
    return YouthHome(meter, recent, for_you, notices.take_unread(session, viewer))


@dataclass(frozen=True)
class ForYou:
    vacancies: list[tuple]
    gaps: list  # matching's skill gaps, each with the trainings that teach it


FOR_YOU_MAX = 10  # a phone screen's worth of the best; the search has the rest


def for_you(session: Session, viewer: User) -> ForYou:
    """Open vacancies that fit the youth best, and the skills that would open more."""
    profile = profiles.own_profile(session, viewer.id)
    return ForYou(matching.vacancies_for(session, profile, k=FOR_YOU_MAX),
                  matching.skill_gaps_for(session, profile))


@dataclass(frozen=True)
class CounselorHome:
    desk: CounselorDesk
    queue: cases.WorkQueue
    notices: list[Notification]


def counselor_home(session: Session, viewer: User, page: int, today: date,
                   query: str = "") -> CounselorHome:
    """The counselor's desk, the day's work queue and unread notices."""
    desk = counselor_desk(session, viewer, page, query)
    queue = cases.work_queue(session, viewer, today)
    return CounselorHome(desk, queue, notices.take_unread(session, viewer))


@dataclass(frozen=True)
class CounselorYouthPage:
    profile: CandidateProfile
    cases: list[Application]
    preferences: messaging.Preferences
    messages: list[messaging.LogRow]


def counselor_youth_page(session: Session, viewer: User, profile_id: int) -> CounselorYouthPage:
    """One young person as her counselor sees her; opening the page is audited once."""
    profile = access.open_profile_for(session, viewer, profile_id)
    return CounselorYouthPage(profile, applications_of(session, profile),
                              messaging.preferences_of(session, profile.user),
                              messaging.messages_of(session, profile.user))


@dataclass(frozen=True)
class EmployerHome:
    rows: list[vacancies.VacancyRow]
    notices: list[Notification]


def employer_home(session: Session, viewer: User) -> EmployerHome:
    """The employer's vacancies with what to do next, and unread notices."""
    rows = vacancies.employer_overview(session, viewer)
    return EmployerHome(rows, notices.take_unread(session, viewer))
