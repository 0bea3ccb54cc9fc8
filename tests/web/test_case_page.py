"""The case page and the follow-ups: how to call both sides, why she was proposed, what
was recorded, and what is coming up."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from models import Decision, FollowUp, MatchDecision
from tests.helpers import csrf_token
from web.extensions import db


def test_the_case_page_has_both_phones_as_tel_links(world, as_role):
    world["employer_q"].contact_phone = "984111222"
    db.session.commit()
    html = as_role("counselor_q").get(
        f"/consejeria/casos/{world['application_q'].id}").get_data(as_text=True)
    assert 'href="tel:+51987100001"' in html
    assert 'href="tel:+51984111222"' in html


def test_the_case_page_shows_the_reasons_saved_with_the_proposal(world, as_role):
    application = world["application_q"]
    application.score = 0.82
    application.explanation = {"score": 0.82, "reasons": [], "missing_skills": ["SK-X"],
                               "shown": [{"text": "Vive a 5 km del trabajo.",
                                          "text_en": "Lives 5 km away."}]}
    db.session.add(MatchDecision(vacancy_id=application.vacancy_id,
                                 profile_id=application.profile_id, decision=Decision.PIN,
                                 reason="Ya trabajó en temporada alta."))
    db.session.commit()
    html = as_role("counselor_q").get(f"/consejeria/casos/{application.id}").get_data(True)
    assert "Por qué se propuso" in html and "Puntaje al proponer: 82%" in html
    assert "Vive a 5 km del trabajo." in html
    assert "Le faltaba 1 habilidad que pide el puesto." in html
    assert "Motivo del equipo: Ya trabajó en temporada alta." in html


def test_after_saving_a_follow_up_its_page_shows_what_was_recorded(world, as_role):
    client = as_role("counselor_q")
    item = world["follow_up_q"]
    path = f"/consejeria/seguimientos/{item.id}"
    response = client.post(path, data={"still_working": "1", "monthly_pay_pen": "1250.50",
                                       "problem": "Le pagan tarde.",
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 302 and response.headers["Location"].endswith(path)
    html = client.get(path).get_data(as_text=True)
    assert "Lo que se registró el" in html and "S/ 1250.5" in html
    assert "Le pagan tarde." in html and "Corregir lo registrado" in html
    assert 'value="1250.50"' in html or 'value="1250.5"' in html


@pytest.mark.parametrize(("data", "message"), [
    ({"still_working": "1", "monthly_pay_pen": "-3"}, "entre 0 y 50"),
    ({"still_working": "1", "monthly_pay_pen": "abc"}, ""),
    ({"still_working": "1", "safety_flag": "y", "problem": ""}, "Describa el problema"),
    ({"still_working": "maybe"}, ""),
])
def test_a_bad_follow_up_is_refused_and_nothing_is_recorded(world, as_role, data, message):
    client = as_role("counselor_q")
    path = f"/consejeria/seguimientos/{world['follow_up_q'].id}"
    response = client.post(path, data={**data, "csrf_token": csrf_token(client, path)})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(FollowUp, world["follow_up_q"].id).done_at is None


def test_the_follow_ups_list_looks_45_days_ahead_and_keeps_the_overdue(world, as_role):
    application = world["application_q"]
    soon = FollowUp(months_after=3, due_on=date.today() + timedelta(days=40))
    later = FollowUp(months_after=6, due_on=date.today() + timedelta(days=60))
    late = world["follow_up_q"]
    late.due_on = date.today() - timedelta(days=5)
    application.follow_ups.extend([soon, later])
    db.session.commit()
    html = as_role("counselor_q").get("/consejeria/seguimientos").get_data(as_text=True)
    assert "Próximos 45 días" in html
    assert f"/consejeria/seguimientos/{soon.id}" in html
    assert f"/consejeria/seguimientos/{later.id}" not in html
    overdue = html.split("Atrasados")[1].split("Para hoy")[0]
    assert f"/consejeria/seguimientos/{late.id}" in overdue
