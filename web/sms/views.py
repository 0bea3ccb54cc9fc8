"""Endpoints for Kannel. The token in the path is the only credential Kannel can carry."""

from __future__ import annotations

from flask import Response, abort, request

from models import NotificationChannel

from ..extensions import db
from ..notify import signing
from ..services import delivery, replies
from . import bp


def _plain(text: str = "", status: int = 200) -> Response:
    return Response(text, status=status, mimetype="text/plain")


@bp.get("/kannel/dlr/<token>")
def delivery_report(token: str):
    notification_id = signing.dlr_message_id(token)
    if notification_id is None:
        abort(403)
    report_type = request.args.get("type", type=int)
    if report_type is None:
        abort(400)
    delivery.record_sms_report(db.session, notification_id, report_type,
                               request.args.get("reason", "")[:200])
    return _plain("OK")


@bp.get("/kannel/inbound/<token>")
def inbound(token: str):
    if not signing.token_ok("inbound", token):
        abort(403)
    sender = request.args.get("from", "")[:32]
    if not sender.strip():
        abort(400)
    replies.handle_inbound(db.session, NotificationChannel.SMS, sender,
                           request.args.get("text", "")[:320],
                           (request.args.get("id") or "")[:128] or None)
    # An empty answer: Kannel (omit-empty) sends nothing; the reply goes through the outbox.
    return _plain("")
