"""A person corrects the phone or e-mail she signs in with, from her account page."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Role, User
from tests.factories import PASSWORD, ProfileFactory, UserFactory
from tests.helpers import csrf_token, login


def change(client, **data):
    data.setdefault("password", PASSWORD)
    data["csrf_token"] = csrf_token(client, "/cuenta")
    return client.post("/cuenta/contacto", data=data, follow_redirects=True)


def fresh(session, user_id) -> User:
    session.expire_all()
    return session.get(User, user_id)


def test_youth_changes_her_phone_and_signs_in_with_the_new_one(client, session):
    profile = ProfileFactory(user__phone="987000111", user__email=None)
    login(client, "987000111")
    html = change(client, phone="+51 987 000 222", email="").get_data(as_text=True)
    assert "Guardamos el celular y el correo." in html
    assert fresh(session, profile.user_id).phone == "987000222"
    client.post("/salir", data={"csrf_token": csrf_token(client, "/cuenta")})
    assert login(client, "987000111").status_code == 200  # the old one no longer works
    assert login(client, "987000222").status_code == 302


def test_an_e_mail_can_replace_a_lost_phone(client, session):
    profile = ProfileFactory(user__phone="987000111", user__email=None)
    login(client, "987000111")
    change(client, phone="", email="Yeni@Correo.PE")
    user = fresh(session, profile.user_id)
    assert (user.phone, user.email) == (None, "yeni@correo.pe")


def test_with_only_one_contact_the_page_says_to_ask_the_cde(client):
    ProfileFactory(user__phone="987000111", user__email=None)
    login(client, "987000111")
    html = client.get("/cuenta").get_data(as_text=True)
    assert "el CDE puede cambiarlo: basta ir con el DNI" in html
    assert 'value="987000111"' in html


@pytest.mark.parametrize(("data", "message"), [
    ({"password": "no es la mía"}, "La contraseña no es correcta."),
    ({"password": ""}, "Hace falta la contraseña para confirmar el cambio."),
    ({"phone": "", "email": ""}, "Hace falta al menos un celular o un correo"),
    ({"phone": "12345"}, "El celular debe tener 9 dígitos y empezar con 9."),
    ({"phone": "98700022a"}, "El celular debe tener 9 dígitos y empezar con 9."),
    ({"phone": "", "email": "yeni@"}, "El correo no es válido"),
    ({"phone": "", "email": "<script>@x.pe"}, "El correo no es válido"),
    ({"phone": "987000333"}, "No pudimos usar ese celular o correo."),  # someone else's
])
def test_bad_or_taken_contact_is_refused_and_nothing_changes(client, session, data, message):
    profile = ProfileFactory(user__phone="987000111", user__email=None)
    ProfileFactory(user__phone="987000333")
    login(client, "987000111")
    data = {"phone": "987000222", "email": "", **data}
    html = change(client, **data).get_data(as_text=True)
    assert message in html and "<script>@x.pe" not in html
    user = fresh(session, profile.user_id)
    assert (user.phone, user.email) == ("987000111", None)


def test_employer_corrects_the_e_mail_it_signs_in_with(client, session):
    from tests.web.test_employer_vacancies import make_employer

    employer = make_employer(session)
    login(client, employer.owner.email)
    change(client, email="nuevo@negocio.pe", phone="")
    assert fresh(session, employer.user_id).email == "nuevo@negocio.pe"


def test_without_a_token_nothing_changes(client, session):
    profile = ProfileFactory(user__phone="987000111", user__email=None)
    login(client, "987000111")
    response = client.post("/cuenta/contacto", data={"phone": "987000222",
                                                     "password": PASSWORD})
    assert response.status_code in (302, 400)
    assert fresh(session, profile.user_id).phone == "987000111"


def test_signed_out_people_are_sent_to_sign_in(client, session):
    UserFactory(role=Role.YOUTH, phone="987000111")
    response = client.post("/cuenta/contacto", data={"phone": "987000222"})
    assert response.status_code in (302, 400)
    assert session.scalar(sa.select(User.phone)) == "987000111"
