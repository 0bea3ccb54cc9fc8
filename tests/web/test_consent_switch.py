"""Consent is the switch (issue #12, items 1, 2 and 10).

Withdrawing consent to processing stops every disclosure at once; a minor is never seen by an
employer without a guardian's consent on record, however the age was reached; a counselor's
internal note never reaches the employer.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from models import (
    Application,
    CandidateLanguage,
    CandidateProfile,
    CaseNote,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Language,
    LanguageLevel,
    Notification,
    NotificationChannel,
    NotificationStatus,
    Source,
    Stage,
    StageEvent,
    Visibility,
)
from models.candidate import ADULT_AGE, adult_if_born_by, age_on
from tests.factories import ProfileFactory, VacancyFactory, counselor, verified_employer
from tests.helpers import AuthActions, csrf_token, occupation, years_ago
from web.extensions import db
from web.services import matching
from web.services.pools import Pool


def _youth(first: str, phone: str, waiter, *, visible: bool = True, age: int = 22,
           guardian: str | None = None) -> CandidateProfile:
    profile = ProfileFactory(first_name=first, last_name="Mamani", user__phone=phone,
                             district_code="081201", sex="F", birth_date=years_ago(age),
                             education=3, desired_occupations=[waiter],
                             visibility=Visibility.EMPLOYERS if visible else Visibility.PRIVATE)
    profile.languages.append(CandidateLanguage(language=Language.SPANISH,
                                               level=LanguageLevel.NATIVE))
    for purpose, granted in ((ConsentPurpose.PROCESSING, True),
                             (ConsentPurpose.VISIBILITY, visible)):
        db.session.add(Consent(user=profile.user, purpose=purpose, notice_version="2026-11",
                               granted=granted, method=ConsentMethod.ONLINE,
                               guardian_name=guardian,
                               guardian_relation="madre" if guardian else None))
    return profile


@pytest.fixture()
def scene(session):
    urcos = counselor("urcos@cde.pe", "quispicanchi")
    counselor("nieva@cde.pe", "condorcanqui")
    employer = verified_employer(urcos, district_code="081201", owner__email="hostal@test.pe")
    waiter = occupation("mesero")
    vacancy = VacancyFactory(employer=employer, occupation=waiter, title="Mesera del hostal",
                             district_code="081201")
    other = VacancyFactory(employer=employer, occupation=waiter, title="Moza de temporada",
                           district_code="081201")
    flor = _youth("Flor", "987600001", waiter)
    marisol = _youth("Marisol", "987600002", waiter, visible=False)
    application = Application(profile=flor, vacancy=vacancy, source=Source.SELF,
                              stage=Stage.RECEIVED, message="Vivo en Urcos.")
    application.events.append(StageEvent(to_stage=Stage.RECEIVED))
    session.add(application)
    session.commit()
    return {"counselor": urcos, "employer": employer, "vacancy": vacancy, "other": other,
            "flor": flor, "marisol": marisol, "application": application, "waiter": waiter}


def _signed_in(app, identifier: str) -> AuthActions:
    actions = AuthActions(app.test_client())
    actions.login(identifier)
    return actions


def _withdraw(app, phone: str) -> None:
    youth = _signed_in(app, phone)
    response = youth.client.post("/cuenta/consentimiento", data={
        "purpose": "processing", "granted": "0",
        "csrf_token": csrf_token(youth.client, "/cuenta")}, follow_redirects=True)
    assert "quedó oculto" in response.get_data(as_text=True)


def _apply_to_other(app, scene) -> str:
    """Flor (987600001) tries to apply to the other vacancy: the page she gets back."""
    youth = _signed_in(app, "987600001")
    path = f"/joven/ofertas/{scene['other'].id}"
    response = youth.client.post(f"{path}/postular", data={
        "message": "", "csrf_token": csrf_token(youth.client, path)}, follow_redirects=True)
    return response.get_data(as_text=True)


def _applications(where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Application).where(where))


def _text(client, path: str) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, response.get_data(as_text=True)


# --- 1. withdrawn consent stops disclosure everywhere at once -------------------------------

def test_withdrawn_consent_hides_her_from_the_employers_list_page_and_ranking(app, scene):
    employer = _signed_in(app, "hostal@test.pe")
    vacancy, application = scene["vacancy"], scene["application"]
    base = f"/empresa/ofertas/{vacancy.id}"
    assert "Flor" in _text(employer.client, f"{base}/postulantes")[1]
    assert "987600001" in _text(employer.client, f"{base}/postulantes/{application.id}")[1]
    assert "1 postulante por revisar" in _text(employer.client, "/empresa/")[1]

    _withdraw(app, "987600001")

    status, listing = _text(employer.client, f"{base}/postulantes")
    assert status == 200 and "Flor" not in listing and "987600001" not in listing
    status, page = _text(employer.client, f"{base}/postulantes/{application.id}")
    assert status == 404 and "987600001" not in page and "Flor" not in page
    status, ranked = _text(employer.client, f"{base}/candidatos")
    assert status == 200 and "Flor" not in ranked
    # Her application no longer counts as one waiting on the employer's home page.
    assert "1 postulante por revisar" not in _text(employer.client, "/empresa/")[1]
    # Nor can the employer move the case of someone it may no longer see.
    moved = employer.client.post(f"{base}/postulantes/{application.id}/etapa", data={
        "to_stage": "contacted", "csrf_token": csrf_token(employer.client, base)})
    assert moved.status_code == 404
    db.session.refresh(application)
    assert application.stage == Stage.RECEIVED


def test_withdrawn_consent_takes_her_out_of_the_counselors_ranking(app, scene):
    staff = _signed_in(app, "urcos@cde.pe")
    path = f"/consejeria/ofertas/{scene['other'].id}"
    assert "Flor" in _text(staff.client, path)[1]
    _withdraw(app, "987600001")
    assert "Flor" not in _text(staff.client, path)[1]


def test_counselor_sees_only_that_consent_was_withdrawn_and_when(app, scene):
    _withdraw(app, "987600001")
    staff = _signed_in(app, "urcos@cde.pe")
    status, page = _text(staff.client, f"/consejeria/jovenes/{scene['flor'].id}")
    assert status == 200
    assert "retiró su consentimiento" in page
    today = date.today()
    assert str(today.year) in page and today.isoformat() not in page
    for private in ("Mamani", "987600001", "Flor"):
        assert private not in page
    status, case = _text(staff.client, f"/consejeria/casos/{scene['application'].id}")
    assert status == 200 and "retiró su consentimiento" in case
    assert "Mamani" not in case and "Vivo en Urcos" not in case
    status, home = _text(staff.client, "/consejeria/")
    assert "Flor" not in home and "Retiró su consentimiento el" in home


def test_withdrawn_youth_cannot_apply(app, scene):
    _withdraw(app, "987600001")
    assert "permiso" in _apply_to_other(app, scene)
    assert _applications(Application.vacancy_id == scene["other"].id) == 0


def test_withdrawal_cancels_messages_waiting_for_her_or_about_her(app, scene, session):
    flor, application = scene["flor"], scene["application"]
    to_her = Notification(user_id=flor.user_id, channel=NotificationChannel.SMS,
                          kind="interview", subject="Entrevista", body="...",
                          status=NotificationStatus.QUEUED, to_phone="987600001",
                          application_id=application.id)
    about_her = Notification(user_id=scene["counselor"].id, channel=NotificationChannel.SMS,
                             kind="notice", subject="Flor", body="...",
                             status=NotificationStatus.QUEUED, to_phone="987699999",
                             application_id=application.id)
    session.add_all([to_her, about_her])
    session.commit()
    _withdraw(app, "987600001")
    for row in (to_her, about_her):
        db.session.refresh(row)
        assert row.status == NotificationStatus.FAILED and row.status_reason


def test_counselor_cannot_propose_a_youth_who_chose_to_stay_private(app, scene):
    staff = _signed_in(app, "urcos@cde.pe")
    path = f"/consejeria/ofertas/{scene['other'].id}"
    assert "Marisol" in _text(staff.client, path)[1]   # counselors still see her
    response = staff.client.post(f"{path}/proponer/{scene['marisol'].id}", data={
        "csrf_token": csrf_token(staff.client, path)}, follow_redirects=True)
    assert "no quiso que las empresas" in response.get_data(as_text=True)
    assert _applications(Application.profile_id == scene["marisol"].id) == 0


def test_counselor_cannot_propose_a_youth_who_withdrew_consent(app, scene):
    _withdraw(app, "987600001")
    staff = _signed_in(app, "urcos@cde.pe")
    path = f"/consejeria/ofertas/{scene['other'].id}"
    response = staff.client.post(f"{path}/proponer/{scene['flor'].id}", data={
        "csrf_token": csrf_token(staff.client, path)}, follow_redirects=True)
    assert response.status_code == 404   # like someone who is not there
    assert _applications(Application.vacancy_id == scene["other"].id) == 0


# --- 2. minors: visible only with a guardian's consent on record ---------------------------

def test_adult_who_changes_her_birth_date_to_16_must_name_a_guardian(app, scene):
    youth = _signed_in(app, "987600001")
    path = "/joven/perfil/datos"
    born = years_ago(16)
    refused = youth.client.post(path, data={
        "birth_date": born.isoformat(), "sex": "F",
        "csrf_token": csrf_token(youth.client, path)}, follow_redirects=True)
    assert "apoderado" in refused.get_data(as_text=True)
    db.session.refresh(scene["flor"])
    assert scene["flor"].birth_date == years_ago(22)   # nothing saved

    youth.client.post(path, data={
        "birth_date": born.isoformat(), "sex": "F", "guardian_name": "Rosa Mamani",
        "guardian_relation": "madre", "csrf_token": csrf_token(youth.client, path)})
    db.session.refresh(scene["flor"])
    assert scene["flor"].birth_date == born
    guardian = db.session.scalar(sa.select(Consent).where(
        Consent.user_id == scene["flor"].user_id, Consent.guardian_name.is_not(None)))
    assert guardian.guardian_name == "Rosa Mamani" and guardian.granted


@pytest.mark.parametrize("name", [
    "Rosa\u202eanimaM",          # bidi override
    "Ro\u200bsa",                 # zero-width space
    "<b>Rosa</b>",
    "R" * 121,
])
def test_guardian_name_is_validated_like_any_name(app, scene, name):
    youth = _signed_in(app, "987600001")
    path = "/joven/perfil/datos"
    response = youth.client.post(path, data={
        "birth_date": years_ago(16).isoformat(), "sex": "F", "guardian_name": name,
        "guardian_relation": "madre", "csrf_token": csrf_token(youth.client, path)})
    assert response.status_code == 200   # the form again, with a message, not a 500
    db.session.refresh(scene["flor"])
    assert scene["flor"].birth_date == years_ago(22)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Consent).where(
        Consent.guardian_name.is_not(None))) == 0


def test_a_minor_without_a_guardian_on_record_is_never_shown_to_an_employer(app, scene):
    # However the age was reached (a counselor's edit, a direct change): 16 and no guardian.
    flor = scene["flor"]
    flor.birth_date = years_ago(16)
    scene["other"].min_age = 15
    db.session.commit()
    employer = _signed_in(app, "hostal@test.pe")
    base = f"/empresa/ofertas/{scene['vacancy'].id}"
    assert "Flor" not in _text(employer.client, f"{base}/postulantes")[1]
    assert _text(employer.client, f"{base}/postulantes/{scene['application'].id}")[0] == 404
    assert "Flor" not in _text(employer.client, f"/empresa/ofertas/{scene['other'].id}"
                                                "/candidatos")[1]
    # With her guardian's consent on record she is visible again.
    db.session.add(Consent(user_id=flor.user_id, purpose=ConsentPurpose.PROCESSING,
                           notice_version="2026-11", granted=True, method=ConsentMethod.WRITTEN,
                           captured_by_id=scene["counselor"].id, guardian_name="Rosa Mamani",
                           guardian_relation="madre"))
    db.session.commit()
    assert "Flor" in _text(employer.client, f"{base}/postulantes")[1]
    assert "Flor" in _text(employer.client, f"/empresa/ofertas/{scene['other'].id}"
                                             "/candidatos")[1]


def test_someone_who_is_17_today_is_a_minor_and_18_tomorrow_is_not(session, scene):
    flor = scene["flor"]
    today = date.today()
    flor.birth_date = years_ago(ADULT_AGE, today=today) + timedelta(days=1)
    session.commit()

    def visible(day):
        return session.scalar(sa.select(CandidateProfile.id).where(
            CandidateProfile.id == flor.id, CandidateProfile.visible_clause(day))) is not None

    assert age_on(flor.birth_date, today) == ADULT_AGE - 1 and not visible(today)
    assert visible(today + timedelta(days=1))


@pytest.mark.parametrize("today", [date(2026, 2, 28), date(2026, 3, 1), date(2028, 2, 29),
                                   date(2027, 12, 31), date(2026, 1, 1)])
def test_the_adult_cutoff_agrees_with_age_on_around_every_edge(today):
    cutoff = adult_if_born_by(today)
    assert age_on(cutoff, today) == ADULT_AGE
    assert age_on(cutoff + timedelta(days=1), today) == ADULT_AGE - 1
    for born in (date(2008, 2, 29), date(2010, 2, 28), date(2009, 12, 31), date(2010, 3, 1)):
        assert (born <= cutoff) == (age_on(born, today) >= ADULT_AGE)


def test_the_employer_pool_leaves_out_a_minor_without_guardian(session, scene, app):
    scene["other"].min_age = 15   # a job a 16-year-old may do
    session.commit()
    with app.test_request_context():
        ranked = matching.candidates_for(session, scene["other"], Pool.VISIBLE, k=20)
        assert scene["flor"].id in {p.id for p, _m in ranked}
        scene["flor"].birth_date = years_ago(16)
        session.commit()
        matching.cache.clear()
        ranked = matching.candidates_for(session, scene["other"], Pool.VISIBLE, k=20)
    assert scene["flor"].id not in {p.id for p, _m in ranked}


# --- 10. internal and shared notes ---------------------------------------------------------

def _move(client, application, stage, note="", audience="internal"):
    path = f"/consejeria/casos/{application.id}"
    return client.post(path, data={"move-stage": stage, "move-reason": "",
                                   "move-note": note, "move-note_audience": audience,
                                   "move-csrf_token": csrf_token(client, path)},
                       follow_redirects=True)


def test_a_counselors_internal_stage_note_never_reaches_the_employer(app, scene):
    staff = _signed_in(app, "urcos@cde.pe")
    application = scene["application"]
    form = _text(staff.client, f"/consejeria/casos/{application.id}")[1]
    assert "Nota interna (solo el equipo del CDE)" in form and "Nota para la empresa" in form
    _move(staff.client, application, "contacted", note="Su padre no la deja viajar.")
    _move(staff.client, application, "interview", note="Llega el lunes a las 9.",
          audience="employer")
    employer = _signed_in(app, "hostal@test.pe")
    page = _text(employer.client, f"/empresa/ofertas/{scene['vacancy'].id}/postulantes/"
                                  f"{application.id}")[1]
    assert "Llega el lunes a las 9." in page
    assert "Su padre no la deja viajar." not in page
    # Staff see both, each labelled.
    case = _text(staff.client, f"/consejeria/casos/{application.id}")[1]
    assert "Su padre no la deja viajar." in case and "Llega el lunes a las 9." in case


def test_case_notes_are_internal_unless_shared_with_the_employer(app, scene):
    staff = _signed_in(app, "urcos@cde.pe")
    application = scene["application"]
    path = f"/consejeria/casos/{application.id}"
    for body, audience in (("Tiene un hijo pequeño.", "internal"),
                           ("Trae su DNI a la entrevista.", "employer")):
        staff.client.post(path, data={"note-body": body, "note-audience": audience,
                                      "note-csrf_token": csrf_token(staff.client, path)})
    assert len(db.session.scalars(sa.select(CaseNote)).all()) == 2
    employer = _signed_in(app, "hostal@test.pe")
    page = _text(employer.client, f"/empresa/ofertas/{scene['vacancy'].id}/postulantes/"
                                  f"{application.id}")[1]
    assert "Trae su DNI a la entrevista." in page and "Tiene un hijo pequeño." not in page


@pytest.mark.parametrize("audience", ["everyone", "", "employer\u202e", "1" * 400])
def test_a_note_with_an_unknown_audience_is_refused(app, scene, audience):
    staff = _signed_in(app, "urcos@cde.pe")
    application = scene["application"]
    path = f"/consejeria/casos/{application.id}"
    response = staff.client.post(path, data={
        "note-body": "Algo", "note-audience": audience,
        "note-csrf_token": csrf_token(staff.client, path)})
    assert response.status_code == 200
    assert db.session.scalars(sa.select(CaseNote)).all() == []


def test_existing_notes_count_as_internal(session, scene):
    application = scene["application"]
    session.execute(sa.insert(StageEvent.__table__).values(
        application_id=application.id, to_stage="contacted", note="nota antigua",
        at=sa.func.now()))
    session.commit()
    event = session.scalar(sa.select(StageEvent).where(StageEvent.note == "nota antigua"))
    assert event.note_audience == "internal"


def test_a_minor_without_a_guardian_on_record_cannot_apply(app, scene):
    scene["flor"].birth_date = years_ago(16)
    scene["other"].min_age = 15
    scene["other"].occupation = None   # work a 16-year-old may do
    db.session.commit()
    assert "permiso de tu madre, padre o apoderado" in _apply_to_other(app, scene)
    assert _applications(Application.vacancy_id == scene["other"].id) == 0


def test_follow_ups_stop_for_someone_who_withdrew_consent(app, scene, session):
    from models import FollowUp

    application = scene["application"]
    application.stage = Stage.HIRED
    follow_up = FollowUp(application_id=application.id, months_after=1, due_on=date.today())
    session.add(follow_up)
    session.commit()
    staff = _signed_in(app, "urcos@cde.pe")
    assert "Flor" in _text(staff.client, "/consejeria/seguimientos")[1]
    _withdraw(app, "987600001")
    assert "Flor" not in _text(staff.client, "/consejeria/seguimientos")[1]
    assert _text(staff.client, f"/consejeria/seguimientos/{follow_up.id}")[0] == 404


def test_a_counselor_can_still_give_her_a_code_to_get_back_in(app, scene):
    _withdraw(app, "987600001")
    staff = _signed_in(app, "urcos@cde.pe")
    page = f"/consejeria/jovenes/{scene['flor'].id}"
    response = staff.client.post(f"{page}/codigo", data={"csrf_token": csrf_token(staff.client,
                                                                                  page)})
    assert response.status_code == 200 and "Código nuevo" in response.get_data(as_text=True)


def test_the_territorys_message_log_leaves_her_out(app, scene, session):
    session.add(Notification(user_id=scene["flor"].user_id, channel=NotificationChannel.SMS,
                             kind="notice", subject="Aviso", body="Hola Flor, el CDE te llama.",
                             status=NotificationStatus.SENT, to_phone="987600001",
                             territory_id=scene["counselor"].territory_id))
    session.commit()
    staff = _signed_in(app, "urcos@cde.pe")
    assert "Hola Flor" in _text(staff.client, "/consejeria/mensajes")[1]
    _withdraw(app, "987600001")
    assert "Hola Flor" not in _text(staff.client, "/consejeria/mensajes")[1]


def test_after_withdrawing_her_permissions_page_says_employers_do_not_see_her(app, scene):
    _withdraw(app, "987600001")
    youth = _signed_in(app, "987600001")
    youth.client.post("/cuenta/consentimiento", data={
        "purpose": "processing", "granted": "1", "csrf_token": csrf_token(youth.client,
                                                                          "/cuenta")})
    db.session.refresh(scene["flor"])
    assert scene["flor"].hidden_at is None and scene["flor"].visibility == Visibility.PRIVATE
    latest = db.session.scalars(sa.select(Consent).where(
        Consent.user_id == scene["flor"].user_id,
        Consent.purpose == ConsentPurpose.VISIBILITY).order_by(Consent.id.desc())).first()
    assert latest.granted is False   # what the page shows matches what employers see
