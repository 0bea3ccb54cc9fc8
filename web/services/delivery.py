"""What the gateways report after sending: delivered, or failed and why."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from models import Notification, NotificationChannel, NotificationStatus, utcnow
from web.notify import kannel

# A report never moves a message back: "accepted by the operator" after "delivered" is noise.
_RANK = {NotificationStatus.QUEUED: 0, NotificationStatus.SENDING: 1,
         NotificationStatus.SENT: 2, NotificationStatus.DELIVERED: 3,
         NotificationStatus.FAILED: 3}


def _apply(session: Session, row: Notification, status: NotificationStatus,
           reason: str) -> bool:
    if _RANK[status] < _RANK[row.status] or row.status == NotificationStatus.FAILED and \
            status != NotificationStatus.DELIVERED:
        return False
    if row.status == NotificationStatus.DELIVERED:
        return False
    row.status = status
    if reason:
        row.status_reason = reason[:200]
    if status == NotificationStatus.DELIVERED:
        row.delivered_at = utcnow()
    session.commit()
    return True


def record_sms_report(session: Session, notification_id: int, report_type: int | None,
                      reason: str = "") -> bool:
    """Apply a Kannel delivery report (%d: 1 delivered, 2/16 failed, 8 taken by the SMSC)."""
    row = session.scalar(
        sa.select(Notification).where(Notification.id == notification_id,
                                      Notification.channel == NotificationChannel.SMS)
        .with_for_update())
    if row is None or report_type is None:
        return False
    if report_type == kannel.DLR_DELIVERED:
        return _apply(session, row, NotificationStatus.DELIVERED, reason)
    if report_type in (kannel.DLR_UNDELIVERED, kannel.DLR_SMSC_REJECTED):
        return _apply(session, row, NotificationStatus.FAILED,
                      reason or "El operador no pudo entregar el mensaje.")
    if report_type in (kannel.DLR_SMSC_ACCEPTED, kannel.DLR_BUFFERED):
        return _apply(session, row, NotificationStatus.SENT, "")
    return False


WHATSAPP_STATUS = {"sent": NotificationStatus.SENT, "delivered": NotificationStatus.DELIVERED,
                   "read": NotificationStatus.DELIVERED, "failed": NotificationStatus.FAILED}


def record_whatsapp_status(session: Session, message_id: str, status: str,
                           reason: str = "") -> bool:
    """Apply a status from the WhatsApp webhook to the message it names."""
    target = WHATSAPP_STATUS.get(status)
    if target is None:
        return False
    row = session.scalar(
        sa.select(Notification).where(Notification.gateway_id == message_id,
                                      Notification.channel == NotificationChannel.WHATSAPP)
        .with_for_update())
    if row is None:
        return False
    return _apply(session, row, target, reason)
