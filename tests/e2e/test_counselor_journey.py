"""A counselor proposes the top candidate, records interview and hire, and sees it counted."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import (
    CandidateLanguage,
    CandidateProfile,
    Employer,
    EmployerStatus,
    Language,
    LanguageLevel,
    Occupation,
    Role,
    Sector,
    Skill,
    Territory,
    User,
    Vacancy,
    VacancySkill,
    VacancyStatus,
    Visibility,
    utcnow,
)
from tests.e2e.conftest import follow, screenshot, sign_in
from tests.factories import PASSWORD
from tests.helpers import years_ago
from web.extensions import db
from web.services.passwords import hash_password

pytestmark = pytest.mark.e2e


@pytest.fixture()
def scene(live_server):
    app, _base = live_server
    with app.app_context():
        session = db.session
        if session.scalar(sa.select(User).filter_by(email="ocongate.e2e@cde.pe")) is None:
            territory = session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
            counselor = User(role=Role.COUNSELOR, email="ocongate.e2e@cde.pe",
                             display_name="Wilber", territory=territory,
                             password_hash=hash_password(PASSWORD))
            owner = User(role=Role.EMPLOYER, email="lodge.e2e@test.pe", display_name="Lodge")
            employer = Employer(owner=owner, name="Lodge Ausangate E2E", district_code="081210",
                                sector=Sector.TOURISM, status=EmployerStatus.VERIFIED,
                                verified_by=counselor, verified_at=utcnow())
            guide = session.scalar(sa.select(Occupation).filter_by(label_es="guía de turismo"))
            skill = session.scalar(sa.select(Skill).filter_by(label_es="guiado turístico"))
            vacancy = Vacancy(employer=employer, title="Guía para la ruta Ausangate",
                              occupation=guide, district_code="081210", contract_type="temporal",
                              status=VacancyStatus.OPEN, published_at=utcnow(),
                              description="Guiar grupos pequeños.")
            vacancy.skill_links.append(VacancySkill(skill=skill, required=True))
            youth = User(role=Role.YOUTH, phone="951000777", display_name="Senaida")
            profile = CandidateProfile(user=youth, first_name="Senaida", last_name="Quispe",
                                       district_code="081210", sex="F",
                                       birth_date=years_ago(25), education=4,
                                       visibility=Visibility.EMPLOYERS,
                                       desired_occupations=[guide], skills=[skill])
            profile.languages.append(CandidateLanguage(language=Language.QUECHUA,
                                                       level=LanguageLevel.NATIVE))
            session.add_all([counselor, employer, vacancy, profile])
            session.commit()
        vacancy_id = session.scalar(sa.select(Vacancy.id).filter_by(
            title="Guía para la ruta Ausangate"))
        session.remove()
    return vacancy_id


def test_counselor_brokers_a_hire_and_sees_it_in_the_indicators(live_server, browser, scene):
    app, base = live_server
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE")
    page = context.new_page()
    sign_in(page, base, "ocongate.e2e@cde.pe", app=app)
    hires_before = _hires(page, base)

    page.goto(base + "/consejeria/")
    follow(page.get_by_role("link", name="Guía para la ruta Ausangate"))
    first = page.locator("article.card").first
    assert "Senaida" in first.inner_text()
    assert "de coincidencia" in first.inner_text()
    screenshot(page, "counselor-review-360")
    follow(first.get_by_role("button", name="Proponer a la empresa"))
    assert "Propuesta enviada" in page.locator("main").inner_text()

    page.locator("article.card").first.get_by_role("link", name="Ver caso").click()
    for stage in ("interview", "hired"):
        page.select_option("#move-stage", stage)
        page.click("form:has(#move-stage) button[type=submit]")
        assert "Etapa actualizada." in page.locator("main").inner_text()
    assert "Contratada" in page.locator("main").inner_text()
    screenshot(page, "counselor-case-hired-360")

    assert _hires(page, base) == hires_before + 1
    screenshot(page, "counselor-indicators-360")
    context.close()


def _hires(page, base) -> int:
    page.goto(base + "/consejeria/indicadores")
    row = page.locator("table tr", has_text="Contrataciones").first
    return int(row.locator("td").first.inner_text().replace(",", "").strip())
