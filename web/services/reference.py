"""Load the territories and districts (``web/data``) and the skills taxonomy into the database.

The taxonomy ships with the matcher (``matcher/knowledge/data/taxonomy.json``) so that
the matcher knows it without importing the app; it is read here through
:func:`matcher.knowledge.load_taxonomy`.

Loading is an upsert by code, so running it again changes nothing, and a newer
version of the file updates labels and synonyms without touching what people
have already linked to a skill or occupation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from matcher.knowledge import load_taxonomy as read_taxonomy_file
from models import (
    District,
    Occupation,
    OccupationSynonym,
    Role,
    Skill,
    SkillSynonym,
    TaxonomyVersion,
    Territory,
    User,
)


@dataclass(frozen=True)
class LoadReport:
    version: str
    districts: int
    skills: int
    occupations: int
    already_loaded: bool


def read_data_file(name: str) -> dict[str, Any]:
    """Read one of the JSON reference files that ship with the app."""
    return json.loads(resources.files("web").joinpath("data", name).read_text("utf-8"))


def load_geography(session: Session, doc: dict[str, Any]) -> int:
    """Upsert territories and districts; return how many districts the file holds."""
    territories = {t.code: t for t in session.scalars(sa.select(Territory))}
    for row in doc["territories"]:
        territory = territories.get(row["code"])
        if territory is None:
            territory = territories[row["code"]] = Territory(code=row["code"])
            session.add(territory)
        territory.name = row["name"]
    session.flush()
    for row in doc["districts"]:
        district = session.get(District, row["ubigeo"]) or District(ubigeo=row["ubigeo"])
        session.add(district)
        district.name = row["name"]
        district.province = row["province"]
        district.department = row["department"]
        district.latitude = row["latitude"]
        district.longitude = row["longitude"]
        district.is_hub = row["is_hub"]
        district.territory_id = territories[row["territory"]].id
    return len(doc["districts"])


def _sync_synonyms(existing: list, wanted: list[str], make) -> None:
    have = {s.term for s in existing}
    for term in dict.fromkeys(w.strip() for w in wanted if w.strip()):
        if term not in have:
            existing.append(make(term))


def load_taxonomy(session: Session, doc: dict[str, Any]) -> tuple[int, int]:
    """Upsert skills and occupations with their synonyms; return (skills, occupations)."""
    skills = {s.code: s for s in session.scalars(sa.select(Skill))}
    for row in doc["skills"]:
        skill = skills.get(row["code"])
        if skill is None:
            skill = skills[row["code"]] = Skill(code=row["code"])
            session.add(skill)
        skill.label_es = row["label_es"]
        skill.label_en = row["label_en"]
        skill.group = row.get("group", "")
        skill.esco_uri = row.get("esco_uri")
        _sync_synonyms(skill.synonyms, row.get("synonyms", []),
                       lambda t: SkillSynonym(term=t))
    occupations = {o.code: o for o in session.scalars(sa.select(Occupation))}
    for row in doc["occupations"]:
        occupation = occupations.get(row["code"])
        if occupation is None:
            occupation = occupations[row["code"]] = Occupation(code=row["code"])
            session.add(occupation)
        occupation.label_es = row["label_es"]
        occupation.label_es_f = row.get("label_es_f") or row["label_es"]
        occupation.label_en = row["label_en"]
        occupation.isco_group = row["isco_group"]
        occupation.esco_uri = row.get("esco_uri")
        occupation.sector = row["sector"]
        occupation.adolescent_permitted = bool(row.get("adolescent_permitted", False))
        _sync_synonyms(occupation.synonyms, row.get("synonyms", []),
                       lambda t: OccupationSynonym(term=t))
        # Skills the admin added and linked by hand (taxonomy_admin) stay linked.
        occupation.skills = [skills[c] for c in row.get("skills", [])] + [
            s for s in occupation.skills if s.code.startswith("SK-ADM-")
            and s.code not in row.get("skills", [])]
    return len(doc["skills"]), len(doc["occupations"])


def load_reference_data(session: Session, geography: dict[str, Any] | None = None,
                        taxonomy: dict[str, Any] | None = None) -> LoadReport:
    """Load geography and taxonomy (the shipped files by default) and commit."""
    geography = geography or read_data_file("districts.json")
    taxonomy = taxonomy or read_taxonomy_file()
    version = str(taxonomy["version"])
    already = session.scalar(sa.select(TaxonomyVersion).filter_by(version=version)) is not None
    districts = load_geography(session, geography)
    n_skills, n_occupations = load_taxonomy(session, taxonomy)
    # The shipped travel times seed the table the admin edits (edits are kept).
    from .districts import seed_legs

    seed_legs(session)
    if not already:
        session.add(TaxonomyVersion(version=version, skills=n_skills, occupations=n_occupations))
    session.commit()
    return LoadReport(version, districts, n_skills, n_occupations, already)


def district_choices(session: Session, viewer: User | None = None) -> list[tuple[str, str, str]]:
    """Districts as (ubigeo, name, province), by province then name: every one, or a
    counselor's own territory's when ``viewer`` is a counselor."""
    query = sa.select(District.ubigeo, District.name, District.province)
    if viewer is not None and viewer.role != Role.ADMIN:
        query = query.where(District.territory_id == viewer.territory_id)
    return [tuple(row) for row in session.execute(query.order_by(District.province,
                                                                 District.name))]
