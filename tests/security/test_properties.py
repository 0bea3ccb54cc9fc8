"""Property tests (hypothesis) of the parsing every form relies on.

Phones, RUCs, amounts in soles and the markup filter are checked against all the text
hypothesis can think of, not only the cases someone remembered; the sign-up forms take
arbitrary text in every field without a 5xx.
"""

from __future__ import annotations

import re
import string
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms import Form, ValidationError

from models import User, ruc_is_valid
from models.employer import RUC_PREFIXES, RUC_WEIGHTS
from tests.helpers import empty_data_tables, years_ago
from web.extensions import db
from web.forms import SolesField, plain_text
from web.services.accounts import normalise_phone

from .conftest import token_for

ASCII_DIGITS = st.text(alphabet=string.digits, min_size=8, max_size=8)
SEPARATORS = st.sampled_from(["", " ", "-", "  ", " - "])

# --- phones -------------------------------------------------------------------------------------


@st.composite
def typed_phones(draw) -> tuple[str, str]:
    """A valid mobile as a person might type it, and the number it stands for."""
    number = "9" + draw(ASCII_DIGITS)
    cuts = sorted(draw(st.sets(st.integers(1, 8), max_size=3)))
    parts, last = [], 0
    for cut in cuts:
        parts.append(number[last:cut])
        last = cut
    parts.append(number[last:])
    typed = "".join(part + (draw(SEPARATORS) if i < len(parts) - 1 else "")
                    for i, part in enumerate(parts))
    prefix = draw(st.sampled_from(["", "+51", "+51 ", "+51-"]))
    padding = draw(st.sampled_from(["", " ", "  "]))
    return padding + prefix + typed + padding, number


@given(typed_phones())
def test_phone_typed_with_spaces_dashes_or_plus51_is_read(case):
    typed, number = case
    assert normalise_phone(typed) == number


@given(st.text(max_size=30))
@example("987654321a")
@example("87654321")
@example("9876543210")
@example("+52987654321")
@example("887654321")
def test_phone_anything_else_is_refused(text):
    """Whatever is accepted is exactly nine ASCII digits starting with 9, and nothing but
    spaces, dashes, brackets and a +51 / 0051 prefix was dropped to get there."""
    result = normalise_phone(text)
    if result is None:
        return
    assert re.fullmatch(r"9[0-9]{8}", result), repr(result)
    dropped = re.sub(r"[\s\-()]", "", text)
    assert dropped in {result, "+51" + result, "0051" + result}


@pytest.mark.parametrize("typed", ["9８７６５４３２１", "9٨٧٦٥٤٣٢١"])
def test_phone_with_non_ascii_digits_is_refused(typed):
    assert normalise_phone(typed) is None


# --- RUC ----------------------------------------------------------------------------------------

def check_digit(first_ten: str) -> str:
    total = sum(int(d) * w for d, w in zip(first_ten, RUC_WEIGHTS, strict=True))
    return str({10: 0, 11: 1}.get(11 - total % 11, 11 - total % 11))


rucs = st.builds(lambda prefix, body: prefix + body + check_digit(prefix + body),
                 st.sampled_from(sorted(RUC_PREFIXES)), ASCII_DIGITS)


@given(rucs)
@example("20100070970")  # a real RUC (SUNAT's own style of company number)
def test_ruc_with_the_right_check_digit_is_accepted(ruc):
    assert ruc_is_valid(ruc)


@given(rucs, st.integers(0, 10), st.integers(1, 9))
def test_ruc_with_one_digit_changed_is_refused(ruc, position, shift):
    """One mistyped digit is caught, except where SUNAT's mod 11 itself cannot tell.

    The check digit maps a remainder of 0 and of 10 to the same digit (1), so a typo that
    moves the weighted sum between those two remainders passes; that is the official
    algorithm's limit, not the code's.
    """
    changed = ruc[:position] + str((int(ruc[position]) + shift) % 10) + ruc[position + 1:]
    if ruc_is_valid(changed):
        def remainder(r):
            return sum(int(d) * w for d, w in zip(r[:10], RUC_WEIGHTS, strict=True)) % 11
        assert position < 10 and {remainder(ruc), remainder(changed)} == {0, 10}
        assert changed[:2] in RUC_PREFIXES


@given(st.text(max_size=15))
@example("2010007097０")
@example("٢٠١٠٠٠٧٠٩٧٠")
@example("30100070970")
def test_ruc_check_never_raises_and_wants_eleven_ascii_digits(text):
    if ruc_is_valid(text):
        assert re.fullmatch(r"(10|15|17|20)[0-9]{9}", text)


# --- amounts in soles ---------------------------------------------------------------------------

class _Amount(Form):
    amount = SolesField()


def _parse(text: str) -> _Amount:
    return _Amount(formdata=MultiDict({"amount": text}))


amounts = st.one_of(
    st.text(max_size=40),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.from_regex(r"\A\s*(S/)?\s*-?[0-9,]{0,12}(\.[0-9]{0,4})?([eE][+-]?[0-9]{1,6})?\s*\Z"),
    st.sampled_from(["NaN", "-NaN", "sNaN", "Infinity", "-inf", "1e999999", "1E+30",
                     "0E-1000000", "١٢٣", "1_000", "S/ 1,130.50"]),
)


@given(amounts)
@settings(max_examples=300)
def test_soles_field_gives_a_finite_amount_or_a_clean_error(app, text):
    """Never an exception (only WTForms' own process error), never NaN or infinity."""
    form = _parse(text)
    value = form.amount.data
    if form.amount.process_errors:
        assert value is None
        return
    if value is not None:
        assert isinstance(value, Decimal) and value.is_finite()
        assert value == value.quantize(Decimal("0.01"))


@pytest.mark.parametrize("text", ["-0", "-0.001", "-0.00"])
def test_soles_field_never_gives_negative_zero(app, text):
    value = _parse(text).amount.data
    assert value is None or not (value.is_zero() and value.is_signed())


# --- the markup filter --------------------------------------------------------------------------

class _Field:
    def __init__(self, data):
        self.data = data


@given(st.text(max_size=60))
@example("<script>")
@example("{{7*7}}")
@example("JaVaScRiPt:alert(1)")
@example("a\x00b")
def test_plain_text_never_lets_markup_or_control_characters_through(app, text):
    try:
        plain_text(None, _Field(text))
    except ValidationError:
        return
    assert not set(text) & set("<>{}")
    assert "javascript:" not in text.lower()
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


# --- sign-up forms never answer 5xx -------------------------------------------------------------

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
field_text = st.one_of(st.text(max_size=80), st.sampled_from(
    ["", "987654321", "a@b.pe", "2008-02-29", "2004-01-01", "0" * 300, "\x00", "' OR 1=1 --"]))


def fresh_example(app):
    """Each example starts from the same empty tables and signed out, so one example's
    account never turns the next one's sign-up into a "phone already registered"."""
    empty_data_tables()
    return app.test_client()


@FUZZ
@given(first_name=field_text, last_name=field_text, phone=field_text, email=field_text,
       birth_date=field_text, guardian=field_text, password=field_text, consent=field_text)
def test_youth_sign_up_never_answers_5xx(app, first_name, last_name, phone, email,
                                        birth_date, guardian, password, consent):
    client = fresh_example(app)
    response = client.post("/registro", data={
        "first_name": first_name, "last_name": last_name, "phone": phone, "email": email,
        "birth_date": birth_date, "guardian_name": guardian, "guardian_relation": guardian,
        "password": password, "consent": consent, "visible": consent,
        "csrf_token": token_for(client)})
    assert response.status_code < 500


@FUZZ
@given(business=field_text, ruc=field_text, district=field_text, sector=field_text,
       contact=field_text, phone=field_text, email=field_text, password=field_text)
def test_employer_sign_up_never_answers_5xx(app, business, ruc, district, sector, contact,
                                           phone, email, password):
    client = fresh_example(app)
    response = client.post("/registro/empresa", data={
        "business_name": business, "ruc": ruc, "district": district, "sector": sector,
        "contact_name": contact, "contact_phone": phone, "email": email,
        "password": password, "consent": "y", "csrf_token": token_for(client)})
    assert response.status_code < 500


def test_sign_up_with_a_lookalike_phone_is_refused(client):
    client.post("/registro", data={
        "first_name": "Yeni", "phone": "9８７６５４３２１", "password": "mi chacra en ocongate",
        "birth_date": years_ago(22).isoformat(), "consent": "y",
        "csrf_token": token_for(client)})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0
