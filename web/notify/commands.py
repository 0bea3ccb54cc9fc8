"""``flask notifications ...``: send the outbox once or as a worker beside gunicorn."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from ..extensions import db

notifications = AppGroup("notifications", help="Send SMS and WhatsApp messages from the outbox.")


def _schedule() -> None:
    from ..services import messaging

    asked = messaging.ask_due_follow_ups(db.session, date.today())
    alerts = messaging.send_job_alerts(db.session)
    if asked or alerts:
        click.echo(f"Preguntas de seguimiento: {asked}; alertas de trabajo: {alerts}.")


@notifications.command("send")
@click.option("--limit", default=200, show_default=True, help="At most this many messages.")
def send_command(limit: int) -> None:
    """One pass: queue due follow-up questions, then send what is due."""
    from ..services import messaging
    from .worker import send_pending

    messaging.ask_due_follow_ups(db.session, date.today())
    report = send_pending(db.session, limit=limit)
    click.echo(f"Enviados {report.sent}, diferidos {report.deferred}, "
               f"reintentos {report.retried}, fallidos {report.failed}.")


@notifications.command("worker")
@click.option("--interval", default=5.0, show_default=True, help="Seconds between passes.")
def worker_command(interval: float) -> None:
    """Send in a loop until SIGTERM; follow-up questions and job alerts once an hour."""
    import logging

    from .worker import run_forever

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    run_forever(db.session, interval=interval, every_hour=_schedule)


@notifications.command("job-alerts")
def job_alerts_command() -> None:
    """Queue this week's job alert for each youth who asked for them."""
    from ..services import messaging

    click.echo(f"Alertas de trabajo en cola: {messaging.send_job_alerts(db.session)}.")


@notifications.command("kannel-urls")
def kannel_urls_command() -> None:
    """Print the signed get-url for Kannel's sms-service (paste it into kannel.conf)."""
    from . import signing

    click.echo(f'get-url = "{signing.inbound_url()}"')
