"""Counselors verify or reject the employers of their territory."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import AuditAction, Employer, EmployerStatus, Notification, User, utcnow

from .access import record


class VerificationError(ValueError):
    pass


def decide_employer(session: Session, counselor: User, employer: Employer, verify: bool,
                    note: str) -> None:
    """Verify or reject ``employer`` (already access-checked); notify its owner; commit."""
    if not note.strip():
        raise VerificationError(_("Escriba qué vio en la visita o el motivo."))
    employer.status = EmployerStatus.VERIFIED if verify else EmployerStatus.REJECTED
    employer.verified_by = counselor
    employer.verified_at = utcnow()
    employer.decision_note = note.strip()
    if employer.owner is not None:
        subject = ("Su negocio fue verificado por el CDE" if verify
                   else "El CDE no pudo verificar su negocio")
        session.add(Notification(user=employer.owner, subject=subject, body=employer.decision_note))
        record(session, counselor, employer.owner.id, AuditAction.UPDATE, "employer",
               employer.id, "verificado" if verify else "rechazado")
    session.commit()
