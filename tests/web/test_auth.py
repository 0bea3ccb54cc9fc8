"""Sign-up, sign-in, sign-out and password change, as people use them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    CandidateProfile,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Employer,
    EmployerStatus,
    Role,
    User,
    Visibility,
)
from tests.factories import PASSWORD, ProfileFactory, UserFactory
from tests.helpers import count, csrf_token, login, post_form, years_ago
from web.extensions import db


def youth_form(**overrides) -> dict[str, str]:
    form = {"first_name": "Yeni", "last_name": "Quispe Mamani", "phone": "987 654 321",
            "email": "", "birth_date": years_ago(19).isoformat(),
            "password": "mi chacra en ocongate", "consent": "y", "visible": "y"}
    form.update(overrides)
    return form


def test_youth_signs_up_with_phone_and_lands_on_her_page(client, session):
    response = post_form(client, "/registro", youth_form())
    assert response.status_code == 302
    assert client.get("/inicio").headers["Location"].endswith("/joven/")
    user = session.scalar(sa.select(User).filter_by(phone="987654321"))
    assert user.role == Role.YOUTH and user.password_hash.startswith("$argon2id$")
    assert user.profile.visibility == Visibility.EMPLOYERS
    consents = {c.purpose: c for c in session.scalars(sa.select(Consent).filter_by(user=user))}
    assert consents[ConsentPurpose.PROCESSING].granted
    assert consents[ConsentPurpose.VISIBILITY].granted
    assert consents[ConsentPurpose.PROCESSING].method == ConsentMethod.ONLINE
    assert consents[ConsentPurpose.PROCESSING].notice_version


def test_adolescent_signs_up_with_guardian_consent(client, session):
    response = post_form(client, "/registro", youth_form(
        birth_date=years_ago(16).isoformat(), guardian_name="Rosa Mamani",
        guardian_relation="madre"))
    assert response.status_code == 302
    consent = session.scalar(sa.select(Consent).where(
        Consent.purpose == ConsentPurpose.PROCESSING))
    assert consent.guardian_name == "Rosa Mamani" and consent.guardian_relation == "madre"


def test_youth_without_visibility_consent_stays_private(client, session):
    post_form(client, "/registro", youth_form(visible=""))
    profile = session.scalar(sa.select(CandidateProfile))
    assert profile.visibility == Visibility.PRIVATE


BAD_YOUTH_SIGNUPS = [
    ("empty name", {"first_name": ""}, "Este dato es obligatorio."),
    ("overlong name", {"first_name": "a" * 61}, "El campo no puede tener más de 60 caracteres."),
    ("script in name", {"first_name": "<script>alert(1)</script>"},
     "Solo se pueden usar letras, números y signos comunes, sin los signos de menor, mayor ni "
     "llaves."),
    ("phone too short", {"phone": "98765"}, "El celular debe tener 9 dígitos y empezar con 9."),
    ("landline", {"phone": "084123456"}, "El celular debe tener 9 dígitos y empezar con 9."),
    ("letters in phone", {"phone": "98765432a"},
     "El celular debe tener 9 dígitos y empezar con 9."),
    ("no phone nor e-mail", {"phone": ""}, "Falta un celular o un correo."),
    ("bad e-mail", {"phone": "", "email": "yeni@"},
     "El correo no es válido; debe ser como nombre@ejemplo.pe."),
    ("birth date in the future", {"birth_date": (date.today() + timedelta(days=3)).isoformat()},
     "La fecha de nacimiento no puede estar en el futuro."),
    ("14 years old", {"birth_date": years_ago(14).isoformat()},
     "Chamba es para jóvenes desde los 15 años."),
    ("30 years old", {"birth_date": years_ago(30).isoformat()},
     "Chamba es para jóvenes de 15 a 29 años."),
    ("not a date", {"birth_date": "31/02/2009"},
     "Hace falta una fecha de nacimiento válida (día, mes y año)."),
    ("minor without guardian", {"birth_date": years_ago(16).isoformat()},
     "De 15 a 17 años hace falta el nombre de la madre"),
    ("short password", {"password": "corta"},
     "La contraseña debe tener al menos 8 caracteres."),
    ("common password", {"password": "contraseña123"}, "Esa contraseña es muy común"),
    ("common password, other case", {"password": "PASSWORD1"}, "Esa contraseña es muy común"),
    ("no consent", {"consent": ""}, "Sin tu permiso no podemos guardar tus datos."),
]


@pytest.mark.parametrize(("why", "changes", "message"), BAD_YOUTH_SIGNUPS,
                         ids=[b[0] for b in BAD_YOUTH_SIGNUPS])
def test_bad_youth_signup_gets_a_spanish_message_and_saves_nothing(client, why, changes,
                                                                    message):
    response = post_form(client, "/registro", youth_form(**changes))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert "<script>alert(1)</script>" not in html
    assert count(User) == 0 and count(Consent) == 0


def test_sql_in_a_name_is_just_text(client, session):
    name = "Robert'); DROP TABLE users;--"
    response = post_form(client, "/registro", youth_form(first_name=name))
    assert response.status_code == 302
    assert session.scalar(sa.select(CandidateProfile.first_name)) == name


def test_same_phone_cannot_sign_up_twice(client):
    post_form(client, "/registro", youth_form())
    client.post("/salir", data={"csrf_token": csrf_token(client, "/joven/")})
    response = post_form(client, "/registro", youth_form(first_name="Otra"))
    assert "No pudimos crear la cuenta con esos datos" in response.get_data(as_text=True)
    assert count(User) == 1


def employer_form(**overrides) -> dict[str, str]:
    form = {"business_name": "Ausangate Lodge", "ruc": "20131312955", "district": "081210",
            "sector": "turismo", "contact_name": "Edwin Puma", "contact_phone": "984111222",
            "email": "lodge@ausangate.pe", "password": "nevado ausangate 6384", "consent": "y"}
    form.update(overrides)
    return form


def test_employer_signs_up_and_stays_pending(client, session):
    response = post_form(client, "/registro/empresa", employer_form())
    assert response.status_code == 302
    employer = session.scalar(sa.select(Employer))
    assert employer.status == EmployerStatus.PENDING and employer.ruc == "20131312955"
    page = client.get("/empresa/").get_data(as_text=True)
    assert "verificación" in page


def test_employer_without_e_mail_signs_up_and_signs_in_with_the_phone(client, session):
    response = post_form(client, "/registro/empresa", employer_form(
        email="", contact_phone="984 111 222"))
    assert response.status_code == 302
    user = session.scalar(sa.select(User).where(User.role == Role.EMPLOYER))
    assert (user.phone, user.email) == ("984111222", None)
    assert user.employer.contact_phone == "984111222"
    client.post("/salir", data={"csrf_token": csrf_token(client, "/empresa/")})
    assert login(client, "984111222", "nevado ausangate 6384").status_code == 302
    assert client.get("/empresa/").status_code == 200


def test_employer_phone_already_used_to_sign_in_is_refused_without_saying_whose(client):
    ProfileFactory(user__phone="984111222")
    response = post_form(client, "/registro/empresa", employer_form(
        email="", contact_phone="984111222"))
    assert "No pudimos crear la cuenta con esos datos" in response.get_data(as_text=True)
    assert count(Employer) == 0


def test_employer_signup_has_no_silent_default_for_district_or_sector(client):
    html = client.get("/registro/empresa").get_data(as_text=True)
    for name in ("district", "sector"):
        select = html[html.index(f'name="{name}"'):]
        select = select[:select.index("</select>")]
        first = select[select.index("<option"):]
        assert first.startswith('<option value="">Elija…</option>')
        assert "selected" not in select  # the browser shows «Elija…», nothing else


def test_signup_errors_are_listed_at_the_top_with_links_and_by_each_field(client):
    html = post_form(client, "/registro", youth_form(first_name="", phone="123")).get_data(
        as_text=True)
    summary = html[html.index('id="errores"'):]
    summary = summary[:summary.index("</div>")]
    assert "Revisa estos datos:" in summary
    assert '<a href="#first_name">Nombre: Este dato es obligatorio.</a>' in summary
    assert 'href="#phone"' in summary
    assert html.index('id="errores"') < html.index('id="first_name"')
    assert 'id="first_name-err"' in html and 'id="phone-err"' in html
    employer = post_form(client, "/registro/empresa", employer_form(sector="")).get_data(
        as_text=True)
    assert "Revise estos datos:" in employer and 'href="#sector"' in employer
    assert 'id="errores"' not in client.get("/registro").get_data(as_text=True)


@pytest.mark.parametrize("typed", ["06/12/2005", "6/12/2005", "06-12-2005", "2005-12-06"])
def test_birth_date_is_typed_day_month_year(client, session, typed):
    post_form(client, "/registro", youth_form(birth_date=typed))
    assert session.scalar(sa.select(CandidateProfile.birth_date)) == date(2005, 12, 6)


def test_birth_date_field_shows_day_month_year(client):
    html = client.get("/registro").get_data(as_text=True)
    assert 'placeholder="dd/mm/aaaa"' in html and 'type="date"' not in html
    html = post_form(client, "/registro", youth_form(birth_date="06/12/2005",
                                                     password="")).get_data(as_text=True)
    assert 'value="06/12/2005"' in html


def test_employer_without_ruc_is_fine(client, session):
    assert post_form(client, "/registro/empresa", employer_form(ruc="")).status_code == 302
    assert session.scalar(sa.select(Employer.ruc)) is None


BAD_EMPLOYER_SIGNUPS = [
    ("bad RUC check digit", {"ruc": "20131312954"}, "El RUC no es válido: revise los 11 dígitos."),
    ("RUC with letters", {"ruc": "2013131295X"}, "El RUC no es válido: revise los 11 dígitos."),
    ("RUC too short", {"ruc": "2013131"}, "El RUC no es válido: revise los 11 dígitos."),
    ("unknown district", {"district": "999999"}, "Elija un distrito de la lista."),
    ("unknown sector", {"sector": "mineria"}, "Elija un rubro de la lista."),
    ("district left on «Elija…»", {"district": ""}, "Elija el distrito de su negocio."),
    ("sector left on «Elija…»", {"sector": ""}, "Elija el rubro de su negocio."),
    ("no e-mail nor phone", {"email": "", "contact_phone": ""},
     "Escriba su celular o su correo: con uno de ellos ingresará a Chamba."),
    ("script in business name", {"business_name": "<b>Lodge</b>"},
     "Solo se pueden usar letras, números y signos comunes"),
    ("overlong name", {"business_name": "x" * 161},
     "El campo no puede tener más de 160 caracteres."),
    ("bad contact phone", {"contact_phone": "12345"},
     "El celular debe tener 9 dígitos y empezar con 9."),
]


@pytest.mark.parametrize(("why", "changes", "message"), BAD_EMPLOYER_SIGNUPS,
                         ids=[b[0] for b in BAD_EMPLOYER_SIGNUPS])
def test_bad_employer_signup_gets_a_spanish_message(client, why, changes, message):
    response = post_form(client, "/registro/empresa", employer_form(**changes))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Employer) == 0


def test_wrong_password_gets_a_spanish_message(client):
    ProfileFactory(user__phone="987000111")
    response = login(client, "987000111", "no es la clave")
    assert "no coinciden" in response.get_data(as_text=True)
    assert client.get("/joven/").status_code == 302  # still signed out


def test_sign_in_accepts_phone_with_spaces_and_country_code(client):
    ProfileFactory(user__phone="987000111")
    response = login(client, "+51 987 000 111")
    assert response.status_code == 302


@pytest.mark.parametrize(("target", "expected"), [
    ("/cuenta", "/cuenta"),
    ("//evil.example/x", "/inicio"),
    ("https://evil.example/", "/inicio"),
    ("/\\evil.example", "/inicio"),
    ("javascript:alert(1)", "/inicio"),
])
def test_next_only_redirects_inside_the_site(client, target, expected):
    ProfileFactory(user__phone="987000111")
    token = csrf_token(client, "/ingresar")
    response = client.post("/ingresar", query_string={"next": target},
                           data={"identifier": "987000111", "password": PASSWORD,
                                 "csrf_token": token})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_remember_me_is_off_by_default(client, auth):
    ProfileFactory(user__phone="987000111")
    page = client.get("/ingresar").get_data(as_text=True)
    assert 'name="remember"' in page and 'name="remember" checked' not in page
    auth.login("987000111")
    assert client.get_cookie("remember_token") is None


def test_session_rotates_on_login(client, auth):
    ProfileFactory(user__phone="987000111")
    csrf_token(client, "/ingresar")
    before = client.get_cookie("session").value
    auth.login("987000111")
    after = client.get_cookie("session").value
    assert before != after


def _copied_cookie_client(app, client):
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_sign_out_ends_every_session_even_a_copied_cookie(app, client, auth):
    ProfileFactory(user__phone="987000111")
    auth.login("987000111")
    thief = _copied_cookie_client(app, client)
    assert thief.get("/joven/").status_code == 200
    client.post("/salir", data={"csrf_token": csrf_token(client, "/joven/")})
    assert thief.get("/joven/").status_code == 302


def test_password_change_ends_other_sessions_but_keeps_this_one(app, client, auth, session):
    user = ProfileFactory(user__phone="987000111").user
    auth.login("987000111")
    thief = _copied_cookie_client(app, client)
    response = client.post("/cuenta/contrasena", data={
        "current": PASSWORD, "password": "otra frase larga 2027",
        "csrf_token": csrf_token(client, "/cuenta/contrasena")})
    assert response.status_code == 302
    assert client.get("/joven/").status_code == 200
    assert thief.get("/joven/").status_code == 302
    db.session.refresh(user)
    assert login(app.test_client(), "987000111", "otra frase larga 2027").status_code == 302


def test_password_change_with_wrong_current_password_changes_nothing(client, auth, session):
    ProfileFactory(user__phone="987000111")
    auth.login("987000111")
    response = client.post("/cuenta/contrasena", data={
        "current": "equivocada", "password": "otra frase larga 2027",
        "csrf_token": csrf_token(client, "/cuenta/contrasena")}, follow_redirects=True)
    assert "La contraseña actual no es correcta." in response.get_data(as_text=True)


def test_repeated_failed_logins_are_throttled_before_hashing(app, client, auth, monkeypatch):
    ProfileFactory(user__phone="987000111")
    calls = []
    from web.services import accounts

    real = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password",
                        lambda h, p: calls.append(p) or real(h, p))
    for _ in range(5):
        assert login(client, "987000111", "mala clave").status_code == 200
    blocked = login(client, "987000111", PASSWORD)
    assert blocked.status_code == 429
    assert "Demasiados intentos" in blocked.get_data(as_text=True)
    assert len(calls) == 5  # the sixth attempt never reached the password hash
    # Another account from the same address is not blocked by this one's failures.
    UserFactory(phone="987000222")
    auth.login("987000222")


def test_failed_logins_are_throttled_per_address_too(app, client, auth):
    app.config["LOGIN_LIMIT_ADDRESS"] = "3 per 15 minutes"
    try:
        for n in range(3):
            auth.login(f"98700000{n}", "mala clave", expect=200)
        auth.login("987000009", "mala clave", expect=429)
    finally:
        app.config["LOGIN_LIMIT_ADDRESS"] = "30 per 15 minutes"


def test_successful_logins_do_not_count_towards_the_limit(client, auth):
    ProfileFactory(user__phone="987000111")
    for _ in range(7):
        auth.login("987000111")
        client.post("/salir", data={"csrf_token": csrf_token(client, "/joven/")})


def test_form_without_csrf_token_is_refused(client):
    response = client.post("/registro", data=youth_form())
    assert response.status_code == 400
    assert "no es válida" in response.get_data(as_text=True)
    assert count(User) == 0


def test_inactive_account_cannot_sign_in(client):
    UserFactory(phone="987000111", is_active=False)
    assert login(client, "987000111").status_code == 200
