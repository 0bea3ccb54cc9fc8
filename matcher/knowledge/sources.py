"""Read the official ESCO CSV files and the TalentCLEF pairs into plain Python data.

Used only when building the knowledge (``python -m matcher.knowledge.build`` and
``bench/quality.py``); the shipped knowledge never reads these files at run time.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

ESCO_OCCUPATION = "http://data.europa.eu/esco/occupation/"
ESCO_SKILL = "http://data.europa.eu/esco/skill/"
ESCO_ISCO = "http://data.europa.eu/esco/isco/C"


@dataclass
class EscoOccupation:
    uri: str
    isco: str
    label: str  # masculine / neutral preferred form
    label_f: str | None  # feminine preferred form, when ESCO writes "x/y"
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class EscoSkill:
    uri: str
    label: str
    alt_labels: list[str] = field(default_factory=list)


def _labels(cell: str) -> list[str]:
    # Alternative labels are one per line; keep ESCO's order, drop blanks and repeats.
    return list(dict.fromkeys(line.strip() for line in cell.splitlines() if line.strip()))


def _split_preferred(label: str) -> tuple[str, str | None]:
    # ESCO writes gendered preferred labels as "camarero/camarera".
    parts = [p.strip() for p in label.split("/") if p.strip()]
    if len(parts) == 2:
        return parts[0], parts[1]
    return label.strip(), None


def read_occupations(esco_dir: Path) -> list[EscoOccupation]:
    """Every ESCO occupation, sorted by URI, with its labels and ISCO unit group."""
    rows = []
    with open(Path(esco_dir) / "occupations_es.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            label, label_f = _split_preferred(row["preferredLabel"])
            alts = [a for a in _labels(row["altLabels"]) if a not in (label, label_f)]
            rows.append(EscoOccupation(row["conceptUri"], row["iscoGroup"].strip(), label,
                                       label_f, alts))
    return sorted(rows, key=lambda o: o.uri)


def read_skills(esco_dir: Path) -> list[EscoSkill]:
    """Every ESCO skill and knowledge concept, sorted by URI, with its labels."""
    rows = []
    with open(Path(esco_dir) / "skills_es.csv", encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            label = row["preferredLabel"].strip()
            alts = [a for a in _labels(row["altLabels"]) if a != label]
            rows.append(EscoSkill(row["conceptUri"], label, alts))
    return sorted(rows, key=lambda s: s.uri)


def read_relations(esco_dir: Path) -> list[tuple[str, str, bool]]:
    """(occupation URI, skill URI, essential) for every occupation–skill relation, sorted."""
    out = set()
    path = Path(esco_dir) / "occupationSkillRelations_es.csv"
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.add((row["occupationUri"], row["skillUri"], row["relationType"] == "essential"))
    # An occupation listing a skill as both essential and optional keeps "essential".
    best: dict[tuple[str, str], bool] = {}
    for occ, skill, essential in out:
        best[occ, skill] = best.get((occ, skill), False) or essential
    return sorted((occ, skill, essential) for (occ, skill), essential in best.items())


def read_pairs(path: Path) -> list[tuple[str, str, str, str]]:
    """TalentCLEF task A pairs: (ISCO unit group, occupation URI, title, title)."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) != 4 or not parts[1].startswith("http"):
                continue
            isco, uri, a, b = (p.strip() for p in parts)
            isco = isco.removeprefix(ESCO_ISCO)
            pairs.append((isco, uri, a, b))
    return pairs
