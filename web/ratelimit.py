"""Flask-Limiter with its counters in the app's database by default, or Redis when configured.

The in-memory store would give each gunicorn worker its own counters, so a limit
of 5 would really be 5 × workers. The database is already shared by every worker.
"""

from __future__ import annotations

import hashlib
import time

import sqlalchemy as sa
from flask import request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import SQLAlchemyError

from models import RateLimitCounter

from .extensions import db

TABLE = RateLimitCounter.__table__


class DatabaseStorage(Storage):
    """A `limits` storage on the Flask-SQLAlchemy engine (fixed-window strategy)."""

    STORAGE_SCHEME = ["chamba+db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        now = time.time()
        dialect = db.engine.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(TABLE).values(key=key, hits=amount, expires_at=now + expiry)
        expired = TABLE.c.expires_at <= now
        # One atomic statement: two workers counting at once cannot lose a hit.
        statement = statement.on_conflict_do_update(
            index_elements=[TABLE.c.key],
            set_={
                "hits": sa.case((expired, amount), else_=TABLE.c.hits + amount),
                "expires_at": sa.case((expired, now + expiry), else_=TABLE.c.expires_at),
            },
        ).returning(TABLE.c.hits)
        with db.engine.begin() as connection:
            return int(connection.execute(statement).scalar_one())

    def get(self, key: str) -> int:
        with db.engine.connect() as connection:
            hits = connection.execute(sa.select(TABLE.c.hits).where(
                TABLE.c.key == key, TABLE.c.expires_at > time.time())).scalar()
        return int(hits or 0)

    def get_expiry(self, key: str) -> float:
        with db.engine.connect() as connection:
            expires = connection.execute(sa.select(TABLE.c.expires_at).where(
                TABLE.c.key == key)).scalar()
        return float(expires or time.time())

    def check(self) -> bool:
        try:
            with db.engine.connect() as connection:
                connection.execute(sa.select(sa.literal(1)))
        except SQLAlchemyError:
            return False
        return True

    def reset(self) -> int | None:
        with db.engine.begin() as connection:
            return connection.execute(TABLE.delete()).rowcount

    def clear(self, key: str) -> None:
        with db.engine.begin() as connection:
            connection.execute(TABLE.delete().where(TABLE.c.key == key))


def login_account_key() -> str:
    """Count failed sign-ins per account, whatever address they come from."""
    from .services.accounts import split_login

    identifier = request.form.get("identifier", "")[:254]
    kind, value = next(iter(split_login(identifier).items()))
    # A digest keeps the key short and storable whatever was typed (NUL bytes, 250 chars).
    digest = hashlib.sha256(f"{kind}:{value}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"login-account:{digest}"


def login_failed(response) -> bool:
    """A sign-in that did not redirect failed (wrong password, bad form)."""
    return response.status_code != 302


limiter = Limiter(key_func=get_remote_address, key_prefix="chamba", strategy="fixed-window")
