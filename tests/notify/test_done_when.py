"""Done when: with the demo data, a counselor proposes a youth, her phone (the fake SMSC)
receives the SMS, she replies "1", and the counselor sees the answer on the case."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from models import Application, Stage, Territory, User, Vacancy, VacancyStatus
from tests.helpers import csrf_token, login
from web.extensions import db
from web.notify.worker import send_pending
from web.services import cases, demo, matching

from .live import wait_until
from .test_kannel_live import NOON_LIMA


def test_counselor_proposes_youth_gets_the_sms_replies_1_and_counselor_sees_it(
        kannel, live, live_app):
    demo.seed_demo(live, live_app.config["DEMO_PASSWORD"])
    quispicanchi = live.scalar(sa.select(Territory).where(Territory.code == "quispicanchi"))
    counselor = live.scalar(sa.select(User).where(User.email == "consejero.ocongate@chamba.pe"))
    # The best-ranked youth of the territory who may be proposed, with a phone of her own and
    # no case yet for the first open vacancy that has one.
    vacancy = youth = None
    for candidate_vacancy in live.scalars(
            sa.select(Vacancy).where(Vacancy.status == VacancyStatus.OPEN,
                                     Vacancy.district_code.in_(
                                         [d.ubigeo for d in quispicanchi.districts]))
            .order_by(Vacancy.id)):
        taken = set(live.scalars(sa.select(Application.profile_id).where(
            Application.vacancy_id == candidate_vacancy.id)))
        ranked = matching.candidates_for(live, candidate_vacancy,
                                         f"territory:{quispicanchi.id}", k=50)
        youth = next((p for p, _m in ranked if p.id not in taken and p.user.phone
                      and cases.not_proposable(live, p, date.today()) is None), None)
        if youth is not None:
            vacancy = candidate_vacancy
            break
    assert youth is not None, "the demo data has no candidate to propose"
    phone = youth.user.phone
    client = live_app.test_client()
    login(client, counselor.email, live_app.config["DEMO_PASSWORD"])

    # 1. The youth, beside the counselor, says yes to SMS notices (oral consent recorded).
    page = f"/consejeria/jovenes/{youth.id}"
    response = client.post(f"{page}/mensajes", follow_redirects=True, data={
        "csrf_token": csrf_token(client, page), "sms": "y", "method": "oral"})
    assert "Preferencias de mensajes guardadas" in response.get_data(as_text=True)

    # 2. The counselor proposes her from the vacancy's ranked list.
    vacancy_page = f"/consejeria/ofertas/{vacancy.id}"
    response = client.post(f"{vacancy_page}/proponer/{youth.id}", follow_redirects=True,
                           data={"csrf_token": csrf_token(client, vacancy_page)})
    assert "Propuesta enviada a la empresa" in response.get_data(as_text=True)

    # 3. The worker hands it to Kannel; her phone (fakesmsc) receives it.
    assert send_pending(db.session, now=NOON_LIMA).sent == 1
    _sender, _to, text = wait_until(
        lambda: [m for m in kannel.operator.received if m[1] == f"51{phone}"])[0]
    assert text.startswith("Chamba CDE Urcos: ") and youth.first_name.split()[0] in text
    assert text.endswith("Responde 1 si te interesa, 2 si no") and len(text) <= 160

    # 4. She answers "1" from her phone.
    kannel.operator.send(f"51{phone}", "5500", "1")
    application = wait_until(lambda: _contacted(youth.id, vacancy.id))

    # 5. The counselor sees the answer on the case page, and a notice on her desk.
    html = client.get(f"/consejeria/casos/{application.id}").get_data(as_text=True)
    assert "Respondió por mensaje: le interesa (1)." in html
    home = client.get("/consejeria/").get_data(as_text=True)
    assert re.search(r"respondió: le interesa «[^»]+»", home)


def _contacted(profile_id: int, vacancy_id: int) -> Application | None:
    db.session.expire_all()
    application = db.session.scalar(sa.select(Application).where(
        Application.profile_id == profile_id, Application.vacancy_id == vacancy_id))
    return application if application and application.stage == Stage.CONTACTED else None
