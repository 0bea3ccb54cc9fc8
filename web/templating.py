"""Template filters and globals: dates, money and numbers formatted for the person's locale."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_date, format_decimal, get_locale


def money(amount) -> str:
    """Format soles the Peruvian way: S/ 1,130.00."""
    if amount is None:
        return ""
    return "S/ " + format_decimal(amount, format="#,##0.00")


def register(app: Flask) -> None:
    """Attach filters and globals to ``app``'s Jinja environment."""
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["number"] = lambda n: format_decimal(n) if n is not None else ""
    app.jinja_env.globals["get_locale"] = get_locale
