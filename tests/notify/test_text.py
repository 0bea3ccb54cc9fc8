"""Every message fits one GSM-7 segment, says who sends it, and reads without accents."""

from __future__ import annotations

import pytest

from web.notify import messages
from web.notify.policy import QuietHours, backoff, month_start
from web.notify.text import fit, plain, segments, septets

WORST = {name: ("W" * limit if name not in ("code", "phone") else "9" * limit)
         for name, limit in messages.FIELD_LIMITS.items()}


@pytest.mark.parametrize("locale", ["es", "en"])
@pytest.mark.parametrize("key", sorted(messages.TEXTS))
def test_every_message_fits_its_segment_budget_with_worst_case_values(app, key, locale):
    text = messages.render(key, locale, **WORST)
    assert septets(text) is not None, "not GSM-7"
    assert septets(text) <= messages.TEXTS[key].budget
    assert segments(text) == 1
    assert text.startswith("Chamba")


@pytest.mark.parametrize("key", sorted(messages.TEXTS))
def test_fixed_words_survive_when_names_are_long(app, key):
    text = messages.render(key, "es", **WORST)
    if "code" in messages.TEXTS[key].fields:
        assert "9999" in text  # the reference code is never cut
    if key == "proposal":
        assert text.endswith("Responde 1 si te interesa, 2 si no")
    if key == "follow_up":
        assert "¿sigues trabajando" in text and text.endswith("Responde 1 si, 2 no")


def test_a_proposal_reads_naturally_with_real_values(app):
    text = messages.render("proposal", "es", cde="Ocongate", name="Rosa", code="K7PX",
                           employer="Hostal Ausangate", title="Ayudante de cocina")
    assert text == ("Chamba CDE Ocongate: Rosa, te propusimos a Hostal Ausangate para el "
                    "trabajo de Ayudante de cocina. Codigo K7PX. Responde 1 si te interesa, "
                    "2 si no")


@pytest.mark.parametrize(("raw", "folded"), [
    ("Pérez Quispe, Andahuaylillas", "Perez Quispe, Andahuaylillas"),
    ("¿Sigue trabajando? 1 sí, 2 no", "¿Sigue trabajando? 1 si, 2 no"),
    ("Año nuevo en Río Santiago", "Año nuevo en Rio Santiago"),
    ("Awajún «Ñuñu» — café", 'Awajun "Ñuñu" - cafe'),
    ("emoji 🙂 fuera", "emoji fuera"),
    ("tab\tand\nnewline", "tab and newline"),
])
def test_plain_keeps_spanish_readable_in_gsm7(raw, folded):
    assert plain(raw) == folded
    assert septets(folded) is not None


def test_segments_count_gsm7_and_ucs2():
    assert segments("a" * 160) == 1 and segments("a" * 161) == 2
    assert segments("€" * 80) == 1 and segments("€" * 81) == 2   # two septets each
    assert segments("á" * 70) == 1 and segments("á" * 71) == 2   # UCS-2


def test_fit_cuts_only_the_names_it_may():
    text = fit("Hola %(name)s, codigo %(code)s.", 30, ("name",), name="N" * 50, code="ABCD")
    assert septets(text) <= 30 and text.endswith("codigo ABCD.")
    with pytest.raises(ValueError):
        fit("%(code)s", 3, (), code="ABCD")


@pytest.mark.parametrize(("utc_hour", "quiet"), [
    (1, False),   # 20:00 Lima
    (2, True),    # 21:00 Lima
    (11, True),   # 06:00 Lima
    (12, False),  # 07:00 Lima
    (17, False),  # noon
])
def test_quiet_hours_are_lima_time(utc_hour, quiet):
    from datetime import UTC, datetime

    hours = QuietHours.parse("21:00-07:00")
    moment = datetime(2026, 12, 7, utc_hour, 0, tzinfo=UTC)
    expected = quiet
    assert hours.contains(moment) is expected
    if expected:
        wake = hours.next_allowed(moment)
        assert wake.hour == 12 and wake.minute == 0  # 07:00 in Lima
        assert not hours.contains(wake)


def test_backoff_doubles_up_to_a_ceiling_and_months_start_in_lima():
    from datetime import UTC, datetime

    assert [backoff(n, 30).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30, 30, 3600).total_seconds() == 3600
    # 1 December 02:00 UTC is still 30 November in Lima.
    start = month_start(datetime(2026, 12, 1, 2, 0, tzinfo=UTC))
    assert start == datetime(2026, 11, 1, 5, 0, tzinfo=UTC)
