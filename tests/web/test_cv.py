"""A young person prints or downloads a one-page CV that an employer can read."""

from __future__ import annotations

import re
import zlib

from models import ExperienceKind, Language, LanguageLevel, Training
from tests.factories import ProfileFactory, sign_in_youth
from tests.helpers import years_ago
from web.services import cv as cv_service
from web.services import profiles

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.DOTALL)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.DOTALL)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]+)>")
# A font switch or a shown string, in the order they appear in a content stream.
_OPS = re.compile(rb"/(\w+)\s+[\d.]+\s+Tf|\(((?:\\.|[^\\)])*)\)\s*Tj", re.DOTALL)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i:i + 1] == b"\\" and i + 1 < len(raw):
            octal = re.match(rb"[0-7]{1,3}", raw[i + 1:i + 4])
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out += _ESCAPES.get(raw[i + 1:i + 2], raw[i + 1:i + 2])
            i += 2
        else:
            out += raw[i:i + 1]
            i += 1
    return bytes(out)


def _stream(body: bytes) -> bytes:
    found = _STREAM.search(body)
    if not found:
        return b""
    try:
        return zlib.decompress(found.group(1))
    except zlib.error:
        return found.group(1)


def pdf_text(data: bytes) -> str:
    """Pull the shown text out of an fpdf2 PDF: a stand-in for a PDF reader in tests.

    Embedded fonts write two-byte glyph ids, read back through each font's ToUnicode map;
    core fonts write Latin-1.
    """
    objects = {int(n): body for n, body in _OBJECT.findall(data)}
    cmaps: dict[bytes, dict[int, str]] = {}
    for fonts in re.findall(rb"/Font\s*<<(.*?)>>", data, re.DOTALL):
        for name, number in re.findall(rb"/(\w+)\s+(\d+)\s+0\s+R", fonts):
            to_unicode = re.search(rb"/ToUnicode\s+(\d+)\s+0\s+R", objects[int(number)])
            if to_unicode:
                cmap = _stream(objects[int(to_unicode.group(1))])
                cmaps[name] = {int(a, 16): bytes.fromhex(b.decode()).decode("utf-16-be")
                               for a, b in _BFCHAR.findall(cmap)}
    lines, font = [], None
    for body in objects.values():
        if b"/Length" not in body or b"beginbfchar" in body:
            continue
        for switch, raw in _OPS.findall(_stream(body)):
            if switch:
                font = switch
                continue
            text = _unescape(raw)
            if font in cmaps:
                lines.append("".join(cmaps[font].get(int.from_bytes(text[i:i + 2], "big"), "?")
                                     for i in range(0, len(text) - 1, 2)))
            else:
                lines.append(text.decode("latin-1"))
    return "\n".join(lines)


def build_profile(session, **fields):
    profile = fields.pop("profile", None) or ProfileFactory(birth_date=years_ago(19), **fields)
    uid = profile.user_id
    profiles.set_languages(session, uid, {Language.QUECHUA: LanguageLevel.NATIVE,
                                          Language.SPANISH: LanguageLevel.ADVANCED})
    profiles.set_education(session, uid, 4)
    profiles.add_experience(session, uid, "Venta de comida en la feria de Urcos",
                            ExperienceKind.INFORMAL, 18, "Atendía a unas 50 personas por día.")
    profiles.add_experience(session, uid, "Chacra de papa de la familia",
                            ExperienceKind.FAMILY_UNPAID, 36)
    for code in ("SK-TRV-001", "SK-AGR-001", "SK-ART-003"):
        profiles.add_skill(session, uid, code)
    profiles.add_occupation(session, uid, "OC-GAS-001")
    training = Training(code="CDE-COC-01", title="Cocina y manipulación de alimentos",
                        hours=60)
    session.add(training)
    session.commit()
    profiles.set_trainings(session, uid, {training.id})
    profiles.set_availability(session, uid, {5, 6, 7, 8}, {"manana", "tarde"})
    profiles.set_travel(session, uid, 20, False)
    profiles.set_documents(session, uid, dni=True, cul=True, health_card=False,
                           bank_account=False)
    return profile


def test_cv_page_shows_informal_and_family_work_as_experience(client, session):
    profile = sign_in_youth(client, first_name="Yeni", last_name="Huamán Quispe")
    build_profile(session, profile=profile)
    response = client.get("/joven/cv")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and len(response.data) < 60_000
    assert "Yeni Huamán Quispe" in html
    assert "Urcos, Quispicanchi (Cusco)" in html and profile.user.phone in html
    assert "Venta de comida en la feria de Urcos" in html and "Trabajo · 1 año y 6 meses" in html
    assert "Chacra de papa de la familia" in html
    assert "Trabajo en el negocio o la chacra familiar · 3 años" in html
    assert "sin pago" not in html.lower() and "informal" not in html.lower()
    assert "atención al cliente" in html and "cultivo de papa" in html
    assert "Quechua (lengua materna)" in html and "Castellano (avanzado)" in html
    assert "Cocina y manipulación de alimentos (60 horas)" in html
    assert "Meses: mayo, junio, julio, agosto" in html and "Horario: mañana, tarde" in html
    assert "Busco trabajo como:</strong> mesero" in html
    assert 'href="/joven/cv.pdf"' in html


def test_cv_pdf_download_holds_the_persons_skills_on_one_page(client, session):
    profile = sign_in_youth(client, first_name="Rosa", last_name="Ñahui")
    build_profile(session, profile=profile)
    response = client.get("/joven/cv.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="cv-rosa-nahui.pdf"'
    assert response.headers["Cache-Control"] == "private, no-store"
    data = response.data
    assert data.startswith(b"%PDF-") and b"/Count 1" in data
    text = pdf_text(data)
    assert "Rosa Ñahui" in text
    for skill in ("atención al cliente", "cultivo de papa", "tejido a palitos y crochet"):
        assert skill in text
    assert "Venta de comida en la feria de Urcos" in text
    assert "Quechua (lengua materna)" in text


def test_cv_pdf_falls_back_to_the_core_font_and_keeps_accents(app, session):
    profile = build_profile(session, first_name="Añelí")
    with app.test_request_context():
        document = cv_service.cv_of(session, profile.user_id)
        data = cv_service.render_pdf(document, compress=False, unicode_font=False)
    assert b"/Helvetica" in data
    text = pdf_text(data)
    assert "Añelí" in text and "atención al cliente" in text
    assert "Trabajo en el negocio o la chacra familiar" in text


def test_cv_of_an_empty_profile_still_renders(client):
    sign_in_youth(client, district_code=None)
    assert "Agrega tu experiencia" in client.get("/joven/cv").get_data(as_text=True)
    assert client.get("/joven/cv.pdf").data.startswith(b"%PDF-")


def test_a_long_profile_stays_on_one_page(app, session):
    profile = build_profile(session)
    for n in range(15):
        profiles.add_experience(session, profile.user_id, f"Cosecha de café número {n}",
                                ExperienceKind.INFORMAL, n + 1, "Recoger y seleccionar. " * 20)
    with app.test_request_context():
        data = cv_service.render_pdf(cv_service.cv_of(session, profile.user_id))
    assert b"/Count 1" in data
