"""The matcher in the app: youth see 'Para ti' with reasons; verified employers see ranked,
visible candidates without contact details; an unverified employer sees no candidate."""

from __future__ import annotations

import pytest

from models import (
    Application,
    CandidateLanguage,
    Language,
    LanguageLevel,
    RefusalReason,
    Role,
    Source,
    Stage,
    VacancyLanguage,
    VacancySkill,
    Visibility,
    utcnow,
)
from tests.factories import (
    EmployerFactory,
    ProfileFactory,
    UserFactory,
    VacancyFactory,
    verified_employer,
)
from tests.helpers import AuthActions, occupation, skill, territory, viewed_by, years_ago


@pytest.fixture()
def scene(session):
    admin = UserFactory(role=Role.ADMIN, phone=None, email="adm@cde.pe")
    employer = verified_employer(admin, district_code="081202", owner__email="lodge@test.pe")
    pending = EmployerFactory(district_code="081202", owner__email="nuevo@test.pe")
    cook = occupation("cocinero")
    hygiene = skill("higiene y manipulación de alimentos")
    vacancy = VacancyFactory(employer=employer, title="Cocinera para el restaurante",
                             occupation=cook, district_code="081202")
    vacancy.skill_links.append(VacancySkill(skill=hygiene, required=True))
    pending_vacancy = VacancyFactory(employer=pending, title="Ayudante", occupation=cook,
                                     status="draft")
    visible = ProfileFactory(first_name="Rocío", last_name="Condori", district_code="081202",
                             user__phone="987500001", visibility=Visibility.EMPLOYERS,
                             birth_date=years_ago(24), desired_occupations=[cook],
                             skills=[hygiene])
    visible.languages.append(CandidateLanguage(language=Language.SPANISH,
                                               level=LanguageLevel.NATIVE))
    private = ProfileFactory(first_name="Marisol", district_code="081202",
                             user__phone="987500002", visibility=Visibility.PRIVATE,
                             desired_occupations=[cook], skills=[hygiene])
    session.commit()
    return {"vacancy": vacancy, "pending_vacancy": pending_vacancy, "visible": visible,
            "private": private}


def test_youth_sees_para_ti_with_reasons(client, auth, scene):
    auth.login("987500001")
    html = client.get("/joven/para-ti").get_data(as_text=True)
    assert "Cocinera para el restaurante" in html
    assert "Tienes todas las habilidades que pide el puesto" in html  # said to her
    assert "de coincidencia" in html
    home = client.get("/joven/").get_data(as_text=True)
    assert "Para ti" in home and "Cocinera para el restaurante" in home


def test_verified_employer_sees_ranked_visible_candidates_without_contacts(client, auth, scene):
    auth.login("lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{scene['vacancy'].id}/candidatos").get_data(
        as_text=True)
    assert "Rocío" in html and "Tiene todas las habilidades" in html
    assert "Marisol" not in html                      # did not choose to be visible
    assert "987500001" not in html and "Condori" not in html   # first name only, no contact


def test_contact_shows_once_the_person_applied(client, auth, scene, session):
    application = Application(profile=scene["visible"], vacancy=scene["vacancy"],
                              source=Source.SELF, stage=Stage.RECEIVED)
    session.add(application)
    session.commit()
    auth.login("lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{scene['vacancy'].id}/candidatos").get_data(
        as_text=True)
    assert f"/postulantes/{application.id}" in html
    detail = client.get(f"/empresa/ofertas/{scene['vacancy'].id}/postulantes/{application.id}")
    assert "987500001" in detail.get_data(as_text=True)


def test_unverified_employer_sees_no_candidate(client, auth, scene):
    auth.login("nuevo@test.pe")
    html = client.get(f"/empresa/ofertas/{scene['pending_vacancy'].id}/candidatos").get_data(
        as_text=True)
    assert "Rocío" not in html and "Marisol" not in html
    assert "verifique su negocio" in html


def test_another_employers_vacancy_candidates_are_404(client, auth, scene):
    auth.login("nuevo@test.pe")
    assert client.get(f"/empresa/ofertas/{scene['vacancy'].id}/candidatos").status_code == 404


def test_hidden_profile_leaves_para_ti_and_the_employer_list(client, auth, scene, session,
                                                            app):
    youth = AuthActions(app.test_client())
    youth.login("987500001")
    para_ti = youth.client.get("/joven/para-ti").get_data(as_text=True)
    assert "Cocinera para el restaurante" in para_ti  # ranked while she is visible

    scene["visible"].hidden_at = utcnow()
    session.commit()
    para_ti = youth.client.get("/joven/para-ti").get_data(as_text=True)
    assert "Ofertas para ti" in para_ti and "Cocinera para el restaurante" not in para_ti
    assert "de coincidencia" not in para_ti
    auth.login("lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{scene['vacancy'].id}/candidatos").get_data(
        as_text=True)
    assert "Cocinera para el restaurante" in html and "Rocío" not in html


def test_being_seen_in_a_ranked_list_is_audited_and_shown_to_the_person(client, auth, scene,
                                                                         app):
    youth = AuthActions(app.test_client())
    youth.login("987500001")
    business = scene["vacancy"].employer.name  # she reads the business's name
    assert not viewed_by(youth.client.get("/cuenta").get_data(as_text=True), business)
    auth.login("lodge@test.pe")
    client.get(f"/empresa/ofertas/{scene['vacancy'].id}/candidatos")
    assert viewed_by(youth.client.get("/cuenta").get_data(as_text=True), business)


def test_skill_gaps_name_only_the_persons_own_cde_courses(session, scene):
    from models import Training
    from web.services import matching

    hygiene = scene["vacancy"].required_skills[0]
    own, other = territory("quispicanchi"), territory("condorcanqui")
    session.add_all([Training(code="T-Q", title="Higiene en Urcos", territory=own, hours=10,
                              skills=[hygiene]),
                     Training(code="T-C", title="Higiene en Nieva", territory=other, hours=10,
                              skills=[hygiene])])
    learner = ProfileFactory(first_name="Luz", district_code="081202",
                             desired_occupations=list(scene["visible"].desired_occupations))
    session.commit()
    gaps = matching.skill_gaps_for(session, learner)
    courses = {t for gap in gaps for t in gap.trainings}
    assert "Higiene en Urcos" in courses and "Higiene en Nieva" not in courses


def test_para_ti_has_the_sub_menu_gaps_on_top_and_at_most_ten(client, auth, scene, session):
    employer = scene["vacancy"].employer
    cook = occupation("cocinero")
    for n in range(12):
        VacancyFactory(employer=employer, title=f"Cocina de temporada {n:02d}", occupation=cook,
                       district_code="081202")
    session.commit()
    auth.login("987500001")
    html = client.get("/joven/para-ti").get_data(as_text=True)
    assert 'aria-label="Mi espacio"' in html and 'href="/joven/postulaciones"' in html
    assert html.count('<article class="card">') == 10
    if "Qué aprender para tener más opciones" in html:
        assert html.index("Qué aprender") < html.index('<article class="card">')


def test_a_score_is_never_shown_without_a_sentence(app):
    from flask import render_template_string

    from matcher import Match, Reason

    bare = Match(1, 2, 0.42, (Reason("languages", 0.42, ""),), ())
    with app.test_request_context():
        html = render_template_string(
            '{% from "_match.html" import reasons %}{{ reasons(m) }}', m=bare)
    assert "42%" in html and "Cumple lo básico que pide la oferta" in html
    assert "<li>" not in html


# --- Para ti speaks to her (tú); the employer reads about her -----------------------------

# How the matcher's sentences begin when they speak about the person (usted, third person).
THIRD_PERSON = ("Tiene ", "Le falta", "Vive a", "Vive en", "Habla ", "Trabajó", "Quiere trabajar",
                "Puede trabajar", "Su habilidad", "De sus ", "Cumple ")


def _reasons_in(html: str) -> list[str]:
    return [li.split("</li>")[0] for block in html.split('<ul class="reasons">')[1:]
            for li in block.split("</ul>")[0].split("<li>")[1:]]


@pytest.fixture()
def far_youth(session, scene):
    """A young person who lives far from the kitchen job, speaks Quechua, worked as a cook,
    wants to cook, may move, and lacks one of the two skills the job asks for."""
    from models import Experience, ExperienceKind

    vacancy = scene["vacancy"]
    vacancy.skill_links.append(VacancySkill(skill=skill("atención al cliente"), required=True))
    vacancy.languages.append(VacancyLanguage(language=Language.QUECHUA))

    def make(sex):
        profile = ProfileFactory(first_name="Yeny", district_code="080101",
                                 user__phone="987500009", visibility=Visibility.EMPLOYERS,
                                 birth_date=years_ago(20), sex=sex, willing_to_relocate=True,
                                 desired_occupations=[occupation("cocinero")],
                                 skills=[scene["vacancy"].required_skills[0]])
        profile.experiences.append(Experience(title="cocinero", kind=ExperienceKind.COMMUNITY,
                                              months=24, occupation=occupation("cocinero")))
        profile.languages.append(CandidateLanguage(language=Language.QUECHUA,
                                                   level=LanguageLevel.NATIVE))
        session.commit()
        return profile
    return make


@pytest.mark.parametrize(("sex", "willing"), [("F", "estás dispuesta a mudarte"),
                                              ("M", "estás dispuesto a mudarte"),
                                              (None, "puedes mudarte")])
def test_para_ti_and_home_speak_to_her_while_the_employer_reads_about_her(
        client, auth, app, far_youth, scene, sex, willing):
    far_youth(sex)
    youth = AuthActions(app.test_client())
    youth.login("987500009")
    for page in ("/joven/para-ti", "/joven/"):
        html = youth.client.get(page).get_data(as_text=True)
        reasons = _reasons_in(html)
        assert reasons, page
        assert not [r for r in reasons if r.startswith(THIRD_PERSON)], (page, reasons)
        assert not [w for w in THIRD_PERSON if w in html], page
        assert any(r.startswith("Vives a") and r.endswith(willing) for r in reasons), reasons
    auth.login("lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{scene['vacancy'].id}/candidatos").get_data(
        as_text=True)
    card = html[html.index("Yeny"):]
    card = _reasons_in(card[:card.index("</article>")])
    assert [r for r in card if r.startswith(("Tiene ", "Le falta", "Vive a", "Trabajó"))], card
    assert not [r for r in card if r.startswith(("Tienes", "Te falta", "Vives", "Trabajaste"))]


def test_para_ti_speaks_to_her_in_english_on_english_pages(client, auth, scene, session):
    scene["visible"].user.locale = "en"
    session.commit()
    auth.login("987500001")
    for page in ("/joven/para-ti", "/joven/"):
        reasons = _reasons_in(client.get(page).get_data(as_text=True))
        assert "You have every skill the job requires" in reasons, (page, reasons)
        assert not [r for r in reasons if r.startswith(("Has ", "Lives", "Tienes", "Vives"))]


def test_the_youth_fallback_sentence_speaks_to_her_too(app):
    from flask import render_template_string

    from matcher import Match, Reason

    bare = Match(1, 2, 0.42, (Reason("languages", 0.42, ""),), ())
    with app.test_request_context():
        html = render_template_string(
            '{% from "_match.html" import reasons %}{{ reasons(m, you=True) }}', m=bare)
    assert "42%" in html and "Cumples lo básico que pide la oferta" in html


@pytest.mark.parametrize("saved", [
    {"text": "Vive en Ocongate", "text_en": "Lives in Ocongate"},   # saved before text_you
    {"text": "Vive en Ocongate", "text_en": "Lives in Ocongate", "text_you": "Vives en Ocongate",
     "text_you_en": "You live in Ocongate"},
])
def test_a_saved_explanation_reads_the_same_to_staff_old_or_new(app, saved):
    from flask import render_template_string

    with app.test_request_context():
        html = render_template_string(
            '{% from "_match.html" import snapshot_reasons %}{{ snapshot_reasons(e) }}',
            e={"shown": [saved]})
    assert "<li>Vive en Ocongate</li>" in html


def test_a_new_explanation_keeps_the_sentence_said_to_her(scene, session):
    from web.services import matching

    ((_vacancy, match),) = matching.vacancies_for(session, scene["visible"], k=1)
    snapshot = matching.explanation_snapshot(match)
    assert all(r["text_you"] for r in snapshot["shown"])
    assert snapshot["shown"][0]["text_you"].startswith("Tienes")


# --- Para ti: pay with its period, no vacancy she applied to, a true count -----------------

@pytest.mark.parametrize(("period", "words"), [("dia", "por día"), ("mes", "al mes"),
                                               ("hora", "por hora")])
def test_para_ti_and_home_show_pay_with_its_period(client, auth, scene, session, period,
                                                   words):
    from decimal import Decimal

    from models import PayPeriod

    scene["vacancy"].pay_pen = Decimal("43.00")
    scene["vacancy"].pay_period = PayPeriod(period)
    session.commit()
    auth.login("987500001")
    for page in ("/joven/para-ti", "/joven/"):
        html = client.get(page).get_data(as_text=True)
        assert f"S/ 43.00 {words}" in html, page


@pytest.mark.parametrize("stage", [Stage.PROPOSED, Stage.RECEIVED, Stage.CONTACTED,
                                   Stage.INTERVIEW, Stage.HIRED, Stage.NOT_HIRED])
def test_para_ti_leaves_out_what_she_already_applied_to(client, auth, scene, session, stage):
    employer = scene["vacancy"].employer
    for n in range(12):
        VacancyFactory(employer=employer, title=f"Cocina de temporada {n:02d}",
                       occupation=occupation("cocinero"), district_code="081202")
    refused = RefusalReason.OTHER_CANDIDATE if stage == Stage.NOT_HIRED else None
    session.add(Application(profile=scene["visible"], vacancy=scene["vacancy"],
                            source=Source.SELF, stage=stage, refusal_reason=refused))
    session.commit()
    auth.login("987500001")
    html = client.get("/joven/para-ti").get_data(as_text=True)
    assert "Cocinera para el restaurante" not in html
    assert html.count('<article class="card">') == 10  # still ten to read
    home = client.get("/joven/").get_data(as_text=True)
    recommended = home[home.index("<h2>Para ti</h2>"):]
    recommended = recommended[:recommended.index("</section>")]
    assert "Cocinera para el restaurante" not in recommended
    assert recommended.count("<article>") == 3


def test_a_vacancy_she_withdrew_from_is_offered_again(client, auth, scene, session):
    session.add(Application(profile=scene["visible"], vacancy=scene["vacancy"],
                            source=Source.SELF, stage=Stage.WITHDRAWN))
    session.commit()
    auth.login("987500001")
    assert "Cocinera para el restaurante" in client.get("/joven/para-ti").get_data(as_text=True)


@pytest.mark.parametrize(("extra", "says"), [
    (0, "Encontramos 1 oferta que te queda"),
    (1, "Las 2 ofertas que mejor te quedan"),
    (12, "Las 10 ofertas que mejor te quedan"),
])
def test_para_ti_counts_the_offers_it_shows(client, auth, scene, session, extra, says):
    for n in range(extra):
        VacancyFactory(employer=scene["vacancy"].employer, title=f"Cocina {n:02d}",
                       occupation=occupation("cocinero"), district_code="081202")
    session.commit()
    auth.login("987500001")
    html = client.get("/joven/para-ti").get_data(as_text=True)
    assert says in html and "diez" not in html
