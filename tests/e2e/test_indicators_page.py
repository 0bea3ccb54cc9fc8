"""A counselor reads the programme's indicators on a 360 px phone, with JavaScript off."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from models import (
    CandidateLanguage,
    CandidateProfile,
    LanguageLevel,
    Role,
    Territory,
    User,
)
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
        if db.session.scalar(sa.select(User).filter_by(email="nieva.ind@cde.pe")) is None:
            territory = db.session.scalar(sa.select(Territory).filter_by(code="condorcanqui"))
            db.session.add(User(role=Role.COUNSELOR, email="nieva.ind@cde.pe",
                                display_name="Nancy", territory=territory,
                                password_hash=hash_password(PASSWORD)))
            for n, (district, sex, language) in enumerate(
                    [("010401", "F", "agr"), ("010402", "M", "hub"), ("010403", "F", "agr")]):
                user = User(role=Role.YOUTH, phone=f"98770000{n}", display_name="x")
                profile = CandidateProfile(user=user, first_name="x", district_code=district,
                                           sex=sex, birth_date=years_ago(20),
                                           created_at=datetime.now(UTC))
                profile.languages.append(CandidateLanguage(language=language,
                                                           level=LanguageLevel.NATIVE))
                db.session.add(profile)
            db.session.commit()
        db.session.remove()
    return "nieva.ind@cde.pe"


def test_counselor_reads_indicators_on_a_phone_without_javascript(live_server, browser,
                                                                   counselor):
    app, base = live_server
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False, locale="es-PE")
    page = context.new_page()
    sign_in(page, base, counselor, app=app)
    page.goto(base + "/consejeria/indicadores")
    assert page.get_by_role("heading", name="Indicadores del programa").is_visible()
    assert page.get_by_role("img", name="Del registro al empleo").is_visible()
    assert page.locator("#tabla-resumen tr[data-k=registrados] td").inner_text() == "3"
    page.fill("#desde", "2020-01-01")
    page.click("main form button[type=submit]")
    assert "desde=2020-01-01" in page.url
    screenshot(page, "indicators-360-nojs")
    context.close()

    measuring = browser.new_context(viewport={"width": 360, "height": 740})
    page = measuring.new_page()
    sign_in(page, base, counselor, app=app)
    page.goto(base + "/consejeria/indicadores")
    # Wide tables scroll inside their own box; the page itself never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for box in page.locator("svg.chart").all():
        assert box.bounding_box()["x"] + box.bounding_box()["width"] <= 360
    measuring.close()
