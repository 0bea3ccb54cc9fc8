"""Rankings put the right person first, explain why, and are fair in ties."""

import pytest

from matcher import Candidate, Matcher, Vacancy
from matcher.reference import DISTRICT_NAMES

UBIGEO = {name: code for code, name in DISTRICT_NAMES.items()}
URCOS, ANDAHUAYLILLAS = UBIGEO["Urcos"], UBIGEO["Andahuaylillas"]


def test_mozo_ranks_first_for_a_mesera_vacancy(fitted, mesera_vacancy):
    matches = fitted.rank_candidates(mesera_vacancy)
    assert matches[0].candidate_id == "rosa"
    # She wrote "mozo"; the sentence names the occupation, in her gender.
    experience = next(r for r in matches[0].reasons if r.factor == "experience")
    assert experience.text == "Trabajó como mesera"
    assert experience.text_en == "Worked as «mesera»"


@pytest.mark.parametrize("title", ["MESERA", "mesero", "Camarera", "Mozos", "moza"])
def test_title_matching_ignores_case_accents_gender_and_synonyms(fitted, title):
    assert fitted.rank_candidates(Vacancy(id=1, title=title))[0].candidate_id == "rosa"


def test_accents_and_case_do_not_matter_for_titles():
    matcher = Matcher().fit(
        candidates=[Candidate(id=1, titles=["GUIA TURISTICO"]), Candidate(id=2)]
    )
    best = matcher.rank_candidates(Vacancy(id=1, title="guía de turismo"))[0]
    assert best.candidate_id == 1
    title = dict((r.factor, r.contribution) for r in best.reasons)["experience"]
    # Full similarity, times the strength of a title with no months said.
    assert title == pytest.approx(matcher.weights_["experience"] * 0.55, rel=1e-6)


def test_a_synonym_counts_as_the_required_skill(fitted, mesera_vacancy):
    rosa = next(m for m in fitted.rank_candidates(mesera_vacancy) if m.candidate_id == "rosa")
    assert rosa.missing_skills == ()
    required = next(r for r in rosa.reasons if r.factor == "required_skills")
    assert required.text == "Tiene todas las habilidades que pide el puesto"


def test_missing_skills_keep_the_vacancy_wording(fitted, mesera_vacancy):
    juan = next(m for m in fitted.rank_candidates(mesera_vacancy) if m.candidate_id == "juan")
    assert juan.missing_skills == ("atención al cliente", "manejo de caja")
    required = next(r for r in juan.reasons if r.factor == "required_skills")
    assert required.text.endswith("Le faltan: atención al cliente, manejo de caja")


def test_taxonomy_codes_match_their_labels_through_synonym_groups():
    matcher = Matcher(synonyms=[("SK-CAJ-001", "manejo de caja")]).fit(
        candidates=[
            Candidate(id="code", skills=["SK-CAJ-001"]),
            Candidate(id="other", skills=["SK-CAJ-002"]),
        ]
    )
    vacancy = Vacancy(id=1, required_skills=["Manejo de caja"])
    matches = matcher.rank_candidates(vacancy)
    assert [m.candidate_id for m in matches] == ["code", "other"]
    assert matches[1].missing_skills == ("Manejo de caja",)


def test_reasons_add_up_to_the_score_and_speak_spanish(fitted, mesera_vacancy):
    for match in fitted.rank_candidates(mesera_vacancy):
        assert sum(r.contribution for r in match.reasons) == pytest.approx(match.score, abs=1e-9)
        assert 0.0 <= match.score <= 1.0
        assert sorted(r.factor for r in match.reasons) == sorted([*fitted.weights_, "reach"])
        magnitudes = [abs(r.contribution) for r in match.reasons]
        assert magnitudes == sorted(magnitudes, reverse=True)  # strongest first
        assert all(r.text[0].isupper() for r in match.reasons if r.text)
        assert all(bool(r.text) == bool(r.text_en) for r in match.reasons)


def test_explanations_say_distance_languages_and_months():
    matcher = Matcher().fit(
        candidates=[
            Candidate(
                id=1,
                titles=["mesera"],
                district=URCOS,
                languages=["que", "spa"],
                available_months={6, 7},
            )
        ]
    )
    vacancy = Vacancy(
        id=1, title="mesera", district=ANDAHUAYLILLAS, languages=["que"], months={6, 7, 8}
    )
    texts = {r.factor: r.text for r in matcher.rank_candidates(vacancy)[0].reasons}
    assert texts["languages"] == "Habla quechua, como pide el puesto"
    assert texts["reach"] == "Vive a 30 minutos de viaje"  # by road, from the travel table
    assert texts["season"] == "Puede trabajar 2 de los 3 meses del puesto"
    assert texts["experience"] == "Trabajó como mesero"  # sex not given: the plain label


def test_closer_candidate_ranks_higher_all_else_equal():
    matcher = Matcher().fit(
        candidates=[Candidate(id="far", district="081209"), Candidate(id="near", district=URCOS)]
    )
    ranked = matcher.rank_candidates(Vacancy(id=1, district=ANDAHUAYLILLAS))
    assert [m.candidate_id for m in ranked] == ["near", "far"]


def test_both_directions_give_the_same_score(youth, mesera_vacancy):
    matcher = Matcher().fit(
        candidates=youth, vacancies=[mesera_vacancy, Vacancy(id="obra", title="albañil")]
    )
    for candidate in youth:
        by_vacancy = {m.candidate_id: m.score for m in matcher.rank_candidates(mesera_vacancy)}
        by_candidate = {m.vacancy_id: m.score for m in matcher.rank_vacancies(candidate)}
        if candidate.id in by_vacancy:
            assert by_candidate["v-mesera"] == pytest.approx(by_vacancy[candidate.id], abs=1e-6)


def test_rank_vacancies_puts_the_matching_job_first(youth):
    vacancies = [
        Vacancy(id="obra", title="maestro de obra", required_skills=["albañilería"]),
        Vacancy(id="textil", title="artesano textil", required_skills=["tejido en telar"]),
        Vacancy(id="cocina", title="cocinero"),
    ]
    matcher = Matcher().fit(vacancies=vacancies)
    lucia = youth[2]
    matches = matcher.rank_vacancies(lucia)
    assert matches[0].vacancy_id == "textil"
    assert "Trabajó como tejedora" in [r.text for r in matches[0].top_reasons(4)]
    assert matches[0].missing_skills == ()


def test_k_limits_the_results_and_excluded_are_never_returned(youth):
    matcher = Matcher().fit(candidates=youth)
    assert len(matcher.rank_candidates(Vacancy(id=1), k=2)) == 2
    assert matcher.rank_candidates(Vacancy(id=1), k=0) == []
    only_adults = matcher.rank_candidates(Vacancy(id=1, min_age=18), k=10)
    assert "lucia" not in {m.candidate_id for m in only_adults}
    with pytest.raises(ValueError, match="k must be"):
        matcher.rank_candidates(Vacancy(id=1), k=-1)


def test_same_input_gives_the_same_order_every_time():
    twins = [Candidate(id=i, titles=["mesera"]) for i in range(40)]
    first = [
        m.candidate_id for m in Matcher().fit(candidates=twins).rank_candidates(Vacancy(id=1), k=40)
    ]
    again = [
        m.candidate_id for m in Matcher().fit(candidates=twins).rank_candidates(Vacancy(id=1), k=40)
    ]
    assert first == again


def test_ties_are_neither_in_id_nor_in_registration_order():
    twins = [Candidate(id=i, titles=["mesera"]) for i in range(40)]
    matcher = Matcher().fit(candidates=twins)
    order = [m.candidate_id for m in matcher.rank_candidates(Vacancy(id=1, title="mesera"), k=40)]
    assert len({m.score for m in matcher.rank_candidates(Vacancy(id=1, title="mesera"), k=40)}) == 1
    assert order != sorted(order) and order != sorted(order, reverse=True)
    # Nobody is systematically first: the winner of the tie changes with the vacancy.
    firsts = {
        matcher.rank_candidates(Vacancy(id=v, title="mesera"), k=1)[0].candidate_id
        for v in range(20)
    }
    assert len(firsts) > 5


def test_the_cut_at_k_follows_the_tie_rule_not_the_index_position():
    twins = [Candidate(id=i) for i in range(30)]
    matcher = Matcher().fit(candidates=twins)
    reversed_matcher = Matcher().fit(candidates=twins[::-1])
    top = [m.candidate_id for m in matcher.rank_candidates(Vacancy(id=5), k=3)]
    assert top == [m.candidate_id for m in reversed_matcher.rank_candidates(Vacancy(id=5), k=3)]


def test_empty_candidate_list_returns_nothing():
    matcher = Matcher().fit(candidates=[])
    assert matcher.rank_candidates(Vacancy(id=1, title="mesera")) == []
    assert matcher.rank_vacancies(Candidate(id=1, titles=["mesera"])) == []
    assert matcher.skill_gaps(Candidate(id=1)) == []


def test_empty_profiles_on_both_sides_still_rank():
    matcher = Matcher().fit(
        candidates=[Candidate(id=1), Candidate(id=2)], vacancies=[Vacancy(id=3)]
    )
    matches = matcher.rank_candidates(Vacancy(id=9))
    assert {m.candidate_id for m in matches} == {1, 2}
    assert all(0.0 <= m.score <= 1.0 and m.missing_skills == () for m in matches)
    assert [m.vacancy_id for m in matcher.rank_vacancies(Candidate(id=4))] == [3]


def test_an_empty_profile_never_outranks_a_real_one(fitted, mesera_vacancy):
    ranked = [m.candidate_id for m in fitted.rank_candidates(mesera_vacancy)]
    assert ranked.index("rosa") < ranked.index("empty")


def test_query_profiles_need_not_be_fitted():
    matcher = Matcher().fit(candidates=[Candidate(id=1, skills=["cocina novoandina"])])
    match = matcher.rank_candidates(
        Vacancy(id=1, required_skills=["preparación de cocina novoandina"])
    )[0]
    assert match.missing_skills == ()  # a close wording counts, partly


def test_ranking_the_wrong_kind_of_profile_is_a_type_error(fitted):
    with pytest.raises(TypeError, match="needs a Vacancy"):
        fitted.rank_candidates(Candidate(id=1))
    with pytest.raises(TypeError, match="needs a Candidate"):
        fitted.rank_vacancies(Vacancy(id=1))


def test_skill_gaps_name_the_skill_that_opens_most_jobs_and_its_training():
    here = {"district": ANDAHUAYLILLAS}
    vacancies = [
        Vacancy(
            id=1, title="cajera", required_skills=["manejo de caja", "atención al cliente"], **here
        ),
        Vacancy(id=2, title="vendedora", required_skills=["manejo de caja"], **here),
        Vacancy(id=3, title="guía", required_skills=["primeros auxilios", "inglés"], **here),
        Vacancy(id=4, title="mesera", required_skills=["manejo de caja"], min_age=18, **here),
        Vacancy(id=5, title="cajera", required_skills=["manejo de caja"], district="010401"),
    ]
    matcher = Matcher(
        trainings={"Manejo de caja": ["Caja básica"], "inglés": "Inglés para turismo"}
    )
    matcher.fit(vacancies=vacancies)
    candidate = Candidate(
        id=1, skills=["atención al público"], age=16, district=URCOS, max_travel_km=40
    )
    gaps = matcher.skill_gaps(candidate, k=3)
    assert gaps[0].skill == "manejo de caja"
    assert gaps[0].vacancies_opened == 2  # not #4 (age) nor #5 (too far)
    assert gaps[0].trainings == ("Caja básica",)
    assert {g.skill for g in gaps[1:]} == {"primeros auxilios", "inglés"}
    assert all(g.vacancies_opened == 0 and g.vacancies_needing == 1 for g in gaps[1:])
    assert matcher.skill_gaps(candidate, max_km=5) == []  # Andahuaylillas is 6 km away


def test_skill_gaps_rejects_a_negative_range(fitted):
    with pytest.raises(ValueError, match="max_km"):
        fitted.skill_gaps(Candidate(id=1), max_km=-1)


@pytest.mark.parametrize(
    ("skills", "sentence"),
    [
        (["manejo de caja", "tejido a telar"], "De sus 2 habilidades, 1 sirve para el puesto"),
        (
            ["manejo de caja", "atención al público"],
            "De sus 2 habilidades, 2 sirven para el puesto",
        ),
        # Nothing to say is said with no sentence, not with filler.
        (["tejido a telar", "albañilería"], ""),
        (["manejo de caja"], "Su habilidad sirve para el puesto"),
        ([], ""),
    ],
)
def test_both_directions_say_how_many_of_the_candidates_skills_serve(skills, sentence):
    vacancy = Vacancy(id="caja", required_skills=["manejo de caja", "atención al cliente"])
    candidate = Candidate(id="c", skills=skills)
    matcher = Matcher().fit(candidates=[candidate], vacancies=[vacancy])
    for match in (matcher.rank_candidates(vacancy)[0], matcher.rank_vacancies(candidate)[0]):
        assert {r.factor: r.text for r in match.reasons}["skills_used"] == sentence


def test_free_text_similarity_is_plain_tfidf_cosine():
    matcher = Matcher().fit(
        candidates=[
            Candidate(id=1, text="Trabajé en la chacra cosechando cacao y café"),
            Candidate(id=2, text="Atiendo turistas en el restaurante de mi familia"),
        ]
    )
    words = matcher.index_.words
    doc = words.doc("Buscamos persona para cosecha de cacao")
    rows, weights = words.query(doc)
    expected = words.vectorizer.transform([doc])
    assert dict(zip(rows.tolist(), weights.tolist(), strict=True)) == pytest.approx(
        dict(zip(expected.indices.tolist(), expected.data.tolist(), strict=True))
    )
    sims = words.similarity(doc, matcher.index_.candidates.text)
    assert sims[0] > 0 and sims[1] == 0
