"""A field in error shows one clear message, in one element whose id nothing else uses."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.factories import sign_in_youth
from tests.helpers import post_form
from tests.web.test_employer_vacancies import make_employer

_ID = re.compile(r'\sid="([^"]*)"')
_ERROR = re.compile(r'<p class="error"[^>]*>(.*?)</p>', re.DOTALL)


def assert_one_message(html: str, field_id: str, message: str) -> None:
    repeated = [i for i, n in Counter(_ID.findall(html)).items() if n > 1]
    assert not repeated, repeated
    errors = re.findall(rf'<p class="error" id="{field_id}-err">(.*?)</p>', html, re.DOTALL)
    assert errors == [message], errors
    assert [e for e in _ERROR.findall(html)].count(message) == 1


@pytest.mark.parametrize(("path", "data", "field_id", "message"), [
    ("/joven/perfil/traslado", {"max_travel_km": "1e9"}, "max_travel_km",
     "Escribe una distancia entre 0 y 2000 km."),
    ("/joven/perfil/traslado", {"max_travel_km": "99999999999"}, "max_travel_km",
     "Ese número es demasiado grande."),
    ("/joven/perfil/experiencia", {"title": "Cosecha", "kind": "familiar",
                                   "months": "1234567890"}, "months",
     "Ese número es demasiado grande."),
    ("/joven/perfil/experiencia", {"title": "Cosecha", "kind": "familiar", "months": "seis"},
     "months", "Escribe solo números."),
])
def test_a_youths_bad_number_gets_one_message_with_one_id(client, path, data, field_id,
                                                          message):
    sign_in_youth(client)
    response = post_form(client, path, data)
    assert response.status_code == 200
    assert_one_message(response.get_data(as_text=True), field_id, message)


@pytest.mark.parametrize(("positions", "message"), [
    ("1e9", "Escriba un número entero, por ejemplo 2."),
    ("12345678901", "Ese número es demasiado grande."),
])
def test_an_employers_bad_number_of_positions_gets_one_message(client, auth, session,
                                                               positions, message):
    employer = make_employer(session)
    auth.login(employer.owner.email)
    html = post_form(client, "/empresa/ofertas/nueva",
                     {"title": "Moza", "positions": positions}).get_data(as_text=True)
    assert_one_message(html, "positions", message)
