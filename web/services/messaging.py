"""Messages by SMS and WhatsApp: who may receive them, what is queued, what counselors see.

Consent is the switch: a person receives messages only while her latest "messages" consent
is granted (given on the account page, to a counselor, or withdrawn by replying BAJA) and
her consent to processing stands. Each message is written to the outbox in the same
transaction as the event that causes it, under an idempotency key, and sent by the worker.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    AuditAction,
    CandidateProfile,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    FollowUp,
    InboundMessage,
    MessagePreference,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Role,
    Territory,
    User,
    Vacancy,
    utcnow,
)
from web.notify import messages
from web.notify.policy import month_start

from .access import find_profile_for, record, territory_district_codes

NOTICE_VERSION = "mensajes-2026-12"
REMOTE = (NotificationChannel.SMS, NotificationChannel.WHATSAPP)
# Codes without look-alike characters (0/O, 1/I/L), easy to type on a keypad.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUESTION_KINDS = ("proposal", "follow_up", "job_alert")
QUESTION_DAYS = 30  # a question older than this no longer takes answers
JOB_ALERT_DAYS = 7


class MessagingError(ValueError):
    """Preferences that cannot be saved; the message is in Spanish.

    ``field`` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- who, where, and may we ----------------------------------------------------------------

def national_phone(raw: str | None) -> str | None:
    """A Peruvian mobile as its 9 digits: "+51 987 000 001", "51987000001" → "987000001"."""
    digits = re.sub(r"\D", "", raw or "")
    if len(digits) == 11 and digits.startswith("51"):
        digits = digits[2:]
    return digits if len(digits) == 9 and digits.startswith("9") else None


def international(phone: str) -> str:
    return f"51{phone}"


def territory_of(user: User) -> Territory | None:
    if user.role == Role.COUNSELOR:
        return user.territory
    profile = user.profile
    if profile is not None and profile.district is not None:
        return profile.district.territory
    return None


def cde_label(territory: Territory | None) -> str:
    """How a CDE signs its messages: "Urcos" from "Quispicanchi (CDE Urcos)"."""
    if territory is None:
        return ""
    found = re.search(r"CDE ([^)]+)", territory.name)
    return (found.group(1) if found else territory.name).strip()


def cde_phones() -> dict[str, str]:
    pairs = (item.split("=", 1) for item in current_app.config["CDE_PHONES"].split(",")
             if "=" in item)
    return {code.strip(): number.strip() for code, number in pairs}


def cde_phone(territory: Territory | None) -> str:
    return cde_phones().get(territory.code, "") if territory else ""


def all_cde_phones(session: Session) -> str:
    """Every CDE's public phone, for someone Chamba does not know: "Urcos 084..., Nieva ..."."""
    phones = cde_phones()
    parts = [f"{cde_label(t)} {phones[t.code]}" for t in
             session.scalars(sa.select(Territory).order_by(Territory.id)) if t.code in phones]
    return ", ".join(parts)


def consent_to_messages(session: Session, user: User) -> bool:
    """The person's latest word on messages by SMS or WhatsApp: True only if it was yes."""
    latest = session.scalar(
        sa.select(Consent.granted).where(Consent.user_id == user.id,
                                         Consent.purpose == ConsentPurpose.MESSAGES)
        .order_by(Consent.at.desc(), Consent.id.desc()).limit(1))
    return bool(latest)


def may_message(session: Session, user: User | None) -> bool:
    """Consent is the switch: messages consent given, processing not withdrawn, not erased."""
    if user is None or user.erased_at is not None or not user.is_active:
        return False
    if user.profile is not None and user.profile.consent_withdrawn:
        return False
    return consent_to_messages(session, user)


def preference_of(session: Session, user: User) -> MessagePreference | None:
    return session.get(MessagePreference, user.id)


def whatsapp_configured() -> bool:
    config = current_app.config
    return bool(config.get("WHATSAPP_TOKEN") and config.get("WHATSAPP_PHONE_NUMBER_ID"))


def route_for(session: Session, user: User) -> tuple[NotificationChannel, str] | None:
    """The channel and phone to write to, or None when the person receives no messages."""
    preference = preference_of(session, user)
    if preference is None or not may_message(session, user):
        return None
    phone = preference.phone or user.phone
    if not phone:
        return None
    if preference.whatsapp and whatsapp_configured():
        return NotificationChannel.WHATSAPP, phone
    if preference.sms:
        return NotificationChannel.SMS, phone
    if preference.whatsapp:  # chosen, but WhatsApp is not set up here: SMS reaches anyway
        return NotificationChannel.SMS, phone
    return None


# --- preferences and consent ---------------------------------------------------------------

@dataclass(frozen=True)
class Preferences:
    phone: str | None
    sms: bool
    whatsapp: bool
    job_alerts: bool


def preferences_of(session: Session, user: User) -> Preferences:
    pref = preference_of(session, user)
    granted = consent_to_messages(session, user)
    if pref is None:
        return Preferences(user.phone, False, False, False)
    return Preferences(pref.phone or user.phone, pref.sms and granted,
                       pref.whatsapp and granted, pref.job_alerts and granted)


def save_preferences(session: Session, actor: User, user: User, wanted: Preferences,
                     method: ConsentMethod) -> MessagePreference:
    """Save how the person wants to be reached; a change of yes/no is recorded as consent."""
    phone = None
    if wanted.phone:
        phone = national_phone(wanted.phone)
        if phone is None:
            raise MessagingError(_("El celular debe tener 9 dígitos y empezar con 9."),
                                 field="phone")
    wants_any = wanted.sms or wanted.whatsapp
    if wants_any and not (phone or user.phone):
        raise MessagingError(_("Para recibir mensajes hace falta un número de celular."),
                             field="phone")
    pref = preference_of(session, user)
    if pref is None:
        pref = MessagePreference(user_id=user.id)
        session.add(pref)
    pref.phone = phone if phone != user.phone else None
    pref.sms, pref.whatsapp = wanted.sms, wanted.whatsapp
    pref.job_alerts = wanted.job_alerts and wants_any
    if wants_any != consent_to_messages(session, user):
        _record_consent(session, actor, user, wants_any, method)
    if not wants_any:
        cancel_queued(session, user, "La persona ya no quiere recibir mensajes.")
    record(session, actor, user.id, AuditAction.UPDATE, "message_preferences", user.id,
           "preferencias de mensajes")
    session.commit()
    return pref


def save_preferences_for(session: Session, counselor: User, profile_id: int,
                         wanted: Preferences | None,
                         method: ConsentMethod | None) -> MessagePreference | None:
    """A counselor saves them on the person's behalf: her territory only (else NotFound).

    The territory is checked first, so that someone else's youth reads as not found even
    when the form is broken; ``wanted`` None (a form that did not validate) saves nothing.
    """
    profile = find_profile_for(session, counselor, profile_id)
    if wanted is None or method is None:
        return None
    return save_preferences(session, counselor, profile.user, wanted, method)


def _record_consent(session: Session, actor: User, user: User, granted: bool,
                    method: ConsentMethod) -> None:
    by_other = actor.id != user.id
    if by_other and method == ConsentMethod.ONLINE:
        method = ConsentMethod.ORAL
    session.add(Consent(user_id=user.id, purpose=ConsentPurpose.MESSAGES,
                        notice_version=NOTICE_VERSION, granted=granted, method=method,
                        captured_by_id=actor.id if by_other else None))


def stop_messages(session: Session, user: User) -> None:
    """The person replied BAJA: consent withdrawn, nothing queued goes out. Caller commits."""
    if consent_to_messages(session, user):
        session.add(Consent(user_id=user.id, purpose=ConsentPurpose.MESSAGES,
                            notice_version=NOTICE_VERSION, granted=False,
                            method=ConsentMethod.SMS))
    pref = preference_of(session, user)
    if pref is not None:
        pref.sms = pref.whatsapp = pref.job_alerts = False
    cancel_queued(session, user, "La persona respondió BAJA.")


def cancel_queued(session: Session, user: User, reason: str) -> int:
    """Mark every message still waiting for ``user`` as not sent, with the reason."""
    result = session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.channel.in_(REMOTE),
               Notification.status == NotificationStatus.QUEUED,
               Notification.kind != "reply")
        .values(status=NotificationStatus.FAILED, status_reason=reason[:200]))
    return result.rowcount or 0


# --- what is queued ------------------------------------------------------------------------

def new_ref_code(session: Session, phone: str) -> str:
    """A 4-character code not used by any open question to this phone."""
    taken = set(session.scalars(sa.select(Notification.ref_code).where(
        Notification.to_phone == phone, Notification.answered_at.is_(None),
        Notification.ref_code.is_not(None))))
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4))
        if code not in taken:
            return code


def enqueue(session: Session, user: User, key: str, idempotency_key: str,
            subject: str, question: bool = False, **links) -> Notification | None:
    """Queue message ``key`` for ``user`` on her channel, once per idempotency key.

    Returns the row, or None when the person receives no messages. The caller commits.
    """
    route = route_for(session, user)
    if route is None:
        return None
    channel, phone = route
    full_key = f"{idempotency_key}:{channel.value}"
    existing = session.scalar(sa.select(Notification).where(
        Notification.idempotency_key == full_key))
    if existing is not None:
        return existing
    territory = territory_of(user)
    fields = dict(links.pop("fields", {}))
    fields.setdefault("cde", cde_label(territory))
    fields.setdefault("phone", cde_phone(territory))
    fields.setdefault("name", user.profile.first_name if user.profile else user.display_name)
    code = new_ref_code(session, phone) if question else None
    if code:
        fields["code"] = code
    body = messages.render(key, user.locale, **fields)
    notice = Notification(user_id=user.id, channel=channel, kind=key, subject=subject[:160],
                          body=body, status=NotificationStatus.QUEUED, to_phone=phone,
                          territory_id=territory.id if territory else None,
                          idempotency_key=full_key, ref_code=code,
                          payload=messages.whatsapp_payload(key, **fields), **links)
    session.add(notice)
    return notice


def notify_proposal(session: Session, application: Application) -> Notification | None:
    """Tell the youth she was proposed, and ask whether she is interested. Caller commits."""
    vacancy = application.vacancy
    return enqueue(session, application.profile.user, "proposal",
                   f"proposal:{application.id}", "Propuesta de trabajo", question=True,
                   application_id=application.id,
                   fields={"title": vacancy.title, "employer": vacancy.employer.name})


def notify_interview(session: Session, application: Application) -> Notification | None:
    """Tell the youth an employer wants to interview her. Caller commits."""
    vacancy = application.vacancy
    return enqueue(session, application.profile.user, "interview",
                   f"interview:{application.id}", "Invitación a entrevista",
                   application_id=application.id,
                   fields={"title": vacancy.title, "employer": vacancy.employer.name})


def ask_due_follow_ups(session: Session, today: date) -> int:
    """Ask "¿Sigue trabajando?" for every follow-up due and not yet done; once each."""
    due = session.scalars(
        sa.select(FollowUp).where(FollowUp.due_on <= today, FollowUp.done_at.is_(None),
                                  FollowUp.due_on > today - timedelta(days=QUESTION_DAYS))
        .options(selectinload(FollowUp.application).selectinload(Application.profile)))
    asked = 0
    for follow_up in due:
        application = follow_up.application
        if session.scalar(sa.select(Notification.id).where(
                Notification.follow_up_id == follow_up.id)):
            continue
        if enqueue(session, application.profile.user, "follow_up",
                   f"follow_up:{follow_up.id}", "Seguimiento", question=True,
                   application_id=application.id, follow_up_id=follow_up.id,
                   fields={"employer": application.vacancy.employer.name}):
            asked += 1
    session.commit()
    return asked


def send_job_alerts(session: Session, now: datetime | None = None) -> int:
    """At most once a week, the best new vacancy for each youth who asked for alerts."""
    from . import matching

    now = now or utcnow()
    week_ago = now - timedelta(days=JOB_ALERT_DAYS)
    prefs = session.scalars(sa.select(MessagePreference).where(
        MessagePreference.job_alerts.is_(True),
        sa.or_(MessagePreference.last_job_alert_at.is_(None),
               MessagePreference.last_job_alert_at <= week_ago)))
    sent = 0
    for pref in prefs:
        user = pref.user
        profile = user.profile
        if profile is None or route_for(session, user) is None:
            continue
        applied = set(session.scalars(sa.select(Application.vacancy_id).where(
            Application.profile_id == profile.id)))
        alerted = set(session.scalars(sa.select(Notification.vacancy_id).where(
            Notification.user_id == user.id, Notification.kind == "job_alert")))
        since = _as_aware(pref.last_job_alert_at) if pref.last_job_alert_at else week_ago
        best = next((v for v, _m in matching.vacancies_for(session, profile, k=10)
                     if v.id not in applied and v.id not in alerted
                     and _as_aware(v.published_at or v.created_at) >= since), None)
        if best is None:
            continue
        place = best.district.name if best.district else ""
        if enqueue(session, user, "job_alert", f"job_alert:{user.id}:{best.id}",
                   "Un trabajo para ti", question=True, vacancy_id=best.id,
                   fields={"title": best.title, "place": place}):
            pref.last_job_alert_at = now
            sent += 1
    session.commit()
    return sent


def _as_aware(moment: datetime) -> datetime:
    from datetime import UTC

    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# --- what counselors and the person see ----------------------------------------------------

@dataclass(frozen=True)
class LogRow:
    at: datetime
    outbound: Notification | None
    inbound: InboundMessage | None
    person: User | None


def _territory_users(territory_id: int) -> sa.Select:
    return sa.select(CandidateProfile.user_id).where(
        CandidateProfile.district_code.in_(territory_district_codes(territory_id)))


def message_log(session: Session, viewer: User, limit: int = 100) -> list[LogRow]:
    """Messages sent and received in the viewer's territory (all, for an admin), newest first."""
    # Someone who withdrew consent leaves the log: staff see only that she did, on her page.
    withdrawn = sa.select(CandidateProfile.user_id).where(
        sa.not_(CandidateProfile.processing_clause()))
    out = sa.select(Notification).where(
        Notification.channel.in_(REMOTE),
        sa.or_(Notification.user_id.is_(None), Notification.user_id.not_in(withdrawn))).options(
        selectinload(Notification.user))
    inbound = sa.select(InboundMessage).where(
        sa.or_(InboundMessage.user_id.is_(None), InboundMessage.user_id.not_in(withdrawn)))
    if viewer.territory_id is not None:
        out = out.where(Notification.territory_id == viewer.territory_id)
        inbound = inbound.where(InboundMessage.user_id.in_(_territory_users(viewer.territory_id)))
    rows = [LogRow(n.created_at, n, None, n.user) for n in session.scalars(
        out.order_by(Notification.id.desc()).limit(limit))]
    users = {}
    for message in session.scalars(inbound.order_by(InboundMessage.id.desc()).limit(limit)):
        person = users.setdefault(message.user_id, session.get(User, message.user_id)
                                  if message.user_id else None)
        rows.append(LogRow(message.received_at, None, message, person))
    rows.sort(key=lambda r: _as_aware(r.at), reverse=True)
    return rows[:limit]


@dataclass(frozen=True)
class MonthCost:
    territory: Territory | None
    sms: int
    segments: int
    cost_pen: Decimal
    cap_pen: Decimal


def monthly_costs(session: Session, viewer: User, now: datetime | None = None
                  ) -> list[MonthCost]:
    """This month's SMS and their cost per territory (the viewer's own, or all for an admin)."""
    from web.notify.worker import cap_pen

    start = month_start(now or utcnow())
    query = (sa.select(Notification.territory_id, sa.func.count(),
                       sa.func.coalesce(sa.func.sum(Notification.segments), 0),
                       sa.func.coalesce(sa.func.sum(Notification.cost_pen), 0))
             .where(Notification.channel == NotificationChannel.SMS,
                    Notification.claimed_at >= start, Notification.cost_pen > 0)
             .group_by(Notification.territory_id))
    territories = session.scalars(sa.select(Territory).order_by(Territory.id)).all()
    if viewer.territory_id is not None:
        query = query.where(Notification.territory_id == viewer.territory_id)
        territories = [t for t in territories if t.id == viewer.territory_id]
    figures = {tid: (n, segs, Decimal(cost)) for tid, n, segs, cost in session.execute(query)}
    rows = [MonthCost(t, *figures.get(t.id, (0, 0, Decimal(0))), cap_pen()) for t in territories]
    if viewer.territory_id is None and None in figures:
        rows.append(MonthCost(None, *figures[None], cap_pen()))
    return rows


def messages_of(session: Session, user: User, limit: int = 30) -> list[LogRow]:
    """The messages sent to and received from one person, newest first."""
    rows = [LogRow(n.created_at, n, None, user) for n in session.scalars(
        sa.select(Notification).where(Notification.user_id == user.id,
                                      Notification.channel.in_(REMOTE))
        .order_by(Notification.id.desc()).limit(limit))]
    rows += [LogRow(m.received_at, None, m, user) for m in session.scalars(
        sa.select(InboundMessage).where(InboundMessage.user_id == user.id)
        .order_by(InboundMessage.id.desc()).limit(limit))]
    rows.sort(key=lambda r: _as_aware(r.at), reverse=True)
    return rows[:limit]


def vacancy_for_alert(session: Session, vacancy_id: int | None) -> Vacancy | None:
    return session.get(Vacancy, vacancy_id) if vacancy_id else None


# --- the person's rights (Ley 29733) -------------------------------------------------------

def export_messages(session: Session, user: User) -> dict:
    """Her message settings and every message sent to or received from her, for the download."""
    pref = preference_of(session, user)
    return {
        "preferencias": None if pref is None else {
            "celular": pref.phone or user.phone, "sms": pref.sms, "whatsapp": pref.whatsapp,
            "alertas_de_trabajo": pref.job_alerts},
        "enviados": [{"fecha": n.created_at.isoformat(), "medio": n.channel.value,
                      "texto": n.body, "estado": n.status.value, "celular": n.to_phone}
                     for r in messages_of(session, user, limit=10_000)
                     if (n := r.outbound) is not None],
        "recibidos": [{"fecha": m.received_at.isoformat(), "medio": m.channel.value,
                       "texto": m.text, "celular": m.phone}
                      for r in messages_of(session, user, limit=10_000)
                      if (m := r.inbound) is not None],
    }


def forget_messages(session: Session, user: User) -> None:
    """Erasure: her messages, the unattributed ones from her phones, and her settings go."""
    pref = preference_of(session, user)
    phones = [p for p in {user.phone, pref.phone if pref else None} if p]
    session.execute(sa.delete(InboundMessage).where(sa.or_(
        InboundMessage.user_id == user.id,
        sa.and_(InboundMessage.user_id.is_(None), InboundMessage.phone.in_(phones)))))
    session.execute(sa.delete(Notification).where(
        Notification.user_id.is_(None), Notification.to_phone.in_(phones)))
    if pref is not None:
        session.delete(pref)


# --- one call per page ----------------------------------------------------------------------

@dataclass(frozen=True)
class PreferencesPage:
    current: Preferences
    rows: list[LogRow]


def preferences_page(session: Session, user: User) -> PreferencesPage:
    """The person's own settings and the messages Chamba sent her."""
    return PreferencesPage(preferences_of(session, user), messages_of(session, user))


@dataclass(frozen=True)
class TerritoryMessages:
    rows: list[LogRow]
    costs: list[MonthCost]
    notices: list[Notification]


def territory_messages(session: Session, viewer: User) -> TerritoryMessages:
    """What was sent in the viewer's territory, the month's cost, and the viewer's notices."""
    from .notices import take_unread

    return TerritoryMessages(message_log(session, viewer), monthly_costs(session, viewer),
                             take_unread(session, viewer, limit=20))
