"""The sign-in limit holds across several gunicorn workers (shared counters, not per process)."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import Base, Role, User
from tests.conftest import is_postgres
from tests.factories import PASSWORD
from web.services.passwords import hash_password

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


class Browser:
    """Just enough of a browser: cookies, GET a form, POST it with its CSRF token."""

    def __init__(self, base: str):
        self.base = base
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar),
                                                  _NoRedirect())

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(self.base + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def post_login(self, identifier: str, password: str) -> int:
        _, html = self.get("/ingresar")
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        body = urllib.parse.urlencode({"identifier": identifier, "password": password,
                                       "csrf_token": token}).encode()
        try:
            with self.opener.open(self.base + "/ingresar", data=body, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_login_limit_holds_across_three_gunicorn_workers(tmp_path, session, app):
    url = _database(tmp_path, session, app)
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": url, "CHAMBA_ENV": "development",
           "SECRET_KEY": "gunicorn-test-secret-" + "x" * 20,
           "LOGIN_FREE_ATTEMPTS": "4", "LOGIN_LIMIT_ADDRESS": "100 per hour"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "3", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "web:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 90  # preloading the app is slow on a busy machine
        while True:
            try:
                if browser.get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        # Fresh connections each time, so the requests spread over the workers.
        statuses = [Browser(browser.base).post_login("987400001", "mala clave")
                    for _ in range(4)]
        assert statuses == [200] * 4
        # With per-process counters three workers would allow up to 12; shared, the account
        # now waits (a second after the fourth failure) ...
        assert Browser(browser.base).post_login("987400001", PASSWORD) == 429
        assert Browser(browser.base).post_login("987400001", "mala clave") == 429
        # ... but is never locked: once the delay has passed, the right password works.
        time.sleep(4.5)
        assert Browser(browser.base).post_login("987400001", PASSWORD) == 302
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0].decode()
        assert "Traceback" not in output, output


def test_throttle_counters_live_in_redis_when_configured(tmp_path, session, app):
    """With REDIS_URL set, the same limits hold, counted in Redis for every instance."""
    import redis

    from tests.conftest import IsolatedClient, login
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
