"""What the security tests share: a token of a client's own session, and snapshots of every
table to prove a refused request changed nothing. The world itself is in tests/world.py."""

from __future__ import annotations

import sqlalchemy as sa

from models import Base
from tests.helpers import REFERENCE_TABLES, csrf_token
from web.extensions import db

# Tables whose content a request may change without it being a change of data.
# (a session's last use and the authenticator's last step move with every sign-in and page).
VOLATILE_TABLES = {"rate_limit_counters", "user_sessions", "staff_totp"}


def token_for(client) -> str:
    """A valid CSRF token of ``client``'s own session (every page's footer carries one)."""
    return csrf_token(client, "/privacidad")


def _fingerprint(table: sa.Table) -> sa.Select:
    """One row that changes when any row of a (large) reference table is added or edited."""
    parts = [sa.func.count()]
    for column in table.columns:
        if isinstance(column.type, sa.String):
            parts.append(sa.func.coalesce(sa.func.sum(sa.func.length(column)), 0))
        elif isinstance(column.type, sa.Boolean):
            parts.append(sa.func.count(sa.case((column.is_(True), 1))))
        else:
            parts.append(sa.func.count(column))
    return sa.select(*parts).select_from(table)


def snapshot() -> dict[str, list[tuple]]:
    """The content of every data table (a fingerprint of the reference tables), to compare
    before and after a request."""
    state = {}
    with db.engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in VOLATILE_TABLES:
                continue
            if table.name in REFERENCE_TABLES:
                state[table.name] = [tuple(connection.execute(_fingerprint(table)).one())]
                continue
            rows = connection.execute(sa.select(table)).all()
            state[table.name] = sorted(tuple(map(repr, row)) for row in rows)
    return state


def changed_tables(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after.get(name)]
