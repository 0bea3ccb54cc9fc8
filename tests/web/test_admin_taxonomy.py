"""The programme admin edits the taxonomy; the matcher and searches see the change."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Role, Skill
from tests.factories import UserFactory, counselor
from tests.helpers import csrf_token, skill
from web.extensions import db


@pytest.fixture()
def admin(client, auth, session):
    UserFactory(role=Role.ADMIN, phone=None, email="jefa@cde.pe")
    auth.login("jefa@cde.pe")


def test_admin_finds_a_skill_by_synonym_and_adds_one(client, admin, session):
    html = client.get("/admin/taxonomia/habilidades", query_string={"q": "caja"}).get_data(
        as_text=True)
    assert "manejo de caja" in html
    cash = skill("manejo de caja")
    path = f"/admin/taxonomia/habilidades/{cash.id}"
    terms = "\n".join([*(s.term for s in cash.synonyms), "cobrar en la bodega"])
    response = client.post(path, data={"label_es": "manejo de caja", "label_en": "cash handling",
                                       "synonyms": terms, "is_active": "y",
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    db.session.refresh(cash)
    assert "cobrar en la bodega" in {s.term for s in cash.synonyms}


def test_admin_adds_a_new_skill_with_a_fresh_code(client, admin, session):
    path = "/admin/taxonomia/habilidades/nueva"
    client.post(path, data={"label_es": "Manejo de drones agrícolas", "label_en": "farm drones",
                            "synonyms": "volar drones, fumigar con dron", "is_active": "y",
                            "csrf_token": csrf_token(client, path)})
    drones = skill("manejo de drones agrícolas")
    assert drones.code == "SK-ADM-001"
    assert {s.term for s in drones.synonyms} == {"volar drones", "fumigar con dron"}


@pytest.mark.parametrize(("data", "message"), [
    ({"label_es": "", "label_en": "x"}, "This field is required"),
    ({"label_es": "algo nuevo", "label_en": "x", "synonyms": "manejo de caja"},
     "ya nombran otra entrada"),
    ({"label_es": "algo nuevo", "label_en": "x", "esco_uri": "http://evil.example/x"},
     "La URI de ESCO no tiene la forma"),
    ({"label_es": "<script>x</script>", "label_en": "x"}, "Solo se pueden usar letras"),
])
def test_bad_taxonomy_edits_are_refused(client, admin, data, message, session):
    before = session.scalar(sa.select(sa.func.count()).select_from(Skill))
    path = "/admin/taxonomia/habilidades/nueva"
    response = client.post(path, data={**data, "csrf_token": csrf_token(client, path)},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert message in html or "Este campo es obligatorio." in html
    assert session.scalar(sa.select(sa.func.count()).select_from(Skill)) == before


@pytest.mark.parametrize("email", ["youth", "counselor"])
def test_only_the_admin_edits_the_taxonomy(client, auth, session, email):

    if email == "youth":
        UserFactory(phone="987600001")
        auth.login("987600001")
    else:
        counselor("c@cde.pe")
        auth.login("c@cde.pe")
    assert client.get("/admin/taxonomia/habilidades").status_code == 404
    assert client.get("/admin/taxonomia/nada").status_code == 404


def test_admin_links_a_new_skill_to_occupations_and_courses(client, admin, session):
    from models import Occupation, Training
    from tests.helpers import occupation, territory
    from web.services import reference

    course = Training(code="CUR-X01", title="Drones para el agro", hours=16,
                      territory=territory("quispicanchi"))
    session.add(course)
    session.commit()
    farmer = occupation("mesero")
    path = "/admin/taxonomia/habilidades/nueva"
    form = client.get(path).get_data(as_text=True)
    assert "Drones para el agro" in form and 'name="links"' in form
    response = client.post(path, data={
        "label_es": "manejo de drones", "label_en": "drones", "is_active": "y", "links": "1",
        "occupations": [str(farmer.id)], "courses": [str(course.id)],
        "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302
    drones = skill("manejo de drones")
    try:
        session.refresh(course)
        assert [s.code for s in course.skills] == [drones.code]
        farmer = session.get(Occupation, farmer.id)
        assert drones in farmer.skills
        # Loading the shipped taxonomy again keeps the hand-made link.
        reference.load_reference_data(session)
        assert drones in session.get(Occupation, farmer.id).skills
        # Unticking everything unlinks it; an edit without the lists leaves links alone.
        edit = f"/admin/taxonomia/habilidades/{drones.id}"
        client.post(edit, data={"label_es": "manejo de drones", "label_en": "drones",
                                "is_active": "y", "csrf_token": csrf_token(client, edit)})
        assert drones in session.get(Occupation, farmer.id).skills
        client.post(edit, data={"label_es": "manejo de drones", "label_en": "drones",
                                "is_active": "y", "links": "1",
                                "csrf_token": csrf_token(client, edit)})
        session.expire_all()
        assert drones not in session.get(Occupation, farmer.id).skills
        assert session.get(Training, course.id).skills == []
    finally:
        # Skills and occupations are reference data kept between tests: leave them as found.
        session.rollback()
        farmer = session.get(Occupation, farmer.id)
        if drones in farmer.skills:
            farmer.skills.remove(drones)
        session.delete(session.get(Skill, drones.id))
        session.commit()


@pytest.mark.parametrize("field", ["occupations", "courses"])
@pytest.mark.parametrize("value", ["999999", "abc", "-1"])
def test_links_to_unknown_occupations_or_courses_are_refused(client, admin, session, field,
                                                             value):
    before = session.scalar(sa.select(sa.func.count()).select_from(Skill))
    path = "/admin/taxonomia/habilidades/nueva"
    response = client.post(path, data={"label_es": "otra cosa", "label_en": "x", "links": "1",
                                       field: [value], "csrf_token": csrf_token(client, path)})
    assert response.status_code == 200
    assert 'class="error"' in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count()).select_from(Skill)) == before
