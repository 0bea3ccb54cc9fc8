"""The landing page on a 360 px phone, in a real browser."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import screenshot

pytestmark = pytest.mark.e2e


def test_youth_opens_landing_page_on_a_small_phone(live_server, phone):
    _app, base = live_server
    phone.goto(base + "/")
    assert phone.title().startswith("Trabajo cerca de ti")
    assert phone.locator("h1").inner_text() == "Trabajo cerca de ti"
    # Nothing sticks out sideways at 360 px.
    overflow = phone.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 360
    shot = screenshot(phone, "landing-360")
    assert shot.stat().st_size > 1000
    phone.get_by_role("link", name="Crear mi cuenta").click()
    assert phone.url.endswith("/registro")
