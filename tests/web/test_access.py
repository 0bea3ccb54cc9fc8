"""Object-level access: every object route × every role × owner / non-owner.

Someone else's object answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import AuditAction, AuditEvent, EmployerStatus
from tests.helpers import csrf_token
from web.extensions import db


def _login_as(auth, world, who: str) -> None:
    if who != "anonymous":
        auth.login(world.user(who).login)


def _pending(employer) -> None:
    """The shared world's employers are verified; these tests need one waiting for it."""
    employer.status, employer.verified_by, employer.verified_at = (EmployerStatus.PENDING,
                                                                   None, None)
    db.session.commit()


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
    return template.format(**world.ids)


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(("template", "allowed"), OBJECT_ROUTES,
                         ids=[r[0] for r in OBJECT_ROUTES])
def test_object_routes_answer_404_to_everyone_but_the_allowed(client, auth, world, who, template,
                                                             allowed):
    _login_as(auth, world, who)
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
def test_each_audience_area_is_only_for_its_role(client, auth, world, who, path, allowed):
    _login_as(auth, world, who)
    assert client.get(path).status_code == (200 if who in allowed else 404)


@pytest.mark.parametrize("who", ["youth_q", "employer_q", "counselor_c"])
def test_reset_code_for_someone_elses_youth_is_404(client, auth, world, who):
    _login_as(auth, world, who)
    path = f"/consejeria/jovenes/{world['youth_q'].id}/codigo"
    token = csrf_token(client, "/cuenta")
    assert client.post(path, data={"csrf_token": token}).status_code == 404
    db.session.refresh(world["youth_q"].user)
    assert world["youth_q"].user.setup_code_hash is None


def test_counselor_cannot_verify_another_territorys_employer(client, auth, world):
    _pending(world["employer_q"])
    _login_as(auth, world, "counselor_c")
    path = f"/consejeria/empresas/{world['employer_q'].id}"
    response = client.post(path, data={"decision": "verify", "note": "visita",
                                       "csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 404
    db.session.refresh(world["employer_q"])
    assert world["employer_q"].status == EmployerStatus.PENDING


def test_counselor_viewing_a_profile_is_audited_in_the_same_commit(client, auth, world, session):
    _login_as(auth, world, "counselor_q")
    client.get(f"/consejeria/jovenes/{world['youth_q'].id}")
    event = session.scalar(sa.select(AuditEvent))
    assert event.action == AuditAction.VIEW and event.subject_user_id == world["youth_q"].user_id
    assert event.actor_id == world["counselor_q"].id and event.actor_role == "counselor"


def test_counselor_lists_only_their_territorys_youth(client, auth, world):
    _pending(world["employer_q"])
    _pending(world["employer_c"])
    _login_as(auth, world, "counselor_c")
    html = client.get("/consejeria/").get_data(as_text=True)
    assert f"/consejeria/jovenes/{world['youth_c'].id}" in html
    assert f"/consejeria/jovenes/{world['youth_q'].id}" not in html
    assert world["employer_c"].name in html and world["employer_q"].name not in html


def test_profile_page_title_is_just_the_name(client, auth, world):
    _login_as(auth, world, "counselor_q")
    html = client.get(f"/consejeria/jovenes/{world['youth_q'].id}").get_data(as_text=True)
    title = html[html.index("<title>"):html.index("</title>")]
    assert "<section" not in title and "csrf_token" not in title
    assert html.count("Dar un código nuevo para entrar") == 1
