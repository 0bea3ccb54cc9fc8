"""The programme report for funders: a printable page and a CSV, by territory and period."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from babel.dates import format_date

from models import Enrollment, EnrollmentStatus, Training
from tests.helpers import skill, territory
from web.extensions import db


@pytest.fixture()
def trained(world):
    course = Training(code="CUR-R01", title="Cocina segura", hours=20,
                      territory=territory("quispicanchi"),
                      skills=[skill("higiene y manipulación de alimentos")])
    db.session.add(Enrollment(training=course, profile=world["youth_q"],
                              status=EnrollmentStatus.COMPLETED, attended=True,
                              completed_on=date.today() - timedelta(days=3)))
    db.session.commit()


def _period() -> dict:
    return {"desde": (date.today() - timedelta(days=60)).isoformat(),
            "hasta": date.today().isoformat()}


def test_printable_report_has_every_territory_dates_in_words_and_no_codes(as_role, trained):
    response = as_role("admin").get("/admin/informes", query_string=_period())
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    start, end = (format_date(date.fromisoformat(d), "long", locale="es")
                  for d in _period().values())
    assert f"Del {start} al {end}" in html and " de 20" in start
    assert "Quispicanchi (CDE Urcos)" in html and "Condorcanqui (CDE Nieva)" in html
    assert "Todo el programa" in html and "Jóvenes capacitados" in html
    row = re.search(r'<tr data-k="capacitados">(.*?)</tr>', html, re.S).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["0", "1", "1"]  # Condorcanqui, Q, all
    visible = re.sub(r"<[^>]+>", " ", re.sub(r'(value|href|data-k|id)="[^"]*"', "", html))
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", visible)
    assert "sin_dato" not in visible and "quispicanchi " not in visible


def test_csv_report_holds_every_figure_by_territory(as_role, trained):
    response = as_role("admin").get("/admin/informes.csv", query_string=_period())
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Territorio", "Desde", "Hasta", "Tabla", "Grupo", "Indicador", "Valor"]
    trained_rows = {r[0]: r[6] for r in rows[1:]
                    if r[3] == "Resumen" and r[5] == "Jóvenes capacitados"}
    assert trained_rows == {"Quispicanchi (CDE Urcos)": "1", "Condorcanqui (CDE Nieva)": "0",
                            "Todo el programa": "1"}
    assert {r[3] for r in rows[1:]} == {"Resumen", "Por sexo", "Por grupo de edad",
                                        "Por idioma", "Por distrito"}


@pytest.mark.parametrize("query", [
    {"desde": "ayer", "hasta": "hoy"},
    {"desde": "2026-12-31", "hasta": "2026-01-01"},
    {"desde": "1800-01-01"},
    {"desde": "2026-01-01\x00"},
    {"hasta": "9" * 300},
])
def test_bad_periods_fall_back_to_the_last_year_with_a_message(as_role, world, query):
    page = as_role("admin").get("/admin/informes", query_string=query)
    assert page.status_code == 200
    assert "Mostramos los últimos 12 meses" in page.get_data(as_text=True)
    assert as_role("admin").get("/admin/informes.csv", query_string=query).status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "youth_q", "employer_q", "counselor_q"])
def test_only_the_admin_gets_the_programme_report(as_role, world, who):
    client = as_role(who)
    assert client.get("/admin/informes").status_code in (302, 404)
    assert client.get("/admin/informes.csv").status_code in (302, 404)
