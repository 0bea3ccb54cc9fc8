"""SMS through a real Kannel: bearerbox and smsbox, with fakesmsc as the operator's network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from models import (
    Application,
    CaseNote,
    InboundMessage,
    Notification,
    NotificationStatus,
    Source,
    Stage,
    StageEvent,
)
from web.extensions import db
from web.notify.kannel import KannelClient
from web.notify.text import plain, segments
from web.notify.worker import Gateways, gateways_from_config, send_pending
from web.services import messaging

from .conftest import counselor_of, open_vacancy, youth
from .live import wait_until

# Midday in Lima: outside quiet hours whatever the machine's clock says.
NOON_LIMA = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


def _proposed(session, profile, counselor):
    vacancy = open_vacancy()
    application = Application(profile=profile, vacancy=vacancy, source=Source.COUNSELOR,
                              stage=Stage.PROPOSED, created_by=counselor)
    application.events.append(StageEvent(to_stage=Stage.PROPOSED, actor_id=counselor.id))
    session.add(application)
    session.flush()
    messaging.notify_proposal(session, application)
    session.commit()
    return application


def aware(moment: datetime) -> datetime:
    """SQLite gives back naive UTC; PostgreSQL aware."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _status(notification_id):
    db.session.expire_all()
    return db.session.get(Notification, notification_id).status


def _messages_to(kannel, phone):
    return [m for m in kannel.operator.received if m[1] == f"51{phone}"]


def test_outbox_to_kannel_to_phone_and_delivery_report_back(kannel, live):
    counselor = counselor_of("quispicanchi")
    profile = youth(first_name="Yeni")
    application = _proposed(live, profile, counselor)
    row = live.scalar(sa.select(Notification).where(Notification.application_id == application.id))
    assert row.status == NotificationStatus.QUEUED

    report = send_pending(live, now=NOON_LIMA)
    assert report.sent == 1, db.session.get(Notification, row.id).status_reason

    phone = profile.user.phone
    sender, to, text = wait_until(lambda: _messages_to(kannel, phone))[0]
    assert to == f"51{phone}"
    assert text.startswith("Chamba CDE Urcos: Yeni, te propusimos a Hotel Ausangate")
    assert text.endswith("Responde 1 si te interesa, 2 si no")
    assert f"Codigo {row.ref_code}." in text
    # fakesmsc acknowledges: Kannel calls the signed dlr-url, Chamba records "delivered".
    wait_until(lambda: _status(row.id) == NotificationStatus.DELIVERED)
    delivered = db.session.get(Notification, row.id)
    assert delivered.delivered_at is not None and delivered.segments == 1
    assert delivered.cost_pen > 0


def test_reply_1_from_the_phone_moves_the_case_and_tells_the_counselor(kannel, live):
    counselor = counselor_of("quispicanchi")
    profile = youth(first_name="Flor")
    application = _proposed(live, profile, counselor)
    send_pending(live, now=NOON_LIMA)
    phone = profile.user.phone
    wait_until(lambda: _messages_to(kannel, phone))
    wait_until(lambda: _status(application.id and live.scalar(
        sa.select(Notification.id).where(Notification.application_id == application.id)))
        in (NotificationStatus.SENT, NotificationStatus.DELIVERED))

    # The phone answers through the operator: Kannel's sms-service calls Chamba's signed URL.
    kannel.operator.send(f"51{phone}", "5500", "1")
    wait_until(lambda: db.session.scalar(sa.select(sa.func.count()).select_from(InboundMessage))
               or db.session.expire_all())
    db.session.expire_all()
    application = db.session.get(Application, application.id)
    assert application.stage == Stage.CONTACTED
    assert "le interesa" in application.events[-1].note
    notice = db.session.scalar(sa.select(Notification).where(
        Notification.user_id == counselor.id))
    assert "Flor respondió: le interesa" in notice.subject

    # Her thank-you goes back out through the outbox and Kannel.
    send_pending(live, now=NOON_LIMA)
    wait_until(lambda: any("gracias, Flor" in m[2] for m in _messages_to(kannel, phone)))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseNote)) == 0


def test_gateway_down_then_up_loses_nothing_and_sends_nothing_twice(kannel, live,
                                                                      live_app):
    counselor = counselor_of("quispicanchi")
    people = [youth(first_name=f"Ana{i}") for i in range(3)]
    for profile in people:
        _proposed(live, profile, counselor)
    kannel.stop_boxes()
    try:
        report = send_pending(live, now=NOON_LIMA)
        assert report.retried == 3 and report.sent == 0
        rows = live.scalars(sa.select(Notification).where(
            Notification.channel == "sms")).all()
        assert {r.status for r in rows} == {NotificationStatus.QUEUED}
        assert all(r.attempts == 1 and aware(r.next_attempt_at) > NOON_LIMA for r in rows)
        assert all("Kannel" in r.status_reason for r in rows)
        # Not yet due: a second pass right away sends nothing and keeps them queued.
        assert send_pending(live, now=NOON_LIMA).ids == []
    finally:
        kannel.start_boxes()
        kannel.operator.stop()
        kannel.operator.start()
    wait_until(lambda: _smsbox_ready(kannel))
    later = NOON_LIMA + timedelta(minutes=5)
    # Two workers after the outage: each row is claimed by one of them only.
    first = send_pending(live, now=later, worker="w1", limit=2)
    second = send_pending(live, now=later, worker="w2")
    assert first.sent + second.sent == 3
    assert not set(first.ids) & set(second.ids)
    for profile in people:
        wait_until(lambda p=profile: _messages_to(kannel, p.user.phone))
    import time

    time.sleep(1.0)  # anything sent twice would have arrived by now
    for profile in people:
        assert len(_messages_to(kannel, profile.user.phone)) == 1
    assert send_pending(live, now=later + timedelta(hours=1)).ids == []


def _smsbox_ready(kannel) -> bool:
    client = KannelClient(kannel.sendsms_url, "nobody", "wrong")
    result = client.send("51900000000", "x", "http://127.0.0.1:1/")
    return "sin respuesta" not in result.reason


def test_wrong_kannel_password_fails_the_message_at_once(kannel, live, live_app):
    counselor = counselor_of("quispicanchi")
    application = _proposed(live, youth(), counselor)
    bad = Gateways(sms=KannelClient(kannel.sendsms_url, "chamba", "not-the-password"))
    report = send_pending(live, gateways=bad, now=NOON_LIMA)
    assert report.failed == 1
    row = live.scalar(sa.select(Notification).where(
        Notification.application_id == application.id))
    assert row.status == NotificationStatus.FAILED and "Kannel 403" in row.status_reason
    assert gateways_from_config().sms is not None


def test_spanish_letters_reach_the_phone_in_one_gsm_segment(kannel, live):
    """ñ, ¿ and ¡ are GSM-7 and arrive intact; an accented í would not (hence the folding)."""
    client = gateways_from_config().sms
    text = plain("Hola: año, niño, ¿sigue? ¡sí!")
    assert text == "Hola: año, niño, ¿sigue? ¡si!" and segments(text) == 1
    phone = "987654321"
    assert client.send(f"51{phone}", text, "http://127.0.0.1:1/").accepted
    _sender, _to, got = wait_until(lambda: _messages_to(kannel, phone))[0]
    assert got == text
