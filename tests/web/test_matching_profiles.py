"""How a profile reaches the matcher: work done apart from work wanted, courses finished
counting as skills, one mapping for the page and for the bulk loader, reasons in the
page's language."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from models import (
    CandidateLanguage,
    CandidateMonth,
    EmployerStatus,
    Enrollment,
    EnrollmentStatus,
    Experience,
    ExperienceKind,
    Language,
    LanguageLevel,
    Occupation,
    Role,
    Skill,
    Territory,
    Training,
    VacancySkill,
    Visibility,
    utcnow,
)
from tests.factories import EmployerFactory, ProfileFactory, UserFactory, VacancyFactory
from tests.helpers import login
from web.services import matching


def _occupation(session, label):
    return session.scalar(sa.select(Occupation).filter_by(label_es=label))


def _skill(session, label):
    return session.scalar(sa.select(Skill).filter_by(label_es=label))


@pytest.fixture()
def kitchen(session):
    """A cook vacancy in Ocongate that asks for hygiene, a course that teaches it, and
    three young people: one who finished the course, one who only wants to wait tables,
    and one who has done a bit of everything."""
    admin = UserFactory(role=Role.ADMIN, phone=None, email="adm@cde.pe")
    employer = EmployerFactory(district_code="081210", status=EmployerStatus.VERIFIED,
                               verified_by=admin, verified_at=utcnow(),
                               owner__email="lodge@test.pe")
    cook, waiter = _occupation(session, "cocinero"), _occupation(session, "mesero")
    hygiene = _skill(session, "higiene y manipulación de alimentos")
    service = session.scalar(sa.select(Skill).filter(Skill.label_es.like("atención al cliente%")))
    vacancy = VacancyFactory(employer=employer, title="Cocinera para el lodge", occupation=cook,
                             district_code="081210", description="Cocina para turistas.")
    vacancy.skill_links.append(VacancySkill(skill=hygiene, required=True))
    quispicanchi = session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
    course = Training(code="T-HIG", title="Higiene de alimentos en Urcos", hours=24,
                      territory=quispicanchi, skills=[hygiene])
    other_course = Training(code="T-ATN", title="Atención al cliente en Urcos", hours=24,
                            territory=quispicanchi, skills=[service])

    certified = ProfileFactory(first_name="Flor", district_code="081210", sex="F",
                               birth_date=date(2003, 4, 2), user__phone="987600001",
                               visibility=Visibility.EMPLOYERS)
    certified.experiences.append(Experience(title="cociné para la faena comunal",
                                            kind=ExperienceKind.COMMUNITY, months=24))
    wants = ProfileFactory(first_name="Yeni", district_code="081210", sex="F",
                           birth_date=date(2004, 1, 9), user__phone="987600002",
                           desired_occupations=[waiter], visibility=Visibility.EMPLOYERS)
    busy = ProfileFactory(first_name="Edwin", district_code="081201", sex="M",
                          birth_date=date(2000, 7, 7), user__phone="987600003",
                          education=4, about="Responsable.", max_travel_km=40,
                          willing_to_relocate=True, desired_occupations=[cook, waiter],
                          skills=[service])
    busy.experiences.append(Experience(title="mesero en la feria", kind=ExperienceKind.INFORMAL,
                                       months=6, occupation=waiter,
                                       description="Atendía mesas los domingos."))
    busy.experiences.append(Experience(title="chacra", kind=ExperienceKind.FAMILY_UNPAID))
    busy.languages.append(CandidateLanguage(language=Language.QUECHUA,
                                            level=LanguageLevel.NATIVE))
    busy.languages.append(CandidateLanguage(language=Language.OTHER,
                                            level=LanguageLevel.BASIC))
    busy.months = [CandidateMonth(month=m) for m in (1, 2, 7)]
    session.add_all([course, other_course])
    session.flush()
    session.add_all([
        Enrollment(training=course, profile=certified, status=EnrollmentStatus.COMPLETED),
        # Enrolled but not finished: certifies nothing yet.
        Enrollment(training=other_course, profile=wants, status=EnrollmentStatus.ENROLLED),
        Enrollment(training=course, profile=busy, status=EnrollmentStatus.DROPPED),
    ])
    session.commit()
    return {"vacancy": vacancy, "course": course, "other_course": other_course,
            "certified": certified, "wants": wants, "busy": busy, "hygiene": hygiene}


def test_the_page_and_the_bulk_loader_build_the_same_candidates(session, kitchen):
    bulk = {row.candidate.id: row.candidate for row in matching.load_candidates(session)}
    for name in ("certified", "wants", "busy"):
        profile = kitchen[name]
        assert bulk[profile.id] == matching.to_candidate(profile), name


def test_work_done_and_work_wanted_reach_the_matcher_apart(session, kitchen):
    busy = matching.to_candidate(kitchen["busy"])
    assert [(e.title, e.months, e.kind) for e in busy.titles] == [
        ("mesero", 6, "informal"), ("chacra", None, "family")]
    assert set(busy.desired_titles) == {"cocinero", "mesero"}
    assert "mesero en la feria" in busy.text and "Atendía mesas" in busy.text
    assert busy.languages == {"que"}            # a language the matcher cannot use is left out
    assert busy.sex == "M" and busy.willing_to_relocate and busy.max_travel_km == 40
    wants = matching.to_candidate(kitchen["wants"])
    assert wants.titles == () and wants.desired_titles == ("mesera",)   # her own gender
    community = matching.to_candidate(kitchen["certified"]).titles[0]
    assert (community.kind, community.months) == ("community", 24)


def test_a_finished_course_certifies_its_skills_and_an_unfinished_one_does_not(
        session, kitchen):
    hygiene = kitchen["hygiene"].label_es
    assert hygiene in matching.to_candidate(kitchen["certified"]).skills
    assert hygiene not in matching.to_candidate(kitchen["busy"]).skills        # dropped out
    assert not matching.to_candidate(kitchen["wants"]).skills                  # still enrolled


def test_a_course_certified_skill_is_no_gap_and_its_course_is_not_offered_again(
        session, kitchen):
    ranked = dict((p.id, m) for p, m in matching.candidates_for(
        session, kitchen["vacancy"], "all", k=10))
    assert ranked[kitchen["certified"].id].missing_skills == ()
    assert ranked[kitchen["busy"].id].missing_skills     # same vacancy, no course: a gap
    gaps = matching.skill_gaps_for(session, kitchen["certified"])
    assert kitchen["hygiene"].label_es not in {g.skill for g in gaps}
    assert kitchen["course"].title not in {t for g in gaps for t in g.trainings}
    # Someone who never finished it is still pointed to the course.
    others = matching.skill_gaps_for(session, kitchen["busy"])
    assert kitchen["course"].title in {t for g in others for t in g.trainings}


def test_a_finished_course_is_never_suggested_even_for_a_skill_still_missing(
        session, kitchen):
    # The course was changed after she finished it: it now also teaches customer service.
    service = kitchen["other_course"].skills[0]
    kitchen["course"].skills.append(service)
    waiter = _occupation(session, "mesero")
    vacancy = VacancyFactory(employer=kitchen["vacancy"].employer, title="Moza",
                             occupation=waiter, district_code="081210")
    vacancy.skill_links.append(VacancySkill(skill=service, required=True))
    session.commit()
    matching.cache.clear()
    gaps = matching.skill_gaps_for(session, kitchen["certified"])
    courses = {t for g in gaps for t in g.trainings}
    assert kitchen["course"].title not in courses


def test_a_desired_title_is_never_shown_as_experience(client, app, session, kitchen):
    login(client, "lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{kitchen['vacancy'].id}/candidatos").get_data(
        as_text=True)
    card = html[html.index("Yeni"):]
    card = card[:card.index("</article>")]
    assert "experiencia" not in card.lower() and "Trabajó" not in card
    youth = app.test_client()
    login(youth, "987600002")
    mine = youth.get("/joven/para-ti").get_data(as_text=True)
    assert "Tiene experiencia como" not in mine and "Trabajó" not in mine


def test_at_most_four_reasons_per_match(client, session, kitchen):
    login(client, "lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{kitchen['vacancy'].id}/candidatos").get_data(
        as_text=True)
    for block in html.split('<ul class="reasons">')[1:]:
        assert 1 <= block.split("</ul>")[0].count("<li>") <= 4


def test_reasons_are_english_on_english_pages(client, session, kitchen):
    kitchen["vacancy"].employer.owner.locale = "en"
    session.commit()
    login(client, "lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{kitchen['vacancy'].id}/candidatos").get_data(
        as_text=True)
    reasons = [li.split("</li>")[0] for block in html.split('<ul class="reasons">')[1:]
               for li in block.split("</ul>")[0].split("<li>")[1:]]
    assert reasons
    spanish = ("Vive", "Tiene", "Trabajó", "Quiere", "Habla", "Le falta", "puesto")
    assert not [r for r in reasons if any(word in r for word in spanish)]


def test_the_proposal_shows_the_reasons_it_was_made_with(client, app, session, kitchen):
    from models import Application, Source, Stage

    counselor_territory = session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
    counselor = UserFactory(role=Role.COUNSELOR, phone=None, email="urcos@cde.pe",
                            territory=counselor_territory)
    from web.services.cases import propose_candidate

    application = propose_candidate(session, counselor, kitchen["vacancy"].id,
                                    kitchen["certified"].id)
    shown = application.explanation["shown"]
    assert 1 <= len(shown) <= 4 and all(r["text"] and r["text_en"] for r in shown)
    assert application.source == Source.COUNSELOR and application.stage == Stage.PROPOSED
    login(client, "urcos@cde.pe")
    page = client.get(f"/consejeria/casos/{application.id}").get_data(as_text=True)
    assert shown[0]["text"] in page.replace("&#39;", "'")
    employer = app.test_client()
    login(employer, "lodge@test.pe")
    applicant = employer.get(f"/empresa/ofertas/{kitchen['vacancy'].id}/postulantes/"
                           f"{application.id}").get_data(as_text=True)
    assert "Por qué el CDE" in applicant and shown[0]["text"] in applicant.replace("&#39;", "'")
    assert session.get(Application, application.id).explanation["shown"] == shown


def test_finishing_a_course_refreshes_the_ranking(session, kitchen):
    dropped = session.scalar(sa.select(Enrollment).filter_by(profile_id=kitchen["busy"].id))
    before = matching.data_stamp(session)
    dropped.status = EnrollmentStatus.COMPLETED
    session.commit()
    assert matching.data_stamp(session) != before


@pytest.mark.parametrize("words", [
    "<script>alert('x')</script>",
    "!!! ... ???",
    "cociné\u200b para\u00a0la faena 🍲" * 5,
    "'; DROP TABLE experiences; --",
])
def test_hostile_words_in_a_profile_reach_no_page_unescaped(client, app, session, kitchen,
                                                            words):
    kitchen["wants"].experiences.append(Experience(title=words[:120], description=words,
                                                   kind=ExperienceKind.INFORMAL, months=3))
    kitchen["wants"].about = words
    session.commit()
    bulk = {row.candidate.id: row.candidate for row in matching.load_candidates(session)}
    assert bulk[kitchen["wants"].id] == matching.to_candidate(kitchen["wants"])
    login(client, "lodge@test.pe")
    response = client.get(f"/empresa/ofertas/{kitchen['vacancy'].id}/candidatos")
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)
    youth = app.test_client()
    login(youth, "987600002")
    assert youth.get("/joven/para-ti").status_code == 200


def test_the_employer_sees_a_course_certified_skill_among_the_persons_skills(client, kitchen):
    login(client, "lodge@test.pe")
    html = client.get(f"/empresa/ofertas/{kitchen['vacancy'].id}/candidatos").get_data(
        as_text=True)
    card = html[html.index("Flor"):]
    card = card[:card.index("</article>")]
    assert "higiene y manipulación de alimentos (curso del CDE)" in card
    assert "Le falta" not in card


def test_cooking_is_not_sold_as_like_guiding_because_of_the_employers_own_title(
        session, kitchen):
    guide = VacancyFactory(employer=kitchen["vacancy"].employer,
                           title="Guía para la ruta Ausangate",
                           occupation=_occupation(session, "guía de turismo"),
                           district_code="081210")
    session.commit()
    ranked = {p.id: m for p, m in matching.candidates_for(session, guide, "all", k=10)}
    flor = ranked[kitchen["certified"].id]
    assert not [r.text for r in flor.reasons if r.factor == "experience" and r.text], flor.reasons
