"""docs/SECURITY.md says only what holds: every test it names exists, every ASVS 5.0 level 1
and 2 requirement has a row, and a row that says "holds" names the test that proves it."""

from __future__ import annotations

import re
from functools import cache

import pytest

from tests.helpers import ROOT

DOC = ROOT / "docs" / "SECURITY.md"

# ASVS 5.0.0: for each section, how many requirements it numbers from 1 up to its last one of
# level 1 or 2 (later numbers in a section are level 3 only). From the standard's CSV,
# 5.0/docs_en/OWASP_Application_Security_Verification_Standard_5.0.0_en.csv.
LEVEL_2_SECTIONS = {
    "1.1": 2, "1.2": 9, "1.3": 11, "1.4": 3, "1.5": 2,
    "2.1": 3, "2.2": 3, "2.3": 4, "2.4": 1,
    "3.2": 2, "3.3": 4, "3.4": 6, "3.5": 5, "3.7": 2,
    "4.1": 3, "4.2": 1, "4.3": 2, "4.4": 4,
    "5.1": 1, "5.2": 3, "5.3": 2, "5.4": 3,
    "6.1": 3, "6.2": 12, "6.3": 4, "6.4": 4, "6.5": 5, "6.6": 3, "6.8": 4,
    "7.1": 3, "7.2": 4, "7.3": 2, "7.4": 5, "7.5": 2, "7.6": 2,
    "8.1": 2, "8.2": 3, "8.3": 1, "8.4": 1,
    "9.1": 3, "9.2": 4,
    "10.1": 2, "10.2": 2, "10.3": 4, "10.4": 11, "10.5": 5, "10.6": 2, "10.7": 3,
    "11.1": 2, "11.2": 3, "11.3": 3, "11.4": 4, "11.5": 1, "11.6": 1,
    "12.1": 3, "12.2": 2, "12.3": 4,
    "13.1": 1, "13.2": 5, "13.3": 2, "13.4": 5,
    "14.1": 2, "14.2": 4, "14.3": 3,
    "15.1": 3, "15.2": 3, "15.3": 7,
    "16.1": 1, "16.2": 5, "16.3": 4, "16.4": 3, "16.5": 3,
    "17.1": 1, "17.2": 4, "17.3": 2,
}
LEVEL_2 = {f"{section}.{n}" for section, count in LEVEL_2_SECTIONS.items()
           for n in range(1, count + 1)}
STATUSES = {"holds", "documented", "partial", "gap", "untested", "N/A"}

_SPAN = re.compile(r"`([^`]+)`")
_NODE = re.compile(r"^(tests/[\w/]+\.py)(?:::(test_\w+)(?:\[[^\]]*\])?)?$")
_BARE = re.compile(r"^(test_\w+)(?:\[[^\]]*\])?$")
_DEF = re.compile(r"^(?:async )?def (test_\w+)\(", re.MULTILINE)
_ID = re.compile(r"(?<![\d.])(\d{1,2}\.\d{1,2}\.\d{1,2})(?![\d])")


def _text() -> str:
    return DOC.read_text("utf-8")


@cache
def _defined() -> dict[str, set[str]]:
    """Test functions defined in each test file, by path relative to the repository."""
    return {str(path.relative_to(ROOT)): set(_DEF.findall(path.read_text("utf-8")))
            for path in (ROOT / "tests").rglob("test_*.py") if "node_modules" not in path.parts}


def _asvs_section() -> str:
    text = _text()
    start = text.index("## OWASP ASVS 5.0, level 2, requirement by requirement")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def _asvs_rows() -> list[list[str]]:
    rows = []
    for line in _asvs_section().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and _ID.search(cells[0]):
            rows.append(cells)
    return rows


def test_every_test_the_page_names_exists():
    defined = _defined()
    everywhere = set().union(*defined.values())
    missing = []
    for span in _SPAN.findall(_text()):
        if node := _NODE.match(span):
            path, name = node.groups()
            if path not in defined and not (ROOT / path).is_file():
                missing.append(span)
            elif name and name not in defined.get(path, set()):
                missing.append(span)
        elif bare := _BARE.match(span):
            if bare.group(1) not in everywhere:
                missing.append(span)
    assert not missing, f"docs/SECURITY.md names tests that do not exist: {missing}"


def test_every_asvs_5_level_2_requirement_has_a_row():
    section = _asvs_section()
    whole_chapters = set(re.findall(r"^### V(\d+) .*N/A \(whole chapter\)", section, re.MULTILINE))
    listed = {match for row in _asvs_rows() for match in _ID.findall(row[0])}
    wanted = {rid for rid in LEVEL_2 if rid.split(".")[0] not in whole_chapters}
    assert not wanted - listed, f"no row for {sorted(wanted - listed)}"
    assert not listed - LEVEL_2, f"not ASVS 5.0 level 1-2 requirements: {sorted(listed - LEVEL_2)}"


def test_each_row_has_a_known_status_and_holds_only_with_a_test():
    rows = _asvs_rows()
    assert len(rows) > 100
    for first, status, _how, proof in rows:
        assert status in STATUSES, f"{first}: unknown status {status!r}"
        if status == "holds":
            assert "::test_" in proof, f"{first} says it holds but names no test"


@pytest.mark.parametrize("chapter", ["V10", "V17"])
def test_a_whole_chapter_marked_not_applicable_says_why(chapter):
    section = _asvs_section()
    heading = re.search(rf"^### {chapter} .*N/A \(whole chapter\)\n\n(.+)$", section,
                        re.MULTILINE)
    assert heading and len(heading.group(1)) > 20
