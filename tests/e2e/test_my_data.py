"""A young person reads, prints and then erases her data on a 360 px phone, JavaScript off."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CandidateProfile,
    Employer,
    EmployerStatus,
    Role,
    Sector,
    Source,
    Stage,
    StageEvent,
    User,
    Vacancy,
    VacancyStatus,
    utcnow,
)
from tests.e2e.conftest import follow, screenshot, sign_in
from tests.factories import PASSWORD
from tests.helpers import years_ago
from web.extensions import db
from web.services.passwords import hash_password

pytestmark = pytest.mark.e2e
PHONE = "987700101"


@pytest.fixture()
def maribel(live_server):
    app, _base = live_server
    with app.app_context():
        if db.session.scalar(sa.select(User).filter_by(phone=PHONE)) is None:
            user = User(role=Role.YOUTH, phone=PHONE, display_name="Maribel",
                        password_hash=hash_password(PASSWORD))
            profile = CandidateProfile(user=user, first_name="Maribel", last_name="Ccori",
                                       district_code="081210", birth_date=years_ago(19))
            employer = Employer(name="Hospedaje Ausangate", district_code="081210",
                                sector=Sector.TOURISM, status=EmployerStatus.PENDING)
            vacancy = Vacancy(employer=employer, title="Recepcionista",
                              district_code="081210", contract_type="temporal",
                              status=VacancyStatus.OPEN, published_at=utcnow())
            case = Application(profile=profile, vacancy=vacancy, source=Source.SELF,
                               stage=Stage.RECEIVED, message="Hablo quechua e inglés")
            case.events.append(StageEvent(to_stage=Stage.RECEIVED))
            db.session.add(case)
            db.session.commit()
        db.session.remove()
    return PHONE


def test_youth_reads_prints_and_erases_her_data_on_a_phone(live_server, browser, maribel):
    app, base = live_server
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False, locale="es-PE")
    page = context.new_page()
    sign_in(page, base, maribel)
    page.goto(base + "/cuenta")
    follow(page.get_by_role("link", name="Ver todos mis datos (para leer o imprimir)"))
    assert page.get_by_role("heading", name="Todos mis datos").is_visible()
    assert page.get_by_role("heading", name="Postulaciones").is_visible()
    assert page.get_by_text("Hospedaje Ausangate").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "my-data-360")
    page.emulate_media(media="print")
    screenshot(page, "my-data-print")
    page.emulate_media(media="screen")

    page.goto(base + "/cuenta")
    kept = "Las copias de seguridad guardan los datos hasta 30 días más"
    assert page.get_by_text(kept).is_visible()
    page.fill("#password", PASSWORD)
    page.check("#confirm")
    follow(page.get_by_role("button", name="Borrar mi cuenta"))
    assert page.get_by_text("Las copias de seguridad los guardan hasta 30 días más").is_visible()
    screenshot(page, "erased-360")
    with app.app_context():
        assert db.session.scalar(sa.select(CandidateProfile).filter_by(first_name="Maribel")) \
            is None
        db.session.remove()
    context.close()
