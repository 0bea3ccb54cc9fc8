"""Meta calls these. Every POST must carry a valid X-Hub-Signature-256; anything else is 403."""

from __future__ import annotations

import hmac
import json

from flask import Response, abort, current_app, request

from models import NotificationChannel

from ..extensions import csrf, db
from ..notify import whatsapp
from ..services import delivery, replies
from . import bp

csrf.exempt(bp)


@bp.get("/webhook")
def verify():
    """The subscription handshake: echo hub.challenge when the verify token matches."""
    expected = current_app.config.get("WHATSAPP_VERIFY_TOKEN") or ""
    given = request.args.get("hub.verify_token", "")
    if (request.args.get("hub.mode") != "subscribe" or not expected
            or not hmac.compare_digest(expected.encode(), given.encode())):
        abort(403)
    return Response(request.args.get("hub.challenge", "")[:200], mimetype="text/plain")


@bp.post("/webhook")
def receive():
    body = request.get_data(cache=False)
    if not whatsapp.signature_ok(current_app.config.get("WHATSAPP_APP_SECRET") or "", body,
                                 request.headers.get("X-Hub-Signature-256")):
        abort(403)
    try:
        document = json.loads(body)
    except ValueError:
        abort(400)
    texts, statuses = whatsapp.parse_webhook(document)
    for status in statuses:
        delivery.record_whatsapp_status(db.session, status.message_id, status.status,
                                        status.reason)
    for message in texts:
        replies.handle_inbound(db.session, NotificationChannel.WHATSAPP, message.phone,
                               message.text, message.message_id)
    # Meta retries anything but a 200; what could not be used was skipped, not failed.
    return Response("OK", mimetype="text/plain")
