"""Sensitive data encrypted at rest (issue #12 item 11): what the database file holds, what
happens with a missing or wrong key, and key rotation. Runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from config import DEV_DATA_KEY, ConfigError
from models import Application, Base, CandidateProfile, FollowUp, StaffTotp, Stage
from models.crypto import (
    DataKeyError,
    DataKeyring,
    EncryptedText,
    attach,
    encrypted_columns,
    new_key,
)
from tests.factories import TOTP_SECRET, counselor
from tests.helpers import ROOT, csrf_token, is_postgres, scratch_database, totp_code
from web import create_app
from web.extensions import db
from web.services import mfa

PAY, PROBLEM = "1234.50", "Le pagan con retraso y tiene una lesión en la espalda"


def _raw(sql: str, **params):
    """A bare SQL select: exactly what the database holds, no column types in the way."""
    return db.session.execute(sa.text(sql), params).one()


def test_follow_up_pay_and_problem_are_ciphertext_in_the_database(world, session):
    follow_up = world["follow_up_q"]
    follow_up.monthly_pay_pen = Decimal(PAY)
    follow_up.problem = PROBLEM
    session.commit()
    pay, problem = _raw("SELECT monthly_pay_pen, problem FROM follow_ups WHERE id = :id",
                        id=follow_up.id)
    for stored in (pay, problem):
        assert stored.startswith("gAAAAA")  # a Fernet token: version byte 0x80, base64
    assert "1234" not in pay and "espalda" not in problem and "retraso" not in problem
    # The app reads them back as they were written.
    session.expire_all()
    again = session.get(FollowUp, follow_up.id)
    assert again.monthly_pay_pen == Decimal(PAY) and again.problem == PROBLEM


def test_counselor_typed_pay_never_reaches_the_database_in_clear(world, as_role, session):
    application = session.get(Application, world["application_q"].id)
    application.stage = Stage.HIRED
    session.commit()
    client = as_role("counselor_q")
    path = f"/consejeria/seguimientos/{world['follow_up_q'].id}"
    response = client.post(path, data={"still_working": "1", "monthly_pay_pen": "987.65",
                                       "problem": "Trabaja de noche sin contrato",
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code in (200, 302)
    pay, problem = _raw("SELECT monthly_pay_pen, problem FROM follow_ups WHERE id = :id",
                        id=world["follow_up_q"].id)
    assert pay is not None and "987" not in pay and "noche" not in problem
    session.expire_all()
    assert session.get(FollowUp, world["follow_up_q"].id).monthly_pay_pen == Decimal("987.65")


def test_staff_totp_secret_is_ciphertext_and_still_verifies(session):
    staff = counselor("cifrado@cde.pe")
    (secret,) = _raw("SELECT secret FROM staff_totp WHERE user_id = :id", id=staff.id)
    assert TOTP_SECRET not in secret and secret.startswith("gAAAAA")
    session.expire_all()
    assert mfa.verify(session, staff, totp_code(TOTP_SECRET)) == "totp"


def test_a_secret_being_enrolled_is_ciphertext_too(session):
    staff = counselor("nuevo@cde.pe", authenticator=False)
    shown = mfa.pending_secret(session, staff)
    (stored,) = _raw("SELECT secret FROM staff_totp WHERE user_id = :id", id=staff.id)
    assert shown not in stored
    assert mfa.confirm(session, staff, totp_code(shown))


def test_sensitive_fields_no_feature_used_are_gone():
    """Ethnic identity, household income and health were collected but used by nothing."""
    columns = set(CandidateProfile.__table__.columns.keys())
    assert not columns & {"ethnic_identity", "household_income_pen", "health_condition"}


def test_every_sensitive_column_kept_is_encrypted():
    kept = {(table.name, column.name) for table, column in encrypted_columns(Base.metadata)}
    assert {("follow_ups", "monthly_pay_pen"), ("follow_ups", "problem"),
            ("staff_totp", "secret")} <= kept


# --- the key: missing, malformed, wrong, public ------------------------------------------------

@pytest.fixture()
def serving(monkeypatch):
    """The environment of a server (gunicorn): not a test, not the `flask` command."""
    monkeypatch.delenv("FLASK_RUN_FROM_CLI", raising=False)
    monkeypatch.delenv("CHAMBA_DATA_KEY", raising=False)
    return {"SECRET_KEY": "s" * 48, "SQLALCHEMY_DATABASE_URI": "sqlite://"}


def test_serving_without_a_data_key_fails_closed(serving):
    with pytest.raises(ConfigError, match="CHAMBA_DATA_KEY must be set") as info:
        create_app("development", **serving)
    assert "\n" not in str(info.value)


def test_serving_with_the_public_development_key_fails_closed(serving):
    with pytest.raises(ConfigError, match="public development key"):
        create_app("development", CHAMBA_DATA_KEY=DEV_DATA_KEY, **serving)


def test_a_malformed_key_is_refused_without_echoing_it(serving):
    typo = new_key()[:-3] + "!!!"
    with pytest.raises(ConfigError, match="key number 2 is not a valid key") as info:
        create_app("development", CHAMBA_DATA_KEY=f"{new_key()},{typo}", **serving)
    assert typo not in str(info.value)


@pytest.mark.parametrize("env", [{}, {"CHAMBA_DATA_KEY": DEV_DATA_KEY}, {"CHAMBA_DATA_KEY": " "}])
def test_production_needs_its_own_data_key(monkeypatch, env):
    monkeypatch.setenv("SECRET_KEY", "k" * 48)
    monkeypatch.setenv("DATABASE_URL", "sqlite://")
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")  # not even from the command line
    monkeypatch.delenv("CHAMBA_DATA_KEY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match="CHAMBA_DATA_KEY"):
        create_app("production")


def test_the_development_key_serves_tests_and_flask_run_only(serving, monkeypatch):
    monkeypatch.setenv("FLASK_RUN_FROM_CLI", "true")
    app = create_app("development", **serving)
    assert app.config["USING_DEV_DATA_KEY"] is True
    real = create_app("development", CHAMBA_DATA_KEY=new_key(), **serving)
    assert real.config["USING_DEV_DATA_KEY"] is False


def test_an_engine_without_keys_writes_nothing_in_clear():
    engine = sa.create_engine("sqlite://")
    metadata = sa.MetaData()
    table = sa.Table("secrets", metadata, sa.Column("id", sa.Integer, primary_key=True),
                     sa.Column("value", EncryptedText))
    metadata.create_all(engine)
    with engine.begin() as connection, pytest.raises(sa.exc.StatementError) as info:
        connection.execute(table.insert().values(id=1, value="en claro"))
    assert isinstance(info.value.orig, DataKeyError)
    assert "No data key: set CHAMBA_DATA_KEY" in str(info.value.orig)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM secrets")).scalar() == 0


# --- wrong key and rotation, on a database of their own ---------------------------------------

@pytest.fixture()
def own_database(tmp_path):
    url, drop = scratch_database(tmp_path, "chamba_keys")
    apps = []

    def app_with(keys: str):
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, CHAMBA_DATA_KEY=keys)
        apps.append(app)
        return app

    yield app_with
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
    drop()


def _store_secret(app) -> int:
    with app.app_context():
        Base.metadata.create_all(db.engine)
        user = _bare_user()
        db.session.add(StaffTotp(user_id=user, secret=TOTP_SECRET))
        db.session.commit()
        return user


def _bare_user() -> int:
    return db.session.execute(sa.text(
        "INSERT INTO users (role, display_name, email, session_version, is_active, created_at, "
        "territory_id) VALUES ('admin', 'Admin', 'llave@cde.pe', 1, :t, CURRENT_TIMESTAMP, NULL) "
        "RETURNING id"), {"t": True}).scalar_one()


def _read_secret(app, user: int) -> str:
    with app.app_context():
        try:
            return db.session.get(StaffTotp, user).secret
        finally:
            db.session.remove()


def _token(app, user: int) -> str:
    with app.app_context():
        return db.session.execute(sa.text("SELECT secret FROM staff_totp WHERE user_id = :u"),
                                  {"u": user}).scalar_one()


def _invoke(app, *args: str):
    # The session's test app may hold the outer app context: run under this app's own.
    with app.app_context():
        return app.test_cli_runner().invoke(args=list(args))


def test_a_wrong_key_fails_closed_with_a_clear_message(own_database):
    user = _store_secret(own_database(new_key()))
    stranger = own_database(new_key())
    with pytest.raises(DataKeyError, match="cannot be opened with CHAMBA_DATA_KEY") as info:
        _read_secret(stranger, user)
    assert TOTP_SECRET not in str(info.value)


def test_a_changed_token_is_refused_not_decrypted(own_database):
    """ASVS 11.3.3: the MAC covers the whole token; one changed character is an error."""
    app = own_database(new_key())
    user = _store_secret(app)
    token = _token(app, user)
    middle = len(token) // 2
    forged = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    with app.app_context():
        db.session.execute(sa.text("UPDATE staff_totp SET secret = :t WHERE user_id = :u"),
                           {"t": forged, "u": user})
        db.session.commit()
    with pytest.raises(DataKeyError):
        _read_secret(app, user)


def test_rotation_new_key_first_then_rotate_then_drop_the_old_key(own_database):
    old, new = new_key(), new_key()
    user = _store_secret(own_database(old))
    before = _token(own_database(old), user)
    both = own_database(f"{new},{old}")
    assert _read_secret(both, user) == TOTP_SECRET  # the old key still reads
    result = _invoke(both, "data-key", "rotate")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1 ")
    after = _token(both, user)
    assert after != before and TOTP_SECRET not in after
    only_new = own_database(new)
    assert _read_secret(only_new, user) == TOTP_SECRET
    with pytest.raises(DataKeyError):
        _read_secret(own_database(old), user)


def test_rotation_refuses_keys_that_cannot_open_the_data(own_database):
    user = _store_secret(own_database(new_key()))
    unrelated = own_database(new_key())
    result = _invoke(unrelated, "data-key", "rotate")
    assert result.exit_code != 0
    assert "list every key still in use" in result.output
    assert _token(unrelated, user).startswith("gAAAAA")


def test_data_key_new_prints_a_usable_key(app):
    result = app.test_cli_runner().invoke(args=["data-key", "new"])
    assert result.exit_code == 0
    DataKeyring(result.output.strip())


# --- the migration encrypts what was stored in clear ------------------------------------------

def test_migration_0007_encrypts_existing_rows_and_drops_unused_sensitive_columns(tmp_path):
    url, drop = scratch_database(tmp_path, "chamba_mig7")
    before = ScriptDirectory(str(ROOT / "migrations")).get_revision("0007").down_revision
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url, CHAMBA_DATA_KEY=new_key())
    try:
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"), revision=before)
            with db.engine.begin() as connection:
                # Rows as an older Chamba left them; the parents they point to do not matter.
                connection.execute(sa.text(
                    "SET session_replication_role = replica" if is_postgres()
                    else "PRAGMA foreign_keys = OFF"))
                connection.execute(sa.text(
                    "INSERT INTO follow_ups (id, application_id, months_after, due_on, "
                    "monthly_pay_pen, problem, safety_flag) VALUES "
                    "(1, 1, 1, '2026-12-01', 1130.5, :problem, :f), "
                    "(2, 1, 3, '2027-02-01', NULL, '', :f)"), {"problem": PROBLEM, "f": False})
                connection.execute(sa.text(
                    "INSERT INTO staff_totp (user_id, secret, created_at) "
                    "VALUES (1, :s, CURRENT_TIMESTAMP)"), {"s": TOTP_SECRET})
            upgrade(directory=str(ROOT / "migrations"), revision="0007")
            with db.engine.connect() as connection:
                rows = connection.execute(sa.text(
                    "SELECT monthly_pay_pen, problem FROM follow_ups ORDER BY id")).all()
                secret = connection.execute(sa.text("SELECT secret FROM staff_totp")).scalar()
                columns = {c["name"] for c in sa.inspect(connection).get_columns(
                    "candidate_profiles")}
            assert rows[0][0].startswith("gAAAAA") and "1130" not in rows[0][0]
            assert "espalda" not in rows[0][1] and rows[1][0] is None
            assert secret.startswith("gAAAAA") and TOTP_SECRET not in secret
            assert not columns & {"ethnic_identity", "household_income_pen", "health_condition"}
            keyring = app.extensions["data_keyring"]
            assert keyring.decrypt(rows[0][0]) == "1130.50"
            assert keyring.decrypt(rows[0][1]) == PROBLEM and keyring.decrypt(rows[1][1]) == ""
            assert keyring.decrypt(secret) == TOTP_SECRET
            # And back: the downgrade decrypts.
            downgrade(directory=str(ROOT / "migrations"), revision=before)
            with db.engine.connect() as connection:
                pay, problem = connection.execute(sa.text(
                    "SELECT monthly_pay_pen, problem FROM follow_ups WHERE id = 1")).one()
                secret = connection.execute(sa.text("SELECT secret FROM staff_totp")).scalar()
            assert Decimal(str(pay)) == Decimal("1130.50") and problem == PROBLEM
            assert secret == TOTP_SECRET
            db.engine.dispose()
    finally:
        drop()


def test_migration_0007_without_keys_changes_nothing(tmp_path, caplog):
    url, drop = scratch_database(tmp_path, "chamba_mig7k")
    before = ScriptDirectory(str(ROOT / "migrations")).get_revision("0007").down_revision
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    try:
        with app.app_context():
            upgrade(directory=str(ROOT / "migrations"), revision=before)
            attach(db.engine, None)
            with pytest.raises(SystemExit):  # what `flask db upgrade` does: exit 1, one line
                upgrade(directory=str(ROOT / "migrations"), revision="0007")
            assert "No data key: set CHAMBA_DATA_KEY" in caplog.text
            with db.engine.connect() as connection:
                columns = {c["name"] for c in sa.inspect(connection).get_columns(
                    "candidate_profiles")}
            assert "ethnic_identity" in columns
            db.engine.dispose()
    finally:
        drop()
