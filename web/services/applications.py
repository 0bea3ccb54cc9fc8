"""A case's way through the stages, for whoever moves it: the employer or a counselor.

Callers find the application through their own access-checked lookup (an
employer through their own vacancy, a counselor through their territory), then
call ``move_application``; this module does not decide who may see what.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    AuditAction,
    CandidateProfile,
    CaseNote,
    FollowUp,
    NoteAudience,
    Notification,
    NotificationChannel,
    RefusalReason,
    Role,
    Stage,
    StageEvent,
    User,
    Vacancy,
    VacancyStatus,
)

from ..labels import EMPLOYER_STAGE_LABELS, REFUSAL_KIND_WORDS
from . import access, matching
from .cv import CV, cv_of
from .pools import Pool
from .vacancies import get_vacancy_for, today

CHOOSE_AUDIENCE = _l("Elija quién puede leer la nota.")
FOLLOW_UP_MONTHS = (1, 3, 6)
NOTE_MAX = 500

# Only the person, or a counselor on their behalf, says they are withdrawing.
ACTOR_MAY_NOT = {Role.EMPLOYER: frozenset({Stage.WITHDRAWN})}


class StageError(ValueError):
    """A stage change that cannot be made; the message is for the person, in Spanish.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def next_stages(application: Application, actor: User) -> list[Stage]:
    """The stages ``actor`` may move ``application`` to, in the order of a hiring."""
    barred = ACTOR_MAY_NOT.get(actor.role, frozenset())
    allowed = [s for s in Stage if application.can_move_to(s) and s not in barred]
    return allowed


def disclosable_applications(today: date | None = None) -> sa.Select:
    """Applications whose person an employer may see today (``disclosable_clause``).

    Every employer-facing read of applications starts here: the list, the applicant page,
    the ranking's open cases and any export, so a withdrawal hides her from all at once.
    """
    return (sa.select(Application).join(CandidateProfile,
                                        CandidateProfile.id == Application.profile_id)
            .where(CandidateProfile.disclosable_clause(today or date.today())))


def applicants_of(session: Session, vacancy: Vacancy) -> list[Application]:
    """Every application to ``vacancy`` an employer may see, those waiting first, then newest."""
    waiting = sa.case((Application.stage.in_((Stage.RECEIVED, Stage.PROPOSED)), 0), else_=1)
    return list(session.scalars(
        disclosable_applications().where(Application.vacancy_id == vacancy.id)
        .options(selectinload(Application.profile).selectinload(CandidateProfile.district),
                 selectinload(Application.profile).selectinload(CandidateProfile.skills))
        .order_by(waiting, Application.created_at.desc(), Application.id.desc())))


# Cases still moving come first, best match first; then hires; then those that ended.
_STAGE_GROUP = {Stage.HIRED: 1, Stage.NOT_HIRED: 2, Stage.WITHDRAWN: 2}


@dataclass(frozen=True)
class ApplicantRow:
    case: Application
    match: object | None  # matcher.Match, or None when no score can be given


@dataclass(frozen=True)
class ApplicantsPage:
    vacancy: Vacancy
    rows: list[ApplicantRow]


def applicants_page(session: Session, viewer: User, vacancy_id: int) -> ApplicantsPage:
    """The employer's own vacancy and its applicants ranked by how well they fit, with scores.

    Only a verified employer sees applicants; anyone else's vacancy answers NotFound.
    """
    vacancy = get_vacancy_for(session, viewer, vacancy_id)
    employer = viewer.employer
    if employer is None or not employer.is_verified:
        return ApplicantsPage(vacancy, [])
    cases = applicants_of(session, vacancy)
    matches = matching.matches_among(session, vacancy, [c.profile for c in cases])
    rows = [ApplicantRow(c, matches.get(c.profile_id)) for c in cases]
    rows.sort(key=lambda r: (_STAGE_GROUP.get(r.case.stage, 0),
                             -(r.match.score if r.match else -1.0)))
    return ApplicantsPage(vacancy, rows)


@dataclass(frozen=True)
class CandidatesPage:
    vacancy: Vacancy
    ranked: list  # (profile, match), best first
    cases: dict[int, Application]  # the cases already open, by profile id


def candidates_for_employer(session: Session, viewer: User, vacancy_id: int) -> CandidatesPage:
    """Ranked people who chose to be visible, for a verified employer's own open vacancy.

    Being seen in the list is audited, and committed. Another's vacancy answers NotFound;
    an unverified employer or a vacancy not open gets nobody.
    """
    vacancy = get_vacancy_for(session, viewer, vacancy_id)
    employer = viewer.employer
    if employer is None or not employer.is_verified or vacancy.status != VacancyStatus.OPEN:
        return CandidatesPage(vacancy, [], {})
    ranked = matching.candidates_for(session, vacancy, Pool.VISIBLE, k=20)
    cases = {a.profile_id: a for a in applicants_of(session, vacancy)}
    access.record_views(session, viewer, [p for p, _m in ranked], "candidate_list",
                        f"oferta {vacancy.id}")
    return CandidatesPage(vacancy, ranked, cases)


def employer_application(session: Session, viewer: User, vacancy: Vacancy,
                         application_id: int) -> Application:
    """The application ``application_id`` to the employer's ``vacancy``, or NotFound.

    ``vacancy`` must come from an access-checked lookup; only a verified employer sees
    candidates, and only those of that vacancy.
    """
    employer = viewer.employer
    if employer is None or employer.id != vacancy.employer_id or not employer.is_verified:
        raise access.NotFound(application_id)
    application = session.scalar(disclosable_applications().where(
        Application.id == application_id, Application.vacancy_id == vacancy.id))
    if application is None:
        raise access.NotFound(application_id)
    return application


def open_application(session: Session, viewer: User, application: Application) -> Application:
    """Record that ``viewer`` looked at this applicant's contact details, and commit."""
    access.record(session, viewer, application.profile.user_id, AuditAction.VIEW,
                  "application", application.id, detail=f"vacancy {application.vacancy_id}")
    session.commit()
    return application


def find_applicant(session: Session, viewer: User, vacancy_id: int,
                   application_id: int) -> Application:
    """The application to one of the employer's own vacancies, or NotFound; nothing recorded.

    The guard for an action (moving a stage): the action records itself.
    """
    return employer_application(session, viewer, get_vacancy_for(session, viewer, vacancy_id),
                                application_id)


@dataclass(frozen=True)
class ApplicantPage:
    case: Application
    next_stages: list[Stage]
    required_ids: set[int]
    # The case's history with only the notes meant for the employer (others read as "").
    history: list[tuple[StageEvent, str]] = ()
    notes: list[CaseNote] = ()
    cv: CV | None = None
    match: object | None = None  # matcher.Match for this vacancy, today

    @property
    def show_contact(self) -> bool:
        """Whether her phone and e-mail show: not once she withdrew from this vacancy."""
        return self.case.stage != Stage.WITHDRAWN


def shared_with_employer(application: Application) -> tuple[list[tuple[StageEvent, str]],
                                                            list[CaseNote]]:
    """The stage history and case notes as the employer may read them: shared notes only."""
    history = [(e, e.note if e.note_audience == NoteAudience.EMPLOYER else "")
               for e in application.events]
    return history, [n for n in application.notes if n.audience == NoteAudience.EMPLOYER]


def applicant_page(session: Session, viewer: User, vacancy_id: int,
                   application_id: int) -> ApplicantPage:
    """One applicant as the employer sees her: her CV, why she fits, her contact details
    (unless she withdrew); seeing it is audited."""
    case = open_application(session, viewer,
                            find_applicant(session, viewer, vacancy_id, application_id))
    history, notes = shared_with_employer(case)
    match = matching.matches_among(session, case.vacancy, [case.profile]).get(case.profile_id)
    return ApplicantPage(case, next_stages(case, viewer),
                         {s.id for s in case.vacancy.required_skills}, history, notes,
                         cv_of(session, case.profile.user_id), match)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, kept inside the shorter month (31 Jan → 28 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def _notice(application: Application, stage: Stage,
            reason: RefusalReason | None) -> tuple[str, str] | None:
    """A kind subject and body for the young person; never the reason code."""
    vacancy = application.vacancy
    names = {"employer": vacancy.employer.name, "title": vacancy.title}
    if stage == Stage.CONTACTED:
        return (_("%(employer)s quiere hablar contigo", **names),
                _("%(employer)s revisó tu postulación a «%(title)s» y se comunicará contigo. "
                  "Revisa tu celular.", **names))
    if stage == Stage.INTERVIEW:
        return (_("Te invitan a una entrevista", **names),
                _("%(employer)s quiere conocerte para el puesto «%(title)s». Te llamarán para "
                  "acordar el día y la hora. Si necesitas ayuda, habla con el CDE.", **names))
    if stage == Stage.HIRED:
        return (_("¡Felicitaciones! Te eligieron", **names),
                _("%(employer)s te eligió para «%(title)s». El CDE te llamará en uno, tres y "
                  "seis meses para saber cómo te va.", **names))
    if stage == Stage.NOT_HIRED:
        body = _("%(employer)s respondió a tu postulación a «%(title)s».", **names)
        body += " " + str(REFUSAL_KIND_WORDS.get(reason, REFUSAL_KIND_WORDS[RefusalReason.OTHER]))
        return _("Sobre tu postulación a «%(title)s»", **names), body
    if stage == Stage.WITHDRAWN:
        return (_("Retiramos tu postulación a «%(title)s»", **names),
                _("Tu postulación a «%(title)s» quedó retirada. Puedes postular a otras ofertas "
                  "cuando quieras.", **names))
    return None


def move_application(session: Session, actor: User, application: Application,
                     to_stage: Stage | str, reason: RefusalReason | str | None = None,
                     note: str = "",
                     note_audience: NoteAudience | str = NoteAudience.INTERNAL) -> Application:
    """Move a case to ``to_stage``, keep the history, tell the young person, and commit.

    A refusal (``not_hired``) needs a ``reason``. A hire schedules the 1, 3 and 6 month
    follow-ups. ``actor`` is the employer or counselor doing it; their access to
    ``application`` is the caller's business. A counselor's note stays with the CDE's
    team unless ``note_audience`` shares it with the employer; an employer's own note is
    one the employer may read again.
    """
    try:
        to_stage = Stage(to_stage)
    except ValueError:
        raise StageError(_("Elija una etapa de la lista.")) from None
    try:
        note_audience = NoteAudience(note_audience)
    except ValueError:
        raise StageError(str(CHOOSE_AUDIENCE)) from None
    if actor.role == Role.EMPLOYER:
        note_audience = NoteAudience.EMPLOYER
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise StageError(_("La nota puede tener hasta 500 caracteres."), field="note")
    # Lock the case so two people moving it at once cannot both succeed (PostgreSQL).
    session.refresh(application, with_for_update=True)
    from_stage = application.stage
    if (not application.can_move_to(to_stage)
            or to_stage in ACTOR_MAY_NOT.get(actor.role, frozenset())):
        session.rollback()
        raise StageError(_("Una postulación en «%(now)s» no puede pasar a «%(to)s».",
                           now=EMPLOYER_STAGE_LABELS[from_stage],
                           to=EMPLOYER_STAGE_LABELS[to_stage]))
    if to_stage == Stage.NOT_HIRED:
        try:
            reason = RefusalReason(reason) if reason else None
        except ValueError:
            reason = None
        if reason is None:
            session.rollback()
            raise StageError(_("Elija el motivo por el que no continúa con esta persona."),
                             field="reason")
    else:
        reason = None

    application.stage = to_stage
    application.refusal_reason = reason
    application.events.append(StageEvent(from_stage=from_stage, to_stage=to_stage,
                                         reason=reason, note=note, note_audience=note_audience,
                                         actor_id=actor.id))
    if to_stage == Stage.HIRED:
        start = today()
        for months in FOLLOW_UP_MONTHS:
            application.follow_ups.append(FollowUp(months_after=months,
                                                   due_on=add_months(start, months)))
    youth = application.profile.user
    with force_locale(youth.locale or "es"):
        notice = _notice(application, to_stage, reason)
    if notice:
        subject, body = notice
        session.add(Notification(user_id=youth.id, channel=NotificationChannel.IN_APP,
                                 subject=subject[:160], body=body))
    if to_stage == Stage.INTERVIEW:
        from .messaging import notify_interview

        notify_interview(session, application)  # by SMS or WhatsApp, if she opted in
    session.commit()
    return application
