"""Consent records, the audit trail of personal data, and the notification outbox."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .user import User


class ConsentPurpose(enum.StrEnum):
    PROCESSING = "processing"
    VISIBILITY = "visibility"
    SENSITIVE = "sensitive"


class ConsentMethod(enum.StrEnum):
    ONLINE = "online"
    WRITTEN = "written"
    ORAL = "oral"


class Consent(Base):
    """One grant or refusal of consent, never edited: a withdrawal is a new row."""

    __tablename__ = "consents"
    __table_args__ = (
        # Someone registered by a counselor must say how consent was captured.
        sa.CheckConstraint("captured_by_id IS NULL OR method <> 'online'",
                           name="assisted_not_online"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    purpose: Mapped[ConsentPurpose] = mapped_column(str_enum(ConsentPurpose, "purpose"))
    notice_version: Mapped[str] = mapped_column(sa.String(16))
    granted: Mapped[bool]
    method: Mapped[ConsentMethod] = mapped_column(str_enum(ConsentMethod, "method"))
    captured_by_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    # Adolescents 15–17 need a parent's or guardian's consent as well.
    guardian_name: Mapped[Optional[str]] = mapped_column(sa.String(120))
    guardian_relation: Mapped[Optional[str]] = mapped_column(sa.String(40))
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    captured_by: Mapped[Optional[User]] = relationship(foreign_keys=[captured_by_id])


class AuditAction(enum.StrEnum):
    VIEW = "view"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    EXPORT = "export"


class AuditEvent(Base):
    """Who looked at or changed whose personal data; written in the same transaction."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[Optional[int]] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(sa.String(16))
    subject_user_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    action: Mapped[AuditAction] = mapped_column(str_enum(AuditAction, "action"))
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[Optional[int]]
    detail: Mapped[str] = mapped_column(sa.String(200), default="")
    at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow, index=True)


class NotificationChannel(enum.StrEnum):
    IN_APP = "inapp"
    SMS = "sms"
    EMAIL = "email"


class NotificationStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"


class Notification(Base):
    """An outbox row: written with the change that causes it, delivered later."""

    __tablename__ = "notifications"
    __table_args__ = (sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    channel: Mapped[NotificationChannel] = mapped_column(
        str_enum(NotificationChannel, "channel"), default=NotificationChannel.IN_APP
    )
    subject: Mapped[str] = mapped_column(sa.String(160))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[NotificationStatus] = mapped_column(
        str_enum(NotificationStatus, "status"), default=NotificationStatus.PENDING, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    read_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))

    user: Mapped[User] = relationship()
