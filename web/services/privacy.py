"""The person's rights under Ley 29733: consent, access, rectification, cancellation.

Consent is append-only: granting or withdrawing adds a row, and the latest row
per purpose is the one in force.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from models import (
    Application,
    AuditAction,
    AuditEvent,
    CandidateProfile,
    CaseNote,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    MatchDecision,
    Notification,
    StageEvent,
    User,
    Visibility,
    utcnow,
)
from models.candidate import MAX_AGE, MIN_AGE, age_band

from . import messaging
from .accounts import NOTICE_VERSION


class PrivacyError(ValueError):
    """A request about personal data that cannot be done; the message is in Spanish."""


def consent_state(session: Session, user: User) -> dict[ConsentPurpose, bool]:
    """The consent in force for each purpose (False where none was ever given)."""
    rows = session.scalars(sa.select(Consent).where(Consent.user_id == user.id)
                           .order_by(Consent.at, Consent.id))
    state = dict.fromkeys(ConsentPurpose, False)
    for row in rows:
        state[row.purpose] = row.granted
    return state


def set_consent(session: Session, user: User, purpose: ConsentPurpose, granted: bool) -> None:
    """Record a grant or withdrawal and apply it at once (hide, stop showing, erase)."""
    session.add(Consent(user=user, purpose=purpose, notice_version=NOTICE_VERSION,
                        granted=granted, method=ConsentMethod.ONLINE))
    profile = user.profile
    if profile is not None:
        if purpose == ConsentPurpose.PROCESSING:
            profile.hidden_at = None if granted else utcnow()
            if not granted:
                profile.visibility = Visibility.PRIVATE
        elif purpose == ConsentPurpose.VISIBILITY:
            profile.visibility = Visibility.EMPLOYERS if granted else Visibility.PRIVATE
        elif purpose == ConsentPurpose.SENSITIVE and not granted:
            _clear_sensitive(profile)
    session.commit()


def _clear_sensitive(profile: CandidateProfile) -> None:
    profile.ethnic_identity = None
    profile.household_income_pen = None
    profile.health_condition = None


def save_sensitive(session: Session, user: User, ethnic_identity: str | None,
                   household_income_pen: Decimal | None, health_condition: str | None) -> None:
    """Store optional sensitive data, only while its own consent is in force."""
    if not consent_state(session, user)[ConsentPurpose.SENSITIVE]:
        raise PrivacyError(_("Primero dé su permiso para guardar estos datos."))
    profile = user.profile
    profile.ethnic_identity = ethnic_identity or None
    profile.household_income_pen = household_income_pen
    profile.health_condition = health_condition or None
    session.commit()


def _iso(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "value"):
        return value.value
    return value


def export_personal_data(session: Session, user: User) -> dict[str, Any]:
    """Everything Chamba holds about ``user``, as plain JSON-ready data."""
    profile = user.profile
    data: dict[str, Any] = {
        "cuenta": {"rol": user.role.value, "celular": user.phone, "correo": user.email,
                   "usuario": user.username,
                   "nombre": user.display_name, "creada": _iso(user.created_at),
                   "idioma": user.locale},
        "consentimientos": [
            {"finalidad": c.purpose.value, "otorgado": c.granted, "version": c.notice_version,
             "forma": c.method.value, "fecha": _iso(c.at), "apoderado": c.guardian_name,
             "registrado_por": c.captured_by.display_name if c.captured_by else None}
            for c in session.scalars(sa.select(Consent).where(Consent.user_id == user.id)
                                     .order_by(Consent.at, Consent.id))],
    }
    if profile is not None:
        columns = [c.key for c in CandidateProfile.__table__.columns
                   if c.key not in {"id", "user_id", "registered_by_id"}]
        data["perfil"] = {key: _iso(getattr(profile, key)) for key in columns}
        data["perfil"]["meses_disponibles"] = sorted(profile.available_months)
        data["idiomas"] = [{"idioma": lang.language.value, "nivel": lang.level.value}
                           for lang in profile.languages]
        data["experiencias"] = [{"titulo": e.title, "tipo": e.kind.value, "meses": e.months,
                                 "descripcion": e.description} for e in profile.experiences]
        data["habilidades"] = [s.label_es for s in profile.skills]
        data["ocupaciones_deseadas"] = [o.label_es for o in profile.desired_occupations]
        data["postulaciones"] = [
            {"oferta": a.vacancy.title, "empresa": a.vacancy.employer.name,
             "etapa": a.stage.value, "fecha": _iso(a.created_at), "mensaje": a.message}
            for a in session.scalars(sa.select(Application)
                                     .where(Application.profile_id == profile.id))]
    data["mensajes"] = messaging.export_messages(session, user)
    data["quien_vio_mis_datos"] = [
        {"fecha": _iso(e.at), "quien": e.actor_role, "accion": e.action.value,
         "que": e.object_type} for e in access_log(session, user)]
    return data


def access_log(session: Session, user: User) -> list[AuditEvent]:
    """Who viewed or changed this person's data, newest first."""
    return list(session.scalars(sa.select(AuditEvent)
                                .where(AuditEvent.subject_user_id == user.id)
                                .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())))


def erase_account(session: Session, user: User) -> None:
    """Erase the person's personal data everywhere, keeping anonymous figures; commit.

    The account and profile rows stay, emptied, so that the programme's counts
    (registrations, applications, hires by district, sex and age band) stay right.
    """
    profile = user.profile
    if profile is not None:
        age = profile.age_on(date.today())
        # Someone who turned 30 since signing up keeps the last band: the figures need one.
        profile.age_band = None if age is None else age_band(min(max(age, MIN_AGE), MAX_AGE))
        profile.first_name = ""
        profile.last_name = ""
        profile.birth_date = None
        profile.about = ""
        _clear_sensitive(profile)
        profile.visibility = Visibility.PRIVATE
        profile.hidden_at = utcnow()
        profile.experiences.clear()
        applications = list(session.scalars(sa.select(Application)
                                            .where(Application.profile_id == profile.id)))
        for application in applications:
            application.message = ""
            for follow_up in application.follow_ups:
                follow_up.problem = ""
        if applications:
            ids = [a.id for a in applications]
            session.execute(sa.update(StageEvent).where(StageEvent.application_id.in_(ids))
                            .values(note=""))
            session.execute(sa.update(CaseNote).where(CaseNote.application_id.in_(ids))
                            .values(body=""))
        session.execute(sa.update(MatchDecision).where(MatchDecision.profile_id == profile.id)
                        .values(reason=""))
    if user.employer is not None:
        user.employer.contact_name = ""
        user.employer.contact_phone = None
        user.employer.contact_email = None
    session.execute(sa.update(Consent).where(Consent.user_id == user.id)
                    .values(guardian_name=None, guardian_relation=None))
    session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    messaging.forget_messages(session, user)
    user.email = None
    user.phone = None
    user.username = None  # the ways in of someone with no phone or e-mail (#13)
    if profile is not None:
        profile.dni = None
    user.display_name = ""
    user.password_hash = None
    user.setup_code_hash = None
    user.setup_code_expires_at = None
    user.is_active = False
    user.erased_at = utcnow()
    user.end_all_sessions()
    session.add(AuditEvent(actor_id=user.id, actor_role=str(user.role),
                           subject_user_id=user.id, action=AuditAction.DELETE,
                           object_type="user", object_id=user.id,
                           detail="cancelación de datos a pedido de la persona"))
    session.commit()


@dataclass(frozen=True)
class Correction:
    first_name: str
    last_name: str


def correct_identity(session: Session, user: User, data: Correction) -> None:
    """Rectification: the person fixes how their name is written."""
    user.display_name = data.first_name
    if user.profile is not None:
        user.profile.first_name = data.first_name
        user.profile.last_name = data.last_name
    session.commit()
