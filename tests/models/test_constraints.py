"""The database itself refuses bad rows, on SQLite and on PostgreSQL."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from models import (
    Application,
    CandidateMonth,
    Consent,
    District,
    Employer,
    Experience,
    FollowUp,
    Occupation,
    Role,
    Source,
    Stage,
    User,
    Vacancy,
    VacancyMonth,
    ruc_is_valid,
)
from tests.factories import EmployerFactory, ProfileFactory, UserFactory, VacancyFactory


def _insert(session, table, **values) -> None:
    session.execute(sa.insert(table), [values])
    session.flush()


BAD_ROWS = [
    ("ubigeo with letters", District.__table__,
     dict(ubigeo="08A201", name="X", province="X", department="X", latitude=0, longitude=0,
          is_hub=False)),
    ("ubigeo too short", District.__table__,
     dict(ubigeo="0812", name="X", province="X", department="X", latitude=0, longitude=0,
          is_hub=False)),
    ("latitude off the globe", District.__table__,
     dict(ubigeo="081299", name="X", province="X", department="X", latitude=120, longitude=0,
          is_hub=False)),
    ("ISCO group not 4 digits", Occupation.__table__,
     dict(code="OC-X", label_es="x", label_es_f="x", label_en="x", isco_group="51A",
          sector="turismo", adolescent_permitted=False, is_active=True)),
    ("user without phone or e-mail", User.__table__,
     dict(role="youth", display_name="Sin login", session_version=1, is_active=True)),
    ("counselor without territory", User.__table__,
     dict(role="counselor", email="c@x.pe", display_name="C", session_version=1,
          is_active=True)),
    ("unknown role", User.__table__,
     dict(role="superuser", email="s@x.pe", display_name="S", session_version=1,
          is_active=True)),
]


@pytest.mark.parametrize(("why", "table", "values"), BAD_ROWS, ids=[r[0] for r in BAD_ROWS])
def test_database_refuses_bad_reference_rows(session, why, table, values):
    with pytest.raises((IntegrityError, StatementError)):
        _insert(session, table, **values)
    session.rollback()


def test_one_application_per_candidate_and_vacancy(session):
    profile = ProfileFactory()
    vacancy = VacancyFactory()
    session.add(Application(profile=profile, vacancy=vacancy, source=Source.SELF,
                            stage=Stage.RECEIVED))
    session.commit()
    session.add(Application(profile=profile, vacancy=vacancy, source=Source.COUNSELOR,
                            stage=Stage.PROPOSED))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


@pytest.mark.parametrize("month", [0, 13, -1])
def test_months_outside_1_to_12_are_refused(session, month):
    profile = ProfileFactory()
    vacancy = VacancyFactory()
    for row in (CandidateMonth(profile_id=profile.id, month=month),
                VacancyMonth(vacancy_id=vacancy.id, month=month)):
        session.add(row)
        with pytest.raises(IntegrityError):
            session.flush()
        session.rollback()


@pytest.mark.parametrize(("column", "value"), [
    ("pay_pen", Decimal("-1")),
    ("positions", 0),
    ("min_age", 14),
    ("min_education", 9),
])
def test_vacancy_values_out_of_range_are_refused(session, column, value):
    vacancy = VacancyFactory()
    setattr(vacancy, column, value)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_adolescent_vacancy_cannot_be_at_night(session):
    vacancy = VacancyFactory()
    vacancy.min_age = 16
    vacancy.day_parts = 4
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_refusal_needs_a_reason(session):
    application = Application(profile=ProfileFactory(), vacancy=VacancyFactory(),
                              source=Source.SELF, stage=Stage.NOT_HIRED)
    session.add(application)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


@pytest.mark.parametrize("months_after", [0, 2, 12])
def test_follow_ups_only_at_1_3_6_months(session, months_after):
    application = Application(profile=ProfileFactory(), vacancy=VacancyFactory(),
                              source=Source.SELF, stage=Stage.HIRED)
    application.follow_ups.append(FollowUp(months_after=months_after, due_on=date.today()))
    session.add(application)
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_experience_months_cannot_be_negative(session):
    profile = ProfileFactory()
    profile.experiences.append(Experience(title="chacra", kind="familiar", months=-3))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_foreign_keys_are_enforced(session):
    user = UserFactory()
    session.add(Consent(user_id=user.id + 999, purpose="processing", notice_version="x",
                        granted=True, method="online"))
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_unknown_district_is_refused(session):
    employer = EmployerFactory()
    employer.district_code = "999999"
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_verified_employer_records_who_and_when(session):
    employer = EmployerFactory()
    employer.status = "verified"
    with pytest.raises(IntegrityError):
        session.commit()
    session.rollback()


def test_email_and_username_are_unique_while_siblings_may_share_a_phone(session):
    UserFactory(phone="987654321", email="ana@ejemplo.pe", username="ana.1234")
    session.add(User(role=Role.YOUTH, phone="987654321", display_name="Hermana"))
    session.commit()  # siblings on one phone: the application caps how many (PHONE_SHARE_LIMIT)
    for duplicate in ({"email": "ana@ejemplo.pe"}, {"username": "ana.1234"}):
        session.add(User(role=Role.YOUTH, display_name="Otra", **duplicate))
        with pytest.raises(IntegrityError):
            session.commit()
        session.rollback()


@pytest.mark.parametrize(("ruc", "valid"), [
    ("20131312955", True),    # SUNAT itself
    ("20100047218", True),
    ("10467793549", True),
    ("20131312954", False),   # wrong check digit
    ("2013131295", False),    # 10 digits
    ("99131312955", False),   # no such prefix
    ("2013131295a", False),
    ("２０１３１３１２９５５", False),  # full-width digits
])
def test_ruc_check_digit(ruc, valid):
    assert ruc_is_valid(ruc) is valid


def test_model_refuses_a_bad_ruc_before_the_database(session):
    with pytest.raises(ValueError, match="RUC"):
        Employer(name="X", ruc="20131312954", district_code="081201", sector="turismo")


def test_vacancy_knows_required_and_desired_skills(session):
    vacancy = VacancyFactory()
    assert vacancy.required_skills == [] and vacancy.allows_adolescents is False
    assert isinstance(session.get(Vacancy, vacancy.id), Vacancy)
