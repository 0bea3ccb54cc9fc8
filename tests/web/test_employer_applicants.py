"""A verified employer sees who applied, contacts them, and moves each case to hire or not."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa

from models import (
    Application,
    AuditAction,
    AuditEvent,
    EmployerStatus,
    FollowUp,
    Notification,
    RefusalReason,
    Role,
    Sex,
    Source,
    Stage,
    StageEvent,
    VacancyStatus,
)
from tests.factories import ProfileFactory, UserFactory, VacancyFactory
from tests.helpers import count, csrf_token
from tests.web.test_employer_vacancies import make_employer
from web.extensions import db
from web.services import applications
from web.services.applications import StageError, add_months, move_application
from web.services.vacancies import skills_by_codes, today


@pytest.fixture()
def employer(session):
    return make_employer(session)


@pytest.fixture()
def vacancy(employer):
    return VacancyFactory(employer=employer, status=VacancyStatus.OPEN, title="Moza o mozo")


def apply(vacancy, stage=Stage.RECEIVED, message="Me interesa, vivo cerca.", **profile):
    person = ProfileFactory(**profile)
    case = Application(profile=person, vacancy=vacancy, stage=stage, message=message,
                       source=Source.SELF if stage == Stage.RECEIVED else Source.COUNSELOR,
                       refusal_reason=RefusalReason.OTHER if stage == Stage.NOT_HIRED else None)
    case.events.append(StageEvent(from_stage=None, to_stage=stage))
    db.session.add(case)
    db.session.commit()
    return case


@pytest.fixture()
def case(vacancy):
    return apply(vacancy, first_name="Yeny", district_code="081210",
                 skills=skills_by_codes(db.session, ["SK-HOS-004", "SK-IDI-001"]))


@pytest.fixture()
def in_request(app):
    """Services called directly still need a request: the locale is chosen per request."""
    with app.test_request_context():
        yield


@pytest.fixture()
def signed_in(client, auth, employer):
    auth.login(employer.owner.email)
    return client


def applicant_url(case, vacancy_id=None):
    return f"/empresa/ofertas/{vacancy_id or case.vacancy_id}/postulantes/{case.id}"


def move(client, case, to_stage, vacancy_id=None, **extra):
    token = csrf_token(client, f"/empresa/ofertas/{case.vacancy_id}")
    return client.post(applicant_url(case, vacancy_id) + "/etapa",
                       data={"csrf_token": token, "to_stage": to_stage, **extra},
                       follow_redirects=True)


# --- seeing applicants ------------------------------------------------------------------

def test_verified_employer_sees_who_applied_with_district_skills_and_message(signed_in, case):
    proposed = apply(case.vacancy, stage=Stage.PROPOSED, message="", first_name="Rosa")
    html = signed_in.get(f"/empresa/ofertas/{case.vacancy_id}/postulantes").get_data(
        as_text=True)
    assert "Yeny" in html and "Rosa" in html
    assert "Ocongate" in html
    assert "servicio de mesa" in html and "quechua" in html
    assert "Me interesa, vivo cerca." in html
    assert "Postuló" in html and "Propuesta del CDE" in html
    assert case.profile.user.phone not in html  # contact details only on the audited page
    assert applicant_url(proposed) in html


def test_opening_an_applicant_shows_contact_and_writes_an_audit_event(signed_in, session,
                                                                       case, employer):
    html = signed_in.get(applicant_url(case)).get_data(as_text=True)
    assert f'href="tel:{case.profile.user.phone}"' in html
    event = session.scalars(sa.select(AuditEvent)).one()
    assert (event.actor_id, event.subject_user_id, event.action, event.object_type,
            event.object_id) == (employer.user_id, case.profile.user_id, AuditAction.VIEW,
                                 "application", case.id)


@pytest.mark.parametrize("status", [EmployerStatus.PENDING, EmployerStatus.REJECTED])
def test_unverified_employer_sees_no_applicant(client, auth, session, status):
    unverified = make_employer(session, status, decision_note="Falta visita.")
    vacancy = VacancyFactory(employer=unverified, status=VacancyStatus.DRAFT)
    case = apply(vacancy, first_name="Yeny")
    auth.login(unverified.owner.email)
    html = client.get(f"/empresa/ofertas/{vacancy.id}/postulantes").get_data(as_text=True)
    assert "Yeny" not in html
    assert "cuando el CDE haya verificado su negocio" in html
    assert client.get(applicant_url(case)).status_code == 404
    assert move(client, case, "contacted").status_code == 404
    session.refresh(case)
    assert case.stage == Stage.RECEIVED
    assert count(AuditEvent) == 0


# --- moving through the stages ---------------------------------------------------------

def test_employer_contacts_interviews_and_hires_with_history_and_follow_ups(
        signed_in, session, case, employer):
    for stage, said in (("contacted", "Listo: anotamos que contactó a Yeny."),
                        ("interview", "Listo: invitó a Yeny a una entrevista."),
                        ("hired", "Listo: contrató a Yeny.")):
        extra = {"confirmed": "1"} if stage == "hired" else {}
        html = move(signed_in, case, stage, **extra).get_data(as_text=True)
        assert said in html and "Se lo avisamos a Yeny en Chamba." in html
    session.expire_all()
    case = session.get(Application, case.id)
    assert case.stage == Stage.HIRED
    assert [(e.from_stage, e.to_stage, e.actor_id) for e in case.events[1:]] == [
        (Stage.RECEIVED, Stage.CONTACTED, employer.user_id),
        (Stage.CONTACTED, Stage.INTERVIEW, employer.user_id),
        (Stage.INTERVIEW, Stage.HIRED, employer.user_id),
    ]
    start = today()
    assert [(f.months_after, f.due_on) for f in case.follow_ups] == [
        (1, add_months(start, 1)), (3, add_months(start, 3)), (6, add_months(start, 6))]
    notes = session.scalars(sa.select(Notification).order_by(Notification.id)).all()
    assert [n.user_id for n in notes] == [case.profile.user_id] * 3
    assert notes[1].subject == "Te invitan a una entrevista"
    assert notes[2].subject == "¡Felicitaciones! Te eligieron"
    assert "hired" not in " ".join(n.body for n in notes)


def test_refusal_needs_a_reason_and_keeps_it_with_the_note(signed_in, session, case):
    html = move(signed_in, case, "not_hired").get_data(as_text=True)
    assert "Elija el motivo por el que no continúa con esta persona." in html
    session.refresh(case)
    assert case.stage == Stage.RECEIVED and count(StageEvent) == 1
    assert count(Notification) == 0

    html = move(signed_in, case, "not_hired", reason="documents",
                note="Volver a llamar cuando tenga su carné de salud.").get_data(as_text=True)
    assert "Sin contratación" in html
    assert "Le faltan documentos" in html  # the Spanish label, in the history
    session.expire_all()
    case = session.get(Application, case.id)
    assert case.stage == Stage.NOT_HIRED and case.refusal_reason == RefusalReason.DOCUMENTS
    assert case.events[-1].note == "Volver a llamar cuando tenga su carné de salud."
    note = session.scalars(sa.select(Notification)).one()
    assert "documents" not in note.body and "documentos" in note.body
    assert case.follow_ups == []


@pytest.mark.parametrize(("start", "to", "message"), [
    (Stage.RECEIVED, "hired", "Una postulación en «Postuló» no puede pasar a «Contratación»."),
    (Stage.PROPOSED, "received", "Una postulación en «Propuesta del CDE» no puede pasar a "
                                 "«Postuló»."),
    (Stage.HIRED, "interview", "Una postulación en «Contratación» no puede pasar a "
                               "«Entrevista»."),
    (Stage.NOT_HIRED, "contacted", "Una postulación en «Sin contratación» no puede pasar a "
                                   "«Contacto hecho»."),
    (Stage.INTERVIEW, "interview", "Una postulación en «Entrevista» no puede pasar a "
                                   "«Entrevista»."),
    (Stage.RECEIVED, "withdrawn", "Una postulación en «Postuló» no puede pasar a "
                                  "«Se retiró»."),
    (Stage.RECEIVED, "archivado", "Elija una etapa de la lista."),
    (Stage.RECEIVED, "", "Elija una etapa."),
])
def test_stage_moves_that_make_no_sense_are_refused(signed_in, session, vacancy, start, to,
                                                    message):
    case = apply(vacancy, stage=start)
    html = move(signed_in, case, to, confirmed="1").get_data(as_text=True)
    assert message in html
    session.refresh(case)
    assert case.stage == start
    assert count(StageEvent) == 1 and count(FollowUp) == 0 and count(Notification) == 0


def test_applicant_page_offers_only_the_moves_allowed_from_here(signed_in, case):
    html = signed_in.get(applicant_url(case)).get_data(as_text=True)
    assert 'value="contacted"' in html and 'value="interview"' in html
    assert 'value="not_hired"' in html
    assert 'value="hired"' not in html and 'value="withdrawn"' not in html
    assert "<script" not in html and "style=" not in html


@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE, None])
def test_the_applicant_page_needs_no_agreement_with_the_person(signed_in, session, case, sex):
    """Fixed words about the applicant agree with anyone: no "lo contacté" for Yeny."""
    case.profile.sex = sex
    session.commit()
    html = signed_in.get(applicant_url(case)).get_data(as_text=True)
    assert "Ya me comuniqué" in html and "el CDE le propuso su perfil" in html
    assert not re.search(r"\b(lo|la) contacté\b|se (lo|la) propuso", html)


def test_counselor_may_record_a_withdrawal_the_employer_may_not(session, case, in_request):
    counselor = UserFactory(role=Role.COUNSELOR, territory_id=case.profile.district.territory_id)
    with pytest.raises(StageError):
        move_application(session, case.vacancy.employer.owner, case, Stage.WITHDRAWN)
    move_application(session, counselor, case, "withdrawn", note="Se mudó a Cusco.")
    assert case.stage == Stage.WITHDRAWN
    assert case.events[-1].actor_id == counselor.id
    assert applications.next_stages(case, counselor) == []


def test_stage_note_is_limited(session, case, in_request):
    with pytest.raises(StageError, match="hasta 500 caracteres"):
        move_application(session, case.vacancy.employer.owner, case, "contacted", note="x" * 501)


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2026, 1, 31), 1, date(2026, 2, 28)), (date(2026, 11, 15), 3, date(2027, 2, 15)),
    (date(2028, 8, 31), 6, date(2029, 2, 28)), (date(2027, 12, 31), 1, date(2028, 1, 31)),
])
def test_follow_up_dates_stay_inside_short_months(day, months, expected):
    assert add_months(day, months) == expected


# --- object-level access ----------------------------------------------------------------

def test_another_employers_applicant_is_not_found(signed_in, session, case):
    other_vacancy = VacancyFactory(employer=make_employer(session), status=VacancyStatus.OPEN)
    theirs = apply(other_vacancy, first_name="Kelly")
    assert signed_in.get(f"/empresa/ofertas/{other_vacancy.id}/postulantes").status_code == 404
    assert signed_in.get(applicant_url(theirs)).status_code == 404
    # A forged pair: my vacancy with their application, and the other way round.
    assert signed_in.get(applicant_url(theirs, vacancy_id=case.vacancy_id)).status_code == 404
    assert signed_in.get(applicant_url(case, vacancy_id=other_vacancy.id)).status_code == 404
    assert move(signed_in, theirs, "contacted", vacancy_id=case.vacancy_id).status_code == 404
    assert move(signed_in, theirs, "contacted").status_code == 404
    assert signed_in.get(applicant_url(case, vacancy_id=99999)).status_code == 404
    session.refresh(theirs)
    assert theirs.stage == Stage.RECEIVED
    assert count(AuditEvent) == 0 and count(StageEvent) == 2


def test_applicant_of_another_vacancy_of_mine_is_not_found_under_the_wrong_one(
        signed_in, case, employer):
    second = VacancyFactory(employer=employer, status=VacancyStatus.OPEN)
    assert signed_in.get(applicant_url(case, vacancy_id=second.id)).status_code == 404
    assert signed_in.get(applicant_url(case)).status_code == 200


# --- the confirmation before a hire -----------------------------------------------------

def test_hiring_asks_for_confirmation_first_and_works_without_javascript(signed_in, session,
                                                                        vacancy):
    case = apply(vacancy, stage=Stage.INTERVIEW, first_name="Yeny")
    page = signed_in.get(applicant_url(case)).get_data(as_text=True)
    confirm_url = applicant_url(case) + "/contratar"
    assert f'href="{confirm_url}"' in page and 'value="hired"' not in page
    # The bare POST (an old page, a stray tap) only leads to the question.
    response = move(signed_in, case, "hired")
    assert "¿Contratar a Yeny?" in response.get_data(as_text=True)
    session.refresh(case)
    assert case.stage == Stage.INTERVIEW and count(FollowUp) == 0 and count(Notification) == 0
    html = signed_in.get(confirm_url).get_data(as_text=True)
    assert "<script" not in html and 'name="confirmed" value="1"' in html
    assert "Moza o mozo" in html and "uno, tres y seis meses" in html
    html = move(signed_in, case, "hired", confirmed="1").get_data(as_text=True)
    assert "Listo: contrató a Yeny." in html
    session.refresh(case)
    assert case.stage == Stage.HIRED and count(FollowUp) == 3


def test_confirmation_page_for_a_case_not_yet_interviewed_offers_no_hire(signed_in, case):
    html = signed_in.get(applicant_url(case) + "/contratar").get_data(as_text=True)
    assert 'name="confirmed"' not in html and "Primero invite a Yeny" in html
    html = move(signed_in, case, "hired", confirmed="1").get_data(as_text=True)
    assert "no puede pasar a «Contratación»" in html


@pytest.mark.parametrize("confirmed", ["0", "", "yes", "1' OR 1=1"])
def test_a_hire_without_the_real_confirmation_changes_nothing(signed_in, session, vacancy,
                                                              confirmed):
    case = apply(vacancy, stage=Stage.INTERVIEW)
    move(signed_in, case, "hired", confirmed=confirmed)
    session.refresh(case)
    assert case.stage == Stage.INTERVIEW and count(FollowUp) == 0


def test_another_employers_confirmation_page_is_not_found(client, auth, session, case):
    other = make_employer(session)
    auth.login(other.owner.email)
    assert client.get(applicant_url(case) + "/contratar").status_code == 404
    assert move(client, case, "hired", confirmed="1").status_code == 404
    session.refresh(case)
    assert case.stage == Stage.RECEIVED


# --- the applicant's CV, the ranking and a withdrawn applicant ----------------------------

def test_applicant_page_shows_the_cv_and_why_she_fits(signed_in, session, vacancy):
    from models import (
        CandidateLanguage,
        Enrollment,
        EnrollmentStatus,
        Experience,
        ExperienceKind,
        Language,
        LanguageLevel,
        Training,
    )

    case = apply(vacancy, first_name="Yeny", district_code=vacancy.district_code,
                 skills=skills_by_codes(db.session, ["SK-HOS-004"]))
    profile = case.profile
    profile.experiences.append(Experience(title="Moza en la feria de Ocongate",
                                          kind=ExperienceKind.INFORMAL, months=14))
    profile.languages.append(CandidateLanguage(language=Language.QUECHUA,
                                               level=LanguageLevel.NATIVE))
    course = Training(code="T-TUR-01", title="Atención al turista", hours=40)
    session.add(Enrollment(profile=profile, training=course,
                           status=EnrollmentStatus.COMPLETED, completed_on=date(2026, 5, 2)))
    session.commit()
    html = signed_in.get(applicant_url(case)).get_data(as_text=True)
    assert "Hoja de vida" in html
    assert "Moza en la feria de Ocongate" in html and "1 año y 2 meses" in html
    assert "Quechua (lengua materna)" in html
    assert "Atención al turista (40 horas)" in html
    assert "Por qué encaja con su oferta" in html and "de coincidencia" in html


def test_applicants_are_ranked_by_fit_with_scores_and_finished_ones_last(signed_in, session,
                                                                       vacancy):
    waiter = skills_by_codes(db.session, ["SK-HOS-004", "SK-IDI-001"])
    weak = apply(vacancy, first_name="Lejana", district_code="010402")
    strong = apply(vacancy, first_name="Cercana", district_code=vacancy.district_code,
                   skills=waiter)
    done = apply(vacancy, stage=Stage.NOT_HIRED, first_name="Terminada",
                 district_code=vacancy.district_code, skills=waiter)
    html = signed_in.get(f"/empresa/ofertas/{vacancy.id}/postulantes").get_data(as_text=True)
    assert html.index("Cercana") < html.index("Lejana") < html.index("Terminada")
    assert html.count("de coincidencia") >= 2
    assert weak.profile.user.phone not in html and strong.profile.user.phone not in html
    assert done.id


def test_a_withdrawn_applicants_phone_and_email_are_hidden(signed_in, session, vacancy):
    case = apply(vacancy, stage=Stage.WITHDRAWN, first_name="Yeny")
    case.profile.user.email = "yeny@correo.pe"
    session.commit()
    html = signed_in.get(applicant_url(case)).get_data(as_text=True)
    assert case.profile.user.phone not in html and "yeny@correo.pe" not in html
    assert "tel:" not in html and "Se retiró de esta oferta" in html


def test_another_employers_applicants_list_is_not_found(client, auth, session, case):
    other = make_employer(session)
    auth.login(other.owner.email)
    response = client.get(f"/empresa/ofertas/{case.vacancy_id}/postulantes")
    assert response.status_code == 404
    assert client.get(f"/empresa/ofertas/{case.vacancy_id}/candidatos").status_code == 404


def test_about_me_shows_on_the_applicant_card_and_page_escaped(signed_in, session, vacancy):
    case = apply(vacancy, first_name="Yeny", about="Soy puntual & hablo quechua.")
    html = signed_in.get(f"/empresa/ofertas/{vacancy.id}/postulantes").get_data(as_text=True)
    assert "«Soy puntual &amp; hablo quechua.»" in html
    page = signed_in.get(applicant_url(case)).get_data(as_text=True)
    assert "Sobre mí" in page and "Soy puntual &amp; hablo quechua." in page
