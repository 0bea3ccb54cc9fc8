"""CDE courses: the admin creates and edits them; counselors of the course's territory enrol
youth within capacity and record who finished, which certifies the course's skills."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    AuditEvent,
    Enrollment,
    EnrollmentStatus,
    Training,
    VacancySkill,
)
from tests.factories import ProfileFactory
from tests.helpers import count, csrf_token, post_form, skill, territory, years_ago
from web.extensions import db
from web.services import indicators, matching

NEW = "/admin/cursos/nuevo"


def _course_data(**data) -> dict:
    hygiene = skill("higiene y manipulación de alimentos")
    return {"title": "Cocina segura", "description": "Higiene en la cocina.",
            "skills": [str(hygiene.id)], "territory": str(territory("quispicanchi").id),
            "hours": "40", "starts_on": (date.today() - timedelta(days=30)).isoformat(),
            "ends_on": (date.today() - timedelta(days=2)).isoformat(),
            "place": "CDE Urcos, aula 2", "capacity": "2", **data}


@pytest.fixture()
def course(world) -> Training:
    hygiene = skill("higiene y manipulación de alimentos")
    training = Training(code="CUR-T01", title="Cocina segura", hours=40,
                        territory=territory("quispicanchi"), place="CDE Urcos",
                        capacity=2, starts_on=date.today() - timedelta(days=30),
                        ends_on=date.today() - timedelta(days=2), skills=[hygiene])
    db.session.add(training)
    db.session.commit()
    return training


def _in(course) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Enrollment)
                             .where(Enrollment.training_id == course.id))


def _only(course) -> Enrollment:
    return db.session.scalar(sa.select(Enrollment).where(Enrollment.training_id == course.id))


def _enrol(client, course_id: int, profile_id: int, **kwargs):
    page = f"/consejeria/cursos/{course_id}"
    return client.post(f"{page}/inscribir", data={
        "profile_id": str(profile_id), "csrf_token": _token(client, page)}, **kwargs)


def _token(client, page: str) -> str:
    return csrf_token(client, page)


def _record(client, course_id: int, enrollment_id: int, outcome: str, on: str, **kwargs):
    page = f"/consejeria/cursos/{course_id}"
    prefix = f"e{enrollment_id}"
    html = client.get(page).get_data(as_text=True)
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"', html)
    return client.post(f"{page}/resultado/{enrollment_id}", data={
        f"{prefix}-outcome": outcome, f"{prefix}-completed_on": on,
        f"{prefix}-csrf_token": token.group(1)}, **kwargs)


# --- the admin creates and edits ---------------------------------------------------------------

def test_admin_creates_a_course_with_skills_place_capacity_and_dates(as_role, world):
    response = post_form(as_role("admin"), NEW, _course_data())
    assert response.status_code == 302
    created = db.session.scalar(sa.select(Training).filter_by(title="Cocina segura"))
    assert created.code == "CUR-001" and created.capacity == 2 and created.hours == 40
    assert created.place == "CDE Urcos, aula 2" and created.territory.code == "quispicanchi"
    assert [s.label_es for s in created.skills] == ["higiene y manipulación de alimentos"]
    page = as_role("admin").get(f"/consejeria/cursos/{created.id}").get_data(as_text=True)
    assert "0 de 2 vacantes ocupadas" in page
    assert "de " + str(date.today().year) in page or "de " + str(date.today().year - 1) in page


def test_admin_edits_a_course(as_role, course):
    path = f"/admin/cursos/{course.id}/editar"
    form = as_role("admin").get(path).get_data(as_text=True)
    assert "Cocina segura" in form and "checked" in form
    response = post_form(as_role("admin"), path, _course_data(title="Cocina segura II",
                                                              capacity="5"))
    assert response.status_code == 302
    db.session.refresh(course)
    assert course.title == "Cocina segura II" and course.capacity == 5


@pytest.mark.parametrize(("data", "message"), [
    ({"title": ""}, "obligatorio"),
    ({"title": "<b>x</b>"}, "Solo se pueden usar letras"),
    ({"skills": []}, "Elija al menos una habilidad"),
    ({"skills": ["999999"]}, "class=\"error\""),
    ({"skills": ["abc"]}, "class=\"error\""),
    ({"territory": "999"}, "Opción inválida"),
    ({"hours": "0"}, "class=\"error\""),
    ({"hours": "diez"}, "Escriba un número entero"),
    ({"hours": "99999999999999999999"}, "demasiado grande"),
    ({"capacity": "-3"}, "class=\"error\""),
    ({"starts_on": "2026-13-45"}, "Escriba una fecha válida"),
    ({"starts_on": "2026-12-10", "ends_on": "2026-12-01"}, "La fecha de término va después"),
    ({"place": "x" * 400}, "class=\"error\""),
])
def test_bad_course_data_is_refused_and_nothing_is_written(as_role, world, data, message):
    before = count(Training)
    response = post_form(as_role("admin"), NEW, _course_data(**data))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Training) == before


def test_lowering_capacity_below_who_is_enrolled_is_refused(as_role, course, world):
    db.session.add(Enrollment(training=course, profile=world["youth_q"]))
    other = ProfileFactory(user__phone="987100009", district_code="081201")
    db.session.add(Enrollment(training=course, profile=other))
    db.session.commit()
    response = post_form(as_role("admin"), f"/admin/cursos/{course.id}/editar",
                         _course_data(capacity="1"))
    assert "más personas inscritas" in response.get_data(as_text=True)
    db.session.refresh(course)
    assert course.capacity == 2


@pytest.mark.parametrize("who", ["anonymous", "youth_q", "employer_q", "counselor_q"])
def test_only_the_admin_creates_or_edits_courses(as_role, course, who):
    client = as_role(who)
    before = count(Training)
    assert client.get(NEW).status_code in (302, 404)
    assert client.get(f"/admin/cursos/{course.id}/editar").status_code in (302, 404)
    assert client.post(NEW, data=_course_data()).status_code in (302, 400, 404)
    assert count(Training) == before


# --- counselors enrol and record -----------------------------------------------------------------

def test_counselor_finds_and_enrols_youth_until_the_course_is_full(as_role, course, world):
    counselor = as_role("counselor_q")
    page = counselor.get(f"/consejeria/cursos/{course.id}", query_string={"q": "jovenq"})
    assert "JovenQ" in page.get_data(as_text=True)
    assert _enrol(counselor, course.id, world["youth_q"].id).status_code == 302
    second = ProfileFactory(user__phone="987100011", first_name="Sonia",
                            district_code="081201", birth_date=years_ago(19))
    third = ProfileFactory(user__phone="987100012", first_name="Ruth",
                           district_code="081201", birth_date=years_ago(19))
    _enrol(counselor, course.id, second.id)
    full = _enrol(counselor, course.id, third.id, follow_redirects=True)
    assert "El curso está lleno" in full.get_data(as_text=True)
    assert _in(course) == 2
    again = _enrol(counselor, course.id, second.id, follow_redirects=True)
    assert "ya está en el curso" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.object_type == "enrollment", AuditEvent.action == "create")) == 2


def test_counselor_of_another_territory_gets_not_found_and_changes_nothing(
        as_role, course, world):
    db.session.add(Enrollment(training=course, profile=world["youth_q"]))
    db.session.commit()
    enrollment = _only(course)
    other = as_role("counselor_c")
    assert other.get(f"/consejeria/cursos/{course.id}").status_code == 404
    assert "Cocina segura" not in other.get("/consejeria/cursos").get_data(as_text=True)
    token = _token(other, "/consejeria/cursos")
    assert other.post(f"/consejeria/cursos/{course.id}/inscribir",
                      data={"profile_id": world["youth_c"].id,
                            "csrf_token": token}).status_code == 404
    assert other.post(f"/consejeria/cursos/{course.id}/resultado/{enrollment.id}",
                      data={f"e{enrollment.id}-outcome": "aprobo",
                            f"e{enrollment.id}-completed_on": date.today().isoformat(),
                            f"e{enrollment.id}-csrf_token": token}).status_code in (302, 404)
    db.session.refresh(enrollment)
    assert enrollment.status == EnrollmentStatus.ENROLLED and _in(course) == 1


def test_counselor_cannot_enrol_a_youth_of_another_territory(as_role, course, world):
    counselor = as_role("counselor_q")
    response = _enrol(counselor, course.id, world["youth_c"].id)
    assert response.status_code == 404
    assert _in(course) == 0


@pytest.mark.parametrize(("outcome", "on", "message"), [
    ("aprobo", "", "Escriba la fecha"),
    ("aprobo", (date.today() + timedelta(days=3)).isoformat(), "no puede ser futura"),
    ("aprobo", "2000-01-01", "después del inicio"),
    ("aprobo", "31/02/2026", "fecha"),  # no such day
    ("aprobo", "mañana", "fecha"),
    ("ganador", date.today().isoformat(), "Opción inválida"),
    ("", date.today().isoformat(), "Elija cómo terminó"),
])
def test_bad_outcomes_are_refused_and_nothing_changes(as_role, course, world, outcome, on,
                                                      message):
    db.session.add(Enrollment(training=course, profile=world["youth_q"]))
    db.session.commit()
    enrollment = _only(course)
    response = _record(as_role("counselor_q"), course.id, enrollment.id, outcome, on,
                       follow_redirects=True)
    assert message in response.get_data(as_text=True)
    db.session.refresh(enrollment)
    assert enrollment.status == EnrollmentStatus.ENROLLED and enrollment.completed_on is None


def test_recording_a_pass_certifies_skills_counts_and_closes_the_gap(as_role, course, world):
    youth = world["youth_q"]
    hygiene = skill("higiene y manipulación de alimentos")
    # A cook's job near her that asks for the course's skill: today, a gap the course closes.
    vacancy = world["vacancy_q"]
    vacancy.skill_links.append(VacancySkill(skill=hygiene, required=True))
    db.session.add(Enrollment(training=course, profile=youth))
    db.session.commit()
    gaps = matching.skill_gaps_for(db.session, youth)
    assert course.title in {t for g in gaps for t in g.trainings}
    enrollment = _only(course)

    finished = date.today() - timedelta(days=1)
    response = _record(as_role("counselor_q"), course.id, enrollment.id, "aprobo",
                       finished.isoformat(), follow_redirects=True)
    assert "Resultado guardado" in response.get_data(as_text=True)
    db.session.refresh(enrollment)
    assert enrollment.status == EnrollmentStatus.COMPLETED
    assert enrollment.completed_on == finished and enrollment.attended is True
    assert enrollment.recorded_by_id == world["counselor_q"].id

    db.session.refresh(youth)
    assert hygiene.label_es in matching.to_candidate(youth).skills
    ranked = dict((p.id, m) for p, m in matching.candidates_for(db.session, vacancy, "all"))
    assert hygiene.label_es not in ranked[youth.id].missing_skills
    gaps = matching.skill_gaps_for(db.session, youth)
    assert hygiene.label_es not in {g.skill for g in gaps}
    assert course.title not in {t for g in gaps for t in g.trainings}

    scope = indicators.Scope((territory("quispicanchi"),), "quispicanchi", ())
    period = indicators.Period(date.today() - timedelta(days=30), date.today())
    summary = indicators.report(db.session, scope, period).tables["resumen"]
    assert {r.key: r.values["valor"] for r in summary.rows}["capacitados"] == 1

    # Attended without passing: no longer certified, no longer counted.
    _record(as_role("counselor_q"), course.id, enrollment.id, "asistio", finished.isoformat())
    db.session.refresh(enrollment)
    assert enrollment.status == EnrollmentStatus.DROPPED and enrollment.attended is True
    db.session.refresh(youth)
    assert hygiene.label_es not in matching.to_candidate(youth).skills


def test_course_page_writes_dates_in_words_and_outcomes_in_plain_spanish(
        as_role, course, world):
    db.session.add(Enrollment(training=course, profile=world["youth_q"],
                              status=EnrollmentStatus.COMPLETED, attended=True,
                              completed_on=date(2026, 12, 1)))
    db.session.commit()
    html = as_role("counselor_q").get(f"/consejeria/cursos/{course.id}").get_data(as_text=True)
    assert "1 de diciembre de 2026" in html and "Aprobó" in html
    assert "2026-12-01" not in html.replace('value="2026-12-01"', "")
    assert "completo" not in html and "inscrito</" not in html


def test_youth_cannot_undo_a_completion_the_cde_recorded(course, world):
    from web.services import profiles

    youth = world["youth_q"]
    db.session.add(Enrollment(training=course, profile=youth, status=EnrollmentStatus.COMPLETED,
                              attended=True, completed_on=date.today(),
                              recorded_by_id=world["counselor_q"].id))
    db.session.commit()
    profiles.set_trainings(db.session, youth.user_id, set())
    enrollment = _only(course)
    assert enrollment is not None and enrollment.status == EnrollmentStatus.COMPLETED


@pytest.mark.parametrize("profile_id", ["9" * 400, "١٢", "-1", "1.5", "", "abc"])
def test_enrolling_a_malformed_profile_id_answers_plainly(as_role, course, profile_id):
    response = _enrol(as_role("counselor_q"), course.id, profile_id)
    assert response.status_code in (400, 404)
    assert _in(course) == 0


def test_a_renamed_course_is_named_so_in_the_skill_gaps(as_role, course, world):
    youth = world["youth_q"]
    hygiene = skill("higiene y manipulación de alimentos")
    world["vacancy_q"].skill_links.append(VacancySkill(skill=hygiene, required=True))
    db.session.commit()
    assert course.title in {t for g in matching.skill_gaps_for(db.session, youth)
                            for t in g.trainings}
    post_form(as_role("admin"), f"/admin/cursos/{course.id}/editar",
              _course_data(title="Cocina limpia"))
    titles = {t for g in matching.skill_gaps_for(db.session, youth) for t in g.trainings}
    assert "Cocina limpia" in titles and "Cocina segura" not in titles
