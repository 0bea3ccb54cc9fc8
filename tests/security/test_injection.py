"""SQL injection and wildcard abuse in every search and filter.

Every search and filter takes hostile text: it must answer without a 5xx, find no more than
the same words typed plainly would, and leave every table where it was.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest
import sqlalchemy as sa

from models import Base, User
from tests.helpers import count, login
from tests.world import client_as
from web.extensions import db

from .conftest import changed_tables, snapshot, token_for

HOSTILE = [
    "' OR 1=1 --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "'; DROP TABLE users; --",
    "\"; DROP TABLE vacancies; --",
    "%",
    "_",
    "%%",
    "\\",
    "\\'",
    "x" * 5000,
    "9" * 400,
    "-1",
    "ñandú 🦙 Ωμέγα ﷽ \u202e",
    "a\x00b",
    "\x00",
]
IDS = ["or-1-1", "or-quote", "stacked", "drop-users", "drop-vacancies", "percent",
       "underscore", "percents", "backslash", "backslash-quote", "long", "huge-number",
       "negative", "unicode", "nul-inside", "nul"]


def hostile() -> list:
    """HOSTILE as test parameters, each named."""
    return [pytest.param(payload, id=name) for payload, name in zip(HOSTILE, IDS, strict=True)]


def _searches(world) -> list[tuple[str, str]]:
    v = world["vacancy_q"].id
    return [
        ("youth_q", "/joven/ofertas?q={p}"),
        ("youth_q", "/joven/ofertas?q=mesera&distrito={p}&ocupacion={p}&orden={p}&pagina={p}"),
        ("youth_q", "/joven/perfil/habilidades?q={p}"),
        ("youth_q", "/joven/perfil/ocupaciones?q={p}"),
        ("youth_q", "/joven/perfil/habilidades/sugerencias?q={p}"),
        ("youth_q", "/joven/perfil/ocupaciones/sugerencias?q={p}"),
        ("counselor_q", f"/consejeria/ofertas/{v}?distrito={{p}}&idioma={{p}}&edad={{p}}"
                        "&perfil={p}"),
        ("counselor_q", "/consejeria/?pagina={p}"),
        ("admin", "/admin/taxonomia/habilidades?q={p}&pagina={p}"),
        ("admin", "/admin/taxonomia/ocupaciones?q={p}"),
        ("admin", "/consejeria/indicadores?desde={p}&hasta={p}&territorio={p}"),
    ]


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names())


@pytest.mark.parametrize("payload", hostile())
def test_searches_and_filters_take_hostile_text_without_error(app, world, as_role, payload):
    users = count(User)
    failures = []
    for who, template in _searches(world):
        path = template.format(p=quote(payload, safe=""))
        response = as_role(who).get(path)
        if response.status_code >= 500:
            failures.append(f"GET {path[:120]} as {who}: {response.status_code}")
    employer = as_role("employer_q")
    for action, field in (("search_occupation", "occupation_query"),
                          ("search_skill", "skill_query")):
        response = employer.post("/empresa/ofertas/nueva", data={
            "action": action, field: payload, "csrf_token": token_for(employer)})
        if response.status_code >= 500:
            failures.append(f"POST /empresa/ofertas/nueva {action} {payload[:40]!r}: "
                            f"{response.status_code}")
    assert not failures, "\n".join(failures)
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables()
    assert count(User) == users


@pytest.mark.parametrize("payload", hostile())
def test_sign_in_with_hostile_text_lets_nobody_in(app, world, payload):
    client = app.test_client()
    response = login(client, payload, password=payload)
    assert response.status_code == 200, response.status_code
    assert client.get("/inicio").status_code == 302  # still signed out: sent to /ingresar
    response = login(client, world.user("youth_q").login, password=payload)
    assert response.status_code == 200
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables()


@pytest.mark.parametrize("payload", hostile())
def test_activation_code_form_takes_hostile_text(app, world, payload):
    client = app.test_client()
    response = client.post("/cuenta/activar", data={
        "identifier": payload, "code": payload[:20], "password": "una frase larga 2026",
        "csrf_token": token_for(client)})
    assert response.status_code == 200


# --- results are not widened ------------------------------------------------------------------

def _vacancies_listed(html: str, world) -> set[str]:
    return {key for key in ("vacancy_q", "vacancy_c")
            if f'/joven/ofertas/{world[key].id}"' in html}


@pytest.mark.parametrize(("typed", "same_as"), [
    ("%", ""), ("_", ""), ("%%", ""), ("\\", ""), ("' OR 1=1 --", "or"),
    ("' OR '1'='1", "or"), ("zz%", "zz"), ("%zz", "zz"), ("zz_zz", "zz zz"), ("mes%", "mes"),
    ("mesera' --", "mesera"),
])
def test_job_search_wildcards_and_quotes_find_what_plain_words_find(app, world, as_role, typed,
                                                                    same_as):
    """Only letters and digits are searched: '%' and '_' are not wildcards, quotes are text.

    A search with no words in it ('%', '_') lists every open vacancy, like an empty search:
    that is the intended meaning of "no words", not a widening.
    """
    client = as_role("youth_q")
    got = _vacancies_listed(client.get(f"/joven/ofertas?q={quote(typed)}").get_data(
        as_text=True), world)
    expected = _vacancies_listed(client.get(f"/joven/ofertas?q={quote(same_as)}").get_data(
        as_text=True), world)
    assert got == expected


def test_job_search_never_lists_a_draft_or_an_unverified_employers_vacancy(app, world, as_role):
    html = as_role("youth_q").get(f"/joven/ofertas?q={quote('%')}").get_data(as_text=True)
    assert f'/joven/ofertas/{world["draft_q"].id}"' not in html
    assert _vacancies_listed(html, world) == {"vacancy_q", "vacancy_c"}


def _terms_listed(client, slug: str, typed: str) -> str:
    return client.get(f"/admin/taxonomia/{slug}?q={quote(typed)}").get_data(as_text=True)


def test_admin_taxonomy_search_treats_wildcards_as_text(app, world, as_role):
    client = as_role("admin")
    assert "mesero" in _terms_listed(client, "ocupaciones", "mesero")
    assert "mesero" not in _terms_listed(client, "ocupaciones", "m_sero")


def test_admin_taxonomy_search_with_sql_finds_nothing(app, world, as_role):
    client = as_role("admin")
    for typed in ("' OR 1=1 --", "x' OR 'a'='a"):
        html = _terms_listed(client, "ocupaciones", typed)
        assert "mesero" not in html, typed


def test_huge_page_numbers_are_clamped(app, world, as_role):
    for who, path in (("youth_q", "/joven/ofertas?pagina=" + "9" * 30),
                      ("counselor_q", "/consejeria/?pagina=" + "9" * 30),
                      ("admin", "/admin/taxonomia/habilidades?pagina=" + "9" * 30),
                      ("youth_q", "/joven/ofertas?pagina=-5")):
        assert as_role(who).get(path).status_code == 200, path


def test_tables_and_rows_survive_every_destructive_payload(app, world, as_role):
    """Every search and filter, each given every payload that tries to drop or rewrite a
    table, in this test: afterwards the schema is whole and every row of the world is still
    there, unchanged (only audit rows of who viewed whom may be added)."""
    clients = {who: as_role(who) for who, _template in _searches(world)}
    before = snapshot()
    destructive = [p for p in HOSTILE if "DROP" in p or ";" in p or "'" in p]
    for payload in destructive:
        for who, template in _searches(world):
            assert clients[who].get(template.format(p=quote(payload, safe=""))).status_code < 500
        login(app.test_client(), payload, password=payload)
    assert {t.name for t in Base.metadata.sorted_tables} <= _tables()
    after = snapshot()
    assert set(changed_tables(before, after)) <= {"audit_events"}
    assert len(after["audit_events"]) >= len(before["audit_events"])
    assert set(before["audit_events"]) <= set(after["audit_events"])
    assert client_as(app, world, "youth_q").get("/joven/").status_code == 200
