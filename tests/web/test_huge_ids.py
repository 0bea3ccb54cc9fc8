"""An id in a URL or a form too big for any row is "not found", never a 500 from the driver."""

from __future__ import annotations

import pytest

from tests.factories import ProfileFactory
from tests.helpers import csrf_token, login
from web.ids import MAX_ID, IdConverter, parse_id

HUGE = "99999999999999999999"  # past SQLite's 64 bits
JUST_PAST = str(2**31)  # past PostgreSQL's int4


@pytest.mark.parametrize("big", [HUGE, JUST_PAST])
@pytest.mark.parametrize(("who", "path"), [
    ("youth_q", "/joven/ofertas/{big}"),
    ("employer_q", "/empresa/ofertas/{big}"),
    ("employer_q", "/empresa/ofertas/{big}/editar"),
    ("employer_q", "/empresa/ofertas/{big}/postulantes"),
    ("employer_q", "/empresa/ofertas/{vacancy_q}/postulantes/{big}"),
    ("employer_q", "/empresa/ofertas/{vacancy_q}/postulantes/{big}/contratar"),
    ("counselor_q", "/consejeria/jovenes/{big}"),
    ("counselor_q", "/consejeria/casos/{big}"),
    ("counselor_q", "/consejeria/ofertas/{big}"),
    ("counselor_q", "/consejeria/seguimientos/{big}"),
    ("counselor_q", "/consejeria/cursos/{big}"),
    ("admin", "/admin/consejeria/{big}"),
    ("admin", "/admin/cursos/{big}/editar"),
])
def test_a_huge_id_in_a_url_is_not_found_for_every_role(as_role, world, who, path, big):
    url = path.format(big=big, vacancy_q=world["vacancy_q"].id)
    response = as_role(who).get(url)
    assert response.status_code == 404
    assert "No encontramos esta página" in response.get_data(as_text=True)


@pytest.mark.parametrize(("who", "path", "data"), [
    ("youth_q", "/joven/ofertas/{big}/postular", {}),
    ("youth_q", "/joven/postulaciones/{big}/retirar", {}),
    ("employer_q", "/empresa/ofertas/{vacancy_q}/postulantes/{big}/etapa",
     {"to_stage": "not_hired", "reason": "other", "note": "Nota"}),
    ("counselor_q", "/consejeria/cursos/{course_q}/inscribir", {"profile_id": HUGE}),
])
def test_a_huge_id_in_a_form_action_is_not_found(as_role, world, who, path, data):
    client = as_role(who)
    url = path.format(big=HUGE, vacancy_q=world["vacancy_q"].id, course_q=world["course_q"].id)
    token = csrf_token(client, "/cuenta")
    assert client.post(url, data={**data, "csrf_token": token}).status_code == 404


def test_every_int_variable_of_every_blueprint_refuses_a_huge_id(app):
    rules = [rule for rule in app.url_map.iter_rules() if "<int:" in rule.rule]
    assert {rule.endpoint.split(".")[0] for rule in rules} >= {
        "youth", "employers", "counselors", "admin"}
    for rule in rules:
        assert all(isinstance(c, IdConverter) for name, c in rule._converters.items()
                   if rule.rule.find(f"<int:{name}>") >= 0), rule.rule


@pytest.mark.parametrize("posted", [HUGE, JUST_PAST, "0", "-3", "١٢", "12a", "", " "])
def test_a_course_enrolment_with_an_impossible_person_id_is_not_found(as_role, world,
                                                                        posted):
    client = as_role("counselor_q")
    url = f"/consejeria/cursos/{world['course_q'].id}/inscribir"
    response = client.post(url, data={"profile_id": posted,
                                      "csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize("posted", [HUGE, JUST_PAST, "١٢", "0"])
def test_ending_a_session_with_an_impossible_number_is_not_found(client, session, posted):
    ProfileFactory(user__phone="987300001")
    login(client, "987300001")
    response = client.post("/cuenta/sesiones/cerrar", data={
        "session_id": posted, "csrf_token": csrf_token(client, "/cuenta/sesiones")})
    assert response.status_code in (400, 404)


@pytest.mark.parametrize(("text", "expected"), [
    ("7", 7), (" 12 ", 12), (str(MAX_ID), MAX_ID), (str(MAX_ID + 1), None), (HUGE, None),
    ("0", None), ("-1", None), ("١٢", None), ("1e3", None), ("", None), (None, None),
])
def test_parse_id_reads_only_ids_a_row_could_have(text, expected):
    assert parse_id(text) == expected


@pytest.mark.parametrize("big", [HUGE, JUST_PAST])
def test_a_huge_course_id_among_a_youths_trainings_gets_a_message(client, big):
    from tests.factories import sign_in_youth
    from tests.helpers import post_form

    sign_in_youth(client)
    response = post_form(client, "/joven/perfil/capacitaciones", {"trainings": big})
    assert response.status_code == 200
    assert "Elige cursos de la lista." in response.get_data(as_text=True)


@pytest.mark.parametrize("big", [HUGE, JUST_PAST])
def test_a_huge_skill_id_in_the_admins_course_form_gets_a_message(as_role, world, big):
    from tests.helpers import post_form
    from tests.web.test_admin_courses import NEW, _course_data

    response = post_form(as_role("admin"), NEW, _course_data(skills=[big]))
    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)


@pytest.mark.parametrize("big", [HUGE, JUST_PAST])
def test_a_huge_occupation_or_course_id_in_the_admins_skill_form_gets_no_500(as_role, world,
                                                                           big):
    client = as_role("admin")
    path = f"/admin/taxonomia/habilidades/{world['skill'].id}"
    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path, data={"occupations": big, "courses": big,
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code in (200, 302, 400, 404)
