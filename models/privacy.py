"""Consent records, the audit trail of personal data, and the notification outbox."""

from __future__ import annotations

import enum
from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, str_enum, utcnow
from .user import User


class ConsentPurpose(enum.StrEnum):
    PROCESSING = "processing"
    VISIBILITY = "visibility"
    SENSITIVE = "sensitive"
    # Notices by SMS or WhatsApp to the person's phone (opt-in; "BAJA" withdraws it).
    MESSAGES = "messages"


class ConsentMethod(enum.StrEnum):
    ONLINE = "online"
    WRITTEN = "written"
    ORAL = "oral"
    # Given or withdrawn by the person's own text message ("BAJA").
    SMS = "sms"


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
    WHATSAPP = "whatsapp"


class NotificationStatus(enum.StrEnum):
    QUEUED = "queued"
    # Claimed by one worker, which is talking to the gateway right now.
    SENDING = "sending"
    SENT = "sent"
    DELIVERED = "delivered"
    FAILED = "failed"


class Notification(Base):
    """An outbox row: written with the change that causes it, delivered later.

    In-app rows are read on the person's page; SMS and WhatsApp rows are claimed and sent by
    the worker (``flask notifications worker``), which records the gateway's answer here.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
        sa.CheckConstraint("segments >= 0", name="segments_not_negative"),
        sa.CheckConstraint("user_id IS NOT NULL OR to_phone IS NOT NULL", name="has_recipient"),
        sa.Index("ix_notifications_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Empty only for a short reply to a number Chamba does not know.
    user_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    channel: Mapped[NotificationChannel] = mapped_column(
        str_enum(NotificationChannel, "channel"), default=NotificationChannel.IN_APP
    )
    subject: Mapped[str] = mapped_column(sa.String(160))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    status: Mapped[NotificationStatus] = mapped_column(
        str_enum(NotificationStatus, "status"), default=NotificationStatus.QUEUED, index=True
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    read_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    # --- delivery by SMS or WhatsApp ---
    # One message per key, ever: the same event enqueued twice is written once.
    idempotency_key: Mapped[Optional[str]] = mapped_column(sa.String(80), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(24), default="notice")
    # The number written to when the message was queued (a shared phone may serve siblings).
    to_phone: Mapped[Optional[str]] = mapped_column(sa.String(16), index=True)
    territory_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("territories.id", ondelete="SET NULL"))
    # What a reply of 1 or 2 answers: a case, a follow-up or a vacancy, and the short code
    # that names this question when one phone has several open.
    application_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="SET NULL"))
    follow_up_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("follow_ups.id", ondelete="SET NULL"))
    vacancy_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("vacancies.id", ondelete="SET NULL"))
    ref_code: Mapped[Optional[str]] = mapped_column(sa.String(8))
    # For WhatsApp: the approved template's name and its parameters, in order.
    payload: Mapped[Optional[Any]] = mapped_column(sa.JSON)
    answered_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    answer: Mapped[Optional[str]] = mapped_column(sa.String(16))
    next_attempt_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    claimed_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    claimed_by: Mapped[Optional[str]] = mapped_column(sa.String(40))
    gateway_id: Mapped[Optional[str]] = mapped_column(sa.String(128), index=True)
    status_reason: Mapped[str] = mapped_column(sa.String(200), default="")
    delivered_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    segments: Mapped[int] = mapped_column(default=0)
    cost_pen: Mapped[Decimal] = mapped_column(sa.Numeric(10, 4), default=Decimal(0))

    user: Mapped[Optional[User]] = relationship()


class MessagePreference(Base):
    """How a person wants to be reached beyond the app; the consent itself is a Consent row."""

    __tablename__ = "message_preferences"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         primary_key=True)
    # The phone for messages: may differ from the login, and may be shared by siblings.
    phone: Mapped[Optional[str]] = mapped_column(sa.String(9), index=True)
    sms: Mapped[bool] = mapped_column(default=False)
    whatsapp: Mapped[bool] = mapped_column(default=False)
    job_alerts: Mapped[bool] = mapped_column(default=False)
    last_job_alert_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    user: Mapped[User] = relationship()


class InboundMessage(Base):
    """A text message received by SMS or WhatsApp, and what Chamba made of it."""

    __tablename__ = "inbound_messages"
    __table_args__ = (sa.UniqueConstraint("channel", "gateway_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[NotificationChannel] = mapped_column(
        str_enum(NotificationChannel, "inbound_channel"))
    phone: Mapped[str] = mapped_column(sa.String(16), index=True)
    text: Mapped[str] = mapped_column(sa.String(320))
    # The gateway's id for the message: a webhook delivered twice is recorded once.
    gateway_id: Mapped[Optional[str]] = mapped_column(sa.String(128))
    user_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    notification_id: Mapped[Optional[int]] = mapped_column(
        sa.ForeignKey("notifications.id", ondelete="SET NULL"))
    outcome: Mapped[str] = mapped_column(sa.String(24))
    received_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow,
                                                  index=True)
