"""Backups: ``flask backup`` and ``flask restore`` for SQLite and PostgreSQL.

SQLite is copied with its online backup API, which reads one consistent snapshot
while the app keeps writing. PostgreSQL goes through ``pg_dump --format=custom``
(one repeatable-read snapshot) and ``pg_restore``; the connection details reach
them through the ``PG*`` environment variables, so the password never shows on a
command line (``ps`` would print it to every user of the machine).

A backup is written to a hidden ``.partial`` file and renamed when complete, so a
file with the final name is always a whole backup. Backups hold personal data:
they are readable by their owner only, and kept ``BACKUP_RETENTION_DAYS`` days: each
``flask backup`` deletes Chamba's older backups in the folder it writes to. People who
erase their account are told that number (``backup_retention_days()`` in templates).
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from contextlib import closing
from datetime import datetime
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app

from .extensions import db

# How long the SQLite copy waits for a writer to finish before giving up, in seconds.
SQLITE_BUSY_SECONDS = 30
SQLITE_MAGIC = b"SQLite format 3\x00"
# URL query options that libpq also reads from the environment.
LIBPQ_QUERY_ENV = {
    "host": "PGHOST", "port": "PGPORT", "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY", "connect_timeout": "PGCONNECT_TIMEOUT",
    "application_name": "PGAPPNAME", "target_session_attrs": "PGTARGETSESSIONATTRS",
}


# The names ``default_backup_path`` gives; pruning never touches any other file.
BACKUP_NAME = re.compile(r"^chamba(-antes-de-restaurar)?-\d{8}-\d{6}(-\d+)?\.(sqlite|dump)$")


class BackupError(RuntimeError):
    """A backup or restore that cannot proceed; the message is for the operator, in Spanish."""


def _kind(url: sa.URL) -> str:
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:" or "mode=memory" in url.database:
            raise BackupError("La base de datos está en memoria: no hay archivo que respaldar "
                              "ni que restaurar.")
        return "sqlite"
    if backend == "postgresql":
        return "postgresql"
    raise BackupError(f"Solo se respaldan bases SQLite o PostgreSQL, no {backend!r}.")


def suffix_for(url: sa.URL | str) -> str:
    """The file extension of a backup of ``url``: ``.sqlite`` or ``.dump``."""
    return ".sqlite" if _kind(sa.make_url(url)) == "sqlite" else ".dump"


def default_backup_path(directory: Path, url: sa.URL | str, prefix: str = "chamba") -> Path:
    """A new file in ``directory`` named ``<prefix>-YYYYmmdd-HHMMSS.<sqlite|dump>``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = suffix_for(url)
    path = directory / f"{prefix}-{stamp}{suffix}"
    n = 1
    while path.exists():  # two backups within one second
        n += 1
        path = directory / f"{prefix}-{stamp}-{n}{suffix}"
    return path


def backup_database(url: sa.URL | str, target: Path) -> Path:
    """Copy the database at ``url`` into the new file ``target``, consistently; return it."""
    url = sa.make_url(url)
    kind = _kind(url)
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} ya existe; elija otro nombre para no sobrescribirlo.")
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    # Owner-only from the first byte; the tools then write into this empty file.
    os.close(os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    try:
        if kind == "sqlite":
            _sqlite_backup(url, partial)
        else:
            _pg_backup(url, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def retention_days() -> int:
    """How many days a backup is kept (``BACKUP_RETENTION_DAYS``), at least one."""
    return max(1, int(current_app.config["BACKUP_RETENTION_DAYS"]))


def prune_backups(folder: Path, days: int, now: float | None = None) -> list[Path]:
    """Delete Chamba's backups in ``folder`` older than ``days`` days; return what went.

    Only files named as ``flask backup`` names them are considered, by their modification
    time; anything else in the folder stays.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return []
    limit = (time.time() if now is None else now) - days * 86_400
    gone = []
    for path in sorted(folder.iterdir()):
        if BACKUP_NAME.match(path.name) and path.is_file() and path.stat().st_mtime < limit:
            path.unlink()
            gone.append(path)
    return gone


def check_backup(url: sa.URL | str, path: Path) -> str:
    """Make sure ``path`` is a whole Chamba backup restorable into ``url``; describe it."""
    url = sa.make_url(url)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"No existe el archivo {path}.")
    if _kind(url) == "sqlite":
        return _sqlite_check(path)
    return _pg_check(url, path)


def restore_database(url: sa.URL | str, path: Path) -> str:
    """Replace every table of the database at ``url`` with the backup ``path``; describe it."""
    url = sa.make_url(url)
    description = check_backup(url, path)
    if _kind(url) == "sqlite":
        _sqlite_restore(url, Path(path))
    else:
        _pg_restore(url, Path(path))
    return description


# --- SQLite ---------------------------------------------------------------------------------

def _is_uri(url: sa.URL) -> bool:
    return str(url.query.get("uri", "")).lower() in ("true", "1")


def _has_file(url: sa.URL) -> bool:
    return _is_uri(url) or Path(url.database).is_file()


def _sqlite_connect(url: sa.URL, read_only: bool) -> sqlite3.Connection:
    database = url.database
    if _is_uri(url):
        # sqlite:///file:...?mode=ro&uri=true: SQLAlchemy moved the options into the query.
        options = "&".join(f"{k}={v}" for k, v in url.query.items() if k != "uri")
        database = f"{database}?{options}" if options else database
    else:
        path = Path(database)
        if read_only and not path.is_file():
            raise BackupError(f"No existe la base de datos {path}.")
        if not path.parent.is_dir():
            raise BackupError(f"No existe la carpeta {path.parent}.")
        # A URI opens the file read-only, so a wrong path never creates an empty database.
        database = path.resolve().as_uri() + ("?mode=ro" if read_only else "")
    try:
        return sqlite3.connect(database, uri=True, timeout=SQLITE_BUSY_SECONDS)
    except sqlite3.Error as error:
        raise BackupError(f"No se pudo abrir la base de datos SQLite: {error}.") from None


def _sqlite_backup(url: sa.URL, partial: Path) -> None:
    try:
        with closing(_sqlite_connect(url, read_only=True)) as source, \
                closing(sqlite3.connect(partial)) as copy:
            # One step (pages=-1): the whole file under one read lock, a single snapshot.
            source.backup(copy)
    except sqlite3.Error as error:
        raise BackupError(f"No se pudo copiar la base de datos SQLite: {error}.") from None


def _sqlite_check(path: Path) -> str:
    with path.open("rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{path} no es una copia de SQLite.")
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as copy:
            state = copy.execute("PRAGMA quick_check").fetchone()[0]
            has_version = copy.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
            version = copy.execute("SELECT version_num FROM alembic_version").fetchone() \
                if has_version else None
    except sqlite3.Error as error:
        raise BackupError(f"{path} no se puede leer como copia de SQLite: {error}.") from None
    if state != "ok":
        raise BackupError(f"{path} está dañado ({state}); use otra copia.")
    if version is None:
        raise BackupError(f"{path} no es una copia de Chamba (no tiene la tabla "
                          "alembic_version).")
    return f"copia SQLite, versión de esquema {version[0]}"


def _sqlite_restore(url: sa.URL, path: Path) -> None:
    # The backup API the other way: it writes the live file page by page inside one
    # transaction, so other connections see the old data or the new, never a mix, and a
    # crash half-way is rolled back from the journal.
    try:
        with closing(sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)) as copy, \
                closing(_sqlite_connect(url, read_only=False)) as live:
            copy.backup(live)
    except sqlite3.Error as error:
        raise BackupError(f"No se pudo restaurar la base de datos SQLite: {error}.") from None


# --- PostgreSQL -----------------------------------------------------------------------------

def libpq_environment(url: sa.URL) -> dict[str, str]:
    """The environment that points ``pg_dump``/``pg_restore`` at ``url``, password included."""
    env = dict(os.environ)
    for value, name in ((url.host, "PGHOST"), (url.port, "PGPORT"),
                        (url.username, "PGUSER"), (url.password, "PGPASSWORD"),
                        (url.database, "PGDATABASE")):
        if value is not None:
            env[name] = str(value)
    for option, name in LIBPQ_QUERY_ENV.items():
        value = url.query.get(option)
        if isinstance(value, tuple):  # several hosts: libpq takes them comma-separated
            value = ",".join(value)
        if value:
            env[name] = str(value)
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return env


def _run_pg_tool(tool: str, arguments: list[str], url: sa.URL) -> str:
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"No se encontró {tool}. Instale el cliente de PostgreSQL de la misma "
                          "versión mayor que el servidor (en Debian: postgresql-client-15).")
    try:
        # --no-password: fail at once instead of waiting for someone to type it.
        done = subprocess.run([program, "--no-password", *arguments],  # noqa: S603
                              env=libpq_environment(url), capture_output=True, text=True,
                              check=False)
    except OSError as error:
        raise BackupError(f"No se pudo ejecutar {tool}: {error}.") from None
    if done.returncode != 0:
        detail = " ".join(done.stderr.split()[-60:]).rstrip(".") or "sin detalle"
        hint = ""
        if "version mismatch" in detail:
            hint = (" La versión de las herramientas de PostgreSQL no coincide con la del "
                    "servidor: instale el cliente de la misma versión mayor.")
        raise BackupError(f"{tool} falló (código {done.returncode}): {detail}.{hint}")
    return done.stdout


def _pg_backup(url: sa.URL, partial: Path) -> None:
    _run_pg_tool("pg_dump", ["--format=custom", f"--file={partial}"], url)


ALEMBIC_IN_LIST = re.compile(r"^\d+;.* TABLE \S+ alembic_version\b", re.MULTILINE)


def _pg_check(url: sa.URL, path: Path) -> str:
    try:
        listing = _run_pg_tool("pg_restore", ["--list", str(path)], url)
    except BackupError as error:
        if shutil.which("pg_restore") is None:
            raise
        raise BackupError(f"{path} no es una copia de pg_dump en formato custom.") from error
    if not ALEMBIC_IN_LIST.search(listing):
        raise BackupError(f"{path} no es una copia de Chamba (no tiene la tabla "
                          "alembic_version).")
    return "copia de PostgreSQL (pg_dump, formato custom)"


def _quote_conninfo(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _pg_restore(url: sa.URL, path: Path) -> None:
    # One transaction: if anything fails, the database is left exactly as it was.
    _run_pg_tool("pg_restore", [
        "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
        f"--dbname=dbname={_quote_conninfo(url.database or '')}", str(path)], url)


# --- the commands ---------------------------------------------------------------------------

def _database_url() -> sa.URL:
    return sa.make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1_000_000:.1f} MB"


@click.command("backup")
@click.option("--output", "output", type=click.Path(path_type=Path),
              help="File (or existing folder) to write; instance/backups/ by default.")
def backup_command(output: Path | None) -> None:
    """Copy the database to a file, safely while the app is running."""
    url = _database_url()
    try:
        if output is None or output.is_dir():
            folder = output or Path(current_app.instance_path) / "backups"
            output = default_backup_path(folder, url)
        path = backup_database(url, output)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Copia de seguridad guardada en {path} ({_size(path)}).")
    # Erased people were told their data leaves the backups after this many days.
    days = retention_days()
    gone = prune_backups(path.parent, days)
    if gone:
        click.echo(f"Borradas {len(gone)} copias de más de {days} días "
                   "(BACKUP_RETENTION_DAYS).")


@click.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Confirm: every table is replaced by the backup.")
@click.option("--no-safety-copy", is_flag=True,
              help="Do not back up the current database first.")
def restore_command(path: Path, yes: bool, no_safety_copy: bool) -> None:
    """Replace the whole database with a backup made by `flask backup`."""
    url = _database_url()
    try:
        description = check_backup(url, path)
        if not yes:
            raise BackupError(
                f"Esto reemplaza TODOS los datos de {url.database} por los de {path} "
                f"({description}). Vuelva a ejecutar con --yes para confirmar.")
        db.engine.dispose()  # hold no connection of ours while the data is replaced
        if not no_safety_copy and (url.get_backend_name() != "sqlite" or _has_file(url)):
            folder = Path(current_app.instance_path) / "backups"
            safety = backup_database(
                url, default_backup_path(folder, url, prefix="chamba-antes-de-restaurar"))
            click.echo(f"Copia de los datos actuales guardada en {safety}.")
        restore_database(url, path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Base de datos restaurada desde {path} ({description}).")


def register(app: Flask) -> None:
    """Attach ``flask backup`` and ``flask restore`` to ``app``, and the retention to pages."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.jinja_env.globals["backup_retention_days"] = retention_days
