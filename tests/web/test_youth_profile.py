"""A young person builds their profile one step at a time, on any phone, JavaScript or not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from markupsafe import escape

from models import (
    CandidateProfile,
    Enrollment,
    EnrollmentStatus,
    Experience,
    ExperienceKind,
    Language,
    LanguageLevel,
    Role,
    Sex,
    Training,
)
from tests.factories import ProfileFactory, UserFactory, sign_in_youth
from tests.helpers import count, csrf_token, post_form, years_ago
from web.services import profiles


def fresh(session, profile: CandidateProfile) -> CandidateProfile:
    session.expire_all()
    return session.get(CandidateProfile, profile.id)


# --- who may enter --------------------------------------------------------------------------

def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/joven/perfil")
    assert response.status_code == 302
    assert "/ingresar" in response.headers["Location"]


def test_employer_cannot_open_youth_pages(client, auth, session):
    employer = UserFactory(role=Role.EMPLOYER, phone=None, email="jefa@test.pe")
    auth.login(employer.email)
    assert client.get("/joven/perfil").status_code == 404


# --- bad input, form by form ----------------------------------------------------------------

BAD_INPUT = [
    ("/joven/perfil/datos", {"birth_date": (date.today() + timedelta(days=1)).isoformat()},
     "La fecha de nacimiento no puede estar en el futuro."),
    ("/joven/perfil/datos", {"birth_date": years_ago(14).isoformat()},
     "Chamba es para jóvenes desde los 15 años."),
    ("/joven/perfil/datos", {"birth_date": years_ago(30).isoformat()},
     "Chamba es para jóvenes de 15 a 29 años. El CDE puede orientarte sobre otros servicios."),
    ("/joven/perfil/datos", {"birth_date": "31/02/2000"},
     "Escribe la fecha como día/mes/año, por ejemplo 06/12/2007."),
    ("/joven/perfil/datos", {"birth_date": "12/2000"},
     "Escribe la fecha como día/mes/año, por ejemplo 06/12/2007."),
    ("/joven/perfil/datos", {"birth_date": "06/12/07"},
     "Escribe la fecha como día/mes/año, por ejemplo 06/12/2007."),
    ("/joven/perfil/datos", {"birth_date": years_ago(20).isoformat(), "sex": "Z"},
     "Elige una opción de la lista."),
    ("/joven/perfil/distrito", {"district": "999999"}, "Elige un distrito de la lista."),
    ("/joven/perfil/distrito", {"district": "081201' OR '1'='1"},
     "Elige un distrito de la lista."),
    ("/joven/perfil/distrito", {"district": ""}, "Elige un distrito de la lista."),
    ("/joven/perfil/idiomas", {}, "Marca al menos un idioma que hablas."),
    ("/joven/perfil/idiomas", {"que": "experto"}, "Elige un nivel de la lista."),
    ("/joven/perfil/estudios", {"education": "9"}, "Elige una opción de la lista."),
    ("/joven/perfil/estudios", {}, "Elige una opción."),
    ("/joven/perfil/experiencia", {"title": "x" * 121, "kind": "informal", "months": "3"},
     "Escribe como máximo 120 caracteres."),
    ("/joven/perfil/experiencia",
     {"title": "<script>alert(1)</script>", "kind": "informal", "months": "3"},
     "Escribe solo letras, números y signos comunes, sin los signos de menor, "
     "mayor ni llaves."),
    ("/joven/perfil/experiencia", {"title": "Cosecha", "kind": "jefe", "months": "3"},
     "Elige una opción de la lista."),
    ("/joven/perfil/experiencia", {"title": "Cosecha", "kind": "familiar", "months": "-1"},
     "Escribe un número de meses entre 0 y 600."),
    ("/joven/perfil/experiencia", {"title": "Cosecha", "kind": "familiar", "months": "seis"},
     "Escribe solo números."),
    ("/joven/perfil/experiencia",
     {"title": "Cosecha", "kind": "familiar", "months": "2", "description": "a" * 501},
     "Escribe como máximo 500 caracteres."),
    ("/joven/perfil/disponibilidad", {"months": "13"}, "Elige meses entre enero y diciembre."),
    ("/joven/perfil/disponibilidad", {"months": "0"}, "Elige meses entre enero y diciembre."),
    ("/joven/perfil/disponibilidad", {"months": "mayo"}, "Elige meses entre enero y diciembre."),
    ("/joven/perfil/disponibilidad", {"day_parts": "madrugada"}, "Elige mañana, tarde o noche."),
    ("/joven/perfil/disponibilidad", {}, "Marca al menos un mes o una parte del día."),
    ("/joven/perfil/traslado", {"max_travel_km": "-5"},
     "Escribe una distancia entre 0 y 2000 km."),
    ("/joven/perfil/traslado", {"max_travel_km": "2001"},
     "Escribe una distancia entre 0 y 2000 km."),
    ("/joven/perfil/traslado", {"max_travel_km": "lejos"},
     "Escribe una distancia entre 0 y 2000 km."),
    ("/joven/perfil/traslado", {"max_travel_km": "10", "relocate": "quizas"},
     "Elige una opción de la lista."),
    ("/joven/perfil/emprendimiento", {}, "Elige sí o no."),
    ("/joven/perfil/capacitaciones", {"trainings": "99999"}, "Elige cursos de la lista."),
]


@pytest.mark.parametrize(("path", "data", "message"), BAD_INPUT)
def test_bad_input_is_refused_with_a_plain_spanish_message(client, session, path, data,
                                                           message):
    profile = sign_in_youth(client, district_code=None)
    before = (profile.birth_date, profile.district_code, profile.max_travel_km)
    response = post_form(client, path, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert str(escape(message)) in html
    assert "<script>alert(1)</script>" not in html
    profile = fresh(session, profile)
    assert (profile.birth_date, profile.district_code, profile.max_travel_km) == before
    assert not profile.languages and not profile.experiences and not profile.months
    assert profile.education is None and profile.entrepreneurship_interest is None


def test_service_refuses_what_the_form_would_have_refused(app, session):
    profile = ProfileFactory(birth_date=years_ago(20))
    with app.test_request_context(), pytest.raises(profiles.ProfileError, match="futuro"):
        profiles.set_personal(session, profile.user_id, date.today() + timedelta(days=3), None)
    with app.test_request_context(), pytest.raises(profiles.ProfileError, match="distrito"):
        profiles.set_district(session, profile.user_id, "000000")
    with app.test_request_context(), pytest.raises(profiles.ProfileError, match="0 y 2000"):
        profiles.set_travel(session, profile.user_id, -1, None)
    with app.test_request_context(), pytest.raises(profiles.ProfileError, match="diciembre"):
        profiles.set_availability(session, profile.user_id, {0, 13}, set())
    with app.test_request_context(), pytest.raises(profiles.ProfileError, match="120"):
        profiles.add_experience(session, profile.user_id, "x" * 200, ExperienceKind.FORMAL, 1)


# --- each step saves on its own -------------------------------------------------------------

def test_each_step_saves_on_its_own_and_leads_to_the_next(client, session):
    profile = sign_in_youth(client, district_code=None, birth_date=None)
    training = Training(code="CDE-TUR-01", title="Atención al turista", hours=40)
    session.add(training)
    session.commit()
    steps = [
        ("distrito", {"district": "081210"}, "datos"),
        ("datos", {"birth_date": years_ago(19).isoformat(), "sex": "F"}, "idiomas"),
        ("idiomas", {"spa": "avanzado", "que": "nativo"}, "estudios"),
        ("estudios", {"education": "4"}, "experiencia"),
        ("capacitaciones", {"trainings": str(training.id)}, "ocupaciones"),
        ("disponibilidad", {"months": ["5", "6", "7"], "day_parts": ["manana", "tarde"]},
         "traslado"),
        ("traslado", {"max_travel_km": "25", "relocate": "no"}, "emprendimiento"),
        ("emprendimiento", {"interested": "si"}, "documentos"),
        ("documentos", {"dni": "y", "cul": "y"}, "sobre-mi"),
        ("sobre-mi", {"about": "  Soy puntual y hablo quechua.  "}, None),
    ]
    for slug, data, following in steps:
        response = post_form(client, f"/joven/perfil/{slug}", data)
        assert response.status_code == 302, slug
        expected = f"/joven/perfil/{following}" if following else "/joven/perfil"
        assert response.headers["Location"].endswith(expected), slug
    profile = fresh(session, profile)
    assert profile.district_code == "081210"
    assert profile.birth_date == years_ago(19) and profile.sex == Sex.FEMALE
    assert {(cl.language, cl.level) for cl in profile.languages} == {
        (Language.SPANISH, LanguageLevel.ADVANCED), (Language.QUECHUA, LanguageLevel.NATIVE)}
    assert profile.education == 4
    assert profile.available_months == {5, 6, 7} and profile.day_parts == 1 | 2
    assert profile.max_travel_km == 25 and profile.willing_to_relocate is False
    assert profile.entrepreneurship_interest is True
    assert profile.about == "Soy puntual y hablo quechua."
    assert (profile.has_dni, profile.has_cul, profile.has_health_card,
            profile.has_bank_account) == (True, True, False, False)
    enrollment = session.scalar(sa.select(Enrollment).filter_by(profile_id=profile.id))
    assert enrollment.status == EnrollmentStatus.COMPLETED


def test_a_step_saved_yesterday_is_still_there_when_the_person_comes_back(client, session):
    profile = sign_in_youth(client)
    post_form(client, "/joven/perfil/idiomas", {"spa": "intermedio", "agr": "nativo"})
    # Back another day: the form shows what was saved, and changing one level keeps the rest.
    html = client.get("/joven/perfil/idiomas").get_data(as_text=True)
    assert '<option selected value="nativo">' in html
    post_form(client, "/joven/perfil/idiomas", {"spa": "avanzado", "agr": "nativo"})
    levels = {cl.language: cl.level for cl in fresh(session, profile).languages}
    assert levels == {Language.SPANISH: LanguageLevel.ADVANCED,
                      Language.AWAJUN: LanguageLevel.NATIVE}


def test_sex_is_optional_prefer_not_to_say_clears_it(client, session):
    profile = sign_in_youth(client, sex=Sex.FEMALE)
    response = post_form(client, "/joven/perfil/datos",
                         {"birth_date": years_ago(22).isoformat(), "sex": ""})
    assert response.status_code == 302
    assert fresh(session, profile).sex is None
    assert "Prefiero no decir" in client.get("/joven/perfil/datos").get_data(as_text=True)


def test_district_select_is_grouped_by_province(client):
    sign_in_youth(client)
    html = client.get("/joven/perfil/distrito").get_data(as_text=True)
    assert '<optgroup label="Quispicanchi">' in html
    assert '<optgroup label="Condorcanqui">' in html
    assert '<option selected value="081201">Urcos</option>' in html


# --- experience -----------------------------------------------------------------------------

def test_informal_and_family_work_count_as_experience(client, session):
    profile = sign_in_youth(client)
    html = client.get("/joven/perfil/experiencia").get_data(as_text=True)
    assert "ayudar en la chacra de la familia" in html.lower()
    assert "cocinar en la faena comunal también cuentan" in html
    assert "la chacra, los animales o la tienda de la familia" in html  # hint under its kind
    for title, kind in (("Cosecha de papa en la chacra familiar", "familiar"),
                        ("Venta de comida en el mercado", "informal")):
        response = post_form(client, "/joven/perfil/experiencia",
                             {"title": title, "kind": kind, "months": "12"})
        assert response.headers["Location"].endswith("/joven/perfil/experiencia")
    kinds = {e.kind for e in fresh(session, profile).experiences}
    assert kinds == {ExperienceKind.FAMILY_UNPAID, ExperienceKind.INFORMAL}


def test_youth_removes_own_experience(client, session):
    profile = sign_in_youth(client)
    experience = profiles.add_experience(session, profile.user_id, "Guiar turistas",
                                         ExperienceKind.SELF_EMPLOYED, 4)
    response = post_form(client, f"/joven/perfil/experiencia/{experience.id}/quitar", {})
    assert response.status_code == 302
    assert count(Experience) == 0


def test_another_youths_experience_answers_404_and_stays(client, session):
    other = ProfileFactory(birth_date=years_ago(25))
    theirs = profiles.add_experience(session, other.user_id, "Tejido", ExperienceKind.INFORMAL, 6)
    sign_in_youth(client)
    token = csrf_token(client, "/joven/perfil/experiencia")
    for experience_id in (theirs.id, 987654):
        response = client.post(f"/joven/perfil/experiencia/{experience_id}/quitar",
                               data={"csrf_token": token})
        assert response.status_code == 404
    assert count(Experience) == 1


def test_removing_without_the_csrf_token_is_refused(client, session):
    profile = sign_in_youth(client)
    experience = profiles.add_experience(session, profile.user_id, "Faena comunal",
                                         ExperienceKind.COMMUNITY, 2)
    response = client.post(f"/joven/perfil/experiencia/{experience.id}/quitar")
    assert response.status_code == 400
    assert count(Experience) == 1


# --- skills and desired jobs ----------------------------------------------------------------

@pytest.mark.parametrize(("query", "code"), [
    ("chacra de papa", "SK-AGR-001"),        # a synonym
    ("CULTIVO DE PAPA", "SK-AGR-001"),        # capitals
    ("atencion al cliente", "SK-TRV-001"),    # no accents
    ("guiar turistas", "SK-TUR-001"),
    ("despulpador", "SK-CAC-009"),            # masculine of the synonym 'despulpadora'
    ("secadora solar", "SK-CAC-006"),         # feminine of 'secador solar'
    ("tejer chompa", "SK-ART-003"),           # singular of 'tejer chompas'
    ("crochet", "SK-ART-003"),
])
def test_skill_search_finds_synonyms_gendered_forms_and_words_without_accents(session, query,
                                                                              code):
    assert code in [hit.code for hit in profiles.search_skills(session, query)]


@pytest.mark.parametrize(("query", "code"), [
    ("mesera", "OC-GAS-001"), ("moza", "OC-GAS-001"), ("CAMARERA", "OC-GAS-001"),
    ("cocinera", "OC-GAS-002"), ("guia turistica", "OC-TUR-001"),
    ("agricultora", "OC-AGR-001"), ("chacarera", "OC-AGR-001"),
])
def test_occupation_search_finds_feminine_forms_and_synonyms(session, query, code):
    assert code in [hit.code for hit in profiles.search_occupations(session, query)]


def test_search_shows_the_label_first_and_says_which_synonym_matched(session):
    hits = profiles.search_skills(session, "chacra de papa")
    assert hits[0].label == "cultivo de papa" and hits[0].matched == "chacra de papa"
    assert profiles.search_skills(session, "") == []
    assert profiles.search_skills(session, "x") == []


def test_skill_search_works_without_javascript_and_each_result_can_be_added(client, session):
    profile = sign_in_youth(client)
    html = client.get("/joven/perfil/habilidades?q=atencion+al+cliente").get_data(as_text=True)
    assert "atención al cliente" in html
    assert 'name="code" value="SK-TRV-001"' in html and "Agregar" in html
    assert '<script src="/static/skills.js" defer></script>' in html
    response = post_form(client, "/joven/perfil/habilidades/agregar",
                         {"code": "SK-TRV-001", "q": "atencion al cliente"})
    assert response.status_code == 302
    assert "q=atencion" in response.headers["Location"]
    assert [s.code for s in fresh(session, profile).skills] == ["SK-TRV-001"]
    # It now shows as already chosen; adding it again changes nothing; removing takes it away.
    html = client.get("/joven/perfil/habilidades?q=atencion+al+cliente").get_data(as_text=True)
    assert "✓ ya está en tu lista" in html and 'name="code" value="SK-TRV-001"' in html
    post_form(client, "/joven/perfil/habilidades/agregar", {"code": "SK-TRV-001"})
    assert len(fresh(session, profile).skills) == 1
    post_form(client, "/joven/perfil/habilidades/quitar", {"code": "SK-TRV-001"})
    assert fresh(session, profile).skills == []


@pytest.mark.parametrize(("path", "code", "message"), [
    ("/joven/perfil/habilidades/agregar", "SK-NO-999", "No encontramos esa habilidad. "
                                                       "Búscala otra vez."),
    ("/joven/perfil/habilidades/agregar", "<script>", "No encontramos esa habilidad. "
                                                      "Búscala otra vez."),
    ("/joven/perfil/habilidades/agregar", "", "Elige una opción de la lista."),
    ("/joven/perfil/habilidades/agregar", "X" * 40, "Elige una opción de la lista."),
    ("/joven/perfil/ocupaciones/agregar", "OC-NO-999", "No encontramos ese trabajo. "
                                                       "Búscalo otra vez."),
])
def test_unknown_taxonomy_code_is_refused(client, session, path, code, message):
    profile = sign_in_youth(client)
    token = csrf_token(client, "/joven/perfil/habilidades")
    response = client.post(path, data={"code": code, "csrf_token": token},
                           follow_redirects=True)
    assert str(escape(message)) in response.get_data(as_text=True)
    profile = fresh(session, profile)
    assert profile.skills == [] and profile.desired_occupations == []


def test_search_text_is_shown_escaped_never_run(client):
    sign_in_youth(client)
    html = client.get("/joven/perfil/habilidades?q=<script>alert(1)</script>").get_data(
        as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_skill_suggestions_answer_json_for_the_autocomplete(client, session):
    profile = sign_in_youth(client)
    profiles.add_skill(session, profile.user_id, "SK-ART-003")
    response = client.get("/joven/perfil/habilidades/sugerencias?q=tejer")
    assert response.status_code == 200 and response.is_json
    results = response.json["results"]
    assert 0 < len(results) <= 8
    assert {"code", "label", "also", "have"} <= set(results[0])
    assert [r["have"] for r in results if r["code"] == "SK-ART-003"] == [True]
    assert not any(r["have"] for r in results if r["code"] != "SK-ART-003")
    assert client.get("/joven/perfil/habilidades/sugerencias?q=%27%3B--").json == {
        "results": []}


def test_desired_jobs_show_in_the_persons_grammatical_gender(client, session):
    profile = sign_in_youth(client, sex=Sex.FEMALE)
    html = client.get("/joven/perfil/ocupaciones?q=mozo").get_data(as_text=True)
    assert "mesera" in html
    post_form(client, "/joven/perfil/ocupaciones/agregar", {"code": "OC-GAS-001"})
    assert [o.code for o in fresh(session, profile).desired_occupations] == ["OC-GAS-001"]
    assert "mesera" in client.get("/joven/perfil/ocupaciones").get_data(as_text=True)


def test_skills_script_is_a_small_external_file(client):
    with client.get("/static/skills.js") as response:
        assert response.status_code == 200
        assert len(response.data) < 10_000
        assert b"innerHTML" not in response.data  # results are built as DOM nodes, not markup


# --- the completeness meter -----------------------------------------------------------------

def test_meter_names_the_next_missing_step_with_a_link(client, session):
    sign_in_youth(client)  # district and birth date known, nothing else
    html = client.get("/joven/").get_data(as_text=True)
    assert "Tu perfil está completo al 18 %" in html
    assert '<meter min="0" max="100"' in html and 'value="18"' in html
    assert '<a class="next-step" href="/joven/perfil/idiomas">Idiomas</a>' in html
    post_form(client, "/joven/perfil/idiomas", {"spa": "nativo"})
    html = client.get("/joven/perfil").get_data(as_text=True)
    assert '<a class="next-step" href="/joven/perfil/estudios">Estudios</a>' in html


def test_complete_profile_reaches_100_without_optional_trainings(session):
    profile = ProfileFactory(birth_date=years_ago(21))
    uid = profile.user_id
    profiles.set_languages(session, uid, {Language.QUECHUA: LanguageLevel.NATIVE})
    profiles.set_education(session, uid, 3)
    profiles.add_experience(session, uid, "Pastoreo de alpacas", ExperienceKind.FAMILY_UNPAID, 24)
    profiles.add_skill(session, uid, "SK-GAN-011")
    profiles.add_occupation(session, uid, "OC-AGR-001")
    profiles.set_availability(session, uid, set(range(1, 13)), {"manana"})
    profiles.set_travel(session, uid, 15, True)
    profiles.set_entrepreneurship(session, uid, False)
    profiles.set_documents(session, uid, dni=True, cul=False, health_card=False,
                           bank_account=False)
    state = profiles.completeness(session, fresh(session, profile))
    assert state.percent == 100 and state.next_step is None
    assert state.done["capacitaciones"] is False


def test_profile_page_lists_every_step_with_done_or_missing(client):
    sign_in_youth(client)
    html = client.get("/joven/perfil").get_data(as_text=True)
    assert html.count('class="done"') == 2 and html.count('class="todo"') == 9
    assert "Sobre mí" in html
    assert "Opcional" in html


def test_youth_pages_are_small_and_script_free_inline(client, session):
    profile = sign_in_youth(client)
    profiles.add_experience(session, profile.user_id, "Cosecha", ExperienceKind.INFORMAL, 3)
    for slug in [*profiles.STEPS, ""]:
        path = f"/joven/perfil/{slug}".rstrip("/")
        response = client.get(path)
        html = response.get_data(as_text=True)
        assert response.status_code == 200, path
        assert len(response.data) < 60_000, path
        assert " style=" not in html and "onclick" not in html and "<script>" not in html
        assert response.headers["Cache-Control"] == "private, no-store"


# --- "Sobre mí" -----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "message"), [
    ("a" * 401, "Escribe hasta 400 caracteres; ahora tienes 401."),
    ("Soy Ana\u202e", "caracteres invisibles o que cambian la dirección de la escritura"),
    ("Soy\u200bAna", "caracteres invisibles o que cambian la dirección de la escritura"),
    ("Soy\x00Ana", "caracteres invisibles o que cambian la dirección de la escritura"),
    ("<script>alert(1)</script>", "sin los signos de menor, mayor ni llaves"),
])
def test_about_me_refuses_long_invisible_or_markup_text_and_keeps_the_old(client, session,
                                                                         typed, message):
    profile = sign_in_youth(client, about="Lo de antes.")
    response = post_form(client, "/joven/perfil/sobre-mi", {"about": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and message in html
    assert "<script>alert(1)</script>" not in html
    assert fresh(session, profile).about == "Lo de antes."


def test_about_me_is_cleaned_shown_on_the_cv_and_optional_in_the_meter(client, session):
    profile = sign_in_youth(client)
    before = profiles.completeness(session, fresh(session, profile)).percent
    post_form(client, "/joven/perfil/sobre-mi",
              {"about": "  Me gusta   atender.\r\n\r\n\r\n\r\nHablo quechua.  "})
    profile = fresh(session, profile)
    assert profile.about == "Me gusta atender.\n\nHablo quechua."
    state = profiles.completeness(session, profile)
    assert state.done["sobre-mi"] and state.percent == before  # optional: not in the share
    assert "Hablo quechua." in client.get("/joven/cv").get_data(as_text=True)
    post_form(client, "/joven/perfil/sobre-mi", {"about": "   "})
    assert fresh(session, profile).about == ""
    assert "Escribe unas líneas sobre ti" in client.get("/joven/cv").get_data(as_text=True)


def test_about_me_service_holds_the_same_rule(app, session):
    profile = ProfileFactory()
    with app.test_request_context(), pytest.raises(profiles.ProfileError, match="400"):
        profiles.set_about(session, profile.user_id, "x" * 401)
    with app.test_request_context(), pytest.raises(profiles.ProfileError):
        profiles.set_about(session, profile.user_id, "a\u2066b")


# --- skill suggestions ranked for the person's district -------------------------------------

def _vacancy_asking(session, district, code):
    from models import VacancySkill
    from tests.factories import VacancyFactory
    from web.services.vacancies import skills_by_codes

    skill = skills_by_codes(session, [code])[0]
    return VacancyFactory(district_code=district,
                          skill_links=[VacancySkill(skill_id=skill.id, required=True)])


@pytest.mark.parametrize(("home", "first", "later"), [
    ("081201", "cultivo de papa", "cultivo de cacao"),  # Urcos, 3,100 m
    ("010401", "cultivo de cacao", "cultivo de papa"),  # Nieva, rainforest
])
def test_skill_search_puts_what_is_asked_near_home_first(client, session, home, first, later):
    sign_in_youth(client, district_code=home)
    _vacancy_asking(session, "081210", "SK-AGR-001")  # Ocongate asks for potato growing
    _vacancy_asking(session, "010402", "SK-CAC-001")  # El Cenepa asks for cacao
    html = client.get("/joven/perfil/habilidades?q=cultivo").get_data(as_text=True)
    assert html.index(first) < html.index(later)
    labels = [r["label"] for r in client.get(
        "/joven/perfil/habilidades/sugerencias?q=cultivo").json["results"]]
    assert labels.index(first) < labels.index(later)


def test_skill_page_suggests_what_employers_nearby_ask_for(client, session):
    profile = sign_in_youth(client, district_code="081201")
    _vacancy_asking(session, "081210", "SK-AGR-001")
    _vacancy_asking(session, "010402", "SK-CAC-001")
    html = client.get("/joven/perfil/habilidades").get_data(as_text=True)
    near = html[html.index("Lo que más piden cerca de ti"):html.index('role="search"')]
    assert "cultivo de papa" in near and "cacao" not in near
    profiles.add_skill(session, profile.user_id, "SK-AGR-001")
    html = client.get("/joven/perfil/habilidades").get_data(as_text=True)
    assert "Lo que más piden cerca de ti" not in html  # nothing left to suggest


def test_without_a_district_the_search_keeps_its_plain_order(client, session):
    sign_in_youth(client, district_code=None)
    _vacancy_asking(session, "010402", "SK-CAC-001")
    html = client.get("/joven/perfil/habilidades?q=cultivo").get_data(as_text=True)
    assert "cultivo de cacao" in html and "Lo que más piden cerca de ti" not in html
