"""Template filters and globals: dates, money and numbers formatted for the person's locale."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal
from flask import Flask
from flask_babel import format_date, get_locale
from flask_babel import gettext as _

from . import labels


def formatting_locale() -> str:
    """Spanish as written in Peru (1,130.50), English as usual."""
    return "es_PE" if get_locale().language == "es" else str(get_locale())


def money(amount) -> str:
    """Format soles per locale: S/ 1,130.00."""
    if amount is None:
        return ""
    return "S/ " + format_decimal(amount, format="#,##0.00", locale=formatting_locale())


def number(value) -> str:
    return "" if value is None else format_decimal(value, locale=formatting_locale())


def readable(value) -> str:
    """A value of the data download in words: dates written out, yes / no, soles, "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("sí") if value else _("no")
    if isinstance(value, datetime | date):
        return format_date(value, "long")
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def download_key(key: str) -> str:
    """The heading of a key of the data download: its label, or the key read aloud."""
    label = labels.DOWNLOAD_KEY_LABELS.get(key)
    return str(label) if label else key.replace("_", " ").capitalize()


def register(app: Flask) -> None:
    """Attach filters and globals to ``app``'s Jinja environment."""
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["readable"] = readable
    app.jinja_env.filters["download_key"] = download_key
    app.jinja_env.globals["get_locale"] = get_locale
    labels.register(app)
