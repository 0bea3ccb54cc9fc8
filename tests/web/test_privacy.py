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


def test_no_sensitive_data_is_asked_for_any_more(client, auth, yeni):
    """Ethnic identity, household income and health were stored but no feature used them:
    Chamba no longer asks for them (issue #12 item 11; tests/security/test_data_at_rest.py)."""
    auth.login("987200001")
    html = client.get("/cuenta").get_data(as_text=True)
    assert "Datos sensibles" not in html and "Ingreso mensual" not in html
    token = csrf_token(client, "/cuenta")
    gone = client.post("/cuenta/sensibles", data={"ethnic_identity": "quechua",
                                                  "csrf_token": token})
    assert gone.status_code in (404, 405)
    refused = client.post("/cuenta/consentimiento", data={"purpose": "sensitive",
                                                          "granted": "1", "csrf_token": token})
    assert refused.status_code == 400


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
    assert data["perfil"]["nombre"] == "Yenifer"
    assert data["experiencias"][0]["titulo"] == "pastoreo de alpacas"
    assert {c["finalidad"] for c in data["consentimientos"]} == {
        "Usar los datos para buscar trabajo", "Que las empresas verificadas vean el perfil"}


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
    assert viewed_by(html, "equipo del CDE de Urcos")  # the team, never a staff name
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
    # The case goes with her (tests/web/test_erasure.py: its counts stay, anonymous).
    assert session.scalar(sa.select(Application)) is None
    assert session.scalar(sa.select(AuditEvent.detail)).startswith("cancelación")
    assert login(client, "987200001").status_code == 200  # cannot sign in any more


def test_erasing_needs_the_password_and_the_box(client, auth, yeni):
    auth.login("987200001")
    for data in ({"password": "equivocada", "confirm": "y"}, {"password": PASSWORD}):
        client.post("/cuenta/borrar", data={**data, "csrf_token": csrf_token(client, "/cuenta")})
        db.session.refresh(yeni)
        assert yeni.first_name == "Yenifer"
