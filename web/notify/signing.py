"""Signed callback URLs for Kannel: only someone holding the secret can report or inject.

Kannel cannot sign a request, so the secret travels as a token in the URL path that Chamba
gives it (the dlr-url of each message, the get-url of the sms-service). The token is an HMAC
of what the URL is for, compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app


def _secret() -> bytes:
    configured = current_app.config.get("SMS_CALLBACK_SECRET")
    if configured:
        return configured.encode()
    # Derived, so one SECRET_KEY is enough; a separate value can be rotated on its own.
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"chamba-sms-callback",
                    hashlib.sha256).digest()


def token(purpose: str) -> str:
    return hmac.new(_secret(), purpose.encode(), hashlib.sha256).hexdigest()[:40]


def token_ok(purpose: str, given: str) -> bool:
    return hmac.compare_digest(token(purpose), (given or "")[:80])


def dlr_token(notification_id: int) -> str:
    """Names one message and proves Chamba wrote the URL: "<id>-<hmac>"."""
    return f"{notification_id}-{token(f'dlr:{notification_id}')}"


def dlr_message_id(given: str) -> int | None:
    """The message a delivery-report token names, or None when the token is not genuine."""
    number, _, _mac = (given or "")[:80].partition("-")
    if not number.isdigit() or len(number) > 18:
        return None
    return int(number) if token_ok(f"dlr:{int(number)}", _mac) else None


def dlr_url(notification_id: int) -> str:
    """Where Kannel reports on message ``notification_id`` (%d type, %A the SMSC's words)."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/sms/kannel/dlr/{dlr_token(notification_id)}?type=%d&reason=%A"


def inbound_url() -> str:
    """The get-url of Kannel's sms-service: %p the sender, %a the text, %I Kannel's id."""
    base = current_app.config["PUBLIC_BASE_URL"].rstrip("/")
    return f"{base}/sms/kannel/inbound/{token('inbound')}?from=%p&text=%a&id=%I"
