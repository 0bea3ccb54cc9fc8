"""The outbox becomes a delivery pipeline: consent, quiet hours, cost cap, retries, no doubles."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from models import (
    Application,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Source,
    Stage,
)
from tests.helpers import is_postgres
from web.extensions import db
from web.notify.kannel import SendResult
from web.notify.worker import Gateways, claim, send_pending
from web.services import messaging

from .conftest import _SEQUENCE, RecordingGateway, counselor_of, open_vacancy, youth

NOON = datetime(2026, 12, 7, 17, 0, tzinfo=UTC)       # 12:00 in Lima
NIGHT = datetime(2026, 12, 8, 3, 30, tzinfo=UTC)      # 22:30 in Lima


def aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def propose(session, profile, vacancy=None):
    counselor = counselor_of("quispicanchi", email=f"p{next(_SEQUENCE)}@cde.pe")
    application = Application(profile=profile, vacancy=vacancy or open_vacancy(),
                              source=Source.COUNSELOR, stage=Stage.PROPOSED,
                              created_by=counselor)
    session.add(application)
    session.flush()
    row = messaging.notify_proposal(session, application)
    session.commit()
    return application, row


def test_opt_in_is_recorded_as_consent_captured_by_the_counselor(session):
    profile = youth()
    consent = session.scalars(sa.select(Consent).where(
        Consent.user_id == profile.user_id, Consent.purpose == ConsentPurpose.MESSAGES)).one()
    assert consent.granted and consent.method == ConsentMethod.ORAL
    assert consent.captured_by_id is not None


def test_no_message_without_consent(session):
    _application, row = propose(session, youth(opted_in=False))
    assert row is None
    assert session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.channel == NotificationChannel.SMS)) == 0


def test_the_same_event_is_queued_once(session):
    profile = youth()
    application, row = propose(session, profile)
    again = messaging.notify_proposal(session, application)
    session.commit()
    assert again.id == row.id
    assert row.idempotency_key == f"proposal:{application.id}:sms"


def test_quiet_hours_defer_the_message_to_seven_in_the_morning(session):
    _application, row = propose(session, youth())
    sms = RecordingGateway()
    report = send_pending(session, Gateways(sms=sms), now=NIGHT)
    assert report.deferred == 1 and sms.sent == []
    db.session.refresh(row)
    assert row.status == NotificationStatus.QUEUED
    assert aware(row.next_attempt_at) == datetime(2026, 12, 8, 12, 0, tzinfo=UTC)  # 07:00 Lima
    assert send_pending(session, Gateways(sms=sms), now=NIGHT + timedelta(hours=1)).ids == []
    report = send_pending(session, Gateways(sms=sms), now=datetime(2026, 12, 8, 12, 1,
                                                                    tzinfo=UTC))
    assert report.sent == 1 and len(sms.sent) == 1


def test_cost_cap_per_territory_stops_sms_for_the_month(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMS_MONTHLY_CAP_PEN", "0.10")
    first, second = youth(first_name="Uno"), youth(first_name="Dos")
    north = youth(district="010401", first_name="Tres")  # Condorcanqui has its own budget
    rows = [propose(session, p)[1] for p in (first, second, north)]
    sms = RecordingGateway()
    report = send_pending(session, Gateways(sms=sms), now=NOON)
    assert report.sent == 2 and report.failed == 1
    for row in rows:
        db.session.refresh(row)
    assert rows[0].status == NotificationStatus.SENT and rows[0].cost_pen == Decimal("0.08")
    assert rows[1].status == NotificationStatus.FAILED and "tope" in rows[1].status_reason
    assert rows[2].status == NotificationStatus.SENT
    # Next month the budget is fresh.
    _a, later = propose(session, youth(first_name="Cuatro"))
    assert send_pending(session, Gateways(sms=sms), now=NOON + timedelta(days=31)).sent == 1


def test_retries_back_off_then_give_up_with_the_gateway_reason(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "MESSAGE_MAX_ATTEMPTS", 3)
    _application, row = propose(session, youth())
    down = SendResult(False, reason="Kannel sin respuesta: Connection refused")
    sms = RecordingGateway(answers=[down, down, down])
    now = NOON
    waits = []
    for _ in range(3):
        send_pending(session, Gateways(sms=sms), now=now)
        db.session.refresh(row)
        if row.status == NotificationStatus.QUEUED:
            waits.append(aware(row.next_attempt_at) - now)
            now = aware(row.next_attempt_at)
    assert waits == [timedelta(seconds=30), timedelta(seconds=60)]
    assert row.status == NotificationStatus.FAILED and row.attempts == 3
    assert "Connection refused" in row.status_reason and row.cost_pen == 0


def test_a_refusal_is_not_retried(session):
    _application, row = propose(session, youth())
    sms = RecordingGateway(answers=[SendResult(False, permanent=True, reason="Kannel 403")])
    assert send_pending(session, Gateways(sms=sms), now=NOON).failed == 1
    db.session.refresh(row)
    assert row.status == NotificationStatus.FAILED and row.attempts == 1


def test_a_gateway_not_configured_keeps_messages_queued(session):
    _application, row = propose(session, youth())
    assert send_pending(session, Gateways(), now=NOON).deferred == 1
    db.session.refresh(row)
    assert row.status == NotificationStatus.QUEUED and "no está configurado" in row.status_reason


def test_a_claim_takes_each_row_once(session):
    for i in range(4):
        propose(session, youth(first_name=f"J{i}"))
    first = claim(session, "w1", NOON, limit=3)
    second = claim(session, "w2", NOON, limit=3)
    assert len(first) == 3 and len(second) == 1 and not set(first) & set(second)
    assert claim(session, "w3", NOON) == []


def test_a_worker_that_died_mid_send_is_not_resent(session):
    _application, row = propose(session, youth())
    claim(session, "dead", NOON)
    sms = RecordingGateway()
    send_pending(session, Gateways(sms=sms), now=NOON + timedelta(minutes=30))
    db.session.refresh(row)
    assert row.status == NotificationStatus.FAILED and sms.sent == []


@pytest.mark.skipif(not is_postgres(), reason="concurrent workers need PostgreSQL's row locks; "
                    "SQLite in memory shares one connection between threads")
def test_two_workers_at_once_send_every_message_exactly_once(session, app):
    for i in range(12):
        propose(session, youth(first_name=f"K{i}"))
    sms = RecordingGateway()
    lock = threading.Lock()

    def send(to, text, dlr_url=""):
        with lock:
            sms.sent.append((to, text))
        return SendResult(True, reason="0: Accepted")

    sms.send = send
    barrier = threading.Barrier(2)

    def work(name):
        with app.app_context():
            own = sa.orm.Session(db.engine)
            barrier.wait()
            while send_pending(own, Gateways(sms=sms), now=NOON, limit=2, worker=name).ids:
                pass
            own.close()

    threads = [threading.Thread(target=work, args=(f"w{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(sms.sent) == 12 and len({to for to, _ in sms.sent}) == 12


def test_delivery_reports_never_step_back(session):
    from web.services.delivery import record_sms_report

    _application, row = propose(session, youth())
    send_pending(session, Gateways(sms=RecordingGateway()), now=NOON)
    assert record_sms_report(session, row.id, 1, "")
    assert not record_sms_report(session, row.id, 8, "ACK/")
    db.session.refresh(row)
    assert row.status == NotificationStatus.DELIVERED


def test_withdrawing_consent_to_processing_stops_queued_messages(session):
    profile = youth()
    _application, row = propose(session, profile)
    profile.hidden_at = NOON
    session.commit()
    sms = RecordingGateway()
    send_pending(session, Gateways(sms=sms), now=NOON)
    db.session.refresh(row)
    assert row.status == NotificationStatus.FAILED and sms.sent == []


def test_whatsapp_is_preferred_when_chosen_and_configured(session, app, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_TOKEN", "t")
    monkeypatch.setitem(app.config, "WHATSAPP_PHONE_NUMBER_ID", "123")
    profile = youth(whatsapp=True, sms=False)
    _application, row = propose(session, profile)
    assert row.channel == NotificationChannel.WHATSAPP
    assert row.payload["template"] == "chamba_propuesta"
    assert row.payload["params"][-1] == row.ref_code
    wa = RecordingGateway(answers=[SendResult(True, gateway_id="wamid.1")])
    assert send_pending(session, Gateways(whatsapp=wa), now=NOON).sent == 1
    db.session.refresh(row)
    assert row.gateway_id == "wamid.1" and row.cost_pen == 0


def test_an_interview_invitation_goes_out_by_sms_too(session):
    from web.services.applications import move_application

    profile = youth(first_name="Nilda")
    application, _question = propose(session, profile)
    move_application(session, application.created_by, application, "interview")
    row = session.scalar(sa.select(Notification).where(Notification.kind == "interview"))
    assert row.body.startswith("Chamba CDE Urcos: Nilda, Hotel Ausangate quiere entrevistarte")
    assert row.body.endswith("Dudas: 084555111") and row.ref_code is None
    in_app = session.scalar(sa.select(Notification).where(
        Notification.channel == NotificationChannel.IN_APP))
    assert in_app.subject == "Te invitan a una entrevista"
