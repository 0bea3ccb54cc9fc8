"""The privacy notice says who is responsible and how to reach them, how long data is kept,
how to exercise the ARCO rights (in the app and at the CDE) and how to complain to the ANPD."""

from __future__ import annotations

import pytest

from tests.web.test_plain_spanish_crawl import read_page


def notice(client, lang: str) -> str:
    client.set_cookie("locale", lang)
    response = client.get("/privacidad")
    assert response.status_code == 200
    return " ".join(read_page(response.get_data(as_text=True)).visible.split())


@pytest.fixture()
def operator(app, monkeypatch):
    monkeypatch.setitem(app.config, "DATA_CONTROLLER_NAME", "Asociación Empleo Joven Andino")
    monkeypatch.setitem(app.config, "DATA_CONTROLLER_ADDRESS", "Jr. Ausangate 123, Urcos")
    monkeypatch.setitem(app.config, "DATA_CONTROLLER_EMAIL", "datos@empleojoven.pe")
    monkeypatch.setitem(app.config, "BACKUP_RETENTION_DAYS", 45)


@pytest.mark.parametrize(("lang", "phrases"), [
    ("es", ["Quién es responsable de los datos", "Asociación Empleo Joven Andino",
            "Jr. Ausangate 123, Urcos", "datos@empleojoven.pe", "Cuánto tiempo los guardamos",
            "45 días más", "Derechos ARCO", "«Mis datos y privacidad»", "En el CDE",
            "Autoridad Nacional de Protección de Datos Personales (ANPD)", "MINJUSDH"]),
    ("en", ["Who is responsible for the data", "Asociación Empleo Joven Andino",
            "Jr. Ausangate 123, Urcos", "datos@empleojoven.pe", "How long we keep them",
            "45 more days", "ARCO rights", "«My data and privacy»", "At the CDE",
            "National Authority for Personal Data Protection (ANPD)", "MINJUSDH"]),
])
def test_privacy_notice_names_the_operator_retention_rights_and_the_authority(
        client, operator, lang, phrases):
    text = notice(client, lang)
    for phrase in phrases:
        assert phrase in text, phrase


def test_without_settings_the_notice_names_the_operator_in_words(client):
    text = notice(client, "es")
    assert "el operador del programa Chamba" in text and "Dirección" not in text
    assert "the operator of the Chamba programme" in notice(client, "en")
