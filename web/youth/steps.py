"""The profile builder's form steps as one table: the prefilled form and the save of each.

Whoever fills the profile uses the same table: the youth herself (``actor`` None) or a
counselor of her territory acting on her behalf (``actor`` the counselor, who then sees only
the districts of the territory and whose every save is recorded as entered by them).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm import Session
from wtforms import SelectChoice

from models import CandidateProfile, Sex, User

from ..forms import choose_district
from ..services import privacy, profiles
from .forms import (
    AboutForm,
    AvailabilityForm,
    BusinessForm,
    DistrictForm,
    DocumentsForm,
    EducationForm,
    LanguagesForm,
    PersonalForm,
    TrainingsForm,
    TravelForm,
)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("si" if value else "no")


@dataclass(frozen=True)
class Step:
    """One form step: ``form`` builds it prefilled, ``save`` makes the one service call."""

    form: Callable[[Session, CandidateProfile, User | None], object]
    save: Callable[[Session, int, object, User | None], object]
    template: str = "youth/step.html"
    context: Callable[[Session, CandidateProfile], dict] = field(
        default=lambda session, profile: {})


def _district_form(session, profile, actor):
    form = DistrictForm(district=profile.district_code)
    for_staff = actor is not None and actor.id != profile.user_id
    choose_district(form.district, session, actor,
                    placeholder=_("Elija su distrito") if for_staff else _("Elige tu distrito"))
    return form


def _trainings_form(session, profile, actor):
    offered = profiles.trainings_for(session, profile)
    form = TrainingsForm(trainings=[t.id for t, done in offered if done])
    form.trainings.choices = [SelectChoice(t.id, t.title) for t, _done in offered]
    return form


def _guardian(form) -> privacy.Guardian | None:
    """The guardian typed on the personal step, if any (needed when she is 15 to 17)."""
    name = form.guardian_name.data
    return privacy.Guardian(name, form.guardian_relation.data or "") if name else None


STEPS: dict[str, Step] = {
    "distrito": Step(
        _district_form,
        lambda s, uid, f, actor: profiles.set_district(s, uid, f.district.data, actor=actor)),
    "datos": Step(
        lambda s, p, a: PersonalForm(birth_date=p.birth_date, sex=p.sex.value if p.sex else ""),
        lambda s, uid, f, actor: profiles.set_personal(
            s, uid, f.birth_date.data, Sex(f.sex.data) if f.sex.data else None,
            guardian=_guardian(f), actor=actor)),
    "idiomas": Step(
        lambda s, p, a: LanguagesForm(data={cl.language.value: cl.level.value
                                            for cl in p.languages}),
        lambda s, uid, f, actor: profiles.set_languages(s, uid, f.levels(), actor=actor)),
    "estudios": Step(
        lambda s, p, a: EducationForm(
            education=None if p.education is None else str(p.education)),
        lambda s, uid, f, actor: profiles.set_education(s, uid, int(f.education.data),
                                                        actor=actor)),
    "capacitaciones": Step(
        _trainings_form,
        lambda s, uid, f, actor: profiles.set_trainings(s, uid, set(f.trainings.data),
                                                        actor=actor),
        "youth/trainings.html",
        lambda s, p: {"offered": {t.id: t for t, _done in profiles.trainings_for(s, p)}}),
    "disponibilidad": Step(
        lambda s, p, a: AvailabilityForm(months=sorted(p.available_months),
                                         day_parts=profiles.day_parts_of(p.day_parts)),
        lambda s, uid, f, actor: profiles.set_availability(
            s, uid, set(f.months.data), set(f.day_parts.data), actor=actor)),
    "traslado": Step(
        lambda s, p, a: TravelForm(max_travel_km=p.max_travel_km,
                                   relocate=_yes_no(p.willing_to_relocate)),
        lambda s, uid, f, actor: profiles.set_travel(
            s, uid, f.max_travel_km.data,
            None if not f.relocate.data else f.relocate.data == "si", actor=actor)),
    "emprendimiento": Step(
        lambda s, p, a: BusinessForm(interested=_yes_no(p.entrepreneurship_interest)),
        lambda s, uid, f, actor: profiles.set_entrepreneurship(
            s, uid, f.interested.data == "si", actor=actor)),
    "documentos": Step(
        lambda s, p, a: DocumentsForm(dni=p.has_dni, cul=p.has_cul,
                                      health_card=p.has_health_card,
                                      bank_account=p.has_bank_account),
        lambda s, uid, f, actor: profiles.set_documents(
            s, uid, dni=f.dni.data, cul=f.cul.data, health_card=f.health_card.data,
            bank_account=f.bank_account.data, actor=actor)),
    "sobre-mi": Step(
        lambda s, p, a: AboutForm(about=p.about),
        lambda s, uid, f, actor: profiles.set_about(s, uid, f.about.data, actor=actor),
        "youth/about.html"),
}
