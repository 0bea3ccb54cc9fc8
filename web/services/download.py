"""The right of access (Ley 29733): everything Chamba holds about the person, readable.

One structure with Spanish keys feeds both the JSON file and the printable page. Values
stay typed (dates, amounts, yes/no) so the page can write them in words and the JSON in
ISO form; codes are turned into the words the pages use (``web/labels.py``). People see
who looked at their data by the name of the business, or as "equipo del CDE de …".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from models import (
    Application,
    AuditAction,
    AuditEvent,
    CandidateProfile,
    Consent,
    Employer,
    Enrollment,
    MatchDecision,
    Notification,
    NotificationChannel,
    Role,
    Stage,
    User,
    Vacancy,
    Visibility,
)

from .. import labels as L
from . import messaging

Data = dict[str, Any]


def _label(table: dict, code: Any) -> str | None:
    if code is None:
        return None
    key = code if code in table else getattr(code, "value", code)
    return str(table.get(key, key))


def who_is(session: Session, actor: User | None, role: str | None = None,
           owner_id: int | None = None) -> str:
    """Name the one who acted: the business's name, or the CDE team, never a staff name;
    "esta cuenta" when it was the owner of the data (``owner_id``) herself."""
    if actor is not None and owner_id is not None and actor.id == owner_id:
        return _("esta cuenta")
    role = role or (str(actor.role) if actor is not None else "")
    if role == Role.EMPLOYER:
        name = session.scalar(sa.select(Employer.name).where(Employer.user_id == actor.id)) \
            if actor is not None else None
        return name or _("una empresa")
    if role == Role.COUNSELOR:
        place = messaging.cde_label(actor.territory) if actor is not None else ""
        return _("equipo del CDE de %(place)s", place=place) if place else _("equipo del CDE")
    if role == Role.ADMIN:
        return _("administración del programa")
    return _("otra persona")


@dataclass(frozen=True)
class Seen:
    """One row of "who saw or changed my data": when, who by name of business or CDE, what."""

    at: datetime
    actor_role: str
    who: str
    action: AuditAction
    object_type: str


def access_log(session: Session, user: User) -> list[Seen]:
    """Who viewed or changed this person's data, newest first."""
    names: dict[int | None, str] = {}
    rows = []
    for event in session.scalars(sa.select(AuditEvent)
                                 .where(AuditEvent.subject_user_id == user.id)
                                 .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())):
        if event.actor_id not in names:
            actor = session.get(User, event.actor_id) if event.actor_id else None
            names[event.actor_id] = who_is(session, actor, event.actor_role, user.id)
        rows.append(Seen(event.at, event.actor_role, names[event.actor_id], event.action,
                         event.object_type))
    return rows


def _account(user: User) -> Data:
    return {"rol": _label(L.ROLE_LABELS, user.role), "celular": user.phone,
            "correo": user.email, "usuario": user.username, "nombre": user.display_name,
            "creada": user.created_at,
            "idioma": _label(L.INTERFACE_LANGUAGE_LABELS, user.locale)}


def _common(session: Session, user: User) -> Data:
    return {
        "cuenta": _account(user),
        "consentimientos": [
            {"finalidad": _label(L.CONSENT_PURPOSE_LABELS, c.purpose), "otorgado": c.granted,
             "version": c.notice_version, "forma": _label(L.CONSENT_METHOD_LABELS, c.method),
             "fecha": c.at, "apoderado": c.guardian_name, "parentesco": c.guardian_relation,
             "registrado_por": who_is(session, c.captured_by) if c.captured_by else None}
            for c in session.scalars(sa.select(Consent).where(Consent.user_id == user.id)
                                     .order_by(Consent.at, Consent.id))],
        "avisos": [
            {"fecha": n.created_at, "asunto": n.subject, "texto": n.body,
             "medio": _label(L.MESSAGE_CHANNEL_LABELS, n.channel),
             "estado": _label(L.MESSAGE_STATUS_LABELS, n.status), "leido": n.read_at}
            for n in session.scalars(sa.select(Notification).where(
                Notification.user_id == user.id,
                Notification.channel == NotificationChannel.IN_APP)
                .order_by(Notification.created_at, Notification.id))],
        "mensajes": _messages(session, user),
        "quien_vio_mis_datos": [
            {"fecha": e.at, "quien": e.who, "accion": _label(L.AUDIT_ACTION_LABELS, e.action),
             "que": _label(L.AUDIT_OBJECT_LABELS, e.object_type)}
            for e in access_log(session, user)],
    }


def _messages(session: Session, user: User) -> Data:
    pref = messaging.preference_of(session, user)
    rows = messaging.messages_of(session, user, limit=10_000)
    return {
        "preferencias": None if pref is None else {
            "celular": pref.phone or user.phone, "sms": pref.sms, "whatsapp": pref.whatsapp,
            "alertas_de_trabajo": pref.job_alerts},
        "enviados": [{"fecha": n.created_at, "medio": _label(L.MESSAGE_CHANNEL_LABELS, n.channel),
                      "texto": n.body, "estado": _label(L.MESSAGE_STATUS_LABELS, n.status),
                      "celular": n.to_phone}
                     for r in rows if (n := r.outbound) is not None],
        "recibidos": [{"fecha": m.received_at, "medio": _label(L.MESSAGE_CHANNEL_LABELS, m.channel),
                       "texto": m.text, "celular": m.phone,
                       "resultado": _label(L.MESSAGE_OUTCOME_LABELS, m.outcome)}
                      for r in rows if (m := r.inbound) is not None],
    }


def _profile(profile: CandidateProfile) -> Data:
    return {
        "nombre": profile.first_name, "apellidos": profile.last_name,
        "distrito": profile.district.name if profile.district else None,
        "fecha_nacimiento": profile.birth_date, "sexo": _label(L.SEX_LABELS, profile.sex),
        "educacion": _label(L.EDUCATION_LABELS, profile.education_level),
        "sobre_mi": profile.about, "turnos": L.day_part_names(profile.day_parts),
        "meses_disponibles": [str(L.MONTH_LABELS[m]) for m in sorted(profile.available_months)],
        "distancia_maxima_km": profile.max_travel_km,
        "puede_mudarse": profile.willing_to_relocate,
        "quiere_emprender": profile.entrepreneurship_interest,
        "dni": profile.dni, "tiene_dni": profile.has_dni, "tiene_cul": profile.has_cul,
        "tiene_carne_de_salud": profile.has_health_card,
        "tiene_cuenta_bancaria": profile.has_bank_account,
        "visible_para_empresas": profile.visibility == Visibility.EMPLOYERS,
        "oculto_desde": profile.hidden_at,
        "registrado_por_el_cde": profile.registered_by_id is not None,
        "creado": profile.created_at, "actualizado": profile.updated_at,
    }


def _note_kind(audience) -> str:
    """Label a note by who reads it. The ``consent`` work adds ``audience`` to case notes and
    ``note_audience`` to stage moves (internal / employer); before it, every note is the CDE's.
    Both kinds are about the person, so both are given, labelled."""
    audience = getattr(audience, "value", audience)
    if audience == "employer":
        return _("nota compartida con la empresa")
    if audience == "internal":
        return _("nota interna del equipo del CDE")
    return _("nota del equipo del CDE")


def _case(session: Session, case: Application) -> Data:
    vacancy = case.vacancy
    return {
        "oferta": vacancy.title, "empresa": vacancy.employer.name,
        "distrito": vacancy.district.name if vacancy.district else None,
        "origen": _label(L.SOURCE_LABELS, case.source),
        "etapa": _label(L.YOUTH_STAGE_LABELS, case.stage), "fecha": case.created_at,
        "mensaje": case.message, "motivo": _label(L.REASON_LABELS, case.refusal_reason),
        "puntaje": case.score,
        "historial": [
            {"fecha": e.at, "de": _label(L.YOUTH_STAGE_LABELS, e.from_stage),
             "a": _label(L.YOUTH_STAGE_LABELS, e.to_stage),
             "motivo": _label(L.REASON_LABELS, e.reason), "nota": e.note,
             "tipo_de_nota": _note_kind(getattr(e, "note_audience", None)) if e.note else None,
             "quien": who_is(session, e.actor, owner_id=case.profile.user_id)
             if e.actor else None}
            for e in case.events],
        "notas": [{"fecha": n.at, "tipo": _note_kind(getattr(n, "audience", None)),
                   "texto": n.body,
                   "autor": who_is(session, n.author) if n.author else None}
                  for n in case.notes],
        "seguimientos": [
            {"meses_despues": f.months_after, "fecha_prevista": f.due_on, "hecho": f.done_at,
             "sigue_trabajando": f.still_working, "pago_mensual": f.monthly_pay_pen,
             "problema": f.problem, "alerta_de_seguridad": f.safety_flag}
            for f in case.follow_ups],
    }


def _youth(session: Session, profile: CandidateProfile) -> Data:
    cases = session.scalars(
        sa.select(Application).where(Application.profile_id == profile.id)
        .order_by(Application.created_at, Application.id)
        .options(selectinload(Application.events), selectinload(Application.notes),
                 selectinload(Application.follow_ups),
                 selectinload(Application.vacancy).selectinload(Vacancy.employer)))
    decisions = session.scalars(sa.select(MatchDecision)
                                .where(MatchDecision.profile_id == profile.id)
                                .order_by(MatchDecision.at))
    courses = session.scalars(sa.select(Enrollment).where(Enrollment.profile_id == profile.id)
                              .order_by(Enrollment.created_at))
    return {
        "perfil": _profile(profile),
        "idiomas": [{"idioma": _label(L.LANGUAGE_LABELS, lang.language),
                     "nivel": _label(L.LEVEL_LABELS, lang.level)} for lang in profile.languages],
        "experiencias": [{"titulo": e.title, "tipo": _label(L.KIND_LABELS, e.kind),
                          "meses": e.months, "descripcion": e.description}
                         for e in profile.experiences],
        "habilidades": [s.label_es for s in profile.skills],
        "habilidades_certificadas": [s.label_es for s in profile.certified_skills],
        "ocupaciones_deseadas": [o.label_for(profile.sex) for o in profile.desired_occupations],
        "postulaciones": [_case(session, case) for case in cases],
        "fijado_o_descartado": [
            {"oferta": v.title, "empresa": v.employer.name,
             "decision": _label(L.DECISION_LABELS, d.decision), "motivo": d.reason,
             "fecha": d.at, "quien": who_is(session, d.decided_by) if d.decided_by else None}
            for d in decisions if (v := session.get(Vacancy, d.vacancy_id)) is not None],
        "cursos": [{"curso": e.training.title, "estado": _label(L.ENROLLMENT_LABELS, e.status),
                    "terminado_el": e.completed_on, "inscrito_el": e.created_at}
                   for e in courses],
    }


# What an employer may keep of the people who applied: nothing of whoever withdrew the
# application or the consent (and erased people's cases are gone already).
def _applicant(case: Application) -> Data:
    profile = case.profile
    gone = case.stage == Stage.WITHDRAWN or profile.consent_withdrawn
    return {
        "persona": _("Persona que retiró su postulación o su permiso") if gone
        else f"{profile.first_name} {profile.last_name}".strip(),
        "fecha": case.created_at, "origen": _label(L.SOURCE_LABELS, case.source),
        "etapa": _label(L.EMPLOYER_STAGE_LABELS, case.stage),
        "motivo": _label(L.REASON_LABELS, case.refusal_reason),
    }


def _employer(session: Session, user: User, employer: Employer) -> Data:
    vacancies = session.scalars(sa.select(Vacancy).where(Vacancy.employer_id == employer.id)
                                .order_by(Vacancy.created_at, Vacancy.id))
    return {
        "negocio": {
            "nombre": employer.name, "ruc": employer.ruc, "distrito": employer.district.name,
            "rubro": _label(L.SECTOR_LABELS, employer.sector),
            "contacto": employer.contact_name, "celular": employer.contact_phone,
            "correo": employer.contact_email, "descripcion": employer.description,
            "creado": employer.created_at},
        "verificacion": {
            "estado": _label(L.EMPLOYER_STATUS_LABELS, employer.status),
            "quien": who_is(session, employer.verified_by) if employer.verified_by else None,
            "fecha": employer.verified_at, "nota": employer.decision_note},
        "ofertas": [
            {"titulo": v.title, "estado": _label(L.STATUS_LABELS, v.status),
             "ocupacion": v.occupation.label_es if v.occupation else None,
             "distrito": v.district.name, "puestos": v.positions, "pago": v.pay_pen,
             "periodo_de_pago": _label(L.PAY_PERIOD_LABELS, v.pay_period),
             "contrato": _label(L.CONTRACT_LABELS, v.contract_type),
             "cierra": v.closes_on, "publicada": v.published_at, "creada": v.created_at,
             "descripcion": v.description,
             "postulaciones_recibidas": [
                 _applicant(case) for case in session.scalars(
                     sa.select(Application).where(Application.vacancy_id == v.id)
                     .order_by(Application.created_at, Application.id))]}
            for v in vacancies],
    }


def personal_data(session: Session, user: User) -> Data:
    """Everything Chamba holds about ``user`` (a business's records for an employer)."""
    data = _common(session, user)
    if user.profile is not None:
        data.update(_youth(session, user.profile))
    if user.employer is not None:
        data.update(_employer(session, user, user.employer))
    return data


def as_json(value: Any) -> Any:
    """The same data with dates in ISO form and amounts as text, ready for ``json``."""
    if isinstance(value, dict):
        return {key: as_json(v) for key, v in value.items()}
    if isinstance(value, list | tuple):
        return [as_json(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def export_personal_data(session: Session, user: User) -> Data:
    """Everything Chamba holds about ``user``, as plain JSON-ready data."""
    return as_json(personal_data(session, user))
