"""A young woman signs up on a 360 px phone, builds her profile, finds a job and applies.

The same journey runs twice: with JavaScript (the skill search suggests while she types)
and without it (every search is a plain form and every result has its own button).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from models import (
    Application,
    Employer,
    EmployerStatus,
    Role,
    Sector,
    Stage,
    User,
    Vacancy,
    VacancyStatus,
    utcnow,
)
from tests.e2e.conftest import follow, screenshot
from tests.factories import PASSWORD
from tests.helpers import years_ago
from web.extensions import db

pytestmark = pytest.mark.e2e


def open_vacancy(app, tag: str) -> str:
    """Create an open vacancy of a verified employer in the live server's database."""
    title = f"Guía de turismo Ausangate {tag}"
    with app.app_context():
        admin = User(role=Role.ADMIN, email=f"admin-{tag}@e2e-youth.chamba.pe",
                     display_name="Admin")
        employer = Employer(name=f"Turismo Vilcanota {tag}", district_code="081210",
                            sector=Sector.TOURISM, status=EmployerStatus.VERIFIED,
                            verified_by=admin, verified_at=utcnow())
        db.session.add(Vacancy(employer=employer, title=title, district_code="081210",
                               description="Acompañar a visitantes al Ausangate.",
                               contract_type="temporal", pay_pen=Decimal("1200"),
                               status=VacancyStatus.OPEN, published_at=utcnow()))
        db.session.commit()
        db.session.remove()
    return title


def fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def save(page) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar y seguir").click()


def add_from_search(page, query: str, label: str, javascript: bool) -> None:
    """Search the taxonomy and tap 'Agregar' on the result called ``label``."""
    page.get_by_label("Buscar").fill(query)
    if not javascript:
        page.get_by_role("button", name="Buscar", exact=True).click()
    result = page.locator("#results li", has_text=label).first
    with page.expect_navigation():
        result.get_by_role("button", name="Agregar").click()
    assert page.locator("section.card li", has_text=label).count() == 1


def journey(page, base: str, app, tag: str, phone_number: str, javascript: bool) -> None:
    title = open_vacancy(app, tag)

    # Sign up.
    page.goto(base + "/registro")
    page.get_by_label("Nombre", exact=True).fill("Yenifer")
    page.get_by_label("Apellidos", exact=True).fill("Condori Mamani")
    page.get_by_label("Celular (9 dígitos)").fill(phone_number)
    # Day/month/year, as people in Peru write it: no calendar widget in the phone's order.
    page.get_by_label("Fecha de nacimiento").fill(years_ago(20, days=40).strftime("%d/%m/%Y"))
    page.get_by_label("Contraseña (mínimo 8 caracteres)").fill(PASSWORD)
    page.get_by_label("Leí el aviso de privacidad").check()
    page.get_by_role("button", name="Crear mi cuenta").click()
    page.wait_for_url("**/joven/")
    assert "Hola, Yenifer" in page.content()
    fits_the_screen(page)
    screenshot(page, f"youth-home-start-{tag}")

    # The meter points to the first missing step; each step saves and leads on.
    page.locator("a.next-step").click()
    page.get_by_label("¿En qué distrito vives?").select_option("081210")
    save(page)
    page.get_by_label("Mujer").check()
    save(page)
    page.get_by_label("Castellano").select_option("avanzado")
    page.get_by_label("Quechua").select_option("nativo")
    save(page)
    page.get_by_label("Secundaria completa").check()
    save(page)
    page.get_by_label("¿Qué hiciste?").fill("Pastoreo de alpacas de la familia")
    page.get_by_label("Ayudando a mi familia").check()
    page.get_by_label("¿Cuántos meses en total?").fill("24")
    follow(page.get_by_role("button", name="Agregar"))
    assert "Pastoreo de alpacas de la familia" in page.content()
    fits_the_screen(page)
    page.get_by_role("link", name="Seguir: Lo que sabes hacer").click()
    add_from_search(page, "atencion al cliente", "atención al cliente", javascript)
    add_from_search(page, "esquilar", "esquila", javascript)
    fits_the_screen(page)
    screenshot(page, f"youth-skills-{tag}")
    page.get_by_role("link", name="Seguir: Cursos del CDE").click()
    page.get_by_role("link", name="Seguir sin guardar: Trabajos que buscas").click()
    add_from_search(page, "guia", "guía de turismo", javascript)
    page.get_by_role("link", name="Seguir: Cuándo puedes trabajar").click()
    for month in ("mayo", "junio", "julio", "agosto"):
        page.get_by_label(month, exact=True).check()
    page.get_by_label("mañana", exact=True).check()
    save(page)
    page.get_by_label("¿Hasta cuántos kilómetros").fill("40")
    page.get_by_label("No", exact=True).check()
    save(page)
    page.get_by_label("Sí", exact=True).check()
    save(page)
    page.get_by_label("Tengo DNI").check()
    save(page)
    page.get_by_label("Cuéntales a las empresas quién eres").fill(
        "Soy puntual, conozco la ruta al Ausangate y hablo quechua.")
    screenshot(page, f"youth-about-me-{tag}")
    with page.expect_navigation():
        page.get_by_role("button", name="Guardar", exact=True).click()
    page.wait_for_url("**/joven/perfil")
    assert "Tu perfil está completo al 100 %" in page.content()
    fits_the_screen(page)
    screenshot(page, f"youth-profile-done-{tag}")

    # Find the job and apply in one tap.
    page.get_by_role("link", name="Buscar trabajo").first.click()
    page.get_by_label("Palabras").fill("ausangate " + tag)
    follow(page.get_by_role("button", name="Buscar"))
    assert "en tu distrito" in page.content()
    fits_the_screen(page)
    screenshot(page, f"youth-search-{tag}")
    page.get_by_role("link", name=title).click()
    page.get_by_label("Mensaje para la empresa").fill("Hablo quechua y conozco la ruta.")
    page.get_by_role("button", name="Postular a este trabajo").click()
    page.wait_for_url("**/joven/postulaciones")
    assert "La empresa recibió tu postulación" in page.content()
    fits_the_screen(page)
    screenshot(page, f"youth-applied-{tag}")

    # The CV is ready to print.
    follow(page.get_by_role("link", name="Mi CV"))
    assert "Pastoreo de alpacas de la familia" in page.content()
    fits_the_screen(page)
    page.emulate_media(media="print")
    assert page.locator("nav.subnav").is_hidden()
    screenshot(page, f"youth-cv-print-{tag}")

    with app.app_context():
        application = db.session.scalar(sa.select(Application).join(Vacancy).where(
            Vacancy.title == title))
        assert application.stage == Stage.RECEIVED
        assert application.message == "Hablo quechua y conozco la ruta."
        db.session.remove()


def test_youth_signs_up_builds_profile_and_applies_on_a_phone(live_server, phone):
    app, base = live_server
    errors = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    journey(phone, base, app, "js", "987650101", javascript=True)
    assert errors == []  # no CSP violation, no script error


def test_the_same_journey_works_with_javascript_off(live_server, browser):
    app, base = live_server
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 360, "height": 740}, locale="es-PE")
    page = context.new_page()
    try:
        journey(page, base, app, "nojs", "987650102", javascript=False)
    finally:
        context.close()
