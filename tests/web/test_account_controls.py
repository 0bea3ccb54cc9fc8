"""Account controls (issue 12, items 5–9): throttle races, staff MFA, sessions, secrets, input."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from models import (
    AuditEvent,
    Base,
    Notification,
    RecoveryCode,
    Role,
    StaffTotp,
    Territory,
    User,
    UserSession,
    utcnow,
)
from tests.factories import PASSWORD, TOTP_SECRET, ProfileFactory, UserFactory
from tests.helpers import (
    IsolatedClient,
    count,
    csrf_token,
    is_postgres,
    login,
    totp_code,
)
from web import create_app
from web.extensions import db
from web.services.passwords import common_passwords, hash_password, is_common

ROOT = Path(__file__).resolve().parents[2]


def _territory(code="quispicanchi"):
    return db.session.scalar(sa.select(Territory).filter_by(code=code))


def _counselor(email="urcos@cde.pe", **kwargs):
    return UserFactory(role=Role.COUNSELOR, phone=None, email=email, territory=_territory(),
                       **kwargs)


# --- 5. sign-in throttle: atomic, a delay per account, a hard limit per address ---------------

def _other_app(tmp_path, app, **settings):
    """An app whose requests can run in parallel threads: on SQLite a file database (an
    in-memory one is private to each thread); on PostgreSQL the test database."""
    if is_postgres():
        url = app.config["SQLALCHEMY_DATABASE_URI"]
    else:
        url = f"sqlite:///{tmp_path}/parallel.sqlite"
    other = create_app("testing", SQLALCHEMY_DATABASE_URI=url, **settings)
    other.test_client_class = IsolatedClient
    with other.app_context():
        if not is_postgres():
            Base.metadata.create_all(db.engine)
        db.session.add(User(role=Role.YOUTH, phone="987400001", display_name="Flor",
                            password_hash=hash_password(PASSWORD)))
        db.session.commit()
        db.session.remove()
    return other


def _parallel_sign_ins(other, identifiers: list[str], password: str) -> list[int]:
    """Every identifier tried at once, each from its own browser, all released together."""
    clients = [other.test_client() for _ in identifiers]
    tokens = [csrf_token(c, "/ingresar") for c in clients]
    start = threading.Barrier(len(identifiers))
    statuses: list[int] = []

    def attempt(client, token, identifier):
        start.wait()
        response = client.post("/ingresar", data={"identifier": identifier,
                                                  "password": password, "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=args)
               for args in zip(clients, tokens, identifiers, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return statuses


@pytest.fixture()
def hashed(monkeypatch):
    """How many passwords were checked against a hash (each evaluation checks one)."""
    from web.services import accounts

    calls = []
    real = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda h, p: calls.append(1) or real(h, p))
    return calls


@pytest.mark.parametrize("storage", ["database", "redis"])
def test_forty_parallel_wrong_passwords_are_counted_atomically(tmp_path, app, session, hashed,
                                                               storage):
    """Check and count are one atomic step: of 40 attempts released together, only the free
    five (and at most one through the delay gate) reach the hash; the rest get 429, never 500
    (SQLite answered 500 to all of them; PostgreSQL evaluated 18 against a limit of 5)."""
    settings = {}
    if storage == "redis":
        redis = pytest.importorskip("redis")
        store = redis.Redis.from_url("redis://127.0.0.1:6379/14")
        try:
            store.ping()
        except redis.exceptions.ConnectionError:
            pytest.skip("Redis is not running on 127.0.0.1:6379")
        store.flushdb()
        settings["RATELIMIT_STORAGE_URI"] = "redis://127.0.0.1:6379/14"
    other = _other_app(tmp_path, app, **settings)
    try:
        statuses = _parallel_sign_ins(other, ["987400001"] * 40, "mala clave")
        assert len(statuses) == 40
        assert not [s for s in statuses if s >= 500], statuses
        evaluated = statuses.count(200)
        assert 5 <= evaluated <= 6, statuses
        assert len(hashed) == evaluated
        assert statuses.count(429) == 40 - evaluated
    finally:
        if storage == "redis":
            store.flushdb()
            store.close()
        with other.app_context():
            db.session.execute(sa.delete(User).where(User.phone == "987400001"))
            db.session.commit()
            db.engine.dispose()


def test_the_address_limit_holds_under_parallel_attempts(tmp_path, app, session, hashed):
    other = _other_app(tmp_path, app, LOGIN_LIMIT_ADDRESS="8 per 15 minutes")
    try:
        statuses = _parallel_sign_ins(other, [f"98750{n:04d}" for n in range(24)], "mala")
        assert not [s for s in statuses if s >= 500], statuses
        assert statuses.count(200) == 8 and statuses.count(429) == 16
        assert len(hashed) == 8
    finally:
        with other.app_context():
            db.session.execute(sa.delete(User).where(User.phone == "987400001"))
            db.session.commit()
            db.engine.dispose()


def test_strangers_cannot_lock_out_a_counselor_who_signed_in_here_before(app, client):
    """The counselors' e-mails are public: a stranger's failures slow only strangers. A browser
    that signed in to the account before keeps signing in at once."""
    _counselor()
    assert login(client, "urcos@cde.pe").status_code == 302  # this browser is now known
    client.post("/salir", data={"csrf_token": csrf_token(client, "/cuenta")})
    stranger = app.test_client()
    for _ in range(5):
        assert login(stranger, "urcos@cde.pe", "adivinando").status_code == 200
    assert login(stranger, "urcos@cde.pe", PASSWORD).status_code == 429  # waits
    response = login(client, "urcos@cde.pe")
    assert response.status_code == 302 and response.headers["Location"].endswith("/inicio")


def test_the_delay_doubles_and_then_lets_the_right_password_in(app, client, monkeypatch):
    """No lockout: after the delay the account's owner signs in, even from a new browser."""
    from web import ratelimit

    ProfileFactory(user__phone="987000111")
    for _ in range(5):
        assert login(client, "987000111", "mala clave").status_code == 200
    assert login(client, "987000111", PASSWORD).status_code == 429
    with app.test_request_context():
        assert [ratelimit._delay(n) for n in (4, 5, 6, 7, 12)] == [0, 2, 4, 8, 120]
    # The gate's delay has run out (as if two seconds had passed).
    with app.app_context():
        ratelimit._storage().clear(f"login-gate:{_digest(app, '987000111')}")
    assert login(client, "987000111", PASSWORD).status_code == 302


def _digest(app, identifier):
    from web import ratelimit

    with app.test_request_context():
        return ratelimit.account_digest(identifier)


def test_sign_ins_failures_and_denials_are_logged_without_the_phone(client, caplog):
    ProfileFactory(user__phone="987000333")
    caplog.set_level(logging.INFO, logger="web.security")
    for _ in range(6):
        login(client, "987000333", "mala clave")
    with client.application.app_context():
        from web import ratelimit

        ratelimit._storage().reset()
    login(client.application.test_client(), "987000333")
    text = "\n".join(r.getMessage() for r in caplog.records if r.name == "web.security")
    assert "login failure account=" in text
    assert "login denied reason=account" in text
    assert "login success user=" in text and "session start user=" in text
    assert "987000333" not in text and "mala clave" not in text and PASSWORD not in text


# --- 6. staff MFA ----------------------------------------------------------------------------

def test_a_counselor_needs_the_code_after_the_password(client):
    _counselor()
    token = csrf_token(client, "/ingresar")
    response = client.post("/ingresar", data={"identifier": "urcos@cde.pe",
                                              "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"].endswith("/ingresar/verificacion")
    # The password alone signs nobody in.
    assert client.get("/consejeria/").status_code in (302, 404)
    wrong = client.post("/ingresar/verificacion", data={
        "code": "000000", "csrf_token": csrf_token(client, "/ingresar/verificacion")})
    assert wrong.status_code == 200 and "no es válido" in wrong.get_data(as_text=True)
    right = client.post("/ingresar/verificacion", data={
        "code": totp_code(TOTP_SECRET),
        "csrf_token": csrf_token(client, "/ingresar/verificacion")})
    assert right.status_code == 302 and right.headers["Location"].endswith("/inicio")
    assert client.get("/consejeria/").status_code == 200


def test_a_code_is_accepted_only_once(app, client):
    _counselor()
    code = totp_code(TOTP_SECRET)
    for browser, expected in ((client, 302), (app.test_client(), 200)):
        token = csrf_token(browser, "/ingresar")
        browser.post("/ingresar", data={"identifier": "urcos@cde.pe", "password": PASSWORD,
                                        "csrf_token": token})
        response = browser.post("/ingresar/verificacion", data={
            "code": code, "csrf_token": csrf_token(browser, "/ingresar/verificacion")})
        assert response.status_code == expected


def test_staff_created_on_the_command_line_enrol_at_first_sign_in(runner, client, session):
    result = runner.invoke(args=["users", "create-counselor", "--email", "nueva@cde.pe",
                                 "--name", "Nueva", "--territory", "quispicanchi",
                                 "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    token = csrf_token(client, "/ingresar")
    response = client.post("/ingresar", data={"identifier": "nueva@cde.pe",
                                              "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"].endswith("/ingresar/activar-verificacion")
    html = client.get("/ingresar/activar-verificacion").get_data(as_text=True)
    assert "otpauth://totp/Chamba:nueva%40cde.pe?secret=" in html
    assert "<svg" in html and "<script" not in html  # the QR code, drawn on the server
    secret = session.scalar(sa.select(StaffTotp.secret))
    assert " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) in html
    done = client.post("/ingresar/activar-verificacion", data={
        "code": totp_code(secret),
        "csrf_token": csrf_token(client, "/ingresar/activar-verificacion")})
    page = done.get_data(as_text=True)
    assert done.status_code == 200 and page.count("<li><code>") == 10
    assert client.get("/consejeria/").status_code == 200
    # Stored hashed only.
    codes = [c.split("</code>")[0] for c in page.split("<li><code>")[1:]]
    assert all(codes[0] not in h for h in session.scalars(sa.select(RecoveryCode.code_hash)))
    # A recovery code signs in once when the phone is lost.
    other = client.application.test_client()
    for expected in (302, 200):
        token = csrf_token(other, "/ingresar")
        other.post("/ingresar", data={"identifier": "nueva@cde.pe", "password": PASSWORD,
                                      "csrf_token": token})
        response = other.post("/ingresar/verificacion", data={
            "code": codes[0], "csrf_token": csrf_token(other, "/ingresar/verificacion")})
        assert response.status_code == expected
        other = client.application.test_client()


def test_staff_are_never_remembered(client, session):
    _counselor()
    token = csrf_token(client, "/ingresar")
    client.post("/ingresar", data={"identifier": "urcos@cde.pe", "password": PASSWORD,
                                   "remember": "y", "csrf_token": token})
    response = client.post("/ingresar/verificacion", data={
        "code": totp_code(TOTP_SECRET), "csrf_token": csrf_token(client, "/ingresar/verificacion")})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires" not in cookie  # gone with the browser
    assert session.scalar(sa.select(UserSession.remember)) is False


def test_a_youths_reset_code_is_audited_and_she_is_told(client, session):
    counselor = _counselor()
    profile = ProfileFactory(user__phone="965000222", district_code="081201")
    login(client, "urcos@cde.pe")
    response = client.post(f"/consejeria/jovenes/{profile.id}/codigo",
                           data={"csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 200
    audit = session.scalar(sa.select(AuditEvent).where(
        AuditEvent.subject_user_id == profile.user_id, AuditEvent.object_type == "user"))
    assert audit.actor_id == counselor.id and "código" in audit.detail
    notice = session.scalar(sa.select(Notification).filter_by(user_id=profile.user_id))
    assert "código nuevo" in notice.subject and counselor.display_name in notice.body


# --- 7. sessions -----------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["youth", "employer", "counselor", "admin"])
def test_every_signed_in_page_is_no_store(client, who):
    if who == "youth":
        ProfileFactory(user__phone="987300001")
        login(client, "987300001")
        pages = ["/joven/", "/cuenta", "/cuenta/sesiones"]
    elif who == "employer":
        login(client, app_employer().owner.email)
        pages = ["/empresa/", "/cuenta"]
    elif who == "counselor":
        _counselor()
        login(client, "urcos@cde.pe")
        pages = ["/consejeria/", "/cuenta"]
    else:
        UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe")
        login(client, "admin@cde.pe")
        pages = ["/admin/", "/cuenta", "/admin/sesiones"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response.headers.get("Cache-Control", ""), path


def test_sign_out_clears_the_site_data(client):
    ProfileFactory(user__phone="987300001")
    login(client, "987300001")
    response = client.post("/salir", data={"csrf_token": csrf_token(client, "/cuenta")})
    assert response.headers["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "Se cerró la sesión en todos los dispositivos." in response.get_data(as_text=True)


def test_a_person_sees_and_ends_her_own_sessions(app, client, session):
    ProfileFactory(user__phone="987300001")
    phone = app.test_client()
    login(client, "987300001")
    login(phone, "987300001", )
    page = client.get("/cuenta/sesiones", headers={"User-Agent": "x"}).get_data(as_text=True)
    assert page.count("Cerrar esta sesión") == 2 and "este dispositivo" in page
    other_id = session.scalars(sa.select(UserSession.id).order_by(UserSession.id)).all()[-1]
    response = client.post("/cuenta/sesiones/cerrar", data={
        "session_id": str(other_id), "csrf_token": csrf_token(client, "/cuenta/sesiones")})
    assert response.status_code == 302
    assert phone.get("/joven/").status_code == 302  # ended
    assert client.get("/joven/").status_code == 200  # this one goes on


def test_nobody_ends_someone_elses_session_by_its_number(app, client, session):
    ProfileFactory(user__phone="987300001")
    ProfileFactory(user__phone="987300002")
    victim = app.test_client()
    login(victim, "987300002")
    victim_session = session.scalar(sa.select(UserSession.id))
    login(client, "987300001")
    response = client.post("/cuenta/sesiones/cerrar", data={
        "session_id": str(victim_session), "csrf_token": csrf_token(client, "/cuenta")})
    assert response.status_code == 404
    assert victim.get("/joven/").status_code == 200


def test_a_session_ends_when_idle_and_at_its_absolute_lifetime(client, session):
    ProfileFactory(user__phone="987300001")
    login(client, "987300001")
    row = session.scalar(sa.select(UserSession))
    row.last_seen_at = utcnow() - timedelta(minutes=61)
    session.commit()
    assert client.get("/joven/").status_code == 302  # idle for over an hour
    login(client, "987300001")
    row = session.scalars(sa.select(UserSession).order_by(UserSession.id.desc())).first()
    row.created_at = utcnow() - timedelta(hours=9)
    row.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    assert client.get("/joven/").status_code == 302  # eight hours after sign-in, whatever use


def test_the_admin_ends_every_session_of_a_user(app, client, session):
    ProfileFactory(user__phone="987300001")
    youth = app.test_client()
    login(youth, "987300001")
    admin = UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe")
    login(client, "admin@cde.pe")
    response = client.post("/admin/sesiones", data={
        "identifier": "987300001", "csrf_token": csrf_token(client, "/admin/sesiones")})
    assert response.status_code == 302
    assert youth.get("/joven/").status_code == 302
    assert session.scalar(sa.select(AuditEvent.actor_id).where(
        AuditEvent.detail == "sesiones cerradas")) == admin.id
    # Nobody else may.
    assert youth.get("/admin/sesiones").status_code in (302, 404)
    login(youth, "987300001")
    assert youth.get("/admin/sesiones").status_code == 404


# --- 8. fail closed on secrets ---------------------------------------------------------------

def _env_without_secret(**extra):
    env = {k: v for k, v in os.environ.items()
           if k not in {"SECRET_KEY", "FLASK_RUN_FROM_CLI", "CHAMBA_ENV"}}
    return {**env, "CHAMBA_ENV": "development", **extra}


def test_gunicorn_with_the_shipped_config_refuses_to_serve_without_a_secret(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py"], cwd=ROOT,
        env=_env_without_secret(DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite",
                                GUNICORN_BIND="127.0.0.1:0", GUNICORN_WORKERS="1"),
        capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stdout + result.stderr


def test_the_development_key_is_refused_outside_flask_run(monkeypatch):
    from config import ConfigError

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    # `flask run` may use it, on this machine only.
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    dev = create_app("development", SQLALCHEMY_DATABASE_URI="sqlite://")
    assert dev.test_client().get("/privacidad").status_code == 200
    off_loopback = dev.test_client().get("/privacidad",
                                         environ_overrides={"SERVER_NAME": "0.0.0.0"})  # noqa: S104
    assert off_loopback.status_code == 503


def test_a_cookie_forged_with_the_development_key_opens_nothing(app, client):
    """Even signed with the right key, a cookie needs a live server-side session record."""
    from flask.sessions import SecureCookieSessionInterface

    admin = UserFactory(role=Role.ADMIN, phone=None, email="admin@cde.pe")
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    forged = serializer.dumps({"_user_id": admin.get_id(), "_fresh": True, "sid": "adivinado"})
    client.set_cookie("session", forged)
    response = client.get("/admin/")
    assert response.status_code in (302, 404)


def test_a_client_sent_forwarded_host_is_not_trusted():
    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://", PROXY_COUNT=1)
    app.add_url_rule("/_host", "host_probe", lambda: __import__("flask").request.host)
    response = app.test_client().get("/_host", headers={"X-Forwarded-Host": "evil.example",
                                                        "X-Forwarded-Proto": "https"})
    assert response.get_data(as_text=True) == "localhost"


# --- 9. input --------------------------------------------------------------------------------

HUGE = "9" * 400


def test_a_400_digit_number_gets_a_message_not_a_500(client, session):
    ProfileFactory(user__phone="987300001")
    login(client, "987300001")
    for path, data in (("/joven/perfil/experiencia", {"title": "Guía", "kind": "informal",
                                                      "months": HUGE}),
                       ("/joven/perfil/traslado", {"max_travel_km": HUGE, "relocate": "si"})):
        response = client.post(path, data={**data, "csrf_token": csrf_token(client, path)})
        assert response.status_code == 200, path
        assert "demasiado grande" in response.get_data(as_text=True), path
    employer = app_employer()
    client = client.application.test_client()
    login(client, employer.owner.email)
    path = "/empresa/ofertas/nueva"
    response = client.post(path, data={"title": "Mesera", "district": "081201",
                                       "contract_type": "temporal", "positions": HUGE,
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 200
    assert "demasiado grande" in response.get_data(as_text=True)


def app_employer():
    from models import EmployerStatus
    from tests.factories import EmployerFactory

    return EmployerFactory(status=EmployerStatus.VERIFIED, verified_at=utcnow(),
                           verified_by=_counselor(email="verifica@cde.pe"))


@pytest.mark.parametrize("name", ["Ana\u202eairaM", "Ro\u200bsa", "\u2067Flor\u2069", "Lu\ufeffz",
                                  "Ma\u200dría"])
def test_names_with_invisible_or_direction_characters_are_refused(client, name):
    from tests.web.test_auth import post_form, youth_form

    response = post_form(client, "/registro", youth_form(first_name=name))
    assert "caracteres invisibles" in response.get_data(as_text=True)
    assert count(User) == 0
    response = post_form(client, "/registro", youth_form(guardian_name=name,
                                                         birth_date="2010-01-01"))
    assert count(User) == 0


def test_the_password_list_is_long_and_knows_the_context():
    assert len(common_passwords()) >= 3000
    assert is_common("chamba2026") and is_common("Chamba!2026")
    assert is_common("987654321z", ["987654321"])
    assert is_common("rosa.quispe1", ["rosa.quispe@gmail.com"])
    assert not is_common("mi chacra en ocongate") and not is_common(PASSWORD)


def test_sign_up_refuses_a_password_built_on_the_own_phone(client):
    from tests.web.test_auth import post_form, youth_form

    response = post_form(client, "/registro", youth_form(phone="987 123 456",
                                                         password="987123456!"))
    assert "muy común" in response.get_data(as_text=True) and count(User) == 0


def test_sign_up_does_not_tell_whether_an_account_exists(client, monkeypatch):
    from tests.web.test_auth import post_form, youth_form
    from web.services import accounts

    ProfileFactory(user__phone="987555000", user__email="rosa@test.pe")
    hashes = []
    real = accounts.hash_password
    monkeypatch.setattr(accounts, "hash_password", lambda p: hashes.append(p) or real(p))
    taken = post_form(client, "/registro", youth_form(phone="987555000"))
    taken_email = post_form(client, "/registro", youth_form(phone="", email="rosa@test.pe"))
    assert hashes and len(hashes) == 2  # the same work as a new account: one hash each
    for response in (taken, taken_email):
        text = response.get_data(as_text=True)
        assert "No pudimos crear la cuenta con esos datos" in text
        assert "Ya existe" not in text


def test_code_redemption_does_the_same_work_for_every_account(client, monkeypatch):
    from web.services import accounts

    ProfileFactory(user__phone="987555001")  # an account without any code
    checks = []
    real = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda h, p: checks.append(1) or real(h, p))
    answers = []
    for identifier in ("987555001", "987555002"):
        path = "/cuenta/activar"
        response = client.post(path, data={"identifier": identifier, "code": "23456789",
                                           "password": "frase nueva 2026",
                                           "csrf_token": csrf_token(client, path)})
        answers.append(response.get_data(as_text=True).split("<main")[1].split("<form")[0])
    assert checks == [1, 1]
    assert answers[0] == answers[1]


def test_sign_up_is_throttled_per_address(client, app):
    from tests.web.test_auth import post_form, youth_form

    app.config["SIGNUP_LIMIT_ADDRESS"] = "2 per hour"
    try:
        statuses = [post_form(client, "/registro", youth_form(phone=f"98766600{n}")).status_code
                    for n in range(3)]
        # Each successful sign-up signs in; sign out between them.
    finally:
        app.config["SIGNUP_LIMIT_ADDRESS"] = "10 per hour"
    assert statuses[-1] == 429


def test_remember_me_keeps_a_youth_for_days_without_lengthening_everyone(app, client):
    ProfileFactory(user__phone="987300001")
    token = csrf_token(client, "/ingresar")
    response = client.post("/ingresar", data={"identifier": "987300001", "password": PASSWORD,
                                              "remember": "y", "csrf_token": token})
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    assert "Expires=" in cookie
    assert app.permanent_session_lifetime <= timedelta(hours=12)
    row = db.session.scalar(sa.select(UserSession))
    assert row.remember and row.expires_at - row.created_at == timedelta(days=7)


def test_the_command_line_makes_staff_enrol_again(runner, client, session):
    counselor = _counselor()
    login(client, "urcos@cde.pe")
    result = runner.invoke(args=["users", "reset-mfa", "--email", "urcos@cde.pe"])
    assert result.exit_code == 0, result.output
    assert session.get(StaffTotp, counselor.id) is None
    assert client.get("/consejeria/").status_code in (302, 404)  # signed out everywhere
    token = csrf_token(client, "/ingresar")
    response = client.post("/ingresar", data={"identifier": "urcos@cde.pe",
                                              "password": PASSWORD, "csrf_token": token})
    assert response.headers["Location"].endswith("/ingresar/activar-verificacion")


def test_erasing_the_account_deletes_its_sessions(client, session):
    ProfileFactory(user__phone="987300001")
    login(client, "987300001")
    assert count(UserSession) == 1
    client.post("/cuenta/borrar", data={"password": PASSWORD, "confirm": "y",
                                        "csrf_token": csrf_token(client, "/cuenta")})
    assert count(UserSession) == 0


def test_input_the_database_refuses_is_a_400_not_a_500():
    from sqlalchemy.exc import DataError

    app = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")

    def boom():
        raise DataError("SELECT :x", {"x": "a\x00b"}, ValueError("NUL"))

    app.add_url_rule("/_boom", "boom", boom)
    response = app.test_client().get("/_boom")
    assert response.status_code == 400
    assert "no es válida" in response.get_data(as_text=True)
