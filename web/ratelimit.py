"""Counters for throttling sign-in, in the app's database by default, or Redis when configured.

The in-memory store would give each gunicorn worker its own counters, so a limit
of 5 would really be 5 × workers. The database is already shared by every worker.

Every check is *count first, then decide* on the value one atomic increment returned
(``INSERT … ON CONFLICT DO UPDATE … RETURNING`` on SQLite and PostgreSQL, a Lua
INCRBY + EXPIRE in Redis): forty requests arriving together get forty different
numbers, so no more than the limit are ever evaluated. Checking first and counting
after (Flask-Limiter's ``deduct_when``) let all forty through.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import parse
from limits.storage import Storage, storage_from_string
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
        # One statement in its own transaction: SQLite takes the write lock at once (no
        # read-then-upgrade deadlock) and waits for it up to the connection's busy timeout.
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            return int(connection.execute(statement).scalar_one())

    def refund(self, key: str) -> None:
        """Give back one hit (a sign-in that succeeded does not count against an address)."""
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(TABLE.update().where(TABLE.c.key == key, TABLE.c.hits > 0)
                               .values(hits=TABLE.c.hits - 1))

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


limiter = Limiter(key_func=get_remote_address, key_prefix="chamba", strategy="fixed-window")
security_log = logging.getLogger("web.security")

DEVICE_COOKIE = "chamba_device"
DEVICE_DAYS = 180
# A device that signed in to the account before may keep trying while strangers wait, but
# only this many times per window (a stolen device cookie is no way around the limits).
DEVICE_ATTEMPTS = 10


def pseudonym(value: str) -> str:
    """A keyed digest of a phone or e-mail for logs and counter keys: short, storable whatever
    was typed (NUL bytes, 250 characters), and not reversible by trying every phone number."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]


def account_digest(identifier: str) -> str:
    from .services.accounts import split_login

    kind, value = next(iter(split_login(identifier[:254]).items()))
    return pseudonym(f"{kind}:{value}")


def login_account_key() -> str:
    """The counter key of the account named in the form, whatever address it comes from."""
    return f"login-account:{account_digest(request.form.get('identifier', ''))}"


def _storage() -> Storage:
    """This app's counter storage (one per app: tests build apps with different storages)."""
    storage = current_app.extensions.get("chamba_throttle")
    if storage is None:
        storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
        current_app.extensions["chamba_throttle"] = storage
    return storage


def _refund(key: str, expiry: int) -> None:
    storage = _storage()
    if isinstance(storage, DatabaseStorage):
        storage.refund(key)
    elif storage.incr(key, expiry, amount=-1) < 0:  # Redis: the key had expired meanwhile
        storage.clear(key)


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="chamba-device")


def device_cookie_value(user_id: int) -> str:
    import secrets

    return _device_serializer().dumps([user_id, secrets.token_urlsafe(8)])


def _device_user(raw: str | None) -> tuple[int, str] | None:
    if not raw or len(raw) > 200:
        return None
    try:
        user_id, _nonce = _device_serializer().loads(raw, max_age=DEVICE_DAYS * 86400)
    except (BadSignature, ValueError, TypeError):
        return None
    return (user_id, hashlib.sha256(raw.encode()).hexdigest()[:32]) \
        if isinstance(user_id, int) else None


@dataclass
class Attempt:
    """One counted sign-in (or code) attempt: what was counted, so the outcome can settle it."""

    address_key: str
    address_expiry: int
    account_key: str
    gate_key: str
    number: int  # this attempt's place among the account's recent attempts
    account: str  # pseudonym, for the log
    delay: int = 0
    denied: str | None = None  # "address" or "account" when refused without evaluation


def _delay(number: int) -> int:
    """Seconds the account waits after its ``number``-th attempt: 0 for the first few, then
    2, 4, 8 … up to the cap."""
    free = current_app.config["LOGIN_FREE_ATTEMPTS"]
    if number < free:
        return 0
    return min(2 ** (number - free + 1), current_app.config["LOGIN_DELAY_MAX_SECONDS"])


def begin_attempt(kind: str, identifier: str, account_id: int | None = None) -> Attempt:
    """Count one attempt of ``kind`` ("login", "code") for the account named by ``identifier``
    from this address, and say whether it may be evaluated.

    The address has a hard limit. The account never blocks: after a few attempts each one
    must wait for a delay that doubles (capped), and a device that signed in to this account
    before is exempt from the delay (it has a small limit of its own), so a stranger who
    hammers a counselor's public e-mail slows only strangers.
    """
    storage = _storage()
    limit = parse(current_app.config["LOGIN_LIMIT_ADDRESS"])
    address = get_remote_address() or "unknown"
    account = account_digest(identifier)
    attempt = Attempt(address_key=f"{kind}-address:{address}", address_expiry=limit.get_expiry(),
                      account_key=f"{kind}-account:{account}", gate_key=f"{kind}-gate:{account}",
                      number=0, account=account)
    if storage.incr(attempt.address_key, attempt.address_expiry) > limit.amount:
        attempt.denied = "address"
        return _denied(kind, attempt)
    window = 3600
    attempt.number = storage.incr(attempt.account_key, window)
    device = _device_user(request.cookies.get(DEVICE_COOKIE)) if kind == "login" else None
    if device is not None and account_id is not None and device[0] == account_id:
        if storage.incr(f"{kind}-device:{device[1]}", limit.get_expiry()) > DEVICE_ATTEMPTS:
            attempt.denied = "device"
            return _denied(kind, attempt)
        return attempt
    free = current_app.config["LOGIN_FREE_ATTEMPTS"]
    if attempt.number > free:
        attempt.delay = _delay(attempt.number)
        # The gate opens once per delay: the first attempt after it expires goes through.
        if storage.incr(attempt.gate_key, attempt.delay) > 1:
            attempt.denied = "account"
            return _denied(kind, attempt)
    return attempt


def _denied(kind: str, attempt: Attempt) -> Attempt:
    security_log.warning("%s denied reason=%s account=%s address=%s attempt=%d", kind,
                         attempt.denied, attempt.account, get_remote_address(), attempt.number)
    return attempt


def attempt_failed(kind: str, attempt: Attempt) -> None:
    """The password or code was wrong: from the free attempts on, the account waits."""
    delay = _delay(attempt.number)
    if delay:
        _storage().incr(attempt.gate_key, delay)
    security_log.warning("%s failure account=%s address=%s attempt=%d", kind, attempt.account,
                         get_remote_address(), attempt.number)


def attempt_succeeded(kind: str, attempt: Attempt, user_id: int) -> None:
    """Right password or code: the account's count starts again; the address gets its hit back."""
    storage = _storage()
    storage.clear(attempt.account_key)
    storage.clear(attempt.gate_key)
    _refund(attempt.address_key, attempt.address_expiry)
    security_log.info("%s success user=%d address=%s", kind, user_id, get_remote_address())


def count_address(kind: str, setting: str) -> bool:
    """Count one request of ``kind`` from this address; False when over the limit ``setting``."""
    limit = parse(current_app.config[setting])
    address = get_remote_address() or "unknown"
    allowed = _storage().incr(f"{kind}-address:{address}", limit.get_expiry()) <= limit.amount
    if not allowed:
        security_log.warning("%s denied reason=address address=%s", kind, address)
    return allowed
