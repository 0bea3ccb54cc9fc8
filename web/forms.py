"""Validators and fields shared by the forms of every audience."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation

from flask import flash
from flask_babel import lazy_gettext as _l
from wtforms import DecimalField, Field, IntegerField, SelectChoice, ValidationError
from wtforms.validators import StopValidation
from wtforms.widgets import TextInput

from .services.passwords import MAX_LENGTH, MIN_LENGTH, is_common

# Markup in a name or title is never legitimate; escaping keeps it harmless anyway.
_MARKUP = re.compile(r"[<>{}]|javascript:", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def show_refusal(form, error) -> None:
    """A service's refusal beside the field it names (``error.field``), so the page shown
    again keeps what was typed; a refusal of no field of ``form`` goes to the top."""
    name = getattr(error, "field", None)
    target = getattr(form, name, None) if name else None
    if target is not None:
        target.errors = [*target.errors, str(error)]
    else:
        flash(str(error), "error")


def flash_unseen_errors(form, *names: str) -> None:
    """The errors of fields that cannot show them beside themselves (the CSRF token, hidden
    or button-set fields), at the top of the page."""
    for name in names:
        for message in getattr(form, name).errors:
            flash(message, "error")


def district_select(rows) -> list[SelectChoice]:
    """(ubigeo, name, province) rows as drop-down choices grouped by province."""
    return [SelectChoice(code, name, optgroup=province) for code, name, province in rows]


def choose_district(field, session, viewer=None, placeholder: str | None = None) -> None:
    """Fill a district drop-down from the reference table, grouped by province: every
    district, or a counselor's own territory's; an empty first choice when ``placeholder``."""
    from .services import reference

    choices = district_select(reference.district_choices(session, viewer))
    field.choices = ([SelectChoice("", placeholder)] if placeholder else []) + choices


def has_invisible(text: str) -> bool:
    """Tell whether ``text`` holds a format character: bidi overrides and isolates (which make
    "Ana" display as someone else's name), zero-width spaces and joiners, BOM, soft hyphen."""
    return any(unicodedata.category(char) == "Cf" for char in text)


def has_unseen(text: str) -> bool:
    """Tell whether ``text`` holds anything a person cannot see: a format character
    (``has_invisible``) or a control character (NUL, bell and the like)."""
    return has_invisible(text) or bool(_CONTROL.search(text))


def has_markup(text: str) -> bool:
    """Tell whether ``text`` holds angle brackets, braces or a ``javascript:`` link."""
    return bool(_MARKUP.search(text))


def plain_text(form, field) -> None:
    """Refuse angle brackets, braces, control and invisible characters in names and titles.

    The one check every name, title and short text field uses. Its words address nobody:
    the youth, employers and staff all read them (sign-up, the account page)."""
    if field.data and has_unseen(field.data):
        raise ValidationError(_l("El texto tiene caracteres invisibles o que cambian la "
                                 "dirección de la escritura; conviene escribirlo de nuevo."))
    if field.data and has_markup(field.data):
        raise ValidationError(_l("Solo se pueden usar letras, números y signos comunes, sin "
                                 "los signos de menor, mayor ni llaves."))


def no_control(form, field) -> None:
    """Refuse control characters (NUL and the like) in anything typed."""
    if field.data and _CONTROL.search(field.data):
        raise ValidationError(_l("El texto tiene caracteres no válidos."))


def strip(value):
    return value.strip() if isinstance(value, str) else value


# Fields whose values make a password easy to guess for whoever knows the person.
_CONTEXT_FIELDS = ("phone", "email", "identifier", "contact_phone", "first_name", "last_name",
                   "business_name", "contact_name")


def _password_context(form) -> list[str]:
    words = [getattr(getattr(form, name, None), "data", None) for name in _CONTEXT_FIELDS]
    try:
        from flask_login import current_user

        if current_user.is_authenticated:
            words += [current_user.phone, current_user.email, current_user.display_name]
    except RuntimeError:  # outside a request (the command line)
        pass
    return [w for w in words if isinstance(w, str) and w]


def new_password(form, field) -> None:
    """At least 8 characters, no composition rules, not a common password, not built on the
    person's own phone, e-mail or name, nor on "chamba"."""
    value = field.data or ""
    if len(value) < MIN_LENGTH:
        raise ValidationError(_l("La contraseña debe tener al menos 8 caracteres."))
    if len(value) > MAX_LENGTH:
        raise ValidationError(_l("La contraseña es demasiado larga (máximo 128 caracteres)."))
    if is_common(value, _password_context(form)):
        raise ValidationError(_l("Esa contraseña es muy común y fácil de adivinar. Conviene "
                                 "elegir otra, por ejemplo una frase corta."))


# Whole numbers are few digits here (months, km, positions, pages). More digits than this is
# never a real answer, and would overflow the database's INTEGER (a 500, not a message).
MAX_DIGITS = 9
_WHOLE = re.compile(r"[+-]?[0-9]+")


class WholeNumberField(IntegerField):
    """The integer field of every form: ASCII digits only (``int`` would take '١٢' or '1_000'),
    at most ``MAX_DIGITS`` of them, with a plain message instead of an exception."""

    default_invalid = _l("Escriba un número entero, por ejemplo 2.")

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.invalid = invalid or self.default_invalid

    def process_formdata(self, valuelist) -> None:
        raw = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        if not raw:
            self.data = None
            return
        if not _WHOLE.fullmatch(raw):
            self.data = None
            raise ValueError(self.invalid)
        if len(raw.lstrip("+-").lstrip("0")) > MAX_DIGITS:
            self.data = None
            raise ValueError(_l("Ese número es demasiado grande."))
        self.data = int(raw)

    def pre_validate(self, form) -> None:
        # What was typed is no number at all: that one message says it; a range check on
        # the missing value would only repeat it in other words.
        if self.process_errors:
            raise StopValidation()


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


# Day, month, year as people in Peru write them: 06/12/2026, 6-12-2026, 6.12.2026. ISO
# (2026-12-06) is read too, for the browsers and scripts that already send it.
_PERU_DATE = re.compile(r"([0-9]{1,2})\s*[/.\- ]\s*([0-9]{1,2})\s*[/.\- ]\s*([0-9]{4})")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def parse_peru_date(text: str) -> date | None:
    """Read ``dd/mm/aaaa`` (or ISO ``aaaa-mm-dd``) into a date; None when it is no real date."""
    text = (text or "").strip()
    if match := _PERU_DATE.fullmatch(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:  # 31/02, month 13
        return None


class PeruDateField(Field):
    """A date typed as day/month/year in one text box: no calendar widget whose order
    depends on the phone's language, and it works with JavaScript off."""

    widget = TextInput()
    default_invalid = _l("Escriba la fecha como día/mes/año, por ejemplo 06/12/2026.")

    def __init__(self, label=None, validators=None, invalid=None, **kwargs):
        render_kw = {"placeholder": _l("dd/mm/aaaa"), "inputmode": "numeric",
                     "maxlength": "10", **(kwargs.pop("render_kw", None) or {})}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.invalid = invalid or self.default_invalid
        self.raw = None

    def _value(self) -> str:
        if self.raw is not None:
            return self.raw
        return self.data.strftime("%d/%m/%Y") if isinstance(self.data, date) else ""

    def process_formdata(self, valuelist) -> None:
        raw = valuelist[0].strip() if valuelist and isinstance(valuelist[0], str) else ""
        self.data = None
        if not raw:
            return
        self.raw = raw[:20]
        self.data = parse_peru_date(raw)
        if self.data is None:
            raise ValueError(self.invalid)
