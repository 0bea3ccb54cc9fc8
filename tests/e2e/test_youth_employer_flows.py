"""Issue 13's youth and employer flows, walked in a real browser on a 360 px screen.

A young person withdraws by mistake and applies again, finds a cook job by a slip of the
pen, and reads the true reason of a refusal in kind words. An employer without e-mail signs
up with a phone after the form points at what is missing, opens an applicant's CV, hires
only after confirming, and asks the CDE for candidates: all with JavaScript off.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CandidateProfile,
    Employer,
    EmployerStatus,
    Notification,
    Occupation,
    RefusalReason,
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
from web.services.passwords import hash_password
from web.services.vacancies import today

pytestmark = pytest.mark.e2e


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def no_javascript(browser):
    return browser.new_context(java_script_enabled=False,
                               viewport={"width": 360, "height": 740}, locale="es-PE")


def make_world(app, tag: str) -> dict:
    """A verified lodge with an open cook job in Ocongate, its CDE, and a young cook."""
    with app.app_context():
        s = db.session
        territory = s.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
        counselor = User(role=Role.COUNSELOR, email=f"cde-{tag}@e2e-flows.pe",
                         display_name="Consejera", password_hash=hash_password(PASSWORD),
                         territory=territory)
        owner = User(role=Role.EMPLOYER, email=f"lodge-{tag}@e2e-flows.pe",
                     display_name="Edwin", password_hash=hash_password(PASSWORD))
        employer = Employer(owner=owner, name=f"Lodge Tinki {tag}", district_code="081210",
                            sector=Sector.TOURISM, contact_name="Edwin",
                            contact_phone="984000111", status=EmployerStatus.VERIFIED,
                            verified_by=counselor, verified_at=utcnow())
        cook = s.scalar(sa.select(Occupation).filter_by(code="OC-GAS-002"))
        vacancy = Vacancy(employer=employer, title=f"Preparar almuerzos {tag}",
                          occupation=cook, district_code="081210", contract_type="temporal",
                          pay_pen=Decimal("1300"), status=VacancyStatus.OPEN,
                          published_at=utcnow(), closes_on=today() + timedelta(days=20))
        youth = User(role=Role.YOUTH, phone=f"98765{tag}", display_name="Rosa",
                     password_hash=hash_password(PASSWORD))
        profile = CandidateProfile(user=youth, first_name="Rosa", last_name="Huamán",
                                   district_code="081210", birth_date=years_ago(21),
                                   about="Cociné en la faena comunal tres años.")
        s.add_all([counselor, employer, vacancy, profile])
        s.commit()
        ids = {"vacancy": vacancy.id, "title": vacancy.title, "youth": youth.phone,
               "employer": owner.email, "profile": profile.id, "counselor": counselor.id}
        s.remove()
    return ids


def test_youth_withdraws_by_mistake_applies_again_and_reads_a_kind_reason(live_server,
                                                                         phone):
    app, base = live_server
    world = make_world(app, "1001")
    page = phone
    sign_in(page, base, world["youth"])

    # A slip of the pen still finds the cook job.
    page.goto(base + "/joven/ofertas?q=cosina")
    assert world["title"] in page.content()
    fits_the_screen(page)
    screenshot(page, "flows-youth-search-cosina")

    page.get_by_role("link", name=world["title"]).click()
    page.get_by_role("button", name="Postular a este trabajo").click()
    page.wait_for_url("**/joven/postulaciones")
    page.get_by_text("Retirar esta postulación").click()
    follow(page.get_by_role("button", name="Sí, retirar"))
    assert "Retiramos tu postulación." in page.content()
    screenshot(page, "flows-youth-withdrawn")
    follow(page.get_by_role("link", name="¿La retiraste por error? Volver a postular"))
    assert "Puedes postular otra vez" in page.content()
    page.get_by_role("button", name="Postular a este trabajo").click()
    page.wait_for_url("**/joven/postulaciones")
    assert "La empresa recibió tu postulación" in page.content()
    fits_the_screen(page)
    screenshot(page, "flows-youth-applied-again")

    with app.app_context():
        case = db.session.scalar(sa.select(Application).where(
            Application.profile_id == world["profile"]))
        assert case.stage == Stage.RECEIVED and len(case.events) == 3
        # The lodge says no for lack of practice: she hears that, kindly, not a kind lie.
        case.events.append(StageEvent(from_stage=case.stage, to_stage=Stage.NOT_HIRED,
                                      reason=RefusalReason.SKILLS))
        case.stage, case.refusal_reason = Stage.NOT_HIRED, RefusalReason.SKILLS
        db.session.commit()
        db.session.remove()
    page.goto(base + "/joven/postulaciones")
    text = page.locator("main").inner_text()
    assert "buscaban a alguien con más práctica" in text
    assert "eligieron a otra persona" not in text and "skills" not in text
    screenshot(page, "flows-youth-kind-refusal")


def test_employer_signs_up_with_a_phone_hires_after_confirming_and_asks_the_cde(
        live_server, browser):
    app, base = live_server
    world = make_world(app, "2002")
    context = no_javascript(browser)
    page = context.new_page()
    try:
        # Sign-up: nothing pre-chosen; what is missing is listed on top, linked to its field.
        page.goto(base + "/registro/empresa")
        page.get_by_label("Nombre del negocio").fill("Hospedaje Sin Correo")
        page.get_by_label("Nombre de la persona de contacto").fill("Julia Quispe")
        page.get_by_label("Celular de contacto").fill("984 222 333")
        page.get_by_label("Contraseña (mínimo 8 caracteres)").fill("nevado ausangate 6384")
        page.get_by_label("Acepto el aviso de privacidad").check()
        page.get_by_role("button", name="Registrar").click()
        summary = page.locator("#errores")
        assert "Revise estos datos:" in summary.inner_text()
        assert summary.get_by_role("link", name="Distrito: Elija el distrito de su negocio.")
        fits_the_screen(page)
        screenshot(page, "flows-employer-signup-errors")
        page.get_by_label("Distrito").select_option("081201")
        page.get_by_label("Rubro").select_option("turismo")
        page.get_by_label("Contraseña (mínimo 8 caracteres)").fill("nevado ausangate 6384")
        follow(page.get_by_role("button", name="Registrar"))
        assert "Registramos su negocio" in page.content()
        page.get_by_role("button", name="Salir").first.click()
        sign_in(page, base, "984222333", "nevado ausangate 6384")
        assert "/empresa" in page.url

        # The verified lodge: an applicant after the interview, her CV, a confirmed hire.
        with app.app_context():
            profile = db.session.get(CandidateProfile, world["profile"])
            case = Application(profile=profile, vacancy_id=world["vacancy"],
                               stage=Stage.INTERVIEW, source=Source.SELF)
            case.events.append(StageEvent(from_stage=None, to_stage=Stage.INTERVIEW))
            db.session.add(case)
            db.session.commit()
            case_id = case.id
            db.session.remove()
        context.clear_cookies()
        sign_in(page, base, world["employer"])
        page.goto(f"{base}/empresa/ofertas/{world['vacancy']}/postulantes")
        assert "de coincidencia" in page.content()
        follow(page.get_by_role("link", name="Rosa").first)
        text = page.locator("main").inner_text()
        assert "Hoja de vida" in text and "Cociné en la faena comunal" in text
        fits_the_screen(page)
        screenshot(page, "flows-employer-applicant-cv")
        follow(page.get_by_role("link", name="Contratar"))
        assert "¿Contratar a Rosa?" in page.content()
        screenshot(page, "flows-employer-confirm-hire")
        follow(page.get_by_role("button", name="Sí, contratar"))
        assert "Listo: contrató a Rosa." in page.content()
        with app.app_context():
            assert db.session.get(Application, case_id).stage == Stage.HIRED
            db.session.remove()

        # Ask the CDE for more people.
        page.goto(f"{base}/empresa/ofertas/{world['vacancy']}")
        page.get_by_label("Mensaje para el CDE (opcional)").fill("Necesitamos dos más en mayo.")
        follow(page.get_by_role("button", name="Pedir candidatos al CDE"))
        assert "avisamos al CDE que busca candidatos" in page.content()
        fits_the_screen(page)
        screenshot(page, "flows-employer-asked-cde")
        with app.app_context():
            notice = db.session.scalar(sa.select(Notification).where(
                Notification.user_id == world["counselor"],
                Notification.kind == "candidate_request"))
            assert "Necesitamos dos más en mayo." in notice.body
            db.session.remove()
    finally:
        context.close()
