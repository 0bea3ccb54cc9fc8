"""The programme admin runs the programme from screens, on a 360 px phone:

a new counselor account (one-time code, own password, authenticator), a CDE course the
counselor fills and records, districts and travel times, the funders' report, then moving
and deactivating the counselor."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    CandidateProfile,
    Enrollment,
    EnrollmentStatus,
    Role,
    TravelLeg,
    User,
)
from tests.e2e.conftest import follow, pass_second_factor, screenshot, sign_in
from tests.e2e.test_accessibility import AXE, _axe
from tests.helpers import PASSWORD, years_ago
from web.extensions import db
from web.services.passwords import hash_password

pytestmark = pytest.mark.e2e
ADMIN = "jefa.e2e@chamba.pe"
NEW_COUNSELOR = "wilma.e2e@cde.pe"


@pytest.fixture()
def programme(live_server):
    app, _base = live_server
    with app.app_context():
        session = db.session
        if session.scalar(sa.select(User).filter_by(email=ADMIN)) is None:
            session.add(User(role=Role.ADMIN, email=ADMIN, display_name="Jefa del programa",
                             password_hash=hash_password(PASSWORD)))
            youth = User(role=Role.YOUTH, phone="951000777", display_name="Nélida",
                         password_hash=hash_password(PASSWORD))
            session.add(CandidateProfile(user=youth, first_name="Nélida", last_name="Huamán",
                                         district_code="081210", sex="F",
                                         birth_date=years_ago(21), education=3))
            from web.services.districts import seed_legs

            seed_legs(session)
            session.commit()
        session.remove()
    return app


def _checked(page, problems: dict) -> None:
    """Run axe-core on the page (serious and critical findings), when it is installed."""
    if AXE.exists():
        found = _axe(page)
        if found:
            problems[page.url] = found


def test_admin_runs_the_programme_from_screens(live_server, browser, programme):
    app, base = live_server
    problems: dict = {}
    admin_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE")
    admin = admin_context.new_page()
    sign_in(admin, base, ADMIN, app=app)
    admin.goto(base + "/admin/")
    admin.get_by_role("link", name="Consejeras y consejeros").click()
    _checked(admin, problems)

    # 1. A new counselor: the admin hands over a one-time code.
    admin.fill("#display_name", "Wilma Condori")
    admin.fill("#email", NEW_COUNSELOR)
    admin.select_option("#territory", label="Quispicanchi (CDE Urcos)")
    admin.get_by_role("button", name="Crear cuenta").click()
    code = admin.inner_text("#setup-code").replace(" ", "")
    assert re.fullmatch(r"\d{8}", code)
    screenshot(admin, "admin-counselor-code-360")

    desk_context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE")
    desk = desk_context.new_page()
    desk.goto(base + "/cuenta/activar")
    desk.fill("#identifier", NEW_COUNSELOR)
    desk.fill("#code", code)
    desk.fill("#password", "quincemil camanti 2026")
    desk.click("main button[type=submit]")
    pass_second_factor(desk, app, NEW_COUNSELOR)  # enrols the authenticator app
    assert "/consejeria" in desk.url
    screenshot(desk, "counselor-first-sign-in-360")

    # 2. A CDE course, created by the admin.
    admin.goto(base + "/consejeria/cursos")
    admin.get_by_role("link", name="Crear un curso").click()
    admin.fill("#title", "Atención al turista")
    admin.fill("#description", "Recibir y orientar a visitantes en Ausangate.")
    admin.select_option("#territory", label="Quispicanchi (CDE Urcos)")
    admin.fill("#hours", "24")
    admin.fill("#starts_on", (date.today() - timedelta(days=20)).isoformat())
    admin.fill("#ends_on", (date.today() - timedelta(days=1)).isoformat())
    admin.fill("#place", "CDE Urcos, aula 1")
    admin.fill("#capacity", "15")
    admin.get_by_label("atención al cliente", exact=True).check()
    _checked(admin, problems)
    screenshot(admin, "admin-course-form-360")
    follow(admin.get_by_role("button", name="Guardar curso"))
    assert "Curso guardado" in admin.inner_text("main")
    assert "0 de 15 vacantes ocupadas" in admin.inner_text("#vacantes")

    # 3. The counselor enrols a youth of the territory and records that she passed.
    desk.get_by_role("link", name="Cursos del CDE").click()
    desk.get_by_role("link", name="Atención al turista").click()
    desk.fill("#q", "nélida")
    desk.get_by_role("button", name="Buscar").click()
    follow(desk.get_by_role("button", name="Inscribir a Nélida Huamán"))
    assert "Nélida quedó en el curso" in desk.inner_text("main")
    card = desk.locator("form[id^=e]").first
    card.get_by_label("Aprobó", exact=True).check()
    follow(card.get_by_role("button", name="Guardar resultado"))
    assert "Resultado guardado" in desk.inner_text("main")
    text = desk.locator("form[id^=e]").first.inner_text()
    assert "Aprobó" in text and re.search(r"\d+ de \w+ de \d{4}", text)
    assert not re.search(r"\d{4}-\d\d-\d\d", desk.locator("main").inner_text())
    screenshot(desk, "counselor-course-recorded-360")
    _checked(desk, problems)
    with app.app_context():
        enrollment = db.session.scalar(sa.select(Enrollment))
        assert enrollment.status == EnrollmentStatus.COMPLETED
        db.session.remove()

    # 4. Districts and travel times.
    admin.goto(base + "/admin/distritos")
    admin.select_option("#origin", label="Ccatca")
    admin.select_option("#destination", label="Ocongate")
    admin.fill("#hours", "1,25")
    admin.select_option("#mode", label="por carretera")
    admin.fill("#note", "Interoceánica asfaltada")
    follow(admin.get_by_role("button", name="Guardar tramo"))
    assert "Tiempo de viaje guardado" in admin.inner_text("main")
    screenshot(admin, "admin-travel-times-360")
    _checked(admin, problems)
    with app.app_context():
        assert db.session.get(TravelLeg, ("081205", "081210")).hours == 1.25
        db.session.remove()

    # 5. The funders' report: the course she passed counts.
    admin.goto(base + "/admin/")
    admin.get_by_role("link", name="Informe para financiadores").click()
    summary = admin.locator("#tabla-resumen tr[data-k=capacitados]").inner_text()
    assert summary.split()[-1] == "1"
    assert re.search(r"Del \d+ de \w+ de \d{4} al \d+ de \w+ de \d{4}",
                     admin.inner_text("#periodo"))
    screenshot(admin, "admin-funders-report-360")
    _checked(admin, problems)
    admin.emulate_media(media="print")
    screenshot(admin, "admin-funders-report-print")
    admin.emulate_media(media="screen")

    # 6. Move the counselor to Condorcanqui, then deactivate: her session ends at once.
    admin.goto(base + "/admin/consejeria")
    admin.get_by_role("link", name="Wilma Condori").click()
    admin.select_option("#territory", label="Condorcanqui (CDE Nieva)")
    follow(admin.get_by_role("button", name="Cambiar de territorio"))
    assert "ahora trabaja en Condorcanqui" in admin.inner_text("main")
    desk.goto(base + "/consejeria/cursos")
    assert "Atención al turista" not in desk.inner_text("main")
    admin.get_by_role("link", name="Wilma Condori").click()
    follow(admin.get_by_role("button", name="Desactivar la cuenta"))
    assert "Cuenta desactivada" in admin.inner_text("main")
    screenshot(admin, "admin-counselor-deactivated-360")
    desk.goto(base + "/consejeria/")
    assert "/ingresar" in desk.url
    _checked(admin, problems)
    admin_context.close()
    desk_context.close()
    assert not problems, problems
