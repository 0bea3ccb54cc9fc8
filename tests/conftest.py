"""Fixtures: app → client → signed-in users, on SQLite by default or TEST_DATABASE_URL.

Helpers that tests call (forms, sign-in, dates, lookups) live in ``tests/helpers.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir

from models import Base
from tests.helpers import (
    DATABASE_URL,
    AuthActions,
    IsolatedClient,
    empty_data_tables,
    is_postgres,
    own_postgres_database,
)
from web import create_app
from web.extensions import db
from web.services.reference import load_reference_data

# Property tests are reproducible (the same examples on every run and machine) and keep no
# example database. Hypothesis still caches a few things (constants, Unicode tables): in the
# system's temporary folder, never a .hypothesis/ in the working tree.
# The machine is shared and noisy: no example may fail for being slow (timing belongs in bench/).
settings.register_profile("chamba", derandomize=True, database=None, print_blob=True,
                          deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("chamba")
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "chamba-hypothesis")


@pytest.fixture(scope="session")
def database_url():
    """On PostgreSQL, a database of this run's own, so parallel runs never collide."""
    if not is_postgres():
        yield DATABASE_URL
        return
    with own_postgres_database("chamba_test") as url:
        yield url


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
    if "app" in request.fixturenames:
        empty_data_tables()


@pytest.fixture()
def session(app):
    return db.session


@pytest.fixture()
def client(app):
    return app.test_client()


@pytest.fixture()
def auth(client):
    """``auth.login("987000111")`` / ``auth.logout()`` on the test's ``client``."""
    return AuthActions(client)


@pytest.fixture()
def runner(app):
    return app.test_cli_runner()


@pytest.fixture()
def world(session):
    """Two territories with a counselor, a youth, a verified employer each (tests/world.py)."""
    from tests.world import build_world

    return build_world()


@pytest.fixture()
def as_role(app, world):
    """``as_role("counselor_q")`` → a client signed in as that member of the world."""
    from tests.world import client_as

    clients: dict[str, object] = {}

    def get(who: str):
        if who not in clients:
            clients[who] = client_as(app, world, who)
        return clients[who]

    return get
