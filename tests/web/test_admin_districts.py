"""Districts and the travel-time table: the admin edits them and the matcher uses the edits."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matcher.geo import default_legs
from models import District, TravelLeg
from tests.helpers import count, csrf_token, post_form, territory
from web.extensions import db
from web.services import districts, matching, reference
from web.services.pools import Pool

NEW = "/admin/distritos/nuevo"


@pytest.fixture()
def places(world):
    """The shipped legs in the table; districts put back as they were afterwards."""
    districts.seed_legs(db.session)
    db.session.commit()
    before = {d.ubigeo: (d.name, d.latitude, d.longitude, d.territory_id)
              for d in db.session.scalars(sa.select(District))}
    yield
    db.session.rollback()
    db.session.execute(sa.delete(TravelLeg))
    for d in db.session.scalars(sa.select(District)):
        if d.ubigeo not in before:
            db.session.delete(d)
        else:
            d.name, d.latitude, d.longitude, d.territory_id = before[d.ubigeo]
    db.session.commit()


def _leg(client, data: dict, **kwargs):
    return client.post("/admin/distritos/tiempos",
                       data={**data, "csrf_token": csrf_token(client, "/admin/distritos")},
                       **kwargs)


def _district(**data) -> dict:
    return {"ubigeo": "081299", "name": "Pueblo Nuevo", "province": "Quispicanchi",
            "department": "Cusco", "latitude": "-13,70", "longitude": "-71.50",
            "territory": str(territory("quispicanchi").id), **data}


def test_admin_lists_and_adds_a_district(as_role, places):
    admin = as_role("admin")
    html = admin.get("/admin/distritos").get_data(as_text=True)
    assert "Ocongate" in html and "Bagua Grande" in html
    assert "Ocongate – Ccarhuayo" in html or "Ccarhuayo – Ocongate" in html
    assert post_form(admin, NEW, _district()).status_code == 302
    added = db.session.get(District, "081299")
    assert added.name == "Pueblo Nuevo" and added.latitude == -13.7
    assert added.territory.code == "quispicanchi"


def test_admin_edits_a_districts_centre(as_role, places):
    path = "/admin/distritos/081210"
    form = as_role("admin").get(path).get_data(as_text=True)
    assert "Ocongate" in form and "081210" in form
    response = post_form(as_role("admin"), path, _district(name="Ocongate", latitude="-13.63",
                                                           longitude="-71.39"))
    assert response.status_code == 302
    assert db.session.get(District, "081210").latitude == -13.63


@pytest.mark.parametrize(("data", "message"), [
    ({"ubigeo": "12345"}, "6 cifras"),
    ({"ubigeo": "08121x"}, "6 cifras"),
    ({"ubigeo": "081210"}, "Ya existe un distrito"),
    ({"name": ""}, "obligatorio"),
    ({"name": "<script>"}, "Solo se pueden usar letras"),
    ({"latitude": "13.7"}, "deben caer en el Perú"),
    ({"longitude": "71.5"}, "deben caer en el Perú"),
    ({"latitude": "abc"}, "Escriba un número con decimales"),
    ({"latitude": "nan"}, "Escriba un número con decimales"),
    ({"latitude": "1e400"}, "Escriba un número con decimales"),
    ({"latitude": ""}, "Escriba la latitud"),
    ({"territory": "999"}, "Opción inválida"),
])
def test_bad_districts_are_refused_and_nothing_is_written(as_role, places, data, message):
    before = count(District)
    response = post_form(as_role("admin"), NEW, _district(**data))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(District) == before


def test_unknown_district_is_not_found(as_role, places):
    assert as_role("admin").get("/admin/distritos/999999").status_code == 404
    assert as_role("admin").get("/admin/distritos/%00").status_code == 404


def test_edited_travel_hours_reach_the_matcher(as_role, places, world):
    # JovenQ lives in Ocongate; her vacancy is in Urcos, two hours away by Ccatca.
    fitted = matching.cache.get(db.session, Pool.VACANCIES).matcher
    assert fitted.travel_.hours("081210", "081201") == 2.0
    youth = world["youth_q"]
    before = {v.id: m.score for v, m in matching.vacancies_for(db.session, youth)}
    response = _leg(as_role("admin"), {"origin": "081205", "destination": "081201",
                                       "hours": "6,5", "mode": "road",
                                       "note": "Derrumbe en la Interoceánica"},
                    follow_redirects=True)
    assert "Tiempo de viaje guardado" in response.get_data(as_text=True)
    leg = db.session.get(TravelLeg, ("081201", "081205"))
    assert leg.hours == 6.5 and leg.note == "Derrumbe en la Interoceánica"
    assert count(TravelLeg) == len(default_legs())  # edited either way round, not added
    fitted = matching.cache.get(db.session, Pool.VACANCIES).matcher
    assert fitted.travel_.hours("081210", "081201") == 7.5
    after = {v.id: m.score for v, m in matching.vacancies_for(db.session, youth)}
    vacancy = world["vacancy_q"].id
    assert vacancy not in after or after[vacancy] < before[vacancy]


@pytest.mark.parametrize(("data", "message"), [
    ({"origin": "081201", "destination": "081201"}, "dos lugares distintos"),
    ({"origin": "999999"}, "Opción inválida"),
    ({"hours": "0"}, "Las horas van"),
    ({"hours": "-2"}, "Las horas van"),
    ({"hours": "500"}, "Las horas van"),
    ({"hours": "dos"}, "Escriba las horas con números"),
    ({"mode": "avion"}, "Opción inválida"),
    ({"note": "<img src=x>"}, "Solo se pueden usar letras"),
])
def test_bad_travel_times_are_refused_and_nothing_changes(as_role, places, data, message):
    before = dict(districts.legs_for_matcher(db.session))
    form = {"origin": "081201", "destination": "081205", "hours": "1", "mode": "road", **data}
    response = _leg(as_role("admin"), form, follow_redirects=True)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert districts.legs_for_matcher(db.session) == before


def test_loading_the_reference_data_again_keeps_the_admins_edits(places):
    districts.save_leg(db.session, "081201", "081205", 4.0, "road")
    reference.load_reference_data(db.session)
    assert db.session.get(TravelLeg, ("081201", "081205")).hours == 4.0
    assert count(TravelLeg) == len(default_legs())


@pytest.mark.parametrize("who", ["anonymous", "youth_q", "employer_q", "counselor_q"])
def test_only_the_admin_edits_districts_and_travel_times(as_role, places, who):
    client = as_role(who)
    assert client.get("/admin/distritos").status_code in (302, 404)
    assert client.get("/admin/distritos/081210").status_code in (302, 404)
    response = client.post("/admin/distritos/tiempos", data={
        "origin": "081201", "destination": "081205", "hours": "9", "mode": "road"})
    assert response.status_code in (302, 400, 404)
    assert db.session.get(TravelLeg, ("081201", "081205")).hours == 1.0


def test_a_leg_entered_the_other_way_round_still_replaces_the_shipped_one(places):
    db.session.execute(sa.delete(TravelLeg))
    db.session.commit()
    districts.save_leg(db.session, "081205", "081201", 6.0, "road")  # shipped as 081201-081205
    assert districts.legs_for_matcher(db.session) == {("081201", "081205"): 6.0}
    fitted = matching.cache.get(db.session, Pool.VACANCIES).matcher
    assert fitted.travel_.hours("081201", "081205") == 6.0
