"""Keep ``updated_at`` true for profiles and vacancies whose related rows change.

A profile's skills, languages, months or experiences live in other tables, so
editing only them would leave the profile row, and its ``updated_at``, untouched;
whatever watches ``updated_at`` (the matcher's refresh) would miss the change.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .base import utcnow
from .candidate import CandidateLanguage, CandidateMonth, CandidateProfile, Experience
from .vacancy import Vacancy, VacancyLanguage, VacancyMonth, VacancySkill

PARENTS = {
    CandidateLanguage: (CandidateProfile, "profile_id"),
    CandidateMonth: (CandidateProfile, "profile_id"),
    Experience: (CandidateProfile, "profile_id"),
    VacancyLanguage: (Vacancy, "vacancy_id"),
    VacancyMonth: (Vacancy, "vacancy_id"),
    VacancySkill: (Vacancy, "vacancy_id"),
}


@sa.event.listens_for(Session, "before_flush")
def _touch_changed_parents(session: Session, _context, _instances) -> None:
    now = utcnow()
    touched = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, CandidateProfile | Vacancy):
            # A changed collection (skills, desired occupations) makes no UPDATE by itself.
            if session.is_modified(obj):
                touched.add(obj)
        elif type(obj) in PARENTS:
            model, key = PARENTS[type(obj)]
            parent_id = getattr(obj, key)
            parent = session.get(model, parent_id) if parent_id is not None else None
            if parent is not None:
                touched.add(parent)
    for parent in touched:
        # New rows get their default; a value set on purpose (imports, tests) is kept.
        if parent in session.new or parent in session.deleted:
            continue
        if not sa.inspect(parent).attrs.updated_at.history.has_changes():
            parent.updated_at = now
