"""Counselors act for the youth (#13), walked in a real browser on a phone-sized screen.

A youth with no phone or e-mail is registered and her profile filled by the counselor; she
signs in with her DNI and sees who changed her data. Two sisters share one phone. Every
counselor list has a search that works with JavaScript off. The case page has both phones
and the reasons; a saved follow-up shows what was recorded.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CandidateProfile,
    Employer,
    EmployerStatus,
    FollowUp,
    Occupation,
    Role,
    Sector,
    Source,
    Stage,
    StageEvent,
    Territory,
    User,
    Vacancy,
    VacancyStatus,
    utcnow,
)
from tests.e2e.conftest import follow, screenshot, sign_in
from tests.factories import PASSWORD
from tests.helpers import years_ago
from web.extensions import db
from web.services import accounts
from web.services.passwords import hash_password

pytestmark = pytest.mark.e2e

COUNSELOR = "andahuaylillas.e2e@cde.pe"


@pytest.fixture()
def counselor(live_server):
    app, _base = live_server
    with app.app_context():
        if db.session.scalar(sa.select(User).filter_by(email=COUNSELOR)) is None:
            territory = db.session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
            db.session.add(User(role=Role.COUNSELOR, email=COUNSELOR, display_name="Yola",
                                territory=territory, password_hash=hash_password(PASSWORD)))
            db.session.commit()
        db.session.remove()
    return COUNSELOR


def _desk(browser, base, app, javascript=True):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE",
                                  java_script_enabled=javascript)
    page = context.new_page()
    sign_in(page, base, COUNSELOR, app=app)
    return context, page


def _save(page):
    follow(page.get_by_role("button", name="Guardar y seguir"))
    assert page.locator("p.flash").first.is_visible()


def test_counselor_registers_a_youth_without_contact_and_fills_her_profile(
        live_server, browser, counselor):
    app, base = live_server
    context, page = _desk(browser, base, app)
    page.get_by_role("link", name="Registrar a una persona joven").click()
    page.fill("#first_name", "Yésica")
    page.fill("#last_name", "Mamani Huillca")
    page.fill("#dni", "47112233")
    page.fill("#birth_date", years_ago(21, days=10).isoformat())
    page.select_option("#district", "081210")
    page.select_option("#consent_method", "written")
    page.check("#consent")
    screenshot(page, "assist-register-no-contact-360")
    page.click("main button[type=submit]")
    text = page.locator("main").inner_text()
    code = re.search(r"(\d{4}) (\d{4})", text).group(0).replace(" ", "")
    username = re.search(r"yesica\.[2-9]{4}", text).group(0)
    assert "47112233" in text
    screenshot(page, "assist-code-username-360")

    with app.app_context():
        profile_id = db.session.scalar(sa.select(CandidateProfile.id).filter_by(dni="47112233"))
        db.session.remove()
    page.goto(f"{base}/consejeria/jovenes/{profile_id}")
    page.get_by_role("link", name="Completar o corregir su perfil").click()
    screenshot(page, "assist-profile-steps-360")
    follow(page.get_by_role("link", name="Idiomas"))
    assert "Está completando el perfil de Yésica" in page.locator("main").inner_text()
    page.select_option("#que", "nativo")
    page.select_option("#spa", "intermedio")
    _save(page)
    assert page.url.endswith(f"/consejeria/jovenes/{profile_id}/perfil/estudios")
    page.get_by_label("Secundaria completa").check()
    _save(page)
    page.fill("#title", "Cosecha de papa nativa")
    page.get_by_label("Ayudando a su familia").check()
    page.fill("#months", "8")
    follow(page.get_by_role("button", name="Agregar"))
    assert "Cosecha de papa nativa" in page.locator("main").inner_text()
    screenshot(page, "assist-experience-by-counselor-360")
    page.goto(f"{base}/consejeria/jovenes/{profile_id}/perfil/documentos")
    page.get_by_label("Tiene DNI").check()
    _save(page)
    context.close()

    # She chooses her password with her DNI and the code, on a phone with JavaScript off.
    phone = browser.new_context(viewport={"width": 360, "height": 740},
                                java_script_enabled=False)
    youth = phone.new_page()
    youth.goto(base + "/cuenta/activar")
    youth.fill("#identifier", "47112233")
    youth.fill("#code", code)
    youth.fill("#password", "ausangate nevado 2026")
    youth.click("main button[type=submit]")
    assert youth.url.endswith("/joven/")
    youth.goto(base + "/cuenta")
    log = youth.locator("main").inner_text()
    assert re.search(r"equipo del CDE de [^·]+ · cambió", log), log
    screenshot(youth, "assist-youth-sees-who-changed-360")
    phone.close()

    # Another day, she signs in with her username.
    later = browser.new_context(viewport={"width": 360, "height": 740})
    page = later.new_page()
    sign_in(page, base, username, "ausangate nevado 2026")
    assert page.url.endswith("/joven/")
    later.close()


def test_two_sisters_share_one_phone(live_server, browser, counselor):
    app, base = live_server
    with app.app_context():
        counselor_user = db.session.scalar(sa.select(User).filter_by(email=COUNSELOR))
        for name in ("Ruth", "Rosa"):
            data = accounts.AssistedSignup(name, "Condori", "951222333", None, years_ago(20),
                                           "081210", accounts.ConsentMethod.ORAL, False)
            user, _code = accounts.register_assisted(db.session, counselor_user, data)
            user.password_hash = hash_password("la misma clave 2026" if name == "Ruth"
                                               else "la misma clave 2026")
        db.session.commit()
        db.session.remove()
    context = browser.new_context(viewport={"width": 360, "height": 740},
                                  java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "/ingresar")
    page.fill("#identifier", "951 222 333")
    page.fill("#password", "la misma clave 2026")
    page.click("main button[type=submit]")
    assert page.url.endswith("/ingresar/quien")
    text = page.locator("main").inner_text()
    assert "Ru··· C." in text and "Ro··· C." in text and "Condori" not in text
    screenshot(page, "assist-shared-phone-who-360")
    page.get_by_label("Ro··· C.").check()
    follow(page.get_by_role("button", name="Entrar"))
    assert page.url.endswith("/joven/") and "Rosa" in page.locator("h1").inner_text()
    context.close()


@pytest.fixture()
def case(live_server, counselor):
    """A hire in the counselor's territory, with its 1-month follow-up due in a week."""
    app, _base = live_server
    with app.app_context():
        session = db.session
        existing = session.scalar(sa.select(Application.id).join(Vacancy)
                                  .where(Vacancy.title == "Cocinera para el albergue E2E"))
        if existing is None:
            counselor_user = session.scalar(sa.select(User).filter_by(email=COUNSELOR))
            owner = User(role=Role.EMPLOYER, email="albergue.e2e@test.pe",
                         display_name="Albergue")
            employer = Employer(owner=owner, name="Albergue Tinki E2E", district_code="081210",
                                sector=Sector.TOURISM, status=EmployerStatus.VERIFIED,
                                contact_name="Don Teófilo", contact_phone="984555666",
                                verified_by=counselor_user, verified_at=utcnow())
            cook = session.scalar(sa.select(Occupation).order_by(Occupation.id).limit(1))
            vacancy = Vacancy(employer=employer, title="Cocinera para el albergue E2E",
                              occupation=cook, district_code="081210",
                              contract_type="temporal", status=VacancyStatus.OPEN,
                              published_at=utcnow(), description="Cocina para grupos.")
            youth = User(role=Role.YOUTH, phone="951444555", display_name="Nélida",
                         password_hash=hash_password(PASSWORD))
            profile = CandidateProfile(user=youth, first_name="Nélida", last_name="Ccori",
                                       district_code="081210", birth_date=years_ago(24))
            application = Application(
                profile=profile, vacancy=vacancy, source=Source.COUNSELOR, stage=Stage.HIRED,
                score=0.74, created_by=counselor_user,
                explanation={"score": 0.74, "reasons": [], "missing_skills": [],
                             "shown": [{"text": "Vive en Ocongate, donde es el trabajo.",
                                        "text_en": "Lives in Ocongate."}]})
            application.events.append(StageEvent(from_stage=None, to_stage=Stage.HIRED))
            application.follow_ups.append(FollowUp(months_after=1,
                                                   due_on=date.today() + timedelta(days=7)))
            session.add(application)
            session.commit()
            existing = application.id
        session.remove()
    return existing


def test_search_every_list_with_javascript_off(live_server, browser, counselor, case):
    app, base = live_server
    context, page = _desk(browser, base, app, javascript=False)
    page.fill("#q", "NELIDA ccori")
    follow(page.get_by_role("button", name="Buscar"))
    youth_list = page.locator("#jovenes + form + ul").inner_text()
    assert "Nélida Ccori" in youth_list
    screenshot(page, "assist-search-youth-360")
    for path, query, found in (("/consejeria/empresas", "tinki", "Albergue Tinki E2E"),
                               ("/consejeria/ofertas", "cocinera", "Cocinera para el albergue"),
                               ("/consejeria/casos", "951444555", "Nélida Ccori"),
                               ("/consejeria/seguimientos", "albergue", "Nélida Ccori")):
        page.goto(base + path)
        page.fill("#q", query)
        follow(page.get_by_role("button", name="Buscar"))
        assert found in page.locator("main").inner_text(), path
        screenshot(page, "assist-search" + path.replace("/consejeria", "").replace("/", "-")
                   + "-360")
    context.close()


def test_case_page_phones_reasons_and_a_recorded_follow_up(live_server, browser, counselor,
                                                            case):
    app, base = live_server
    context, page = _desk(browser, base, app)
    page.goto(f"{base}/consejeria/casos/{case}")
    assert page.locator('a[href="tel:+51951444555"]').count() == 1
    assert page.locator('a[href="tel:+51984555666"]').count() == 1
    assert "Vive en Ocongate, donde es el trabajo." in page.locator("main").inner_text()
    screenshot(page, "assist-case-phones-reasons-360")
    page.goto(base + "/consejeria/seguimientos")
    assert "Próximos 45 días" in page.locator("main").inner_text()
    page.get_by_role("link", name=re.compile("Nélida Ccori")).first.click()
    page.select_option("#still_working", "1")
    page.fill("#monthly_pay_pen", "1100")
    page.fill("#problem", "Pide un día libre a la semana.")
    follow(page.get_by_role("button", name="Guardar seguimiento"))
    recorded = page.locator("section.recorded").inner_text()
    assert "S/ 1100" in recorded and "Pide un día libre a la semana." in recorded
    screenshot(page, "assist-follow-up-recorded-360")
    page.goto(base + "/consejeria/indicadores")
    assert "Seguimientos de 1 mes del periodo" in page.locator("main").inner_text()
    context.close()
