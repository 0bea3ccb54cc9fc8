"""The outbox worker: claim queued SMS and WhatsApp messages, send them, record the answer.

Two workers never send the same row: due rows are read with ``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, then claimed by an UPDATE that changes ``queued`` to ``sending`` and returns the
ids it changed (SQLite runs one writer at a time, so the status test decides there). A
gateway that is down leaves the row queued with a later ``next_attempt_at`` (exponential
backoff); a row a crashed worker left in ``sending`` is marked failed, not resent, because
the gateway may already have taken it.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Session

from models import Notification, NotificationChannel, NotificationStatus, Territory, utcnow

from . import signing
from .kannel import KannelClient, SendResult
from .policy import QuietHours, backoff, month_start, within_cap
from .text import segments
from .whatsapp import WhatsAppClient

log = logging.getLogger(__name__)
REMOTE = (NotificationChannel.SMS, NotificationChannel.WHATSAPP)
STALE_CLAIM = timedelta(minutes=10)
NOT_CONFIGURED_WAIT = timedelta(minutes=5)


@dataclass
class Gateways:
    sms: KannelClient | None = None
    whatsapp: WhatsAppClient | None = None


def gateways_from_config() -> Gateways:
    """The gateways the settings describe; one left unset keeps its messages queued."""
    config = current_app.config
    sms = whatsapp = None
    if config.get("KANNEL_SENDSMS_URL"):
        sms = KannelClient(config["KANNEL_SENDSMS_URL"], config["KANNEL_USERNAME"],
                           config["KANNEL_PASSWORD"], config.get("KANNEL_SENDER", ""))
    if config.get("WHATSAPP_TOKEN") and config.get("WHATSAPP_PHONE_NUMBER_ID"):
        whatsapp = WhatsAppClient(config["WHATSAPP_API_BASE"],
                                  config["WHATSAPP_PHONE_NUMBER_ID"], config["WHATSAPP_TOKEN"])
    return Gateways(sms, whatsapp)


def cap_pen() -> Decimal | None:
    raw = str(current_app.config.get("SMS_MONTHLY_CAP_PEN") or "").strip()
    return Decimal(raw) if raw else None


def cost_per_segment() -> Decimal:
    return Decimal(str(current_app.config.get("SMS_COST_PER_SEGMENT_PEN") or "0"))


def quiet_hours() -> QuietHours:
    return QuietHours.parse(current_app.config.get("MESSAGE_QUIET_HOURS") or "")


@dataclass
class PassReport:
    sent: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0
    ids: list[int] = field(default_factory=list)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:40]


def claim(session: Session, worker: str, now: datetime, limit: int = 50) -> list[int]:
    """Atomically take up to ``limit`` due rows for ``worker``; return their ids."""
    due = (sa.select(Notification.id)
           .where(Notification.status == NotificationStatus.QUEUED,
                  Notification.channel.in_(REMOTE),
                  sa.or_(Notification.next_attempt_at.is_(None),
                         Notification.next_attempt_at <= now))
           .order_by(Notification.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        # Rows another worker holds are skipped, not waited for; ours stay locked to commit.
        due = due.with_for_update(skip_locked=True)
    candidates = list(session.scalars(due))
    if not candidates:
        session.commit()
        return []
    # The status test makes the claim atomic on SQLite too, where two workers may have read
    # the same ids: only one UPDATE finds each row still queued.
    ids = list(session.scalars(
        sa.update(Notification)
        .where(Notification.id.in_(candidates),
               Notification.status == NotificationStatus.QUEUED)
        .values(status=NotificationStatus.SENDING, claimed_by=worker, claimed_at=now)
        .returning(Notification.id)
        .execution_options(synchronize_session=False)))
    session.commit()
    return sorted(ids)


def fail_stale_claims(session: Session, now: datetime) -> int:
    """Rows left in ``sending`` by a worker that died: failed, since they may have gone out."""
    result = session.execute(
        sa.update(Notification)
        .where(Notification.status == NotificationStatus.SENDING,
               Notification.claimed_at < now - STALE_CLAIM)
        .values(status=NotificationStatus.FAILED,
                status_reason="El envío se interrumpió; no se reintenta para no duplicarlo.")
        .execution_options(synchronize_session=False))
    session.commit()
    return result.rowcount or 0


def send_pending(session: Session, gateways: Gateways | None = None,
                 now: datetime | None = None, limit: int = 50,
                 worker: str | None = None, stop=lambda: False) -> PassReport:
    """One pass: claim what is due and send it, one commit per message."""
    gateways = gateways if gateways is not None else gateways_from_config()
    now = now or utcnow()
    worker = worker or worker_name()
    report = PassReport()
    fail_stale_claims(session, now)
    for notification_id in claim(session, worker, now, limit):
        if stop():
            _release(session, notification_id, now, "")
            continue
        outcome = _deliver(session, gateways, session.get(Notification, notification_id), now)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.ids.append(notification_id)
    return report


def _release(session: Session, notification_id: int, when: datetime, reason: str) -> None:
    session.execute(sa.update(Notification).where(
        Notification.id == notification_id, Notification.status == NotificationStatus.SENDING)
        .values(status=NotificationStatus.QUEUED, claimed_by=None, next_attempt_at=when,
                status_reason=reason[:200])
        .execution_options(synchronize_session=False))
    session.commit()


def _fail(session: Session, row: Notification, reason: str) -> str:
    row.status = NotificationStatus.FAILED
    row.status_reason = reason[:200]
    row.cost_pen = Decimal(0)
    row.claimed_by = None
    session.commit()
    return "failed"


def _deliver(session: Session, gateways: Gateways, row: Notification, now: datetime) -> str:
    from web.services.messaging import international, may_message

    if row.kind != "reply" and not may_message(session, row.user):
        # Consent withdrawn (BAJA, the account page, erasure) after the row was queued.
        return _fail(session, row, "La persona ya no acepta mensajes.")
    quiet = quiet_hours()
    if row.kind != "reply" and quiet.contains(now):
        _release(session, row.id, quiet.next_allowed(now),
                 "Horario de descanso: sale por la mañana.")
        return "deferred"
    if row.channel == NotificationChannel.SMS:
        if gateways.sms is None:
            _release(session, row.id, now + NOT_CONFIGURED_WAIT, "Kannel no está configurado.")
            return "deferred"
        if not _reserve_cost(session, row, now):
            return _fail(session, row, "Se alcanzó el tope mensual de SMS del territorio.")
        result = gateways.sms.send(international(row.to_phone), row.body,
                                   signing.dlr_url(row.id))
    else:
        if gateways.whatsapp is None:
            _release(session, row.id, now + NOT_CONFIGURED_WAIT,
                     "WhatsApp no está configurado.")
            return "deferred"
        to = international(row.to_phone)
        if row.payload and row.kind != "reply":
            result = gateways.whatsapp.send_template(to, row.payload["template"],
                                                     list(row.payload["params"]))
        else:
            result = gateways.whatsapp.send_text(to, row.body)
    return _record(session, row, result, now)


def _reserve_cost(session: Session, row: Notification, now: datetime) -> bool:
    """Count this SMS against its territory's month, unless that passes the cap."""
    cost = cost_per_segment() * segments(row.body)
    if row.territory_id is not None and session.get_bind().dialect.name == "postgresql":
        # Two workers checking the same territory's budget take turns.
        session.execute(sa.select(Territory.id).where(Territory.id == row.territory_id)
                        .with_for_update())
    spent = session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Notification.cost_pen), 0))
        .where(Notification.channel == NotificationChannel.SMS,
               Notification.territory_id.is_(None) if row.territory_id is None
               else Notification.territory_id == row.territory_id,
               Notification.claimed_at >= month_start(now), Notification.id != row.id))
    if not within_cap(Decimal(spent), cost, cap_pen()):
        return False
    row.segments = segments(row.body)
    row.cost_pen = cost
    session.commit()
    return True


def _record(session: Session, row: Notification, result: SendResult, now: datetime) -> str:
    notification_id = row.id
    if result.accepted:
        # A delivery report may already have arrived (Kannel is quick): never step back.
        session.execute(
            sa.update(Notification).where(Notification.id == notification_id).values(
                status=sa.case((Notification.status == NotificationStatus.SENDING,
                                NotificationStatus.SENT.value), else_=Notification.status),
                status_reason=sa.case((Notification.status == NotificationStatus.SENDING,
                                       result.reason[:200]), else_=Notification.status_reason),
                sent_at=now, attempts=Notification.attempts + 1, claimed_by=None,
                gateway_id=result.gateway_id or Notification.gateway_id)
            .execution_options(synchronize_session=False))
        session.commit()
        return "sent"
    row.attempts += 1
    max_attempts = int(current_app.config.get("MESSAGE_MAX_ATTEMPTS", 8))
    if result.permanent or row.attempts >= max_attempts:
        return _fail(session, row, result.reason)
    row.status = NotificationStatus.QUEUED
    row.status_reason = result.reason[:200]
    row.cost_pen = Decimal(0)
    row.segments = 0
    row.claimed_by = None
    row.next_attempt_at = now + backoff(
        row.attempts, float(current_app.config.get("MESSAGE_RETRY_SECONDS", 30)))
    session.commit()
    return "retried"


def run_forever(session: Session, interval: float = 5.0, stop_after: int | None = None,
                every_hour=None, gateways: Gateways | None = None) -> None:
    """Send passes until SIGTERM or SIGINT; the message in hand is finished first."""
    stopping = False

    def request_stop(signum, _frame):
        nonlocal stopping
        stopping = True
        log.info("señal %s: termino el mensaje en curso y me detengo", signum)

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    passes, last_hourly = 0, 0.0
    try:
        while not stopping:
            if every_hour is not None and time.monotonic() - last_hourly >= 3600:
                every_hour()
                last_hourly = time.monotonic()
            report = send_pending(session, gateways, stop=lambda: stopping)
            if report.ids:
                log.info("enviados %s, diferidos %s, reintentos %s, fallidos %s",
                         report.sent, report.deferred, report.retried, report.failed)
            passes += 1
            if stop_after is not None and passes >= stop_after:
                break
            deadline = time.monotonic() + interval
            while not stopping and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        session.remove() if hasattr(session, "remove") else session.close()
