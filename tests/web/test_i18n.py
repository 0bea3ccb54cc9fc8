"""Spanish first, English complete: the catalogues, the language chain and local formats."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import render_template_string

from tests.factories import UserFactory
from tests.helpers import csrf_token, in_own_context
from web import commands
from web.extensions import babel

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "web" / "translations"
LANGUAGES = ("es", "en")
# The keywords `flask translate` extracts, on top of babel's own (_, gettext, ngettext…).
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"


def read_catalogue(lang: str):
    with po_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def compile_catalogues() -> None:
    """Write each missing or stale .mo file (a fresh checkout has none; `make test` makes them)."""
    for lang in LANGUAGES:
        po, mo = po_path(lang), po_path(lang).with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        # Write beside the target and rename, so a parallel run never reads half a file.
        with tempfile.NamedTemporaryFile(dir=mo.parent, suffix=".tmp", delete=False) as f:
            write_mo(f, read_catalogue(lang))
        os.replace(f.name, mo)


@pytest.fixture(scope="module", autouse=True)
def _compiled_catalogues(app):
    compile_catalogues()
    babel.domain_instance.cache.clear()  # forget any catalogue loaded before it was compiled


@pytest.fixture(scope="module")
def extracted() -> dict[str, set[str]]:
    """Every msgid in the code and templates, as `flask translate` extracts them, by id."""
    with (ROOT / "babel.cfg").open() as f:
        method_map, options_map = parse_mapping_cfg(f)
    found: dict[str, set[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, set()).add(f"{filename}:{lineno}")
    return found


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in PLACEHOLDER.finditer(text)}


def as_tuple(value) -> tuple[str, ...]:
    return value if isinstance(value, tuple) else (value,)


def render_in(app, source: str, environ: dict, **values) -> str:
    """Render ``source`` in a request with an app context of its own, as `IsolatedClient`
    gives each request (the test's context would share its cached locale)."""
    def render() -> str:
        with app.test_request_context(**environ):
            return render_template_string(source, **values)

    return in_own_context(render)


def html_of(response) -> str:
    return response.get_data(as_text=True)


def h1(response) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html_of(response), re.S)
    assert match, "the page has no <h1>"
    return match.group(1).strip()


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', html_of(response)).group(1)


# -- the catalogues ---------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    catalogue = read_catalogue(lang)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 500, "the catalogue looks empty; see docs/TRANSLATING.md"
    untranslated = [m.id for m in messages if not all(as_tuple(m.string))
                    or len(as_tuple(m.string)) < (catalogue.num_plurals if m.pluralizable else 1)]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"{lang}: no translation for {untranslated}"
    assert not fuzzy, f"{lang}: fuzzy entries to review: {fuzzy}"
    assert not catalogue.fuzzy, f"{lang}: the catalogue header is marked fuzzy"


def test_spanish_catalogue_repeats_the_source_text():
    catalogue = read_catalogue("es")
    differ = [m.id for m in catalogue if m.id and as_tuple(m.string)[0] != as_tuple(m.id)[0]]
    assert not differ, f"Spanish is the source language; msgstr should equal msgid: {differ}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_code_is_in_the_catalogue(lang, extracted):
    assert len(extracted) > 500, "extraction found almost nothing: check babel.cfg"
    catalogue = read_catalogue(lang)
    missing = sorted(set(extracted) - {as_tuple(m.id)[0] for m in catalogue if m.id})
    where = "\n".join(f"  {msgid!r}  ({', '.join(sorted(extracted[msgid]))})"
                      for msgid in missing)
    assert not missing, (f"{len(missing)} strings are not in {po_path(lang).relative_to(ROOT)}."
                         f" Run `flask translate update`, translate them, then"
                         f" `flask translate compile`:\n{where}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_source(lang):
    wrong = []
    for message in read_catalogue(lang):
        if not message.id:
            continue
        expected = set().union(*(placeholders(i) for i in as_tuple(message.id)))
        for form in as_tuple(message.string):
            if placeholders(form) != expected:
                wrong.append((message.id, form))
    assert not wrong, f"{lang}: placeholders differ from the msgid: {wrong}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_catalogue_passes_babels_format_checks(lang):
    problems = [(m.id, [str(e) for e in errors]) for m, errors in read_catalogue(lang).check()]
    assert not problems


def test_flask_translate_extracts_the_strings_of_the_code(monkeypatch, tmp_path, extracted):
    calls = []
    monkeypatch.setattr(commands, "_pybabel", lambda *args: calls.append(list(args)))
    commands._extract()
    (args,) = calls
    args[args.index("-o") + 1] = str(tmp_path / "messages.pot")  # never write in the checkout
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], cwd=ROOT,
                   check=True, capture_output=True)
    with (tmp_path / "messages.pot").open("rb") as f:
        found = {as_tuple(m.id)[0] for m in read_po(f) if m.id}
    assert found == set(extracted)


# -- which language a request gets ------------------------------------------------------------

def test_spanish_is_the_default(client):
    response = client.get("/")
    assert html_lang(response) == "es"
    assert h1(response) == "Trabajo cerca de ti"


def test_a_browser_set_to_english_still_gets_spanish(client):
    """Phones here often come set to English: the configured default wins over the header."""
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert html_lang(response) == "es"
    assert h1(response) == "Trabajo cerca de ti"


def test_the_locale_cookie_gives_english(client):
    client.set_cookie("locale", "en")
    response = client.get("/")
    assert html_lang(response) == "en"
    assert h1(response) == "Work near you"


def test_an_unknown_cookie_language_falls_back_to_spanish(client):
    client.set_cookie("locale", "fr")
    assert html_lang(client.get("/")) == "es"


@pytest.mark.parametrize(("stored", "cookie"), [("en", "es"), ("es", "en")])
def test_a_signed_in_persons_language_wins_over_the_cookie(client, auth, stored, cookie):
    user = UserFactory(locale=stored)
    auth.login(user.phone)
    client.set_cookie("locale", cookie)
    assert html_lang(client.get("/")) == stored


# -- the switcher in the footer ---------------------------------------------------------------

def switch(client, lang: str, next_: str = "/ingresar", token: str | None = None):
    token = csrf_token(client, "/") if token is None else token
    return client.post("/idioma", data={"csrf_token": token, "lang": lang, "next": next_})


def locale_cookie(client) -> str | None:
    cookie = client.get_cookie("locale")
    return cookie.value if cookie else None


def test_visitor_switches_to_english_and_reads_the_sign_in_page(client):
    response = switch(client, "en", next_="/ingresar")
    assert response.status_code == 302
    assert response.location == "/ingresar"
    assert locale_cookie(client) == "en"
    page = client.get(response.location)
    assert html_lang(page) == "en"
    assert h1(page) == "Sign in"
    assert "Password" in html_of(page)
    assert h1(client.get("/")) == "Work near you"


def test_visitor_switches_back_to_spanish(client):
    switch(client, "en")
    switch(client, "es")
    assert locale_cookie(client) == "es"
    assert h1(client.get("/ingresar")) == "Ingresar"


def test_the_choice_is_stored_on_the_account_of_a_signed_in_person(client, auth, session):
    user = UserFactory()
    auth.login(user.phone)
    switch(client, "en", next_="/")
    session.refresh(user)
    assert user.locale == "en"
    client.delete_cookie("locale")  # another phone, same account: the account remembers
    assert html_lang(client.get("/")) == "en"


@pytest.mark.parametrize("next_", ["//evil.example", "https://evil.example/", "/\\evil.example",
                                   "javascript:alert(1)", ""])
def test_the_switcher_only_redirects_inside_the_site(client, next_):
    response = switch(client, "en", next_=next_)
    assert response.status_code == 302
    assert response.location == "/"


def test_the_switcher_ignores_an_unknown_language(client):
    response = switch(client, "fr")
    assert response.status_code == 302
    assert locale_cookie(client) is None
    assert html_lang(client.get("/")) == "es"


def test_the_switcher_needs_the_csrf_token(client):
    response = switch(client, "en", token="forged")
    assert response.status_code == 400  # CSRFProtect turns it away before the view
    assert locale_cookie(client) is None


# -- money, numbers and dates -----------------------------------------------------------------

@pytest.mark.parametrize(("lang", "expected_date"), [
    ("es", r"5 de marzo de 2026"),  # dates in words, never ISO nor abbreviated
    ("en", r"March 5, 2026"),
])
def test_money_numbers_and_dates_follow_the_locale(app, lang, expected_date):
    shown = render_in(
        app, "{{ pay|money }} | {{ 1130.5|number }} | {{ day|date }} | {{ _('Mañana') }}",
        {"headers": {"Cookie": f"locale={lang}"}}, pay=1130, day=date(2026, 3, 5))
    money, number, day, word = shown.split(" | ")
    assert money == "S/ 1,130.00"  # Peru writes thousands with a comma, in both languages
    assert number == "1,130.5"
    assert re.fullmatch(expected_date, day), day
    assert word == {"es": "Mañana", "en": "Morning"}[lang]


def test_a_ngettext_string_takes_the_english_plural(app):
    shown = render_in(
        app, "{{ ngettext('abre %(num)d oferta cerca de ti', 'abre %(num)d ofertas cerca de ti',"
        " 1) }} / {{ ngettext('abre %(num)d oferta cerca de ti',"
        " 'abre %(num)d ofertas cerca de ti', 3) }}", {"headers": {"Cookie": "locale=en"}})
    assert shown == "opens 1 job near you / opens 3 jobs near you"

