"""Properties that must hold for any profiles, checked with hypothesis."""

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import KINDS, Candidate, Experience, Matcher, Vacancy
from matcher.reference import DISTRICTS

# No example database: the suite must not leave files in the repository.
SETTINGS = settings(max_examples=60, deadline=None, database=None)

WORDS = ["mesera", "Mozo", "cocinero", "guía", "turismo", "albañil", "caja", "tejido", "cacao"]
SKILLS = [
    "atención al cliente",
    "manejo de caja",
    "cobranza en caja",
    "tejido a telar",
    "quechua",
    "SK-COC-001",
    "primeros auxilios",
    "cocina",
]
phrases = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
maybe = st.none
months = st.frozensets(st.integers(1, 12), max_size=12)
districts = st.none() | st.sampled_from(sorted(DISTRICTS)) | st.just("999999")
languages = st.frozensets(st.sampled_from(["spa", "que", "agr", "hub"]), max_size=3)

FREE_TEXT = [
    "cociné para la faena comunal",
    "cuidé a mis hermanos",
    "venta de comida en el mercado",
    "ayudé en la chacra de mi familia",
    "hice de todo",
]
experiences = st.builds(
    Experience,
    title=phrases | st.sampled_from(FREE_TEXT),
    months=st.none() | st.integers(0, 120),
    kind=st.none() | st.sampled_from(KINDS),
)
candidates = st.builds(
    Candidate,
    id=st.integers(0, 10**6),
    titles=st.lists(phrases | experiences, max_size=3),
    desired_titles=st.lists(phrases | st.sampled_from(FREE_TEXT), max_size=2),
    sex=st.none() | st.sampled_from(["F", "M", "X"]),
    skills=st.lists(st.sampled_from(SKILLS) | phrases, max_size=4),
    text=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    district=districts,
    languages=languages,
    education=maybe() | st.integers(0, 5),
    age=maybe() | st.integers(14, 40),
    available_months=months,
    max_travel_km=maybe() | st.floats(0, 500),
    willing_to_relocate=st.booleans(),
)
vacancies = st.builds(
    Vacancy,
    id=st.integers(0, 10**6),
    title=st.just("") | phrases,
    required_skills=st.lists(st.sampled_from(SKILLS) | phrases, max_size=4),
    desired_skills=st.lists(st.sampled_from(SKILLS), max_size=3),
    text=st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join),
    district=districts,
    languages=languages,
    min_education=maybe() | st.integers(0, 5),
    min_age=maybe() | st.integers(14, 20),
    months=months,
)


def unique_ids(profiles):
    return [dataclasses.replace(p, id=i) for i, p in enumerate(profiles)]


@SETTINGS
@given(st.lists(candidates, max_size=8), vacancies)
def test_scores_stay_between_0_and_1_and_reasons_add_up(people, vacancy):
    matcher = Matcher().fit(candidates=unique_ids(people))
    for match in matcher.rank_candidates(vacancy, k=10):
        assert 0.0 <= match.score <= 1.0
        assert sum(r.contribution for r in match.reasons) == pytest.approx(match.score, abs=1e-9)
        for reason in match.reasons:
            if reason.factor == "reach":  # what distance took away
                assert -1.0 <= reason.contribution <= 0.0
            else:
                assert 0.0 <= reason.contribution <= 1.0


@SETTINGS
@given(candidates, vacancies, st.data())
def test_adding_a_required_skill_never_lowers_a_score(candidate, vacancy, data):
    if not vacancy.required_skills:
        vacancy = dataclasses.replace(vacancy, required_skills=("manejo de caja",))
    skill = data.draw(st.sampled_from(vacancy.required_skills))
    before = dataclasses.replace(candidate, id="before")
    after = dataclasses.replace(candidate, id="after", skills=(*candidate.skills, skill))
    # Fitted together so that both are scored against the same vocabulary.
    matches = Matcher().fit(candidates=[before, after]).rank_candidates(vacancy)
    scores = {m.candidate_id: m.score for m in matches}
    assert set(scores) in (set(), {"before", "after"})
    if scores:
        assert scores["after"] >= scores["before"] - 1e-9
        missing_after = next(m for m in matches if m.candidate_id == "after").missing_skills
        assert skill not in missing_after


@SETTINGS
@given(candidates, st.lists(vacancies, max_size=6))
def test_rank_vacancies_agrees_with_rank_candidates(candidate, jobs):
    jobs = unique_ids(jobs)
    matcher = Matcher().fit(candidates=[candidate], vacancies=jobs)
    by_candidate = {m.vacancy_id: m.score for m in matcher.rank_vacancies(candidate, k=10)}
    for job in jobs:
        by_vacancy = matcher.rank_candidates(job)
        assert (job.id in by_candidate) == bool(by_vacancy)
        if by_vacancy:
            assert by_vacancy[0].score == pytest.approx(by_candidate[job.id], abs=1e-5)


@SETTINGS
@given(candidates, vacancies, st.data())
def test_adding_experience_months_never_lowers_a_score(candidate, vacancy, data):
    extra = data.draw(st.integers(1, 60))
    if candidate.titles:
        i = data.draw(st.integers(0, len(candidate.titles) - 1))
        work = candidate.titles[i]
        longer = dataclasses.replace(work, months=(work.months or 0) + extra)
        titles = (*candidate.titles[:i], longer, *candidate.titles[i + 1 :])
    else:
        titles = (Experience(vacancy.title or "mesera", months=extra),)
    before = dataclasses.replace(candidate, id="before")
    after = dataclasses.replace(candidate, id="after", titles=titles)
    for matcher in (Matcher().fit(candidates=[before, after]),):
        scores = {m.candidate_id: m.score for m in matcher.rank_candidates(vacancy)}
        if scores:
            assert scores["after"] >= scores["before"] - 1e-9
    # The other direction scores the same pairs the same way.
    matcher = Matcher().fit(vacancies=[vacancy])
    by_before = matcher.rank_vacancies(before)
    by_after = matcher.rank_vacancies(after)
    if by_before:
        assert by_after[0].score >= by_before[0].score - 1e-9


@SETTINGS
@given(candidates, vacancies)
def test_a_desired_title_never_produces_an_experience_sentence(candidate, vacancy):
    wanting = dataclasses.replace(candidate, titles=())
    matcher = Matcher().fit(candidates=[wanting], vacancies=[vacancy])
    for match in matcher.rank_candidates(vacancy) + matcher.rank_vacancies(wanting):
        for reason in match.reasons:
            assert "Trabajó" not in reason.text and "experiencia" not in reason.text
            assert "Worked" not in reason.text_en and "experience" not in reason.text_en
            if reason.factor == "experience":
                assert reason.text == ""
                # A vacancy with no title gives everyone the same "unknown" credit.
                assert reason.contribution == 0.0 or not vacancy.title


@SETTINGS
@given(st.lists(candidates, max_size=8), vacancies)
def test_protect_none_changes_nothing(people, vacancy):
    matcher = Matcher().fit(candidates=unique_ids(people))
    assert matcher.rank_candidates(vacancy, protect=None) == matcher.rank_candidates(vacancy)


@SETTINGS
@given(candidates, vacancies)
def test_sex_never_changes_a_score_only_the_words(candidate, vacancy):
    women = dataclasses.replace(candidate, id="f", sex="F")
    men = dataclasses.replace(candidate, id="m", sex="M")
    matches = Matcher().fit(candidates=[women, men]).rank_candidates(vacancy)
    if matches:
        assert matches[0].score == matches[1].score
