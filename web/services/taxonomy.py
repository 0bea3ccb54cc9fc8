"""The one search over the skills and occupations taxonomy, for every form that picks from it.

The youth's profile builder and the employer's vacancy form both call it. Text is
folded by ``matcher.text`` (``normalize_text`` for case, accents and punctuation,
``fold_word`` for gender and number), the same folding the matcher ranks with, so
'Vendedoras', 'vendedor' and 'VENDEDOR' find the same entry here and there.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from matcher.knowledge import Knowledge
from matcher.text import fold_word, normalize_text
from models import (
    District,
    Occupation,
    OccupationSynonym,
    Skill,
    SkillSynonym,
    Vacancy,
    VacancySkill,
    VacancyStatus,
)
from models.taxonomy import occupation_skills

MAX_QUERY = 60

Words = tuple[tuple[str, str], ...]


def _variants(text: str) -> Words:
    """Each word of ``text`` as (accent-folded, accent-and-gender-folded)."""
    return tuple((w, fold_word(w)) for w in normalize_text(text).split())


def _term_score(query: Words, words: Words) -> int:
    """How well a term answers the query: 3 exact, 2 starts with it, 1 every word found."""
    if not words or not query:
        return 0
    if [w[1] for w in words] == [q[1] for q in query]:
        return 3

    def found(q: tuple[str, str], w: tuple[str, str]) -> bool:
        return w[0].startswith(q[0]) or w[1].startswith(q[1]) or w[0].startswith(q[1])

    if not all(any(found(q, w) for w in words) for q in query):
        return 0
    return 2 if found(query[0], words[0]) else 1


@dataclass(frozen=True)
class Hit:
    """A taxonomy entry found by a search, with the synonym that matched when not the label.

    ``exact`` says the query is one of the entry's names, folded (so a form may pick it
    without asking).
    """

    code: str
    label: str
    matched: str | None
    exact: bool = False


@dataclass(frozen=True)
class _Entry:
    code: str
    labels: tuple[str, str]  # masculine or neutral, feminine
    terms: tuple[tuple[str, Words], ...]  # the labels first, each term with its folded words


# Folding ~1,300 labels and synonyms on every keystroke costs more than the search itself,
# so each process keeps them folded; a change in the taxonomy's size or a few minutes'
# age rebuilds the index.
_INDEX_SECONDS = 300
_indexes: dict[str, tuple[float, tuple, list[_Entry]]] = {}  # per database and table


def _index(session: Session, model, synonym_model, owner_column, labels) -> list[_Entry]:
    kind = f"{session.get_bind().url}/{model.__tablename__}"
    fingerprint = tuple(session.execute(sa.select(
        *(sa.select(func(column)).scalar_subquery()
          for column in (model.id, synonym_model.id) for func in (sa.func.count, sa.func.max))
    )).one())
    cached = _indexes.get(kind)
    if cached and cached[1] == fingerprint and cached[0] > time.monotonic():
        return cached[2]
    synonyms: dict[int, list[str]] = {}
    for owner_id, term in session.execute(sa.select(owner_column, synonym_model.term)
                                          .order_by(synonym_model.term)):
        synonyms.setdefault(owner_id, []).append(term)
    entries = []
    for row in session.execute(sa.select(model.id, model.code, *labels)
                               .where(model.is_active)):
        own = tuple(dict.fromkeys(row[2:]))
        terms = (*own, *(t for t in synonyms.get(row.id, []) if t not in own))
        entries.append(_Entry(row.code, (row[2], row[-1]),
                              tuple((t, _variants(t)) for t in terms)))
    _indexes[kind] = (time.monotonic() + _INDEX_SECONDS, fingerprint, entries)
    return entries


def _search(entries: list[_Entry], query: str, limit: int, feminine: bool = False,
            boost: dict[str, float] | None = None) -> list[Hit]:
    q = _variants(query[:MAX_QUERY])
    if not q or len("".join(w[0] for w in q)) < 2:
        return []
    scored = []
    for entry in entries:
        label = entry.labels[1] if feminine else entry.labels[0]
        best, matched, exact = 0, None, False
        for term, words in entry.terms:
            is_label = term in entry.labels
            term_score = _term_score(q, words)
            exact = exact or term_score == 3
            # A label wins a tie with a synonym: it is what the person will see.
            score = term_score * 2 + (1 if is_label else 0)
            if score > best and score > 1:
                best, matched = score, (None if is_label else term)
        if best:
            # Among equally good answers, what is asked for near the person comes first.
            local = -(boost or {}).get(entry.code, 0.0)
            scored.append((-best, local, normalize_text(label),
                           Hit(entry.code, label, matched, exact)))
    scored.sort(key=lambda row: row[:3])
    return [hit for *_, hit in scored[:limit]]


def search_skills(session: Session, query: str, limit: int = 15,
                  near: str | None = None) -> list[Hit]:
    """Find active skills by label or any synonym, ignoring case, accents and gender;
    ``near`` (a district) puts the skills asked for in its territory first among ties."""
    entries = _index(session, Skill, SkillSynonym, SkillSynonym.skill_id, [Skill.label_es])
    return _search(entries, query, limit,
                   boost=local_skill_demand(session, near) if near else None)


# --- what is asked for near the person ------------------------------------------------------

def local_skill_demand(session: Session, district_code: str | None) -> dict[str, float]:
    """How much each skill is asked for around ``district_code``, by skill code.

    Vacancies posted in the district's territory (any not a draft) count: a required skill 2,
    a desired one 1, and each skill of the vacancy's occupation 0.5. A skill asked for only
    in other territories scores -1, so "cultivo de cacao" (Condorcanqui) falls behind in
    Urcos at 3,100 m. An unknown place, or one with no vacancies yet, gives no preference.
    """
    district = session.get(District, district_code) if district_code else None
    if district is None:
        return {}
    here = sa.select(District.ubigeo).where(
        District.territory_id == district.territory_id if district.territory_id is not None
        else District.ubigeo == district.ubigeo)
    posted = Vacancy.status != VacancyStatus.DRAFT
    local = sa.case((Vacancy.district_code.in_(here), 1), else_=0)
    demand: dict[str, float] = {}
    elsewhere: set[str] = set()
    rows = session.execute(
        sa.select(Skill.code, VacancySkill.required, local)
        .join(VacancySkill, VacancySkill.skill_id == Skill.id)
        .join(Vacancy, Vacancy.id == VacancySkill.vacancy_id).where(posted))
    for code, required, is_local in rows:
        if is_local:
            demand[code] = demand.get(code, 0.0) + (2.0 if required else 1.0)
        else:
            elsewhere.add(code)
    rows = session.execute(
        sa.select(Skill.code, local)
        .join(occupation_skills, occupation_skills.c.skill_id == Skill.id)
        .join(Vacancy, Vacancy.occupation_id == occupation_skills.c.occupation_id)
        .where(posted))
    for code, is_local in rows:
        if is_local:
            demand[code] = demand.get(code, 0.0) + 0.5
        else:
            elsewhere.add(code)
    for code in elsewhere - demand.keys():
        demand[code] = -1.0
    return demand


def skills_asked_near(session: Session, district_code: str | None, have: set[str],
                      limit: int = 8) -> list[Hit]:
    """The skills most asked for around ``district_code`` that the person has not listed."""
    demand = local_skill_demand(session, district_code)
    best = sorted((score, code) for code, score in demand.items()
                  if score > 0 and code not in have)
    codes = [code for _score, code in sorted(best, key=lambda row: (-row[0], row[1]))][:limit]
    labels = dict(session.execute(sa.select(Skill.code, Skill.label_es).where(
        Skill.code.in_(codes), Skill.is_active)).all()) if codes else {}
    return [Hit(code, labels[code], None) for code in codes if code in labels]


def search_occupations(session: Session, query: str, sex: str | None = None,
                       limit: int = 15) -> list[Hit]:
    """Find active occupations by either gendered label or any synonym."""
    entries = _index(session, Occupation, OccupationSynonym, OccupationSynonym.occupation_id,
                     [Occupation.label_es, Occupation.label_es_f])
    return _search(entries, query, limit, feminine=sex == "F")


def english_labels(session: Session) -> dict[str, str]:
    """Every Spanish label of the taxonomy (both genders) with its English label."""
    pairs: dict[str, str] = {}
    for label_es, label_en in session.execute(sa.select(Skill.label_es, Skill.label_en)):
        pairs[label_es] = label_en
    for label_es, label_es_f, label_en in session.execute(
            sa.select(Occupation.label_es, Occupation.label_es_f, Occupation.label_en)):
        pairs[label_es] = pairs[label_es_f] = label_en
    return pairs


def english_synonyms(session: Session) -> dict[str, str]:
    """Every synonym of the taxonomy ("vendedora", "mozo") with its entry's English label."""
    pairs = dict(session.execute(sa.select(SkillSynonym.term, Skill.label_en)
                                 .join(Skill, SkillSynonym.skill_id == Skill.id)).all())
    pairs.update(session.execute(
        sa.select(OccupationSynonym.term, Occupation.label_en)
        .join(Occupation, OccupationSynonym.occupation_id == Occupation.id)).all())
    return pairs


# --- what a free search means --------------------------------------------------------------

# How sure the matcher must be that a search names an occupation before vacancies of that
# occupation are found by it: "cocina" and the slip "cosina" both reach cooks at 0.85,
# while a place name or a stray word reaches nothing.
OCCUPATION_EVIDENCE = 0.8


def occupations_meant(words: str, k: int = 3) -> list[str]:
    """The programme occupations a search names, by code, best first.

    Asks the matcher's knowledge, so synonyms (mozo, mesero, camarero), gendered forms and
    spelling slips (cosina) are understood the way the ranking understands them.
    """
    text = normalize_text((words or "")[:MAX_QUERY])
    if len(text.replace(" ", "")) < 3:
        return []
    found = Knowledge.default().occupations(text, k=2 * k, min_score=OCCUPATION_EVIDENCE)
    return [concept.code for concept, _score in found if concept.code][:k]
