"""Counselors see what was sent to whom, its status, the replies and the month's cost, for
their own territory only; a youth sees her own messages and chooses how to be reached."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Consent, ConsentMethod, ConsentPurpose, MessagePreference
from tests.helpers import csrf_token, login
from web.notify import signing
from web.notify.worker import Gateways, send_pending

from .conftest import RecordingGateway, counselor_of, youth
from .test_pipeline import NOON, propose


@pytest.fixture()
def traffic(app, session, client):
    """Messages in both territories: a proposal and a reply in each."""
    south = youth(first_name="Rosa")
    north = youth(district="010401", first_name="Yolanda")
    propose(session, south)
    propose(session, north)
    send_pending(session, Gateways(sms=RecordingGateway()), now=NOON)
    with app.test_request_context():
        path = f"/sms/kannel/inbound/{signing.token('inbound')}"
    client.get(path, query_string={"from": f"51{south.user.phone}", "text": "1"})
    client.get(path, query_string={"from": f"51{north.user.phone}", "text": "AYUDA"})
    return south, north


def test_counselor_sees_her_territory_messages_status_replies_and_cost(client, traffic):
    south, _north = traffic
    counselor_of("quispicanchi", email="urcos@cde.pe")
    login(client, "urcos@cde.pe")
    html = client.get("/consejeria/mensajes").get_data(as_text=True)
    assert "Rosa" in html and "te propusimos a Hotel Ausangate" in html
    assert "enviado" in html and "respondió 1" in html and "respuesta registrada" in html
    assert "Quispicanchi (CDE Urcos)" in html and "S/ 0.08" in html
    assert "S/ 300.00" in html  # the month's cap


def test_counselors_never_see_another_territory_messages(client, traffic):
    south, north = traffic
    counselor_of("condorcanqui", email="nieva@cde.pe")
    login(client, "nieva@cde.pe")
    html = client.get("/consejeria/mensajes").get_data(as_text=True)
    assert "Yolanda" in html and "pidió ayuda" in html
    assert "Rosa" not in html and "Quispicanchi (CDE" not in html
    # The cross-territory probe: her page and her settings are out of reach.
    assert client.get(f"/consejeria/jovenes/{south.id}").status_code == 404
    token = csrf_token(client, f"/consejeria/jovenes/{north.id}")
    response = client.post(f"/consejeria/jovenes/{south.id}/mensajes",
                           data={"csrf_token": token, "sms": "y", "method": "oral"})
    assert response.status_code == 404


def test_the_youth_page_shows_her_messages_and_takes_her_consent(client, session, traffic):
    south, _north = traffic
    counselor_of("quispicanchi", email="urcos@cde.pe")
    login(client, "urcos@cde.pe")
    page = f"/consejeria/jovenes/{south.id}"
    html = client.get(page).get_data(as_text=True)
    assert "te propusimos a Hotel Ausangate" in html and "respuesta registrada" in html
    response = client.post(f"{page}/mensajes", follow_redirects=True, data={
        "csrf_token": csrf_token(client, page), "phone": "976 111 222", "sms": "y",
        "job_alerts": "y", "method": "written"})
    assert "Preferencias de mensajes guardadas" in response.get_data(as_text=True)
    pref = session.get(MessagePreference, south.user_id)
    assert pref.phone == "976111222" and pref.sms and pref.job_alerts


def test_a_youth_opts_in_and_out_herself(client, session):
    profile = youth(opted_in=False)
    login(client, profile.user.phone)
    token = csrf_token(client, "/mensajes/")
    response = client.post("/mensajes/", data={"csrf_token": token, "sms": "y"},
                           follow_redirects=True)
    assert "guardamos cómo quieres recibir los avisos" in response.get_data(as_text=True)
    client.post("/mensajes/", data={"csrf_token": csrf_token(client, "/mensajes/")})
    consents = session.scalars(sa.select(Consent).where(
        Consent.user_id == profile.user_id, Consent.purpose == ConsentPurpose.MESSAGES)
        .order_by(Consent.id)).all()
    assert [(c.granted, c.method) for c in consents] == [(True, ConsentMethod.ONLINE),
                                                         (False, ConsentMethod.ONLINE)]


@pytest.mark.parametrize("phone", ["12345", "887000000", "9870000011", "abc"])
def test_a_wrong_phone_is_refused_in_plain_words(client, phone):
    profile = youth(opted_in=False)
    login(client, profile.user.phone)
    response = client.post("/mensajes/", data={"csrf_token": csrf_token(client, "/mensajes/"),
                                               "sms": "y", "phone": phone})
    assert "El celular debe tener 9 dígitos" in response.get_data(as_text=True)


def test_only_youth_have_a_messages_page(client):
    counselor_of("quispicanchi", email="urcos@cde.pe")
    login(client, "urcos@cde.pe")
    assert client.get("/mensajes/").status_code == 404


def test_the_counselor_home_shows_the_reply_notice(client, session, traffic):
    from models import Application

    south, _north = traffic
    author = session.scalar(sa.select(Application).where(
        Application.profile_id == south.id)).created_by
    login(client, author.email)
    html = client.get("/consejeria/").get_data(as_text=True)
    assert "Rosa respondió: le interesa" in html


def test_erasure_leaves_no_message_that_points_to_her(client, app, session, traffic):
    from models import InboundMessage, Notification
    from web.services.privacy import erase_account, export_personal_data

    south, _north = traffic
    exported = export_personal_data(session, south.user)["mensajes"]
    assert exported["preferencias"]["sms"] is True
    assert exported["enviados"] and exported["recibidos"][0]["texto"] == "1"
    phone = south.user.phone
    erase_account(session, south.user)
    left = session.scalars(sa.select(InboundMessage.phone)).all()
    assert phone not in left
    assert session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.to_phone == phone)) == 0
    assert session.get(MessagePreference, south.user_id) is None
