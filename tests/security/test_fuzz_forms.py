"""Hostile values in every field of every form in the route map: never a 5xx.

Each POST route is tried as its usual user (from ``test_route_inventory``), with a valid
CSRF token, every field it knows (the real form data plus the inputs of its page) set to
one hostile value at a time, and once with each field sent twice (a list where one value
is expected).
"""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from tests.world import client_as

from .conftest import token_for
from .test_route_inventory import FORM_DATA, _owner_path, _post_rules, _usual_user

HOSTILE = {
    "huge-number": "9" * 400,
    "negative-huge": "-" + "9" * 400,
    "float-overflow": "1e309",
    "nan": "NaN",
    "unicode-digits": "١٢٣",
    "long": "x" * 10_000,
    "bidi": "Ana\u202eairaM",
    "zero-width": "Ro\u200bsa\u200d",
    "nul": "a\x00b",
    "sql": "' OR 1=1; DROP TABLE users; --",
    "html": "<script>alert(1)</script>\"><img src=x onerror=alert(1)>",
    "empty": "",
    "date-nonsense": "2026-02-31",
}
_INPUT = re.compile(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"')


def _fields(client, rule, path) -> set[str]:
    names = set(FORM_DATA.get(rule.endpoint, {}))
    if "GET" in rule.methods:
        names |= set(_INPUT.findall(client.get(path).get_data(as_text=True)))
    return names - {"csrf_token"}


@pytest.mark.parametrize("payload", list(HOSTILE), ids=list(HOSTILE))
def test_every_form_takes_hostile_values_without_a_5xx(app, world, payload):
    value = HOSTILE[payload]
    clients: dict[str, object] = {}
    failures = []
    for rule in _post_rules(app):
        who = _usual_user(rule.endpoint)
        if rule.endpoint == "auth.logout":
            continue  # nothing to type; signing out would end the shared session
        client = clients.get(who) or clients.setdefault(who, client_as(app, world, who))
        path = _owner_path(app, rule, world)
        fields = _fields(client, rule, path)
        data = {name: value for name in fields}
        response = client.post(path, data={**data, "csrf_token": token_for(client)})
        if response.status_code >= 500:
            failures.append(f"POST {path} as {who}: {response.status_code}")
        if rule.endpoint in {"auth.erase", "auth.change_password", "auth.consent"}:
            clients.pop(who, None)  # may have changed the account; start again next time
    assert not failures, "\n".join(failures)


def test_every_form_takes_repeated_fields_without_a_5xx(app, world):
    clients: dict[str, object] = {}
    failures = []
    for rule in _post_rules(app):
        who = _usual_user(rule.endpoint)
        if rule.endpoint in {"auth.logout", "auth.erase", "auth.change_password"}:
            continue  # real values, repeated, would really sign out, erase or change it
        client = clients.get(who) or clients.setdefault(who, client_as(app, world, who))
        path = _owner_path(app, rule, world)
        real = FORM_DATA.get(rule.endpoint, {})
        data = [(name, real.get(name, "1")) for name in _fields(client, rule, path)
                for _ in range(2)]
        data.append(("csrf_token", token_for(client)))
        response = client.post(path, data=MultiDict(data))
        if response.status_code >= 500:
            failures.append(f"POST {path} as {who}: {response.status_code}")
    assert not failures, "\n".join(failures)
