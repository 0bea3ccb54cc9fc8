"""A counselor registers a youth at the CDE; later the youth sets a password with the code."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from models import Role, Territory, User
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD
from tests.helpers import years_ago
from web.extensions import db
from web.services.passwords import hash_password

pytestmark = pytest.mark.e2e


@pytest.fixture()
def counselor(live_server):
    app, _base = live_server
    with app.app_context():
        territory = db.session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
        user = db.session.scalar(sa.select(User).filter_by(email="urcos.e2e@cde.pe"))
        if user is None:
            db.session.add(User(role=Role.COUNSELOR, email="urcos.e2e@cde.pe",
                                display_name="Yanet", territory=territory,
                                password_hash=hash_password(PASSWORD)))
            db.session.commit()
        db.session.remove()
    return "urcos.e2e@cde.pe"


def test_counselor_registers_youth_who_then_sets_her_password(live_server, browser, counselor):
    app, base = live_server
    desk = browser.new_context(viewport={"width": 360, "height": 740})
    page = desk.new_page()
    sign_in(page, base, counselor, app=app)
    page.get_by_role("link", name="Registrar a una persona joven").click()
    page.fill("#first_name", "Marleni")
    page.fill("#last_name", "Ccahuana Puma")
    page.fill("#phone", "951753852")
    page.fill("#birth_date", years_ago(20, days=40).isoformat())
    page.select_option("#district", "081210")
    page.select_option("#consent_method", "written")
    page.check("#consent")
    page.click("main button[type=submit]")
    text = page.locator("main").inner_text()
    code = re.search(r"(\d{4}) (\d{4})", text).group(0).replace(" ", "")
    screenshot(page, "assisted-code-360")
    desk.close()

    phone = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = phone.new_page()
    page.goto(base + "/")
    page.get_by_role("link", name="Tengo un código").click()
    page.fill("#identifier", "951 753 852")
    page.fill("#code", code)
    page.fill("#password", "ausangate nevado 2026")
    page.click("main button[type=submit]")
    assert page.url.endswith("/joven/")
    assert "Marleni" in page.locator("h1").inner_text()
    screenshot(page, "assisted-youth-home-360")
    phone.close()
