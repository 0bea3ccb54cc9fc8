"""The data download is complete and readable: JSON with Spanish keys, and a printable page."""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal

from models import (
    CaseNote,
    Decision,
    Enrollment,
    EnrollmentStatus,
    FollowUp,
    InboundMessage,
    MatchDecision,
    Notification,
    NotificationChannel,
    Stage,
    StageEvent,
    Training,
    utcnow,
)
from tests.world import client_as

STEPS = ["Recibida", "Entrevista", "¡Te contrataron!"]
CODES = {"hired", "received", "counselor", "employer", "self", "processing", "oral", "view",
         "candidate_profile", "pin", "exclude", "completo", "inapp", "queued", "youth"}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _a_full_case(world, session):
    youth, case = world["youth_q"], world["application_q"]
    counselor = world["counselor_q"]
    case.events.append(StageEvent(from_stage=Stage.RECEIVED, to_stage=Stage.INTERVIEW,
                                  actor_id=world.user("employer_q").id, note="Venga el lunes"))
    case.events.append(StageEvent(from_stage=Stage.INTERVIEW, to_stage=Stage.HIRED,
                                  actor_id=world.user("employer_q").id))
    case.stage = Stage.HIRED
    case.notes.append(CaseNote(author_id=counselor.id, body="Necesita DNI nuevo"))
    follow_up = session.get(FollowUp, world["follow_up_q"].id)
    follow_up.done_at, follow_up.still_working = utcnow(), True
    follow_up.monthly_pay_pen = Decimal("1130.00")
    training = Training(code="CDE-DL", title="Atención al turista", hours=12)
    session.add_all([
        training,
        Enrollment(training=training, profile=youth, status=EnrollmentStatus.COMPLETED,
                   completed_on=date(2026, 11, 20)),
        MatchDecision(vacancy_id=world["vacancy_q"].id, profile_id=youth.id,
                      decision=Decision.PIN, reason="Habla quechua con los turistas",
                      decided_by_id=counselor.id),
        Notification(user_id=youth.user_id, subject="Te contrataron en Negocio q"),
        Notification(user_id=youth.user_id, channel=NotificationChannel.SMS,
                     subject="Propuesta", body="El CDE te propone: Mesera q. Responde 1",
                     to_phone="987100001"),
        InboundMessage(channel=NotificationChannel.SMS, phone="987100001", text="1",
                       user_id=youth.user_id, outcome="answer")])
    session.commit()


def test_the_youths_download_holds_everything_in_spanish_words(app, world, session):
    _a_full_case(world, session)
    # An employer and a counselor look at her data: she sees who, by name of the business.
    client_as(app, world, "employer_q").get(
        f"/empresa/ofertas/{world['vacancy_q'].id}/postulantes/{world['application_q'].id}")
    client_as(app, world, "counselor_q").get(f"/consejeria/jovenes/{world['youth_q'].id}")

    response = client_as(app, world, "youth_q").get("/cuenta/mis-datos.json")
    assert response.status_code == 200
    data = json.loads(response.data)
    case = data["postulaciones"][0]
    assert case["empresa"] == "Negocio q" and case["oferta"] == "Mesera q"
    assert [step["a"] for step in case["historial"]] == STEPS
    assert case["historial"][1]["nota"] == "Venga el lunes"
    assert case["historial"][1]["quien"] == "Negocio q"
    assert case["notas"][0]["texto"] == "Necesita DNI nuevo"
    assert "nota" in case["notas"][0]["tipo"]
    assert case["notas"][0]["autor"].startswith("equipo del CDE de ")
    assert case["seguimientos"][0]["pago_mensual"] == "1130.00"
    assert case["seguimientos"][0]["sigue_trabajando"] is True
    pin = data["fijado_o_descartado"][0]
    assert pin["motivo"] == "Habla quechua con los turistas" and pin["empresa"] == "Negocio q"
    course, = (c for c in data["cursos"] if c["curso"] == "Atención al turista")
    assert course["terminado_el"] == "2026-11-20"
    assert "Curso q" in [c["curso"] for c in data["cursos"]]  # the world's course, still open
    assert [n["asunto"] for n in data["avisos"]] == ["Te contrataron en Negocio q"]
    sent, = data["mensajes"]["enviados"]
    assert (sent["medio"], sent["estado"]) == ("SMS", "en espera")
    assert data["mensajes"]["recibidos"][0]["resultado"] == "respuesta registrada"
    seen = {row["quien"] for row in data["quien_vio_mis_datos"]}
    assert "Negocio q" in seen
    assert any(who.startswith("equipo del CDE de ") for who in seen)
    assert not any("Consejera Q" in s for s in _strings(data))  # staff are a team, not a name
    # Spanish keys and words, no codes.
    assert not _keys(data) & {"first_name", "stage", "title", "source", "purpose"}
    assert not set(_strings(data)) & CODES


def test_the_download_page_is_readable_printable_and_needs_no_script(app, world, session):
    _a_full_case(world, session)
    response = client_as(app, world, "youth_q").get("/cuenta/mis-datos")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    for words in ("Todos mis datos", "Postulaciones", "Negocio q", "Historial",
                  "Necesita DNI nuevo", "Seguimientos", "S/ 1,130.00", "Atención al turista",
                  "20 de noviembre de 2026", "Habla quechua con los turistas",
                  "Quién vio o cambió los datos", "El CDE te propone: Mesera q",
                  "respuesta registrada", "Tiene DNI"):
        assert words in html, words
    assert "<script" not in html.split("<footer")[0].split("<main")[-1]
    assert "2026-11-20" not in html and "None" not in html
    assert "6 de diciembre de 2026" in html  # the version of the notice she accepted
    assert not re.search(r"\b\d{4}-\d{2}\b", html.split("<main")[-1])  # no code of a version
    assert response.headers["Cache-Control"].startswith("private")
    assert len(response.data) < 60_000


def test_an_employer_downloads_the_business_records_without_people_who_left(app, world,
                                                                             session):
    withdrawn = world["application_c"]
    # A second youth in Quispicanchi applied to the Q vacancy, then withdrew.
    from models import Application, Source
    from tests.factories import ProfileFactory

    gone = ProfileFactory(first_name="Retirada", last_name="Persona")
    session.add(Application(profile=gone, vacancy=world["vacancy_q"], source=Source.SELF,
                            stage=Stage.WITHDRAWN))
    session.commit()
    client = client_as(app, world, "employer_q")
    data = json.loads(client.get("/cuenta/mis-datos.json").data)
    assert data["negocio"]["nombre"] == "Negocio q"
    assert data["verificacion"]["quien"].startswith("equipo del CDE de ")
    offers = {o["titulo"]: o for o in data["ofertas"]}
    assert set(offers) == {"Mesera q", "Borrador q"}
    people = [a["persona"] for a in offers["Mesera q"]["postulaciones_recibidas"]]
    assert "JovenQ Quispe" in people
    assert "Retirada Persona" not in people and len(people) == 2
    text = json.dumps(data, ensure_ascii=False)
    assert "Negocio c" not in text and "JovenC" not in text and str(withdrawn.id) not in people
    assert "perfil" not in data
    page = client.get("/cuenta/mis-datos").get_data(as_text=True)
    assert "Negocio q" in page and "Postulaciones recibidas" in page


def test_nobody_downloads_someone_elses_data(app, world, client):
    # The download takes no id: whatever is asked, it is the signed-in person's own.
    other = world["youth_c"].user_id
    mine = client_as(app, world, "youth_q")
    for path in (f"/cuenta/mis-datos.json?user_id={other}", f"/cuenta/mis-datos?id={other}"):
        text = mine.get(path).get_data(as_text=True)
        assert "JovenC" not in text and "JovenQ" in text
    for path in (f"/cuenta/mis-datos/{other}", f"/cuenta/mis-datos.json/{other}"):
        assert mine.get(path).status_code == 404
    for path in ("/cuenta/mis-datos", "/cuenta/mis-datos.json"):
        assert client.get(path).status_code == 302  # nobody signed in: to the sign-in page


def test_what_she_did_herself_is_said_to_be_this_account(app, world, session):
    """Her own application in its history reads "esta cuenta", never "otra persona"."""
    case = world["application_q"]
    case.events.append(StageEvent(from_stage=Stage.RECEIVED, to_stage=Stage.WITHDRAWN,
                                  actor_id=world.user("youth_q").id))
    case.stage = Stage.WITHDRAWN
    session.commit()
    data = json.loads(client_as(app, world, "youth_q").get("/cuenta/mis-datos.json").data)
    history = data["postulaciones"][0]["historial"]
    assert history[-1]["quien"] == "esta cuenta"
    assert "otra persona" not in json.dumps(data, ensure_ascii=False)


def test_the_english_page_names_the_site_language_not_a_skill(app, world, session):
    from tests.helpers import csrf_token

    client = client_as(app, world, "youth_q")
    client.post("/idioma", data={"csrf_token": csrf_token(client, "/cuenta"), "lang": "en",
                                 "next": "/cuenta/mis-datos"})
    html = client.get("/cuenta/mis-datos").get_data(as_text=True)
    assert "All my data" in html
    assert "spoken English" not in html
    assert "<dd>English</dd>" in html
