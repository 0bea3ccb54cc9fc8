"""The screened ranking (float32 pass, then exact scoring of a shortlist) equals
scoring every candidate exactly: same ids, scores, reach and reasons."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_matcher_properties import candidates, vacancies

from matcher import Matcher, credits
from matcher.screening import MARGIN, screen_candidates, shortlist

# No example database: the suite must not leave files in the repository.
SETTINGS = settings(max_examples=60, deadline=None, database=None)


def numbered(profiles):
    return [dataclasses.replace(p, id=i) for i, p in enumerate(profiles)]


def assert_screen_is_exact(matcher, vacancy, k):
    exhaustive = matcher._rank_candidates(vacancy, k, exhaustive=True)
    assert matcher.rank_candidates(vacancy, k=k) == exhaustive


@SETTINGS
@given(
    people=st.lists(candidates, min_size=1, max_size=30),
    copies=st.integers(1, 4),
    vacancy=vacancies,
    k=st.integers(1, 12),
)
def test_screened_top_k_equals_exhaustive_scoring_on_random_profiles(people, copies, vacancy, k):
    # Copies of the same profile tie exactly: the cut at k must follow the tie rule.
    matcher = Matcher(knowledge=False).fit(candidates=numbered(people * copies))
    assert_screen_is_exact(matcher, vacancy, k)


def test_screened_top_k_equals_exhaustive_scoring_with_knowledge_on_synthetic_data():
    synthetic = pytest.importorskip("bench.synthetic")
    world = synthetic.World(3)
    people = synthetic.candidates(3000, world, seed=4)
    matcher = Matcher(districts=world.districts).fit(candidates=people)
    for vacancy in synthetic.vacancies(25, world, seed=5):
        for k in (1, 20, 200):
            assert_screen_is_exact(matcher, vacancy, k)


def test_screen_stays_within_its_margin_of_the_exact_score():
    synthetic = pytest.importorskip("bench.synthetic")
    world = synthetic.World(5)
    people = synthetic.candidates(2000, world, seed=6)
    matcher = Matcher(districts=world.districts).fit(candidates=people)
    everyone = np.arange(len(people))
    for vacancy in synthetic.vacancies(15, world, seed=7):
        index, settings = matcher.index_, matcher.settings_
        tables = credits.candidate_tables(index, settings, vacancy)
        query = credits.vacancy_query(index, settings, vacancy)
        screened = screen_candidates(index, settings, vacancy, tables, query)
        exact = {m.candidate_id: m.score for m in matcher._rank_candidates(
            vacancy, len(people), exhaustive=True)}
        valid = credits.candidate_filters(index, tables, everyone)
        assert np.array_equal(valid, ~np.isnan(screened))
        for i in np.flatnonzero(valid):
            assert abs(float(screened[i]) - exact[people[i].id]) <= MARGIN / 10


@pytest.mark.parametrize(
    ("score", "k", "kept"),
    [
        ([0.5, np.nan, 0.9, 0.9 - MARGIN, 0.1], 1, [2, 3]),  # within the margin: kept
        ([0.5, np.nan, 0.9, 0.9 - 3 * MARGIN, 0.1], 1, [2]),
        ([np.nan, np.nan], 1, []),
        ([0.2, np.nan, 0.3], 2, [0, 2]),  # fewer valid than k: every valid one
        ([0.4, 0.4, 0.4, 0.1], 2, [0, 1, 2]),  # ties with the k-th all stay
    ],
)
def test_shortlist_keeps_every_candidate_that_can_reach_the_top_k(score, k, kept):
    assert shortlist(np.array(score, dtype=np.float32), k).tolist() == kept
