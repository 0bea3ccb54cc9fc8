"""Small, readable profiles shared by the matcher tests."""

import pytest

from matcher import Candidate, Matcher, Vacancy

URCOS, ANDAHUAYLILLAS, OCONGATE, CUSCO, NIEVA = "081201", "081202", "081210", "080101", "010401"


@pytest.fixture
def mesera_vacancy():
    return Vacancy(
        id="v-mesera",
        title="Mesera",
        required_skills=("atención al cliente", "manejo de caja"),
        desired_skills=("inglés básico",),
        district=ANDAHUAYLILLAS,
        months={5, 6, 7, 8, 9},
    )


@pytest.fixture
def youth():
    """Young people of Quispicanchi with the kinds of profiles counselors register."""
    return [
        Candidate(
            id="rosa",
            titles=("mozo",),
            skills=("atención al público", "cobranza en caja"),
            district=URCOS,
            languages=("spa", "que"),
            age=19,
            sex="F",
            available_months={5, 6, 7},
        ),
        Candidate(
            id="juan",
            titles=("albañil",),
            skills=("albañilería",),
            district=OCONGATE,
            languages=("spa", "que"),
            age=22,
            sex="M",
        ),
        Candidate(
            id="lucia",
            titles=("tejedora",),
            skills=("tejido a telar", "teñido natural"),
            district=ANDAHUAYLILLAS,
            languages=("que",),
            age=17,
            sex="F",
        ),
        Candidate(id="empty"),
    ]


@pytest.fixture
def fitted(youth):
    return Matcher().fit(candidates=youth)
