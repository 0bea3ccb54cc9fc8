"""Web hardening: headers on every page, cookies, request size, CSRF, staff CLI."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import Role, User
from tests.factories import ProfileFactory
from tests.helpers import login
from web import create_app

PUBLIC_PAGES = ["/", "/ingresar", "/registro", "/registro/empresa", "/privacidad",
                "/cuenta/activar", "/no-existe", "/healthz"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_security_headers_on_every_page(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_carry_no_inline_script_or_style(client):
    for path in PUBLIC_PAGES[:-1]:
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html and " style=" not in html


def test_session_cookie_is_httponly_and_lax(client):
    ProfileFactory(user__phone="987300001")
    response = login(client, "987300001")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_session_lasts_hours_not_a_month(app):
    assert app.permanent_session_lifetime.total_seconds() <= 12 * 3600


def test_production_cookie_is_secure_and_host_prefixed(monkeypatch):
    from models.crypto import new_key

    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("CHAMBA_DATA_KEY", new_key())
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production")
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"},
                                     base_url="https://chamba.example")
    assert response.status_code == 200
    assert "Strict-Transport-Security" in response.headers
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-chamba"
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]


def test_oversized_request_is_refused_with_413(client):
    response = client.post("/ingresar", data={"identifier": "x" * (300 * 1024)})
    assert response.status_code == 413
    assert "demasiado grande" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/ingresar", "/registro", "/registro/empresa",
                                  "/cuenta/activar", "/salir", "/cuenta/borrar",
                                  "/cuenta/consentimiento", "/consejeria/jovenes/nuevo"])
def test_every_state_changing_form_refuses_a_missing_csrf_token(client, path):
    ProfileFactory(user__phone="987300001")
    assert client.post(path, data={"identifier": "987300001"}).status_code == 400


def test_staff_cli_creates_counselor_and_admin(runner, session):
    result = runner.invoke(args=["users", "create-counselor", "--email", "Nueva@CDE.pe",
                                 "--name", "Nueva", "--territory", "quispicanchi",
                                 "--password", "cusco urcos 2026 cde"])
    assert result.exit_code == 0, result.output
    counselor = session.scalar(sa.select(User).filter_by(email="nueva@cde.pe"))
    assert counselor.role == Role.COUNSELOR and counselor.territory.code == "quispicanchi"
    result = runner.invoke(args=["users", "create-admin", "--email", "jefa@cde.pe",
                                 "--name", "Jefa", "--password", "programa chamba 2026"])
    assert result.exit_code == 0
    assert session.scalar(sa.select(User.role).filter_by(email="jefa@cde.pe")) == Role.ADMIN


@pytest.mark.parametrize(("args", "message"), [
    (["--territory", "lima", "--password", "cusco urcos 2026 cde"], "No existe el territorio"),
    (["--territory", "quispicanchi", "--password", "123456"], "al menos 8 caracteres"),
])
def test_staff_cli_refuses_bad_input(runner, args, message):
    result = runner.invoke(args=["users", "create-counselor", "--email", "x@cde.pe",
                                 "--name", "X", *args])
    assert result.exit_code != 0 and message in result.output
