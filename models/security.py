"""Sign-in state kept on the server: one row per session, and staff's second factor."""

from __future__ import annotations

from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, utcnow
from .crypto import EncryptedText


class UserSession(Base):
    """One signed-in browser. The cookie carries a random token; this row holds its digest,
    so ending a session here ends it for whoever holds a copy of the cookie."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The user's session_version when it began: ending every session bumps the version.
    version: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    # The absolute end (hours after sign-in, or days with "remember me").
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    remember: Mapped[bool] = mapped_column(default=False)
    # "Chrome en Android", never the full User-Agent string.
    device: Mapped[str] = mapped_column(sa.String(80), default="")
    ended_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))


class StaffTotp(Base):
    """A counselor's or admin's authenticator app (RFC 6238 TOTP)."""

    __tablename__ = "staff_totp"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    # Encrypted at rest: a copy of the database alone cannot mint codes.
    secret: Mapped[str] = mapped_column(EncryptedText)
    # None while enrolling: the secret was shown but no code from it has been typed yet.
    confirmed_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    # The last 30-second step accepted: a code is never accepted twice (replay).
    last_step: Mapped[Optional[int]] = mapped_column(sa.BigInteger)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)


class RecoveryCode(Base):
    """A one-time code for when the phone with the authenticator is lost; stored hashed."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(255))
    used_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
