"""Fixtures: app → client → signed-in users, on SQLite by default or TEST_DATABASE_URL."""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

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


@pytest.fixture(scope="session")
def app():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=DATABASE_URL)
    with app.app_context():
        Base.metadata.drop_all(db.engine)
        Base.metadata.create_all(db.engine)
        load_reference_data(db.session)
        yield app
        db.session.remove()
        Base.metadata.drop_all(db.engine)
        db.engine.dispose()


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
    """Sign in through the real form (CSRF token included); return the response."""
    from tests.factories import PASSWORD

    token = csrf_token(client, "/ingresar")
    return client.post("/ingresar", data={"identifier": identifier,
                                          "password": password or PASSWORD,
                                          "csrf_token": token})
