"""The sign-in limit holds across several gunicorn workers (shared counters, not per process)."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import Base, Role, User
from tests.factories import PASSWORD
from tests.helpers import Browser, gunicorn, gunicorn_env, is_postgres
from web.services.passwords import hash_password


def _database(tmp_path, session, app) -> str:
    if is_postgres():
        session.add(User(role=Role.YOUTH, phone="987400001", display_name="Flor",
                         password_hash=hash_password(PASSWORD)))
        session.commit()
        return app.config["SQLALCHEMY_DATABASE_URI"]
    url = f"sqlite:///{tmp_path}/gunicorn.sqlite"
    engine = sa.create_engine(url)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(sa.insert(User.__table__), [dict(
            role="youth", phone="987400001", display_name="Flor", session_version=1,
            is_active=True, password_hash=hash_password(PASSWORD))])
    engine.dispose()
    return url


def attempts_by_worker(log: Path, attempts: int) -> dict[int, tuple[int, int]]:
    """Which worker (pid) answered each numbered sign-in attempt, and with which status, from
    gunicorn's access log.

    Each line is written by the worker that served the request, after it answered: wait
    until every attempt is there.
    """
    deadline = time.monotonic() + 10
    while True:
        served = {}
        for line in log.read_text().splitlines():
            pid, attempt, status = line.split()
            if attempt != "-":
                served[int(attempt)] = (int(pid.strip("<>")), int(status))  # %(p)s is "<pid>"
        if len(served) >= attempts or time.monotonic() > deadline:
            return served
        time.sleep(0.05)


@pytest.mark.timeout(300)  # three workers start and warm their matchers on a shared machine
def test_login_limit_holds_across_three_gunicorn_workers(tmp_path, session, app):
    """Four failures are evaluated per account; then the account waits. A refusal answered
    by a worker that itself evaluated fewer than four of them proves the counter is shared,
    and once the delay has passed the right password still works (no lockout)."""
    log = tmp_path / "access.log"
    env = gunicorn_env(_database(tmp_path, session, app), LOGIN_FREE_ATTEMPTS="4",
                       LOGIN_DELAY_MAX_SECONDS="3", LOGIN_LIMIT_ADDRESS="100 per hour")
    # The access log names the worker's pid, the attempt number the request carried and the
    # status it answered.
    args = ["--workers", "3", "--log-level", "warning", "--access-logfile", str(log),
            "--access-logformat", "%(p)s %({x-attempt}i)s %(s)s", "web:create_app()"]
    with gunicorn(args, env) as (_server, base):
        # A fresh connection for every attempt, so the workers take turns at random.
        statuses = [Browser(base).post_login("987400001", "mala clave", {"X-Attempt": str(n)})
                    for n in range(4)]
        assert statuses == [200] * 4
        evaluated = Counter(worker for worker, status in attempts_by_worker(log, 4).values()
                            if status == 200)
        # With per-process counters three workers would evaluate up to 12. Try until a worker
        # that evaluated fewer than four answers with a refusal.
        proof = None
        for n in range(4, 40):
            Browser(base).post_login("987400001", "mala clave", {"X-Attempt": str(n)})
            worker, status = attempts_by_worker(log, n + 1)[n]
            if status == 429 and evaluated[worker] < 4:
                proof = (worker, evaluated[worker])
                break
            evaluated[worker] += status == 200
        assert proof is not None, "every refusal came from a worker that evaluated four failures"
        assert len({worker for worker, _ in attempts_by_worker(log, n + 1).values()}) >= 2
        # Never locked: once the (capped) delay has passed, the right password works.
        time.sleep(3.5)
        assert Browser(base).post_login("987400001", PASSWORD) == 302


def test_throttle_counters_live_in_redis_when_configured(tmp_path, session, app):
    """With REDIS_URL set, the same limits hold, counted in Redis for every instance."""
    import redis

    from tests.helpers import IsolatedClient, login
    from web import create_app
    from web.extensions import db

    url = "redis://127.0.0.1:6379/15"
    store = redis.Redis.from_url(url)
    try:
        store.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    store.flushdb()
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=_database(tmp_path, session, app),
                       RATELIMIT_STORAGE_URI=url)
    other.test_client_class = IsolatedClient
    client = other.test_client()
    try:
        for _ in range(5):
            assert login(client, "987400001", "mala clave").status_code == 200
        assert login(client, "987400001", PASSWORD).status_code == 429
        assert any(b"login-account" in key for key in store.keys("*"))
    finally:
        store.flushdb()
        store.close()
        with other.app_context():
            db.engine.dispose()
