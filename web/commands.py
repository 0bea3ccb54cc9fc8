"""Command-line tasks: ``flask load-taxonomy``, ``flask seed-demo``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from models import Role

from . import backup
from .extensions import db
from .services import accounts, demo, reference


@click.command("load-taxonomy")
@click.option("--file", "path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Another taxonomy JSON file (the shipped one by default).")
def load_taxonomy_command(path: Path | None) -> None:
    """Load districts, skills and occupations; running it again changes nothing."""
    taxonomy = json.loads(path.read_text("utf-8")) if path else None
    report = reference.load_reference_data(db.session, taxonomy=taxonomy)
    state = "ya estaba cargada; etiquetas actualizadas" if report.already_loaded else "cargada"
    click.echo(f"Taxonomía {report.version} {state}: {report.districts} distritos, "
               f"{report.skills} habilidades, {report.occupations} ocupaciones.")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo data set (once) and print the demo logins."""
    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        raise click.ClickException("Los datos de demostración no se crean en producción: sus "
                                   "cuentas tienen una contraseña conocida.")
    password = current_app.config["DEMO_PASSWORD"]
    report = demo.seed_demo(db.session, password)
    if report.created:
        figures = ", ".join(f"{v} {k}" for k, v in report.counts.items())
        click.echo(f"Datos de demostración creados: {figures}.")
    else:
        click.echo("Los datos de demostración ya existían; no se cambió nada.")
    click.echo("Ingresos de demostración (usuario / contraseña):")
    for role, login, pw in report.logins:
        click.echo(f"  {role:<11} {login:<32} {pw}")


users = AppGroup("users", help="Manage staff accounts.")


def _create_staff(role: Role, email: str, name: str, password: str,
                  territory: str | None = None) -> None:
    try:
        user = accounts.create_staff(db.session, role, email.strip().lower(), name, password,
                                     territory)
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Cuenta creada: {user.email} ({role.value}).")


def _check_password(_ctx, _param, value: str) -> str:
    from .services.passwords import MIN_LENGTH, is_common

    if len(value) < MIN_LENGTH or is_common(value):
        raise click.BadParameter("al menos 8 caracteres y que no sea una contraseña común.")
    return value


_password_option = click.option("--password", prompt=True, hide_input=True,
                                confirmation_prompt=True, callback=_check_password,
                                envvar="CHAMBA_NEW_PASSWORD")


@users.command("create-counselor")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--territory", required=True, help="quispicanchi or condorcanqui")
@_password_option
def create_counselor(email: str, name: str, territory: str, password: str) -> None:
    """Create a counselor of one territory (one CDE)."""
    _create_staff(Role.COUNSELOR, email, name, password, territory)


@users.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", required=True)
@_password_option
def create_admin(email: str, name: str, password: str) -> None:
    """Create a programme admin."""
    _create_staff(Role.ADMIN, email, name, password)


@users.command("reset-mfa")
@click.option("--email", required=True)
def reset_mfa(email: str) -> None:
    """Make a staff member enrol a new authenticator at next sign-in (lost phone); every
    session of theirs ends."""
    import sqlalchemy as sa

    from models import User

    from .services import mfa, sessions

    user = db.session.scalar(sa.select(User).filter_by(email=email.strip().lower()))
    if user is None or not mfa.required(user):
        raise click.ClickException("No hay una cuenta de personal con ese correo.")
    mfa.reset(db.session, user)
    sessions.end_all(db.session, user)
    click.echo(f"{user.email} activará de nuevo la verificación en dos pasos al ingresar.")


data_key = AppGroup("data-key", help="Keys of the data encrypted at rest (CHAMBA_DATA_KEY).")


@data_key.command("new")
def data_key_new() -> None:
    """Print a fresh random key for CHAMBA_DATA_KEY."""
    from models.crypto import new_key

    click.echo(new_key())


@data_key.command("rotate")
def data_key_rotate() -> None:
    """Re-encrypt every encrypted value under the first key of CHAMBA_DATA_KEY (all at once,
    or nothing); afterwards the keys after the first one can be removed."""
    from models import Base
    from models.crypto import DataKeyError, rotate_all

    keyring = current_app.extensions["data_keyring"]
    try:
        with db.engine.begin() as connection:
            count = rotate_all(connection, Base.metadata, keyring)
    except DataKeyError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{count} valores cifrados de nuevo con la primera clave.")


sessions_group = AppGroup("sessions", help="Server-side sign-in records.")


@sessions_group.command("prune")
@click.option("--days", type=click.IntRange(1, 3650), default=30, show_default=True,
              help="Keep ended or expired sessions this many days (the user sees them).")
def sessions_prune(days: int) -> None:
    """Delete sign-in records that ended or expired more than DAYS ago (for cron)."""
    from datetime import timedelta

    from .services import sessions

    deleted = sessions.forget_ended(db.session, timedelta(days=days))
    click.echo(f"{deleted} sesiones antiguas borradas.")


@users.command("finish-erasures")
def finish_erasures() -> None:
    """Anonymise accounts erased before erasure deleted profiles and closed vacancies."""
    from .services import erasure

    done = erasure.finish_earlier_erasures(db.session)
    click.echo(f"Cuentas borradas antes, ahora anónimas: {done}.")


translate = AppGroup("translate", help="Extract, update and compile interface translations.")
TRANSLATIONS = Path(__file__).parent / "translations"
ROOT = Path(__file__).parent.parent


def _pybabel(*args: str) -> None:
    import subprocess
    import sys

    command = [sys.executable, "-m", "babel.messages.frontend", *args]
    if subprocess.run(command, cwd=ROOT, check=False).returncode != 0:  # noqa: S603
        raise click.ClickException("pybabel " + " ".join(args[:1]) + " failed")


def _extract() -> Path:
    pot = ROOT / "messages.pot"
    # babel.cfg's patterns are relative to the folder scanned: the repository root.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
             "-k", "lazy_ngettext:1,2", "--no-location", "--sort-output", "-o", str(pot), ".")
    return pot


@translate.command("init")
@click.argument("lang")
def translate_init(lang: str) -> None:
    """Start the catalogue of a new language."""
    pot = _extract()
    _pybabel("init", "-i", str(pot), "-d", str(TRANSLATIONS), "-l", lang)
    pot.unlink()


@translate.command("update")
def translate_update() -> None:
    """Bring every catalogue up to date with the strings in the code."""
    pot = _extract()
    _pybabel("update", "-i", str(pot), "-d", str(TRANSLATIONS), "--no-fuzzy-matching",
             "--ignore-obsolete")
    pot.unlink()


@translate.command("compile")
def translate_compile() -> None:
    """Compile the catalogues the app reads at run time."""
    _pybabel("compile", "-d", str(TRANSLATIONS))


def register(app: Flask) -> None:
    """Attach the commands to ``app``."""
    app.cli.add_command(translate)
    backup.register(app)
    app.cli.add_command(load_taxonomy_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(users)
    app.cli.add_command(data_key)
    app.cli.add_command(sessions_group)
    from .notify.commands import notifications

    app.cli.add_command(notifications)
