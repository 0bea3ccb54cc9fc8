"""A live Chamba on a free local port, and a real headless Chromium to drive it."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from models import Base
from web import create_app
from web.extensions import db
from web.services.reference import load_reference_data

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app from its own SQLite file in a background thread."""
    path = tmp_path_factory.mktemp("live") / "chamba.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}")
    with app.app_context():
        Base.metadata.create_all(db.engine)
        load_reference_data(db.session)
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


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
    from tests.conftest import totp_code
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
