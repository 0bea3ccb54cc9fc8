"""Validators and fields shared by the forms of every audience."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, SelectChoice, ValidationError

from .services.passwords import MAX_LENGTH, MIN_LENGTH, is_common

# Markup in a name or title is never legitimate; escaping keeps it harmless anyway.
_MARKUP = re.compile(r"[<>{}]|javascript:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def district_select(rows) -> list[SelectChoice]:
    """(ubigeo, name, province) rows as drop-down choices grouped by province."""
    return [SelectChoice(code, name, optgroup=province) for code, name, province in rows]


def plain_text(form, field) -> None:
    """Refuse angle brackets, braces and control characters in short text fields."""
    if field.data and (_MARKUP.search(field.data) or _CONTROL.search(field.data)):
        raise ValidationError(_l("Use solo letras, números y signos comunes, sin los signos "
                                 "de menor, mayor ni llaves."))


def no_control(form, field) -> None:
    """Refuse control characters (NUL and the like) in anything typed."""
    if field.data and _CONTROL.search(field.data):
        raise ValidationError(_l("El texto tiene caracteres no válidos."))


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


class SolesField(DecimalField):
    """An amount in soles; accepts '1130', '1130.50' or '1,130.50'."""

    def process_formdata(self, valuelist) -> None:
        if valuelist and valuelist[0].strip():
            raw = valuelist[0].strip().replace("S/", "").replace(",", "").strip()
            try:
                # "+ 0" turns a negative zero into zero: "-0" must not pass as an amount.
                self.data = Decimal(raw).quantize(Decimal("0.01")) + 0
            except (InvalidOperation, ValueError):
                self.data = None
                raise ValueError(_l("Escriba un monto en números, por ejemplo 1130.50.")) from None
            if not self.data.is_finite():
                self.data = None
                raise ValueError(_l("Escriba un monto en números, por ejemplo 1130.50."))
        else:
            self.data = None
