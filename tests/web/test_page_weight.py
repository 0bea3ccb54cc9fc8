"""Every main page, with realistic demo data, stays under 60 KB compressed in one request."""

from __future__ import annotations

import gzip
import re
from datetime import date

import pytest
import sqlalchemy as sa

from models import Application, Vacancy, VacancyStatus
from tests.helpers import login
from web.services import demo

BUDGET = 60 * 1024
PASSWORD = "peso-de-pagina-2026"


@pytest.fixture()
def seeded(session):
    demo.seed_demo(session, PASSWORD, today=date.today())
    vacancy = session.scalar(sa.select(Vacancy).where(Vacancy.status == VacancyStatus.OPEN)
                             .order_by(Vacancy.id))
    application = session.scalar(sa.select(Application).order_by(Application.id))
    return {"vacancy": vacancy.id, "employer_vacancy": application.vacancy_id}


def _assets(html: str) -> list[str]:
    return re.findall(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"', html)


def _weight(client, path: str) -> int:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.get_data()
    total = len(gzip.compress(html))
    for asset in _assets(html.decode()):
        if asset.startswith("data:"):
            continue  # inline, no request
        assert asset.startswith("/"), f"{path} loads a third-party asset: {asset}"
        with client.get(asset) as static:
            body = static.get_data()
        assert b"@font-face" not in body, "no web fonts"
        total += len(gzip.compress(body))
    return total


PAGES = {
    "anonymous": ["/", "/ingresar", "/registro", "/registro/empresa", "/privacidad"],
    "987000001": ["/joven/", "/joven/para-ti", "/joven/ofertas", "/joven/perfil",
                  "/joven/perfil/habilidades?q=cocina", "/joven/cv", "/joven/postulaciones",
                  "/cuenta"],
    "empresa01@demo.chamba.pe": ["/empresa/", "/empresa/ofertas/nueva"],
    "consejera.urcos@chamba.pe": ["/consejeria/", "/consejeria/ofertas",
                                  "/consejeria/seguimientos"],
    "admin@chamba.pe": ["/admin/"],
}


def test_main_pages_weigh_under_60_kb_compressed(client, auth, seeded):
    weights = {}
    for who, paths in PAGES.items():
        if who != "anonymous":
            assert login(client, who, PASSWORD).status_code == 302, who
        for path in paths:
            weights[path] = _weight(client, path)
        client.post("/salir", data={"csrf_token": _token(client)})
    auth.login("consejera.urcos@chamba.pe", PASSWORD)
    path = f"/consejeria/ofertas/{seeded['vacancy']}"
    weights[path] = _weight(client, path)
    heavy = {p: w for p, w in weights.items() if w > BUDGET}
    assert not heavy, heavy
    # The stylesheet and the one small script are shared and cacheable.
    assert len(weights) >= 19


def _token(client) -> str:
    html = client.get("/cuenta").get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html)
    return match.group(1) if match else ""


def test_autocomplete_script_is_under_10_kb(client):
    with client.get("/static/skills.js") as response:
        assert response.status_code == 200
        assert len(response.get_data()) < 10 * 1024
