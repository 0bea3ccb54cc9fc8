"""Session plumbing for every request: start a signed-in session, check it, and the headers
that keep a signed-in page out of caches. Registered on the app by ``create_app``."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta

from flask import Flask, abort, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user
from sqlalchemy.exc import DataError
from werkzeug.exceptions import BadRequest

from models import User

from ..extensions import db
from ..ratelimit import DEVICE_COOKIE, DEVICE_DAYS, device_cookie_value, security_log
from ..services import accounts, mfa, sessions

SESSION_TOKEN = "sid"  # noqa: S105  (the name of a session key, not a secret)
REMEMBER_UNTIL = "remember_until"


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie; a remembered session's cookie expires with its own record
    (days), every other one with the browser. The app-wide lifetime stays hours."""

    def get_expiration_time(self, app, session):
        until = session.get(REMEMBER_UNTIL)
        if session.permanent and isinstance(until, int):
            return datetime.fromtimestamp(until, UTC)
        return super().get_expiration_time(app, session)


def start_session(user: User, remember: bool = False) -> None:
    """Sign ``user`` in on this browser: a fresh cookie (nothing from before survives, against
    fixation) that names a new server-side session record. Staff are never remembered."""
    remember = remember and not mfa.required(user)
    config = current_app.config
    lifetime = (timedelta(days=config["REMEMBER_DAYS"]) if remember
                else timedelta(hours=config["SESSION_HOURS"]))
    session.clear()
    token = sessions.start(db.session, user, remember=remember, lifetime=lifetime,
                           device=sessions.device_summary(request.user_agent.string))
    session[SESSION_TOKEN] = token
    # Only a remembered session outlives the browser; its cookie lasts as long as its record.
    session.permanent = remember
    if remember:
        session[REMEMBER_UNTIL] = int((datetime.now(UTC) + lifetime).timestamp())
    login_user(user)
    g.device_cookie_for = user.id
    security_log.info("session start user=%d remember=%s", user.id, remember)


def load_signed_in_user(session_id: str) -> User | None:
    """The user of this cookie, if both its generation and its session record are still live."""
    user = accounts.load_session_user(db.session, session_id)
    if user is None:
        return None
    idle = timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])
    if sessions.check(db.session, user, session.get(SESSION_TOKEN), idle) is None:
        return None
    return user


def end_this_session() -> None:
    sessions.end_token(db.session, session.get(SESSION_TOKEN))


def current_token() -> str | None:
    return session.get(SESSION_TOKEN)


def _loopback(host: str | None) -> bool:
    try:
        return ipaddress.ip_address((host or "").strip("[]")).is_loopback
    except ValueError:
        return host == "localhost"


def refuse_development_key_off_loopback() -> None:
    """`flask run --host 0.0.0.0` with the built-in key would let anyone on the network forge
    a session: serve only on this machine's loopback until a real SECRET_KEY is set."""
    if current_app.config.get("USING_DEV_SECRET") and not current_app.testing \
            and not _loopback(request.environ.get("SERVER_NAME")):
        abort(503)


def refuse_unstorable_input(error: DataError):
    """A value the database cannot take (SQLSTATE class 22: a NUL byte in text on
    PostgreSQL, a number out of range) reached a query because some form did not check it:
    that is bad input, so answer 400 with the usual Spanish page, never a 500. Logged, so
    the form gets its own check."""
    db.session.rollback()
    current_app.logger.warning("input the database refused on %s: %s", request.endpoint,
                               type(getattr(error, "orig", error)).__name__)
    return current_app.handle_user_exception(BadRequest())


def no_store_when_signed_in(response):
    """A signed-in page (or one halfway through the second factor) is never cached: the next
    person on a shared phone must not find it with the back button."""
    if request.endpoint != "static" and ("_user_id" in session or "mfa" in session):
        if "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "private, no-store"
        response.headers.pop("Expires", None)
    user_id = g.pop("device_cookie_for", None)
    if user_id is not None:
        # Marks this browser as one that signed in to the account before: it skips the
        # per-account delay that strangers' failed attempts cause (ratelimit.begin_attempt).
        response.set_cookie(DEVICE_COOKIE, device_cookie_value(user_id),
                            max_age=DEVICE_DAYS * 86400, httponly=True, samesite="Lax",
                            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response


def register(app: Flask) -> None:
    app.session_interface = SessionInterface()
    app.before_request(refuse_development_key_off_loopback)
    app.register_error_handler(DataError, refuse_unstorable_input)
    app.after_request(no_store_when_signed_in)
