"""A young person looks for work near home, applies in one tap and follows each application."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from markupsafe import escape

from matcher.features import haversine_km
from models import (
    Application,
    District,
    Occupation,
    RefusalReason,
    Role,
    Source,
    Stage,
    StageEvent,
    Vacancy,
    VacancyStatus,
    utcnow,
)
from tests.factories import (
    ProfileFactory,
    UserFactory,
    VacancyFactory,
    sign_in_youth,
)
from tests.factories import verified_employer as verified_by
from tests.helpers import count, csrf_token, post_form, years_ago
from web.services import jobs


def verified_employer(**fields):
    admin = UserFactory(role=Role.ADMIN, phone=None,
                        email=f"admin{count(Vacancy)}-{utcnow().timestamp()}@test.pe")
    return verified_by(admin, **fields)


def open_vacancy(employer=None, **fields) -> Vacancy:
    employer = employer or verified_employer()
    fields.setdefault("published_at", utcnow())
    return VacancyFactory(employer=employer, **fields)


def occupation(session, code: str) -> Occupation:
    return session.scalar(sa.select(Occupation).filter_by(code=code))


# --- browsing and searching -----------------------------------------------------------------

def test_search_lists_only_open_current_vacancies_of_verified_employers(client, session):
    sign_in_youth(client)
    employer = verified_employer()
    shown = open_vacancy(employer, title="Ayudante de cocina")
    open_vacancy(employer, title="Borrador oculto", status=VacancyStatus.DRAFT)
    open_vacancy(employer, title="Cerrada oculta", status=VacancyStatus.CLOSED)
    open_vacancy(employer, title="Vencida oculta", closes_on=date.today() - timedelta(days=1))
    VacancyFactory(title="Empresa sin verificar")  # pending employer
    html = client.get("/joven/ofertas").get_data(as_text=True)
    assert shown.title in html and "1 oferta encontrada" in html
    for hidden in ("Borrador", "Cerrada", "Vencida", "sin verificar"):
        assert hidden not in html


def soles(app, amount: str) -> str:
    """The amount as the site's ``money`` filter writes it for a Spanish reader."""
    from web.templating import money

    with app.test_request_context():
        return money(Decimal(amount))


def test_each_vacancy_shows_distance_from_home_and_pay_in_soles(app, client, session):
    sign_in_youth(client, district_code="081201")  # Urcos
    employer = verified_employer(district_code="081210")
    open_vacancy(employer, title="Cocinera de trekking", district_code="081210",
                 pay_pen=Decimal("1130"), pay_period="mes")
    open_vacancy(employer, title="Mozo", district_code="081201", pay_pen=Decimal("50"),
                 pay_period="dia")
    html = client.get("/joven/ofertas").get_data(as_text=True)
    urcos, ocongate = session.get(District, "081201"), session.get(District, "081210")
    expected = haversine_km(urcos.latitude, urcos.longitude, ocongate.latitude,
                                 ocongate.longitude)
    assert 20 < expected < 60
    assert f"a {round(expected)} km de tu distrito" in html
    assert "en tu distrito" in html
    assert f"{soles(app, '1130')} al mes" in html and f"{soles(app, '50')} por día" in html
    assert "S/ 1" in soles(app, "1130")
    # Nearest first by default: the offer in Urcos comes before the one in Ocongate.
    assert html.index("Mozo") < html.index("Cocinera de trekking")
    html = client.get("/joven/ofertas?orden=recientes").get_data(as_text=True)
    assert html.index("Cocinera de trekking") > 0


def test_distance_is_unknown_when_the_youth_has_not_said_where_they_live(client):
    sign_in_youth(client, district_code=None)
    open_vacancy(title="Guía de turismo")
    html = client.get("/joven/ofertas").get_data(as_text=True)
    assert "distancia desconocida" in html
    assert "Dinos en qué distrito vives" in html


def test_haversine_matches_a_known_distance():
    # Cusco (Plaza de Armas) to Urcos is about 40 km as the crow flies.
    assert 35 < haversine_km(-13.5167, -71.9781, -13.6861, -71.6228) < 45
    assert jobs.distance_km(None, None) is None


@pytest.mark.parametrize("words", ["guia", "GUÍA", "Guia  Turismo", "turismo guía"])
def test_word_search_ignores_case_and_accents(client, words):
    sign_in_youth(client)
    open_vacancy(title="Guía de turismo en Andahuaylillas")
    open_vacancy(title="Ayudante de panadería", description="Hornear pan de trigo.")
    html = client.get("/joven/ofertas", query_string={"q": words}).get_data(as_text=True)
    assert "Guía de turismo en Andahuaylillas" in html
    assert "panadería" not in html


def test_word_search_looks_in_the_description_too(client):
    sign_in_youth(client)
    open_vacancy(title="Ayudante", description="Cosecha de cacao en Nieva, con almuerzo.")
    html = client.get("/joven/ofertas?q=cacao").get_data(as_text=True)
    assert "1 oferta encontrada" in html


@pytest.mark.parametrize("words", ["cocina", "cosina", "COCINERA", "cosinero"])
def test_search_understands_synonyms_and_slips_for_cook_jobs(client, session, words):
    sign_in_youth(client)
    cook = occupation(session, "OC-GAS-002")
    open_vacancy(title="Preparar almuerzos para turistas", occupation_id=cook.id)
    open_vacancy(title="Ayudante de panadería", description="Hornear pan de trigo.")
    html = client.get("/joven/ofertas", query_string={"q": words}).get_data(as_text=True)
    assert "Preparar almuerzos para turistas" in html, words
    assert "panadería" not in html


def test_search_for_mozo_finds_a_waitress_job(client, session):
    sign_in_youth(client)
    open_vacancy(title="Atención en restaurante", occupation_id=occupation(
        session, "OC-GAS-001").id)
    html = client.get("/joven/ofertas?q=mozo").get_data(as_text=True)
    assert "Atención en restaurante" in html


def test_a_word_that_names_no_occupation_only_searches_the_text(client, session):
    sign_in_youth(client)
    open_vacancy(title="Preparar almuerzos", occupation_id=occupation(session, "OC-GAS-002").id)
    html = client.get("/joven/ofertas?q=Ocongate").get_data(as_text=True)
    assert "Preparar almuerzos" not in html


def test_filters_by_district_and_occupation(client, session):
    sign_in_youth(client)
    employer = verified_employer()
    open_vacancy(employer, title="Mesera en Urcos", district_code="081201",
                 occupation_id=occupation(session, "OC-GAS-001").id)
    open_vacancy(employer, title="Cocinero en Nieva", district_code="010401",
                 occupation_id=occupation(session, "OC-GAS-002").id)
    html = client.get("/joven/ofertas?distrito=010401").get_data(as_text=True)
    assert "Cocinero en Nieva" in html and "Mesera en Urcos" not in html
    html = client.get("/joven/ofertas?ocupacion=OC-GAS-001").get_data(as_text=True)
    assert "Mesera en Urcos" in html and "Cocinero en Nieva" not in html
    html = client.get("/joven/ofertas?distrito=999999").get_data(as_text=True)
    assert "Elige un distrito de la lista." in html and "2 ofertas encontradas" in html


@pytest.mark.parametrize("words", [
    "' OR 1=1 --", "'; DROP TABLE vacancies; --", "%", "_", "\\", "guía%' UNION SELECT 1--",
    "<script>alert(1)</script>",
])
def test_sql_and_markup_in_the_search_are_just_words(client, words):
    sign_in_youth(client)
    open_vacancy(title="Cocinera de menú")
    response = client.get("/joven/ofertas", query_string={"q": words})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cocinera de menú" not in html or words in ("%", "_", "\\")
    assert "<script>alert(1)</script>" not in html
    assert str(escape(words)) in html
    assert count(Vacancy) == 1


def test_overlong_search_gets_a_message_not_an_error(client):
    sign_in_youth(client)
    html = client.get("/joven/ofertas", query_string={"q": "a" * 81}).get_data(as_text=True)
    assert "Escribe como máximo 80 caracteres." in html


def test_results_come_in_pages_that_work_without_javascript(client):
    sign_in_youth(client)
    employer = verified_employer()
    for n in range(12):
        open_vacancy(employer, title=f"Jornalero de cosecha {n:02d}")
    response = client.get("/joven/ofertas?q=cosecha")
    html = response.get_data(as_text=True)
    assert len(response.data) < 60_000 and " style=" not in html and "<script" not in html
    assert html.count("Jornalero de cosecha") == 10
    assert "Página 1 de 2" in html
    assert 'href="/joven/ofertas?pagina=2&amp;q=cosecha' in html
    html = client.get("/joven/ofertas?q=cosecha&pagina=2").get_data(as_text=True)
    assert html.count("Jornalero de cosecha") == 2
    # A page past the end or not a number shows the nearest real page.
    assert client.get("/joven/ofertas?pagina=99").status_code == 200
    assert client.get("/joven/ofertas?pagina=dos").status_code == 200


def test_minors_only_see_work_permitted_at_their_age(client):
    sign_in_youth(client, birth_date=years_ago(16))
    open_vacancy(title="Ayudante de cocina", min_age=15)
    open_vacancy(title="Guardián de noche", min_age=18, day_parts=4)
    html = client.get("/joven/ofertas").get_data(as_text=True)
    assert "Ayudante de cocina" in html and "Guardián de noche" not in html
    assert "Desde 15 años" in html
    assert "Te mostramos solo los trabajos permitidos para tu edad." in html


# --- one vacancy ----------------------------------------------------------------------------

def test_vacancy_page_shows_details_and_the_skills_the_youth_has(app, client, session):
    profile = sign_in_youth(client)
    from web.services import profiles

    profiles.add_skill(session, profile.user_id, "SK-TRV-001")
    vacancy = open_vacancy(title="Recepcionista", description="Atender a <b>huéspedes</b>.",
                           pay_pen=Decimal("1200"))
    from models import Skill, VacancySkill

    skill = session.scalar(sa.select(Skill).filter_by(code="SK-TRV-001"))
    session.add(VacancySkill(vacancy_id=vacancy.id, skill_id=skill.id, required=True))
    session.commit()
    html = client.get(f"/joven/ofertas/{vacancy.id}").get_data(as_text=True)
    assert "Recepcionista" in html and f"{soles(app, '1200')} al mes" in html
    assert "&lt;b&gt;huéspedes&lt;/b&gt;" in html
    assert "atención al cliente" in html and "lo sabes hacer" in html
    assert "Postular a este trabajo" in html


@pytest.mark.parametrize("status", [VacancyStatus.DRAFT])
def test_drafts_and_unverified_employers_answer_404(client, status):
    sign_in_youth(client)
    draft = open_vacancy(status=status)
    pending = VacancyFactory()
    assert client.get(f"/joven/ofertas/{draft.id}").status_code == 404
    assert client.get(f"/joven/ofertas/{pending.id}").status_code == 404
    assert client.get("/joven/ofertas/999999").status_code == 404


# --- applying -------------------------------------------------------------------------------

def apply_to(client, vacancy_id: int, message: str = "", follow: bool = False):
    path = f"/joven/ofertas/{vacancy_id}"
    return client.post(f"{path}/postular",
                       data={"message": message, "csrf_token": csrf_token(client, path)},
                       follow_redirects=follow)


def test_youth_applies_in_one_tap_with_an_optional_message(client, session):
    profile = sign_in_youth(client)
    vacancy = open_vacancy(title="Mesera")
    response = apply_to(client, vacancy.id, "Puedo empezar el lunes.")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/joven/postulaciones")
    application = session.scalar(sa.select(Application))
    assert (application.profile_id, application.vacancy_id) == (profile.id, vacancy.id)
    assert application.source == Source.SELF and application.stage == Stage.RECEIVED
    assert application.message == "Puedo empezar el lunes."
    assert application.created_by_id == profile.user_id
    event = session.scalar(sa.select(StageEvent))
    assert (event.application_id, event.from_stage, event.to_stage) == (
        application.id, None, Stage.RECEIVED)
    assert event.actor_id == profile.user_id
    html = client.get("/joven/postulaciones").get_data(as_text=True)
    assert "Mesera" in html and "La empresa recibió tu postulación" in html


def test_applying_twice_is_refused_with_a_clear_message(client):
    sign_in_youth(client)
    vacancy = open_vacancy()
    apply_to(client, vacancy.id)
    html = apply_to(client, vacancy.id, follow=True).get_data(as_text=True)
    assert "Ya postulaste a esta oferta." in html
    assert count(Application) == 1 and count(StageEvent) == 1


@pytest.mark.parametrize(("fields", "message"), [
    ({"status": VacancyStatus.CLOSED}, "Esta oferta ya cerró y no recibe más postulaciones."),
    ({"status": VacancyStatus.FILLED}, "Esta oferta ya cerró y no recibe más postulaciones."),
    ({"closes_on": date.today() - timedelta(days=1)},
     "Esta oferta ya cerró y no recibe más postulaciones."),
    ({"min_age": 25}, "Esta oferta pide tener al menos 25 años."),
])
def test_applying_to_a_closed_past_or_older_vacancy_is_refused(client, fields, message):
    sign_in_youth(client)
    vacancy = open_vacancy(**fields)
    html = apply_to(client, vacancy.id, follow=True).get_data(as_text=True)
    assert message in html
    assert count(Application) == 0


def test_applying_to_a_draft_answers_404(client):
    sign_in_youth(client)
    vacancy = open_vacancy(status=VacancyStatus.DRAFT)
    token = csrf_token(client, "/joven/ofertas")
    response = client.post(f"/joven/ofertas/{vacancy.id}/postular",
                           data={"csrf_token": token})
    assert response.status_code == 404
    assert count(Application) == 0


def test_adolescent_may_apply_to_permitted_work_but_not_to_adult_only_work(client, session):
    from models import Consent, ConsentMethod, ConsentPurpose

    profile = sign_in_youth(client, birth_date=years_ago(16))
    # A minor applies only with her guardian's consent on record (tests/web/test_consent_switch).
    session.add(Consent(user_id=profile.user_id, purpose=ConsentPurpose.PROCESSING,
                        notice_version="2026-11", granted=True, method=ConsentMethod.ONLINE,
                        guardian_name="Rosa Quispe", guardian_relation="madre"))
    session.commit()
    adults = open_vacancy(title="Cargador", min_age=18)
    light = open_vacancy(title="Ayudante de cocina", min_age=15,
                         occupation_id=occupation(session, "OC-GAS-003").id)
    not_light = open_vacancy(title="Jornalera", min_age=15,
                             occupation_id=occupation(session, "OC-AGR-002").id)
    html = client.get(f"/joven/ofertas/{adults.id}").get_data(as_text=True)
    assert "solo para personas mayores de 18 años" in html
    assert "Postular a este trabajo" not in html
    for refused in (adults, not_light):
        html = apply_to(client, refused.id, follow=True).get_data(as_text=True)
        assert "Esta oferta es solo para personas mayores de 18 años." in html
    assert apply_to(client, light.id).status_code == 302
    assert [a.vacancy_id for a in session.scalars(sa.select(Application))] == [light.id]


def test_adult_may_apply_to_adult_only_work(client):
    sign_in_youth(client, birth_date=years_ago(18))
    vacancy = open_vacancy(min_age=18)
    assert apply_to(client, vacancy.id).status_code == 302
    assert count(Application) == 1


@pytest.mark.parametrize(("message", "error"), [
    ("<script>alert(1)</script>", "Escribe solo letras, números y signos comunes, sin los "
                                  "signos de menor, mayor ni llaves."),
    ("a" * 501, "Tu mensaje puede tener como máximo 500 caracteres."),
])
def test_bad_application_message_is_refused(client, message, error):
    sign_in_youth(client)
    vacancy = open_vacancy()
    response = apply_to(client, vacancy.id, message)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and error in html
    assert "<script>alert(1)</script>" not in html
    assert count(Application) == 0


def test_concurrent_double_tap_is_caught_by_the_unique_constraint(app, session, monkeypatch):
    profile = ProfileFactory(birth_date=years_ago(20))
    vacancy = open_vacancy()
    with app.test_request_context():
        jobs.apply(session, profile.user_id, vacancy.id)
        # The second request's check ran before the first one committed.
        real_scalar = session.scalar
        calls = iter([True])

        def stale_check(statement, *args, **kwargs):
            if "applications" in str(statement) and next(calls, False):
                return None
            return real_scalar(statement, *args, **kwargs)

        monkeypatch.setattr(session, "scalar", stale_check)
        with pytest.raises(jobs.ApplicationError, match="Ya postulaste"):
            jobs.apply(session, profile.user_id, vacancy.id)
    monkeypatch.undo()
    assert count(Application) == 1


# --- following and withdrawing --------------------------------------------------------------

def make_application(profile, stage=Stage.RECEIVED, reason=None) -> Application:
    from web.extensions import db

    application = Application(profile_id=profile.id, vacancy_id=open_vacancy().id,
                              source=Source.SELF, stage=stage, refusal_reason=reason)
    db.session.add(application)
    db.session.commit()
    return application


@pytest.mark.parametrize(("reason", "words"), [
    (RefusalReason.SKILLS, "buscaban a alguien con más práctica en lo que pide el puesto"),
    (RefusalReason.OTHER_CANDIDATE, "Esta vez eligieron a otra persona. No te desanimes"),
    (RefusalReason.DOCUMENTS, "Faltaban documentos que pide el puesto"),
    (RefusalReason.DISTANCE, "el trabajo quedaba muy lejos de donde vives"),
    (RefusalReason.PAY, "no llegaron a un acuerdo sobre el pago"),
])
def test_not_hired_hears_the_true_reason_in_kind_words_never_the_code(client, reason, words):
    profile = sign_in_youth(client)
    make_application(profile, Stage.NOT_HIRED, reason)
    html = client.get("/joven/postulaciones").get_data(as_text=True)
    assert words in html
    assert reason.value not in html and "Retirar" not in html
    if reason != RefusalReason.OTHER_CANDIDATE:
        assert "eligieron a otra persona" not in html  # no longer a kind untruth
    assert words in client.get("/joven/").get_data(as_text=True)
    # The stage and its meaning read as one line: the label does not repeat the sentence's start.
    assert re.search(r"<strong>No avanzó:</strong> (Esta vez|Faltaban)", html)
    assert "Esta vez no</strong>" not in html


# --- applying again after withdrawing by mistake --------------------------------------------

def test_youth_applies_again_after_withdrawing_by_mistake(client, session):
    profile = sign_in_youth(client)
    vacancy = open_vacancy(title="Moza de restaurante")
    apply_to(client, vacancy.id)
    application = session.scalar(sa.select(Application))
    post_form(client, f"/joven/postulaciones/{application.id}/retirar", {})
    html = client.get("/joven/postulaciones").get_data(as_text=True)
    assert "Volver a postular" in html
    page = client.get(f"/joven/ofertas/{vacancy.id}").get_data(as_text=True)
    assert "Volver a postular" in page and "Retirada" in page
    response = apply_to(client, vacancy.id, "Fue un error, sigo interesada.")
    assert response.status_code == 302
    session.expire_all()
    application = session.scalar(sa.select(Application))
    assert count(Application) == 1
    assert application.stage == Stage.RECEIVED
    assert application.message == "Fue un error, sigo interesada."
    assert [(e.from_stage, e.to_stage) for e in application.events] == [
        (None, Stage.RECEIVED), (Stage.RECEIVED, Stage.WITHDRAWN),
        (Stage.WITHDRAWN, Stage.RECEIVED)]
    assert all(e.actor_id == profile.user_id for e in application.events)
    # Once back in, it is an application again: applying a third time is refused.
    html = apply_to(client, vacancy.id, follow=True).get_data(as_text=True)
    assert "Ya postulaste a esta oferta." in html and count(StageEvent) == 3


@pytest.mark.parametrize("fields", [{"status": VacancyStatus.CLOSED},
                                    {"closes_on": date.today() - timedelta(days=1)}])
def test_no_applying_again_once_the_vacancy_closed(client, session, fields):
    profile = sign_in_youth(client)
    application = make_application(profile, Stage.WITHDRAWN)
    for name, value in fields.items():
        setattr(application.vacancy, name, value)
    session.commit()
    assert "Volver a postular" not in client.get("/joven/postulaciones").get_data(as_text=True)
    html = apply_to(client, application.vacancy_id, follow=True).get_data(as_text=True)
    assert "Esta oferta ya cerró" in html
    session.expire_all()
    assert session.get(Application, application.id).stage == Stage.WITHDRAWN
    assert count(StageEvent) == 0


@pytest.mark.parametrize(("stage", "reason"), [(Stage.NOT_HIRED, RefusalReason.OTHER),
                                               (Stage.HIRED, None)])
def test_a_refusal_or_a_hire_is_not_reopened_by_applying(client, session, stage, reason):
    profile = sign_in_youth(client)
    application = make_application(profile, stage, reason)
    html = apply_to(client, application.vacancy_id, follow=True).get_data(as_text=True)
    assert "Ya postulaste a esta oferta." in html
    session.expire_all()
    assert session.get(Application, application.id).stage == stage


def test_another_youths_withdrawn_application_stays_theirs(client, session):
    other = ProfileFactory(birth_date=years_ago(24))
    theirs = make_application(other, Stage.WITHDRAWN)
    sign_in_youth(client)
    apply_to(client, theirs.vacancy_id)
    session.expire_all()
    assert session.get(Application, theirs.id).stage == Stage.WITHDRAWN
    assert count(Application) == 2  # her own, new; theirs untouched


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.RECEIVED, Stage.CONTACTED,
                                   Stage.INTERVIEW])
def test_youth_withdraws_an_application_in_progress(client, session, stage):
    profile = sign_in_youth(client)
    application = make_application(profile, stage)
    response = post_form(client, f"/joven/postulaciones/{application.id}/retirar", {})
    assert response.status_code == 302
    session.expire_all()
    application = session.get(Application, application.id)
    assert application.stage == Stage.WITHDRAWN
    event = application.events[-1]
    assert (event.from_stage, event.to_stage, event.actor_id) == (
        stage, Stage.WITHDRAWN, profile.user_id)


@pytest.mark.parametrize(("stage", "reason"), [(Stage.HIRED, None),
                                               (Stage.NOT_HIRED, RefusalReason.OTHER),
                                               (Stage.WITHDRAWN, None)])
def test_finished_applications_cannot_be_withdrawn(client, session, stage, reason):
    profile = sign_in_youth(client)
    application = make_application(profile, stage, reason)
    token = csrf_token(client, "/joven/postulaciones")
    html = client.post(f"/joven/postulaciones/{application.id}/retirar",
                       data={"csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    assert "Esta postulación ya terminó; no se puede retirar." in html
    session.expire_all()
    assert session.get(Application, application.id).stage == stage
    assert count(StageEvent) == 0


def test_another_youths_application_answers_404(client, session):
    other = ProfileFactory(birth_date=years_ago(24))
    theirs = make_application(other)
    sign_in_youth(client)
    token = csrf_token(client, "/joven/postulaciones")
    response = client.post(f"/joven/postulaciones/{theirs.id}/retirar",
                           data={"csrf_token": token})
    assert response.status_code == 404
    session.expire_all()
    assert session.get(Application, theirs.id).stage == Stage.RECEIVED
    assert theirs.vacancy.title not in client.get("/joven/postulaciones").get_data(as_text=True)


def test_home_is_a_dashboard_with_meter_recent_applications_and_search(client):
    profile = sign_in_youth(client)
    make_application(profile, Stage.INTERVIEW)
    html = client.get("/joven/").get_data(as_text=True)
    assert f"Hola, {profile.first_name}" in html
    assert "Tu perfil está completo al" in html
    assert "Te invitaron a una entrevista" in html
    assert 'href="/joven/ofertas"' in html
