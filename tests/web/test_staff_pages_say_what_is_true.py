"""What counselors, the admin and businesses read about their own work is true for them.

Found by walking the app as a counselor and as the admin: pay without its period, search
hints promising fields a list cannot search, an account state written for a woman, a
figure's note that forgot the one-month follow-up, and a young person's permissions shown
on staff and business accounts.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from models import PayPeriod, Role, VacancyStatus
from tests.factories import (
    EmployerFactory,
    ProfileFactory,
    UserFactory,
    VacancyFactory,
    counselor,
    verified_employer,
)
from tests.helpers import csrf_token, login


def test_the_counselors_vacancy_page_says_pay_with_its_period(client, session):
    urcos = counselor("urcos@cde.pe", "quispicanchi")
    employer = verified_employer(urcos, district_code="081201")
    vacancy = VacancyFactory(employer=employer, status=VacancyStatus.OPEN,
                             pay_pen=Decimal("50"), pay_period=PayPeriod.DAY)
    login(client, "urcos@cde.pe")
    html = client.get(f"/consejeria/ofertas/{vacancy.id}").get_data(as_text=True)
    assert "S/ 50.00 al día" in html


@pytest.mark.parametrize(("path", "hint", "not_promised"), [
    ("/consejeria/ofertas", "Puesto, empresa o distrito", "DNI"),
    ("/consejeria/empresas", "Nombre, RUC, persona de contacto", "DNI"),
    ("/consejeria/casos", "Nombre, DNI o celular de la persona", None),
    ("/consejeria/seguimientos", "Nombre, DNI o celular de la persona", None),
    ("/consejeria/", "Nombre, DNI, celular o distrito", None),
])
def test_each_search_box_promises_what_its_list_searches(client, session, path, hint,
                                                         not_promised):
    counselor("urcos@cde.pe", "quispicanchi")
    login(client, "urcos@cde.pe")
    html = client.get(path).get_data(as_text=True)
    box = html.split('role="search"')[1].split("</form>")[0]
    assert hint in box
    if not_promised:
        assert not_promised not in box


@pytest.mark.parametrize("first_name", ["Wilber", "Wilma"])
def test_a_counselors_account_state_needs_no_agreement(client, session, first_name):
    UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe")
    staff = counselor(f"{first_name.lower()}@cde.pe", "quispicanchi", display_name=first_name)
    login(client, "admin@cde.pe")
    page = client.get(f"/admin/consejeria/{staff.id}").get_data(as_text=True)
    assert "Estado de la cuenta: Activa" in page
    assert "no la deja ingresar" not in page and "no lo deja ingresar" not in page
    listing = client.get("/admin/consejeria").get_data(as_text=True)
    assert "Nombre y correo" in listing and "Estado de la cuenta" in listing


def test_the_note_on_staying_at_work_counts_every_follow_up_the_tables_show(client, session):
    counselor("urcos@cde.pe", "quispicanchi")
    login(client, "urcos@cde.pe")
    html = client.get("/consejeria/indicadores").get_data(as_text=True)
    assert "Siguen trabajando al mes" in html
    assert "Seguimientos de 1, 3 o 6 meses" in html


def _account(client, role: str):
    if role == "youth":
        profile = ProfileFactory()
        login(client, profile.user.phone)
    elif role == "employer":
        owner = UserFactory(role=Role.EMPLOYER, phone="987654300", email="hostal@negocio.pe")
        EmployerFactory(owner=owner)
        login(client, "hostal@negocio.pe")
    else:
        counselor("urcos@cde.pe", "quispicanchi")
        login(client, "urcos@cde.pe")
    return client.get("/cuenta").get_data(as_text=True)


@pytest.mark.parametrize("role", ["employer", "counselor"])
def test_only_a_young_person_is_offered_her_permissions(client, session, role):
    html = _account(client, role)
    assert "buscarme trabajo" not in html and "Mis permisos" not in html
    assert "las postulaciones, los seguimientos" not in html
    refused = client.post("/cuenta/consentimiento", data={
        "csrf_token": csrf_token(client, "/cuenta"), "purpose": "processing", "granted": "0"})
    assert refused.status_code == 404


def test_the_young_person_keeps_her_permissions_and_her_erasure_text(client, session):
    html = _account(client, "youth")
    assert "Usar mis datos para buscarme trabajo" in html
    assert "las postulaciones, los seguimientos" in html


@pytest.mark.parametrize(("spanish", "english"), [
    ("¿Cuánto gana al mes? (S/)", "How much do they earn a month? (S/)"),
    ("¿Sigue trabajando allí?", "Are they still working there?"),
    ("Solo si tiene 15, 16 o 17 años", "Only if they are 15, 16 or 17"),
])
def test_english_staff_forms_ask_about_the_young_person(app, spanish, english):
    """A counselor records the youth's pay and age: the English asks about them, not "you"
    (nor the household's income)."""
    from flask_babel import force_locale, gettext

    with app.test_request_context(), force_locale("en"):
        assert gettext(spanish) == english
