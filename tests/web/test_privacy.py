"""Consent and the rights of Ley 29733: access, rectification, cancellation, opposition."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from models import (
    Application,
    AuditEvent,
    Base,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Experience,
    ExperienceKind,
    Notification,
    Role,
    Source,
    Stage,
    StageEvent,
    Territory,
    Visibility,
)
from tests.factories import PASSWORD, ProfileFactory, UserFactory, VacancyFactory
from tests.helpers import AuthActions, csrf_token, login, viewed_by
from web.extensions import db


@pytest.fixture()
def yeni(session):
    profile = ProfileFactory(user__phone="987200001", user__email="yeni@correo.pe",
                             first_name="Yenifer", last_name="Huillcahuaman",
                             visibility=Visibility.EMPLOYERS)
    for purpose in (ConsentPurpose.PROCESSING, ConsentPurpose.VISIBILITY):
        session.add(Consent(user=profile.user, purpose=purpose, notice_version="2026-11",
                            granted=True, method=ConsentMethod.ORAL,
                            guardian_name="Rosa Huillcahuaman", guardian_relation="madre"))
    session.commit()
    return profile


def _consent(client, purpose: str, granted: bool):
    return client.post("/cuenta/consentimiento", data={
        "purpose": purpose, "granted": "1" if granted else "0",
        "csrf_token": csrf_token(client, "/cuenta")}, follow_redirects=True)


def test_withdrawing_consent_hides_the_profile_at_once(client, auth, yeni, session):
    auth.login("987200001")
    response = _consent(client, "processing", False)
    assert "tu perfil quedó oculto" in response.get_data(as_text=True)
    db.session.refresh(yeni)
    assert yeni.hidden_at is not None and yeni.visibility == Visibility.PRIVATE
    latest = session.scalars(sa.select(Consent).order_by(Consent.id.desc())).first()
    assert latest.purpose == ConsentPurpose.PROCESSING and latest.granted is False
    # Granting again brings it back; both decisions stay on record.
    _consent(client, "processing", True)
    db.session.refresh(yeni)
    assert yeni.hidden_at is None
    assert session.scalar(sa.select(sa.func.count()).select_from(Consent).where(
        Consent.purpose == ConsentPurpose.PROCESSING)) == 3


def test_withdrawing_visibility_stops_employers_seeing_the_profile(client, auth, yeni):
    auth.login("987200001")
    _consent(client, "visibility", False)
    db.session.refresh(yeni)
    assert yeni.visibility == Visibility.PRIVATE and yeni.hidden_at is None


def test_sensitive_data_needs_its_own_consent(client, auth, yeni):
    auth.login("987200001")
    form = {"ethnic_identity": "quechua", "household_income_pen": "600",
            "health_condition": ""}
    refused = client.post("/cuenta/sensibles", data={**form,
                                                     "csrf_token": csrf_token(client, "/cuenta")},
                          follow_redirects=True)
    assert "Primero da tu permiso" in refused.get_data(as_text=True)
    db.session.refresh(yeni)
    assert yeni.ethnic_identity is None
    _consent(client, "sensitive", True)
    client.post("/cuenta/sensibles", data={**form, "csrf_token": csrf_token(client, "/cuenta")})
    db.session.refresh(yeni)
    assert yeni.ethnic_identity == "quechua" and yeni.household_income_pen == 600
    _consent(client, "sensitive", False)
    db.session.refresh(yeni)
    assert yeni.ethnic_identity is None and yeni.household_income_pen is None


@pytest.mark.parametrize(("field", "value", "message"), [
    ("household_income_pen", "-5", "Escriba un monto entre 0 y 100 000."),
    ("household_income_pen", "muchos", "Escriba un monto en números, por ejemplo 1130.50."),
    ("household_income_pen", "1e400", "Escriba un monto entre 0 y 100 000."),
    ("ethnic_identity", "<img src=x onerror=alert(1)>", "Use solo letras"),
    ("health_condition", "x" * 201, "El campo no puede tener más de 200 caracteres."),
])
def test_bad_sensitive_data_is_refused_with_a_message(client, auth, yeni, field, value, message):
    auth.login("987200001")
    _consent(client, "sensitive", True)
    response = client.post("/cuenta/sensibles", data={
        field: value, "csrf_token": csrf_token(client, "/cuenta")}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert message in html
    assert "<img src=x" not in html


def test_person_downloads_all_their_data_as_json(client, auth, yeni, session):
    yeni.experiences.append(Experience(title="pastoreo de alpacas", months=24,
                                       kind=ExperienceKind.FAMILY_UNPAID))
    session.commit()
    auth.login("987200001")
    response = client.get("/cuenta/mis-datos.json")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["cuenta"]["celular"] == "987200001"
    assert data["perfil"]["first_name"] == "Yenifer"
    assert data["experiencias"][0]["titulo"] == "pastoreo de alpacas"
    assert {c["finalidad"] for c in data["consentimientos"]} == {"processing", "visibility"}


def test_person_corrects_their_name(client, auth, yeni):
    auth.login("987200001")
    client.post("/cuenta/corregir", data={"first_name": "Yennifer", "last_name": "Huillca",
                                          "csrf_token": csrf_token(client, "/cuenta")})
    db.session.refresh(yeni)
    assert (yeni.first_name, yeni.last_name) == ("Yennifer", "Huillca")


def test_person_sees_who_viewed_their_profile(client, auth, app, yeni, session):
    counselor = UserFactory(role=Role.COUNSELOR, phone=None, email="c@cde.pe",
                            territory=session.scalar(sa.select(Territory).filter_by(
                                code="quispicanchi")))
    auth.login("987200001")
    assert "Nadie más vio ni cambió estos datos." in client.get("/cuenta").get_data(as_text=True)
    other = AuthActions(app.test_client())
    other.login(counselor.email)
    other.client.get(f"/consejeria/jovenes/{yeni.id}")
    html = client.get("/cuenta").get_data(as_text=True)
    assert viewed_by(html, "consejería del CDE")
    assert "Nadie más vio ni cambió estos datos." not in html


def _all_text_in_database(session) -> str:
    chunks = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(sa.select(table)).all():
            chunks.extend(str(v) for v in row if v is not None)
    return "\n".join(chunks)


def test_erasing_the_account_leaves_no_name_phone_or_email_anywhere(client, auth, yeni, session):
    vacancy = VacancyFactory()
    application = Application(profile=yeni, vacancy=vacancy, source=Source.SELF,
                              stage=Stage.RECEIVED, message="Soy Yenifer, llámenme")
    application.events.append(StageEvent(to_stage=Stage.RECEIVED, note="Yenifer llamó"))
    yeni.experiences.append(Experience(title="tejido", kind=ExperienceKind.SELF_EMPLOYED))
    session.add_all([application, Notification(user=yeni.user, subject="Hola Yenifer")])
    session.commit()
    assert "Yenifer" in _all_text_in_database(session)

    auth.login("987200001")
    response = client.post("/cuenta/borrar", data={
        "password": PASSWORD, "confirm": "y", "csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 302
    session.expire_all()
    text = _all_text_in_database(session)
    for secret in ("Yenifer", "Huillcahuaman", "987200001", "yeni@correo.pe", "Rosa"):
        assert secret not in text
    # Anonymous figures stay: the case, its stage, the district and the age band.
    kept = session.scalar(sa.select(Application))
    assert kept.stage == Stage.RECEIVED and kept.profile.district_code == "081201"
    assert session.scalar(sa.select(AuditEvent.detail)).startswith("cancelación")
    assert login(client, "987200001").status_code == 200  # cannot sign in any more


def test_erasing_needs_the_password_and_the_box(client, auth, yeni):
    auth.login("987200001")
    for data in ({"password": "equivocada", "confirm": "y"}, {"password": PASSWORD}):
        client.post("/cuenta/borrar", data={**data, "csrf_token": csrf_token(client, "/cuenta")})
        db.session.refresh(yeni)
        assert yeni.first_name == "Yenifer"
