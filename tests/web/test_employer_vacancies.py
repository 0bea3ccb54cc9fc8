"""An employer writes, publishes, closes, reopens and copies vacancies."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal
from html import escape

import pytest
import sqlalchemy as sa

from models import (
    EmployerStatus,
    Language,
    Vacancy,
    VacancyMonth,
    VacancySkill,
    VacancyStatus,
)
from tests.factories import (
    EmployerFactory,
    UserFactory,
    VacancyFactory,
    counselor,
    verified_employer,
)
from tests.helpers import count, csrf_token
from web.extensions import db
from web.services import vacancies
from web.services.vacancies import PayPeriod, minimum_for, monthly_equivalent

WAITER = "OC-GAS-001"  # mesero / mesera: adults only
KITCHEN_HELPER = "OC-GAS-003"  # ayudante de cocina: light work adolescents may do


def make_employer(session, status=EmployerStatus.VERIFIED, **kwargs):
    if status == EmployerStatus.VERIFIED:
        return verified_employer(counselor(f"{uuid.uuid4().hex[:8]}@cde.pe"), **kwargs)
    return EmployerFactory(status=status, **kwargs)


@pytest.fixture()
def employer(session):
    return make_employer(session)


@pytest.fixture()
def signed_in(client, auth, employer):
    auth.login(employer.owner.email)
    return client


def good_form(**changes):
    data = {
        "action": "save", "occupation": WAITER, "title": "Moza o mozo para restaurante",
        "description": "Atender mesas en temporada alta.\nDamos almuerzo.",
        "required_skills": ["SK-HOS-004"], "desired_skills": ["SK-IDI-005"],
        "positions": "2", "district": "081202", "months": ["5", "6", "7"],
        "day_parts": ["1", "2"], "pay": "1300", "pay_period": "mes",
        "contract_type": "temporal", "languages": ["que"], "min_education": "3",
        "closes_on": (vacancies.today() + timedelta(days=30)).isoformat(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def post_new(client, **changes):
    data = good_form(**changes)
    data["csrf_token"] = csrf_token(client, "/empresa/ofertas/nueva")
    return client.post("/empresa/ofertas/nueva", data=data, follow_redirects=True)


def only_vacancy(session):
    session.expire_all()
    return session.scalars(sa.select(Vacancy)).one()


# --- the form ----------------------------------------------------------------------------

def test_employer_posts_a_vacancy_as_a_draft_with_everything_it_asks(signed_in, session):
    response = post_new(signed_in)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Guardamos la oferta «Moza o mozo para restaurante»." in html
    vacancy = only_vacancy(session)
    assert vacancy.status == VacancyStatus.DRAFT
    assert vacancy.occupation.code == WAITER
    assert [s.code for s in vacancy.required_skills] == ["SK-HOS-004"]
    assert [s.code for s in vacancy.desired_skills] == ["SK-IDI-005"]
    assert [m.month for m in vacancy.months] == [5, 6, 7]
    assert vacancy.day_parts == 3
    assert vacancy.pay_pen == Decimal("1300.00") and vacancy.pay_period == PayPeriod.MONTH
    assert [row.language for row in vacancy.languages] == [Language.QUECHUA]
    assert vacancy.min_age == 18 and vacancy.min_education == 3
    assert vacancy.positions == 2 and vacancy.district_code == "081202"
    assert "Borrador" in html and "Publicar" in html


def test_new_vacancy_form_offers_districts_by_province_and_no_inline_code(signed_in):
    html = signed_in.get("/empresa/ofertas/nueva").get_data(as_text=True)
    assert '<optgroup label="Condorcanqui">' in html
    assert '<optgroup label="Quispicanchi">' in html
    assert "Restaurantes y alimentos" in html  # occupations grouped by sector
    assert "<script" not in html and "onclick" not in html and "style=" not in html
    assert len(html.encode()) < 60_000


@pytest.mark.parametrize(("changes", "message"), [
    ({"pay": "-5"}, "El pago no puede ser negativo."),
    ({"pay": "0"}, "Escriba cuánto pagará: el trabajo sin pago no se publica en Chamba."),
    ({"pay": "60000"}, "Ese pago parece un error: equivale a más de S/ 50,000 al mes. "
                       "Revise la cifra."),
    ({"pay": "2000", "pay_period": "dia"}, "Ese pago parece un error: equivale a más de "
                                           "S/ 50,000 al mes. Revise la cifra."),
    ({"pay": "mil"}, "Escriba el pago en números, por ejemplo 1130 o 45.50."),
    ({"pay": "NaN"}, "Escriba el pago en números, por ejemplo 1130 o 45.50."),
    ({"pay": ""}, "Escriba cuánto pagará, en soles."),
    ({"closes_on": "2020-01-01"}, "La fecha de cierre no puede estar en el pasado."),
    ({"closes_on": "2999-01-01"}, "La fecha de cierre no puede ser más de un año después de hoy."),
    ({"contract_type": "jornal"}, "Un jornal se paga por día. Elija «al día»"),
    ({"contract_type": "jornal", "pay_period": "hora", "pay": "8"},
     "Un jornal se paga por día. Elija «al día»"),
    ({"contract_type": "practicas", "pay_period": "dia", "pay": "50"},
     "Las prácticas se pagan con una subvención mensual."),
    ({"contract_type": ""}, "Elija un tipo de contrato de la lista."),
    ({"contract_type": "planilla'--"}, "Elija un tipo de contrato de la lista."),
    ({"closes_on": "31/02/2026"},
     "Escriba una fecha válida como día/mes/año, por ejemplo 06/12/2026."),
    ({"closes_on": "<script>"},
     "Escriba una fecha válida como día/mes/año, por ejemplo 06/12/2026."),
    ({"title": "x" * 121}, "Escriba un título de hasta 120 caracteres."),
    ({"title": ""}, "Este dato es obligatorio."),
    ({"title": "<script>alert(1)</script>"},
     "Solo se pueden usar letras, números y signos comunes"),
    ({"description": "a" * 3001}, "La descripción puede tener hasta 3000 caracteres."),
    ({"description": "hola\x00"}, "El texto tiene caracteres que no se pueden guardar."),
    ({"district": "999999"}, "Elija un distrito de la lista."),
    ({"district": "081201' OR '1'='1"}, "Elija un distrito de la lista."),
    ({"occupation": "OC-NO-000"}, "Elija una ocupación de la lista."),
    ({"occupation": ""}, "Elija una ocupación de la lista o búsquela por su nombre."),
    ({"required_skills": ["SK-NO-999"]}, "Elija habilidades de la lista."),
    ({"desired_skills": ["1; DROP TABLE skills"]}, "Elija habilidades de la lista."),
    ({"months": ["13"]}, "Elija meses de la lista."),
    ({"day_parts": ["8"]}, "Elija turnos de la lista."),
    ({"positions": "0"}, "El número de puestos va de 1 a 500."),
    ({"positions": "dos"}, "Escriba un número entero, por ejemplo 2."),
    ({"min_education": "9"}, "Elija un nivel de estudios de la lista."),
    ({"languages": ["xx"]}, "Elija idiomas de la lista."),
    ({"adolescents": "y"}, "Esta ocupación no está permitida para adolescentes de 15 a 17 años. "
                           "Quite esa marca o elija una ocupación de trabajo ligero."),
    ({"adolescents": "y", "occupation": KITCHEN_HELPER, "day_parts": ["1", "4"],
      "required_skills": None, "desired_skills": None},
     "Los adolescentes de 15 a 17 años no pueden trabajar de noche. Quite el turno de noche o "
     "no acepte adolescentes."),
])
def test_vacancy_form_refuses_bad_input_with_a_clear_message(signed_in, session, changes,
                                                             message):
    response = post_new(signed_in, **changes)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert escape(message, quote=False) in html
    assert count(Vacancy) == 0  # nothing half-written


def test_a_jornal_paid_by_the_day_is_saved(signed_in, session):
    html = post_new(signed_in, contract_type="jornal", pay_period="dia", pay="60").get_data(
        as_text=True)
    assert "Guardamos la oferta" in html
    assert only_vacancy(session).pay_period == PayPeriod.DAY


@pytest.mark.parametrize(("contract", "period", "agrees"), [
    ("jornal", "dia", True), ("jornal", "mes", False), ("jornal", "hora", False),
    ("practicas", "mes", True), ("practicas", "dia", False),
    ("planilla", "mes", True), ("planilla", "hora", True), ("temporal", "dia", True),
])
def test_the_service_holds_the_same_contract_and_pay_rule_as_the_form(
        app, session, employer, contract, period, agrees):
    from models import ContractType

    data = vacancies.VacancyData(
        title="Jornalero para la cosecha", occupation_code=WAITER, district_code="081201",
        pay_pen=Decimal("60"), pay_period=PayPeriod(period),
        contract_type=ContractType(contract))
    with app.test_request_context():
        if agrees:
            vacancies.save_vacancy(session, employer, None, data)
        else:
            with pytest.raises(vacancies.VacancyError) as caught:
                vacancies.save_vacancy(session, employer, None, data)
            assert caught.value.field == "pay_period"
    assert count(Vacancy) == (1 if agrees else 0)


def test_contract_type_starts_on_elija_not_a_silent_default(signed_in):
    html = signed_in.get("/empresa/ofertas/nueva").get_data(as_text=True)
    select = html[html.index('name="contract_type"'):]
    assert select[select.index("<option"):].startswith('<option value="">Elija…</option>')


def test_pay_below_the_minimum_wage_is_saved_with_a_warning(signed_in, session):
    html = post_new(signed_in, pay="30", pay_period="dia").get_data(as_text=True)
    assert "flash-warning" in html
    assert "El pago es menor que la Remuneración Mínima Vital (S/ 1,130.00 al mes" in html
    assert "S/ 37.67 al día" in html
    assert only_vacancy(session).pay_pen == Decimal("30.00")


@pytest.mark.parametrize(("amount", "period", "below"), [
    ("1130", PayPeriod.MONTH, False), ("1129.99", PayPeriod.MONTH, True),
    ("37.67", PayPeriod.DAY, False), ("37.66", PayPeriod.DAY, True),
    ("4.71", PayPeriod.HOUR, False), ("4.70", PayPeriod.HOUR, True),
])
def test_minimum_wage_is_compared_per_period_with_30_days_of_8_hours(amount, period, below):
    assert vacancies.below_minimum_wage(Decimal(amount), period) is below


def test_minimum_wage_per_period_is_derived_from_the_one_monthly_figure():
    assert vacancies.MINIMUM_WAGE_MONTHLY == Decimal("1130")
    assert minimum_for(PayPeriod.DAY) == Decimal("37.67")
    assert minimum_for(PayPeriod.HOUR) == Decimal("4.71")
    assert monthly_equivalent(Decimal("5"), PayPeriod.HOUR) == Decimal("1200")


@pytest.mark.parametrize(("typed", "amount"), [
    ("1130", "1130"), ("1,130", "1130"), ("1,130.50", "1130.50"), ("S/ 45", "45"),
    ("37,50", "37.50"), ("  1 300 ", "1300"),
])
def test_pay_is_read_the_way_people_type_it(signed_in, session, typed, amount):
    post_new(signed_in, pay=typed)
    assert only_vacancy(session).pay_pen == Decimal(amount)


def test_script_in_the_description_is_shown_escaped_never_run(signed_in, session):
    post_new(signed_in, description="<script>alert('x')</script> ven temprano")
    vacancy = only_vacancy(session)
    html = signed_in.get(f"/empresa/ofertas/{vacancy.id}").get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html
    assert "<script>" not in html


def test_sql_fragments_are_kept_as_plain_text(signed_in, session):
    post_new(signed_in, title="Mozo'; DROP TABLE vacancies; --")
    assert only_vacancy(session).title == "Mozo'; DROP TABLE vacancies; --"
    html = signed_in.get("/empresa/").get_data(as_text=True)
    assert "Mozo&#39;; DROP TABLE vacancies; --" in html


def test_adolescents_may_apply_to_light_daytime_work(signed_in, session):
    post_new(signed_in, occupation=KITCHEN_HELPER, adolescents="y", required_skills=None,
             desired_skills=["SK-COC-001"])
    vacancy = only_vacancy(session)
    assert vacancy.min_age == 15 and vacancy.allows_adolescents


def test_no_month_means_all_year(signed_in, session):
    post_new(signed_in, months=None)
    vacancy = only_vacancy(session)
    assert vacancy.months == []
    html = signed_in.get(f"/empresa/ofertas/{vacancy.id}").get_data(as_text=True)
    assert "todo el año" in html


def test_a_skill_marked_both_required_and_desired_counts_as_required(signed_in, session):
    post_new(signed_in, required_skills=["SK-HOS-004"], desired_skills=["SK-HOS-004"])
    links = only_vacancy(session).skill_links
    assert [(link.skill.code, link.required) for link in links] == [("SK-HOS-004", True)]


# --- search without JavaScript ----------------------------------------------------------

def test_occupation_search_by_a_feminine_synonym_without_accents_picks_it(signed_in, session):
    token = csrf_token(signed_in, "/empresa/ofertas/nueva")
    response = signed_in.post("/empresa/ofertas/nueva", data={
        "csrf_token": token, "action": "search_occupation", "occupation_query": "MOZA",
        "title": "Lo que ya escribí"})
    html = response.get_data(as_text=True)
    assert f'<option selected value="{WAITER}">' in html
    assert "Lo que ya escribí" in html  # what was typed survives the search
    assert "servicio de mesa" in html  # and the occupation's skills are offered
    assert count(Vacancy) == 0


def test_occupation_search_with_several_matches_offers_buttons_to_pick(signed_in):
    token = csrf_token(signed_in, "/empresa/ofertas/nueva")
    html = signed_in.post("/empresa/ofertas/nueva", data={
        "csrf_token": token, "action": "search_occupation", "occupation_query": "guia"},
    ).get_data(as_text=True)
    assert 'name="pick_occupation" value="OC-TUR-001"' in html
    assert 'name="pick_occupation" value="OC-TUR-002"' in html
    html = signed_in.post("/empresa/ofertas/nueva", data={
        "csrf_token": token, "pick_occupation": "OC-TUR-002"}).get_data(as_text=True)
    assert '<option selected value="OC-TUR-002">' in html


def test_skill_search_finds_any_synonym_and_keeps_what_was_ticked(signed_in):
    token = csrf_token(signed_in, "/empresa/ofertas/nueva")
    html = signed_in.post("/empresa/ofertas/nueva", data={
        "csrf_token": token, "action": "search_skill", "skill_query": "Runa Simi",
        "occupation": WAITER, "required_skills": ["SK-HOS-004"]}).get_data(as_text=True)
    assert 'name="required_skills" value="SK-IDI-001"' in html
    assert 'value="SK-HOS-004" aria-label="servicio de mesa: obligatoria" checked' in html


def test_skill_search_says_when_nothing_matches(signed_in):
    token = csrf_token(signed_in, "/empresa/ofertas/nueva")
    html = signed_in.post("/empresa/ofertas/nueva", data={
        "csrf_token": token, "action": "search_skill", "skill_query": "' OR 1=1 --"},
    ).get_data(as_text=True)
    assert "No encontramos habilidades para «&#39; OR 1=1 --»." in html


@pytest.mark.parametrize(("query", "code"), [
    ("mesera", WAITER), ("Camarero", WAITER), ("ayudante de cocinera", KITCHEN_HELPER),
    ("guía turística", "OC-TUR-001"), ("TEJEDORA", "OC-ART-001"),
])
def test_occupations_are_found_by_any_form_of_their_name(session, query, code):
    assert vacancies.search_occupations(session, query)[0].code == code


@pytest.mark.parametrize(("query", "code"), [
    ("atender mesas", "SK-HOS-004"), ("QHESWA", "SK-IDI-001"), ("ingles oral", "SK-IDI-005"),
])
def test_skills_are_found_by_any_synonym_ignoring_case_and_accents(session, query, code):
    assert code in [s.code for s in vacancies.search_skills(session, query)]


# --- lifecycle ---------------------------------------------------------------------------

def status_post(client, vacancy_id, status):
    token = csrf_token(client, f"/empresa/ofertas/{vacancy_id}")
    return client.post(f"/empresa/ofertas/{vacancy_id}/estado",
                       data={"csrf_token": token, "status": status}, follow_redirects=True)


def draft_of(employer, **kwargs):
    kwargs.setdefault("closes_on", vacancies.today() + timedelta(days=20))
    kwargs.setdefault("status", VacancyStatus.DRAFT)
    return VacancyFactory(employer=employer, pay_pen=1200,
                          occupation=vacancies.occupation_by_code(db.session, WAITER), **kwargs)


def test_verified_employer_publishes_closes_reopens_and_fills(signed_in, session, employer):
    vacancy = draft_of(employer)
    html = status_post(signed_in, vacancy.id, "open").get_data(as_text=True)
    assert "Publicamos la oferta." in html
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.OPEN and vacancy.published_at is not None
    status_post(signed_in, vacancy.id, "closed")
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.CLOSED
    status_post(signed_in, vacancy.id, "open")
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.OPEN
    html = status_post(signed_in, vacancy.id, "filled").get_data(as_text=True)
    assert "Marcamos la oferta como cubierta." in html
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.FILLED


@pytest.mark.parametrize(("start", "to", "message"), [
    (VacancyStatus.DRAFT, "closed", "Una oferta «Borrador» no puede pasar a «Cerrada»."),
    (VacancyStatus.DRAFT, "filled", "Una oferta «Borrador» no puede pasar a «Cubierta»."),
    (VacancyStatus.OPEN, "draft", "Una oferta «Publicada» no puede pasar a «Borrador»."),
    (VacancyStatus.FILLED, "closed", "Una oferta «Cubierta» no puede pasar a «Cerrada»."),
])
def test_status_changes_outside_the_lifecycle_are_refused(signed_in, session, employer, start,
                                                          to, message):
    vacancy = draft_of(employer, status=start)
    html = status_post(signed_in, vacancy.id, to).get_data(as_text=True)
    assert message in html
    session.refresh(vacancy)
    assert vacancy.status == start


def test_unknown_status_is_a_bad_request(signed_in, employer):
    vacancy = draft_of(employer)
    token = csrf_token(signed_in, f"/empresa/ofertas/{vacancy.id}")
    response = signed_in.post(f"/empresa/ofertas/{vacancy.id}/estado",
                              data={"csrf_token": token, "status": "archivada"})
    assert response.status_code == 400


def test_publishing_needs_a_closing_date_from_today_on(signed_in, session, employer):
    vacancy = draft_of(employer, closes_on=None)
    html = status_post(signed_in, vacancy.id, "open").get_data(as_text=True)
    assert "Antes de publicar, edite la oferta y ponga una fecha de cierre de hoy en adelante." \
        in html
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.DRAFT


def test_pending_employer_drafts_but_cannot_publish(client, auth, session):
    pending = make_employer(session, EmployerStatus.PENDING)
    auth.login(pending.owner.email)
    post_new(client)
    vacancy = only_vacancy(session)
    assert vacancy.status == VacancyStatus.DRAFT
    home = client.get("/empresa/").get_data(as_text=True)
    assert "Podrá publicarla cuando el CDE verifique su negocio." in home
    html = status_post(client, vacancy.id, "open").get_data(as_text=True)
    assert "El CDE debe verificar su negocio antes de que pueda publicar." in html
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.DRAFT and vacancy.published_at is None


def test_rejected_employer_sees_the_reason_and_cannot_publish(client, auth, session):
    rejected = make_employer(session, EmployerStatus.REJECTED,
                             decision_note="El RUC no corresponde al negocio.")
    vacancy = draft_of(rejected)
    auth.login(rejected.owner.email)
    assert "El RUC no corresponde al negocio." in client.get("/empresa/").get_data(as_text=True)
    html = status_post(client, vacancy.id, "open").get_data(as_text=True)
    assert "no puede publicar ofertas. Motivo: El RUC no corresponde al negocio." in html
    session.refresh(vacancy)
    assert vacancy.status == VacancyStatus.DRAFT


def test_employer_edits_a_vacancy_and_the_links_follow(signed_in, session, employer):
    post_new(signed_in)
    vacancy = only_vacancy(session)
    token = csrf_token(signed_in, f"/empresa/ofertas/{vacancy.id}/editar")
    data = good_form(title="Mesera con inglés", required_skills=["SK-HOS-004", "SK-IDI-005"],
                     desired_skills=None, months=["7"], languages=None, pay="1500")
    response = signed_in.post(f"/empresa/ofertas/{vacancy.id}/editar",
                              data={**data, "csrf_token": token}, follow_redirects=True)
    assert "Guardamos la oferta «Mesera con inglés»." in response.get_data(as_text=True)
    vacancy = only_vacancy(session)
    assert vacancy.title == "Mesera con inglés"
    assert sorted(s.code for s in vacancy.required_skills) == ["SK-HOS-004", "SK-IDI-005"]
    assert vacancy.desired_skills == [] and vacancy.languages == []
    assert [m.month for m in vacancy.months] == [7]
    assert count(VacancySkill) == 2 and count(VacancyMonth) == 1


def test_edit_form_shows_the_current_values(signed_in, session):
    post_new(signed_in)
    vacancy = only_vacancy(session)
    html = signed_in.get(f"/empresa/ofertas/{vacancy.id}/editar").get_data(as_text=True)
    assert 'value="Moza o mozo para restaurante"' in html
    assert 'value="1300.00"' in html
    assert 'value="SK-HOS-004" aria-label="servicio de mesa: obligatoria" checked' in html


def test_duplicating_last_seasons_vacancy_makes_a_draft_to_revisit(signed_in, session,
                                                                    employer):
    post_new(signed_in)
    old = only_vacancy(session)
    old.status = VacancyStatus.FILLED
    session.commit()
    token = csrf_token(signed_in, f"/empresa/ofertas/{old.id}")
    response = signed_in.post(f"/empresa/ofertas/{old.id}/duplicar",
                              data={"csrf_token": token}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Copiamos la oferta como borrador." in html
    assert "Editar oferta" in html
    session.expire_all()
    copy = session.scalars(sa.select(Vacancy).where(Vacancy.id != old.id)).one()
    assert copy.status == VacancyStatus.DRAFT and copy.closes_on is None
    assert copy.title == old.title and copy.pay_pen == old.pay_pen
    assert [m.month for m in copy.months] == [5, 6, 7]
    assert sorted((s.skill_id, s.required) for s in copy.skill_links) == sorted(
        (s.skill_id, s.required) for s in old.skill_links)
    assert old.status == VacancyStatus.FILLED


def test_home_lists_vacancies_with_status_counts_and_next_step(signed_in, employer):
    draft_of(employer, title="Guía para el Ausangate")
    html = signed_in.get("/empresa/").get_data(as_text=True)
    assert "Guía para el Ausangate" in html
    assert "Borrador" in html
    assert "Revise los datos y publíquela." in html
    assert "0 postulantes" in html


# --- object-level access -----------------------------------------------------------------

@pytest.mark.parametrize(("method", "path"), [
    ("get", "/empresa/ofertas/{id}"),
    ("get", "/empresa/ofertas/{id}/editar"),
    ("post", "/empresa/ofertas/{id}/editar"),
    ("post", "/empresa/ofertas/{id}/estado"),
    ("post", "/empresa/ofertas/{id}/duplicar"),
    ("get", "/empresa/ofertas/{id}/postulantes"),
])
def test_another_employers_vacancy_is_not_found_on_every_route(signed_in, session, method,
                                                               path):
    other = VacancyFactory(employer=make_employer(session), status=VacancyStatus.OPEN)
    token = csrf_token(signed_in, "/empresa/ofertas/nueva")
    for vacancy_id in (other.id, other.id + 1000):
        url = path.format(id=vacancy_id)
        kwargs = {"data": {**good_form(), "status": "closed", "csrf_token": token}} \
            if method == "post" else {}
        response = getattr(signed_in, method)(url, **kwargs)
        assert response.status_code == 404
    session.refresh(other)
    assert other.status == VacancyStatus.OPEN
    assert count(Vacancy) == 1


def test_youth_and_anonymous_people_do_not_reach_employer_pages(client, auth, session):
    assert client.get("/empresa/ofertas/nueva").status_code == 302  # to sign in
    youth = UserFactory()
    auth.login(youth.phone)
    assert client.get("/empresa/ofertas/nueva").status_code == 404
