"""Validators and fields shared by the forms of every audience."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

from .services.passwords import MAX_LENGTH, MIN_LENGTH, is_common

# Markup in a name or title is never legitimate; escaping keeps it harmless anyway.
_MARKUP = re.compile(r"[<>{}]|javascript:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(form, field) -> None:
    """Refuse angle brackets, braces and control characters in short text fields."""
    if field.data and (_MARKUP.search(field.data) or _CONTROL.search(field.data)):
        raise ValidationError(_l("Use solo letras, números y signos comunes (sin < > { })."))


def strip(value):
    return value.strip() if isinstance(value, str) else value


def new_password(form, field) -> None:
    """At least 8 characters, no composition rules, not a common password."""
    value = field.data or ""
    if len(value) < MIN_LENGTH:
        raise ValidationError(_l("La contraseña debe tener al menos 8 caracteres."))
    if len(value) > MAX_LENGTH:
        raise ValidationError(_l("La contraseña es demasiado larga (máximo 128 caracteres)."))
    if is_common(value):
        raise ValidationError(_l("Esa contraseña es muy común y fácil de adivinar. Elija otra, "
                                 "por ejemplo una frase corta."))
