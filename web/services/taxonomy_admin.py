"""The programme admin edits the skills and occupations taxonomy."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import Session, selectinload

from models import Occupation, OccupationSynonym, Skill, SkillSynonym, Training
from models.taxonomy import occupation_skills
from models.training import training_skills

from .access import NotFound

PAGE = 30
ESCO_URI = re.compile(r"^http://data\.europa\.eu/esco/(skill|occupation)/[0-9a-f-]{36}$")


@dataclass(frozen=True)
class TermKind:
    """Skills or occupations: which tables an admin edit goes to, and their defaults."""

    slug: str  # in the admin's URLs
    model: type
    synonym: type
    owner: str  # the synonym table's column that points at the entry
    prefix: str  # codes of entries added by hand
    defaults: tuple[tuple[str, str], ...]  # columns a hand-made entry starts with
    gendered: bool  # occupations have a feminine label

    def __repr__(self) -> str:
        return f"<TermKind {self.slug}>"


SKILL = TermKind("habilidades", Skill, SkillSynonym, "skill_id", "SK-ADM-",
                 (("group", "otros"),), gendered=False)
OCCUPATION = TermKind("ocupaciones", Occupation, OccupationSynonym, "occupation_id", "OC-ADM-",
                      (("isco_group", "9629"), ("sector", "servicios")), gendered=True)
KINDS = {kind.slug: kind for kind in (SKILL, OCCUPATION)}


class TaxonomyError(ValueError):
    """An edit that cannot be saved; the message is in Spanish."""


@dataclass(frozen=True)
class TermEdit:
    label_es: str
    label_en: str
    synonyms: list[str]
    esco_uri: str | None
    is_active: bool
    label_es_f: str | None = None
    # A skill's links: occupations that ask for it and courses that teach it (None: unchanged).
    occupation_ids: list[int] | None = None
    training_ids: list[int] | None = None


def get_term(session: Session, kind: TermKind, term_id: int | None):
    """The skill or occupation ``term_id`` (None for a new one); NotFound if there is none."""
    if term_id is None:
        return None
    entry = session.get(kind.model, term_id)
    if entry is None:
        raise NotFound(term_id)
    return entry


def list_terms(session: Session, kind: TermKind, query: str = "", page: int = 1):
    """Skills or occupations whose label, code or synonym contains ``query``."""
    model, synonym = kind.model, kind.synonym
    statement = sa.select(model).options(selectinload(model.synonyms)).order_by(model.code)
    # Control characters cannot be stored or searched (PostgreSQL refuses NUL); drop them.
    query = re.sub(r"[\x00-\x1f\x7f]", "", query).strip()[:80]
    if query:
        # The admin types words, not patterns: % and _ are searched for literally.
        escaped = query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        like = f"%{escaped}%"
        owner = getattr(synonym, kind.owner)

        def matches(column):
            return sa.func.lower(column).like(like, escape="\\")

        statement = statement.where(sa.or_(
            matches(model.label_es), matches(model.code),
            model.id.in_(sa.select(owner).where(matches(synonym.term)))))
    total = session.scalar(sa.select(sa.func.count()).select_from(statement.subquery()))
    pages = max(1, -(-total // PAGE))
    page = min(max(page, 1), pages)
    rows = list(session.scalars(statement.limit(PAGE).offset((page - 1) * PAGE)))
    return rows, page, pages


def parse_synonyms(text: str) -> list[str]:
    """One synonym a line (or separated by commas), trimmed, lower case, without repeats."""
    terms = [t.strip().lower() for t in re.split(r"[\n,;]", text or "")]
    return list(dict.fromkeys(t for t in terms if t))


def _check(edit: TermEdit) -> None:
    if not edit.label_es.strip() or not edit.label_en.strip():
        raise TaxonomyError(_("Escriba la etiqueta en castellano y en inglés."))
    if edit.esco_uri and not ESCO_URI.match(edit.esco_uri):
        raise TaxonomyError(_("La URI de ESCO no tiene la forma "
                              "http://data.europa.eu/esco/skill/… u …/occupation/…."))
    if any(len(t) > 120 for t in edit.synonyms):
        raise TaxonomyError(_("Cada sinónimo puede tener hasta 120 caracteres."))


def _check_links(session: Session, edit: TermEdit) -> None:
    for model, ids in ((Occupation, edit.occupation_ids), (Training, edit.training_ids)):
        wanted = set(ids or ())
        if wanted and len(set(session.scalars(sa.select(model.id).where(
                model.id.in_(wanted))))) != len(wanted):
            raise TaxonomyError(_("Elija las ocupaciones y los cursos de la lista."))


def _taken(session: Session, kind: TermKind, terms: list[str], own_id: int | None) -> list[str]:
    """Terms that already name another entry: matching maps each term to one entry only."""
    model, synonym = kind.model, kind.synonym
    owner = getattr(synonym, kind.owner)
    lowered = [t.lower() for t in terms]
    taken = set(session.scalars(sa.select(synonym.term).where(
        sa.func.lower(synonym.term).in_(lowered), owner != (own_id or -1))))
    taken |= set(session.scalars(sa.select(model.label_es).where(
        sa.func.lower(model.label_es).in_(lowered), model.id != (own_id or -1))))
    return sorted(taken)


def save_term(session: Session, kind: TermKind, term_id: int | None, edit: TermEdit,
              code: str | None = None):
    """Create (``term_id`` None, with ``code`` or the next free one) or update an entry; commit."""
    _check(edit)
    _check_links(session, edit)
    if term_id is None and code is None:
        code = next_code(session, kind)
    clash = _taken(session, kind, [edit.label_es, *edit.synonyms], term_id)
    if clash:
        raise TaxonomyError(_("Estos términos ya nombran otra entrada: %(terms)s",
                               terms=", ".join(clash)))
    model = kind.model
    if term_id is None:
        if not code or session.scalar(sa.select(model.id).filter_by(code=code)):
            raise TaxonomyError(_("Falta el código o ya existe."))
        entry = model(code=code, **dict(kind.defaults))
        session.add(entry)
    else:
        entry = session.get(model, term_id)
        if entry is None:
            raise TaxonomyError(_("No existe esa entrada."))
    entry.label_es = edit.label_es.strip().lower()
    entry.label_en = edit.label_en.strip()
    entry.esco_uri = edit.esco_uri or None
    entry.is_active = edit.is_active
    if kind.gendered:
        entry.label_es_f = (edit.label_es_f or edit.label_es).strip().lower()
    make = kind.synonym
    keep = set(edit.synonyms)
    entry.synonyms[:] = [s for s in entry.synonyms if s.term in keep]
    have = {s.term for s in entry.synonyms}
    entry.synonyms.extend(make(term=t) for t in edit.synonyms if t not in have)
    if kind is SKILL:
        session.flush()
        _link(session, occupation_skills, "occupation_id", Occupation, entry.id,
              edit.occupation_ids)
        _link(session, training_skills, "training_id", Training, entry.id, edit.training_ids)
    session.commit()
    return entry


# --- a skill's occupations and courses -----------------------------------------------------------

def link_choices(session: Session) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Occupations (id, label) and courses (id, title) a skill can be linked to."""
    occupations = [tuple(r) for r in session.execute(
        sa.select(Occupation.id, Occupation.label_es).where(Occupation.is_active.is_(True))
        .order_by(Occupation.label_es))]
    courses = [tuple(r) for r in session.execute(
        sa.select(Training.id, Training.title).order_by(Training.title))]
    return occupations, courses


def linked_ids(session: Session, skill_id: int | None) -> tuple[list[int], list[int]]:
    """The occupations and courses a skill is linked to now."""
    if skill_id is None:
        return [], []
    return (list(session.scalars(sa.select(occupation_skills.c.occupation_id)
                                 .where(occupation_skills.c.skill_id == skill_id))),
            list(session.scalars(sa.select(training_skills.c.training_id)
                                 .where(training_skills.c.skill_id == skill_id))))


def _link(session: Session, table: sa.Table, owner: str, model: type, skill_id: int,
          wanted: list[int] | None) -> None:
    """Make the rows of ``table`` for this skill exactly ``wanted``; not committed."""
    if wanted is None:
        return
    wanted = set(wanted)
    column = table.c[owner]
    have = set(session.scalars(sa.select(column).where(table.c.skill_id == skill_id)))
    if have - wanted:
        session.execute(sa.delete(table).where(table.c.skill_id == skill_id,
                                               column.in_(have - wanted)))
    for owner_id in sorted(wanted - have):
        session.execute(sa.insert(table).values({owner: owner_id, "skill_id": skill_id}))


def next_code(session: Session, kind: TermKind) -> str:
    """A fresh code for an entry the admin adds by hand: SK-ADM-001, OC-ADM-001, ..."""
    model, prefix = kind.model, kind.prefix
    codes = session.scalars(sa.select(model.code).where(model.code.like(prefix + "%")))
    numbers = [int(c[len(prefix):]) for c in codes if c[len(prefix):].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"
