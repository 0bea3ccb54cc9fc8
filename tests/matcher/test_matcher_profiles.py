"""Profiles accept what counselors type and refuse what cannot be right."""

import math

import pytest

from matcher import Candidate, Experience, Vacancy


def test_a_bare_string_is_one_title_not_one_per_letter():
    assert Candidate(id=1, titles="mesera").titles == (Experience("mesera"),)
    assert Candidate(id=1, desired_titles="mesera").desired_titles == ("mesera",)
    assert Vacancy(id=1, required_skills="manejo de caja").required_skills == ("manejo de caja",)


def test_any_iterable_is_normalised_to_tuples_and_frozensets():
    candidate = Candidate(
        id=1,
        titles=["mesera", "  ayudante   de cocina ", "", "mesera"],
        skills=(s for s in ["cocina"]),
        languages=["SPA", "Quechua"],
        available_months=[1, 1, 12],
    )
    assert candidate.titles == (Experience("mesera"), Experience("ayudante de cocina"))
    assert candidate.skills == ("cocina",)
    assert candidate.languages == frozenset({"spa", "que"})
    assert candidate.available_months == frozenset({1, 12})


def test_only_the_id_is_required():
    candidate = Candidate(id=7)
    assert candidate.titles == () and candidate.age is None and not candidate.willing_to_relocate
    assert Vacancy(id=8).months == frozenset()


def test_profiles_are_frozen():
    candidate = Candidate(id=1)
    with pytest.raises(AttributeError):
        candidate.age = 20


BAD_CANDIDATES = [
    ({"id": None}, "needs an id"),
    ({"id": [1]}, "must be hashable"),
    ({"titles": 5}, "titles must be strings or Experience objects"),
    ({"titles": ["mesera", 3]}, "titles must contain strings or Experience objects"),
    ({"desired_titles": [3]}, "desired_titles must contain only strings"),
    ({"skills": [None]}, "skills must contain only strings"),
    ({"text": 12}, "text must be a string"),
    ({"district": 81210}, "ubigeo string"),
    ({"age": -1}, "age must be between 0 and 120"),
    ({"age": 17.5}, "age must be a whole number"),
    ({"age": True}, "age must be a whole number"),
    ({"education": -2}, "education must be between 0 and 20"),
    ({"available_months": [0]}, "month numbers 1-12, got 0"),
    ({"available_months": [13]}, "month numbers 1-12, got 13"),
    ({"available_months": ["mayo"]}, "month numbers 1-12"),
    ({"available_months": 5}, "collection of month numbers"),
    ({"available_months": "5"}, "collection of month numbers"),
    ({"max_travel_km": -3}, "max_travel_km must not be negative"),
    ({"max_travel_km": math.nan}, "max_travel_km must be a number"),
    ({"max_travel_km": "lejos"}, "max_travel_km must be a number"),
    ({"willing_to_relocate": "si"}, "willing_to_relocate must be True or False"),
    ({"languages": [1]}, "languages must contain only strings"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_CANDIDATES)
def test_malformed_candidate_raises_value_error(fields, message):
    fields = {"id": 1, **fields}
    with pytest.raises(ValueError, match=message):
        Candidate(**fields)


BAD_VACANCIES = [
    ({"title": ["mesera"]}, "title must be a string"),
    ({"months": [12, 13]}, "month numbers 1-12, got 13"),
    ({"min_age": -5}, "min_age must be between 0 and 120"),
    ({"min_education": "secundaria"}, "min_education must be a whole number"),
    ({"required_skills": [("caja",)]}, "required_skills must contain only strings"),
    ({"desired_skills": 1.5}, "desired_skills must be a string or a collection"),
]


@pytest.mark.parametrize(("fields", "message"), BAD_VACANCIES)
def test_malformed_vacancy_raises_value_error(fields, message):
    with pytest.raises(ValueError, match=message):
        Vacancy(id=1, **fields)


def test_punctuation_only_items_are_dropped():
    assert Candidate(id=1, titles=["!!!", "mesera"]).titles == (Experience("mesera"),)
    assert Vacancy(id=1, title="???").title == ""


def test_experience_keeps_months_and_kind_and_refuses_unknown_kinds():
    work = Experience("  cociné para la   faena comunal ", months=24, kind="community")
    assert (work.title, work.months, work.kind) == ("cociné para la faena comunal", 24, "community")
    for kind in ("formal", "informal", "self_employed", "family", "community", None):
        assert Experience("mesera", kind=kind).kind == kind
    with pytest.raises(ValueError, match="kind must be one of"):
        Experience("mesera", kind="unpaid")
    with pytest.raises(ValueError, match="months must be a whole number"):
        Experience("mesera", months=2.5)
    with pytest.raises(ValueError, match="months must be between 0 and 1200"):
        Experience("mesera", months=-1)


def test_done_and_wanted_titles_stay_apart():
    candidate = Candidate(id=1, titles=["mesera"], desired_titles=["cocinera", "", "cocinera"])
    assert candidate.titles == (Experience("mesera"),)
    assert candidate.desired_titles == ("cocinera",)
