"""An employer who finds no one asks the CDE for candidates; the territory's counselors hear."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Notification, NotificationChannel, VacancyStatus
from tests.factories import VacancyFactory, counselor
from tests.helpers import count, csrf_token
from tests.web.test_employer_vacancies import make_employer


@pytest.fixture()
def employer(session):
    return make_employer(session, district_code="081210", contact_phone="984555666",
                         contact_name="Edwin Puma", name="Ausangate Lodge")


@pytest.fixture()
def team(session):
    """Two more counselors in Quispicanchi (the employer's maker is one) and one elsewhere."""
    return {"q": [counselor("ana@cde.pe", "quispicanchi"), counselor("beto@cde.pe",
                                                                     "quispicanchi")],
            "c": [counselor("ciro@cde.pe", "condorcanqui")]}


@pytest.fixture()
def signed_in(client, auth, employer):
    auth.login(employer.owner.email)
    return client


def ask(client, vacancy_id, note=""):
    token = csrf_token(client, f"/empresa/ofertas/{vacancy_id}")
    return client.post(f"/empresa/ofertas/{vacancy_id}/pedir-candidatos",
                       data={"csrf_token": token, "note": note}, follow_redirects=True)


def test_asking_the_cde_reaches_every_counselor_of_the_territory(signed_in, session, employer,
                                                                 team, auth, client):
    vacancy = VacancyFactory(employer=employer, title="Cocinera de trekking")
    page = signed_in.get(f"/empresa/ofertas/{vacancy.id}").get_data(as_text=True)
    assert "Pedir candidatos al CDE" in page
    html = ask(signed_in, vacancy.id, "La necesito desde mayo.").get_data(as_text=True)
    assert "avisamos al CDE que busca candidatos" in html
    notices = session.scalars(sa.select(Notification).order_by(Notification.id)).all()
    told = {n.user_id for n in notices}
    assert {c.id for c in team["q"]} <= told
    assert not told & {c.id for c in team["c"]}
    notice = notices[0]
    assert notice.channel == NotificationChannel.IN_APP
    assert notice.subject == "Ausangate Lodge pide candidatos para «Cocinera de trekking»"
    assert "984555666" in notice.body and "La necesito desde mayo." in notice.body
    assert "Ocongate" in notice.body
    # The counselor reads it on her messages page.
    client.post("/salir", data={"csrf_token": csrf_token(client, "/empresa/")})
    auth.login("ana@cde.pe")
    messages = client.get("/consejeria/mensajes").get_data(as_text=True)
    assert "Ausangate Lodge pide candidatos para «Cocinera de trekking»" in messages


def test_asking_twice_the_same_day_is_refused_kindly(signed_in, session, employer, team):
    vacancy = VacancyFactory(employer=employer)
    ask(signed_in, vacancy.id)
    sent = count(Notification)
    html = ask(signed_in, vacancy.id).get_data(as_text=True)
    assert "Ya pidió candidatos al CDE hoy para esta oferta." in html
    assert count(Notification) == sent


@pytest.mark.parametrize("status", [VacancyStatus.DRAFT, VacancyStatus.CLOSED])
def test_only_a_published_vacancy_can_ask(signed_in, employer, team, status):
    vacancy = VacancyFactory(employer=employer, status=status)
    assert "Pedir candidatos al CDE" not in signed_in.get(
        f"/empresa/ofertas/{vacancy.id}").get_data(as_text=True)
    html = ask(signed_in, vacancy.id).get_data(as_text=True)
    assert "Publique la oferta antes de pedir candidatos al CDE." in html
    assert count(Notification) == 0


@pytest.mark.parametrize(("note", "message"), [
    ("x" * 301, "El mensaje puede tener hasta 300 caracteres."),
    ("<script>alert(1)</script>", "Solo se pueden usar letras, números y signos comunes"),
    ("hola\u202eadios", "dirección de la escritura"),
])
def test_a_bad_note_is_refused_and_nothing_is_sent(signed_in, employer, team, note, message):
    vacancy = VacancyFactory(employer=employer)
    html = ask(signed_in, vacancy.id, note).get_data(as_text=True)
    assert message in html and "<script>alert(1)</script>" not in html
    assert count(Notification) == 0


def test_another_employers_vacancy_is_not_found_and_nobody_is_told(client, auth, session,
                                                                  employer, team):
    vacancy = VacancyFactory(employer=employer)
    other = make_employer(session)
    auth.login(other.owner.email)
    token = csrf_token(client, "/empresa/")
    response = client.post(f"/empresa/ofertas/{vacancy.id}/pedir-candidatos",
                           data={"csrf_token": token})
    assert response.status_code == 404
    response = client.post(f"/empresa/ofertas/{vacancy.id}/pedir-candidatos",
                           data={"csrf_token": token, "note": "x" * 400})
    assert response.status_code == 404
    assert count(Notification) == 0


def test_a_job_in_a_regional_hub_goes_to_the_business_own_cde(signed_in, session, employer,
                                                              team):
    vacancy = VacancyFactory(employer=employer, district_code="080101")  # Cusco: no CDE
    ask(signed_in, vacancy.id)
    told = set(session.scalars(sa.select(Notification.user_id)))
    assert {c.id for c in team["q"]} <= told and not told & {c.id for c in team["c"]}
