"""The matching bridge: plain-SQL loading equals the ORM view, and fits refresh on change."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from models import Occupation, Visibility
from tests.factories import ProfileFactory, VacancyFactory
from web.services import demo, matching


def test_plain_loading_gives_exactly_the_orm_candidates(session):
    demo.seed_demo(session, "pw-cache-2026", today=date.today())
    rows = matching.load_candidates(session)
    orm = {p.id: matching.to_candidate(p) for p in session.scalars(matching._active_profiles())}
    assert len(rows) == len(orm) >= 400
    assert all(row.candidate == orm[row.candidate.id] for row in rows)
    visible = {p.id for p in session.scalars(matching._pool_query("visible"))}
    assert {r.candidate.id for r in rows if r.visible} == visible


def test_a_new_profile_is_ranked_after_the_data_changes(session):
    waiter = session.scalar(sa.select(Occupation).filter_by(label_es="mesero"))
    vacancy = VacancyFactory(occupation=waiter, title="Mozo")
    matching.warm(session)
    assert matching.candidates_for(session, vacancy, "all") == []
    profile = ProfileFactory(desired_occupations=[waiter], visibility=Visibility.EMPLOYERS)
    ranked = matching.candidates_for(session, vacancy, "all")
    assert [p.id for p, _m in ranked] == [profile.id]
