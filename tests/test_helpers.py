"""The test helpers that encode a rule of their own: birth dates on any day of the year."""

from __future__ import annotations

from datetime import date

import pytest

from models import CandidateProfile
from tests.helpers import years_ago


def age_on(born: date, today: date) -> int:
    return CandidateProfile(birth_date=born).age_on(today)


@pytest.mark.parametrize("today", [date(2028, 2, 29), date(2027, 2, 28), date(2027, 3, 1),
                                   date(2026, 12, 31), date(2027, 1, 1)])
@pytest.mark.parametrize("years", [1, 4, 15, 16, 29, 30])
def test_years_ago_is_exactly_that_age_today_and_younger_a_day_later(today, years):
    born = years_ago(years, today=today)
    assert age_on(born, today) == years
    assert age_on(years_ago(years, days=-1, today=today), today) == years - 1


def test_years_ago_on_29_february_falls_back_to_28_february():
    assert years_ago(1, today=date(2028, 2, 29)) == date(2027, 2, 28)
    assert years_ago(4, today=date(2028, 2, 29)) == date(2024, 2, 29)
