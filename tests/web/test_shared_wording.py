"""Error pages, shared validators and the sign-in prompt speak to nobody as tú or usted, and
say the problem a person actually has (invisible characters are not "brackets")."""

from __future__ import annotations

import re

import pytest
from flask import abort
from markupsafe import escape

from tests.factories import sign_in_youth
from tests.helpers import PASSWORD, post_form
from tests.web.test_auth import youth_form
from tests.web.test_employer_vacancies import make_employer
from tests.web.test_plain_words import FORMAL_OR_FAMILIAR, ROOT, USTED, _messages_in
from tests.web.test_youth_jobs import apply_to, open_vacancy
from web import create_app

# Beyond the two lists of test_plain_words: the usted of the old error pages.
ADDRESSED = re.compile(r"\b(Espere|vuelva|inténtelo|envió|tiene permiso)\b", re.IGNORECASE)


def addressed(text: str) -> bool:
    return bool(FORMAL_OR_FAMILIAR.search(text) or USTED.search(text) or ADDRESSED.search(text))


@pytest.fixture(scope="module")
def failing_app():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")

    @app.get("/falla/<int:code>")
    def fail(code: int):
        if code == 500:
            raise RuntimeError("boom")
        abort(code)

    return app


@pytest.mark.parametrize("code", [400, 403, 404, 405, 413, 429, 500, 503])
def test_error_pages_every_role_sees_use_neither_tu_nor_usted(failing_app, code):
    response = failing_app.test_client().get(f"/falla/{code}")
    assert response.status_code == code
    message = re.search(r"<h1>\d+</h1>\s*<p>(.*?)</p>", response.get_data(as_text=True),
                        re.DOTALL).group(1)
    assert message and not addressed(message), message


def test_the_500_page_says_it_can_be_tried_again(failing_app):
    html = failing_app.test_client().get("/falla/500").get_data(as_text=True)
    assert "Algo salió mal" in html and "se puede intentar otra vez en unos minutos" in html


def test_every_error_message_is_translated_to_english(failing_app):
    client = failing_app.test_client()
    client.set_cookie("locale", "en")
    for code in (400, 403, 404, 413, 429, 500, 503):
        html = client.get(f"/falla/{code}").get_data(as_text=True)
        message = re.search(r"<h1>\d+</h1>\s*<p>(.*?)</p>", html, re.DOTALL).group(1)
        assert not re.search(r"[áéíóúñ¿]|\b(de|la|el|esta)\b", message), message


def test_shared_validators_use_neither_tu_nor_usted():
    texts = _messages_in(ROOT / "web/forms.py", ("plain_text", "no_control", "new_password"))
    texts += _messages_in(ROOT / "web/errors.py", ("register",))
    texts += _messages_in(ROOT / "web/auth/forms.py", ("CorrectionForm",))
    assert len(texts) >= 12  # the sources were read
    assert not [t for t in texts if addressed(t)]


@pytest.mark.parametrize(("lang", "shown"), [
    ("es", "Hace falta ingresar para ver esta página."),
    ("en", "Please sign in to see this page."),
])
def test_the_sign_in_prompt_is_neutral_and_in_the_pages_language(client, lang, shown):
    client.set_cookie("locale", lang)
    html = client.get("/joven/", follow_redirects=True).get_data(as_text=True)
    assert shown in html
    assert "Ingrese para ver" not in html


def test_youth_signup_surname_with_brackets_gets_a_neutral_message(client):
    html = post_form(client, "/registro", youth_form(last_name="<b>Quispe</b>")).get_data(
        as_text=True)
    assert "Solo se pueden usar letras, números y signos comunes" in html
    assert "Use solo letras" not in html


def test_a_common_password_gets_a_neutral_message_on_the_youth_password_change(client):
    sign_in_youth(client)
    html = post_form(client, "/cuenta/contrasena", {
        "current": PASSWORD, "password": "contraseña123"}).get_data(as_text=True)
    assert "Esa contraseña es muy común y fácil de adivinar. Conviene elegir otra" in html
    assert "Elija otra" not in html


INVISIBLE_TU = ("Tu texto tiene caracteres invisibles o que cambian la dirección de la "
                "escritura. Escríbelo de nuevo.")
INVISIBLE_NEUTRAL = ("El texto tiene caracteres invisibles o que cambian la dirección de la "
                     "escritura; conviene escribirlo de nuevo.")
BRACKETS = "sin los signos de menor, mayor ni llaves"


@pytest.mark.parametrize("title", ["hola\u200bmundo", "hola\u202emundo", "hola\x01mundo"])
def test_an_invisible_character_in_an_experience_title_is_named_as_such(client, title):
    sign_in_youth(client)
    html = post_form(client, "/joven/perfil/experiencia",
                     {"title": title, "kind": "informal", "months": "3"}).get_data(as_text=True)
    assert str(escape(INVISIBLE_TU)) in html
    assert BRACKETS not in html


def test_an_invisible_character_in_an_application_message_is_named_as_such(client):
    sign_in_youth(client)
    vacancy = open_vacancy()
    response = apply_to(client, vacancy.id, "hola\u200bmundo")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert str(escape(INVISIBLE_TU)) in html and BRACKETS not in html


def test_brackets_still_get_the_brackets_message_for_the_youth(client):
    sign_in_youth(client)
    html = post_form(client, "/joven/perfil/experiencia",
                     {"title": "<b>x</b>", "kind": "informal", "months": "3"}).get_data(
        as_text=True)
    assert "Escribe solo letras, números y signos comunes, " + BRACKETS in html
    assert "invisibles" not in html


@pytest.mark.parametrize("name", ["Ana\u200b", "Ana\u202e", "Ana\x07"])
def test_an_invisible_character_in_a_name_at_sign_up_gets_the_neutral_message(client, name):
    html = post_form(client, "/registro", youth_form(last_name=name)).get_data(as_text=True)
    assert str(escape(INVISIBLE_NEUTRAL)) in html and BRACKETS not in html


def test_an_invisible_character_in_an_employers_title_gets_the_neutral_message(client, auth,
                                                                              session):
    employer = make_employer(session)
    auth.login(employer.owner.email)
    html = post_form(client, "/empresa/ofertas/nueva", {"title": "Moza\u200b"}).get_data(
        as_text=True)
    assert str(escape(INVISIBLE_NEUTRAL)) in html and BRACKETS not in html


