"""Object-level access: every object route × every role × owner / non-owner.

Someone else's object answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import AuditAction, AuditEvent, EmployerStatus, Role, Territory
from tests.conftest import csrf_token, login
from tests.factories import EmployerFactory, ProfileFactory, UserFactory
from web.extensions import db


def _territory(code: str) -> Territory:
    return db.session.scalar(sa.select(Territory).filter_by(code=code))


@pytest.fixture()
def world(session):
    """Two territories, each with a counselor, a youth and an employer; plus an admin."""
    people = {
        "counselor_q": UserFactory(role=Role.COUNSELOR, phone=None, email="cq@cde.pe",
                                   territory=_territory("quispicanchi")),
        "counselor_c": UserFactory(role=Role.COUNSELOR, phone=None, email="cc@cde.pe",
                                   territory=_territory("condorcanqui")),
        "admin": UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe"),
        "youth_q": ProfileFactory(user__phone="987100001", district_code="081210"),
        "youth_c": ProfileFactory(user__phone="987100002", district_code="010401"),
        "employer_q": EmployerFactory(district_code="081201"),
        "employer_c": EmployerFactory(district_code="010402"),
    }
    return people


def _login_as(client, world, who: str) -> None:
    if who == "anonymous":
        return
    thing = world[who]
    user = getattr(thing, "user", None) or getattr(thing, "owner", None) or thing
    assert login(client, user.login).status_code == 302


ROLES = ["anonymous", "youth_q", "employer_q", "counselor_q", "counselor_c", "admin"]

# (route template, object key, who may see it)
OBJECT_ROUTES = [
    ("/consejeria/jovenes/{youth_q}", {"counselor_q", "admin"}),
    ("/consejeria/jovenes/{youth_c}", {"counselor_c", "admin"}),
    ("/consejeria/empresas/{employer_q}", {"counselor_q", "admin"}),
    ("/consejeria/empresas/{employer_c}", {"counselor_c", "admin"}),
    ("/consejeria/jovenes/999999", set()),
    ("/consejeria/empresas/999999", set()),
]


def _path(template: str, world) -> str:
    return template.format(**{k: v.id for k, v in world.items()})


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("template", "allowed"), OBJECT_ROUTES,
                         ids=[r[0] for r in OBJECT_ROUTES])
def test_object_routes_answer_404_to_everyone_but_the_allowed(client, world, who, template,
                                                             allowed):
    _login_as(client, world, who)
    response = client.get(_path(template, world))
    if who == "anonymous":
        assert response.status_code == 302 and "/ingresar" in response.headers["Location"]
    elif who in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 404
        assert "No encontramos esta página" in response.get_data(as_text=True)


AREA_ROUTES = [("/joven/", {"youth_q"}), ("/empresa/", {"employer_q"}),
               ("/consejeria/", {"counselor_q", "counselor_c"}), ("/admin/", {"admin"}),
               ("/consejeria/jovenes/nuevo", {"counselor_q", "counselor_c", "admin"})]


@pytest.mark.parametrize("who", ROLES[1:])
@pytest.mark.parametrize(("path", "allowed"), AREA_ROUTES, ids=[r[0] for r in AREA_ROUTES])
def test_each_audience_area_is_only_for_its_role(client, world, who, path, allowed):
    _login_as(client, world, who)
    assert client.get(path).status_code == (200 if who in allowed else 404)


@pytest.mark.parametrize("who", ["youth_q", "employer_q", "counselor_c"])
def test_reset_code_for_someone_elses_youth_is_404(client, world, who):
    _login_as(client, world, who)
    path = f"/consejeria/jovenes/{world['youth_q'].id}/codigo"
    token = csrf_token(client, "/cuenta")
    assert client.post(path, data={"csrf_token": token}).status_code == 404
    db.session.refresh(world["youth_q"].user)
    assert world["youth_q"].user.setup_code_hash is None


def test_counselor_cannot_verify_another_territorys_employer(client, world):
    _login_as(client, world, "counselor_c")
    path = f"/consejeria/empresas/{world['employer_q'].id}"
    response = client.post(path, data={"decision": "verify", "note": "visita",
                                       "csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 404
    db.session.refresh(world["employer_q"])
    assert world["employer_q"].status == EmployerStatus.PENDING


def test_counselor_viewing_a_profile_is_audited_in_the_same_commit(client, world, session):
    _login_as(client, world, "counselor_q")
    client.get(f"/consejeria/jovenes/{world['youth_q'].id}")
    event = session.scalar(sa.select(AuditEvent))
    assert event.action == AuditAction.VIEW and event.subject_user_id == world["youth_q"].user_id
    assert event.actor_id == world["counselor_q"].id and event.actor_role == "counselor"


def test_counselor_lists_only_their_territorys_youth(client, world):
    _login_as(client, world, "counselor_c")
    html = client.get("/consejeria/").get_data(as_text=True)
    assert f"/consejeria/jovenes/{world['youth_c'].id}" in html
    assert f"/consejeria/jovenes/{world['youth_q'].id}" not in html
    assert world["employer_c"].name in html and world["employer_q"].name not in html


def test_profile_page_title_is_just_the_name(client, world):
    _login_as(client, world, "counselor_q")
    html = client.get(f"/consejeria/jovenes/{world['youth_q'].id}").get_data(as_text=True)
    title = html[html.index("<title>"):html.index("</title>")]
    assert "<section" not in title and "csrf_token" not in title
    assert html.count("Dar un código nuevo para entrar") == 1
