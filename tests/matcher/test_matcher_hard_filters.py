"""A known incompatibility excludes a candidate; an unknown value never does."""

import pytest

from matcher import Candidate, Matcher, Vacancy
from matcher.reference import DISTRICT_NAMES

UBIGEO = {name: code for code, name in DISTRICT_NAMES.items()}
URCOS, ANDAHUAYLILLAS, CUSCO, NIEVA = (
    UBIGEO[n] for n in ("Urcos", "Andahuaylillas", "Cusco", "Nieva")
)


def ranked_ids(candidates, vacancy):
    matcher = Matcher().fit(candidates=candidates)
    return {m.candidate_id for m in matcher.rank_candidates(vacancy, k=50)}


def vacancy_ids(vacancies, candidate):
    matcher = Matcher().fit(vacancies=vacancies)
    return {m.vacancy_id for m in matcher.rank_vacancies(candidate, k=50)}


def test_employer_asking_for_quechua_never_sees_spanish_only_speakers():
    candidates = [
        Candidate(id="quechua", titles=["guía"], languages=["spa", "que"]),
        Candidate(id="castellano", titles=["guía"], languages=["spa"]),
        Candidate(id="not-said", titles=["guía"]),
    ]
    vacancy = Vacancy(id=1, title="guía de turismo", languages=["que"])
    assert ranked_ids(candidates, vacancy) == {"quechua", "not-said"}


def test_quechua_speaker_matched_to_awajun_job_only_if_languages_unknown():
    vacancies = [Vacancy(id="awajun", languages=["agr"]), Vacancy(id="any")]
    assert vacancy_ids(vacancies, Candidate(id=1, languages=["que"])) == {"any"}
    assert vacancy_ids(vacancies, Candidate(id=2)) == {"awajun", "any"}


def test_a_language_nobody_fitted_speaks_excludes_only_known_speakers():
    candidates = [Candidate(id="spa", languages=["spa"]), Candidate(id="unknown")]
    assert ranked_ids(candidates, Vacancy(id=1, languages=["aym"])) == {"unknown"}


@pytest.mark.parametrize(("min_age", "included"), [(18, False), (15, True), (None, True)])
def test_adolescent_of_16_only_sees_jobs_allowed_at_their_age(min_age, included):
    candidates = [Candidate(id="adolescent", titles=["ayudante de cocina"], age=16)]
    vacancy = Vacancy(id=1, title="ayudante de cocina", min_age=min_age)
    assert ("adolescent" in ranked_ids(candidates, vacancy)) is included
    assert (1 in vacancy_ids([vacancy], candidates[0])) is included


def test_unknown_age_is_not_excluded_by_min_age():
    assert ranked_ids([Candidate(id="x")], Vacancy(id=1, min_age=18)) == {"x"}


def test_far_away_candidate_is_excluded_unless_willing_to_relocate():
    candidates = [
        Candidate(id="stays", district=NIEVA, max_travel_km=30),
        Candidate(id="moves", district=NIEVA, max_travel_km=30, willing_to_relocate=True),
        Candidate(id="near", district=URCOS, max_travel_km=30),
        Candidate(id="range-unknown", district=NIEVA),
        Candidate(id="district-unknown", max_travel_km=5),
        Candidate(id="district-not-in-table", district="150101", max_travel_km=5),
    ]
    vacancy = Vacancy(id=1, title="mesera", district=ANDAHUAYLILLAS)
    assert ranked_ids(candidates, vacancy) == {
        "moves",
        "near",
        "range-unknown",
        "district-unknown",
        "district-not-in-table",
    }


def test_relocating_candidate_is_told_the_distance():
    matcher = Matcher().fit(
        candidates=[Candidate(id=1, district=NIEVA, max_travel_km=10, willing_to_relocate=True)]
    )
    (match,) = matcher.rank_candidates(Vacancy(id=1, district=CUSCO))
    reach = next(r for r in match.reasons if r.factor == "reach")
    assert reach.text == "Vive a 44 horas de viaje y puede mudarse"
    assert reach.text_en == "Lives 44 hours away and is willing to move"
    assert match.reach == 0.5  # relocate_reach: far, but she would move


def test_vacancy_district_unknown_never_excludes():
    candidates = [Candidate(id="x", district=NIEVA, max_travel_km=1)]
    assert ranked_ids(candidates, Vacancy(id=1)) == {"x"}


def test_out_of_season_candidate_is_excluded_but_silence_is_not():
    candidates = [
        Candidate(id="rainy-season", available_months={1, 2, 3}),
        Candidate(id="high-season", available_months={6, 7}),
        Candidate(id="not-said"),
    ]
    vacancy = Vacancy(id=1, title="porteador", months={5, 6, 7, 8, 9})
    assert ranked_ids(candidates, vacancy) == {"high-season", "not-said"}
    assert ranked_ids(candidates, Vacancy(id=2, title="porteador")) == {
        "rainy-season",
        "high-season",
        "not-said",
    }


def test_everything_unknown_is_never_excluded():
    vacancy = Vacancy(
        id=1,
        title="mesera",
        district=CUSCO,
        languages=["que"],
        min_age=18,
        min_education=3,
        months={7},
    )
    assert ranked_ids([Candidate(id="blank")], vacancy) == {"blank"}
    assert vacancy_ids([vacancy], Candidate(id="blank")) == {1}


def test_sex_never_changes_a_score(mesera_vacancy):
    twins = [
        Candidate(id=str(sex), titles=["mesera"], district=URCOS, sex=sex)
        for sex in ("F", "M", None)
    ]
    scores = {m.score for m in Matcher().fit(candidates=twins).rank_candidates(mesera_vacancy)}
    assert len(scores) == 1
