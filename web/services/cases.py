"""Counselors broker hires: review ranked candidates for a vacancy and propose them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    AuditAction,
    CandidateProfile,
    CaseNote,
    Decision,
    Employer,
    MatchDecision,
    NoteAudience,
    Notification,
    Sex,
    Source,
    Stage,
    StageEvent,
    User,
    Vacancy,
    VacancyStatus,
    Visibility,
    utcnow,
)
from models.candidate import AGE_BAND_NAMES, age_band

from . import applications, matching, messaging, search
from .access import (
    ConsentWithdrawn,
    NotFound,
    employers_visible_to,
    find_profile_for,
    is_visible,
    profiles_visible_to,
    record,
    record_views,
    territory_district_codes,
    vacancies_visible_to,
)
from .pools import Pool

if TYPE_CHECKING:  # followups imports this module's neighbours; only the type is needed
    from .followups import FollowUpLists

ALREADY_OPEN = _l("Esta persona ya tiene un caso abierto para esta oferta.")


class CaseError(ValueError):
    """A proposal or decision that cannot be made; the message is in Spanish.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def get_vacancy_for(session: Session, viewer: User, vacancy_id: int) -> Vacancy:
    """Return a vacancy of the viewer's territory (any, for an admin); else NotFound."""
    vacancy = session.scalar(vacancies_visible_to(viewer).where(Vacancy.id == vacancy_id))
    if vacancy is None:
        raise NotFound(vacancy_id)
    return vacancy


def territory_vacancies(session: Session, viewer: User,
                        query: str = "") -> list[tuple[Vacancy, int]]:
    """Open vacancies of the territory, oldest first, with how many cases each has.

    ``query`` keeps those whose title, business or district match (services/search.py).
    """
    counts = (sa.select(Application.vacancy_id, sa.func.count().label("n"))
              .group_by(Application.vacancy_id).subquery())
    rows = session.execute(
        vacancies_visible_to(viewer).add_columns(sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.vacancy_id == Vacancy.id)
        .where(Vacancy.status == VacancyStatus.OPEN)
        .options(selectinload(Vacancy.employer), selectinload(Vacancy.district))
        .order_by(Vacancy.published_at, Vacancy.id))
    return search.filter_rows(((v, n) for v, n in rows), query, lambda row: (
        row[0].title, row[0].employer.name, row[0].district.name if row[0].district else None))


def territory_employers(session: Session, viewer: User, query: str = "") -> list[Employer]:
    """Every business of the territory, by name, narrowed by ``query`` (name, RUC, contact
    person, phone, district)."""
    rows = session.scalars(employers_visible_to(viewer).options(
        selectinload(Employer.district)).order_by(Employer.name, Employer.id))
    return search.filter_rows(rows, query, lambda e: (
        e.name, e.ruc, e.contact_name, e.contact_phone,
        e.district.name if e.district else None))


# The cases list without a search shows the most recent ones; a search looks through all.
CASES_SHOWN = 200


def territory_cases(session: Session, viewer: User, query: str = "") -> list[Application]:
    """The territory's cases, newest first: the person, the business and the stage.

    Without ``query`` the latest CASES_SHOWN; with it, every case that matches (the
    person's name, DNI, phone or district, the business or the vacancy).
    """
    cases_query = (sa.select(Application).join(CandidateProfile)
                   .options(selectinload(Application.profile)
                            .selectinload(CandidateProfile.user),
                            selectinload(Application.profile)
                            .selectinload(CandidateProfile.district),
                            selectinload(Application.vacancy).selectinload(Vacancy.employer))
                   .order_by(Application.created_at.desc(), Application.id.desc()))
    if viewer.territory_id is not None:
        cases_query = cases_query.where(CandidateProfile.district_code.in_(
            territory_district_codes(viewer.territory_id)))
    if not search.query_words(query):
        return list(session.scalars(cases_query.limit(CASES_SHOWN)))
    return search.filter_rows(session.scalars(cases_query), query, search.case_texts)


def pool_for(viewer: User) -> Pool:
    """The people a counselor (or the admin) may rank: their territory, or everyone."""
    return Pool.for_staff(viewer.territory_id)


@dataclass(frozen=True)
class ReviewFilters:
    """What a counselor may narrow the ranked list by (never by sex)."""

    district: str | None = None
    language: str | None = None
    age_band: str | None = None
    complete: bool | None = None


@dataclass(frozen=True)
class ReviewRow:
    profile: CandidateProfile
    match: object
    application: Application | None
    decision: MatchDecision | None
    # Employers may see her (``visible_clause``): only then may she be proposed.
    proposable: bool = True


@dataclass(frozen=True)
class Review:
    rows: list[ReviewRow]
    women_share: float | None


def _keep(profile: CandidateProfile, filters: ReviewFilters, today: date) -> bool:
    if filters.district and profile.district_code != filters.district:
        return False
    if filters.language and filters.language not in {
            lang.language.value for lang in profile.languages}:
        return False
    if filters.age_band in AGE_BAND_NAMES and age_band(profile.age_on(today)) != filters.age_band:
        return False
    if filters.complete is not None and profile.is_complete != filters.complete:
        return False
    return True


def review(session: Session, viewer: User, vacancy: Vacancy,
           filters: ReviewFilters | None = None, k: int = 20) -> Review:
    """Ranked candidates of the viewer's territory for ``vacancy``: pinned first, excluded last.

    The share of women among the top candidates is reported instead of a filter by sex.
    """
    filters = filters or ReviewFilters()
    today = date.today()
    ranked = matching.candidates_for(session, vacancy, pool_for(viewer), k=max(k * 5, 100))
    cases = {a.profile_id: a for a in session.scalars(
        sa.select(Application).where(Application.vacancy_id == vacancy.id))}
    decisions = {d.profile_id: d for d in session.scalars(
        sa.select(MatchDecision).where(MatchDecision.vacancy_id == vacancy.id))}
    kept = [(p, m) for p, m in ranked if _keep(p, filters, today)][:k]
    visible = set(session.scalars(sa.select(CandidateProfile.id).where(
        CandidateProfile.id.in_([p.id for p, _m in kept]),
        CandidateProfile.visible_clause(today))))
    rows = [ReviewRow(p, m, cases.get(p.id), decisions.get(p.id), p.id in visible)
            for p, m in kept]
    order = {Decision.PIN: 0, None: 1, Decision.EXCLUDE: 2}
    rows.sort(key=lambda r: order[r.decision.decision if r.decision else None])
    shown = [r for r in rows if not (r.decision and r.decision.decision == Decision.EXCLUDE)]
    women = [r.profile.sex == Sex.FEMALE for r in shown[:10]]
    record_views(session, viewer, [r.profile for r in rows], "match_review",
                 f"oferta {vacancy.id}")
    return Review(rows, sum(women) / len(women) if women else None)


@dataclass(frozen=True)
class VacancyPage:
    """A vacancy of the territory with its ranked candidates and its employer's safety alerts."""

    vacancy: Vacancy
    review: Review
    alerts: list


def vacancy_page(session: Session, viewer: User, vacancy_id: int,
                 filters: ReviewFilters | None = None) -> VacancyPage:
    from .followups import safety_alerts

    vacancy = get_vacancy_for(session, viewer, vacancy_id)
    return VacancyPage(vacancy, review(session, viewer, vacancy, filters),
                       safety_alerts(session, vacancy.employer_id))


def decide(session: Session, counselor: User, vacancy_id: int, profile_id: int,
           decision: Decision | None, reason: str) -> None:
    """Pin or exclude a candidate for a vacancy with a reason, or clear the decision.

    Both ids go through the counselor's access checks first (NotFound otherwise); the
    decision is audited once, in its own commit.
    """
    vacancy = get_vacancy_for(session, counselor, vacancy_id)
    profile = find_profile_for(session, counselor, profile_id)
    existing = session.scalar(sa.select(MatchDecision).filter_by(vacancy_id=vacancy.id,
                                                                 profile_id=profile.id))
    if decision is None:
        if existing is not None:
            session.delete(existing)
            _audit_decision(session, counselor, profile)
        session.commit()
        return
    reason = reason.strip()
    if not reason:
        raise CaseError(_("Escriba el motivo: el resto del equipo lo verá."), field="reason")
    if len(reason) > 300:
        raise CaseError(_("El motivo puede tener hasta 300 caracteres."), field="reason")
    if existing is None:
        existing = MatchDecision(vacancy_id=vacancy.id, profile_id=profile.id)
        session.add(existing)
    existing.decision = decision
    existing.reason = reason
    existing.decided_by_id = counselor.id
    existing.at = utcnow()
    _audit_decision(session, counselor, profile)
    session.commit()


def _audit_decision(session: Session, counselor: User, profile: CandidateProfile) -> None:
    # Recorded as before, when the lookup itself audited: the counselor opened the profile
    # to decide. It is now written once, with the decision, and not when nothing changes.
    record(session, counselor, profile.user_id, AuditAction.VIEW, "candidate_profile",
           profile.id)


def find_case_for(session: Session, viewer: User, application_id: int) -> Application:
    """A case of the viewer's territory (the candidate's district decides); else NotFound.

    Writes nothing: the guard before an action, which audits itself.
    """
    query = (sa.select(Application).join(CandidateProfile)
             .where(Application.id == application_id))
    if viewer.territory_id is not None:
        query = query.where(CandidateProfile.district_code.in_(
            territory_district_codes(viewer.territory_id)))
    application = session.scalar(query)
    if application is None:
        raise NotFound(application_id)
    if application.profile.consent_withdrawn:
        # Consent withdrawn: staff learn that, and when, and nothing else about the case.
        raise ConsentWithdrawn(application_id, application.profile.hidden_at)
    return application


def open_case_for(session: Session, viewer: User, application_id: int) -> Application:
    """The case for reading on its page, recording the view, and commit."""
    application = find_case_for(session, viewer, application_id)
    record(session, viewer, application.profile.user_id, AuditAction.VIEW, "application",
           application.id, "caso")
    session.commit()
    return application


@dataclass(frozen=True)
class CasePage:
    """A case as its page shows it: the application, how to call both sides, and the
    counselor's own reason when the person was pinned for this vacancy."""

    application: Application
    youth_phone: str | None
    business_phone: str | None
    pin_reason: str | None


def case_page(session: Session, viewer: User, application_id: int, *,
              reading: bool) -> CasePage:
    """The case page; ``reading`` (a GET) records the view, an action audits itself."""
    application = (open_case_for if reading else find_case_for)(session, viewer,
                                                                application_id)
    # The phone she asked to be reached at (maybe a relative's), else her login phone.
    youth_phone = messaging.preferences_of(session, application.profile.user).phone
    decision = session.scalar(sa.select(MatchDecision).filter_by(
        vacancy_id=application.vacancy_id, profile_id=application.profile_id))
    return CasePage(application, youth_phone,
                    application.vacancy.employer.contact_phone,
                    decision.reason if decision and decision.decision == Decision.PIN
                    and decision.reason else None)


def move_case(session: Session, counselor: User, application: Application, to_stage: str,
              reason: str | None, note: str,
              note_audience: NoteAudience | str = NoteAudience.INTERNAL) -> Application:
    """Move a case to another stage on the person's behalf, audited with the move.

    The note stays with the CDE's team unless ``note_audience`` shares it with the employer.
    """
    record(session, counselor, application.profile.user_id, AuditAction.UPDATE, "application",
           application.id, "etapa del caso")
    try:
        return applications.move_application(session, counselor, application, to_stage,
                                             reason, note, note_audience)
    except applications.StageError:
        session.rollback()  # nothing moved, so nothing to audit
        raise


def add_note(session: Session, counselor: User, application: Application, body: str,
             audience: NoteAudience | str = NoteAudience.INTERNAL) -> None:
    """Add a note to the case: internal (the CDE's team) unless shared with the employer."""
    body = body.strip()
    if not body:
        raise CaseError(_("Escriba la nota."))
    if len(body) > 2000:
        raise CaseError(_("La nota puede tener hasta 2000 caracteres."))
    try:
        audience = NoteAudience(audience)
    except ValueError:
        raise CaseError(str(applications.CHOOSE_AUDIENCE)) from None
    application.notes.append(CaseNote(author_id=counselor.id, body=body, audience=audience))
    record(session, counselor, application.profile.user_id, AuditAction.UPDATE, "application",
           application.id, "nota del caso")
    session.commit()


@dataclass(frozen=True)
class QueueVacancy:
    vacancy: Vacancy
    proposed: int
    interviewing: int
    hired: int


@dataclass(frozen=True)
class WorkQueue:
    vacancies: list[QueueVacancy]  # open, not yet filled in practice
    incomplete: list[CandidateProfile]  # registered this week, profile not complete
    follow_ups: FollowUpLists


def work_queue(session: Session, viewer: User, today: date) -> WorkQueue:
    """The counselor's day: vacancies needing candidates, new incomplete profiles, follow-ups."""
    from .followups import follow_up_lists

    counts: dict[int, dict[Stage, int]] = {}
    for vacancy_id, stage, n in session.execute(
            sa.select(Application.vacancy_id, Application.stage, sa.func.count())
            .group_by(Application.vacancy_id, Application.stage)):
        counts.setdefault(vacancy_id, {})[stage] = n
    vacancies = []
    for vacancy, _n in territory_vacancies(session, viewer):
        c = counts.get(vacancy.id, {})
        if c.get(Stage.HIRED, 0) >= vacancy.positions:
            continue  # filled in practice; nothing to do
        vacancies.append(QueueVacancy(vacancy, c.get(Stage.PROPOSED, 0) + c.get(Stage.RECEIVED, 0)
                                      + c.get(Stage.CONTACTED, 0), c.get(Stage.INTERVIEW, 0),
                                      c.get(Stage.HIRED, 0)))
    week_ago = utcnow() - timedelta(days=7)
    new_profiles = list(session.scalars(
        profiles_visible_to(viewer).where(CandidateProfile.created_at >= week_ago,
                                          sa.not_(CandidateProfile.complete_clause()))
        .order_by(CandidateProfile.created_at.desc()).limit(50)))
    return WorkQueue(vacancies, new_profiles, follow_up_lists(session, viewer, today))


def not_proposable(session: Session, profile: CandidateProfile, today: date) -> str | None:
    """Why the person may not be proposed to an employer today, in Spanish; None if she may.

    The rule itself is ``CandidateProfile.visible_clause``; this only says which part failed.
    """
    if is_visible(session, profile, today):
        return None
    if profile.consent_withdrawn:
        return _("Esta persona retiró su consentimiento: no se la puede proponer.")
    if profile.visibility != Visibility.EMPLOYERS:
        return _("Esta persona no quiso que las empresas vean su perfil: no se la puede "
                 "proponer. Si cambia de opinión, puede permitirlo desde su cuenta.")
    return _("Es menor de edad y falta el permiso de su madre, padre o apoderado: regístrelo "
             "antes de proponer a esta persona.")


def propose_candidate(session: Session, counselor: User, vacancy_id: int,
                      profile_id: int) -> Application:
    """Propose a candidate to the employer, keeping the score and reasons of this moment.

    Both ids go through the counselor's access checks (NotFound otherwise); the proposal
    is audited once, with the case it opens.
    """
    vacancy = get_vacancy_for(session, counselor, vacancy_id)
    profile = find_profile_for(session, counselor, profile_id)
    problem = not_proposable(session, profile, date.today())
    if problem:
        raise CaseError(problem)
    if vacancy.status != VacancyStatus.OPEN:
        raise CaseError(_("La oferta ya no está abierta."))
    if session.scalar(sa.select(Application.id).filter_by(vacancy_id=vacancy.id,
                                                          profile_id=profile_id)):
        raise CaseError(ALREADY_OPEN)
    ranked = {p.id: (p, m) for p, m in matching.candidates_for(
        session, vacancy, pool_for(counselor), k=200)}
    if profile_id not in ranked:
        raise CaseError(_("Esa persona no aparece entre los candidatos de esta oferta "
                          "(revise su perfil, edad, idiomas o meses disponibles)."))
    profile, match = ranked[profile_id]
    application = Application(profile=profile, vacancy=vacancy, source=Source.COUNSELOR,
                              stage=Stage.PROPOSED, created_by=counselor,
                              score=min(max(match.score, 0.0), 1.0),
                              explanation=matching.explanation_snapshot(match))
    application.events.append(StageEvent(from_stage=None, to_stage=Stage.PROPOSED,
                                         actor=counselor))
    session.add(application)
    # The notice is read later, by the young person, in their own language.
    with force_locale(profile.user.locale or "es"):
        subject = _("El CDE te propuso para un trabajo")
    session.add(Notification(user_id=profile.user_id, subject=subject,
                             body=f"{vacancy.title} · {vacancy.employer.name}"))
    try:
        session.flush()
        messaging.notify_proposal(session, application)  # by SMS or WhatsApp, if she opted in
        record(session, counselor, profile.user_id, AuditAction.CREATE, "application",
               application.id, "propuesta a la empresa")
        session.commit()
    except IntegrityError:
        # Two counselors proposing the same person at once: the database keeps one.
        session.rollback()
        raise CaseError(ALREADY_OPEN) from None
    return application
