"""The programme admin creates, deactivates, reactivates and moves counselors on screens."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from models import AuditEvent, Role, User
from tests.helpers import PASSWORD, count, csrf_token, post_form, territory
from web.extensions import db

PATH = "/admin/consejeria"


def _create(client, **data):
    form = {"display_name": "Rocío Quispe", "email": "rocio@cde.pe",
            "territory": str(territory("condorcanqui").id), **data}
    return post_form(client, PATH, form)


def test_admin_creates_a_counselor_who_sets_a_password_and_enrols_mfa(app, as_role, world):
    admin = as_role("admin")
    response = _create(admin)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    code = re.search(r'<strong id="setup-code">(\d{4}) (\d{4})</strong>', html)
    assert code, html
    user = db.session.scalar(sa.select(User).filter_by(email="rocio@cde.pe"))
    assert user.role == Role.COUNSELOR and user.territory.code == "condorcanqui"
    assert user.password_hash is None
    assert "consejería" in db.session.scalar(sa.select(AuditEvent.detail).where(
        AuditEvent.subject_user_id == user.id))

    # The counselor redeems the code, then must enrol the authenticator before anything.
    counselor = app.test_client()
    redeemed = post_form(counselor, "/cuenta/activar", {
        "identifier": "rocio@cde.pe", "code": code.group(1) + code.group(2),
        "password": PASSWORD, "confirm": PASSWORD})
    assert redeemed.status_code == 302
    assert redeemed.headers["Location"].endswith("/ingresar/activar-verificacion")
    assert counselor.get("/consejeria/").status_code in (302, 404)


def test_counselor_list_shows_each_one_with_territory_and_state(as_role, world):
    html = as_role("admin").get(PATH).get_data(as_text=True)
    assert "Consejera Q" in html and "Consejero C" in html
    assert "Quispicanchi (CDE Urcos)" in html
    assert "Aún no ingresó" in html or "Activa" in html


@pytest.mark.parametrize(("data", "message"), [
    ({"display_name": ""}, "obligatorio"),
    ({"email": "no-es-correo"}, "Escriba un correo válido"),
    ({"email": "cq@cde.pe"}, "Ya existe una cuenta con ese correo"),
    ({"territory": "999999"}, "Opción inválida"),
    ({"territory": "abc"}, "Elija el territorio"),
    ({"display_name": "<script>alert(1)</script>"}, "Solo se pueden usar letras"),
    ({"display_name": "x" * 500}, 'class="error"'),
    ({"email": "a\x00b@cde.pe"}, 'class="error"'),
])
def test_bad_counselor_data_is_refused_and_nothing_is_written(as_role, world, data, message):
    before = count(User)
    response = _create(as_role("admin"), **data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(User) == before


def test_deactivating_a_counselor_ends_their_sessions_at_once(app, as_role, world):
    counselor = as_role("counselor_q")
    assert counselor.get("/consejeria/").status_code == 200
    admin = as_role("admin")
    user_id = world["counselor_q"].id
    page = f"{PATH}/{user_id}"
    response = admin.post(f"{page}/desactivar",
                          data={"csrf_token": csrf_token(admin, page)})
    assert response.status_code == 302
    assert not db.session.get(User, user_id).is_active
    # The open session is gone, and signing in again is refused.
    assert counselor.get("/consejeria/").status_code in (302, 401, 404)
    again = app.test_client()
    login = post_form(again, "/ingresar", {"identifier": "cq@cde.pe", "password": PASSWORD})
    assert login.status_code == 200 and "no coinciden" in login.get_data(as_text=True)

    admin.post(f"{page}/reactivar", data={"csrf_token": csrf_token(admin, page)})
    assert db.session.get(User, user_id).is_active
    from tests.helpers import login as sign_in

    assert sign_in(app.test_client(), "cq@cde.pe").status_code in (200, 302)


def test_moved_counselor_sees_the_new_territory_and_cases_stay(as_role, world):
    counselor = as_role("counselor_q")
    case_q = f"/consejeria/casos/{world['application_q'].id}"
    case_c = f"/consejeria/casos/{world['application_c'].id}"
    assert counselor.get(case_q).status_code == 200
    admin = as_role("admin")
    page = f"{PATH}/{world['counselor_q'].id}"
    response = post_form(admin, page, {"territory": str(territory("condorcanqui").id)})
    assert response.status_code == 302
    assert counselor.get(case_q).status_code == 404
    assert counselor.get(case_c).status_code == 200
    # The case itself did not move: Quispicanchi's counselors still hold it.
    assert db.session.get(type(world["application_q"]), world["application_q"].id) is not None
    moved = post_form(admin, page, {"territory": str(territory("condorcanqui").id)},
                      follow_redirects=True)
    assert "ya trabaja en ese territorio" in moved.get_data(as_text=True)


@pytest.mark.parametrize("who", ["anonymous", "youth_q", "employer_q", "counselor_q"])
def test_only_the_admin_manages_counselors(as_role, world, who):
    client = as_role(who)
    target = world["counselor_c"].id
    assert client.get(PATH).status_code in (302, 404)
    assert client.get(f"{PATH}/{target}").status_code in (302, 404)
    response = client.post(f"{PATH}/{target}/desactivar", data={})
    assert response.status_code in (302, 400, 404)
    assert db.session.get(User, target).is_active


def test_admin_cannot_touch_a_non_counselor_account_here(as_role, world):
    admin = as_role("admin")
    youth_user = world["youth_q"].user_id
    assert admin.get(f"{PATH}/{youth_user}").status_code == 404
    page = PATH
    response = admin.post(f"{PATH}/{youth_user}/desactivar",
                          data={"csrf_token": csrf_token(admin, page)})
    assert response.status_code == 404
    assert db.session.get(User, youth_user).is_active
    assert admin.post(f"{PATH}/{youth_user}/borrar",
                      data={"csrf_token": csrf_token(admin, page)}).status_code == 404
