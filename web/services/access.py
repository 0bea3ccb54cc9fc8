"""Object-level access: who may see which person, employer or vacancy.

Every lookup of a personal object goes through here, so a wrong id answers
"not found" the same way whether the object is someone else's or does not exist.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session, scoped_session

from models import (
    Application,
    AuditAction,
    AuditEvent,
    CandidateProfile,
    District,
    Employer,
    Role,
    User,
    Vacancy,
    VacancyStatus,
)


class NotFound(LookupError):
    """The object does not exist or the viewer may not know it does."""


class ConsentWithdrawn(NotFound):
    """The person withdrew consent to processing: staff may know that, and when, and no more.

    A NotFound, so any path that does not say so on purpose answers 404 like a missing object.
    """

    def __init__(self, object_id: int, at: datetime) -> None:
        super().__init__(object_id)
        self.at = at


def territory_district_codes(territory_id: int) -> sa.Select:
    return sa.select(District.ubigeo).where(District.territory_id == territory_id)


def _for_staff(query: sa.Select, viewer: User, district_column) -> sa.Select | None:
    """The staff rule shared by every lookup: an admin sees all, a counselor their territory.

    None for anyone else, whose rule differs per kind of object.
    """
    if viewer.role == Role.ADMIN:
        return query
    if viewer.role == Role.COUNSELOR:
        return query.where(district_column.in_(territory_district_codes(viewer.territory_id)))
    return None


def profiles_visible_to(viewer: User) -> sa.Select:
    """Profiles ``viewer`` may open: their own, their territory's, or all for an admin."""
    query = sa.select(CandidateProfile)
    staff = _for_staff(query, viewer, CandidateProfile.district_code)
    if staff is not None:
        return staff
    if viewer.role == Role.YOUTH:
        return query.where(CandidateProfile.user_id == viewer.id)
    # Employers reach candidates only through their own vacancies' applications, and only
    # while the person may be disclosed (consent in force; a minor's guardian on record).
    return query.join(Application, Application.profile_id == CandidateProfile.id).join(
        Vacancy, Vacancy.id == Application.vacancy_id).join(Employer).where(
        Employer.user_id == viewer.id,
        CandidateProfile.disclosable_clause(date.today())).distinct()


def employers_visible_to(viewer: User) -> sa.Select:
    # A business whose owner erased the account is nobody's to open any more.
    query = sa.select(Employer).where(~Employer.owner.has(User.erased_at.is_not(None)))
    staff = _for_staff(query, viewer, Employer.district_code)
    if staff is not None:
        return staff
    if viewer.role == Role.EMPLOYER:
        return query.where(Employer.user_id == viewer.id)
    return query.where(sa.false())


def vacancies_visible_to(viewer: User) -> sa.Select:
    query = sa.select(Vacancy)
    staff = _for_staff(query, viewer, Vacancy.district_code)
    if staff is not None:
        return staff
    if viewer.role == Role.EMPLOYER:
        return query.join(Employer).where(Employer.user_id == viewer.id)
    return query.where(Vacancy.status == VacancyStatus.OPEN)


def find_profile_for(session: Session, viewer: User, profile_id: int, *,
                     withdrawn_ok: bool = False) -> CandidateProfile:
    """Return the profile if ``viewer`` may reach it; else raise NotFound. Writes nothing.

    The guard before an action on the person (pin, propose, reset a code): the action
    records its own audit row, so the guard must not add a second one. A person who
    withdrew consent raises ConsentWithdrawn (a NotFound) unless ``withdrawn_ok``: only
    giving her a way back in (a new code) may still act on her.
    """
    profile = session.scalar(profiles_visible_to(viewer).where(
        CandidateProfile.id == profile_id))
    if profile is None:
        raise NotFound(profile_id)
    if profile.consent_withdrawn and not withdrawn_ok and viewer.id != profile.user_id:
        raise ConsentWithdrawn(profile_id, profile.hidden_at)
    return profile


def is_disclosable(session: Session, profile: CandidateProfile, today: date) -> bool:
    """Tell whether an employer may see this person at all (``disclosable_clause``)."""
    return session.scalar(sa.select(CandidateProfile.id).where(
        CandidateProfile.id == profile.id,
        CandidateProfile.disclosable_clause(today))) is not None


def is_visible(session: Session, profile: CandidateProfile, today: date) -> bool:
    """Tell whether employers may find this person in rankings (``visible_clause``)."""
    return session.scalar(sa.select(CandidateProfile.id).where(
        CandidateProfile.id == profile.id,
        CandidateProfile.visible_clause(today))) is not None


def open_profile_for(session: Session, viewer: User, profile_id: int) -> CandidateProfile:
    """Return the profile for reading on a page, recording the view, and commit."""
    profile = find_profile_for(session, viewer, profile_id)
    record(session, viewer, profile.user_id, AuditAction.VIEW, "candidate_profile", profile.id)
    session.commit()
    return profile


def get_employer_for(session: Session, viewer: User, employer_id: int) -> Employer:
    employer = session.scalar(employers_visible_to(viewer).where(Employer.id == employer_id))
    if employer is None:
        raise NotFound(employer_id)
    return employer


def record(session: Session, actor: User, subject_user_id: int | None, action: AuditAction,
           object_type: str, object_id: int | None, detail: str = "") -> None:
    """Add an audit row to the current transaction; the caller's commit writes both."""
    if actor.id == subject_user_id:
        return  # people looking at their own data are not audited
    session.add(AuditEvent(actor_id=actor.id, actor_role=str(actor.role),
                           subject_user_id=subject_user_id, action=action,
                           object_type=object_type, object_id=object_id, detail=detail))


def record_views(session: Session, actor: User, profiles, object_type: str,
                 detail: str = "") -> None:
    """Audit that ``actor`` saw these people in a list (name, district, skills), and commit."""
    for profile in profiles:
        record(session, actor, profile.user_id, AuditAction.VIEW, object_type, profile.id, detail)
    commit_keeping_loaded(session)


def commit_keeping_loaded(session: Session) -> None:
    """Commit without expiring what is loaded: the page about to render still needs it."""
    target = session() if isinstance(session, scoped_session) else session
    expire, target.expire_on_commit = target.expire_on_commit, False
    try:
        target.commit()
    finally:
        target.expire_on_commit = expire
