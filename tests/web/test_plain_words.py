"""One form of address per audience, gender agreement, and help that tells the truth.

The crawl (test_plain_spanish_crawl.py) reads every page for codes; these tests pin down the
wording rules that a crawl cannot judge: whom a page addresses and how.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import render_template_string

from models import Sex, Stage
from web.labels import stage_label

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "web" / "templates"
MSGID = re.compile(r"""_\(\s*(["'])(.+?)\1""", re.DOTALL)
# Words that address the reader as usted (imperatives and possessives a youth page must not use).
USTED = re.compile(r"\b(usted|Elija|Escriba|Marque|Pulse|Ingrese|Revise|Vuelva|Busque|Agregue|"
                   r"Indique|Confirme|escríbalo|elija su|su perfil|sus datos|su contraseña|"
                   r"su celular|si tiene \d)\b")
# What the young person reads (their own pages, their sign-up and activation, their messages).
YOUTH_TEMPLATES = sorted([*TEMPLATES.glob("youth/*.html"), TEMPLATES / "auth/signup_youth.html",
                          TEMPLATES / "auth/redeem.html", TEMPLATES / "messages/preferences.html"])


# The words a counselor reads on the same step templates while acting for the youth
# ("Está completando el perfil de…"): usted, about her; the youth never sees these branches.
STAFF_BRANCH = re.compile(
    r"""\{% if acting_for %\}.*?\{% else %\}"""
    r"""|_\(\s*(?:"[^"]*"|'[^']*')[^)]*\)\s+if\s+(?:acting_for|step\.profile_url)\s+else""",
    re.DOTALL)


def youth_sentences():
    for path in YOUTH_TEMPLATES:
        for match in MSGID.finditer(STAFF_BRANCH.sub("", path.read_text("utf-8"))):
            yield path.relative_to(TEMPLATES).as_posix(), match.group(2)


def test_youth_pages_address_the_young_person_as_tu():
    formal = [(where, text) for where, text in youth_sentences() if USTED.search(text)]
    assert not formal, formal


def test_youth_forms_and_flashes_address_the_young_person_as_tu():
    sources = [ROOT / "web/youth/forms.py", ROOT / "web/youth/views.py",
               ROOT / "web/messages/views.py"]
    formal = [(p.name, m.group(2)) for p in sources
              for m in MSGID.finditer(p.read_text("utf-8")) if USTED.search(m.group(2))]
    assert not formal, formal


# Pages and messages that youth, employers and staff all read: neither tú nor usted.
SHARED_TEMPLATES = [TEMPLATES / f"auth/{name}.html" for name in (
    "login", "account", "sessions", "signed_out", "redeem", "password", "my_data")]
SHARED_FORMS = ("LoginForm", "RedeemCodeForm", "PasswordChangeForm", "ContactForm", "EraseForm")
SHARED_VIEWS = {"web/auth/views.py": ("login", "change_password", "redeem_code", "change_contact",
                                      "erase"),
                "web/auth/security_views.py": ("my_sessions", "end_session")}
FORMAL_OR_FAMILIAR = re.compile(
    r"\b(usted|Elija|Escriba|Marque|Revise|Deje|Pida|acérquese|Olvidó|Salió|"
    r"ciérrelo|cambie|su (?:contraseña|celular|correo|cuenta|DNI|usuario)|"
    r"sus (?:dispositivos|otras)|"
    r"tu|tus|te|ti|elige|escribe|escríbelo|revisa|pide|puedes|tienes|quieres)\b")


def _messages_in(path: Path, names) -> list[str]:
    """The text of every ``_()`` / ``_l()`` call inside the classes and functions ``names``."""
    import ast

    return [call.args[0].value
            for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, (ast.ClassDef, ast.FunctionDef)) and node.name in names
            for call in ast.walk(node)
            if isinstance(call, ast.Call) and getattr(call.func, "id", None) in ("_", "_l")
            and call.args and isinstance(call.args[0], ast.Constant)]


def test_pages_every_role_reads_use_neither_tu_nor_usted():
    texts = [(p.name, m.group(2)) for p in SHARED_TEMPLATES
             for m in MSGID.finditer(p.read_text("utf-8"))]
    texts += [(name, text) for name, names in
              [("web/auth/forms.py", SHARED_FORMS), *SHARED_VIEWS.items()]
              for text in _messages_in(ROOT / name, names)]
    texts += [("accounts", str(message)) for message in _shared_account_messages()]
    assert len(texts) > 40  # the sources were read
    addressed = [(where, text) for where, text in texts if FORMAL_OR_FAMILIAR.search(text)]
    assert not addressed, addressed


def _shared_account_messages():
    from web.services import accounts

    return [accounts.CONTACT_REFUSED, accounts.SIGNUP_REFUSED]


def test_no_doubled_gender_in_what_people_read():
    doubled = re.compile(r"\b\w+[oa]/[ao]\b|\b\w+\(a\)|Bienvenida o bienvenido|"
                         r"una o un joven", re.IGNORECASE)
    found = [(p.name, m.group(0)) for p in TEMPLATES.rglob("*.html")
             for text in MSGID.findall(p.read_text("utf-8")) for m in doubled.finditer(text[1])]
    assert not found, found


@pytest.mark.parametrize(("sex", "hired", "contacted"), [
    (Sex.FEMALE, "Contratada", "Contactada"),
    (Sex.MALE, "Contratado", "Contactado"),
    (None, "Contratación", "Contacto hecho"),  # unknown: words that need no agreement
])
def test_a_case_stage_agrees_with_the_person_when_the_sex_is_known(app, sex, hired, contacted):
    with app.test_request_context():
        assert stage_label(Stage.HIRED, sex) == hired
        assert stage_label(Stage.CONTACTED, sex) == contacted
        assert render_template_string("{{ stage_label(s, x) }}", s=Stage.HIRED, x=sex) == hired


def test_the_profile_help_does_not_promise_that_steps_save_themselves(client, auth):
    from tests.factories import ProfileFactory

    profile = ProfileFactory()
    auth.login(profile.user.phone)
    html = client.get("/joven/perfil").get_data(as_text=True)
    assert "se guarda solo" not in html
    assert "Al pulsar «Guardar y seguir»" in html


@pytest.mark.parametrize(("sex", "lang", "shown"), [
    (Sex.FEMALE, "es", "Mesera"),
    (Sex.MALE, "es", "Mesero"),
    (None, "es", "Mesero"),
    (Sex.FEMALE, "en", "Waiter"),
])
def test_a_youth_reads_a_bare_job_title_in_her_or_his_form(client, auth, session, sex, lang,
                                                           shown):
    from tests.factories import ProfileFactory, VacancyFactory, counselor, verified_employer
    from tests.helpers import occupation, years_ago

    waiter = occupation("mesero")
    staff = counselor("urcos.titles@cde.pe")
    plain = VacancyFactory(employer=verified_employer(staff), title="Mesero", occupation=waiter)
    own = VacancyFactory(employer=plain.employer, title="Mozo para la feria", occupation=waiter)
    profile = ProfileFactory(sex=sex, birth_date=years_ago(20))
    session.commit()
    auth.login(profile.user.phone)
    client.set_cookie("locale", lang)
    profile.user.locale = lang
    session.commit()
    page = client.get(f"/joven/ofertas/{plain.id}").get_data(as_text=True)
    assert f"<h1>{shown}</h1>" in page
    # What the employer wrote beyond the occupation's name stays as written.
    assert "<h1>Mozo para la feria</h1>" in client.get(f"/joven/ofertas/{own.id}").get_data(
        as_text=True)


@pytest.mark.parametrize(("text_en", "shown"), [
    ("Has 0 of 2 required skills. Missing: trabajo en equipo, atención al cliente",
     "Has 0 of 2 required skills. Missing: teamwork, customer service"),
    ("Wants to work as «vendedora»", "Wants to work as shop sales assistant"),
    ("Worked 2 years as «cocinera»", "Worked 2 years as cook"),
    ("Wants to work in «hice de todo»", "Wants to work in «hice de todo»"),  # free text, quoted
])
def test_matcher_reasons_on_english_pages_put_the_taxonomy_in_english(app, text_en, shown):
    from tests.helpers import in_own_context
    from web.templating import reason_text

    reason = {"text": "(el texto en castellano)", "text_en": text_en}

    def read(headers):
        with app.test_request_context(headers=headers):
            return reason_text(reason)

    assert in_own_context(read, {"Cookie": "locale=en"}) == shown
    assert in_own_context(read, {}) == "(el texto en castellano)"


@pytest.mark.parametrize(("lang", "shown"), [("es", "6 de diciembre, 10:30"),
                                             ("en", "December 6, 10:30")])
def test_a_moment_is_written_in_words(app, lang, shown):
    from datetime import UTC, datetime

    from tests.helpers import in_own_context
    from web.templating import moment_in_words

    def write():
        with app.test_request_context(headers={"Cookie": f"locale={lang}"}):
            # 15:30 UTC is 10:30 in Lima.
            return moment_in_words(datetime(2026, 12, 6, 15, 30, tzinfo=UTC))

    assert in_own_context(write) == shown


@pytest.mark.parametrize("path", ["/privacidad", "/registro"])
def test_the_notice_version_is_a_date_in_words(client, path):
    html = client.get(path).get_data(as_text=True)
    assert "6 de diciembre de 2026" in html
    assert not re.search(r"\b\d{4}-\d{2}\b", html.split("<main")[-1].split("</main>")[0])


def test_a_version_in_the_data_page_is_said_in_words(app):
    from web.templating import version_words

    with app.test_request_context():
        assert version_words("2026-12-06") == "6 de diciembre de 2026"
        assert version_words("mensajes-2026-12") == "diciembre de 2026"
        assert version_words("sin fecha") == "sin fecha"


def test_the_privacy_notice_names_everything_a_business_sees_of_a_visible_profile(client):
    """What the candidates page shows an employer (skills, courses, "about", and reasons on
    experience, languages, schooling, months and distance) is said in the notice."""
    html = client.get("/privacidad").get_data(as_text=True)
    for words in ("el nombre (sin apellidos)", "la experiencia", "las habilidades y los cursos",
                  "los idiomas", "los estudios", "hasta dónde puede viajar",
                  "lo que escribe sobre sí"):
        assert words in html, words


def test_a_label_that_ends_its_own_sentence_takes_no_colon(app):
    from web.templating import with_colon

    assert with_colon("Recibida") == "Recibida:"
    assert with_colon("¡Te contrataron!") == "¡Te contrataron!"
    assert with_colon("Leí el aviso y acepto que Chamba use mis datos.") == (
        "Leí el aviso y acepto que Chamba use mis datos.")


def test_the_sign_up_error_summary_puts_no_colon_after_a_full_stop(client):
    from tests.helpers import csrf_token

    html = client.post("/registro", data={"csrf_token": csrf_token(client, "/registro")}
                       ).get_data(as_text=True)
    assert "Revisa" in html or "errores" in html
    assert ".:" not in html and "!:" not in html
