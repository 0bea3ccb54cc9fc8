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
    ({"label_es": "<script>x</script>", "label_en": "x"}, "Use solo letras"),
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
