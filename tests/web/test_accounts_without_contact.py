"""Youth with no phone or e-mail, and siblings sharing one phone, registered by the CDE."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from models import CandidateProfile, ConsentMethod, User
from tests.factories import ProfileFactory, verified_employer
from tests.factories import counselor as make_counselor
from tests.helpers import PASSWORD, count, csrf_token, years_ago
from web.extensions import db
from web.services import accounts
from web.services.passwords import hash_password


@pytest.fixture()
def counselor(session):
    return make_counselor("nieva@cde.pe", "condorcanqui")


def _assisted(**fields) -> accounts.AssistedSignup:
    data = dict(first_name="Rosa", last_name="Pérez", phone=None, email=None,
                birth_date=years_ago(20), district_code="010401",
                consent_method=ConsentMethod.WRITTEN, visible_to_employers=False)
    data.update(fields)
    return accounts.AssistedSignup(**data)


def _sign_in(client, identifier: str, password: str = PASSWORD):
    return client.post("/ingresar", data={"identifier": identifier, "password": password,
                                          "csrf_token": csrf_token(client, "/ingresar")})


def _redeem(client, identifier: str, code: str, password: str):
    path = "/cuenta/activar"
    return client.post(path, data={"identifier": identifier, "code": code,
                                   "password": password, "csrf_token": csrf_token(client, path)})


# --- no phone, no e-mail ----------------------------------------------------------------------

def test_counselor_registers_a_youth_with_neither_phone_nor_email(client, auth, counselor):
    auth.login("nieva@cde.pe")
    path = "/consejeria/jovenes/nuevo"
    response = client.post(path, data={
        "first_name": "Élmer", "last_name": "Ñahui", "phone": "", "email": "", "dni": "45678912",
        "birth_date": years_ago(19).isoformat(), "district": "010401",
        "consent_method": "written", "consent": "y", "csrf_token": csrf_token(client, path)})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    user = db.session.scalar(sa.select(User).where(User.username.is_not(None)))
    assert user.phone is None and user.email is None
    assert re.fullmatch(r"elmer\.[2-9]{4}", user.username)
    assert user.username in html and "45678912" in html
    code = re.search(r"<strong>(\d{4}) (\d{4})</strong>", html)
    code = code.group(1) + code.group(2)
    # She chooses her password with her DNI and the code, then signs in with her username.
    youth = client.application.test_client()
    assert _redeem(youth, "45678912", code, "mi rio marañon 2026").status_code == 302
    again = client.application.test_client()
    assert _sign_in(again, user.username.upper(), "mi rio marañon 2026").status_code == 302
    assert again.get("/joven/").status_code == 200
    by_dni = client.application.test_client()
    assert _sign_in(by_dni, "45678912", "mi rio marañon 2026").status_code == 302


def test_a_chosen_username_is_kept_and_cannot_be_taken_twice(session, counselor):
    user, _code = accounts.register_assisted(session, counselor, _assisted(username="rosa.p"))
    assert user.username == "rosa.p"
    with pytest.raises(accounts.AccountError, match="nombre de usuario ya existe"):
        accounts.register_assisted(session, counselor, _assisted(username="rosa.p"))
    assert count(CandidateProfile) == 1


def test_a_dni_names_one_person_only(session, counselor):
    accounts.register_assisted(session, counselor, _assisted(dni="40000001"))
    with pytest.raises(accounts.AccountError, match="DNI ya está registrado"):
        accounts.register_assisted(session, counselor, _assisted(first_name="Otra",
                                                                 dni="40000001"))
    assert count(CandidateProfile) == 1


@pytest.mark.parametrize("identifier", ["", "rosa.4821", "45678912", "a" * 250, "\x00",
                                        "' OR 1=1 --", "nadie@chamba.pe", "987654321"])
def test_unknown_identifiers_fail_the_same_way(client, counselor, identifier):
    response = _sign_in(client, identifier or " ", "una frase cualquiera")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'class="error"' in html or "no coinciden" in html
    assert client.get("/joven/").status_code == 302


# --- siblings on one phone ----------------------------------------------------------------------

def _sibling(session, name: str, password: str) -> User:
    profile = ProfileFactory(user__phone="965111222", first_name=name, last_name="Tsamajain",
                             district_code="010401", user__password_hash=hash_password(password))
    session.commit()
    return profile.user


def test_siblings_are_registered_on_one_phone_up_to_the_limit(session, counselor):
    for n in range(accounts.PHONE_SHARE_LIMIT):
        accounts.register_assisted(session, counselor, _assisted(first_name=f"Hermana{n}",
                                                                 phone="965111333"))
    with pytest.raises(accounts.AccountError, match="ya tiene 4 perfiles"):
        accounts.register_assisted(session, counselor, _assisted(phone="965111333"))
    assert count(CandidateProfile) == accounts.PHONE_SHARE_LIMIT


def test_an_employers_phone_cannot_be_shared_by_a_youth(session, counselor):
    employer = verified_employer(counselor, district_code="010402")
    employer.owner.phone = "965111444"
    session.commit()
    with pytest.raises(accounts.AccountError, match="empresa o del personal"):
        accounts.register_assisted(session, counselor, _assisted(phone="965111444"))


def test_a_self_signup_still_cannot_take_a_phone_in_use(session, counselor):
    _sibling(session, "Nancy", "clave de nancy 1")
    with pytest.raises(accounts.AccountError):
        accounts.register_youth(session, accounts.YouthSignup(
            "Otra", "", "965111222", None, "frase larga 2026", years_ago(20), False))


def test_each_sibling_signs_in_on_the_shared_phone_with_her_own_password(app, session,
                                                                        counselor):
    nancy = _sibling(session, "Nancy", "clave de nancy 1")
    dina = _sibling(session, "Dina", "clave de dina 22")
    for user, password in ((nancy, "clave de nancy 1"), (dina, "clave de dina 22")):
        client = app.test_client()
        assert _sign_in(client, "965 111 222", password).status_code == 302
        assert f"{user.display_name}" in client.get("/joven/").get_data(as_text=True) or \
            client.get("/joven/").status_code == 200
    stranger = app.test_client()
    response = _sign_in(stranger, "965111222", "no es ninguna")
    html = response.get_data(as_text=True)
    assert "no coinciden" in html and "Na···" not in html and "Di···" not in html


def test_siblings_with_the_same_password_are_asked_which_person_with_masked_names(
        app, session, counselor):
    nancy = _sibling(session, "Nancy", "misma clave 2026")
    _sibling(session, "Dina", "misma clave 2026")
    client = app.test_client()
    response = _sign_in(client, "965111222", "misma clave 2026")
    assert response.headers["Location"].endswith("/ingresar/quien")
    page = client.get("/ingresar/quien").get_data(as_text=True)
    assert "Na··· T." in page and "Di··· T." in page
    assert "Nancy" not in page and "Tsamajain" not in page
    path = "/ingresar/quien"
    # A forged choice (someone not among the matches) is refused and signs no one in.
    forged = client.post(path, data={"person": "999999", "csrf_token": csrf_token(client, path)})
    assert forged.status_code == 200 and client.get("/joven/").status_code == 302
    chosen = client.post(path, data={"person": str(nancy.id),
                                     "csrf_token": csrf_token(client, path)})
    assert chosen.status_code == 302
    assert client.get("/joven/").status_code == 200
    db.session.expire_all()
    assert db.session.get(User, nancy.id).last_login_at is not None


def test_the_person_page_without_a_pending_sign_in_goes_back_to_sign_in(client):
    response = client.get("/ingresar/quien")
    assert response.status_code == 302 and response.headers["Location"].endswith("/ingresar")


def test_the_code_on_a_shared_phone_says_whose_account_it_is(app, session, counselor):
    _sibling(session, "Nancy", "clave de nancy 1")
    dina = _sibling(session, "Dina", "clave de dina 22")
    code = accounts.issue_setup_code(session, dina)
    session.commit()
    client = app.test_client()
    assert _redeem(client, "965111222", code, "nueva de dina 2026").status_code == 302
    again = app.test_client()
    response = _sign_in(again, "965111222", "nueva de dina 2026")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, dina.id).last_login_at is not None


def test_erasure_removes_the_username_and_the_dni_and_the_download_has_them(session,
                                                                          counselor):
    from web.services import privacy

    user, _code = accounts.register_assisted(session, counselor, _assisted(dni="40000009"))
    username = user.username
    assert privacy.export_personal_data(session, user)["cuenta"]["usuario"] == user.username
    assert privacy.export_personal_data(session, user)["perfil"]["dni"] == "40000009"
    privacy.erase_account(session, user)
    db.session.expire_all()
    erased = db.session.get(User, user.id)
    assert erased.username is None and erased.profile is None  # the profile, DNI and all, is gone
    assert db.session.scalar(sa.select(User).filter_by(username=username)) is None
