"""Server-side records of signed-in sessions: started, checked on each request, listed, ended.

The cookie is signed but holds only a random token; the row holds its SHA-256 digest, when it
began, when it was last used and what device it is. A session ends when its row says so
(sign-out, "end this session", an admin), when it has been idle too long, when its absolute
lifetime is over, or when the user's ``session_version`` moves on (password change, reset).
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import AuditAction, User, UserSession, utcnow

from .access import record

# A session's last use is written at most this often: not one write per page.
TOUCH_EVERY = timedelta(seconds=60)

_BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("SamsungBrowser", "Samsung Internet"),
             ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"),
            ("Windows", "Windows"), ("Mac OS X", "Mac"), ("CrOS", "ChromeOS"),
            ("Linux", "Linux"))


def device_summary(user_agent: str | None) -> str:
    """'Chrome · Android' from a User-Agent string; never the whole string."""
    text = user_agent or ""
    browser = next((name for key, name in _BROWSERS if key in text), "")
    system = next((name for key, name in _SYSTEMS if key in text), "")
    summary = " · ".join(part for part in (browser, system) if part)
    return re.sub(r"[^\w ·.-]", "", summary)[:80]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; they were written in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def start(session: Session, user: User, *, device: str, lifetime: timedelta,
          remember: bool = False) -> str:
    """Record a new session for ``user`` and return the token for the cookie (committed)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(UserSession(user_id=user.id, token_hash=_digest(token),
                            version=user.session_version, created_at=now, last_seen_at=now,
                            expires_at=now + lifetime, remember=remember, device=device))
    session.commit()
    return token


def check(session: Session, user: User, token: str | None, idle: timedelta) -> UserSession | None:
    """The live session of ``user`` that ``token`` names, touched; None when it has ended."""
    if not token or len(token) > 100:
        return None
    row = session.scalar(sa.select(UserSession).filter_by(token_hash=_digest(token),
                                                          user_id=user.id))
    now = utcnow()
    if (row is None or row.ended_at is not None or row.version != user.session_version
            or _aware(row.expires_at) <= now
            or (not row.remember and _aware(row.last_seen_at) + idle <= now)):
        return None
    if _aware(row.last_seen_at) + TOUCH_EVERY <= now:
        row.last_seen_at = now
        session.commit()
    return row


def active(session: Session, user: User, idle: timedelta) -> list[UserSession]:
    """The sessions of ``user`` that still work, newest use first."""
    now = utcnow()
    rows = session.scalars(sa.select(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None),
        UserSession.version == user.session_version)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc()))
    return [row for row in rows if _aware(row.expires_at) > now
            and (row.remember or _aware(row.last_seen_at) + idle > now)]


def end_token(session: Session, token: str | None) -> None:
    """End the session this cookie names (sign-out on this device)."""
    if token and len(token) <= 100:
        session.execute(sa.update(UserSession).where(
            UserSession.token_hash == _digest(token), UserSession.ended_at.is_(None))
            .values(ended_at=utcnow()))
    session.commit()


def end_own(session: Session, user: User, session_id: int) -> bool:
    """End one of the user's own sessions; False when ``session_id`` is not theirs."""
    ended = session.execute(sa.update(UserSession).where(
        UserSession.id == session_id, UserSession.user_id == user.id,
        UserSession.ended_at.is_(None)).values(ended_at=utcnow())).rowcount
    session.commit()
    return bool(ended)


def end_all(session: Session, user: User, actor: User | None = None) -> int:
    """End every session of ``user`` (copied cookies too); audited when someone else does it."""
    count = session.execute(sa.update(UserSession).where(
        UserSession.user_id == user.id, UserSession.ended_at.is_(None))
        .values(ended_at=utcnow())).rowcount
    user.end_all_sessions()
    if actor is not None and actor.id != user.id:
        record(session, actor, user.id, AuditAction.UPDATE, "user", user.id,
               "sesiones cerradas")
    session.commit()
    return count


def forget_user(session: Session, user: User) -> None:
    """Delete every session row of ``user`` (erasure: device summaries are personal data).
    Not committed: part of the erasure's own commit."""
    session.execute(sa.delete(UserSession).where(UserSession.user_id == user.id))


def forget_ended(session: Session, older_than: timedelta = timedelta(days=30)) -> int:
    """Delete session rows that ended or expired long ago (they hold a device summary)."""
    cutoff = utcnow() - older_than
    deleted = session.execute(sa.delete(UserSession).where(sa.or_(
        UserSession.ended_at < cutoff, UserSession.expires_at < cutoff))).rowcount
    session.commit()
    return deleted
