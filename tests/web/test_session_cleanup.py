"""`flask sessions prune`: old sign-in records (they hold a device summary) do not pile up."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from models import UserSession, utcnow
from tests.factories import UserFactory
from web.extensions import db


def _session_row(user, *, started_days_ago: int, ended_days_ago: int | None,
                 lasts_hours: int = 8) -> int:
    start = utcnow() - timedelta(days=started_days_ago)
    row = UserSession(user_id=user.id, token_hash=f"{user.id}-{started_days_ago}-{ended_days_ago}"
                      .ljust(64, "0"), version=user.session_version, created_at=start,
                      last_seen_at=start, expires_at=start + timedelta(hours=lasts_hours),
                      device="Chrome · Android",
                      ended_at=None if ended_days_ago is None
                      else utcnow() - timedelta(days=ended_days_ago))
    db.session.add(row)
    db.session.commit()
    return row.id


def test_prune_deletes_sessions_that_ended_or_expired_long_ago_and_keeps_the_rest(runner, session):
    yeni = UserFactory()
    old_ended = _session_row(yeni, started_days_ago=40, ended_days_ago=39)
    old_expired = _session_row(yeni, started_days_ago=45, ended_days_ago=None)
    recent_ended = _session_row(yeni, started_days_ago=3, ended_days_ago=2)
    live = _session_row(yeni, started_days_ago=0, ended_days_ago=None)
    result = runner.invoke(args=["sessions", "prune"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 ")
    left = set(session.scalars(sa.select(UserSession.id)))
    assert left == {recent_ended, live} and not {old_ended, old_expired} & left
    # Run again: nothing more to delete. A shorter window takes the recent one too.
    assert runner.invoke(args=["sessions", "prune"]).output.startswith("0 ")
    assert runner.invoke(args=["sessions", "prune", "--days", "1"]).output.startswith("1 ")
    assert set(session.scalars(sa.select(UserSession.id))) == {live}


def test_prune_refuses_a_nonsense_window(runner):
    for days in ("0", "-3", "muchos", "9" * 400):
        result = runner.invoke(args=["sessions", "prune", "--days", days])
        assert result.exit_code != 0 and "Traceback" not in result.output
