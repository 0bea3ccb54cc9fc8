"""The landing page, health check and error pages."""

from __future__ import annotations

import pytest

from config import ConfigError, get_config
from models.crypto import new_key
from web import create_app


def test_landing_page_says_what_chamba_is_and_leads_to_sign_in(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="es">' in html
    assert "Trabajo cerca de ti" in html
    for path in ("/ingresar", "/registro", "/registro/empresa"):
        assert f'href="{path}"' in html
    assert "<script" not in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_reports_database_down_with_503(tmp_path):
    broken = create_app("testing",
                        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.sqlite")
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unavailable"}


def test_pages_answer_spanish_503_when_the_database_is_down(tmp_path):
    broken = create_app("testing",
                        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.sqlite")
    response = broken.test_client().get("/registro/empresa")
    assert response.status_code == 503
    assert "no está disponible" in response.get_data(as_text=True)


def test_unknown_page_gets_friendly_spanish_404(client):
    response = client.get("/no-existe")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "No encontramos esta página" in html
    assert "Volver al inicio" in html


def test_api_404_is_json(client):
    response = client.get("/api/nada")
    assert response.status_code == 404
    assert response.json["error"] == 404


def test_unexpected_error_gets_spanish_500_without_a_trace():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Algo salió mal" in html
    assert "secret internals" not in html and "Traceback" not in html


def test_static_stylesheet_is_small(client):
    with client.get("/static/chamba.css") as response:
        assert response.status_code == 200
        assert len(response.data) < 8_000


@pytest.mark.parametrize(("env", "message"), [
    ({}, "SECRET_KEY"),
    ({"SECRET_KEY": "dev"}, "SECRET_KEY"),
    ({"SECRET_KEY": "x" * 40}, "DATABASE_URL"),
    ({"SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://"}, "CHAMBA_DATA_KEY"),
])
def test_production_refuses_to_start_without_real_settings(monkeypatch, env, message):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("CHAMBA_DATA_KEY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=message) as info:
        create_app("production")
    assert "\n" not in str(info.value)


def test_production_starts_with_real_settings(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("CHAMBA_DATA_KEY", new_key())
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    app = create_app("production")
    assert app.config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_unknown_environment_name_is_refused():
    with pytest.raises(ConfigError, match="CHAMBA_ENV"):
        get_config("staging")


def test_development_defaults_to_sqlite_in_the_instance_folder(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # as under `flask run`
    app = create_app("development")
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/chamba.sqlite")
