"""Is the database reachable? Used by /healthz and the 503 page."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Health:
    ok: bool
    database: str

    def as_dict(self) -> dict[str, str]:
        return {"status": "ok" if self.ok else "unavailable", "database": self.database}


def check_database(session: Session) -> Health:
    """Run a trivial query; report 'ok' or 'unavailable' without leaking the error."""
    try:
        session.execute(sa.text("SELECT 1"))
    except SQLAlchemyError:
        session.rollback()
        return Health(ok=False, database="unavailable")
    return Health(ok=True, database="ok")
