"""What people write can be long: pages still fit a 360 px phone without sideways scrolling.

A description with one unbroken run of letters (a pasted web address, a word typed without
spaces) and the month grid of the availability step, on the pages of both sides.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import (
    CandidateProfile,
    Employer,
    EmployerStatus,
    Role,
    Sector,
    Territory,
    User,
    Vacancy,
    VacancyStatus,
    utcnow,
)
from tests.e2e.conftest import screenshot, sign_in
from tests.factories import PASSWORD
from tests.helpers import years_ago
from web.extensions import db
from web.services.passwords import hash_password

pytestmark = pytest.mark.e2e
LONG = "https://municipalidad-ocongate.gob.pe/convocatorias/" + "a" * 160
EMPLOYER = "hostal-largo@e2e.chamba.pe"
YOUTH = "987700555"


@pytest.fixture()
def long_vacancy(live_server) -> int:
    app, _base = live_server
    with app.app_context():
        vacancy = db.session.scalar(sa.select(Vacancy).filter_by(title="Recepción " + "x" * 60))
        if vacancy is None:
            territory = db.session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
            counselor = User(role=Role.COUNSELOR, email="cde-largo@e2e.chamba.pe",
                             display_name="Consejera", password_hash=hash_password(PASSWORD),
                             territory=territory)
            owner = User(role=Role.EMPLOYER, email=EMPLOYER, display_name="Nilda",
                         password_hash=hash_password(PASSWORD))
            employer = Employer(owner=owner, name="Hostal " + "Ausangate" * 8,
                                district_code="081210", sector=Sector.TOURISM,
                                status=EmployerStatus.VERIFIED, verified_by=counselor,
                                verified_at=utcnow())
            vacancy = Vacancy(employer=employer, title="Recepción " + "x" * 60,
                              district_code="081210", contract_type="temporal",
                              description=f"Bases en {LONG}\nConsultas al CDE.",
                              status=VacancyStatus.OPEN, published_at=utcnow())
            user = User(role=Role.YOUTH, phone=YOUTH, display_name="Norma",
                        password_hash=hash_password(PASSWORD))
            db.session.add_all([vacancy, CandidateProfile(
                user=user, first_name="Norma", last_name="Quispe", district_code="081210",
                birth_date=years_ago(20))])
            db.session.commit()
        vacancy_id = vacancy.id
        db.session.remove()
    return vacancy_id


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, (page.url, width)


@pytest.mark.parametrize("javascript", [True, False])
def test_long_words_and_the_month_grid_fit_a_phone(live_server, browser, long_vacancy,
                                                  javascript):
    app, base = live_server
    for who, paths in ((YOUTH, [f"/joven/ofertas/{long_vacancy}", "/joven/perfil/disponibilidad"]),
                       (EMPLOYER, [f"/empresa/ofertas/{long_vacancy}"])):
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE",
                                      java_script_enabled=javascript)
        page = context.new_page()
        try:
            sign_in(page, base, who)
            for path in paths:
                page.goto(base + path)
                assert page.locator("main").inner_text()  # the page itself, not an error
                _fits(page)
                if not javascript:
                    screenshot(page, "narrow" + path.replace("/", "-").rstrip("-0123456789"))
        finally:
            context.close()
