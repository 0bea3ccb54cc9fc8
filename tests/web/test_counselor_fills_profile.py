"""A counselor fills and edits every profile step on the youth's behalf, recorded as such."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from models import (
    AuditAction,
    AuditEvent,
    CandidateProfile,
    Experience,
    ExperienceKind,
    Language,
    LanguageLevel,
)
from tests.helpers import csrf_token, viewed_by, years_ago
from web.extensions import db
from web.services import profiles
from web.services.access import NotFound


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def _changes_by(counselor) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.actor_id == counselor.id, AuditEvent.action == AuditAction.UPDATE)))


# --- the service ------------------------------------------------------------------------------

def test_a_step_saved_by_a_counselor_is_recorded_with_the_counselor_as_actor(world):
    youth, counselor = world["youth_q"], world["counselor_q"]
    profiles.set_languages(db.session, youth.user_id,
                           {Language.QUECHUA: LanguageLevel.NATIVE}, actor=counselor)
    assert [cl.language for cl in youth.languages] == [Language.QUECHUA]
    [row] = _changes_by(counselor)
    assert row.subject_user_id == youth.user_id and row.detail == "perfil: idiomas"
    assert row.actor_role == "counselor"


def test_the_youth_saving_her_own_step_leaves_no_audit_row(world):
    youth = world["youth_q"]
    profiles.set_education(db.session, youth.user_id, 4)
    profiles.set_education(db.session, youth.user_id, 4, actor=youth.user)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


@pytest.mark.parametrize("actor", ["counselor_c", "employer_q", "youth_c"])
def test_nobody_outside_the_territory_can_change_the_profile(world, actor):
    youth = world["youth_q"]
    with pytest.raises(NotFound):
        profiles.set_travel(db.session, youth.user_id, 99, True, actor=world.user(actor))
    with pytest.raises(NotFound):
        profiles.remove_experience(db.session, youth.user_id, world["experience_q"].id,
                                   actor=world.user(actor))
    db.session.rollback()
    assert youth.max_travel_km is None and len(youth.experiences) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == 0


def test_a_counselor_cannot_move_the_youth_to_another_territory(world):
    youth = world["youth_q"]
    with pytest.raises(profiles.ProfileError):
        profiles.set_district(db.session, youth.user_id, "010401", actor=world["counselor_q"])
    db.session.rollback()
    assert youth.district_code == "081210"


def test_an_experience_of_another_youth_cannot_be_removed_through_this_one(world):
    with pytest.raises(NotFound):
        profiles.remove_experience(db.session, world["youth_q"].user_id,
                                   world["experience_c"].id, actor=world["admin"])
    assert db.session.get(Experience, world["experience_c"].id) is not None


# --- the pages --------------------------------------------------------------------------------

FORM_STEPS = [
    ("distrito", {"district": "081202"}, lambda p: p.district_code == "081202"),
    ("datos", {"birth_date": years_ago(19).isoformat(), "sex": "F"},
     lambda p: p.birth_date == years_ago(19)),
    ("idiomas", {"que": "nativo", "spa": "intermedio"},
     lambda p: {cl.language for cl in p.languages} == {Language.QUECHUA, Language.SPANISH}),
    ("estudios", {"education": "2"}, lambda p: p.education == 2),
    ("disponibilidad", {"months": ["5", "6"], "day_parts": "manana"},
     lambda p: sorted(p.available_months) == [5, 6]),
    ("traslado", {"max_travel_km": "25", "relocate": "no"},
     lambda p: p.max_travel_km == 25 and p.willing_to_relocate is False),
    ("emprendimiento", {"interested": "si"}, lambda p: p.entrepreneurship_interest is True),
    ("documentos", {"dni": "y", "bank_account": "y"},
     lambda p: p.has_dni and p.has_bank_account and not p.has_cul),
    ("sobre-mi", {"about": "Puntual, hablo quechua y me gusta atender."},
     lambda p: p.about == "Puntual, hablo quechua y me gusta atender."),
]


@pytest.mark.parametrize(("slug", "data", "saved"), FORM_STEPS, ids=[s[0] for s in FORM_STEPS])
def test_counselor_fills_each_step_and_the_youth_sees_who_changed_it(world, as_role, slug,
                                                                    data, saved):
    youth = world["youth_q"]
    client = as_role("counselor_q")
    path = f"/consejeria/jovenes/{youth.id}/perfil/{slug}"
    page = client.get(path).get_data(as_text=True)
    assert "Está completando el perfil de JovenQ" in page
    response = _post(client, path, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert saved(db.session.get(CandidateProfile, youth.id))
    assert [r.detail for r in _changes_by(world["counselor_q"])] == [f"perfil: {slug}"]
    account = as_role("youth_q").get("/cuenta").get_data(as_text=True)
    assert viewed_by(account, "equipo del CDE de Urcos", "cambió")


def test_counselor_adds_and_removes_experience_skills_and_jobs(world, as_role):
    youth = world["youth_q"]
    client = as_role("counselor_q")
    base = f"/consejeria/jovenes/{youth.id}/perfil"
    assert _post(client, f"{base}/experiencia",
                 {"title": "Cosecha de papa", "kind": "familiar", "months": "4"}
                 ).status_code == 302
    added = db.session.scalar(sa.select(Experience).filter_by(title="Cosecha de papa"))
    assert added.kind == ExperienceKind.FAMILY_UNPAID and added.profile_id == youth.id
    token = csrf_token(client, f"{base}/experiencia")
    assert client.post(f"{base}/experiencia/{added.id}/quitar",
                       data={"csrf_token": token}).status_code == 302
    skill = db.session.scalar(sa.select(profiles.Skill).where(profiles.Skill.is_active)
                              .order_by(profiles.Skill.id).limit(1))
    token = csrf_token(client, f"{base}/habilidades")
    assert client.post(f"{base}/habilidades/agregar",
                       data={"code": skill.code, "csrf_token": token}).status_code == 302
    db.session.expire_all()
    profile = db.session.get(CandidateProfile, youth.id)
    assert skill in profile.skills and "Cosecha de papa" not in {
        e.title for e in profile.experiences}
    suggestions = client.get(f"{base}/ocupaciones/sugerencias?q=mesero").get_json()
    assert suggestions["results"] and suggestions["results"][0]["have"] is True
    assert len(_changes_by(world["counselor_q"])) == 3


@pytest.mark.parametrize(("slug", "data", "message"), [
    ("distrito", {"district": "010401"}, "Elija un distrito de la lista"),  # other territory
    ("distrito", {"district": "<script>"}, "Elija un distrito de la lista"),
    ("datos", {"birth_date": "2099-01-01"}, ""),
    ("datos", {"birth_date": "31/02/2001"}, "día/mes/año"),
    ("idiomas", {"que": "fluentish"}, ""),
    ("estudios", {"education": "99"}, ""),
    ("traslado", {"max_travel_km": "-5"}, ""),
    ("traslado", {"max_travel_km": "1e9"}, ""),
    ("disponibilidad", {"months": "13", "day_parts": "siesta"}, ""),
    ("experiencia", {"title": "x" * 500, "kind": "informal", "months": "3"}, ""),
    ("experiencia", {"title": "Guía", "kind": "robbery", "months": "-1"}, ""),
    ("sobre-mi", {"about": "hola\u202eevil"}, "caracteres invisibles"),
    # A counselor's edit that makes her 16 needs her guardian's consent, as her own edit does.
    ("datos", {"birth_date": years_ago(16).isoformat(), "sex": "F"}, "apoderado"),
])
def test_hostile_input_is_refused_in_spanish_and_saves_nothing(world, as_role, slug, data,
                                                               message):
    youth = world["youth_q"]
    client = as_role("counselor_q")
    path = f"/consejeria/jovenes/{youth.id}/perfil/{slug}"
    before = (youth.district_code, youth.birth_date, youth.education, youth.max_travel_km,
              len(youth.experiences), youth.about)
    response = _post(client, path, data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert ('class="error"' in html or "flash-error" in html) and message in html
    db.session.expire_all()
    profile = db.session.get(CandidateProfile, youth.id)
    assert (profile.district_code, profile.birth_date, profile.education,
            profile.max_travel_km, len(profile.experiences), profile.about) == before
    assert not _changes_by(world["counselor_q"])


def test_a_picker_code_that_does_not_exist_is_refused(world, as_role):
    client = as_role("counselor_q")
    base = f"/consejeria/jovenes/{world['youth_q'].id}/perfil/habilidades"
    token = csrf_token(client, base)
    response = client.post(f"{base}/agregar", data={"code": "' OR 1=1 --", "csrf_token": token},
                           follow_redirects=True)
    assert "No encontramos esa habilidad" in response.get_data(as_text=True)
    assert not _changes_by(world["counselor_q"])


def test_the_youth_page_links_to_the_profile_steps(world, as_role):
    youth = world["youth_q"]
    html = as_role("counselor_q").get(f"/consejeria/jovenes/{youth.id}").get_data(as_text=True)
    assert f'href="/consejeria/jovenes/{youth.id}/perfil"' in html
    steps = as_role("counselor_q").get(f"/consejeria/jovenes/{youth.id}/perfil")
    assert steps.status_code == 200
    assert f"/consejeria/jovenes/{youth.id}/perfil/emprendimiento" in steps.get_data(True)


def test_the_pickers_search_without_javascript_and_offer_add_buttons(world, as_role):
    client = as_role("counselor_q")
    base = f"/consejeria/jovenes/{world['youth_q'].id}/perfil"
    skills = client.get(f"{base}/habilidades?q=cocina").get_data(as_text=True)
    assert f'action="{base}/habilidades/agregar"' in skills
    jobs = client.get(f"{base}/ocupaciones?q=mesera").get_data(as_text=True)
    assert "Está completando el perfil de JovenQ" in jobs and "✓" in jobs
