"""A live Chamba on a free local port, and a real headless Chromium to drive it."""

from __future__ import annotations

import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from models import Base
from tests.helpers import PASSWORD, is_postgres, own_postgres_database
from web import create_app
from web.extensions import db
from web.services.reference import load_reference_data

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"


def pytest_collection_modifyitems(items):
    """A browser test starts a server and Chromium and walks whole journeys: it gets five
    minutes instead of the suite's two before it counts as hung."""
    for item in items:
        if item.get_closest_marker("e2e") and not item.get_closest_marker("timeout"):
            item.add_marker(pytest.mark.timeout(300))


@contextmanager
def live_database(folder: Path, name: str):
    """The run's PostgreSQL when TEST_DATABASE_URL names one (a database of its own), else
    an SQLite file: the browser tests exercise the same database as the rest of the run."""
    if is_postgres():
        with own_postgres_database(f"chamba_{name}") as url:
            yield url
    else:
        yield f"sqlite:///{folder / 'chamba.sqlite'}"


@contextmanager
def serving(app):
    """Serve ``app`` on a free local port in a background thread; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with app.app_context():
            db.engine.dispose()  # PostgreSQL drops a database only once nobody is on it


@contextmanager
def live_app(folder: Path, name: str, fill=load_reference_data):
    """An app on a database of its own, filled by ``fill(session)``, served; yields
    (app, base URL)."""
    with live_database(folder, name) as url:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            Base.metadata.create_all(db.engine)
            fill(db.session)
            db.session.remove()
        with serving(app) as base:
            yield app, base


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with its reference data, served from its own database."""
    with live_app(tmp_path_factory.mktemp("live"), "e2e") as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield chromium
        chromium.close()


@pytest.fixture()
def phone(browser):
    """A 360 px wide phone screen."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="es-PE")
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base: str, who: str, password: str = PASSWORD, app=None) -> None:
    """Sign in through the real form, as a person would; staff also pass the second factor
    (``app`` is needed only when they enrolled in an earlier sign-in)."""
    page.goto(base + "/ingresar")
    page.fill("#identifier", who)
    page.fill("#password", password)
    page.click("main button[type=submit]")
    pass_second_factor(page, app, who)
    assert "/ingresar" not in page.url, f"could not sign in as {who}"


def follow(locator) -> None:
    """Click a link or a submit button and wait until the page it leads to has loaded.

    A bare click returns as soon as the navigation starts; reading the page right then can
    see an empty document (it did once in CI)."""
    with locator.page.expect_navigation():
        locator.click()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target



def pass_second_factor(page, app, who: str) -> None:
    """After the password step: if Chamba asks staff member ``who`` for the second factor,
    answer as their authenticator app would (enrolling from the key shown on the page the
    first time; later from the enrolled secret, forgetting the last step used as if 30 s had
    passed, since a code is accepted once)."""
    import sqlalchemy as sa

    from models import StaffTotp
    from tests.helpers import totp_code
    from web.extensions import db
    from web.services.accounts import find_user_id

    page.wait_for_load_state()
    if "/ingresar/activar-verificacion" in page.url:
        secret = page.inner_text("#totp-secret").replace(" ", "")
        page.fill("#code", totp_code(secret))
        page.click("main form button[type=submit]")
        page.get_by_role("link", name="Ya los guardé, continuar").click()
    elif "/ingresar/verificacion" in page.url:
        with app.app_context():
            row = db.session.get(StaffTotp, find_user_id(db.session, who))
            secret = row.secret
            db.session.execute(sa.update(StaffTotp).where(StaffTotp.user_id == row.user_id)
                               .values(last_step=None))
            db.session.commit()
            db.session.remove()
        page.fill("#code", totp_code(secret))
        page.click("main button[type=submit]")
