"""WhatsApp Cloud API: templates out to a local server that follows the documented shapes,
signed webhooks in (replies and statuses), and the verify handshake."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa

from models import InboundMessage, NotificationStatus, Stage
from web.extensions import db
from web.notify.whatsapp import WhatsAppClient, parse_webhook
from web.notify.worker import gateways_from_config, send_pending

from .conftest import youth
from .test_pipeline import NOON, propose

SECRET = "app-secret-for-tests"


class GraphAPI(BaseHTTPRequestHandler):
    """POST /{version}/{phone-number-id}/messages as Meta documents it."""

    requests: list = []
    fail_with: int | None = None

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        GraphAPI.requests.append((self.path, self.headers.get("Authorization"), body))
        if GraphAPI.fail_with:
            self._answer(GraphAPI.fail_with, {"error": {"message": "(#131030) Recipient not "
                                                        "in allowed list", "code": 131030}})
            return
        self._answer(200, {"messaging_product": "whatsapp",
                           "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                           "messages": [{"id": f"wamid.TEST{len(GraphAPI.requests)}"}]})

    def _answer(self, status, document):
        data = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture()
def graph(app, monkeypatch):
    server = ThreadingHTTPServer(("127.0.0.1", 0), GraphAPI)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    GraphAPI.requests, GraphAPI.fail_with = [], None
    for key, value in {"WHATSAPP_API_BASE": f"http://127.0.0.1:{server.server_port}/v21.0",
                       "WHATSAPP_PHONE_NUMBER_ID": "1055", "WHATSAPP_TOKEN": "token-abc",
                       "WHATSAPP_APP_SECRET": SECRET,
                       "WHATSAPP_VERIFY_TOKEN": "verify-me"}.items():
        monkeypatch.setitem(app.config, key, value)
    yield GraphAPI
    server.shutdown()
    server.server_close()
    thread.join(5)


def signed(body: bytes, secret: str = SECRET) -> dict:
    return {"X-Hub-Signature-256": "sha256=" + hmac.new(secret.encode(), body,
                                                        hashlib.sha256).hexdigest(),
            "Content-Type": "application/json"}


def webhook(value: dict) -> bytes:
    return json.dumps({"object": "whatsapp_business_account", "entry": [{
        "id": "WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "51900000000", "phone_number_id": "1055"},
            **value}}]}]}).encode()


def text_from(phone: str, text: str, message_id: str = "wamid.IN1") -> bytes:
    return webhook({"contacts": [{"profile": {"name": "X"}, "wa_id": f"51{phone}"}],
                    "messages": [{"from": f"51{phone}", "id": message_id,
                                  "timestamp": "1796543683", "type": "text",
                                  "text": {"body": text}}]})


def test_a_proposal_goes_out_as_an_approved_template(session, graph):
    profile = youth(first_name="Elva", whatsapp=True, sms=False)
    _application, row = propose(session, profile)
    report = send_pending(session, gateways_from_config(), now=NOON)
    assert report.sent == 1
    (path, auth, body) = graph.requests[0]
    assert path == "/v21.0/1055/messages" and auth == "Bearer token-abc"
    assert body["messaging_product"] == "whatsapp" and body["to"] == f"51{profile.user.phone}"
    assert body["type"] == "template" and body["template"]["name"] == "chamba_propuesta"
    assert body["template"]["language"] == {"code": "es"}
    params = [p["text"] for p in body["template"]["components"][0]["parameters"]]
    assert params == ["Urcos", "Elva", "Hotel Ausangate", "Ayudante de cocina", row.ref_code]
    db.session.refresh(row)
    assert row.status == NotificationStatus.SENT and row.gateway_id == "wamid.TEST1"


def test_a_refusal_from_meta_fails_the_message_with_its_reason(session, graph):
    graph.fail_with = 400
    _application, row = propose(session, youth(whatsapp=True, sms=False))
    assert send_pending(session, gateways_from_config(), now=NOON).failed == 1
    db.session.refresh(row)
    assert row.status == NotificationStatus.FAILED and "131030" in row.status_reason


def test_webhook_statuses_and_replies_update_the_case(client, session, graph):
    profile = youth(first_name="Elva", whatsapp=True, sms=False)
    application, row = propose(session, profile)
    send_pending(session, gateways_from_config(), now=NOON)
    db.session.refresh(row)
    status = webhook({"statuses": [{"id": row.gateway_id, "status": "delivered",
                                    "timestamp": "1796543690",
                                    "recipient_id": f"51{profile.user.phone}"}]})
    assert client.post("/whatsapp/webhook", data=status, headers=signed(status)).status_code == 200
    db.session.refresh(row)
    assert row.status == NotificationStatus.DELIVERED

    reply = text_from(profile.user.phone, "1")
    assert client.post("/whatsapp/webhook", data=reply, headers=signed(reply)).status_code == 200
    db.session.refresh(application)
    assert application.stage == Stage.CONTACTED
    # Meta retries webhooks: the same message id is handled once.
    client.post("/whatsapp/webhook", data=reply, headers=signed(reply))
    assert session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 1
    # The thank-you goes back as plain text inside the 24-hour window.
    send_pending(session, gateways_from_config(), now=NOON)
    last = graph.requests[-1][2]
    assert last["type"] == "text" and "gracias, Elva" in last["text"]["body"]


def test_a_failed_status_records_the_reason(client, session, graph):
    _application, row = propose(session, youth(whatsapp=True, sms=False))
    send_pending(session, gateways_from_config(), now=NOON)
    db.session.refresh(row)
    status = webhook({"statuses": [{"id": row.gateway_id, "status": "failed",
                                    "errors": [{"code": 131026,
                                                "title": "Message undeliverable"}]}]})
    client.post("/whatsapp/webhook", data=status, headers=signed(status))
    db.session.refresh(row)
    assert row.status == NotificationStatus.FAILED
    assert row.status_reason == "131026 Message undeliverable"


@pytest.mark.parametrize("headers", [
    {},
    {"X-Hub-Signature-256": "sha256=" + "0" * 64},
    {"X-Hub-Signature-256": "sha1=abc"},
    {"X-Hub-Signature-256": ""},
    "other-secret",
])
def test_a_webhook_with_a_wrong_signature_is_refused(client, session, graph, headers):
    profile = youth()
    application, _row = propose(session, profile)
    body = text_from(profile.user.phone, "1")
    if headers == "other-secret":
        headers = signed(body, "not-the-secret")
    response = client.post("/whatsapp/webhook", data=body, headers=headers)
    assert response.status_code == 403
    db.session.refresh(application)
    assert application.stage == Stage.PROPOSED
    assert session.scalar(sa.select(sa.func.count()).select_from(InboundMessage)) == 0


def test_no_app_secret_configured_refuses_every_webhook(client, app, graph, monkeypatch):
    monkeypatch.setitem(app.config, "WHATSAPP_APP_SECRET", None)
    body = text_from("987000001", "1")
    assert client.post("/whatsapp/webhook", data=body, headers=signed(body)).status_code == 403


@pytest.mark.parametrize("body", [
    b"not json", b"[]", b"null", b'{"entry": "x"}', b'{"entry": [{"changes": [1, "x"]}]}',
    b'{"entry": [{"changes": [{"value": {"messages": [{"from": 5, "id": []}]}}]}]}',
    b'{"entry": [{"changes": [{"value": {"statuses": [{"id": "nope", "status": "read"}]}}]}]}',
    json.dumps({"entry": [{"changes": [{"value": {"messages": [
        {"from": "51987000001", "id": "w", "type": "image", "image": {}}]}}]}]}).encode(),
])
def test_hostile_webhooks_never_cause_a_server_error(client, graph, body):
    response = client.post("/whatsapp/webhook", data=body, headers=signed(body))
    assert response.status_code in (200, 400)


@pytest.mark.parametrize(("query", "status"), [
    ({"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"},
     200),
    ({"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}, 403),
    ({"hub.mode": "unsubscribe", "hub.verify_token": "verify-me", "hub.challenge": "1"}, 403),
    ({}, 403),
])
def test_the_verify_handshake(client, graph, query, status):
    response = client.get("/whatsapp/webhook", query_string=query)
    assert response.status_code == status
    if status == 200:
        assert response.get_data(as_text=True) == "1158201444"


def test_button_replies_are_read_like_text():
    document = json.loads(webhook({"messages": [
        {"from": "51987000001", "id": "w1", "type": "button",
         "button": {"text": "1", "payload": "si"}},
        {"from": "51987000002", "id": "w2", "type": "interactive",
         "interactive": {"type": "button_reply", "button_reply": {"id": "b", "title": "2"}}}]}))
    texts, statuses = parse_webhook(document)
    assert [(t.phone, t.text) for t in texts] == [("51987000001", "1"), ("51987000002", "2")]
    assert statuses == []


def test_an_unreachable_api_leaves_the_message_for_a_retry(session, app, monkeypatch):
    client = WhatsAppClient("http://127.0.0.1:9", "1", "t", timeout=2)
    result = client.send_text("51987000001", "hola")
    assert not result.accepted and not result.permanent


def test_the_templates_to_register_with_meta_say_what_the_sms_says():
    """docs/OPERATIONS.md lists the template bodies an operator types into Meta's console;
    each must be the Spanish SMS with its fields numbered in the order Chamba sends them."""
    import re
    from pathlib import Path

    from flask_babel import force_locale

    from web.notify.messages import TEXTS

    doc = (Path(__file__).resolve().parents[2] / "docs/OPERATIONS.md").read_text("utf-8")
    listed = dict(re.findall(r"^\s*\| `(chamba_\w+)` \| `([^`]*)` \|$", doc, re.MULTILINE))
    templates = [text for text in TEXTS.values() if text.whatsapp]
    assert sorted(listed) == sorted(text.whatsapp for text in templates)
    for text in templates:
        with force_locale("es"):
            spanish = str(text.text)
        numbered = spanish % {name: "{{" + str(text.whatsapp_params.index(name) + 1) + "}}"
                              for name in text.fields}
        assert listed[text.whatsapp] == numbered, text.key
