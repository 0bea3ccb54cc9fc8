"""Fixtures: app → client → signed-in users, on SQLite by default or TEST_DATABASE_URL."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from flask.globals import _cv_app
from flask.testing import FlaskClient

from models import Base
from web import create_app
from web.extensions import db
from web.services.reference import load_reference_data

# Loaded once per run and kept between tests; every other table is emptied after each test.
REFERENCE_TABLES = {
    "territories", "districts", "skills", "skill_synonyms", "occupations",
    "occupation_synonyms", "occupation_skills", "taxonomy_versions",
}

DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "sqlite://")


def is_postgres() -> bool:
    return DATABASE_URL.startswith("postgresql")


class IsolatedClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    The tests hold an app context open to use the database; without this, Flask
    would run requests inside that same context, sharing ``g`` (the signed-in
    user) and the database session between the test and every request.
    """

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            response = super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)
        if _cv_app.get(None) is not None:
            db.session.expire_all()  # let the test see what the request wrote
        return response


@pytest.fixture(scope="session")
def database_url():
    """On PostgreSQL, a database of this run's own, so parallel runs never collide."""
    if not is_postgres():
        yield DATABASE_URL
        return
    name = f"chamba_test_{os.getpid()}"
    admin = sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield sa.make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def app(database_url):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        Base.metadata.create_all(db.engine)
        load_reference_data(db.session)
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _fresh_matchers(monkeypatch):
    """Tests change data between requests: check for changes on every ranking."""
    from web.services import matching

    monkeypatch.setattr(matching, "REFRESH_SECONDS", 0.0)
    matching.cache.clear()
    yield
    matching.cache.clear()


@pytest.fixture(autouse=True)
def _clean_tables(request):
    yield
    if "app" not in request.fixturenames:
        return
    db.session.remove()
    with db.engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                connection.execute(table.delete())


@pytest.fixture()
def session(app):
    return db.session


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


def csrf_token(client, path: str) -> str:
    """Fetch ``path`` and return the CSRF token its form carries."""
    import re

    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def login(client, identifier: str, password: str | None = None):
    """Sign in through the real form (CSRF token included); return the response.

    Staff also pass the second factor: the code is computed from their secret, as their
    authenticator app would (enrolling first when they have none yet)."""
    from tests.factories import PASSWORD

    token = csrf_token(client, "/ingresar")
    response = client.post("/ingresar", data={"identifier": identifier,
                                              "password": password or PASSWORD,
                                              "csrf_token": token})
    location = response.headers.get("Location", "") if response.status_code == 302 else ""
    if location.endswith("/ingresar/verificacion"):
        return pass_second_factor(client, identifier)
    if location.endswith("/ingresar/activar-verificacion"):
        html = client.get("/ingresar/activar-verificacion").get_data(as_text=True)
        import re

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
