"""Text folding, synonyms and geography behave as the people of the programme write."""

import numpy as np
import pytest

from matcher.features import (
    build_synonym_table,
    canonical_phrase,
    haversine_km,
    months_mask,
    phrase_ngrams,
)
from matcher.reference import DISTRICTS, SYNONYM_GROUPS
from matcher.text import fold_word, normalize_text

TABLE = build_synonym_table(SYNONYM_GROUPS)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Guía   TURÍSTICA ", "guia turistica"),
        ("Técnico/Técnica", "tecnico tecnica"),
        ("ch'aska", "chaska"),
        ("SK-COC-001", "sk-coc-001"),
        ("Año, señora!", "ano senora"),
    ],
)
def test_normalize_text_drops_case_accents_and_punctuation(raw, expected):
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("feminine", "masculine"),
    [
        ("mesera", "mesero"),
        ("cocinera", "cocinero"),
        ("ingeniera", "ingeniero"),
        ("vendedora", "vendedor"),
        ("profesora", "profesor"),
        ("tecnica", "tecnico"),
        ("agricultora", "agricultor"),
        ("abogada", "abogado"),
        ("secretaria", "secretario"),
        ("campesina", "campesino"),
        ("artesana", "artesano"),
        ("moza", "mozo"),
        ("jefa", "jefe"),
        ("meseras", "mesero"),
        ("vendedores", "vendedor"),
    ],
)
def test_gendered_and_plural_forms_fold_together(feminine, masculine):
    assert fold_word(feminine) == fold_word(masculine)


def test_guia_and_short_words_are_left_alone():
    assert fold_word("guia") == "guia"
    assert fold_word("hora") == "hora"


@pytest.mark.parametrize(
    "variants",
    [
        ("mesero", "Mesera", "MOZO", "moza", "camarera", "meseros"),
        ("cocinero", "cocinera", "Chef"),
        ("guía de turismo", "Guía turística", "guia turistico", "guía de turistas"),
        ("agricultor", "chacarera", "Campesina"),
        ("motocarrista", "mototaxista"),
        ("piscicultor", "acuicultora"),
        ("tejedor", "tejedora", "artesana textil"),
        ("ayudante de cocina", "Auxiliar de cocina"),
        ("atención al cliente", "atencion al publico"),
    ],
)
def test_synonyms_share_one_canonical_form(variants):
    assert len({canonical_phrase(v, TABLE) for v in variants}) == 1


def test_longest_synonym_wins_inside_a_phrase():
    # "camarera" alone is a waitress; "camarera de piso" is housekeeping.
    assert canonical_phrase("camarera de piso", TABLE) != canonical_phrase("camarera", TABLE)
    assert canonical_phrase("guía turística bilingüe", TABLE) == "guia de turismo bilingue"


def test_groups_sharing_a_member_merge_and_codes_never_become_canonical():
    table = build_synonym_table(
        [("mesero", "mozo"), ("SK-MES-01", "camarero"), ("camarero", "mozo")]
    )
    assert canonical_phrase("sk-mes-01", table) == "mesero"
    assert canonical_phrase("Camarera", table) == "mesero"


def test_codes_are_opaque_features():
    assert phrase_ngrams("sk-coc-001") == ["sk-coc-001"]
    assert set(phrase_ngrams("sk-coc-001")).isdisjoint(phrase_ngrams("sk-coc-002"))


def test_haversine_urcos_to_cusco_is_about_43_km():
    urcos, cusco = DISTRICTS["081201"], DISTRICTS["080101"]
    assert haversine_km(*urcos, *cusco) == pytest.approx(42.8, abs=0.5)
    assert np.isnan(haversine_km(np.nan, 0.0, 0.0, 0.0))


def test_months_mask_sets_one_bit_per_month():
    assert months_mask(range(1, 13)) == 4095
    assert months_mask(()) == 0
