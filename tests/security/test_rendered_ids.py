"""Every page a role reaches: ids are unique and no attribute reads "None".

Screen readers follow ``aria-describedby`` and ``<label for>`` by id: a repeated id (one
per card) or ``aria-describedby="None"`` points them at the wrong thing or at nothing.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.world import client_as

from .test_route_inventory import (
    PARAM_VALUES,
    _arguments,
    _build,
    _cases,
    _int_arguments,
    _rules,
)

_ID = re.compile(r'\sid="([^"]*)"')
_NONE_ATTR = re.compile(r'\s[a-z-]+="None"')
OWNER = {"youth": "youth_q", "employers": "employer_q", "counselors": "counselor_q",
         "admin": "admin", "auth": "youth_q", "main": "youth_q", "messages": "youth_q"}


def _pages(app, world, who: str):
    """The GET pages ``who`` may open: the routes without ids, and their own objects."""
    for rule in _rules(app):
        if "GET" not in rule.methods or rule.endpoint.split(".")[0] not in OWNER:
            continue
        if not _int_arguments(rule):
            yield _build(app, rule, world, {n: PARAM_VALUES[n] for n in _arguments(rule)})
        else:
            for kwargs, allowed in _cases(rule):
                if who in allowed:
                    yield _build(app, rule, world, kwargs)


@pytest.mark.parametrize("who", ["anonymous", "youth_q", "employer_q", "counselor_q", "admin"])
def test_no_page_repeats_an_id_or_writes_none_in_an_attribute(app, world, who):
    client = client_as(app, world, who)
    failures = []
    for path in sorted(set(_pages(app, world, who))):
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        html = response.get_data(as_text=True)
        repeated = [i for i, n in Counter(_ID.findall(html)).items() if n > 1]
        if repeated:
            failures.append(f"{path} as {who}: repeated ids {sorted(repeated)}")
        nones = _NONE_ATTR.findall(html)
        if nones:
            failures.append(f"{path} as {who}: {sorted(set(nones))}")
    assert not failures, "\n".join(failures)


def test_a_form_with_errors_on_a_choice_field_points_at_its_message(app, world):
    """The radio group's error is described by id; without errors, no attribute at all."""
    client = client_as(app, world, "counselor_q")
    path = f"/consejeria/jovenes/{world['youth_q'].id}/perfil/estudios"
    clean = client.get(path).get_data(as_text=True)
    assert "aria-describedby" not in clean.split("<form")[1].split("</form>")[0]
    from tests.helpers import csrf_token

    html = client.post(path, data={"education": "99", "csrf_token": csrf_token(client, path)}
                       ).get_data(as_text=True)
    assert 'aria-describedby="education-err"' in html and 'id="education-err"' in html
