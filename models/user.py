"""Accounts of every kind of person who signs in."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow

if TYPE_CHECKING:
    from .candidate import CandidateProfile
    from .employer import Employer
    from .geo import Territory


class Role(enum.StrEnum):
    YOUTH = "youth"
    EMPLOYER = "employer"
    COUNSELOR = "counselor"
    ADMIN = "admin"


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        # A way in: phone, e-mail or a short username (for youth with neither, registered
        # by the CDE). Only an erased account (Ley 29733 cancellation) may have none.
        sa.CheckConstraint("email IS NOT NULL OR phone IS NOT NULL OR username IS NOT NULL "
                           "OR erased_at IS NOT NULL", name="has_login"),
        sa.CheckConstraint("session_version >= 1", name="session_version_positive"),
        # Counselors work for one CDE; the territory says which people they may see.
        sa.CheckConstraint("role <> 'counselor' OR territory_id IS NOT NULL",
                           name="counselor_has_territory"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    email: Mapped[Optional[str]] = mapped_column(sa.String(254), unique=True)
    # Not unique: siblings may share one phone (sign-in then picks the person).
    phone: Mapped[Optional[str]] = mapped_column(sa.String(9), index=True)
    # Lower-case letters, digits and dots; for people with no phone or e-mail of their own.
    username: Mapped[Optional[str]] = mapped_column(sa.String(32), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[Optional[str]] = mapped_column(sa.String(255))
    # A one-time code a counselor hands over so the person sets their own password.
    setup_code_hash: Mapped[Optional[str]] = mapped_column(sa.String(255))
    setup_code_expires_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    # Bumped on sign-out everywhere, password change or reset: older cookies stop working.
    session_version: Mapped[int] = mapped_column(default=1)
    locale: Mapped[Optional[str]] = mapped_column(sa.String(5))
    is_active: Mapped[bool] = mapped_column(default=True)
    territory_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("territories.id"))
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    erased_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))

    territory: Mapped[Optional[Territory]] = relationship()
    profile: Mapped[Optional[CandidateProfile]] = relationship(
        back_populates="user", foreign_keys="CandidateProfile.user_id"
    )
    employer: Mapped[Optional[Employer]] = relationship(
        back_populates="owner", foreign_keys="Employer.user_id"
    )

    # The session-login protocol (duck-typed, so models need not import Flask-Login).
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Identify the user *and* the session generation, so old cookies stop working."""
        return f"{self.id}:{self.session_version}"

    def end_all_sessions(self) -> None:
        """Make every cookie issued so far for this user invalid."""
        self.session_version = (self.session_version or 1) + 1

    @property
    def login(self) -> str:
        return self.email or self.phone or self.username or ""

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}>"
