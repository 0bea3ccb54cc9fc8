"""A refused stage change comes back with the reason and the note as typed, the message
beside the field it is about; on the employer's applicant page and the counselor's case."""

from __future__ import annotations

import re

import pytest

from models import Stage, StageEvent
from tests.helpers import count, csrf_token
from tests.web.test_employer_applicants import applicant_url, apply

NOTE = "Volver a llamar cuando tenga su carné de salud."


def textarea(html: str, field_id: str) -> str:
    return re.search(rf'<textarea[^>]*\bid="{field_id}"[^>]*>\s*(.*?)</textarea>', html,
                     re.DOTALL).group(1)


def selected(html: str, field_id: str) -> str | None:
    select = re.search(rf'<select[^>]*\bid="{field_id}"[^>]*>(.*?)</select>', html,
                       re.DOTALL).group(1)
    found = re.search(r'<option[^>]*selected[^>]*value="([^"]*)"|'
                      r'<option[^>]*value="([^"]*)"[^>]*selected', select)
    return (found.group(1) or found.group(2)) if found else None


@pytest.fixture()
def employer_page(client, auth, world):
    auth.login(world.user("employer_q").login)
    return client


def post_stage(client, case, **data):
    token = csrf_token(client, applicant_url(case))
    return client.post(applicant_url(case) + "/etapa", data={"csrf_token": token, **data})


def test_a_refusal_without_a_reason_keeps_the_note_for_the_cde(employer_page, world, session):
    case = world["application_q"]
    response = post_stage(employer_page, case, to_stage="not_hired", reason="", note=NOTE)
    assert response.status_code in (200, 400)
    html = response.get_data(as_text=True)
    assert textarea(html, "note") == NOTE
    assert re.search(r'<p class="error" id="reason-err">Elija el motivo por el que no continúa '
                     r'con esta persona\.</p>', html)
    session.refresh(case)
    assert case.stage == Stage.RECEIVED and count(StageEvent) == 2  # both territories' first


def test_a_note_too_long_keeps_the_note_and_the_reason_chosen(employer_page, world, session):
    case = world["application_q"]
    long_note = "a" * 501
    html = post_stage(employer_page, case, to_stage="not_hired", reason="documents",
                      note=long_note).get_data(as_text=True)
    assert textarea(html, "note") == long_note
    assert selected(html, "reason") == "documents"
    assert 'id="note-err"' in html
    session.refresh(case)
    assert case.stage == Stage.RECEIVED


def test_a_move_that_makes_no_sense_is_said_and_the_page_still_shows(employer_page, session,
                                                                     world):
    case = apply(world["vacancy_q"], stage=Stage.NOT_HIRED)
    response = post_stage(employer_page, case, to_stage="contacted", note=NOTE)
    html = response.get_data(as_text=True) if response.status_code != 302 else \
        employer_page.get(response.headers["Location"]).get_data(as_text=True)
    assert "no puede pasar a" in html


def test_a_good_refusal_still_saves_and_redirects(employer_page, world, session):
    case = world["application_q"]
    response = post_stage(employer_page, case, to_stage="not_hired", reason="documents",
                          note=NOTE)
    assert response.status_code == 302
    session.refresh(case)
    assert case.stage == Stage.NOT_HIRED and case.events[-1].note == NOTE


def test_the_counselors_case_keeps_the_note_when_the_reason_is_missing(as_role, world,
                                                                      session):
    client = as_role("counselor_q")
    case = world["application_q"]
    path = f"/consejeria/casos/{case.id}"
    response = client.post(path, data={
        "csrf_token": csrf_token(client, path), "move-stage": "not_hired", "move-reason": "",
        "move-note": NOTE, "move-note_audience": "internal"})
    html = response.get_data(as_text=True)
    assert textarea(html, "move-note") == NOTE
    assert "Elija el motivo" in html
    session.refresh(case)
    assert case.stage == Stage.RECEIVED
