"""Text messages that reach Chamba: answers to questions, BAJA, AYUDA, and everything else.

A reply is matched only against questions sent to the same phone. When several people share
that phone and the reply carries no code, Chamba asks for the code instead of guessing, and
an answer never tells the sender anything about a question that was not sent to that phone.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import (
    Application,
    CaseNote,
    FollowUp,
    InboundMessage,
    MessagePreference,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Role,
    Stage,
    StageEvent,
    User,
    utcnow,
)
from web.notify import messages

from . import messaging

OPT_OUT = {"BAJA", "STOP", "ALTO", "SALIR", "CANCELAR"}
HELP = {"AYUDA", "HELP", "INFO"}
YES = {"1", "SI", "YES"}
NO = {"2", "NO"}
# However many messages a number sends, it gets this many answers a day.
REPLIES_PER_DAY = 5


def _words(text: str) -> list[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.upper())
                     if not unicodedata.combining(c))
    return re.findall(r"[A-Z0-9]+", folded)


def parse(text: str) -> tuple[str | None, str | None]:
    """Read a reply as (``yes``/``no``/``stop``/``help`` or None, reference code or None)."""
    words = _words(text)[:6]
    if any(w in OPT_OUT for w in words[:2]):
        return "stop", None
    if any(w in HELP for w in words[:2]):
        return "help", None
    answer = next(("yes" if w in YES else "no" for w in words if w in YES | NO), None)
    code = next((w for w in words if len(w) == 4 and w not in YES | NO
                 and all(c in messaging.CODE_ALPHABET for c in w)), None)
    return answer, code


def people_on(session: Session, phone: str) -> list[User]:
    """Everyone whose login or messages phone is ``phone`` (siblings may share one)."""
    by_pref = sa.select(MessagePreference.user_id).where(MessagePreference.phone == phone)
    return list(session.scalars(sa.select(User).where(
        sa.or_(User.phone == phone, User.id.in_(by_pref)), User.erased_at.is_(None))
        .order_by(User.id)))


def open_questions(session: Session, phone: str, now: datetime) -> list[Notification]:
    return list(session.scalars(sa.select(Notification).where(
        Notification.to_phone == phone, Notification.ref_code.is_not(None),
        Notification.answered_at.is_(None),
        Notification.kind.in_(messaging.QUESTION_KINDS),
        Notification.status.in_((NotificationStatus.SENT, NotificationStatus.DELIVERED)),
        Notification.created_at >= now - timedelta(days=messaging.QUESTION_DAYS))
        .order_by(Notification.id.desc())))


def handle_inbound(session: Session, channel: NotificationChannel, raw_phone: str, text: str,
                   gateway_id: str | None = None, now: datetime | None = None
                   ) -> InboundMessage | None:
    """Record one inbound message, act on it, and queue the short answer. Commits.

    Returns None when the gateway delivered the same message before.
    """
    now = now or utcnow()
    phone = messaging.national_phone(raw_phone)
    text = (text or "").replace("\x00", "")[:320]
    inbound = InboundMessage(channel=channel, text=text, gateway_id=gateway_id,
                             phone=phone or re.sub(r"\D", "", raw_phone or "")[:16] or "?",
                             outcome="", received_at=now)
    session.add(inbound)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        return None
    people = people_on(session, phone) if phone else []
    intent, code = parse(text)
    reply_to: User | None = people[0] if len(people) == 1 else None
    reply: str | None = None
    if not people:
        inbound.outcome, reply = "unknown", messages.render(
            "unknown", phones=messaging.all_cde_phones(session))
    elif intent == "stop":
        for person in people:
            messaging.stop_messages(session, person)
        inbound.outcome = "opt_out"
        inbound.user_id = reply_to.id if reply_to else None
        reply = _say(people[0], "stopped")
    elif intent == "help":
        inbound.outcome = "help"
        inbound.user_id = reply_to.id if reply_to else None
        reply = _say(people[0], "help")
    elif intent is None:
        inbound.outcome, reply = "not_understood", messages.render("not_understood")
        inbound.user_id = reply_to.id if reply_to else None
    else:
        reply, reply_to = _answer(session, inbound, phone, intent, code, now)
    # Only Peruvian mobiles get an answer: anything else would cost money and reach no one.
    if reply and phone and _replies_today(session, phone, now) < REPLIES_PER_DAY:
        session.add(Notification(
            user_id=reply_to.id if reply_to else None, channel=channel, kind="reply",
            subject="Respuesta", body=reply, status=NotificationStatus.QUEUED,
            to_phone=inbound.phone, idempotency_key=f"reply:{inbound.id}",
            territory_id=_territory_id(reply_to)))
    session.commit()
    if inbound.outcome == "answer_apply":
        _apply_by_reply(session, inbound, now)
    return inbound


def _territory_id(user: User | None) -> int | None:
    territory = messaging.territory_of(user) if user else None
    return territory.id if territory else None


def _replies_today(session: Session, phone: str, now: datetime) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.to_phone == phone, Notification.kind == "reply",
        Notification.created_at >= now - timedelta(days=1))) or 0


def _say(user: User, key: str, **fields: str) -> str:
    territory = messaging.territory_of(user)
    name = user.profile.first_name if user.profile else user.display_name
    return messages.render(key, user.locale, cde=messaging.cde_label(territory),
                           phone=messaging.cde_phone(territory), name=name, **fields)


def _answer(session: Session, inbound: InboundMessage, phone: str, intent: str,
            code: str | None, now: datetime) -> tuple[str, User | None]:
    questions = open_questions(session, phone, now)
    if code:
        questions = [q for q in questions if q.ref_code == code]
        if not questions:
            inbound.outcome = "closed"
            return messages.render("closed"), None
    elif len({q.user_id for q in questions}) > 1:
        inbound.outcome = "ambiguous"
        return messages.render("ambiguous"), None
    if not questions:
        inbound.outcome = "closed"
        return messages.render("closed"), None
    question = questions[0]
    person = question.user
    if person.profile is not None and person.profile.consent_withdrawn:
        # She withdrew consent after the question went out: an old answer moves no case and
        # tells nobody about her (CandidateProfile.processing_clause).
        question.answered_at = now
        inbound.outcome = "closed"
        return messages.render("closed"), None
    question.answered_at = now
    question.answer = intent
    inbound.user_id = person.id
    inbound.notification_id = question.id
    inbound.outcome = "answer"
    yes = intent == "yes"
    if question.kind == "proposal" and question.application_id:
        _record_proposal_answer(session, session.get(Application, question.application_id), yes)
        return _say(person, "answer_yes" if yes else "answer_no"), person
    if question.kind == "follow_up" and question.follow_up_id:
        _record_follow_up_answer(session, question, yes)
        return _say(person, "follow_up_thanks"), person
    if question.kind == "job_alert" and yes:
        inbound.outcome = "answer_apply"
        return "", person  # the answer is queued once the application is made
    return _say(person, "answer_no"), person


def _record_proposal_answer(session: Session, application: Application | None, yes: bool
                            ) -> None:
    if application is None:
        return
    profile = application.profile
    title = application.vacancy.title
    if yes:
        note = _("Respondió por mensaje: le interesa (1).")
        target = Stage.CONTACTED
    else:
        note = _("Respondió por mensaje: no le interesa (2).")
        target = Stage.WITHDRAWN
    if application.stage == Stage.PROPOSED and application.can_move_to(target):
        application.events.append(StageEvent(from_stage=application.stage, to_stage=target,
                                             note=note))
        application.stage = target
    else:
        application.notes.append(CaseNote(body=note))
    for counselor in _counselors_of(session, application):
        with force_locale(counselor.locale or "es"):
            subject = (_("%(name)s respondió: le interesa «%(title)s»",
                         name=profile.first_name, title=title) if yes else
                       _("%(name)s respondió: no le interesa «%(title)s»",
                         name=profile.first_name, title=title))
        session.add(Notification(user_id=counselor.id, channel=NotificationChannel.IN_APP,
                                 kind="reply_notice", subject=subject[:160],
                                 body=application.vacancy.employer.name,
                                 application_id=application.id))


def _record_follow_up_answer(session: Session, question: Notification, yes: bool) -> None:
    follow_up = session.get(FollowUp, question.follow_up_id)
    if not follow_up:
        return
    follow_up.still_working = yes
    application = follow_up.application
    note = (_("Respondió por mensaje al seguimiento de %(months)s meses: sigue trabajando.",
              months=follow_up.months_after) if yes else
            _("Respondió por mensaje al seguimiento de %(months)s meses: ya no trabaja ahí.",
              months=follow_up.months_after))
    application.notes.append(CaseNote(body=note))
    for counselor in _counselors_of(session, application):
        with force_locale(counselor.locale or "es"):
            subject = _("%(name)s respondió al seguimiento", name=application.profile.first_name)
        session.add(Notification(user_id=counselor.id, channel=NotificationChannel.IN_APP,
                                 kind="reply_notice", subject=subject[:160], body=note,
                                 application_id=application.id))


def _counselors_of(session: Session, application: Application) -> list[User]:
    """Who hears about the answer: the counselor who proposed, else the territory's team."""
    author = application.created_by
    if author is not None and author.role == Role.COUNSELOR and author.is_active:
        return [author]
    territory = messaging.territory_of(application.profile.user)
    if territory is None:
        return []
    return list(session.scalars(sa.select(User).where(
        User.role == Role.COUNSELOR, User.territory_id == territory.id,
        User.is_active.is_(True))))


def _apply_by_reply(session: Session, inbound: InboundMessage, now: datetime) -> None:
    """Answer "1" to a job alert: apply to the vacancy, then say whether it worked."""
    from .access import NotFound
    from .jobs import ApplicationError, apply

    question = session.get(Notification, inbound.notification_id)
    person = question.user
    vacancy = messaging.vacancy_for_alert(session, question.vacancy_id)
    title = vacancy.title if vacancy else ""
    key = "applied"
    try:
        if vacancy is None:
            raise NotFound(question.vacancy_id)
        apply(session, person.id, vacancy.id, message=_("Postuló respondiendo a un mensaje."))
    except (ApplicationError, NotFound):
        session.rollback()
        key = "apply_failed"
    inbound = session.get(InboundMessage, inbound.id)
    inbound.outcome = "applied" if key == "applied" else "apply_failed"
    session.add(Notification(
        user_id=person.id, channel=inbound.channel, kind="reply", subject="Respuesta",
        body=_say(person, key, title=title), status=NotificationStatus.QUEUED,
        to_phone=inbound.phone, idempotency_key=f"reply:{inbound.id}",
        territory_id=_territory_id(person)))
    session.commit()
