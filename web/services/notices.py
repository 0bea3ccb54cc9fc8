"""In-app notices from the outbox: shown on the person's home page, then marked read."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import Notification, NotificationChannel, User, utcnow


def take_unread(session: Session, user: User, limit: int = 5) -> list[Notification]:
    """The newest unread in-app notices of ``user``; they count as read once shown."""
    notices = list(session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               Notification.channel == NotificationChannel.IN_APP)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))
    if notices:
        now = utcnow()
        for notice in notices:
            notice.read_at = now
        session.commit()
    return notices
