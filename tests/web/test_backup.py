"""An operator backs up the live database and restores it: whole, consistent, only on purpose."""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session
from sqlalchemy.pool import NullPool

from models import (
    Base,
    CandidateProfile,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Role,
    User,
)
from tests.helpers import DATABASE_URL, IsolatedClient, is_postgres
from web import backup, create_app
from web.extensions import db
from web.services.reference import load_reference_data

ROOT = Path(__file__).resolve().parents[2]
HEAD = ScriptDirectory(str(ROOT / "migrations")).get_current_head()

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not is_postgres(), reason="TEST_DATABASE_URL is not PostgreSQL")]),
]


# --- fresh Chamba databases, copied from a template built once per module ------------------

def _admin_engine() -> sa.Engine:
    return sa.create_engine(DATABASE_URL, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def build_chamba_schema(url: str) -> None:
    """Tables, reference data and the Alembic stamp, as ``flask db upgrade`` leaves them."""
    engine = sa.create_engine(url, poolclass=NullPool)
    Base.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE alembic_version "
                                   "(version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        connection.execute(sa.text("INSERT INTO alembic_version VALUES (:v)"), {"v": HEAD})
    with Session(engine) as session:
        load_reference_data(session)
    engine.dispose()


class Databases:
    """Hands out fresh Chamba databases; PostgreSQL ones are dropped by ``close``."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._sqlite_template: Path | None = None
        self._pg_template: str | None = None
        self._pg_names: list[str] = []

    def new(self, backend: str, folder: Path, empty: bool = False) -> str:
        if backend == "sqlite":
            path = folder / "chamba.sqlite"
            path.parent.mkdir(parents=True, exist_ok=True)
            if not empty:
                shutil.copy(self._sqlite(), path)
            return f"sqlite:///{path}"
        name = f"chamba_scratch_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        template = "" if empty else f' TEMPLATE "{self._postgres()}"'
        self._create(name, template)
        return pg_url(name)

    def drop_scratch(self) -> None:
        names, self._pg_names = self._pg_names, []
        self._drop(names)

    def close(self) -> None:
        self.drop_scratch()
        if self._pg_template:
            self._drop([self._pg_template])

    def _sqlite(self) -> Path:
        if self._sqlite_template is None:
            path = self.folder / "template.sqlite"
            build_chamba_schema(f"sqlite:///{path}")
            self._sqlite_template = path
        return self._sqlite_template

    def _postgres(self) -> str:
        if self._pg_template is None:
            name = f"chamba_template_{os.getpid()}_{uuid.uuid4().hex[:8]}"
            self._create(name, "")
            self._pg_names.remove(name)
            build_chamba_schema(pg_url(name))
            self._pg_template = name
        return self._pg_template

    def _create(self, name: str, template: str) -> None:
        engine = _admin_engine()
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"{template}'))
        engine.dispose()
        self._pg_names.append(name)

    @staticmethod
    def _drop(names: list[str]) -> None:
        if not names:
            return
        engine = _admin_engine()
        with engine.connect() as connection:
            for name in names:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def pg_url(name: str) -> str:
    return sa.make_url(DATABASE_URL).set(database=name).render_as_string(hide_password=False)


def chamba_app(url: str, tmp_path: Path):
    """The real app on ``url``, with ``flask backup``/``restore`` and its own instance folder."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    app.instance_path = str(tmp_path / "instance")
    app.test_client_class = IsolatedClient
    if "backup" not in app.cli.commands:
        backup.register(app)
    return app


@contextmanager
def inside(app):
    """Work in ``app``'s context; its connections are closed however the test ends."""
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


def run_cli(app, *args: str):
    # The suite keeps its own app context open; this command must act on ``app``'s database.
    with inside(app):
        return app.test_cli_runner().invoke(args=list(args))


# --- writes that keep coming during the backup ----------------------------------------------

def phone(n: int) -> str:
    return f"9{n:08d}"


class SignupWriter(threading.Thread):
    """Signs up youth 1, 2, 3… each with profile and two consents, one commit each."""

    LIMIT = 20_000

    def __init__(self, url: str):
        super().__init__(daemon=True)
        self.engine = sa.create_engine(url, poolclass=NullPool)
        self.started = 0    # sign-ups whose commit has begun
        self.committed = 0  # sign-ups whose commit has returned
        self.halt = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with Session(self.engine) as session:
                while not self.halt.is_set() and self.started < self.LIMIT:
                    n = self.started + 1
                    user = User(role=Role.YOUTH, phone=phone(n), display_name=f"Joven {n}",
                                password_hash="x")
                    session.add_all([user, CandidateProfile(user=user, first_name=f"Joven {n}",
                                                            last_name="Quispe")])
                    session.add_all([Consent(user=user, purpose=purpose, granted=True,
                                             notice_version="2026-11",
                                             method=ConsentMethod.ONLINE)
                                     for purpose in (ConsentPurpose.PROCESSING,
                                                     ConsentPurpose.VISIBILITY)])
                    self.started = n
                    session.commit()
                    self.committed = n
                    session.expunge_all()
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error
        finally:
            self.engine.dispose()

    def wait_for(self, committed: int, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while self.committed < committed and self.error is None:
            assert time.monotonic() < deadline, f"only {self.committed} sign-ups in {seconds} s"
            time.sleep(0.01)
        assert self.error is None, self.error

    def finish(self) -> None:
        self.halt.set()
        self.join(timeout=20)
        assert not self.is_alive() and self.error is None, self.error

    def __enter__(self) -> SignupWriter:
        self.start()
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.finish()
        else:  # the test already failed: just stop writing
            self.halt.set()
            self.join(timeout=20)


def saved_signups(url: str) -> list[tuple[str, int, int]]:
    """Each youth's phone with how many profiles and consents they have."""
    engine = sa.create_engine(url, poolclass=NullPool)
    profiles = (sa.select(sa.func.count()).where(CandidateProfile.user_id == User.id)
                .scalar_subquery())
    consents = sa.select(sa.func.count()).where(Consent.user_id == User.id).scalar_subquery()
    with engine.connect() as connection:
        rows = connection.execute(sa.select(User.phone, profiles, consents)
                                  .where(User.role == Role.YOUTH).order_by(User.id)).all()
    engine.dispose()
    return [tuple(row) for row in rows]


def orphan_rows(url: str) -> int:
    """Rows whose foreign key points nowhere (0 when every reference holds)."""
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            orphans = len(connection.exec_driver_sql("PRAGMA foreign_key_check").all())
        else:
            orphans = 0
            for table in Base.metadata.sorted_tables:
                for fk in table.foreign_key_constraints:
                    parent = fk.referred_table
                    join = sa.and_(*(e.column == e.parent for e in fk.elements))
                    filled = sa.and_(*(e.parent.isnot(None) for e in fk.elements))
                    orphans += connection.scalar(
                        sa.select(sa.func.count()).select_from(table).where(
                            filled, ~sa.exists().where(join).select_from(parent)))
            # The restore must also bring the constraints back, not only the rows.
            assert sa.inspect(connection).get_foreign_keys("candidate_profiles")
    engine.dispose()
    return orphans


@pytest.mark.parametrize("backend", BACKENDS)
def test_backup_taken_during_signups_restores_a_consistent_prefix(backend, databases, tmp_path):
    url = databases.new(backend, tmp_path / "live")
    app = chamba_app(url, tmp_path)
    folder = tmp_path / "copias"
    folder.mkdir()
    with SignupWriter(url) as writer:
        writer.wait_for(10)
        before = writer.committed            # certainly in the snapshot
        result = run_cli(app, "backup", "--output", str(folder))
        after = writer.started               # the most the snapshot can hold
        assert result.exit_code == 0, result.output
        writer.wait_for(after + 3)           # the app kept writing through the backup
    copy, = folder.iterdir()
    assert copy.suffix == (".sqlite" if backend == "sqlite" else ".dump")
    assert oct(copy.stat().st_mode & 0o777) == "0o600"

    fresh = databases.new(backend, tmp_path / "restored", empty=True)
    result = run_cli(chamba_app(fresh, tmp_path), "restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert "Base de datos restaurada" in result.output

    restored = saved_signups(fresh)
    assert before <= len(restored) <= after < writer.committed
    # A prefix of what was written, each sign-up whole: never a user without profile or consents.
    assert restored == [(phone(n), 1, 2) for n in range(1, len(restored) + 1)]
    assert orphan_rows(fresh) == 0


@pytest.mark.parametrize("backend", BACKENDS)
def test_restore_over_a_live_database_brings_back_the_backup_and_keeps_a_safety_copy(
        backend, databases, tmp_path):
    url = databases.new(backend, tmp_path / "live")
    app = chamba_app(url, tmp_path)
    with SignupWriter(url) as writer:
        writer.wait_for(3)
    result = run_cli(app, "backup")
    assert result.exit_code == 0, result.output
    copy, = (tmp_path / "instance" / "backups").iterdir()
    assert copy.name.startswith("chamba-20") and str(copy) in result.output

    late = SignupWriter(url)  # sign-ups after the backup are undone by the restore
    late.started = late.committed = writer.committed
    with late:
        late.wait_for(writer.committed + 4)
    result = run_cli(app, "restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert saved_signups(url) == [(phone(n), 1, 2) for n in range(1, writer.committed + 1)]
    safety, = (tmp_path / "instance" / "backups").glob("chamba-antes-de-restaurar-*")
    assert str(safety) in result.output


@pytest.mark.parametrize("backend", BACKENDS)
def test_restore_without_yes_changes_nothing(backend, databases, tmp_path):
    url = databases.new(backend, tmp_path / "live")
    app = chamba_app(url, tmp_path)
    assert run_cli(app, "backup", "--output", str(tmp_path / "copia.bak")).exit_code == 0
    with SignupWriter(url) as writer:
        writer.wait_for(2)
    result = run_cli(app, "restore", str(tmp_path / "copia.bak"))
    assert result.exit_code == 1
    assert "Vuelva a ejecutar con --yes para confirmar" in result.output
    assert len(saved_signups(url)) == writer.committed
    assert not (tmp_path / "instance" / "backups").exists()


def _text_file(path: Path) -> Path:
    path.write_text("hola")
    return path


def _plain_sqlite(path: Path) -> Path:
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE notas (texto TEXT)")
        connection.commit()
    return path


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize(("what", "make", "message"), [
    ("text file", _text_file, "no es una copia de"),
    ("another SQLite database", _plain_sqlite, "no es una copia de"),
    ("missing file", lambda p: p, "No existe el archivo"),
], ids=["text", "foreign-sqlite", "missing"])
def test_restore_refuses_a_file_that_is_not_a_chamba_backup(backend, what, make, message,
                                                             databases, tmp_path):
    url = databases.new(backend, tmp_path / "live")
    bogus = make(tmp_path / "bogus.bak")
    result = run_cli(chamba_app(url, tmp_path), "restore", str(bogus), "--yes")
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    if backend == "sqlite" and what == "another SQLite database":
        assert "alembic_version" in result.output
    assert saved_signups(url) == []


def test_backup_refuses_to_overwrite_and_explains_an_in_memory_database(tmp_path, databases):
    url = databases.new("sqlite", tmp_path / "live")
    app = chamba_app(url, tmp_path)
    target = tmp_path / "copia.sqlite"
    assert run_cli(app, "backup", "--output", str(target)).exit_code == 0
    again = run_cli(app, "backup", "--output", str(target))
    assert again.exit_code == 1 and "ya existe" in again.output
    memory = run_cli(chamba_app("sqlite://", tmp_path), "backup")
    assert memory.exit_code == 1 and "en memoria" in memory.output


def test_missing_postgres_tools_give_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump anywhere
    app = chamba_app("postgresql+psycopg://chamba@127.0.0.1:1/chamba", tmp_path)
    result = run_cli(app, "backup")
    assert result.exit_code == 1
    assert "No se encontró pg_dump" in result.output and "Traceback" not in result.output


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
def test_failing_pg_dump_gives_its_reason_and_leaves_no_file(tmp_path):
    app = chamba_app("postgresql+psycopg://chamba@127.0.0.1:1/chamba", tmp_path)
    result = run_cli(app, "backup", "--output", str(tmp_path / "copia.dump"))
    assert result.exit_code == 1
    assert "pg_dump falló" in result.output and "Traceback" not in result.output
    assert list(tmp_path.glob("*copia*")) == []


def test_password_reaches_pg_dump_by_environment_never_by_command_line(tmp_path, monkeypatch):
    seen = {}

    def fake_run(args, env, **kwargs):
        seen.update(args=args, env=env)
        Path(args[-1].removeprefix("--file=")).write_bytes(b"PGDMP")
        return backup.subprocess.CompletedProcess(args, 0, "", "")

    monkeypatch.setattr(backup.shutil, "which", lambda tool: f"/usr/bin/{tool}")
    monkeypatch.setattr(backup.subprocess, "run", fake_run)
    url = "postgresql+psycopg://chamba:s3cr3t%20clave@db.internal:6543/chamba?sslmode=require"
    backup.backup_database(url, tmp_path / "copia.dump")
    assert not any("s3cr3t" in arg or "db.internal" in arg for arg in seen["args"])
    assert "--format=custom" in seen["args"] and "--no-password" in seen["args"]
    env = seen["env"]
    assert (env["PGPASSWORD"], env["PGHOST"], env["PGPORT"], env["PGUSER"], env["PGDATABASE"],
            env["PGSSLMODE"]) == ("s3cr3t clave", "db.internal", "6543", "chamba", "chamba",
                                  "require")


# --- retention -------------------------------------------------------------------------------

def test_backup_deletes_its_own_copies_older_than_the_retention_setting(tmp_path, databases):
    url = databases.new("sqlite", tmp_path / "live")
    app = chamba_app(url, tmp_path)
    app.config["BACKUP_RETENTION_DAYS"] = 10
    folder = tmp_path / "copias"
    folder.mkdir()
    old = time.time() - 11 * 86_400
    stale = [folder / "chamba-20250101-023000.sqlite",
             folder / "chamba-antes-de-restaurar-20250101-023000-2.sqlite"]
    young = folder / "chamba-20250125-023000.sqlite"
    foreign = folder / "notas-del-operador.sqlite"
    for path in (*stale, young, foreign):
        path.write_bytes(b"x")
    for path in (*stale, foreign):
        os.utime(path, (old, old))
    result = run_cli(app, "backup", "--output", str(folder))
    assert result.exit_code == 0 and "Borradas 2 copias de más de 10 días" in result.output
    left = {p.name for p in folder.iterdir()}
    assert not {p.name for p in stale} & left
    assert {young.name, foreign.name} <= left and len(left) == 3  # plus tonight's copy
