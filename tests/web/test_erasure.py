"""Erasure is anonymisation: nothing points to the person, the programme's totals stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa

from models import (
    Application,
    Base,
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    CaseNote,
    Decision,
    Employer,
    Enrollment,
    EnrollmentStatus,
    ErasedCount,
    Experience,
    FollowUp,
    Language,
    LanguageLevel,
    MatchDecision,
    Notification,
    Sex,
    Skill,
    Source,
    Stage,
    StageEvent,
    Training,
    User,
    Vacancy,
    VacancyStatus,
)
from tests.factories import PASSWORD, ProfileFactory
from tests.helpers import csrf_token, years_ago
from tests.world import client_as
from web.extensions import db
from web.services import indicators
from web.services.erasure import erase_account


def noon(day: date) -> datetime:
    return datetime.combine(day, time(12), UTC)


def _erase_through_the_form(client) -> object:
    return client.post("/cuenta/borrar", data={
        "password": PASSWORD, "confirm": "y", "csrf_token": csrf_token(client, "/cuenta")},
        follow_redirects=True)


def _every_value(session) -> list:
    return [v for table in Base.metadata.sorted_tables
            for row in session.execute(sa.select(table)).all() for v in row]


def test_an_erased_youth_leaves_no_trait_no_case_and_her_pages_answer_404(app, world, session):
    youth, application = world["youth_q"], world["application_q"]
    follow_up = world["follow_up_q"]
    ids = {"profile": youth.id, "application": application.id, "follow_up": follow_up.id,
           "vacancy": world["vacancy_q"].id, "user": youth.user_id}
    application.stage = Stage.HIRED
    application.events.append(StageEvent(from_stage=Stage.RECEIVED, to_stage=Stage.HIRED))
    application.notes.append(CaseNote(body="Llamé a JovenQ"))
    session.add_all([
        MatchDecision(vacancy_id=world["vacancy_q"].id, profile_id=youth.id,
                      decision=Decision.PIN,
                      reason="Buena mesera"),
        Notification(user=world.user("counselor_q"), subject="JovenQ respondió: le interesa",
                     application_id=application.id),
        Notification(user=world.user("counselor_q"), subject="Seguimiento pendiente",
                     follow_up_id=follow_up.id)])
    session.commit()
    pages = {
        "counselor_q": [f"/consejeria/jovenes/{ids['profile']}",
                        f"/consejeria/casos/{ids['application']}",
                        f"/consejeria/seguimientos/{ids['follow_up']}"],
        "admin": [f"/consejeria/jovenes/{ids['profile']}"],
        "employer_q": [f"/empresa/ofertas/{ids['vacancy']}/postulantes/{ids['application']}"],
    }
    for who, paths in pages.items():
        client = client_as(app, world, who)
        for path in paths:
            assert client.get(path).status_code == 200, (who, path)

    response = _erase_through_the_form(client_as(app, world, "youth_q"))
    assert response.status_code == 200
    session.expire_all()

    for who, paths in pages.items():
        client = client_as(app, world, who)
        for path in paths:
            assert client.get(path).status_code == 404, (who, path)
    # No row of her profile, cases, follow-ups, pins, traits or notices about her.
    assert session.scalar(sa.select(CandidateProfile).where(
        CandidateProfile.user_id == ids["user"])) is None
    for model, column in ((Application, Application.profile_id),
                          (MatchDecision, MatchDecision.profile_id),
                          (CandidateLanguage, CandidateLanguage.profile_id),
                          (Experience, Experience.profile_id),
                          (Enrollment, Enrollment.profile_id)):
        assert session.scalar(sa.select(sa.func.count()).select_from(model)
                              .where(column == ids["profile"])) == 0
    assert session.get(FollowUp, ids["follow_up"]) is None
    assert session.scalar(sa.select(sa.func.count()).select_from(Notification).where(sa.or_(
        Notification.application_id == ids["application"],
        Notification.follow_up_id == ids["follow_up"]))) == 0
    values = [str(v) for v in _every_value(session) if v is not None]
    for trait in ("JovenQ", "987100001", "Buena mesera"):
        assert not any(trait in v for v in values), trait
    # What stays is counted, with no trait of hers: a territory, what happened, a day.
    cells = session.scalars(sa.select(ErasedCount)).all()
    assert {c.metric for c in cells} >= {"registrados", "contrataciones",
                                        "registrados_contratados", "seguimientos_1m"}
    assert {c.territory_id for c in cells} == {world["counselor_q"].territory_id}
    # The other territory's youth is untouched.
    assert session.get(CandidateProfile, world["youth_c"].id) is not None


# --- the indicators keep their totals ----------------------------------------------------

def _person(session, skill, training, key: str, *, registered: date, district="081210",
            sex=Sex.FEMALE, language=Language.QUECHUA):
    profile = ProfileFactory(user__phone=None, user__email=f"{key}@test.pe", first_name=key,
                             district_code=district, sex=sex, birth_date=years_ago(20),
                             education=3, skills=[skill], created_at=noon(registered))
    profile.languages.append(CandidateLanguage(language=language,
                                               level=LanguageLevel.NATIVE))
    profile.months.append(CandidateMonth(month=6))
    session.commit()
    return profile


def _case(session, profile, vacancy, source, created: date, moves=(), follow_ups=()):
    first = Stage.PROPOSED if source == Source.COUNSELOR else Stage.RECEIVED
    case = Application(profile=profile, vacancy=vacancy, source=source, stage=first,
                       created_at=noon(created))
    case.events.append(StageEvent(to_stage=first, at=noon(created)))
    for stage, day in moves:
        case.events.append(StageEvent(from_stage=case.stage, to_stage=stage, at=noon(day)))
        case.stage = stage
    for months, due, done, working in follow_ups:
        case.follow_ups.append(FollowUp(months_after=months, due_on=due,
                                        done_at=noon(due) if done else None,
                                        still_working=working))
    session.add(case)
    session.commit()
    return case


@pytest.fixture()
def programme(world, session):
    """Youth in both territories whose paths cross the periods below; Rosa will erase."""
    skill = session.scalar(sa.select(Skill).order_by(Skill.id).limit(1))
    training = Training(code="CDE-ERASE", title="Atención al cliente", hours=20)
    other = Training(code="CDE-ERASE-2", title="Cocina", hours=20)
    session.add_all([training, other])
    vacancy_q, vacancy_c = world["vacancy_q"], world["vacancy_c"]
    rosa = _person(session, skill, training, "rosa", registered=date(2025, 1, 10))
    _case(session, rosa, vacancy_q, Source.COUNSELOR, date(2025, 2, 1),
          moves=[(Stage.INTERVIEW, date(2025, 2, 10)), (Stage.HIRED, date(2025, 2, 20))],
          follow_ups=[(1, date(2025, 3, 20), True, True), (3, date(2025, 5, 20), True, True),
                      (6, date(2025, 8, 20), False, None)])
    second = VacancyFactoryLike(vacancy_q)
    _case(session, rosa, second, Source.SELF, date(2025, 3, 1),
          moves=[(Stage.INTERVIEW, date(2025, 3, 5)), (Stage.HIRED, date(2025, 7, 1))])
    for course, day in ((training, date(2025, 1, 30)), (other, date(2025, 6, 15))):
        session.add(Enrollment(training=course, profile=rosa, status=EnrollmentStatus.COMPLETED,
                               completed_on=day))
    ana = _person(session, skill, training, "ana", registered=date(2025, 1, 10))
    _case(session, ana, vacancy_q, Source.COUNSELOR, date(2025, 2, 3),
          moves=[(Stage.INTERVIEW, date(2025, 2, 11)), (Stage.HIRED, date(2025, 2, 25))],
          follow_ups=[(3, date(2025, 5, 25), True, False)])
    session.add(Enrollment(training=training, profile=ana, status=EnrollmentStatus.COMPLETED,
                           completed_on=date(2025, 1, 30)))
    luz = _person(session, skill, training, "luz", registered=date(2025, 4, 2),
                  district="010401", language=Language.AWAJUN)
    _case(session, luz, vacancy_c, Source.COUNSELOR, date(2025, 4, 5),
          moves=[(Stage.INTERVIEW, date(2025, 4, 9))])
    session.commit()
    return rosa


def VacancyFactoryLike(vacancy: Vacancy) -> Vacancy:  # noqa: N802  (reads like a factory)
    copy = Vacancy(employer=vacancy.employer, title="Ayudante de cocina",
                   district_code=vacancy.district_code, contract_type=vacancy.contract_type,
                   status=VacancyStatus.OPEN, published_at=noon(date(2025, 1, 1)))
    db.session.add(copy)
    db.session.commit()
    return copy


PERIODS = [
    (date(2024, 1, 1), date(2026, 12, 31)),  # everything
    (date(2025, 1, 1), date(2025, 1, 31)),  # registration and first course only
    (date(2025, 2, 5), date(2025, 2, 28)),  # a hire, without the registration
    (date(2025, 1, 1), date(2025, 2, 15)),  # registered, interviewed, not hired yet
    (date(2025, 6, 1), date(2025, 7, 31)),  # the second course and the second hire
    (date(2025, 5, 1), date(2025, 9, 30)),  # follow-ups, one never done
]


def _totals(app, session, admin, territory):
    out = {}
    with app.test_request_context():
        scope = indicators.scope_for(session, admin, territory)
        for desde, hasta in PERIODS:
            report = indicators.report(session, scope, indicators.Period(desde, hasta))
            for key, table in report.tables.items():
                rows = (table.total,) if table.total else table.rows
                out[desde, hasta, key] = [dict(row.values) for row in rows]
    return out


@pytest.mark.parametrize("territory", [None, "quispicanchi", "condorcanqui"])
def test_indicators_keep_their_totals_after_an_erasure(app, session, world, programme,
                                                       territory):
    admin = world["admin"]
    before = _totals(app, session, admin, territory)
    registered = before[PERIODS[0] + ("sexo",)][0]["registrados"]
    assert registered == {None: 5, "quispicanchi": 3, "condorcanqui": 2}[territory]
    erase_account(session, programme.user)
    session.expire_all()
    assert session.get(CandidateProfile, programme.id) is None
    after = _totals(app, session, admin, territory)
    assert after == before
    # She is counted under "Sin dato" now, never under her sex or language.
    if territory != "condorcanqui":
        with app.test_request_context():
            scope = indicators.scope_for(session, admin, territory)
            report = indicators.report(session, scope, indicators.Period(*PERIODS[0]))
        by_sex = {row.key: row.values["registrados"] for row in report.tables["sexo"].rows}
        assert by_sex["sin_dato"] == 1
        by_district = {row.key: row.values["registrados"]
                       for row in report.tables["distrito"].rows}
        assert by_district["sin_dato"] == 1


def test_erasures_share_cells_instead_of_adding_a_row_each(session, world, programme):
    skill = session.scalar(sa.select(Skill).order_by(Skill.id).limit(1))
    twin = _person(session, skill, None, "twin", registered=date(2025, 1, 10))
    erase_account(session, programme.user)
    erase_account(session, twin.user)
    cell = session.get(ErasedCount, (world["counselor_q"].territory_id, "registrados",
                                     date(2025, 1, 10), 0))
    assert cell.n == 2


# --- an employer who erases the account -------------------------------------------------

def test_an_erased_employers_vacancies_close_and_the_applicants_are_told(app, world, session):
    employer, vacancy = world["employer_q"], world["vacancy_q"]
    employer_id, vacancy_id = employer.id, vacancy.id
    youth_user_id = world["youth_q"].user_id
    assert client_as(app, world, "counselor_q").get(
        f"/consejeria/empresas/{employer_id}").status_code == 200

    _erase_through_the_form(client_as(app, world, "employer_q"))
    session.expire_all()

    assert session.get(Vacancy, vacancy_id).status == VacancyStatus.CLOSED
    assert session.get(Vacancy, world["draft_q"].id).status == VacancyStatus.DRAFT
    kept = session.get(Employer, employer_id)
    assert (kept.contact_name, kept.contact_phone, kept.contact_email) == ("", None, None)
    # The youth who applied hears it kindly, in her own words ("tú").
    notice = session.scalar(sa.select(Notification).where(
        Notification.user_id == youth_user_id, Notification.vacancy_id == vacancy_id))
    assert "se cerró" in notice.subject and "No es por ti" in notice.body
    # Nobody can apply any more, and the business's page answers 404 to staff.
    other = client_as(app, world, "youth_c")
    html = other.post(f"/joven/ofertas/{vacancy_id}/postular",
                      data={"csrf_token": csrf_token(other, f"/joven/ofertas/{vacancy_id}")},
                      follow_redirects=True).get_data(as_text=True)
    assert "ya cerró" in html
    assert session.scalar(sa.select(sa.func.count()).select_from(Application).where(
        Application.vacancy_id == vacancy_id)) == 1
    for who in ("counselor_q", "admin"):
        assert client_as(app, world, who).get(
            f"/consejeria/empresas/{employer_id}").status_code == 404
    assert session.get(User, employer.user_id).erased_at is not None


def test_the_person_is_told_how_long_backups_keep_the_data_before_and_after(app, world):
    app.config["BACKUP_RETENTION_DAYS"] = 21
    try:
        client = client_as(app, world, "youth_q")
        before = client.get("/cuenta").get_data(as_text=True)
        assert "Las copias de seguridad guardan los datos hasta 21 días más" in before
        after = _erase_through_the_form(client).get_data(as_text=True)
        assert "Las copias de seguridad los guardan hasta 21 días más" in after
    finally:
        app.config["BACKUP_RETENTION_DAYS"] = 30


def test_accounts_erased_the_old_way_are_finished_without_moving_a_total(app, session, world,
                                                                          programme, runner):
    # Before: erasure emptied the name but kept the district, sex, languages and cases.
    old = programme.user
    old.erased_at, old.email, old.display_name, old.is_active = noon(date(2025, 10, 1)), \
        None, "", False
    programme.first_name, programme.birth_date, programme.age_band = "", None, "18-24"
    owner = world["employer_q"].owner
    owner.erased_at, owner.email = noon(date(2025, 10, 1)), None
    session.commit()
    before = _totals(app, session, world["admin"], None)

    result = runner.invoke(args=["users", "finish-erasures"])
    assert result.exit_code == 0 and "ahora anónimas: 2" in result.output
    session.expire_all()
    assert session.get(CandidateProfile, programme.id) is None
    assert session.get(Vacancy, world["vacancy_q"].id).status == VacancyStatus.CLOSED
    assert _totals(app, session, world["admin"], None) == before
    again = runner.invoke(args=["users", "finish-erasures"])
    assert "ahora anónimas: 0" in again.output
