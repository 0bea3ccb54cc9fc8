"""Stored and reflected XSS: what one person types is shown to another only as text.

Each payload goes into every field that one role types and another role reads: through the
real form where the form takes it (free-text notes and descriptions), straight into the
database where the form refuses markup (names, titles, messages) — to prove the output is
escaped on its own, not only because the input was filtered. Then the other roles open
their pages and no payload may come out as markup.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
import sqlalchemy as sa
from markupsafe import escape

from models import Application, Decision, MatchDecision, Stage
from tests.world import client_as
from web.extensions import db

from .conftest import token_for

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "'><svg onload=alert(1)>",
]

class _Scanner(HTMLParser):
    """Collect the markup a payload would have produced had it not been escaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            # No page has inline handlers (the CSP forbids them): any one is injected.
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and (
                    value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value!r}>")
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.found.append(f"<script>{data}")


def dangers(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    raw = re.findall(r"<script>alert|<img src=x|<svg onload", html, re.IGNORECASE)
    return scanner.found + raw


def shown(html: str, value: str) -> bool:
    """The value is on the page as text: escaped (or unchanged, when nothing needs escaping)."""
    return str(escape(value)) in html


def post(client, path: str, data: dict, prefix: str = ""):
    return client.post(path, data={**data, f"{prefix}csrf_token": token_for(client)})


def _plant(world, payload: str) -> dict[str, str]:
    """Put the payload in every field, tagged by field; return {field: value}."""
    values = {}

    def tag(name: str) -> str:
        values[name] = f"{name[:3]}{payload}"
        return values[name]

    app = world["application_q"]
    youth, experience, employer, vacancy = (world["youth_q"], world["experience_q"],
                                            world["employer_q"], world["vacancy_q"])
    # Fields whose forms refuse markup (plain_text): written directly.
    youth.first_name = tag("first_name")
    youth.last_name = tag("last_name")
    experience.title = tag("experience_title")
    experience.description = tag("experience_description")
    app.message = tag("application_message")
    employer.name = tag("business_name")
    employer.contact_name = tag("contact_name")
    vacancy.title = tag("vacancy_title")
    db.session.commit()
    return values


FORM_FIELDS = ["vacancy_description", "employer_stage_note", "counselor_case_note",
               "counselor_move_note", "follow_up_problem", "employer_decision_note",
               "decision_reason"]


def _through_forms(app, world, payload: str, values: dict) -> None:
    """The free-text fields, typed through their real forms by the person who writes them."""
    employer = client_as(app, world, "employer_q")
    counselor = client_as(app, world, "counselor_q")
    counselor_c = client_as(app, world, "counselor_c")
    v, a = world["vacancy_q"].id, world["application_q"].id

    values["vacancy_description"] = f"vac{payload}"
    response = post(employer, f"/empresa/ofertas/{v}/editar", {
        "action": "save", "title": "Mesera q", "occupation": "OC-GAS-001",
        "district": "081201", "pay": "1200", "pay_period": "mes",
        "contract_type": "temporal", "positions": "1", "min_education": "0",
        "closes_on": (date.today() + timedelta(days=30)).isoformat(),
        "description": values["vacancy_description"]})
    assert response.status_code == 302, "the vacancy form refused a description"

    values["employer_stage_note"] = f"emp{payload}"
    post(employer, f"/empresa/ofertas/{v}/postulantes/{a}/etapa",
         {"to_stage": Stage.CONTACTED.value, "note": values["employer_stage_note"]})

    values["counselor_move_note"] = f"mov{payload}"
    # Shared with the employer, so the employer's page must show it (escaped); an internal
    # note never reaches the employer (tests/web/test_consent_switch.py).
    post(counselor, f"/consejeria/casos/{a}", {"move-stage": Stage.INTERVIEW.value,
                                               "move-note": values["counselor_move_note"],
                                               "move-note_audience": "employer"},
         prefix="move-")
    values["counselor_case_note"] = f"not{payload}"
    post(counselor, f"/consejeria/casos/{a}", {"note-body": values["counselor_case_note"]},
         prefix="note-")

    values["follow_up_problem"] = f"fol{payload}"
    post(counselor, f"/consejeria/seguimientos/{world['follow_up_q'].id}",
         {"still_working": "0", "problem": values["follow_up_problem"], "safety_flag": "y"})

    # The other territory's counselor turns down the other employer, who reads the reason.
    values["employer_decision_note"] = f"dec{payload}"
    post(counselor_c, f"/consejeria/empresas/{world['employer_c'].id}",
         {"decision": "reject", "note": values["employer_decision_note"]})

    values["decision_reason"] = f"rea{payload}"
    post(counselor, f"/consejeria/ofertas/{v}/decision/{world['youth_q'].id}",
         {"decision": "pin", "reason": values["decision_reason"]})
    db.session.expire_all()
    stored = db.session.scalar(sa.select(MatchDecision))
    if stored is None:  # the form refuses markup in a reason: write it directly
        db.session.add(MatchDecision(vacancy_id=v, profile_id=world["youth_q"].id,
                                     decision=Decision.PIN, reason=values["decision_reason"],
                                     decided_by_id=world["counselor_q"].id))
        db.session.commit()
    # Every free-text form above must have kept exactly what was typed.
    db.session.expire_all()
    application = world["application_q"]
    assert world["vacancy_q"].description == values["vacancy_description"]
    assert [e.note for e in application.events if e.note] == [
        values["employer_stage_note"], values["counselor_move_note"]]
    assert [n.body for n in application.notes] == [values["counselor_case_note"]]
    assert world["follow_up_q"].problem == values["follow_up_problem"]
    assert world["employer_c"].decision_note == values["employer_decision_note"]


def _pages(world) -> dict[str, list[str]]:
    """What each *other* role opens to read those fields."""
    v, a, y = world["vacancy_q"].id, world["application_q"].id, world["youth_q"].id
    desk = [f"/consejeria/jovenes/{y}", f"/consejeria/empresas/{world['employer_q'].id}",
            "/consejeria/ofertas", f"/consejeria/ofertas/{v}", f"/consejeria/casos/{a}",
            "/consejeria/seguimientos", f"/consejeria/seguimientos/{world['follow_up_q'].id}"]
    return {
        "counselor_q": ["/consejeria/", *desk],
        "admin": ["/admin/", *desk],
        "employer_q": ["/empresa/", f"/empresa/ofertas/{v}", f"/empresa/ofertas/{v}/postulantes",
                       f"/empresa/ofertas/{v}/postulantes/{a}", f"/empresa/ofertas/{v}/candidatos"],
        "employer_c": ["/empresa/"],
        "youth_q": ["/joven/", "/joven/postulaciones", f"/joven/ofertas/{v}"],
        "youth_c": ["/joven/ofertas", f"/joven/ofertas/{v}", "/joven/para-ti", "/joven/"],
    }


# Who wrote each field, and who else must be able to read it (so the test is not vacuous).
READERS = {
    "first_name": {"counselor_q", "admin", "employer_q"},
    "last_name": {"counselor_q", "admin"},
    "experience_title": {"counselor_q", "admin"},
    "experience_description": set(),  # shown only on the youth's own CV today
    "application_message": {"employer_q"},
    "business_name": {"youth_q", "youth_c", "counselor_q", "admin"},
    "contact_name": {"counselor_q", "admin"},
    "vacancy_title": {"youth_q", "youth_c", "counselor_q", "admin"},
    "vacancy_description": {"youth_q", "youth_c"},
    "employer_stage_note": {"counselor_q", "admin"},
    "counselor_move_note": {"employer_q", "admin"},
    "counselor_case_note": {"admin"},
    "follow_up_problem": {"admin"},
    "employer_decision_note": {"employer_c"},
    "decision_reason": {"admin"},
}


@pytest.mark.parametrize("payload", PAYLOADS)
def test_stored_payloads_are_shown_as_text_to_every_other_role(app, world, payload):
    values: dict[str, str] = {}
    _through_forms(app, world, payload, values)
    values.update(_plant(world, payload))
    assert set(values) == set(READERS)
    seen: dict[str, set[str]] = {field: set() for field in values}
    failures = []
    for who, paths in _pages(world).items():
        client = client_as(app, world, who)
        for path in paths:
            response = client.get(path)
            html = response.get_data(as_text=True)
            if response.status_code != 200:
                failures.append(f"GET {path} as {who}: {response.status_code}")
            for found in dangers(html):
                failures.append(f"GET {path} as {who}: unescaped {found!r}")
            for field, value in values.items():
                if shown(html, value):
                    seen[field].add(who)
    # Shown escaped to its readers: for "{{7*7}}" that also proves it was not evaluated.
    for field, readers in READERS.items():
        missing = readers - seen[field]
        if missing:
            failures.append(f"{field} was not shown (escaped) to {sorted(missing)}")
    assert not failures, "\n".join(failures)


def test_youths_own_cv_shows_her_experience_as_text(app, world):
    payload = "<script>alert(1)</script>"
    world["experience_q"].description = payload
    world["experience_q"].title = payload
    db.session.commit()
    html = client_as(app, world, "youth_q").get("/joven/cv").get_data(as_text=True)
    assert not dangers(html) and shown(html, payload)


@pytest.mark.parametrize("payload", PAYLOADS[:2])
def test_forms_refuse_markup_in_names_titles_and_messages(app, world, payload):
    """The first line of defence: plain_text fields answer with a message and keep nothing."""
    youth = client_as(app, world, "youth_q")
    counselor = client_as(app, world, "counselor_q")
    v = world["vacancy_c"].id
    attempts = [
        (youth, "/joven/perfil/experiencia", {"title": payload, "kind": "informal",
                                              "months": "2"}),
        (youth, "/cuenta/corregir", {"first_name": payload}),
        (youth, f"/joven/ofertas/{v}/postular", {"message": payload}),
        (counselor, f"/consejeria/ofertas/{world['vacancy_q'].id}/decision/"
                    f"{world['youth_q'].id}", {"decision": "pin", "reason": payload}),
    ]
    for client, path, data in attempts:
        assert post(client, path, data).status_code in (200, 302), path
    db.session.expire_all()
    profile = world["youth_q"]
    assert profile.first_name == "JovenQ" and len(profile.experiences) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MatchDecision)) == 0
    assert not db.session.scalar(sa.select(Application.id).filter_by(
        profile_id=profile.id, vacancy_id=v))


# --- reflected --------------------------------------------------------------------------------

def _reflected(world) -> list[tuple[str, str]]:
    v = world["vacancy_q"].id
    return [
        ("youth_q", "/joven/ofertas?q={p}"),
        ("youth_q", "/joven/ofertas?distrito={p}&ocupacion={p}&orden={p}&pagina={p}"),
        ("youth_q", "/joven/perfil/habilidades?q={p}"),
        ("youth_q", "/joven/perfil/ocupaciones?q={p}"),
        ("counselor_q", f"/consejeria/ofertas/{v}?distrito={{p}}&idioma={{p}}&edad={{p}}"
                        "&perfil={p}"),
        ("counselor_q", "/consejeria/?pagina={p}"),
        ("admin", "/admin/taxonomia/habilidades?q={p}&pagina={p}"),
        ("admin", "/consejeria/indicadores?desde={p}&hasta={p}&territorio={p}"),
        ("anonymous", "/ingresar?next={p}"),
        ("anonymous", "/?{p}={p}"),
        ("anonymous", "/no-existe/{p}"),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_query_parameters_echoed_back_are_escaped(app, world, as_role, payload):
    failures = []
    for who, template in _reflected(world):
        path = template.format(p=quote(payload, safe=""))
        response = as_role(who).get(path)
        if response.status_code >= 500:
            failures.append(f"GET {path} as {who}: {response.status_code}")
        for found in dangers(response.get_data(as_text=True)):
            failures.append(f"GET {path} as {who}: unescaped {found!r}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("path", ["/joven/perfil/habilidades/sugerencias",
                                  "/joven/perfil/ocupaciones/sugerencias"])
def test_suggestions_are_json_never_html(app, world, as_role, path):
    response = as_role("youth_q").get(f"{path}?q={quote(PAYLOADS[0])}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
