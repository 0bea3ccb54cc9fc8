"""`flask seed-demo` builds a believable, deterministic data set, once."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from models import (
    Application,
    CandidateLanguage,
    CandidateProfile,
    Consent,
    Employer,
    EmployerStatus,
    Experience,
    ExperienceKind,
    Language,
    Role,
    User,
    Vacancy,
    VacancyStatus,
)
from tests.helpers import count
from web.extensions import db


def _figures():
    return {m.__name__: count(m) for m in (User, CandidateProfile, Employer, Vacancy,
                                           Application, Consent, Experience)}


def test_seed_demo_creates_the_programme_once_and_prints_logins(runner, session):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "Datos de demostración creados" in first.output
    assert "admin@chamba.pe" in first.output and "consejera.nieva@chamba.pe" in first.output
    before = _figures()

    second = runner.invoke(args=["seed-demo"])
    assert second.exit_code == 0
    assert "no se cambió nada" in second.output
    assert _figures() == before

    profiles = list(session.scalars(sa.select(CandidateProfile)))
    assert len(profiles) >= 400
    women = sum(p.sex == "F" for p in profiles) / len(profiles)
    assert 0.55 <= women <= 0.65
    ages = [p.age_on(date.today()) for p in profiles]
    assert min(ages) >= 15 and max(ages) <= 29
    assert any(a < 18 for a in ages)

    assert count(Employer) == 30
    assert session.scalar(sa.select(sa.func.count()).where(
        Employer.status == EmployerStatus.PENDING)) >= 1
    assert count(Vacancy) == 60
    vacancies = list(session.scalars(sa.select(Vacancy)))
    assert any(v.months for v in vacancies), "some vacancies are seasonal"
    assert any(v.min_age < 18 and v.status == VacancyStatus.OPEN for v in vacancies)
    assert all(v.occupation.adolescent_permitted for v in vacancies if v.min_age < 18)
    roles = dict(session.execute(sa.select(User.role, sa.func.count()).group_by(User.role)).all())
    assert roles[Role.COUNSELOR] == 4 and roles[Role.ADMIN] == 1

    def speakers(language, province):
        return session.scalar(
            sa.select(sa.func.count()).select_from(CandidateLanguage)
            .join(CandidateProfile).where(CandidateLanguage.language == language,
                                          CandidateProfile.district_code.like(province)))

    assert speakers(Language.QUECHUA, "0812%") > 100
    assert speakers(Language.QUECHUA, "0104%") == 0
    assert speakers(Language.AWAJUN, "0104%") > 50
    assert speakers(Language.WAMPIS, "0104%") > 10
    kinds = set(session.scalars(sa.select(Experience.kind).distinct()))
    assert {ExperienceKind.FAMILY_UNPAID, ExperienceKind.COMMUNITY} <= kinds
    # Varied completeness: some profiles are bare, some are full.
    assert any(not p.skills for p in profiles) and any(len(p.skills) >= 3 for p in profiles)
    # Every youth has a processing consent; minors have a guardian on record.
    minors = {p.user_id for p in profiles if p.age_on(date.today()) < 18}
    guardians = set(session.scalars(sa.select(Consent.user_id).where(
        Consent.guardian_name.is_not(None))))
    assert minors <= guardians
    db.session.remove()


def _fingerprint(session):
    people = session.execute(sa.select(CandidateProfile.first_name, CandidateProfile.last_name,
                                       CandidateProfile.district_code,
                                       CandidateProfile.birth_date, CandidateProfile.sex)
                             .order_by(CandidateProfile.id)).all()
    vacancies = session.execute(sa.select(Vacancy.title, Vacancy.district_code, Vacancy.min_age)
                                .order_by(Vacancy.id)).all()
    return people, vacancies


def test_seed_is_deterministic(app, session):
    from web import create_app
    from web.services import demo

    day = date(2026, 11, 27)
    demo.seed_demo(session, "pw-demo-2026", today=day)
    here = _fingerprint(session)
    other = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with other.app_context():
        from models import Base

        Base.metadata.create_all(db.engine)
        demo.seed_demo(db.session, "pw-demo-2026", today=day)
        there = _fingerprint(db.session)
        db.session.remove()
        db.engine.dispose()
    assert here == there
    assert len(here[0]) == 400 and len(here[1]) == 60


def test_demo_vacancies_name_the_job_once_in_each_form(runner, session):
    """"Buscamos mesera o mesero", and "auxiliar de educación inicial" only once."""
    from models import Vacancy

    runner.invoke(args=["seed-demo"])
    descriptions = session.scalars(sa.select(Vacancy.description)).all()
    assert descriptions and not [d for d in descriptions if " / " in d]
    for description in descriptions:
        named = description.removeprefix("Buscamos ").split(" para ")[0]
        if " o " in named:
            feminine, masculine = named.split(" o ", 1)
            assert feminine != masculine, description
