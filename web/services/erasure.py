"""Cancellation (Ley 29733): erase a person down to anonymous figures, and commit.

What the programme's indicators counted for a youth stays as cells of a count with no
link to her (``indicators/erased.py``); her profile, cases, follow-ups, courses, pins
and the notices about her are deleted, so every page about her answers 404 to
everyone. An employer's open vacancies close, and the youth still waiting on them are
told. The account row stays, empty, so that sign-in, the audit trail and the consent
records point to nobody rather than to a missing row.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import (
    OPEN_STAGES,
    Application,
    AuditAction,
    AuditEvent,
    CandidateProfile,
    Consent,
    Employer,
    Enrollment,
    FollowUp,
    MatchDecision,
    Notification,
    NotificationChannel,
    User,
    Vacancy,
    VacancyStatus,
    utcnow,
)

from . import messaging, sessions
from .indicators import erased


def erase_account(session: Session, user: User) -> None:
    """Erase ``user``'s personal data everywhere, keeping only anonymous counts; commit."""
    _erase(session, user)
    session.add(AuditEvent(actor_id=user.id, actor_role=str(user.role),
                           subject_user_id=user.id, action=AuditAction.DELETE,
                           object_type="user", object_id=user.id,
                           detail="cancelación de datos a pedido de la persona"))
    session.commit()


def finish_earlier_erasures(session: Session) -> int:
    """Finish every account marked erased that still holds something; commit; return how many.

    Accounts erased before erasure was anonymisation kept an emptied profile with its
    district, sex, languages, skills and cases, and an employer's vacancies stayed open.
    After restoring a backup, the operator marks again the accounts erased since
    (``erased_at``) and runs this. Safe to repeat: it finds nothing the second time.
    """
    done = 0
    for user in list(session.scalars(sa.select(User).where(User.erased_at.is_not(None)))):
        leftover = (user.profile is not None or user.phone or user.email or user.username
                    or user.password_hash or (user.employer is not None and session.scalar(
                        sa.select(Vacancy.id).where(Vacancy.employer_id == user.employer.id,
                                                    Vacancy.status == VacancyStatus.OPEN)
                        .limit(1))))
        if leftover:
            _erase(session, user)
            done += 1
    session.commit()
    return done


def _erase(session: Session, user: User) -> None:
    if user.profile is not None:
        _erase_profile(session, user.profile)
    if user.employer is not None:
        _erase_employer(session, user.employer)
    session.execute(sa.update(Consent).where(Consent.user_id == user.id)
                    .values(guardian_name=None, guardian_relation=None))
    session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    messaging.forget_messages(session, user)
    sessions.forget_user(session, user)  # device summaries, and with them every session
    user.email = None
    user.phone = None
    user.username = None  # the way in of someone with no phone or e-mail
    user.display_name = ""
    user.password_hash = None
    user.setup_code_hash = None
    user.setup_code_expires_at = None
    user.locale = None
    user.last_login_at = None
    user.is_active = False
    user.erased_at = user.erased_at or utcnow()
    user.end_all_sessions()


def _erase_profile(session: Session, profile: CandidateProfile) -> None:
    # The figures first, while the cases are still there to be counted.
    erased.keep(session, profile)
    cases = sa.select(Application.id).where(Application.profile_id == profile.id)
    follow_ups = sa.select(FollowUp.id).where(FollowUp.application_id.in_(cases))
    # Notices about her cases to anyone (a counselor's "Rosa respondió"), and pending
    # questions to her, go with the cases; so do pins and excludes, and course places.
    session.execute(sa.delete(Notification).where(sa.or_(
        Notification.application_id.in_(cases), Notification.follow_up_id.in_(follow_ups))))
    session.execute(sa.delete(MatchDecision).where(MatchDecision.profile_id == profile.id))
    session.execute(sa.delete(Enrollment).where(Enrollment.profile_id == profile.id))
    for case in session.scalars(sa.select(Application)
                                .where(Application.profile_id == profile.id)):
        session.delete(case)  # its history, follow-ups and notes go with it
    session.delete(profile)
    session.flush()


def _erase_employer(session: Session, employer: Employer) -> None:
    vacancies = list(session.scalars(sa.select(Vacancy).where(
        Vacancy.employer_id == employer.id, Vacancy.status == VacancyStatus.OPEN)))
    for vacancy in vacancies:
        vacancy.status = VacancyStatus.CLOSED
        waiting = session.scalars(sa.select(Application).where(
            Application.vacancy_id == vacancy.id, Application.stage.in_(OPEN_STAGES)))
        for case in waiting:
            session.add(Notification(
                user_id=case.profile.user_id, channel=NotificationChannel.IN_APP,
                application_id=case.id, vacancy_id=vacancy.id,
                subject=f"La oferta «{vacancy.title}» se cerró",
                body=(f"{employer.name} dejó Chamba y ya no sigue con esta oferta. No es por "
                      "ti: tu postulación no cuenta en tu contra. Sigue buscando en «Para ti» "
                      "o pide ayuda a tu CDE.")))
    employer.contact_name = ""
    employer.contact_phone = None
    employer.contact_email = None
    employer.description = ""
    if employer.ruc is not None and employer.ruc.startswith("10"):
        employer.ruc = None  # a person's RUC holds their DNI
