"""The shipped knowledge: what a counselor types is recognised as the right occupation or skill."""

import time

import numpy as np
import pytest

from matcher.knowledge import Concept, Knowledge, load_taxonomy, model_text, taxonomy_path


@pytest.fixture(scope="module")
def k():
    return Knowledge.default()


def codes(k, text, n=2):
    return [c.code for c, _ in k.occupations(text, k=n)]


def test_default_is_cached_and_loads_fast():
    # CPU time, so that other jobs on a shared machine do not make it flaky.
    start = time.process_time()
    knowledge = Knowledge.load(taxonomy_path().parent)
    assert time.process_time() - start < 1.0
    assert Knowledge.default() is Knowledge.default()
    assert len(knowledge.concepts) > 2900


def test_taxonomy_is_plain_data_shared_with_the_app(k):
    assert k.taxonomy == load_taxonomy()
    assert {"version", "skills", "occupations"} <= set(k.taxonomy)


@pytest.mark.parametrize(("text", "code"), [
    ("ayudé en la chacra de mi familia", "OC-AGR-001"),
    ("cuidé a mis hermanos", "OC-CUI-001"),
    ("venta de comida en el mercado", "OC-GAS-007"),
    ("cociné para la faena comunal", "OC-GAS-002"),
    ("Wawa Wasi", "OC-CUI-001"),
    ("mozo", "OC-GAS-001"),
    ("peón de chacra", "OC-AGR-002"),
    ("lavé platos en un restaurante", "OC-GAS-004"),
    ("guié turistas al Ausangate", "OC-TUR-001"),
])
def test_field_descriptions_name_the_right_occupation(k, text, code):
    assert codes(k, text, n=1) == [code]


@pytest.mark.parametrize(("text", "code"), [
    ("ayudante en obra de un vecino", "OC-CON-002"),
    ("ayudante de obra", "OC-CON-002"),
    ("ayudante en la cocina del restaurante", "OC-GAS-003"),
])
def test_a_helper_is_a_kitchen_helper_only_when_the_text_speaks_of_a_kitchen(k, text, code):
    # "obra" is a construction site in Peru; "ayudante" alone says nothing of kitchens.
    assert codes(k, text, n=1) == [code]
    if code != "OC-GAS-003":
        strongest = k.occupations(text, k=5)[0][1]
        kitchen = dict((c.code, s) for c, s in k.occupations(text, k=5)).get("OC-GAS-003", 0.0)
        assert kitchen < strongest - 0.2


def test_market_food_seller_is_both_food_seller_and_market_seller(k):
    assert set(codes(k, "venta de comida en el mercado", n=2)) == {"OC-GAS-007", "OC-COM-005"}


@pytest.mark.parametrize(("slip", "code"), [
    ("cosinera", "OC-GAS-002"),
    ("cosinero", "OC-GAS-002"),
    ("albanil", "OC-CON-001"),
    ("mesero", "OC-GAS-001"),
    ("ayudante de cosina", "OC-GAS-003"),
])
def test_spelling_slips(k, slip, code):
    assert codes(k, slip, n=1) == [code]


@pytest.mark.parametrize(("feminine", "masculine"), [
    ("mesera", "mesero"),
    ("cocinera", "cocinero"),
    ("vendedora de mercado", "vendedor de mercado"),
    ("guía turística", "guía turístico"),
    ("tejedora", "tejedor"),
])
def test_feminine_forms_find_the_same_occupation(k, feminine, masculine):
    assert codes(k, feminine, n=1) == codes(k, masculine, n=1)
    assert codes(k, feminine, n=1)[0] is not None


def test_esco_feminine_labels_are_kept(k):
    concept = next(c for c in k.concepts if c.code is None and c.label_f)
    assert isinstance(concept, Concept)
    assert concept.label_f != concept.label
    assert k.occupations(concept.label_f, k=1)[0][0] == concept or \
        k.occupations(concept.label_f, k=1)[0][1] == 1.0


def test_esco_occupations_outside_the_programme_are_known(k):
    concept, score = k.occupations("ingeniera de software", k=1)[0]
    assert concept.uri.startswith("http://data.europa.eu/esco/occupation/")
    assert concept.isco and len(concept.isco) == 4
    assert score > 0.7


def test_nothing_recognised_gives_an_empty_list(k):
    assert k.occupations("") == []
    assert k.occupations("qwxz jjkl") == []


def test_programme_occupations_linked_to_esco_by_uri(k):
    rows = {r["code"]: r for r in k.taxonomy["occupations"]}
    mesero = k.occupation("OC-GAS-001")
    assert mesero.uri == rows["OC-GAS-001"]["esco_uri"]
    assert k.occupation(mesero.uri) == mesero
    assert (mesero.label, mesero.label_f, mesero.isco) == ("mesero", "mesera", "5131")
    # An occupation ESCO lacks keeps its programme code as its identifier.
    cuyes = k.occupation("OC-AGR-006")
    assert cuyes.uri == "OC-AGR-006" and cuyes.code == "OC-AGR-006"


@pytest.mark.parametrize(("text", "skill_id"), [
    ("atension al cliente", "SK-TRV-001"),
    ("Atención al Cliente", "SK-TRV-001"),
    ("servicio al cliente", "SK-TRV-001"),
    ("trabajar en la chacra", "SK-AGR-020"),
    ("SK-AGR-001", "SK-AGR-001"),
])
def test_skill_phrases_find_the_canonical_id(k, text, skill_id):
    assert k.skill(text) == skill_id


def test_skill_ids_of_esco_and_programme(k):
    assert k.skill("qwxz jjkl") is None
    assert k.skill_label("SK-AGR-001") == "cultivo de papa"
    esco = k.skill("programación informática")
    assert esco.startswith("http://data.europa.eu/esco/skill/")
    assert k.skill(esco) == esco
    # An ESCO skill the programme links resolves to the programme's code.
    linked = next(r for r in k.taxonomy["skills"] if r.get("esco_uri"))
    assert k.skill(linked["esco_uri"]) == linked["code"]


def test_occupation_skills(k):
    essential, optional = k.occupation_skills("OC-GAS-002")
    assert "SK-COC-001" in essential  # from the programme taxonomy
    assert any(s.startswith("http://data.europa.eu/esco/skill/") for s in essential | optional)
    assert not essential & optional
    cook = k.occupation("OC-GAS-002")
    assert k.occupation_skills(cook.uri) == (essential, optional)
    assert k.occupation_skills("unknown") == (frozenset(), frozenset())
    for skill_id in list(essential)[:5]:
        assert k.skill_label(skill_id) != skill_id


def test_title_vectors_are_normalised_and_deduplicated(k):
    v = k.title_vectors(["mesera", "Mesera", "albañil", ""])
    assert v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-4)
    assert np.array_equal(v[0], v[1])
    assert not v[3].any()


def test_title_similarity_ranks_synonyms_first(k):
    sims = k.title_similarity(["cocinera", "mozo"], ["chef", "mesero", "albañil", "cocinero"])
    assert sims.shape == (2, 4) and sims.dtype == np.float32
    assert sims.min() >= 0.0 and sims.max() <= 1.0
    assert sims[0].argmax() == 3 and sims[0, 0] > sims[0, 2]
    assert sims[1].argmax() == 1


def test_model_text_folds_gender_accents_and_slips():
    assert model_text("Cocinera") == model_text("cosinero")
    assert model_text("atención") == model_text("atension")


@pytest.mark.parametrize("text", ["ayudé en una cabina de internet", "atendí una cabina"])
def test_a_cabina_is_an_internet_booth_not_an_aircraft_cabin(k, text):
    """In the programme's provinces "cabina" is where people rent a computer or a phone."""
    found = [c.label for c, _ in k.occupations(text, k=3)]
    assert found and found[0] in ("técnico de soporte informático", "vendedor de tienda")


@pytest.mark.parametrize(("label", "said_of_a_woman"), [
    ("sobrecargo", "sobrecargo"),
    ("piloto de aviación", "piloto de aviación"),
    ("modelo de moda", "modelo de moda"),
    ("personal directivo de la administración pública",
     "personal directivo de la administración pública"),
    ("patronista textil mediante diseño asistido por ordenador",
     "patronista textil mediante diseño asistido por ordenador"),
    ("representante artístico y deportivo", "representante artística y deportiva"),
    ("cocinero", "cocinera"),
    ("vendedor de comida", "vendedora de comida"),
])
def test_a_feminine_form_is_a_real_word(label, said_of_a_woman):
    from matcher.lexicon import feminine

    assert feminine(label) == said_of_a_woman
