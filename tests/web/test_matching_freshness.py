"""Rankings follow every profile edit, even one that only swaps a related row."""

from __future__ import annotations

from models import CandidateMonth, VacancyMonth, VacancySkill
from tests.factories import ProfileFactory, VacancyFactory
from tests.helpers import occupation, skill
from web.services import matching


def test_swapping_a_skill_changes_the_profile_and_the_ranking(session):
    waiter = occupation("mesero")
    cash = skill("manejo de caja")
    hygiene = skill("higiene y manipulación de alimentos")
    vacancy = VacancyFactory(occupation=waiter, title="Mozo")
    vacancy.skill_links.append(VacancySkill(skill=cash, required=True))
    profile = ProfileFactory(desired_occupations=[waiter], skills=[hygiene])
    session.commit()
    before = profile.updated_at
    [(_p, first)] = matching.candidates_for(session, vacancy, "all")
    assert first.missing_skills == ("manejo de caja",)

    profile.skills = [cash]  # same number of skills: only the pair changes
    session.commit()
    assert profile.updated_at > before
    [(_p, second)] = matching.candidates_for(session, vacancy, "all")
    assert second.missing_skills == ()


def test_child_rows_mark_their_parent_updated(session):
    profile = ProfileFactory()
    vacancy = VacancyFactory()
    session.commit()
    profile_before, vacancy_before = profile.updated_at, vacancy.updated_at
    profile.months.append(CandidateMonth(month=5))
    vacancy.months.append(VacancyMonth(month=5))
    session.commit()
    assert profile.updated_at > profile_before and vacancy.updated_at > vacancy_before
