"""An employer on a 360 px phone posts a vacancy and invites an applicant to an interview."""

from __future__ import annotations

import re
from datetime import timedelta

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
    Territory,
    User,
    Vacancy,
    utcnow,
)
from tests.e2e.conftest import follow, screenshot
from tests.factories import PASSWORD
from web.extensions import db
from web.services.passwords import hash_password
from web.services.vacancies import today

pytestmark = pytest.mark.e2e


def verified_employer(app, tag: str) -> str:
    """Create a verified employer in the live server's database; return its login."""
    email = f"restaurante-{tag}@e2e.chamba.pe"
    with app.app_context():
        territory = db.session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
        counselor = User(role=Role.COUNSELOR, email=f"cde-{tag}@e2e.chamba.pe",
                         display_name="Consejera", password_hash=hash_password(PASSWORD),
                         territory=territory)
        owner = User(role=Role.EMPLOYER, email=email, display_name="Nilda",
                     password_hash=hash_password(PASSWORD))
        db.session.add(Employer(owner=owner, name=f"Restaurante Ausangate {tag}",
                                district_code="081210", sector=Sector.FOOD,
                                status=EmployerStatus.VERIFIED, verified_by=counselor,
                                verified_at=utcnow()))
        db.session.commit()
        db.session.remove()
    return email


def youth_applies(app, vacancy_id: int, tag: str) -> None:
    """A young person applies to the vacancy (made straight in the database)."""
    with app.app_context():
        user = User(role=Role.YOUTH, email=f"yeny-{tag}@e2e.chamba.pe", display_name="Yeny",
                    password_hash=hash_password(PASSWORD))
        profile = CandidateProfile(user=user, first_name="Yeny", last_name="Mamani",
                                   district_code="081210")
        case = Application(profile=profile, vacancy_id=vacancy_id, stage=Stage.RECEIVED,
                           source=Source.SELF, message="Trabajé atendiendo en la feria.")
        case.events.append(StageEvent(from_stage=None, to_stage=Stage.RECEIVED, actor=user))
        db.session.add(case)
        db.session.commit()
        db.session.remove()


def stage_of_youth(app, tag: str) -> Stage:
    with app.app_context():
        stage = db.session.scalar(
            sa.select(Application.stage).join(Application.profile)
            .join(User, User.id == CandidateProfile.user_id)
            .where(User.email == f"yeny-{tag}@e2e.chamba.pe"))
        db.session.remove()
    return stage


def employer_journey(page, live_server, tag: str) -> None:
    app, base = live_server
    email = verified_employer(app, tag)

    page.goto(base + "/ingresar")
    page.get_by_label("Celular, correo, usuario o DNI").fill(email)
    page.get_by_label("Contraseña").fill(PASSWORD)
    page.get_by_role("button", name="Ingresar").click()
    page.get_by_role("link", name="Nueva oferta").click()

    # Find the occupation by what people call it; the page comes back with it chosen.
    page.get_by_label("Buscar ocupación").fill("moza")
    follow(page.get_by_role("button", name="Buscar ocupación"))
    assert page.locator("#occupation").input_value() == "OC-GAS-001"
    page.get_by_label("Título de la oferta").fill("Moza o mozo para el restaurante")
    page.get_by_label("servicio de mesa: obligatoria").check()
    page.get_by_label("toma de pedidos: deseable").check()
    page.get_by_label("mayo").check()
    page.get_by_label("Mañana").check()
    page.get_by_label("Pago en soles").fill("1300")
    page.get_by_label("Tipo de contrato").select_option("temporal")
    page.get_by_label("Fecha de cierre").fill((today() + timedelta(days=30)).strftime("%d/%m/%Y"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"employer-vacancy-form-{tag}")
    follow(page.get_by_role("button", name="Guardar oferta"))

    assert "Guardamos la oferta" in page.locator("main").inner_text()
    vacancy_id = int(re.search(r"/ofertas/(\d+)$", page.url).group(1))
    follow(page.get_by_role("button", name="Publicar"))
    assert "Publicamos la oferta" in page.locator("main").inner_text()
    with app.app_context():
        assert db.session.get(Vacancy, vacancy_id).status == "open"
        db.session.remove()
    screenshot(page, f"employer-vacancy-{tag}")

    youth_applies(app, vacancy_id, tag)
    page.get_by_role("link", name="Ver postulantes").click()
    follow(page.get_by_role("link", name="Yeny"))
    assert "Trabajé atendiendo en la feria." in page.locator("main").inner_text()
    follow(page.get_by_role("button", name="Invitar a entrevista"))
    assert "Listo: invitó a Yeny a una entrevista." in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, f"employer-applicant-{tag}")
    assert stage_of_youth(app, tag) == Stage.INTERVIEW


def test_employer_posts_a_vacancy_and_invites_an_applicant_on_a_phone(live_server, phone):
    employer_journey(phone, live_server, "js")


def test_employer_does_the_same_with_javascript_off(live_server, browser):
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 360, "height": 740}, locale="es-PE")
    page = context.new_page()
    try:
        employer_journey(page, live_server, "nojs")
    finally:
        context.close()
