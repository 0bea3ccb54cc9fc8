"""Two-way by SMS: answers reach the case, BAJA stops everything, strangers learn nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CaseNote,
    FollowUp,
    InboundMessage,
    MessagePreference,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Source,
    Stage,
)
from web.extensions import db
from web.notify import signing
from web.notify.worker import Gateways, send_pending
from web.services import messaging

from .conftest import RecordingGateway, counselor_of, open_vacancy, youth
from .test_pipeline import NOON, propose


def inbound_path(client_app) -> str:
    with client_app.test_request_context():
        return f"/sms/kannel/inbound/{signing.token('inbound')}"


def sms_in(client, app, phone: str, text: str, gateway_id: str | None = None):
    query = {"from": f"51{phone}", "text": text}
    if gateway_id:
        query["id"] = gateway_id
    return client.get(inbound_path(app), query_string=query)


def sent_and_delivered(session):
    """Send what is queued (at noon in Lima) and return what went out."""
    sms = RecordingGateway()
    send_pending(session, Gateways(sms=sms), now=NOON)
    return sms.sent


def replies_to(session, phone: str) -> list[str]:
    return list(session.scalars(sa.select(Notification.body).where(
        Notification.to_phone == phone, Notification.kind == "reply")
        .order_by(Notification.id)))


def test_reply_1_to_a_proposal_moves_the_case_and_tells_the_counselor(client, app, session):
    profile = youth(first_name="Rosa")
    application, _row = propose(session, profile)
    sent_and_delivered(session)
    response = sms_in(client, app, profile.user.phone, "1")
    assert response.status_code == 200 and response.get_data() == b""
    db.session.refresh(application)
    assert application.stage == Stage.CONTACTED
    assert application.events[-1].note == "Respondió por mensaje: le interesa (1)."
    notice = session.scalar(sa.select(Notification).where(
        Notification.user_id == application.created_by_id))
    assert notice.channel == NotificationChannel.IN_APP
    assert notice.subject == "Rosa respondió: le interesa «Ayudante de cocina»"
    assert "gracias, Rosa" in replies_to(session, profile.user.phone)[0]


def test_an_answer_after_withdrawing_consent_moves_nothing_and_tells_nobody(client, app,
                                                                           session):
    from models import ConsentPurpose
    from web.services import privacy

    profile = youth(first_name="Rosa")
    application, _row = propose(session, profile)
    sent_and_delivered(session)
    privacy.set_consent(session, profile.user, ConsentPurpose.PROCESSING, False)
    notices_before = session.scalar(sa.select(sa.func.count(Notification.id)).where(
        Notification.channel == NotificationChannel.IN_APP))
    assert sms_in(client, app, profile.user.phone, "1").status_code == 200
    db.session.refresh(application)
    assert application.stage == Stage.PROPOSED and not application.notes
    assert session.scalar(sa.select(sa.func.count(Notification.id)).where(
        Notification.channel == NotificationChannel.IN_APP)) == notices_before
    assert "Rosa" not in " ".join(replies_to(session, profile.user.phone))


def test_withdrawing_consent_removes_the_notices_that_named_her_to_counselors(client, app,
                                                                             session):
    from models import ConsentPurpose
    from web.services import privacy

    profile = youth(first_name="Rosa")
    application, _row = propose(session, profile)
    sent_and_delivered(session)
    sms_in(client, app, profile.user.phone, "1")
    named = sa.select(Notification).where(Notification.kind == "reply_notice",
                                          Notification.subject.contains("Rosa"))
    assert session.scalars(named).all()
    privacy.set_consent(session, profile.user, ConsentPurpose.PROCESSING, False)
    assert not session.scalars(named).all()


def test_reply_2_withdraws_the_proposal(client, app, session):
    profile = youth()
    application, _row = propose(session, profile)
    sent_and_delivered(session)
    sms_in(client, app, profile.user.phone, "no, gracias")
    db.session.refresh(application)
    assert application.stage == Stage.WITHDRAWN


def test_an_answer_to_a_case_already_moved_becomes_a_note(client, app, session):
    profile = youth()
    application, _row = propose(session, profile)
    sent_and_delivered(session)
    application.stage = Stage.INTERVIEW
    session.commit()
    sms_in(client, app, profile.user.phone, "Si")
    db.session.refresh(application)
    assert application.stage == Stage.INTERVIEW
    assert [n.body for n in application.notes] == ["Respondió por mensaje: le interesa (1)."]


def test_baja_stops_everything(client, app, session):
    profile = youth()
    _application, first = propose(session, profile)
    response = sms_in(client, app, profile.user.phone, "BAJA")
    assert response.status_code == 200
    db.session.refresh(first)
    assert first.status == NotificationStatus.FAILED and "BAJA" in first.status_reason
    assert not messaging.consent_to_messages(session, profile.user)
    assert session.get(MessagePreference, profile.user_id).sms is False
    # Nothing new is queued, and the worker sends nothing but the confirmation.
    _application, second = propose(session, profile, open_vacancy(title="Guía"))
    assert second is None
    sent = sent_and_delivered(session)
    assert len(sent) == 1 and "no te enviaremos mas mensajes" in sent[0][1]


def test_ayuda_returns_the_cde_phone(client, app, session):
    profile = youth()
    sms_in(client, app, profile.user.phone, "ayuda")
    (reply,) = replies_to(session, profile.user.phone)
    assert reply.startswith("Chamba CDE Urcos: para ayuda llama al 084555111")


def test_an_unknown_number_gets_a_short_help_text_and_nothing_else(client, app, session):
    profile = youth(first_name="Maribel")
    propose(session, profile)
    sent_and_delivered(session)
    for text in ("1", "AYUDA", "hola quien es"):
        sms_in(client, app, "955000111", text)
    replies = replies_to(session, "955000111")
    assert len(replies) == 3 and len(set(replies)) == 1
    assert replies[0].startswith("Chamba: este numero no esta inscrito")
    assert "Maribel" not in replies[0] and "Ayudante" not in replies[0]
    db.session.refresh(profile)
    assert session.scalar(sa.select(Application.stage)) == Stage.PROPOSED
    unknown = session.scalars(sa.select(InboundMessage)).all()
    assert {m.outcome for m in unknown} == {"unknown"} and all(m.user_id is None for m in unknown)


def test_a_code_from_another_phone_discloses_nothing(client, app, session):
    owner = youth(first_name="Nelly")
    _application, question = propose(session, owner)
    sent_and_delivered(session)
    other = youth(first_name="Otra")
    sms_in(client, app, other.user.phone, f"1 {question.ref_code}")
    (reply,) = replies_to(session, other.user.phone)
    assert "Nelly" not in reply and "Hotel" not in reply and "Ayudante" not in reply
    assert session.scalar(sa.select(Application.stage)) == Stage.PROPOSED


def test_siblings_sharing_a_phone_must_give_the_code(client, app, session):
    shared = "976000321"
    ana = youth(first_name="Ana", sms_phone=shared)
    luz = youth(first_name="Luz", sms_phone=shared)
    case_ana, q_ana = propose(session, ana)
    case_luz, q_luz = propose(session, luz, open_vacancy(title="Tejedora"))
    assert {q_ana.to_phone, q_luz.to_phone} == {shared}
    assert q_ana.body.startswith("Chamba CDE Urcos: Ana,")
    sent_and_delivered(session)

    sms_in(client, app, shared, "1")
    (ask,) = replies_to(session, shared)
    assert "codigo" in ask and "Ana" not in ask and "Luz" not in ask
    db.session.refresh(case_ana)
    db.session.refresh(case_luz)
    assert case_ana.stage == case_luz.stage == Stage.PROPOSED

    sms_in(client, app, shared, f"{q_luz.ref_code.lower()} 1")
    db.session.refresh(case_ana)
    db.session.refresh(case_luz)
    assert case_luz.stage == Stage.CONTACTED and case_ana.stage == Stage.PROPOSED
    assert "gracias, Luz" in replies_to(session, shared)[-1]


def test_follow_up_questions_are_asked_once_and_answered_by_sms(client, app, session):
    profile = youth(first_name="Carmen")
    counselor = counselor_of("quispicanchi", email="seguimiento@cde.pe")
    application = Application(profile=profile, vacancy=open_vacancy(), stage=Stage.HIRED,
                              source=Source.COUNSELOR, created_by=counselor)
    application.follow_ups.append(FollowUp(months_after=1, due_on=date.today()))
    application.follow_ups.append(FollowUp(months_after=3,
                                           due_on=date.today() + timedelta(days=60)))
    session.add(application)
    session.commit()
    assert messaging.ask_due_follow_ups(session, date.today()) == 1
    assert messaging.ask_due_follow_ups(session, date.today()) == 0
    (sent,) = sent_and_delivered(session)
    assert "¿sigues trabajando en Hotel Ausangate?" in sent[1]
    assert sent[1].endswith("Responde 1 si, 2 no")
    sms_in(client, app, profile.user.phone, "1")
    follow_up = session.scalar(sa.select(FollowUp).where(FollowUp.months_after == 1))
    assert follow_up.still_working is True
    assert "sigue trabajando" in session.scalar(sa.select(CaseNote.body))
    assert "gracias por responder, Carmen" in replies_to(session, profile.user.phone)[0]


def test_job_alert_at_most_weekly_and_reply_1_applies(client, app, session, monkeypatch):
    from web.services import matching

    profile = youth(first_name="Lucia", job_alerts=True)
    vacancy = open_vacancy(title="Guía de turismo")
    vacancy.published_at = datetime.now(UTC)
    session.commit()
    calls = []

    def ranked(_session, who, k=10):
        calls.append(who.id)
        return [(vacancy, None)]

    monkeypatch.setattr(matching, "vacancies_for", ranked)
    assert messaging.send_job_alerts(session) == 1
    assert messaging.send_job_alerts(session) == 0  # not twice in a week
    assert calls == [profile.id]
    (sent,) = sent_and_delivered(session)
    assert "Guia de turismo en" in sent[1] and "Para postular responde 1" in sent[1]
    alert = session.scalar(sa.select(Notification).where(Notification.kind == "job_alert"))
    assert alert.subject == "Un trabajo para ti"  # her notices speak tú, like the SMS
    sms_in(client, app, profile.user.phone, "1")
    application = session.scalar(sa.select(Application))
    assert application.vacancy_id == vacancy.id and application.source == Source.SELF
    assert "tu postulacion a Guia de turismo fue enviada" in replies_to(
        session, profile.user.phone)[-1]


def test_the_same_inbound_message_is_handled_once(client, app, session):
    profile = youth()
    propose(session, profile)
    sent_and_delivered(session)
    for _ in range(2):
        assert sms_in(client, app, profile.user.phone, "1", gateway_id="k-1").status_code == 200
    assert session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 1


@pytest.mark.parametrize("query", [
    {"from": "51987000001", "text": "1' OR '1'='1"},
    {"from": "51987000001", "text": "x" * 5000},
    {"from": "51987000001", "text": "\x00\x01\x02"},
    {"from": "51987000001", "text": "<script>alert(1)</script>"},
    {"from": "51987000001", "text": "😀" * 100},
    {"from": "51987000001"},
    {"from": "+51 (987) 000-001", "text": "1"},
    {"from": "abc", "text": "1"},
    {"from": "9" * 200, "text": "1"},
    {"from": "51987000001", "text": "1", "id": "i" * 500},
])
def test_hostile_input_on_the_inbound_endpoint_never_breaks_it(client, app, session, query):
    response = client.get(inbound_path(app), query_string=query)
    assert response.status_code == 200


@pytest.mark.parametrize(("path", "status"), [
    ("/sms/kannel/inbound/not-the-token?from=51987000001&text=1", 403),
    ("/sms/kannel/inbound/?from=51987000001&text=1", 404),
    ("/sms/kannel/dlr/1-not-the-token?type=1", 403),
    ("/sms/kannel/dlr/abc-token?type=1", 403),
    ("/sms/kannel/dlr/-?type=1", 403),
    ("/sms/kannel/dlr/99999999999999999999999-0?type=1", 403),
])
def test_a_bad_signature_is_refused(client, path, status):
    assert client.get(path).status_code == status


def test_an_empty_sender_is_a_bad_request(client, app):
    assert client.get(inbound_path(app), query_string={"from": " "}).status_code == 400


@pytest.mark.parametrize("query", [{"type": "x"}, {}, {"type": "1", "reason": "r" * 9000},
                                   {"type": "999"}, {"type": "-1"}])
def test_hostile_delivery_reports_never_break_it(client, app, session, query):
    _application, row = propose(session, youth())
    with app.test_request_context():
        path = f"/sms/kannel/dlr/{signing.dlr_token(row.id)}"
        mac = signing.dlr_token(row.id).partition("-")[2]
    assert client.get(path, query_string=query).status_code in (200, 400)
    # A genuine token does not open another message's report.
    other = f"/sms/kannel/dlr/{row.id + 1}-{mac}"
    assert client.get(other, query_string={"type": "1"}).status_code == 403
