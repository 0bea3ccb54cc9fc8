"""Each domain rule has one home, and every caller gets the same answer from it."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from models import (
    AuditEvent,
    CandidateLanguage,
    CandidateMonth,
    CandidateProfile,
    Language,
    LanguageLevel,
    Role,
    Sex,
    Skill,
    Territory,
)
from models.candidate import age_band, age_on
from tests.factories import ProfileFactory, UserFactory
from tests.helpers import csrf_token, login
from tests.web.test_counselor_cases import case  # noqa: F401  (the fixture)
from web.services import access, profiles, reference
from web.services.ages import birth_date_problem
from web.services.pools import Pool

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(("born", "day", "age"), [
    (date(2000, 3, 15), TODAY, 26),  # birthday today
    (date(2000, 3, 16), TODAY, 25),  # birthday tomorrow
    (date(2004, 2, 29), date(2025, 2, 28), 20),  # leap-day birthday, common year
    (date(2004, 2, 29), date(2025, 3, 1), 21),
])
def test_age_is_whole_years(born, day, age):
    assert age_on(born, day) == age


@pytest.mark.parametrize(("age", "band"), [
    (None, None), (14, None), (15, "15-17"), (17, "15-17"), (18, "18-24"), (24, "18-24"),
    (25, "25-29"), (29, "25-29"), (30, None),
])
def test_age_bands_cover_15_to_29_only(age, band):
    assert age_band(age) == band


@pytest.mark.parametrize(("born", "formal", "problem"), [
    (date(2026, 3, 16), False, "no puede estar en el futuro"),
    (date(2011, 3, 16), False, "desde los 15 años"),
    (date(1996, 3, 14), False, "orientarte"),
    (date(1996, 3, 14), True, "orientarle"),
    (date(2011, 3, 15), False, None),
    (date(1996, 3, 16), True, None),  # 29 until tomorrow
])
def test_birth_date_rule_speaks_to_each_audience(app, born, formal, problem):
    with app.test_request_context():
        said = birth_date_problem(born, TODAY, formal=formal)
    assert (said is None) if problem is None else (problem in said)


def test_the_profile_service_enforces_the_rule_its_form_shows(app, session):
    profile = ProfileFactory(birth_date=date(2005, 1, 1))
    with app.test_request_context(), pytest.raises(profiles.ProfileError,
                                                   match="desde los 15 años"):
        profiles.set_personal(session, profile.user_id, date(2020, 1, 1), None, today=TODAY)


def _complete(session, **fields):
    profile = ProfileFactory(birth_date=date(2004, 5, 5), education=4, **fields)
    profile.languages.append(CandidateLanguage(language=Language.SPANISH,
                                               level=LanguageLevel.NATIVE))
    profile.months.append(CandidateMonth(month=5))
    profile.skills.append(session.scalars(sa.select(Skill)).first())
    session.commit()
    return profile


def test_complete_means_one_thing_in_python_and_sql(session):
    done = _complete(session, sex=Sex.FEMALE)
    no_sex = _complete(session)
    in_sql = set(session.scalars(sa.select(CandidateProfile.id)
                                 .where(CandidateProfile.complete_clause())))
    assert done.is_complete and done.missing_for_complete() == []
    assert not no_sex.is_complete and no_sex.missing_for_complete() == ["sex"]
    assert in_sql == {done.id}


def test_meter_does_not_call_a_profile_complete_that_the_counselor_would_not(app, session):
    profile = _complete(session)  # every required part but sex
    with app.test_request_context():
        state = profiles.completeness(session, profile)
    assert not state.complete and state.to_complete == ("datos",)


def test_pools_are_a_small_closed_type():
    assert Pool.for_staff(None) is Pool.ALL
    assert Pool.territory(3) == "territory:3" and Pool.territory(3).territory_id == 3
    assert Pool.VISIBLE.territory_id is None
    with pytest.raises(ValueError):
        Pool("territorio:3")


def test_a_counselor_chooses_among_their_own_districts_only(session):
    quispicanchi = session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
    counselor = UserFactory(role=Role.COUNSELOR, phone=None, email="c@cde.pe",
                            territory=quispicanchi)
    admin = UserFactory(role=Role.ADMIN, phone=None, email="a@cde.pe")
    own = reference.district_choices(session, counselor)
    every = reference.district_choices(session, admin)
    assert {code for code, _n, _p in own} < {code for code, _n, _p in every}
    assert "081210" in {code for code, _n, _p in own}
    assert "010401" not in {code for code, _n, _p in own}
    assert every == reference.district_choices(session)


def test_the_access_guard_writes_nothing_and_the_audited_read_writes_once(session):
    quispicanchi = session.scalar(sa.select(Territory).filter_by(code="quispicanchi"))
    counselor = UserFactory(role=Role.COUNSELOR, phone=None, email="g@cde.pe",
                            territory=quispicanchi)
    profile = ProfileFactory(district_code="081210")
    access.find_profile_for(session, counselor, profile.id)
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0
    access.open_profile_for(session, counselor, profile.id)
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 1
    with pytest.raises(access.NotFound):
        access.find_profile_for(session, counselor, ProfileFactory(district_code="010401").id)


def _audits() -> int:
    from web.extensions import db

    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))


def test_each_action_on_a_case_is_audited_once(client, case):  # noqa: F811 (fixture)
    """Opening the page writes one row; a note or a move writes one more, not two."""
    assert login(client, "urcos@cde.pe").status_code == 302
    path = f"/consejeria/casos/{case.id}"
    token = csrf_token(client, path)  # the page itself: one view
    assert _audits() == 1
    client.post(path, data={"note-body": "Llamé a Flor.", "note-csrf_token": token})
    assert _audits() == 2
    client.post(path, data={"move-stage": "contacted", "move-reason": "", "move-note": "",
                            "move-csrf_token": token})
    assert _audits() == 3
    client.post(path, data={"move-stage": "hired", "move-reason": "", "move-note": "",
                            "move-csrf_token": token})  # refused: nothing moved, no row
    assert _audits() == 3
