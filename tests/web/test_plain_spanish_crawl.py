"""Plain words on every page the demo roles reach, in Spanish and in English.

Signed in as each demo role (and as nobody), the crawler follows every same-site link and
submits every GET form it finds (bounded: a few pages per address pattern), never a POST and
never "Salir". On every page: no 5xx; and in the text a person reads (tags, scripts and
styles stripped, attributes excluded, what people typed removed) no code from the models'
enums (``received``, ``not_hired``), no ISO language code (``que · nativo``), no ISO date,
no "None", no raw key after a label ("Rubro: turismo"); on English pages no Spanish left over.

The demo data lives in a database of this module's own, seeded once.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
import sqlalchemy as sa

import models
from models import Base
from tests.helpers import (
    AuthActions,
    IsolatedClient,
    csrf_token,
    is_postgres,
    own_postgres_database,
)
from web import create_app
from web.extensions import db
from web.services import demo

# --- what a person must never read ------------------------------------------------------------

def _enum_values() -> set[str]:
    values = set()
    for name in dir(models):
        kind = getattr(models, name)
        if isinstance(kind, type) and issubclass(kind, enum.StrEnum) and kind is not enum.StrEnum:
            values |= {str(member.value) for member in kind}
    return values


ENUM_VALUES = _enum_values()
# Values that are also ordinary Spanish words ("formal", "salud", "oral") read as words; they
# are only a code where a label should be ("Rubro: turismo", "que · nativo").
SPANISH_WORD_VALUES = {
    "formal", "informal", "independiente", "familiar", "comunal", "basico", "intermedio",
    "avanzado", "nativo", "agro", "piscicultura", "turismo", "gastronomia", "artesania",
    "construccion", "transporte", "comercio", "cuidado", "salud", "computo", "contabilidad",
    "servicios", "educacion", "municipalidad", "inscrito", "completo", "abandono", "oral",
    "sms", "email", "whatsapp", "pin", "mis", "que", "spa", "hub", "dia", "hora", "mes",
    "jornal", "planilla", "practicas", "temporal",
}
# A code is lower case and never a single letter (F, M, X are only codes in a <select>).
ENGLISH_CODES = sorted(v for v in ENUM_VALUES
                       if len(v) > 1 and v.islower() and v not in SPANISH_WORD_VALUES)
ISO_LANGUAGES = sorted(str(lang.value) for lang in models.Language)

CODE_WORD = re.compile(r"(?<![\w@./-])(" + "|".join(map(re.escape, ENGLISH_CODES)) + r")(?![\w@])")
SNAKE_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
ISO_CODE = re.compile(r"(?<![\w])(" + "|".join(ISO_LANGUAGES) + r")\s*[·:]|[·:]\s*("
                      + "|".join(ISO_LANGUAGES) + r")(?![\w])")


def raw_key(values) -> re.Pattern:
    """A code where a label should be: right after "Rubro:" or "·", alone."""
    alternatives = "|".join(sorted(values, key=len, reverse=True))
    return re.compile(r"[:·]\s*(" + alternatives + r")\s*(?:$|[·,.;)\n])", re.MULTILINE)


RAW_KEY = raw_key(ENUM_VALUES - {"F", "M", "X"})
# On an English page "Status: pending" is English; a Spanish or snake_case code is not.
RAW_KEY_EN = raw_key({v for v in SPANISH_WORD_VALUES | {v for v in ENUM_VALUES if "_" in v}}
                     - {"formal", "informal", "sms", "email", "whatsapp", "pin", "oral"})
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
PYTHON_WORDS = re.compile(r"\b(None|True|False|nan)\b")
# Common Spanish words that an English page never needs (names and what people typed are
# removed before looking).
SPANISH_WORDS = (
    "usted", "su perfil", "tu perfil", "para ti", "de la", "del", "los", "las", "con", "por",
    "para", "está", "años", "meses", "ofertas", "oferta", "empresa", "empresas", "joven",
    "jóvenes", "postulación", "postulaciones", "postular", "guardar", "buscar", "ingresar",
    "salir", "cuenta", "consejería", "consejera", "habilidades", "experiencia", "idiomas",
    "estudios", "distrito", "inicio", "volver", "siguiente", "sí", "aquí", "también", "más",
    "según", "hasta", "desde", "sin", "cuando", "dónde", "qué", "cómo", "puede", "puedes",
    "tiene", "tienes", "vive", "quiere", "trabajó", "trabajo", "habla", "falta", "mismo",
    "semanas", "día", "mañana", "tarde", "noche", "enero", "diciembre", "ninguno", "ninguna",
    "de", "y", "en", "el", "la", "un", "una", "que", "es", "al", "como", "sus", "tu",
)
# Peruvian terms an English page keeps, glossed in English next to them.
SPANISH_TERMS = ("recibo por honorarios", "solicitud de tutela")
SPANISH_WORD = re.compile(r"(?<![\w])(" + "|".join(map(re.escape, SPANISH_WORDS)) + r")(?![\w])",
                          re.IGNORECASE)

# The taxonomy's own pages list its Spanish terms and synonyms, in every language.
TAXONOMY_PAGES = re.compile(r"^/admin/taxonomia")
# Never followed: they end the session or change state on GET-looking links.
SKIP = re.compile(r"^/(salir|static/|idioma|healthz|sms/|whatsapp/)")
NOT_HTML = re.compile(r"\.(json|csv|pdf)$")
PER_PATTERN = 5  # pages per address pattern (/joven/ofertas/N counts once per N)
MAX_PAGES = 250  # per role and language


# --- reading a page -----------------------------------------------------------------------

class Page(HTMLParser):
    """The text a person reads, the links, and the GET forms of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._skip = 0
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style", "template"):
            self._skip += 1
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif tag == "input" and self._form is not None and attrs.get("name"):
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "button", "file"):
                self._form["fields"].setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "select" and self._form is not None:
            self._select = attrs.get("name")
        elif tag == "option" and self._form is not None and self._select:
            if "selected" in attrs or self._select not in self._form["fields"]:
                self._form["fields"][self._select] = attrs.get("value") or ""
        elif tag in ("br", "p", "li", "td", "th", "div", "h1", "h2", "h3", "option", "dt", "dd",
                     "label", "button", "tr", "section", "summary", "legend", "span"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)
        elif tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag in ("p", "li", "td", "th", "div", "h1", "h2", "h3", "option", "dt", "dd",
                     "label", "button", "tr", "section", "summary", "legend"):
            self.text.append("\n")

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return "".join(self.text)


def read_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def pattern_of(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path)


# --- what people typed ------------------------------------------------------------------------

def typed_texts(session) -> list[str]:
    """Names and free text people entered (or that came from the data sets): a page shows them
    as they are, in Spanish even on an English page; longest first so parts go last."""
    columns = (
        (models.User.display_name, models.User.email, models.User.username),
        (models.Employer.contact_email,), (models.TravelLeg.note,),
        (models.Employer.name, models.Employer.description, models.Employer.contact_name,
         models.Employer.decision_note),
        (models.Vacancy.title, models.Vacancy.description), (models.Experience.title,),
        (models.Training.title, models.Training.description), (models.District.name,),
        (models.District.province,), (models.Territory.name,), (models.CandidateProfile.about,),
        (models.Application.message, models.StageEvent.note, models.FollowUp.problem,
         models.CaseNote.body, models.MatchDecision.reason),
        (models.Notification.subject, models.Notification.body),
    )
    texts: set[str] = set()
    for group in columns:
        for column in group:
            texts |= {t for t in session.scalars(sa.select(column).distinct()) if t}
    return sorted(texts, key=len, reverse=True)


def without(text: str, typed: list[str]) -> str:
    for value in typed:
        if value in text:
            text = text.replace(value, " ")
    return text


# --- the crawl --------------------------------------------------------------------------------

@dataclass
class Finding:
    where: str
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.where}: {self.what}: …{self.excerpt}…"


@dataclass
class Crawl:
    client: IsolatedClient
    lang: str
    typed: list[str]
    seen: set[str] = field(default_factory=set)
    patterns: Counter = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    pages: int = 0

    def run(self, start: str) -> None:
        queue = [start]
        while queue and self.pages < MAX_PAGES:
            url = queue.pop(0)
            if url in self.seen:
                continue
            self.seen.add(url)
            response = self.client.get(url)
            self.pages += 1
            if response.status_code >= 500:
                self.findings.append(Finding(url, f"HTTP {response.status_code}", ""))
                continue
            if response.status_code in (301, 302, 303):
                queue.insert(0, self.local(url, response.headers["Location"]) or "")
                continue
            if NOT_HTML.search(urlsplit(url).path) or \
                    "html" not in response.headers.get("Content-Type", ""):
                continue
            page = read_page(response.get_data(as_text=True))
            self.check(url, page.visible)
            for target in [*page.links, *self.form_targets(url, page)]:
                local = self.local(url, target)
                if local and local not in self.seen and self.admit(local):
                    queue.append(local)

    def local(self, base: str, href: str) -> str | None:
        if href.startswith(("mailto:", "tel:", "sms:", "#", "javascript:")):
            return None
        absolute = urljoin("http://localhost" + base, href)
        parts = urlsplit(absolute)
        if parts.netloc != "localhost" or SKIP.search(parts.path):
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def admit(self, url: str) -> bool:
        key = pattern_of(url)
        if self.patterns[key] >= PER_PATTERN:
            return False
        self.patterns[key] += 1
        return True

    def form_targets(self, url: str, page: Page) -> list[str]:
        targets = []
        for form in page.forms:
            fields = {k: v for k, v in form["fields"].items() if k != "csrf_token"}
            action = (form["action"] or urlsplit(url).path).split("?")[0]
            targets.append(f"{action}?{urlencode(fields)}")
            for name in fields:  # a search as a person types it
                if name in ("q", "buscar", "search"):
                    targets.append(f"{action}?{urlencode({**fields, name: 'cocina'})}")
        return targets

    def check(self, url: str, visible: str) -> None:
        text = without(visible, self.typed)
        rules = [("ISO date", ISO_DATE), ("ISO language code", ISO_CODE), ("code", SNAKE_CODE)]
        if self.lang == "es":
            rules += [("English code", CODE_WORD), ("Python value", PYTHON_WORDS),
                      ("raw key", RAW_KEY)]
        else:  # "None." is English; a Spanish word is a leftover
            rules.append(("raw key", RAW_KEY_EN))
            if not TAXONOMY_PAGES.match(url):
                rules.append(("Spanish word", SPANISH_WORD))
            text = without(text, list(SPANISH_TERMS))
        for what, rule in rules:
            for match in rule.finditer(text):
                start = max(0, match.start() - 40)
                excerpt = " ".join(text[start:match.end() + 30].split())
                self.findings.append(Finding(url, f"{what} {match.group(0)!r}", excerpt))


# --- fixtures ----------------------------------------------------------------------------

PASSWORD = "chamba-demo-2026"
ROLES = {
    "anonymous": None,
    "youth": "987000001",
    "youth_2": "987000002",
    "employer": "empresa01@demo.chamba.pe",
    "employer_amazonas": "empresa17@demo.chamba.pe",
    "counselor_quispicanchi": "consejera.urcos@chamba.pe",
    "counselor_condorcanqui": "consejera.nieva@chamba.pe",
    "admin": demo.ADMIN_EMAIL,
}
START = {"anonymous": "/", "admin": "/inicio"}


@pytest.fixture(scope="module")
def demo_app(tmp_path_factory):
    """An app on a database of its own with the demo data; each test signs in afresh."""
    if is_postgres():
        context = own_postgres_database("chamba_crawl")
        url = context.__enter__()
    else:
        context = None
        url = f"sqlite:///{tmp_path_factory.mktemp('crawl')}/demo.sqlite"
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=url)
    app.test_client_class = IsolatedClient
    with app.app_context():
        Base.metadata.create_all(db.engine)
        demo.seed_demo(db.session, PASSWORD, today=date.today())
        typed = typed_texts(db.session)
        yield app, typed
        db.session.remove()
        db.engine.dispose()
    if context is not None:
        context.__exit__(None, None, None)


def signed_in(app, who: str, lang: str):
    client = app.test_client()
    if ROLES[who]:
        AuthActions(client).login(ROLES[who], PASSWORD)
    # The language switcher, as a person would use it (stored on the account when signed in).
    client.post("/idioma", data={"lang": lang, "next": "/",
                                 "csrf_token": csrf_token(client, "/privacidad")})
    return client


@pytest.mark.parametrize("lang", ["es", "en"])
@pytest.mark.parametrize("who", list(ROLES))
def test_every_page_a_demo_role_reaches_reads_plain_words(demo_app, who, lang):
    app, typed = demo_app
    with app.app_context():
        client = signed_in(app, who, lang)
        crawl = Crawl(client, lang, typed)
        crawl.run(START.get(who, "/inicio"))
    assert crawl.pages >= (5 if who == "anonymous" else 10), sorted(crawl.seen)
    report = "\n".join(map(str, crawl.findings[:60]))
    assert not crawl.findings, f"{len(crawl.findings)} findings on {crawl.pages} pages:\n{report}"


@pytest.mark.parametrize(("lang", "text"), [
    ("es", "Ver caso: received"),
    ("es", "Ver caso: not_hired"),
    ("es", "Idiomas: que · nativo spa · intermedio"),
    ("es", "Rubro: turismo"),
    ("es", "Indicadores del programa · del 2025-12-02 al 2026-12-01"),
    ("es", "Distrito: None"),
    ("en", "Sector: turismo"),
    ("en", "Languages: que · nativo"),
    ("en", "Tiene 2 de 3 habilidades"),
    ("en", "Missing: trabajo en equipo"),
])
def test_the_checker_finds_what_the_issue_lists(lang, text):
    crawl = Crawl(client=None, lang=lang, typed=[])
    crawl.check("/x", text)
    assert crawl.findings, text


@pytest.mark.parametrize(("lang", "text"), [
    ("es", "Vive a 1 hora y media de viaje · S/ 1,130.00 al mes"),
    ("es", "Postula hasta el 6 de diciembre de 2026"),
    ("es", "Consentimiento oral registrado por la consejería"),
    ("en", "Status: pending · None."),
    ("en", "Contract: Fee receipt (recibo por honorarios)"),
])
def test_the_checker_leaves_plain_words_alone(lang, text):
    crawl = Crawl(client=None, lang=lang, typed=[])
    crawl.check("/x", text)
    assert not crawl.findings, crawl.findings
