"""Template filters and globals: dates, money and numbers formatted for the person's locale,
and the taxonomy's words (skills, occupations) in the page's language."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal
from flask import Flask, g
from flask_babel import format_date, format_datetime, get_locale
from flask_babel import gettext as _
from flask_login import current_user

from matcher.text import normalize_text

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


# Keys of the data download whose single value is a taxonomy label ("cocinero"): said in
# the page's language. Any other text is shown as it was written or already translated.
TAXONOMY_KEYS = frozenset({"ocupacion"})


def readable(value, key: str | None = None) -> str:
    """A value of the data download in words: dates written out, yes / no, soles, "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("sí") if value else _("no")
    if isinstance(value, datetime | date):
        return format_date(value, "long")
    if isinstance(value, Decimal):
        return money(value)
    if isinstance(value, list | tuple):  # skills and occupations, in the page's language
        return ", ".join(term(v) if isinstance(v, str) else str(v) for v in value)
    if isinstance(value, str) and key == "version":
        return version_words(value)
    return term(value) if isinstance(value, str) and key in TAXONOMY_KEYS else str(value)


def download_key(key: str) -> str:
    """The heading of a key of the data download: its label, or the key read aloud."""
    label = labels.DOWNLOAD_KEY_LABELS.get(key)
    return str(label) if label else key.replace("_", " ").capitalize()
def date_in_words(day, fmt: str = "long") -> str:
    """A date as people write it: "6 de diciembre de 2026", "December 6, 2026"; never ISO."""
    return format_date(day, fmt) if day else ""


def with_colon(label) -> str:
    """A label before what it names takes a colon ("Recibida:"), unless it ends a sentence
    of its own ("¡Te contrataron!", "…buscarme trabajo.")."""
    text = str(label).rstrip()
    return text if text[-1:] in ".!?…:" else text + ":"


def version_words(version: str | None) -> str:
    """A notice's version ("2026-12-06", "mensajes-2026-12") as the date it took effect,
    in words: "6 de diciembre de 2026", "diciembre de 2026"."""
    found = re.search(r"(\d{4})-(\d{2})(?:-(\d{2}))?$", version or "")
    if not found:
        return version or ""
    year, month, day = (int(part) if part else None for part in found.groups())
    if day:
        return date_in_words(date(year, month, day))
    return format_date(date(year, month, 1), "MMMM y" if english() else "MMMM 'de' y")


def moment_in_words(moment) -> str:
    """A day and time as people say it: "6 de diciembre, 10:30", "December 6, 10:30"."""
    if not moment:
        return ""
    return format_datetime(moment, "MMMM d, HH:mm" if english() else "d 'de' MMMM, HH:mm")


def english() -> bool:
    return get_locale().language == "en"


def _alternatives(words) -> str:
    return "|".join(map(re.escape, sorted(words, key=len, reverse=True)))


def _english_terms() -> tuple[dict[str, str], re.Pattern | None]:
    """The taxonomy's Spanish words with their English labels, read once per request: its
    labels anywhere in a sentence, its synonyms only where the matcher quotes a title
    («vendedora»), since a synonym may be an everyday word."""
    if "english_terms" not in g:
        from .extensions import db
        from .services.taxonomy import english_labels, english_synonyms

        labels, synonyms = english_labels(db.session), english_synonyms(db.session)
        pattern = None
        if labels:
            pattern = re.compile(f"«({_alternatives({**synonyms, **labels})})»"
                                 f"|(?<![\\w])({_alternatives(labels)})(?![\\w])",
                                 re.IGNORECASE)
        pairs = {k.lower(): v for k, v in {**synonyms, **labels}.items()}
        g.english_terms = (pairs, pattern)
    return g.english_terms


def term(value, sex: str | None = None) -> str:
    """A skill or occupation (or its Spanish label) in the page's language; an occupation
    in the person's grammatical gender when ``sex`` is known ("cocinera")."""
    if value is None:
        return ""
    if isinstance(value, str):  # a label, or both genders' labels: "mesero / mesera"
        if not english():
            return value
        return _english_terms()[0].get(value.split(" / ")[0].lower(), value)
    if english():
        return value.label_en
    label_for = getattr(value, "label_for", None)
    return label_for(sex) if label_for is not None else value.label_es


def in_page_language(text: str) -> str:
    """An English sentence from the matcher with the taxonomy's Spanish words put in English
    ("Missing: trabajo en equipo" → "Missing: teamwork")."""
    pairs, pattern = _english_terms()
    if not text or pattern is None:
        return text
    return pattern.sub(lambda m: pairs[(m.group(1) or m.group(2)).lower()], text)


def job_title(vacancy, sex: str | None = None) -> str:
    """A vacancy's title as the young person reads it: when the employer wrote just the
    occupation's name ("Mesero"), it is said in her or his form ("Mesera") and in English on
    English pages; any other title stays as the employer wrote it."""
    title = vacancy.title or ""
    occupation = vacancy.occupation
    if occupation is None or normalize_text(title) not in {
            normalize_text(occupation.label_es), normalize_text(occupation.label_es_f)}:
        return title
    if sex is None:
        profile = getattr(current_user, "profile", None)
        sex = getattr(profile, "sex", None)
    label = occupation.label_en if english() else occupation.label_for(sex)
    return label[:1].upper() + label[1:]


def reason_text(reason, you: bool = False) -> str:
    """One matcher reason (a Reason or a saved dict) in the page's language: about the person
    ("Vive a 5 horas de viaje") for staff and employers, or with ``you`` said to the young
    person herself ("Vives a 5 horas de viaje"). An explanation saved before the matcher said
    its reasons to the person has only the third person, which it then keeps."""
    get = reason.get if isinstance(reason, dict) else lambda name: getattr(reason, name, "")
    es, en = ("text_you", "text_you_en") if you and get("text_you") else ("text", "text_en")
    if english() and get(en):
        return in_page_language(get(en))
    return get(es) or ""


def register(app: Flask) -> None:
    """Attach filters and globals to ``app``'s Jinja environment."""
    app.jinja_env.filters["money"] = money
    app.jinja_env.filters["date"] = date_in_words
    app.jinja_env.filters["number"] = number
    app.jinja_env.filters["readable"] = readable
    app.jinja_env.filters["download_key"] = download_key
    app.jinja_env.filters["term"] = term
    app.jinja_env.filters["reason_text"] = reason_text
    app.jinja_env.filters["job_title"] = job_title
    app.jinja_env.filters["moment"] = moment_in_words
    app.jinja_env.filters["version_words"] = version_words
    app.jinja_env.filters["with_colon"] = with_colon
    app.jinja_env.globals["get_locale"] = get_locale
    labels.register(app)
