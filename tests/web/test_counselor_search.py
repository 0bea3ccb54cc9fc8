"""The search box on every counselor list: name, DNI, phone, district; accents and case aside."""

from __future__ import annotations

import pytest

from tests.factories import ProfileFactory
from web.extensions import db
from web.services import search

LISTS = ["/consejeria/", "/consejeria/empresas", "/consejeria/ofertas", "/consejeria/casos",
         "/consejeria/seguimientos"]


@pytest.fixture()
def people(world):
    rosa = ProfileFactory(first_name="Rosa Élida", last_name="Quispé Huamán", dni="41234567",
                          user__phone="987654300", district_code="081210")
    ProfileFactory(first_name="Marco", last_name="Condori", district_code="081202")
    db.session.commit()
    return rosa


@pytest.mark.parametrize("query", ["rosa", "ROSA elida", "quispe", "huaman", "41234567",
                                   "987654300", "987 654 300", "ocongate"])
def test_the_youth_list_finds_a_person_by_name_dni_phone_or_district(people, as_role, query):
    html = as_role("counselor_q").get("/consejeria/", query_string={"q": query}).get_data(True)
    youth_list = html.split('id="jovenes"')[1]  # the week's incomplete profiles come before
    assert "Rosa Élida" in youth_list and "Marco" not in youth_list


def test_the_youth_list_never_shows_another_territory(people, as_role):
    html = as_role("counselor_c").get("/consejeria/?q=rosa").get_data(as_text=True)
    assert "Rosa Élida" not in html and "Nadie coincide con la búsqueda." in html


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("query", ["", "<script>alert(1)</script>", "' OR 1=1 --", "\x00\x01",
                                   "a" * 5000, "%", "_", "ñ", "🙂"])
def test_hostile_queries_answer_a_page_without_errors(people, as_role, path, query):
    response = as_role("counselor_q").get(path, query_string={"q": query})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html


def test_each_list_has_a_search_box_that_works_without_javascript(people, as_role):
    client = as_role("counselor_q")
    for path in LISTS:
        html = client.get(path).get_data(as_text=True)
        assert 'role="search"' in html and 'name="q"' in html and 'method="get"' in html


def test_employers_vacancies_cases_and_follow_ups_narrow_to_the_query(world, as_role):
    client = as_role("counselor_q")
    employers = client.get("/consejeria/empresas?q=negocio").get_data(as_text=True)
    assert "Negocio q" in employers and "Negocio c" not in employers
    assert "Negocio q" not in client.get("/consejeria/empresas?q=zzz").get_data(True)
    vacancies = client.get("/consejeria/ofertas?q=MESERA").get_data(as_text=True)
    assert "Mesera q" in vacancies
    assert "Mesera q" not in client.get("/consejeria/ofertas?q=panadero").get_data(True)
    cases = client.get("/consejeria/casos?q=jovenq").get_data(as_text=True)
    assert f"/consejeria/casos/{world['application_q'].id}" in cases
    assert "/consejeria/casos/" not in client.get("/consejeria/casos?q=nadie").get_data(True)
    follow = client.get("/consejeria/seguimientos?q=987100001").get_data(as_text=True)
    assert f"/consejeria/seguimientos/{world['follow_up_q'].id}" in follow
    other = client.get("/consejeria/seguimientos?q=otra").get_data(as_text=True)
    assert f"/consejeria/seguimientos/{world['follow_up_q'].id}" not in other


def test_the_admin_searches_across_territories(world, as_role):
    html = as_role("admin").get("/consejeria/casos?q=joven").get_data(as_text=True)
    assert f"/consejeria/casos/{world['application_q'].id}" in html
    assert f"/consejeria/casos/{world['application_c'].id}" in html


@pytest.mark.parametrize(("query", "texts", "found"), [
    ("quispe", ["Quispé"], True),
    ("QUISPE  rosa", ["Rosa", "Quispe"], True),
    ("rosa quispe", ["Rosa", "Mamani"], False),
    ("9876", ["987654321"], True),
    ("987 654 321", ["987654321"], True),
    ("", ["anything"], True),
    ("mesera", ["Meseros"], True),
])
def test_the_one_matching_rule(query, texts, found):
    assert search.matches(search.query_words(query), texts) is found


def test_the_query_is_cut_and_cleaned():
    assert search.clean_query("  a\x00b \n c " + "x" * 200) == "ab c " + "x" * 70
