"""Travel hours between districts, and reach: time by the usual transport, not km."""

import math

import numpy as np
import pytest

from matcher import Candidate, Matcher, Vacancy
from matcher.geo import TravelTable, default_legs, read_legs
from matcher.reference import DISTRICTS
from matcher.scoring import reach_credit

PROGRAMME = [code for code in DISTRICTS]  # the 15 districts and 3 hubs


def test_the_shipped_table_joins_every_district_and_hub():
    table = TravelTable(default_legs())
    assert set(table.position) == set(PROGRAMME)
    hours = np.array([[table.hours(a, b) for b in PROGRAMME] for a in PROGRAMME])
    assert np.isfinite(hours).all()
    assert (np.diag(hours) == 0).all()
    assert np.allclose(hours, hours.T)  # either way
    assert (hours[~np.eye(len(PROGRAMME), dtype=bool)] > 0).all()


def test_hours_follow_roads_and_rivers():
    table = TravelTable(default_legs())
    assert table.hours("081201", "081202") == 0.5  # Urcos - Andahuaylillas by road
    assert table.hours("010401", "010402") < table.hours("010401", "010403")  # by river
    assert table.hours("080101", "010401") > 40  # Cusco - Nieva: across the country
    assert math.isnan(table.hours("080101", "150101"))  # Lima is not in the table


def test_the_data_file_is_plain_csv_with_comments():
    legs = read_legs()
    assert all(hours > 0 for hours in legs.values())
    assert ("080101", "081211") in legs


def test_reach_is_one_at_home_and_falls_with_hours():
    hours = np.array([0.0, 0.5, 1.5, 3.0, 40.0, np.nan])
    reach = reach_credit(hours, False, 1.5, 0.5, 0.7)
    assert reach[0] == 1.0 and reach[2] == 0.5 and reach[-1] == 0.7
    assert all(np.diff(reach[:-1]) < 0)
    moving = reach_credit(hours, True, 1.5, 0.5, 0.7)
    assert moving[4] == 0.5 and moving[0] == 1.0


def test_a_larger_table_can_be_passed_and_km_are_the_fallback():
    lima, huancayo = "150101", "120101"
    districts = {lima: (-12.0464, -77.0428), huancayo: (-12.0651, -75.2049)}
    candidates = [Candidate(id="lima", district=lima), Candidate(id="cusco", district="080101")]
    vacancy = Vacancy(id=1, district=huancayo)
    by_km = Matcher(districts=districts).fit(candidates=candidates).rank_candidates(vacancy)
    lima_km = next(m for m in by_km if m.candidate_id == "lima")
    # About 200 km in a straight line: 6.7 hours at 30 km per hour.
    assert lima_km.reach == pytest.approx(1 / (1 + (200 / 30 / 1.5) ** 2), rel=0.05)
    table = {(lima, huancayo): 7.0, (lima, "080101"): 21.0}
    by_road = Matcher(districts=districts, travel_hours=table).fit(candidates=candidates)
    lima_road = next(m for m in by_road.rank_candidates(vacancy) if m.candidate_id == "lima")
    assert lima_road.reach == pytest.approx(1 / (1 + (7.0 / 1.5) ** 2))
    reach = next(r for r in lima_road.reasons if r.factor == "reach")
    assert reach.text == "Vive a 7 horas de viaje"
