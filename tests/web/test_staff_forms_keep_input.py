"""Staff forms refused for bad input come back as typed, the message beside its field:
a youth's message settings, a course outcome, a pin or exclusion on the ranked list and the
admin's travel times. The indicator and report dates ask for día/mes/año."""

from __future__ import annotations

import html as htmllib
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import EnrollmentStatus, MatchDecision, MessagePreference, TravelLeg
from tests.helpers import csrf_token
from tests.web.test_admin_districts import places  # noqa: F401 (a fixture)
from web.extensions import db
from web.services import districts


def value_of(page: str, field_id: str) -> str | None:
    tag = re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', page)
    found = tag and re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return htmllib.unescape(found.group(1)) if found else None


def checked(page: str, field_id: str) -> bool:
    tag = re.search(rf'<input[^>]*\bid="{field_id}"[^>]*>', page).group(0)
    return " checked" in tag


def error_of(page: str, field_id: str) -> str | None:
    found = re.search(rf'<p class="error" id="{field_id}-err">(.*?)</p>', page, re.DOTALL)
    return htmllib.unescape(found.group(1)) if found else None


# --- a youth's message settings, saved by her counselor ----------------------------------------

def test_a_bad_phone_for_messages_keeps_what_was_typed_and_ticked(as_role, world):
    client = as_role("counselor_q")
    youth = world["youth_q"]
    page = f"/consejeria/jovenes/{youth.id}"
    response = client.post(f"{page}/mensajes", data={
        "csrf_token": csrf_token(client, page), "phone": "abc", "sms": "y",
        "job_alerts": "y", "method": "written"})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert value_of(html, "phone") == "abc"
    assert checked(html, "sms") and checked(html, "job_alerts")
    assert not checked(html, "whatsapp")
    assert 'value="written" selected' in html or 'selected value="written"' in html
    assert error_of(html, "phone") == "El celular debe tener 9 dígitos y empezar con 9."
    assert db.session.get(MessagePreference, youth.user_id) is None


def test_good_message_settings_still_save_and_redirect(as_role, world):
    client = as_role("counselor_q")
    youth = world["youth_q"]
    page = f"/consejeria/jovenes/{youth.id}"
    response = client.post(f"{page}/mensajes", data={
        "csrf_token": csrf_token(client, page), "phone": "976 111 222", "sms": "y",
        "method": "oral"})
    assert response.status_code == 302
    assert db.session.get(MessagePreference, youth.user_id).phone == "976111222"


# --- a course outcome -----------------------------------------------------------------------------

@pytest.fixture()
def started_course(world):
    course = world["course_q"]
    course.starts_on = date.today() - timedelta(days=30)
    db.session.commit()
    return course, world["enrollment_q"]


def _post_outcome(client, course, enrollment, **fields):
    """Send one enrolment's outcome form from the course page, with its own CSRF token."""
    page = f"/consejeria/cursos/{course.id}"
    prefix = f"e{enrollment.id}"
    token = re.search(rf'name="{prefix}-csrf_token" type="hidden" value="([^"]+)"',
                      client.get(page).get_data(as_text=True)).group(1)
    data = {f"{prefix}-{name}": value for name, value in fields.items()}
    return client.post(f"{page}/resultado/{enrollment.id}",
                       data={**data, f"{prefix}-csrf_token": token})


@pytest.mark.parametrize(("typed", "message"), [
    ("31/02/2026", "Escriba una fecha válida"),
    ("01/01/2099", "no puede ser futura"),
    ("01/01/1900", "va después del inicio"),
])
def test_a_bad_end_date_keeps_the_date_and_the_outcome_chosen(as_role, started_course, typed,
                                                             message):
    course, enrollment = started_course
    prefix = f"e{enrollment.id}"
    response = _post_outcome(as_role("counselor_q"), course, enrollment,
                             outcome="aprobo", completed_on=typed)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert value_of(html, f"{prefix}-completed_on") == typed
    assert checked(html, f"{prefix}-outcome-0")  # "Aprobó", the first choice
    assert message in (error_of(html, f"{prefix}-completed_on") or "")
    db.session.refresh(enrollment)
    assert enrollment.status == EnrollmentStatus.ENROLLED


def test_an_outcome_not_chosen_is_said_beside_the_choices(as_role, started_course):
    course, enrollment = started_course
    prefix = f"e{enrollment.id}"
    html = _post_outcome(as_role("counselor_q"), course, enrollment,
                         completed_on="02/01/2026").get_data(as_text=True)
    assert "Elija cómo terminó" in (error_of(html, f"{prefix}-outcome") or "")
    assert value_of(html, f"{prefix}-completed_on") == "02/01/2026"


# --- pin or exclude on the ranked list --------------------------------------------------------

def test_a_reason_with_markup_comes_back_as_typed_beside_its_box(as_role, world):
    client = as_role("counselor_q")
    vacancy, youth = world["vacancy_q"], world["youth_q"]
    page = f"/consejeria/ofertas/{vacancy.id}"
    typed = "<b>muy buena</b> candidata"
    response = client.post(f"{page}/decision/{youth.id}", data={
        "csrf_token": csrf_token(client, page), "decision": "pin", "reason": typed})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert value_of(html, f"reason-{youth.id}") == typed
    assert re.search(r'<option selected value="pin">|<option value="pin" selected',
                     html.split(f'id="decision-{youth.id}"')[1].split("</select>")[0])
    assert "Solo se pueden usar letras" in (error_of(html, f"reason-{youth.id}") or "")
    assert "<b>muy buena</b>" not in html
    assert db.session.scalar(sa.select(MatchDecision)) is None


def test_a_missing_reason_is_said_beside_the_box(as_role, world):
    client = as_role("counselor_q")
    vacancy, youth = world["vacancy_q"], world["youth_q"]
    page = f"/consejeria/ofertas/{vacancy.id}"
    html = client.post(f"{page}/decision/{youth.id}", data={
        "csrf_token": csrf_token(client, page), "decision": "exclude", "reason": ""}
    ).get_data(as_text=True)
    assert "Escriba el motivo" in (error_of(html, f"reason-{youth.id}") or "")


# --- the admin's travel times -------------------------------------------------------------------

def _leg(client, **data):
    form = {"origin": "081201", "destination": "081205", "hours": "1", "mode": "river",
            "note": "Por el puente nuevo", **data}
    return client.post("/admin/distritos/tiempos",
                       data={**form, "csrf_token": csrf_token(client, "/admin/distritos")})


@pytest.mark.parametrize(("hours", "message"), [
    ("-2", "Las horas van de más de 0 a 200 (por ejemplo 1,5)."),
    ("99999", "Las horas van de más de 0 a 200 (por ejemplo 1,5)."),
    ("abc", "Escriba las horas con números, por ejemplo 1,5."),
])
def test_bad_hours_keep_every_field_and_say_what_hours_look_like(as_role, places, hours,  # noqa: F811
                                                                message):
    before = dict(districts.legs_for_matcher(db.session))
    response = _leg(as_role("admin"), hours=hours)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert error_of(html, "hours") == message
    assert "-13.6272" not in html
    assert value_of(html, "hours") == hours
    assert value_of(html, "note") == "Por el puente nuevo"
    assert re.search(r'<select[^>]*id="origin".*?<option selected value="081201"', html,
                     re.DOTALL)
    assert re.search(r'<select[^>]*id="destination".*?<option selected value="081205"', html,
                     re.DOTALL)
    assert re.search(r'<select[^>]*id="mode".*?<option selected value="river"', html,
                     re.DOTALL)
    assert districts.legs_for_matcher(db.session) == before


@pytest.mark.parametrize("hours", ["1,5", "1.5"])
def test_hours_take_a_comma_or_a_point(as_role, places, hours):  # noqa: F811
    assert _leg(as_role("admin"), hours=hours).status_code == 302
    assert db.session.get(TravelLeg, ("081201", "081205")).hours == 1.5


def test_the_same_place_twice_is_said_beside_the_destination(as_role, places):  # noqa: F811
    html = _leg(as_role("admin"), destination="081201").get_data(as_text=True)
    assert error_of(html, "destination") == "Elija dos lugares distintos."
    assert value_of(html, "note") == "Por el puente nuevo"


# --- indicator and report dates -------------------------------------------------------------------

DAY_MONTH_YEAR = "escríbala como día/mes/año, por ejemplo 31/01/2025"


@pytest.mark.parametrize(("who", "path"), [
    ("counselor_q", "/consejeria/indicadores?desde=2026-02-31"),
    ("admin", "/admin/informes?desde=2025-01-01&hasta=x"),
    ("admin", "/consejeria/indicadores?desde=31/02/2025"),
])
def test_a_bad_report_date_asks_for_day_month_year(as_role, world, who, path):
    html = as_role(who).get(path).get_data(as_text=True)
    assert DAY_MONTH_YEAR in html
    assert "2025-01-31" not in html


@pytest.mark.parametrize("desde", ["01/03/2025", "1-3-2025", "2025-03-01"])
def test_report_dates_are_read_as_day_month_year_or_as_the_calendar_sends_them(as_role, world,
                                                                              desde):
    html = as_role("admin").get(f"/admin/informes?desde={desde}&hasta=2025-06-30"
                                ).get_data(as_text=True)
    assert 'value="2025-03-01"' in html and "No entendimos" not in html

