"""Counselors track each case to a hire and beyond: stages, notes, follow-ups, pins."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    Application,
    Decision,
    FollowUp,
    MatchDecision,
    Source,
    Stage,
    StageEvent,
)
from tests.factories import (
    ProfileFactory,
    VacancyFactory,
    counselor,
    verified_employer,
)
from tests.helpers import csrf_token, login, occupation, years_ago
from web.extensions import db
from web.services.applications import add_months


@pytest.fixture()
def case(session):
    urcos = counselor("urcos@cde.pe", "quispicanchi")
    counselor("nieva@cde.pe", "condorcanqui")
    employer = verified_employer(urcos, district_code="081201")
    waiter = occupation("mesero")
    vacancy = VacancyFactory(employer=employer, occupation=waiter, title="Mesera")
    profile = ProfileFactory(first_name="Flor", district_code="081201", sex="F",
                             birth_date=years_ago(21), desired_occupations=[waiter])
    application = Application(profile=profile, vacancy=vacancy, source=Source.COUNSELOR,
                              stage=Stage.PROPOSED, created_by=urcos)
    application.events.append(StageEvent(to_stage=Stage.PROPOSED, actor_id=urcos.id))
    session.add(application)
    session.commit()
    return application


def _move(client, application, stage, reason="", note=""):
    path = f"/consejeria/casos/{application.id}"
    return client.post(path, data={"move-stage": stage, "move-reason": reason,
                                   "move-note": note, "move-csrf_token": csrf_token(client, path)},
                       follow_redirects=True)


def test_counselor_runs_a_case_from_proposal_to_hire(client, auth, case, session):
    auth.login("urcos@cde.pe")
    for stage in ("contacted", "interview", "hired"):
        response = _move(client, case, stage, note=f"paso {stage}")
        assert "Etapa actualizada." in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.stage == Stage.HIRED
    events = [(e.from_stage, e.to_stage) for e in case.events]
    assert events == [(None, Stage.PROPOSED), (Stage.PROPOSED, Stage.CONTACTED),
                      (Stage.CONTACTED, Stage.INTERVIEW), (Stage.INTERVIEW, Stage.HIRED)]
    assert all(e.actor_id for e in case.events)
    due = sorted((f.months_after, f.due_on) for f in case.follow_ups)
    today = date.today()
    assert due == [(1, add_months(today, 1)), (3, add_months(today, 3)),
                   (6, add_months(today, 6))]


@pytest.mark.parametrize(("path", "stage", "message"), [
    ((), "hired", "Opción inválida."),            # proposed → hired skips the interview
    (("interview", "hired"), "contacted", "Este caso ya terminó"),   # nothing after a hire
    ((), "received", "Opción inválida."),        # not a step a counselor takes
    ((), "ascendido", "Opción inválida."),       # not a stage at all
])
def test_transitions_that_make_no_sense_are_refused(client, auth, case, path, stage, message):
    auth.login("urcos@cde.pe")
    for step in path:
        _move(client, case, step)
    db.session.refresh(case)
    before = case.stage
    response = _move(client, case, stage)
    assert message in response.get_data(as_text=True)
    db.session.refresh(case)
    assert case.stage == before


def test_the_service_refuses_a_jump_even_without_the_form(session, case):
    from web.services.applications import StageError, move_application

    with pytest.raises(StageError, match="no puede pasar"):
        move_application(session, case.created_by, case, Stage.HIRED)
    db.session.refresh(case)
    assert case.stage == Stage.PROPOSED and len(case.events) == 1


def test_not_hired_needs_a_reason_code(client, auth, case):
    auth.login("urcos@cde.pe")
    refused = _move(client, case, "not_hired")
    assert "Elija el motivo" in refused.get_data(as_text=True)
    _move(client, case, "not_hired", reason="distance")
    db.session.refresh(case)
    assert case.stage == Stage.NOT_HIRED and case.refusal_reason == "distance"


def test_case_notes_are_kept_with_author(client, auth, case):
    auth.login("urcos@cde.pe")
    path = f"/consejeria/casos/{case.id}"
    client.post(path, data={"note-body": "Llamé a Flor, irá el lunes.",
                            "note-csrf_token": csrf_token(client, path)})
    db.session.refresh(case)
    assert [n.body for n in case.notes] == ["Llamé a Flor, irá el lunes."]
    assert case.notes[0].author.email == "urcos@cde.pe"
    empty = client.post(path, data={"note-body": "  ", "note-csrf_token": csrf_token(client, path)})
    assert "Escriba la nota." in empty.get_data(as_text=True)


def test_other_territory_cannot_open_or_move_the_case(client, auth, case):
    auth.login("nieva@cde.pe")
    path = f"/consejeria/casos/{case.id}"
    assert client.get(path).status_code == 404
    response = client.post(path, data={"move-stage": "contacted",
                                       "move-csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 404
    db.session.refresh(case)
    assert case.stage == Stage.PROPOSED


def test_follow_ups_fall_due_on_the_right_day(client, auth, case, session):
    auth.login("urcos@cde.pe")
    for stage in ("interview", "hired"):
        _move(client, case, stage)
    one_month = session.scalar(sa.select(FollowUp).filter_by(months_after=1))
    one_month.due_on = date.today()
    three = session.scalar(sa.select(FollowUp).filter_by(months_after=3))
    three.due_on = date.today() - timedelta(days=2)
    session.commit()
    html = client.get("/consejeria/seguimientos").get_data(as_text=True)
    overdue = html[html.index("Atrasados"):html.index("Para hoy")]
    today = html[html.index("Para hoy"):html.index("Próximos")]
    assert "3 meses" in overdue and "· 1 mes ·" not in overdue
    assert "· 1 mes ·" in today
    home = client.get("/consejeria/").get_data(as_text=True)
    assert "1 atrasado<" in home


def test_follow_up_records_pay_and_a_safety_flag_seen_by_other_counselors(client, auth, case,
                                                                          session):
    auth.login("urcos@cde.pe")
    for stage in ("interview", "hired"):
        _move(client, case, stage)
    item = session.scalar(sa.select(FollowUp).filter_by(months_after=1))
    path = f"/consejeria/seguimientos/{item.id}"
    missing = client.post(path, data={"still_working": "1", "monthly_pay_pen": "1200",
                                      "problem": "", "safety_flag": "y",
                                      "csrf_token": csrf_token(client, path)})
    assert "Describa el problema" in missing.get_data(as_text=True)
    bad_pay = client.post(path, data={"still_working": "1", "monthly_pay_pen": "-5",
                                      "csrf_token": csrf_token(client, path)})
    assert "entre 0 y 50 000" in bad_pay.get_data(as_text=True)
    client.post(path, data={"still_working": "1", "monthly_pay_pen": "1,200.50",
                            "problem": "Le gritan en el trabajo", "safety_flag": "y",
                            "csrf_token": csrf_token(client, path)})
    db.session.refresh(item)
    assert item.done_at and item.still_working and str(item.monthly_pay_pen) == "1200.50"
    other = client.application.test_client()
    login(other, "urcos@cde.pe")
    html = other.get(f"/consejeria/ofertas/{case.vacancy_id}").get_data(as_text=True)
    assert "Alerta de seguridad" in html and "Le gritan en el trabajo" in html


def test_pin_and_exclude_need_a_reason_and_are_shown_to_others(client, auth, case, session):
    auth.login("urcos@cde.pe")
    extra = ProfileFactory(first_name="Nilda", district_code="081201",
                           desired_occupations=list(case.profile.desired_occupations))
    path = f"/consejeria/ofertas/{case.vacancy_id}/decision/{extra.id}"
    empty = client.post(path, data={"decision": "exclude", "reason": "",
                                    "csrf_token": csrf_token(client, "/cuenta")},
                        follow_redirects=True)
    assert "Escriba el motivo" in empty.get_data(as_text=True)
    client.post(path, data={"decision": "exclude", "reason": "Ya trabaja en otra empresa",
                            "csrf_token": csrf_token(client, "/cuenta")})
    decision = session.scalar(sa.select(MatchDecision))
    assert decision.decision == Decision.EXCLUDE and decision.reason.startswith("Ya trabaja")
    html = client.get(f"/consejeria/ofertas/{case.vacancy_id}").get_data(as_text=True)
    assert "Excluido: Ya trabaja en otra empresa" in html


def _review_order(client, vacancy_id: int) -> list[int]:
    """The profile ids of the review's rows, top to bottom."""
    html = client.get(f"/consejeria/ofertas/{vacancy_id}").get_data(as_text=True)
    return [int(i) for i in re.findall(r'<h3><a href="/consejeria/jovenes/(\d+)"', html)]


def test_pinned_candidates_come_first_and_excluded_ones_last(client, auth, case):
    auth.login("urcos@cde.pe")
    waiter = list(case.profile.desired_occupations)
    others = [ProfileFactory(first_name=name, district_code="081201",
                             desired_occupations=waiter) for name in ("Nilda", "Olga")]
    ranked = _review_order(client, case.vacancy_id)
    assert sorted(ranked) == sorted([case.profile_id, *(p.id for p in others)])
    top, bottom = ranked[0], ranked[-1]
    for profile_id, decision in ((bottom, "pin"), (top, "exclude")):
        response = client.post(f"/consejeria/ofertas/{case.vacancy_id}/decision/{profile_id}",
                               data={"decision": decision, "reason": "Conversamos ayer",
                                     "csrf_token": csrf_token(client, "/cuenta")})
        assert response.status_code == 302
    after = _review_order(client, case.vacancy_id)
    assert after[0] == bottom and after[-1] == top
    assert after[1:-1] == [i for i in ranked if i not in (top, bottom)]


def test_review_filters_and_share_of_women(client, auth, case, session):
    auth.login("urcos@cde.pe")
    waiter = case.profile.desired_occupations
    ProfileFactory(first_name="Edwin", sex="M", district_code="081207",
                   birth_date=years_ago(27), desired_occupations=list(waiter))
    ProfileFactory(first_name="Yanet", sex="F", district_code="081201",
                   birth_date=years_ago(16),
                   desired_occupations=list(waiter))
    path = f"/consejeria/ofertas/{case.vacancy_id}"
    html = client.get(path).get_data(as_text=True)
    # Yanet is 16 and the vacancy is for adults: only Flor and Edwin are candidates.
    assert "Yanet" not in html
    assert "Mujeres entre los primeros candidatos: 50%" in html
    by_district = client.get(path, query_string={"distrito": "081207"}).get_data(as_text=True)
    assert "Edwin" in by_district and "Flor" not in by_district
    adults = client.get(path, query_string={"edad": "18-24"}).get_data(as_text=True)
    assert "Flor" in adults and "Edwin" not in adults
    assert "sexo" not in client.get(path).get_data(as_text=True).lower()
    bad = client.get(path, query_string={"distrito": "999999", "edad": "x"})
    assert bad.status_code == 200


def test_the_youth_reads_a_kind_notice_once_the_case_moves(client, auth, case, app):
    auth.login("urcos@cde.pe")
    _move(client, case, "not_hired", reason="other_candidate")
    youth = app.test_client()
    login(youth, case.profile.user.phone)
    html = youth.get("/joven/").get_data(as_text=True)
    assert "Avisos nuevos" in html and "other_candidate" not in html
    assert "Avisos nuevos" not in youth.get("/joven/").get_data(as_text=True)  # read once
