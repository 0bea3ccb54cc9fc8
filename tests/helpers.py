"""What many tests do, in one place: dates of birth, forms with their CSRF token, signing in,
reference rows by name, and a real gunicorn to talk to over HTTP."""

from __future__ import annotations

import calendar
import contextvars
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
import uuid
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from flask import has_app_context
from flask.testing import FlaskClient

from models import Base, Occupation, Skill, Territory
from web.extensions import db

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "una frase segura 2026"
DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")

# Loaded once per run and kept between tests; every other table is emptied after each test.
REFERENCE_TABLES = {
    "territories", "districts", "skills", "skill_synonyms", "occupations",
    "occupation_synonyms", "occupation_skills", "taxonomy_versions",
}

_CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def is_postgres() -> bool:
    return DATABASE_URL.startswith("postgresql")


@contextmanager
def own_postgres_database(prefix: str):
    """A PostgreSQL database of this process's own next to TEST_DATABASE_URL, dropped after,
    so parallel runs and workers never collide; yields its URL."""
    name = f"{prefix}_{os.getpid()}"
    admin = sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield sa.make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def scratch_database(tmp_path, prefix: str = "chamba_scratch") -> tuple[str, callable]:
    """An empty database of its own and a function that drops it: an SQLite file in
    ``tmp_path``, or a new PostgreSQL database next to TEST_DATABASE_URL."""
    if not is_postgres():
        return f"sqlite:///{tmp_path}/{prefix}.sqlite", lambda: None
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return sa.make_url(DATABASE_URL).set(database=name).render_as_string(False), drop


def in_own_context(function, *args, **kwargs):
    """Call ``function`` in an empty context, where no app context is active.

    Flask keeps the current app context in a context variable: a fresh
    ``contextvars.Context`` is how a request on a server starts, with nothing of the test's.
    """
    return contextvars.Context().run(function, *args, **kwargs)


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    The tests hold an app context open to use the database; run in it, a request would
    share ``g`` (the signed-in user) and the database session with the test. Each request
    runs instead in a context of its own, and the test's session then forgets what it had
    loaded, so it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        response = in_own_context(super().open, *args, **kwargs)
        if has_app_context():
            db.session.expire_all()
        return response


# --- dates ------------------------------------------------------------------------------------

def years_ago(years: int, days: int = 0, today: date | None = None) -> date:
    """The birth date of someone who turns ``years`` today, moved ``days`` further back.

    On 29 February, a year without that day gives 28 February: the person has then already
    turned ``years``, as the law counts it, and the date exists. ``days=-1`` is a person
    who turns ``years`` tomorrow.
    """
    today = today or date.today()
    year = today.year - years
    day = 28 if (today.month, today.day) == (2, 29) and not calendar.isleap(year) else today.day
    return date(year, today.month, day) - timedelta(days=days)


# --- forms and signing in ---------------------------------------------------------------------

def csrf_token(client, path: str) -> str:
    """Fetch ``path`` and return the CSRF token its form carries."""
    html = client.get(path).get_data(as_text=True)
    match = _CSRF.search(html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, **kwargs):
    """POST ``data`` to ``path`` with the CSRF token its own page carries."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)}, **kwargs)


def login(client, identifier: str, password: str | None = None):
    """Sign in through the real form (CSRF token included); return the response.

    Staff also pass the second factor: the code is computed from their secret, as their
    authenticator app would (enrolling first when they have none yet)."""
    response = client.post("/ingresar", data={"identifier": identifier,
                                              "password": password or PASSWORD,
                                              "csrf_token": csrf_token(client, "/ingresar")})
    location = response.headers.get("Location", "") if response.status_code == 302 else ""
    if location.endswith("/ingresar/verificacion"):
        return pass_second_factor(client, identifier)
    if location.endswith("/ingresar/activar-verificacion"):
        html = client.get("/ingresar/activar-verificacion").get_data(as_text=True)
        secret = re.search(r'<code id="totp-secret">([A-Z2-7 ]+)</code>', html).group(1)
        enrolled = client.post("/ingresar/activar-verificacion", data={
            "code": totp_code(secret.replace(" ", "")),
            "csrf_token": csrf_token(client, "/ingresar/activar-verificacion")})
        assert enrolled.status_code == 200 and "recovery-codes" in enrolled.get_data(True)
        # Signed in; answer like a plain sign-in does: a redirect to the person's home.
        return client.get("/inicio")
    return response


def totp_code(secret: str, at=None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at ``at``)."""
    import pyotp

    return pyotp.TOTP(secret).at(at) if at is not None else pyotp.TOTP(secret).now()


def pass_second_factor(client, identifier: str):
    """Type the current code of ``identifier``'s authenticator at the second step.

    A code is accepted once per 30-second step; a test that signs the same person in twice
    within one step forgets the last step used, as if the next one had come."""
    from models import StaffTotp
    from web.services.accounts import find_user_id

    user_id = find_user_id(db.session, identifier)
    row = db.session.get(StaffTotp, user_id)
    row.last_step = None
    db.session.commit()
    return client.post("/ingresar/verificacion", data={
        "code": totp_code(row.secret),
        "csrf_token": csrf_token(client, "/ingresar/verificacion")})


class AuthActions:
    """Sign a test client in and out through the real forms (as in Flask's tutorial)."""

    def __init__(self, client):
        self.client = client

    def login(self, identifier: str, password: str | None = None, expect: int | None = 302):
        """Sign in; unless ``expect`` is None, fail at once when the answer is another one."""
        response = login(self.client, identifier, password)
        if expect is not None:
            assert response.status_code == expect, f"could not sign in as {identifier}"
        return response

    def logout(self):
        # Every page's footer carries a form with a token of this session.
        return self.client.post("/salir", data={"csrf_token": csrf_token(self.client,
                                                                         "/privacidad")})


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/ingresar" in response.headers.get("Location", "")


def viewed_by(html: str, who: str, action: str = "vio") -> bool:
    """Whether the account page's "who viewed or changed my data" list has a row
    "<date> · ``who`` · ``action``" (not just those words somewhere on the page)."""
    return re.search(rf"<li>[^<]*· {re.escape(who)} · {re.escape(action)}</li>", html) is not None


# --- the database -----------------------------------------------------------------------------

def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def empty_data_tables() -> None:
    """Delete every row the tests wrote, keeping the reference data loaded once per run."""
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


def territory(code: str) -> Territory:
    return db.session.scalar(sa.select(Territory).filter_by(code=code))


def skill(label_es: str) -> Skill:
    found = db.session.scalar(sa.select(Skill).filter_by(label_es=label_es))
    assert found is not None, f"no skill {label_es!r} in the reference data"
    return found


def occupation(label_es: str) -> Occupation:
    found = db.session.scalar(sa.select(Occupation).filter_by(label_es=label_es))
    assert found is not None, f"no occupation {label_es!r} in the reference data"
    return found


# --- a real gunicorn, spoken to over HTTP -----------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


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

    def token(self, path: str) -> str:
        status, html = self.get(path)
        match = _CSRF.search(html)
        assert match, f"no CSRF token on {path} (HTTP {status})"
        return match.group(1)

    def post(self, path: str, data: dict, headers: dict | None = None,
             timeout: float = 10) -> int:
        """POST ``data`` (the CSRF token must be in it); the HTTP status."""
        # Only ever http://127.0.0.1 (the server the test started).
        request = urllib.request.Request(self.base + path,  # noqa: S310
                                         data=urllib.parse.urlencode(data).encode(),
                                         headers=headers or {})
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status
        except urllib.error.HTTPError as error:
            error.close()
            return error.code

    def post_login(self, identifier: str, password: str, headers: dict | None = None) -> int:
        return self.post("/ingresar", {"identifier": identifier, "password": password,
                                       "csrf_token": self.token("/ingresar")}, headers)


def gunicorn_env(url: str, **extra: str) -> dict[str, str]:
    # The data key must be the one the test's own app wrote with (the public dev key in tests):
    # gunicorn refuses the dev key itself, so the test key is listed second, after a real one.
    from config import DEV_DATA_KEY
    from models.crypto import new_key

    return {**os.environ, "DATABASE_URL": url, "CHAMBA_ENV": "development",
            "SECRET_KEY": "gunicorn-test-secret-" + "x" * 20,
            "CHAMBA_DATA_KEY": f"{new_key()},{DEV_DATA_KEY}", **extra}


@contextmanager
def gunicorn(args: list[str], env: dict[str, str], start_seconds: float = 90):
    """Run ``gunicorn --bind <a free port> *args`` from the project folder until it answers
    /healthz; yield the process and its base URL. Fails if it ever printed a traceback.

    Starting takes a few seconds alone and much longer on a busy shared machine (each worker
    imports scikit-learn): the deadline is generous, the test's own time limit still holds.
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}",
                               *args], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    started = False
    try:
        deadline = time.monotonic() + start_seconds
        while server.poll() is None and time.monotonic() < deadline:
            try:
                if Browser(base).get("/healthz")[0] == 200:
                    started = True
                    break
            except OSError:
                pass
            time.sleep(0.2)
        if started:
            yield server, base
    finally:
        server.terminate()
        output = server.communicate(timeout=30)[0].decode()
    assert started, f"gunicorn did not answer within {start_seconds} s:\n{output[-3000:]}"
    assert "Traceback" not in output, output
