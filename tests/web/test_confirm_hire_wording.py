"""The hire page tells the truth about each case: a closed one cannot be hired; an open one
needs an interview first; and the stage is named in the person's gender."""

from __future__ import annotations

import pytest

from models import Sex, Stage
from tests.web.test_employer_applicants import applicant_url, apply


@pytest.fixture()
def signed_in(client, auth, world):
    auth.login(world.user("employer_q").login)
    return client


@pytest.mark.parametrize(("stage", "sex", "says", "never"), [
    (Stage.NOT_HIRED, Sex.FEMALE,
     "Esta postulación ya está cerrada («No contratada»): Flor no puede pasar a «Contratada».",
     "invite"),
    (Stage.NOT_HIRED, Sex.MALE,
     "Esta postulación ya está cerrada («No contratado»): Flor no puede pasar a «Contratado».",
     "invite"),
    (Stage.NOT_HIRED, None,
     "Esta postulación ya está cerrada («Sin contratación»): Flor no puede pasar a "
     "«Contratación».", "invite"),
    (Stage.WITHDRAWN, Sex.FEMALE,
     "Esta postulación ya está cerrada («Se retiró»): Flor no puede pasar a «Contratada».",
     "invite"),
    (Stage.HIRED, Sex.FEMALE, "Flor ya figura como «Contratada» en esta oferta.", "invite"),
    (Stage.RECEIVED, Sex.FEMALE,
     "Todavía no puede pasar a «Contratada». Primero invite a Flor a una entrevista.",
     "cerrada"),
    (Stage.CONTACTED, Sex.MALE,
     "Todavía no puede pasar a «Contratado». Primero invite a Flor a una entrevista.",
     "cerrada"),
    (Stage.PROPOSED, None,
     "Todavía no puede pasar a «Contratación». Primero invite a Flor a una entrevista.",
     "cerrada"),
])
def test_the_hire_page_says_what_is_true_for_where_the_case_is(signed_in, world, stage, sex,
                                                              says, never):
    case = apply(world["vacancy_q"], stage=stage, first_name="Flor", sex=sex)
    html = signed_in.get(applicant_url(case) + "/contratar").get_data(as_text=True)
    assert says.replace("«", "«") in html.replace("&#171;", "«").replace("&#187;", "»")
    assert never not in html.split("<main")[-1].lower()
    assert 'name="confirmed"' not in html


def test_an_interviewed_case_is_still_offered_the_hire(signed_in, world):
    case = apply(world["vacancy_q"], stage=Stage.INTERVIEW, first_name="Flor", sex=Sex.FEMALE)
    html = signed_in.get(applicant_url(case) + "/contratar").get_data(as_text=True)
    assert 'name="confirmed" value="1"' in html and "Todavía no puede" not in html
