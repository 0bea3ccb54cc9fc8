"""Every route of ``app.url_map``, checked for CSRF, object-level access and 5xx.

The routes come from the app itself, so a new route is covered the day it is added. A new
route with an ``<int:...>`` parameter makes ``test_every_object_route_is_in_the_table``
fail until someone says, in ``OBJECT_ROUTES`` below, which objects it shows and to whom.
"""

from __future__ import annotations

import pytest
from werkzeug.routing import IntegerConverter

from tests.factories import PASSWORD
from tests.helpers import is_login_redirect, years_ago
from tests.world import ROLES, client_as

from .conftest import changed_tables, snapshot, token_for

MISSING = 987_654  # an id no object has

Q_DESK = frozenset({"counselor_q", "admin"})
C_DESK = frozenset({"counselor_c", "admin"})
NOBODY: frozenset[str] = frozenset()


def _vacancy_cases(owner_q: frozenset, owner_c: frozenset, draft_q: frozenset) -> list:
    return [({"vacancy_id": "vacancy_q"}, owner_q), ({"vacancy_id": "vacancy_c"}, owner_c),
            ({"vacancy_id": "draft_q"}, draft_q), ({"vacancy_id": MISSING}, NOBODY)]


def _pair_cases(first: str, second: str, key1: str, key2: str) -> list:
    """Routes with two ids: both of one side, crossed sides (never the same owner), missing."""
    return [
        ({first: f"{key1}_q", second: f"{key2}_q"}, None),
        ({first: f"{key1}_c", second: f"{key2}_c"}, None),
        ({first: f"{key1}_q", second: f"{key2}_c"}, None),
        ({first: f"{key1}_c", second: f"{key2}_q"}, None),
        ({first: f"{key1}_q", second: MISSING}, NOBODY),
        ({first: MISSING, second: f"{key2}_q"}, NOBODY),
    ]


def _with(cases: list, allowed: list[frozenset]) -> list:
    return [(kwargs, allowed[i] if given is None else given)
            for i, (kwargs, given) in enumerate(cases)]


YOUTH_Q, YOUTH_C = frozenset({"youth_q"}), frozenset({"youth_c"})
EMP_Q, EMP_C = frozenset({"employer_q"}), frozenset({"employer_c"})

# endpoint → [(url arguments: world key or a literal id, roles that may see it)].
# Every endpoint with an <int:> parameter must be here.
OBJECT_ROUTES: dict[str, list[tuple[dict, frozenset[str]]]] = {
    # Counselors: their territory (the candidate's district for cases); the admin: all.
    "counselors.case": [({"application_id": "application_q"}, Q_DESK),
                        ({"application_id": "application_c"}, C_DESK),
                        ({"application_id": MISSING}, NOBODY)],
    "counselors.decide": _with(_pair_cases("vacancy_id", "profile_id", "vacancy", "youth"),
                               [Q_DESK, C_DESK, frozenset({"admin"}), frozenset({"admin"})]),
    "counselors.propose": _with(_pair_cases("vacancy_id", "profile_id", "vacancy", "youth"),
                                [Q_DESK, C_DESK, frozenset({"admin"}), frozenset({"admin"})]),
    "counselors.employer": [({"employer_id": "employer_q"}, Q_DESK),
                            ({"employer_id": "employer_c"}, C_DESK),
                            ({"employer_id": MISSING}, NOBODY)],
    "counselors.follow_up": [({"follow_up_id": "follow_up_q"}, Q_DESK),
                             ({"follow_up_id": "follow_up_c"}, C_DESK),
                             ({"follow_up_id": MISSING}, NOBODY)],
    "counselors.youth_messages": [({"profile_id": "youth_q"}, Q_DESK),
                                  ({"profile_id": "youth_c"}, C_DESK),
                                  ({"profile_id": MISSING}, NOBODY)],
    "counselors.reset_code": [({"profile_id": "youth_q"}, Q_DESK),
                              ({"profile_id": "youth_c"}, C_DESK),
                              ({"profile_id": MISSING}, NOBODY)],
    "counselors.vacancy": _vacancy_cases(Q_DESK, C_DESK, Q_DESK),
    # The counselor fills the profile on the youth's behalf: only their territory's youth.
    "counselors.profile_steps": [({"profile_id": "youth_q"}, Q_DESK),
                                 ({"profile_id": "youth_c"}, C_DESK),
                                 ({"profile_id": MISSING}, NOBODY)],
    **{endpoint: [({"profile_id": "youth_q", "slug": slug}, Q_DESK),
                  ({"profile_id": "youth_c", "slug": slug}, C_DESK),
                  ({"profile_id": MISSING, "slug": slug}, NOBODY)]
       for endpoint, slug in (("counselors.profile_step", "distrito"),
                              ("counselors.profile_picker", "habilidades"),
                              ("counselors.profile_picker_suggest", "ocupaciones"),
                              ("counselors.profile_picker_add", "habilidades"),
                              ("counselors.profile_picker_remove", "ocupaciones"))},
    "counselors.profile_experience": [({"profile_id": "youth_q"}, Q_DESK),
                                      ({"profile_id": "youth_c"}, C_DESK),
                                      ({"profile_id": MISSING}, NOBODY)],
    # The missing experience first: the suites that post as the owner use the first case,
    # and removing the world's experience here would leave youth.remove_experience nothing.
    "counselors.profile_remove_experience": [
        ({"profile_id": "youth_q", "experience_id": MISSING}, NOBODY),
        *[case for case in _with(_pair_cases("profile_id", "experience_id", "youth",
                                             "experience"), [Q_DESK, C_DESK, NOBODY, NOBODY])
          if case[0]["experience_id"] != MISSING]],
    "counselors.youth_profile": [({"profile_id": "youth_q"}, Q_DESK),
                                 ({"profile_id": "youth_c"}, C_DESK),
                                 ({"profile_id": MISSING}, NOBODY)],
    # Employers: only their own vacancies, and only those vacancies' applications.
    "employers.applicant": _with(_pair_cases("vacancy_id", "application_id", "vacancy",
                                             "application"), [EMP_Q, EMP_C, NOBODY, NOBODY]),
    "employers.move_applicant": _with(_pair_cases("vacancy_id", "application_id", "vacancy",
                                                  "application"),
                                      [EMP_Q, EMP_C, NOBODY, NOBODY]),
    "employers.confirm_hire": _with(_pair_cases("vacancy_id", "application_id", "vacancy",
                                                "application"), [EMP_Q, EMP_C, NOBODY, NOBODY]),
    "employers.applicants": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    "employers.ask_cde": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    "employers.candidates": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    "employers.vacancy": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    "employers.edit_vacancy": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    "employers.change_status": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    "employers.duplicate_vacancy": _vacancy_cases(EMP_Q, EMP_C, EMP_Q),
    # Youth: every open vacancy of a verified employer; never a draft; only their own things.
    "youth.vacancy": _vacancy_cases(YOUTH_Q | YOUTH_C, YOUTH_Q | YOUTH_C, NOBODY),
    "youth.apply": _vacancy_cases(YOUTH_Q | YOUTH_C, YOUTH_Q | YOUTH_C, NOBODY),
    "youth.remove_experience": [({"experience_id": "experience_q"}, YOUTH_Q),
                                ({"experience_id": "experience_c"}, YOUTH_C),
                                ({"experience_id": MISSING}, NOBODY)],
    "youth.withdraw": [({"application_id": "application_q"}, YOUTH_Q),
                       ({"application_id": "application_c"}, YOUTH_C),
                       ({"application_id": MISSING}, NOBODY)],
    # CDE courses: counselors of the course's territory enrol and record; the admin edits.
    "counselors.course": [({"course_id": "course_q"}, Q_DESK),
                          ({"course_id": "course_c"}, C_DESK),
                          ({"course_id": MISSING}, NOBODY)],
    "counselors.enrol": [({"course_id": "course_q"}, Q_DESK),
                         ({"course_id": "course_c"}, C_DESK),
                         ({"course_id": MISSING}, NOBODY)],
    "counselors.course_outcome": _with(_pair_cases("course_id", "enrollment_id", "course",
                                                   "enrollment"),
                                       [Q_DESK, C_DESK, NOBODY, NOBODY]),
    "admin.course": [({"course_id": "course_q"}, frozenset({"admin"})),
                     ({"course_id": "course_c"}, frozenset({"admin"})),
                     ({"course_id": MISSING}, NOBODY)],
    # Counselor accounts: only the admin; any other account is not found here.
    # (Counselor C first: the form tests act on the first case, and counselor Q must stay
    # active and in place for the counselors' own routes.)
    "admin.counselor": [({"user_id": "counselor_c"}, frozenset({"admin"})),
                        ({"user_id": "counselor_q"}, frozenset({"admin"})),
                        ({"user_id": "admin"}, NOBODY), ({"user_id": MISSING}, NOBODY)],
    "admin.counselor_action": [
        ({"user_id": "counselor_c", "action": "desactivar"}, frozenset({"admin"})),
        ({"user_id": "admin", "action": "desactivar"}, NOBODY),
        ({"user_id": MISSING, "action": "reactivar"}, NOBODY)],
    # The taxonomy is the programme's, not personal: only the admin edits it.
    "admin.term": [({"slug": "habilidades", "term_id": "skill"}, frozenset({"admin"})),
                   ({"slug": "ocupaciones", "term_id": "occupation"}, frozenset({"admin"})),
                   ({"slug": "habilidades", "term_id": MISSING}, NOBODY)],
}

# Values for parameters that are not object ids (a new kind must be added here).
# Districts are reference data kept for the whole run: the edit route is tried on an ubigeo
# no district has (404), so no form test renames a real one; "nuevo" tries the same form.
PARAM_VALUES = {"slug": "habilidades", "token": "1-not-a-genuine-token", "ubigeo": "999999",
                "action": "desactivar"}

# What a real person would post to each route: with a token, these would change something,
# so "nothing changed" after a refused request means something.
FORM_DATA: dict[str, dict[str, str]] = {
    "auth.login": {"identifier": "987100001", "password": PASSWORD},
    "auth.signup_youth": {"first_name": "Nueva", "phone": "987999111",
                          "birth_date": years_ago(22).isoformat(),
                          "password": "mi chacra en ocongate", "consent": "y", "visible": "y"},
    "auth.signup_employer": {"business_name": "Nuevo", "district": "081201",
                             "sector": "turismo", "contact_name": "Ana",
                             "email": "nuevo@test.pe", "password": "mi chacra en ocongate",
                             "consent": "y"},
    "auth.redeem_code": {"identifier": "987100001", "code": "23456789",
                         "password": "mi chacra en ocongate"},
    "auth.change_password": {"current": PASSWORD, "password": "otra frase segura 2027"},
    "auth.consent": {"purpose": "processing", "granted": "0"},
    "auth.correct": {"first_name": "Cambiada", "last_name": "Otra"},
    "auth.change_contact": {"phone": "987999222", "email": "", "password": PASSWORD},
    "auth.erase": {"password": PASSWORD, "confirm": "y"},
    "main.set_language": {"lang": "en", "next": "/"},
    "youth.add_skill": {"code": "SK-AGR-001"},
    "youth.remove_skill": {"code": "SK-AGR-001"},
    "youth.add_occupation": {"code": "OC-AGR-001"},
    "youth.remove_occupation": {"code": "OC-AGR-001"},
    "youth.district": {"district": "081202"},
    "youth.personal": {"birth_date": years_ago(23).isoformat(), "sex": "M"},
    "youth.languages": {"spa": "basic", "que": "native"},
    "youth.education": {"education": "2"},
    "youth.experience": {"title": "Guía", "kind": "informal", "months": "3"},
    "youth.availability": {"months": "1", "day_parts": "1"},
    "youth.travel": {"max_travel_km": "40", "relocate": "si"},
    "youth.business": {"interested": "si"},
    "youth.documents": {"dni": "y", "cul": "y"},
    "youth.apply": {"message": "Hola"},
    "employers.change_status": {"status": "closed"},
    "employers.move_applicant": {"to_stage": "contacted"},
    "employers.new_vacancy": {"title": "Nueva", "occupation": "OC-AGR-001",
                              "district": "081201", "pay": "1200", "pay_period": "mes",
                              "contract_type": "temporal", "positions": "1"},
    "employers.edit_vacancy": {"title": "Cambiada", "pay": "1200", "positions": "1"},
    "counselors.employer": {"decision": "reject", "note": "No existe"},
    "counselors.decide": {"decision": "exclude", "reason": "No"},
    "counselors.case": {"note-body": "Una nota"},
    "counselors.follow_up": {"still_working": "0", "problem": "Se fue"},
    "counselors.profile_step": {"district": "081202"},
    "counselors.profile_picker_add": {"code": "SK-AGR-001"},
    "counselors.profile_picker_remove": {"code": "OC-AGR-001"},
    "counselors.profile_experience": {"title": "Guía", "kind": "informal", "months": "3"},
    "admin.term": {"label_es": "Cambiada", "label_en": "Changed", "synonyms": "",
                   "is_active": "y"},
    "admin.counselors": {"display_name": "Nueva", "email": "nueva@cde.pe", "territory": "1"},
    "admin.counselor": {"territory": "2"},
    "admin.course": {"title": "Cambiado", "skills": "1", "territory": "1", "hours": "10"},
    "admin.district": {"name": "Cambiado", "province": "P", "department": "D",
                       "latitude": "-13.6", "longitude": "-71.4"},
    "admin.travel_leg": {"origin": "081201", "destination": "081205", "hours": "9",
                         "mode": "road"},
    "counselors.enrol": {"profile_id": "1"},
    "counselors.register_youth": {"first_name": "Asistida", "phone": "987999222",
                                  "birth_date": years_ago(22).isoformat(), "district": "081201",
                                  "consent_method": "oral", "consent": "y"},
}

# Who normally uses each blueprint; endpoints only for people not signed in are listed apart.
BLUEPRINT_USER = {"youth": "youth_q", "employers": "employer_q", "counselors": "counselor_q",
                  "admin": "admin", "auth": "youth_q", "main": "youth_q", "messages": "youth_q",
                  "sms": "anonymous", "whatsapp": "anonymous"}
# Called by gateways (Kannel, Meta), not people: no session and no CSRF token, but a signature
# (an HMAC token in the URL or X-Hub-Signature-256) that is refused with 403 when wrong.
SIGNED_ENDPOINTS = {"sms.delivery_report", "sms.inbound", "whatsapp.verify",
                    "whatsapp.receive"}
ANONYMOUS_ENDPOINTS = {"auth.login", "auth.signup_youth", "auth.signup_employer",
                       "auth.redeem_code"}


def _rules(app):
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static"),
                  key=lambda r: r.rule)


def _arguments(rule) -> set[str]:
    """The rule's own URL parameters (not the defaults a sibling rule fills in)."""
    return set(rule.arguments) - set(rule.defaults or {})


def _int_arguments(rule) -> set[str]:
    return {name for name, conv in rule._converters.items()
            if isinstance(conv, IntegerConverter)}


def _build(app, rule, world, kwargs: dict) -> str:
    values = {name: (world[key].id if isinstance(key, str) and key in world.objects else key)
              for name, key in kwargs.items()}
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **values)


def _cases(rule) -> list:
    """The table's cases for this very rule (an endpoint may have several rules)."""
    return [(kwargs, allowed) for kwargs, allowed in OBJECT_ROUTES.get(rule.endpoint, [])
            if set(kwargs) == _arguments(rule)]


def _owner_path(app, rule, world) -> str:
    """The route filled with the objects of its usual user (territory Q)."""
    if not _int_arguments(rule):
        return _build(app, rule, world, {name: PARAM_VALUES[name] for name in _arguments(rule)})
    cases = _cases(rule)
    assert cases, f"{rule.rule} is missing from OBJECT_ROUTES"
    return _build(app, rule, world, cases[0][0])


def _usual_user(endpoint: str) -> str:
    if endpoint in ANONYMOUS_ENDPOINTS:
        return "anonymous"
    return BLUEPRINT_USER[endpoint.split(".")[0]]


# --- the table is complete ------------------------------------------------------------------

def test_every_object_route_is_in_the_table(app):
    """A new <int:> route must say here which objects it shows and to whom."""
    rules = [r for r in _rules(app) if _int_arguments(r)]
    missing = sorted(r.rule for r in rules if not _cases(r))
    assert not missing, f"routes with <int:> parameters missing from OBJECT_ROUTES: {missing}"
    gone = set(OBJECT_ROUTES) - {r.endpoint for r in rules}
    assert not gone, f"OBJECT_ROUTES names routes that no longer exist: {sorted(gone)}"
    for endpoint, cases in OBJECT_ROUTES.items():
        shapes = {frozenset(_arguments(r)) for r in rules if r.endpoint == endpoint}
        for kwargs, _allowed in cases:
            assert frozenset(kwargs) in shapes, f"{endpoint}: no rule takes {sorted(kwargs)}"


def test_every_other_parameter_has_a_value(app):
    """Parameters that are not object ids (a slug…) need a value in PARAM_VALUES."""
    unknown = {name for r in _rules(app) for name in _arguments(r) - _int_arguments(r)}
    assert unknown <= set(PARAM_VALUES), f"add values for {sorted(unknown - set(PARAM_VALUES))}"


# --- CSRF on every state-changing route -----------------------------------------------------

def _post_rules(app):
    return [r for r in _rules(app) if "POST" in r.methods]


@pytest.mark.parametrize("who", ROLES)
def test_every_post_route_refuses_a_missing_csrf_token_and_changes_nothing(app, world, who):
    """Signed in as each role: no token → 400 (404 where that role may not be at all)."""
    client = client_as(app, world, who)
    failures = []
    before = snapshot()
    for rule in _post_rules(app):
        path = _owner_path(app, rule, world)
        response = client.post(path, data=FORM_DATA.get(rule.endpoint, {}))
        expected = {400} if _usual_user(rule.endpoint) == who else {400, 404}
        if rule.endpoint in SIGNED_ENDPOINTS:
            expected = {403}
        if response.status_code not in expected:
            failures.append(f"POST {path} as {who}: {response.status_code}, expected {expected}")
        changed = changed_tables(before, snapshot())
        if changed:
            failures.append(f"POST {path} as {who} without a token changed {changed}")
    assert not failures, "\n".join(failures)


def test_every_post_route_refuses_a_token_of_another_session_or_a_forged_one(app, world,
                                                                           as_role):
    """A token is bound to its session: another person's valid token is no token at all."""
    stolen = token_for(as_role("youth_c"))
    for who in ROLES:
        as_role(who)  # signing in writes last_login_at: do it before the snapshot
    failures = []
    before = snapshot()
    for rule in _post_rules(app):
        who = _usual_user(rule.endpoint)
        client = as_role(who)
        path = _owner_path(app, rule, world)
        for token in (stolen, "forged-token", ""):
            response = client.post(path, data={**FORM_DATA.get(rule.endpoint, {}),
                                               "csrf_token": token})
            if response.status_code != (403 if rule.endpoint in SIGNED_ENDPOINTS else 400):
                failures.append(f"POST {path} as {who} with token {token[:12]!r}: "
                                f"{response.status_code}")
            changed = changed_tables(before, snapshot())
            if changed:
                failures.append(f"POST {path} as {who} with a bad token changed {changed}")
    assert not failures, "\n".join(failures)


# --- object-level access --------------------------------------------------------------------

@pytest.mark.parametrize("who", ROLES)
def test_object_routes_answer_404_to_everyone_but_the_owner(app, world, who):
    """Every <int:> route × this role × each object: owner 200, others 404, anonymous → sign-in.

    POST-only routes are tried by non-owners with a valid token and real form data (so a
    404 comes from the access check, not from CSRF) and must change nothing.
    """
    client = client_as(app, world, who)
    token = token_for(client)
    failures = []
    for rule in _rules(app):
        for kwargs, allowed in _cases(rule):
            path = _build(app, rule, world, kwargs)
            owner = who in allowed
            if "GET" in rule.methods:
                response = client.get(path)
                if who == "anonymous":
                    ok = is_login_redirect(response)
                else:
                    ok = response.status_code == (200 if owner else 404)
                if not ok:
                    failures.append(f"GET {path} ({kwargs}) as {who}: {response.status_code}, "
                                    f"owner={owner}")
            if "POST" in rule.methods and not owner:
                before = snapshot()
                response = client.post(path, data={**FORM_DATA.get(rule.endpoint, {}),
                                                   "csrf_token": token})
                ok = (is_login_redirect(response) if who == "anonymous"
                      else response.status_code == 404)
                if not ok:
                    failures.append(f"POST {path} ({kwargs}) as {who}: {response.status_code}")
                changed = changed_tables(before, snapshot())
                if changed:
                    failures.append(f"POST {path} as {who} (not the owner) changed {changed}")
    assert not failures, "\n".join(failures)


def test_a_404_for_someone_elses_object_looks_like_a_missing_one(app, world):
    """Same status, same page: nothing tells an employer that the other vacancy exists."""
    client = client_as(app, world, "employer_q")
    theirs_path = f"/empresa/ofertas/{world['vacancy_c'].id}"
    missing_path = f"/empresa/ofertas/{MISSING}"
    theirs, missing = client.get(theirs_path), client.get(missing_path)
    assert theirs.status_code == missing.status_code == 404
    # The page echoes its own path (the language switch returns there); nothing else differs.
    assert (theirs.get_data(as_text=True).replace(theirs_path, "PATH")
            == missing.get_data(as_text=True).replace(missing_path, "PATH"))


# --- every GET route that needs no object id, every role -----------------------------------

@pytest.mark.parametrize("who", ROLES)
def test_every_get_route_without_parameters_answers_without_5xx(app, world, who):
    client = client_as(app, world, who)
    failures = []
    for rule in _rules(app):
        if "GET" not in rule.methods or _int_arguments(rule):
            continue
        path = _owner_path(app, rule, world)
        response = client.get(path)
        if response.status_code >= 500:
            failures.append(f"GET {path} as {who}: {response.status_code}")
        elif response.status_code == 403 and rule.endpoint not in SIGNED_ENDPOINTS:
            failures.append(f"GET {path} as {who}: 403 (should be 404 or a redirect)")
    assert not failures, "\n".join(failures)
