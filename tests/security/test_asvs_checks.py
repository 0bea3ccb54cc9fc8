"""Small checks that back rows of the ASVS 5.0 table in docs/SECURITY.md which no other test
covered: password fields, password length and exactness, recovery codes at rest, charset."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from models import RecoveryCode, User
from tests.factories import counselor
from tests.helpers import login, post_form, totp_code, years_ago
from web.services import mfa

PASSWORD_PAGES = ["/ingresar", "/registro", "/registro/empresa", "/cuenta/activar"]
_INPUT = re.compile(r"<input[^>]*>")


@pytest.mark.parametrize("path", PASSWORD_PAGES)
def test_password_fields_are_masked_and_let_paste_and_password_managers_work(client, path):
    """ASVS 6.2.6, 6.2.7."""
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data(as_text=True)
    fields = [tag for tag in _INPUT.findall(html) if 'name="password"' in tag]
    assert fields, f"no password field on {path}"
    for tag in fields:
        assert 'type="password"' in tag
        assert "onpaste" not in tag and 'autocomplete="off"' not in tag


def test_a_64_character_password_is_accepted_and_checked_exactly_as_typed(client, session):
    """ASVS 6.2.8, 6.2.9: no truncation, no trimming, no case folding."""
    password = "  una frase larga de sesenta y cuatro letras para chamba QUISPE  "
    password = (password * 2)[:64]
    assert len(password) == 64
    response = post_form(client, "/registro", {
        "first_name": "Larga", "last_name": "Frase", "phone": "987654329", "email": "",
        "birth_date": years_ago(20).isoformat(), "password": password,
        "consent": "y", "visible": "y"})
    assert response.status_code == 302
    user = session.scalar(sa.select(User).filter_by(phone="987654329"))
    assert user is not None
    other = client.application.test_client()
    for variant in (password.strip(), password.lower(), password[:63], password + "x"):
        assert login(other, "987654329", variant).status_code != 302, repr(variant)
    assert login(other, "987654329", password).status_code == 302


def test_recovery_codes_are_stored_as_password_hashes(session):
    """ASVS 6.5.2: lookup secrets of less than 112 bits are kept hashed (argon2id)."""
    staff = counselor("respaldo@cde.pe", authenticator=False)
    codes = mfa.confirm(session, staff, totp_code(mfa.pending_secret(session, staff)))
    assert codes and len(codes) == 10
    stored = [row.code_hash for row in session.scalars(
        sa.select(RecoveryCode).where(RecoveryCode.user_id == staff.id))]
    assert all(h.startswith("$argon2id$") for h in stored)
    assert not any(code in h for code in codes for h in stored)


@pytest.mark.parametrize("path", ["/", "/ingresar", "/privacidad", "/no-existe"])
def test_pages_declare_their_character_set(client, path):
    """ASVS 4.1.1."""
    assert client.get(path).headers["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE"])
def test_methods_the_site_does_not_use_are_refused(client, method):
    """ASVS 13.4.4: TRACE (and other unused methods) are not served."""
    for path in ("/", "/ingresar"):
        assert client.open(path, method=method).status_code == 405


def test_demo_accounts_are_never_seeded_into_production(monkeypatch):
    """ASVS 6.3.2, 15.2.3: the demo data's known password never reaches production."""
    from models.crypto import new_key
    from web import create_app
    from web.extensions import db

    monkeypatch.setenv("SECRET_KEY", "p" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("CHAMBA_DATA_KEY", new_key())
    production = create_app("production")
    with production.app_context():
        db.create_all()
        result = production.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code != 0
        assert "no se crean en producción" in result.output
        assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
        db.session.remove()
        db.engine.dispose()


def test_a_deactivated_account_loses_its_open_session_at_the_next_request(client, session):
    """ASVS 7.4.2: disabling an account ends what it has open, not only future sign-ins."""
    from tests.factories import ProfileFactory

    profile = ProfileFactory(user__phone="987300777")
    assert login(client, "987300777").status_code == 302
    assert client.get("/joven/").status_code == 200
    profile.user.is_active = False
    session.commit()
    response = client.get("/joven/")
    assert response.status_code == 302 and "/ingresar" in response.headers["Location"]


@pytest.mark.parametrize("who", ["youth_q", "employer_q", "counselor_q", "admin"])
def test_every_signed_in_home_offers_sign_out(as_role, who):
    """ASVS 7.4.4."""
    client = as_role(who)
    home = client.get("/inicio", follow_redirects=True)
    assert home.status_code == 200
    assert 'action="/salir"' in home.get_data(as_text=True)


def test_the_site_scripts_write_text_never_html_and_store_nothing_in_the_browser():
    """ASVS 3.2.2, 14.3.3, 1.3.2 (browser side): no innerHTML, no eval, no web storage."""
    from tests.helpers import ROOT

    scripts = list((ROOT / "web" / "static").rglob("*.js"))
    assert scripts
    for script in scripts:
        code = script.read_text("utf-8")
        for banned in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                       "eval(", "new Function", "localStorage", "sessionStorage", "indexedDB"):
            assert banned not in code, f"{banned} in {script.name}"


def test_an_unexpected_error_is_logged_with_its_traceback(caplog):
    """ASVS 16.3.4, 16.5.1: the person sees a plain page; the log keeps the details."""
    import logging

    from web import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")

    @app.get("/falla")
    def falla():
        raise RuntimeError("detalle interno")

    caplog.set_level(logging.ERROR)
    response = app.test_client().get("/falla")
    assert response.status_code == 500 and "detalle interno" not in response.get_data(as_text=True)
    logged = [r for r in caplog.records if r.levelno >= logging.ERROR and r.exc_info]
    assert logged and "detalle interno" in str(logged[0].exc_info[1])


def test_secrets_and_codes_are_long_enough(session):
    """ASVS 6.5.3, 6.5.4, 7.2.3, 11.5.1: CSPRNG values of the promised size."""
    from web.services import sessions

    staff = counselor("entropia@cde.pe", authenticator=False)
    secret = mfa.pending_secret(session, staff)
    assert len(secret) >= 32 and re.fullmatch(r"[A-Z2-7]+", secret)  # ≥ 160 bits, base32
    codes = mfa.confirm(session, staff, totp_code(secret))
    assert len(set(codes)) == len(codes) == 10
    for code in codes:
        letters = code.replace("-", "")
        assert len(letters) == 12 and set(letters) <= set(mfa._RECOVERY_ALPHABET)
    assert len(mfa._RECOVERY_ALPHABET) ** 12 > 2 ** 20
    tokens = {sessions.start(session, staff, device="", lifetime=timedelta(hours=1))
              for _ in range(20)}
    assert len(tokens) == 20 and all(len(t) >= 43 for t in tokens)  # 32 random bytes
