"""Command-line tasks: ``flask load-taxonomy``, ``flask seed-demo``."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask import Flask, current_app

from .extensions import db
from .services import demo, reference


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


def register(app: Flask) -> None:
    """Attach the commands to ``app``."""
    app.cli.add_command(load_taxonomy_command)
    app.cli.add_command(seed_demo_command)
