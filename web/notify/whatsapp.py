"""The WhatsApp Business Cloud API: template messages out, signed webhooks in.

A business may start a conversation only with a template Meta has approved; inside the
24 hours after the person writes, a plain text answer is allowed. Requests follow
``POST {base}/{phone-number-id}/messages`` with a bearer token; webhooks carry an
``X-Hub-Signature-256`` HMAC of the raw body made with the app secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from .kannel import SendResult


@dataclass(frozen=True)
class WhatsAppClient:
    base_url: str
    phone_number_id: str
    token: str
    language: str = "es"
    timeout: float = 10.0

    def send_template(self, to: str, template: str, params: list[str]) -> SendResult:
        """Send an approved template with its body parameters, in order."""
        components = [{"type": "body", "parameters": [{"type": "text", "text": p}
                                                      for p in params]}] if params else []
        return self._post({"messaging_product": "whatsapp", "recipient_type": "individual",
                           "to": to, "type": "template",
                           "template": {"name": template, "language": {"code": self.language},
                                        "components": components}})

    def send_text(self, to: str, body: str) -> SendResult:
        """Send plain text: allowed only as an answer within 24 hours of the person's message."""
        return self._post({"messaging_product": "whatsapp", "recipient_type": "individual",
                           "to": to, "type": "text",
                           "text": {"preview_url": False, "body": body}})

    def _post(self, document: dict) -> SendResult:
        url = f"{self.base_url.rstrip('/')}/{self.phone_number_id}/messages"
        request = urllib.request.Request(  # noqa: S310
            url, data=json.dumps(document).encode(), method="POST",
            headers={"Authorization": f"Bearer {self.token}",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                answer = json.loads(response.read(65536) or b"{}")
        except urllib.error.HTTPError as error:
            detail = _error_text(error.read(65536))
            return SendResult(False, permanent=400 <= error.code < 500 and error.code != 429,
                              reason=f"WhatsApp {error.code}: {detail}"[:200])
        except (urllib.error.URLError, OSError, TimeoutError, ValueError) as error:
            reason = getattr(error, "reason", error)
            return SendResult(False, reason=f"WhatsApp sin respuesta: {reason}"[:200])
        try:
            message_id = answer["messages"][0]["id"]
        except (KeyError, IndexError, TypeError):
            return SendResult(False, reason="WhatsApp: respuesta sin id de mensaje")
        return SendResult(True, gateway_id=str(message_id)[:128])


def _error_text(raw: bytes) -> str:
    try:
        error = json.loads(raw)["error"]
        return f"{error.get('code', '')} {error.get('message', '')}".strip()
    except (ValueError, KeyError, TypeError):
        return raw[:120].decode("utf-8", "replace")


def signature_ok(app_secret: str, body: bytes, header: str | None) -> bool:
    """Check ``X-Hub-Signature-256: sha256=<hex>`` against the raw body, in constant time."""
    if not app_secret or not header or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header.removeprefix("sha256=").strip().lower())


@dataclass(frozen=True)
class IncomingText:
    phone: str
    text: str
    message_id: str


@dataclass(frozen=True)
class StatusUpdate:
    message_id: str
    status: str
    reason: str


def parse_webhook(document: object) -> tuple[list[IncomingText], list[StatusUpdate]]:
    """Pull the person's texts (or quick-reply buttons) and delivery statuses out of a webhook.

    Anything of another shape is skipped: a webhook is input from the internet.
    """
    texts: list[IncomingText] = []
    statuses: list[StatusUpdate] = []
    if not isinstance(document, dict):
        return texts, statuses
    for entry in _list(document.get("entry")):
        for change in _list(entry.get("changes") if isinstance(entry, dict) else None):
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                continue
            for message in _list(value.get("messages")):
                incoming = _incoming(message)
                if incoming:
                    texts.append(incoming)
            for status in _list(value.get("statuses")):
                if not isinstance(status, dict) or not isinstance(status.get("id"), str):
                    continue
                errors = _list(status.get("errors"))
                reason = ""
                if errors and isinstance(errors[0], dict):
                    reason = f"{errors[0].get('code', '')} {errors[0].get('title', '')}".strip()
                statuses.append(StatusUpdate(status["id"][:128], str(status.get("status", ""))[:16],
                                             reason[:200]))
    return texts, statuses


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _incoming(message) -> IncomingText | None:
    if not isinstance(message, dict):
        return None
    sender, message_id = message.get("from"), message.get("id")
    if not isinstance(sender, str) or not isinstance(message_id, str):
        return None
    kind = message.get("type")
    text = None
    if kind == "text" and isinstance(message.get("text"), dict):
        text = message["text"].get("body")
    elif kind == "button" and isinstance(message.get("button"), dict):
        text = message["button"].get("text")
    elif kind == "interactive" and isinstance(message.get("interactive"), dict):
        reply = message["interactive"].get("button_reply") or {}
        text = reply.get("title") if isinstance(reply, dict) else None
    if not isinstance(text, str):
        return None
    return IncomingText(sender[:16], text[:320], message_id[:128])
