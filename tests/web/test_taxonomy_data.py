"""Checks on the skills and occupations taxonomy (``matcher/knowledge/data/taxonomy.json``).

Plain data tests: no Flask app, no database. The second part cross-checks ESCO URIs
and ISCO-08 codes against the ESCO CSV files when the shared data set is present.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

import pytest

TAXONOMY_PATH = (Path(__file__).resolve().parents[2] / "matcher" / "knowledge" / "data"
                 / "taxonomy.json")
ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco-es"

SECTORS = {
    "agro", "cacao_cafe", "piscicultura", "turismo", "gastronomia", "artesania",
    "construccion", "transporte", "comercio", "cuidado", "salud", "computo",
    "contabilidad", "servicios", "educacion",
}
SKILL_CODE = re.compile(r"SK-[A-Z]{3}-\d{3}")
OCCUPATION_CODE = re.compile(r"OC-[A-Z]{3}-\d{3}")
ISCO_UNIT_GROUP = re.compile(r"\d{4}")
ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"


def fold(text: str) -> str:
    """Lowercase, strip accents and collapse spaces: how matching compares terms."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split())


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    return json.loads(TAXONOMY_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def skills(taxonomy) -> list[dict]:
    return taxonomy["skills"]


@pytest.fixture(scope="module")
def occupations(taxonomy) -> list[dict]:
    return taxonomy["occupations"]


def test_version_present(taxonomy):
    assert isinstance(taxonomy.get("version"), str)
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", taxonomy["version"])


def test_minimum_size(skills, occupations):
    assert len(skills) >= 150
    assert len(occupations) >= 60


@pytest.mark.parametrize(
    ("kind", "pattern"), [("skills", SKILL_CODE), ("occupations", OCCUPATION_CODE)]
)
def test_codes_unique_and_well_formed(taxonomy, kind, pattern):
    codes = [item["code"] for item in taxonomy[kind]]
    malformed = [c for c in codes if not pattern.fullmatch(c)]
    assert not malformed, f"malformed {kind} codes: {malformed}"
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    assert not duplicates, f"duplicate {kind} codes: {duplicates}"


def test_occupation_skills_exist(skills, occupations):
    known = {s["code"] for s in skills}
    for occupation in occupations:
        refs = occupation["skills"]
        assert 3 <= len(refs) <= 8, f"{occupation['code']} has {len(refs)} skills"
        assert len(set(refs)) == len(refs), f"{occupation['code']} repeats a skill"
        missing = [code for code in refs if code not in known]
        assert not missing, f"{occupation['code']} refers to unknown skills {missing}"


def test_isco_group_is_a_unit_group(occupations):
    bad = [
        (o["code"], o.get("isco_group"))
        for o in occupations
        if not (isinstance(o.get("isco_group"), str) and ISCO_UNIT_GROUP.fullmatch(o["isco_group"]))
    ]
    assert not bad, f"isco_group must be a 4-digit string: {bad}"


def test_sectors_in_fixed_set(occupations):
    bad = [(o["code"], o["sector"]) for o in occupations if o["sector"] not in SECTORS]
    assert not bad, f"unknown sectors: {bad}"


def test_adolescent_permitted_is_boolean(occupations):
    assert all(isinstance(o["adolescent_permitted"], bool) for o in occupations)
    # Some light work must be open to 15-17-year-olds, and dangerous sectors never.
    assert any(o["adolescent_permitted"] for o in occupations)
    for occupation in occupations:
        if occupation["sector"] in {"construccion", "transporte"}:
            assert not occupation["adolescent_permitted"], occupation["code"]


def _spanish_terms(item: dict) -> list[str]:
    labels = [item["label_es"]] + ([item["label_es_f"]] if "label_es_f" in item else [])
    return labels + list(item["synonyms"])


@pytest.mark.parametrize("kind", ["skills", "occupations"])
def test_labels_non_empty_and_lowercase(taxonomy, kind):
    for item in taxonomy[kind]:
        assert isinstance(item["synonyms"], list), item["code"]
        for term in _spanish_terms(item):
            assert isinstance(term, str) and term.strip(), f"{item['code']}: empty term"
            assert term == term.strip() and "  " not in term, f"{item['code']}: {term!r}"
            assert term == term.lower(), f"{item['code']}: {term!r} is not lowercase"
        # English labels keep capitals for proper nouns ("Quechua (spoken)").
        assert item["label_en"].strip() == item["label_en"] and item["label_en"], item["code"]


def test_occupations_have_both_gendered_labels(occupations):
    for occupation in occupations:
        assert occupation["label_es_f"], occupation["code"]


@pytest.mark.parametrize("kind", ["skills", "occupations"])
def test_terms_map_to_one_canonical(taxonomy, kind):
    """No label or synonym, once folded, may belong to two different entries."""
    owners: dict[str, set[str]] = defaultdict(set)
    for item in taxonomy[kind]:
        for term in _spanish_terms(item):
            owners[fold(term)].add(item["code"])
    clashes = {term: sorted(codes) for term, codes in owners.items() if len(codes) > 1}
    assert not clashes, f"{kind} terms shared by several entries: {clashes}"


@pytest.mark.parametrize("kind", ["skills", "occupations"])
def test_no_repeated_synonyms_within_an_entry(taxonomy, kind):
    for item in taxonomy[kind]:
        folded = [fold(s) for s in item["synonyms"]]
        assert len(folded) == len(set(folded)), f"{item['code']} repeats a synonym"


@pytest.mark.parametrize(
    ("kind", "prefix"), [("skills", ESCO_SKILL), ("occupations", ESCO_OCCUPATION)]
)
def test_esco_uri_shape(taxonomy, kind, prefix):
    for item in taxonomy[kind]:
        uri = item["esco_uri"]
        assert uri is None or (isinstance(uri, str) and uri.startswith(prefix)), item["code"]


def _read_csv(name: str) -> list[dict[str, str]]:
    with (ESCO_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_esco_references_exist(skills, occupations):
    if not ESCO_DIR.is_dir():
        pytest.skip("../shared/data/esco-es absent: cannot cross-check ESCO URIs and ISCO codes")
    esco_occupations = {r["conceptUri"]: r["iscoGroup"] for r in _read_csv("occupations_es.csv")}
    esco_skills = {r["conceptUri"] for r in _read_csv("skills_es.csv")}
    isco_codes = {r["code"] for r in _read_csv("ISCOGroups_es.csv")}

    unknown_skills = [
        s["code"] for s in skills if s["esco_uri"] and s["esco_uri"] not in esco_skills
    ]
    assert not unknown_skills, f"skill ESCO URIs not in skills_es.csv: {unknown_skills}"

    for occupation in occupations:
        code, uri, isco = occupation["code"], occupation["esco_uri"], occupation["isco_group"]
        assert isco in isco_codes, f"{code}: {isco} is not an ISCO-08 group"
        if uri is None:
            continue
        assert uri in esco_occupations, f"{code}: {uri} not in occupations_es.csv"
        assert esco_occupations[uri] == isco, (
            f"{code}: isco_group {isco} but ESCO says {esco_occupations[uri]}"
        )
