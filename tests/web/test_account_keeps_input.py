"""On the account page a refused change comes back with what was typed and each message
beside its own field; nothing is lost, and no password is ever written back into the page."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from models import CandidateProfile, User
from tests.factories import PASSWORD, ProfileFactory
from tests.helpers import csrf_token, login
from tests.web.test_employer_vacancies import make_employer


def post(client, path, **data):
    data["csrf_token"] = csrf_token(client, "/cuenta")
    return client.post(path, data=data)


def value_of(html: str, field_id: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', html).group(0)
    found = re.search(r'\bvalue="([^"]*)"', tag)
    return found.group(1) if found else None


def error_of(html: str, field_id: str) -> str | None:
    found = re.search(rf'<p class="error" id="{field_id}-err">(.*?)</p>', html, re.DOTALL)
    return found.group(1) if found else None


@pytest.fixture()
def yeni(client, session):
    profile = ProfileFactory(user__phone="987000111", user__email="yeni@correo.pe",
                             first_name="Yeni", last_name="Quispe")
    login(client, "987000111")
    return profile


def test_a_refused_contact_change_keeps_what_was_typed_beside_each_message(client, session,
                                                                           yeni):
    response = post(client, "/cuenta/contacto", phone="12345", email="no-es-correo",
                    password=PASSWORD)
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    assert value_of(html, "phone") == "12345" and value_of(html, "email") == "no-es-correo"
    assert error_of(html, "phone") == "El celular debe tener 9 dígitos y empezar con 9."
    assert error_of(html, "email").startswith("El correo no es válido")
    # Neither password box writes back what was typed.
    assert PASSWORD not in html
    assert value_of(html, "contact-password") in (None, "")
    user = session.get(User, yeni.user_id)
    session.refresh(user)
    assert (user.phone, user.email) == ("987000111", "yeni@correo.pe")


def test_a_wrong_password_keeps_the_new_phone_typed(client, yeni):
    response = post(client, "/cuenta/contacto", phone="987000222", email="yeni@correo.pe",
                    password="no es la mía")
    html = response.get_data(as_text=True)
    assert "La contraseña no es correcta." in html
    assert value_of(html, "phone") == "987000222"
    assert "no es la mía" not in html


def test_a_refused_name_correction_keeps_both_names_with_a_message_for_each(client, session,
                                                                          yeni):
    response = post(client, "/cuenta/corregir", first_name="A" * 500, last_name="😀" * 81)
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    assert value_of(html, "first_name") == "A" * 500
    assert value_of(html, "last_name") == "😀" * 81
    assert error_of(html, "first_name") == "El nombre puede tener hasta 60 caracteres."
    assert error_of(html, "last_name") == "Los apellidos pueden tener hasta 80 caracteres."
    session.expire_all()
    profile = session.scalar(sa.select(CandidateProfile))
    assert (profile.first_name, profile.last_name) == ("Yeni", "Quispe")


def test_a_name_with_brackets_shows_its_message_beside_the_surname(client, yeni):
    html = post(client, "/cuenta/corregir", first_name="Yenifer",
                last_name="<b>Q</b>").get_data(as_text=True)
    assert error_of(html, "last_name").startswith("Solo se pueden usar letras")
    assert value_of(html, "first_name") == "Yenifer"
    assert "<b>Q</b>" not in html and value_of(html, "last_name") == "&lt;b&gt;Q&lt;/b&gt;"


def test_a_good_correction_and_a_good_contact_change_still_save(client, session, yeni):
    assert post(client, "/cuenta/corregir", first_name="Yenifer",
                last_name="Huillca").status_code == 302
    assert post(client, "/cuenta/contacto", phone="987000222", email="",
                password=PASSWORD).status_code == 302
    session.expire_all()
    assert session.scalar(sa.select(CandidateProfile.first_name)) == "Yenifer"
    assert session.get(User, yeni.user_id).phone == "987000222"


def test_a_refused_erase_keeps_nothing_of_the_password(client, session, yeni):
    response = post(client, "/cuenta/borrar", password="equivocada")
    html = client.get(response.headers["Location"]).get_data(as_text=True) \
        if response.status_code == 302 else response.get_data(as_text=True)
    assert "No se borró nada" in html and "equivocada" not in html
    assert session.get(User, yeni.user_id) is not None


def test_an_employer_sees_the_refused_contact_change_on_the_same_page(client, session):
    employer = make_employer(session)
    login(client, employer.owner.email)
    html = post(client, "/cuenta/contacto", phone="", email="nuevo@",
                password=PASSWORD).get_data(as_text=True)
    assert value_of(html, "email") == "nuevo@"
    assert error_of(html, "email").startswith("El correo no es válido")
