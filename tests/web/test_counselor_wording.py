"""A counselor filling a youth's profile reads usted, about the youth in the third person;
the youth reads her own steps as tú, unchanged."""

from __future__ import annotations

import html as html_lib

import pytest

from tests.helpers import csrf_token

# Every step page, by its slug under /joven/perfil/ and /consejeria/jovenes/<id>/perfil/.
SLUGS = ["distrito", "datos", "idiomas", "estudios", "experiencia", "habilidades",
         "capacitaciones", "ocupaciones", "disponibilidad", "traslado", "emprendimiento",
         "documentos", "sobre-mi"]

# The tú and first-person words of the step pages (templates, forms and the step list).
YOUTH_WORDS = [
    "Dónde vives", "Lo que sabes hacer", "Tus documentos", "Trabajos que buscas",
    "Cuándo puedes trabajar", "Hasta dónde puedes viajar", "Tu propio negocio",
    "Volver a mi perfil", "Mi perfil",
    "Así te mostramos", "Solo el CDE y las empresas a las que postules",
    "Marca todos los que hablas",
    "Marca el último nivel al que llegaste", "Piensa en el tiempo",
    "Marca los que ya tienes", "Si te falta alguno", "Marca los cursos del CDE que terminaste",
    "tu zona", "Unas pocas líneas con tus palabras", "Si lo dejas vacío", "Tu experiencia",
    "Suma todas las veces", "Busca lo que sabes hacer", "Busca los trabajos que te gustaría",
    "Lo que elegiste", "Todavía no elegiste nada", "ya está en tu lista", "Prueba con otra",
    "¿En qué distrito vives?", "Elige tu distrito", "Sexo (si quieres decirlo)",
    "Nombre de tu madre", "No lo hablo", "¿Hasta dónde estudiaste?", "¿Qué hiciste?",
    "Cuéntalo en pocas palabras", "Cursos del CDE que terminaste", "¿En qué meses puedes",
    "¿Hasta cuántos kilómetros puedes", "¿Te mudarías", "¿Te gustaría empezar tu propio",
    "Cuéntales a las empresas quién eres", "Tengo DNI", "Tengo Certificado",
    "Tengo carné", "Tengo cuenta", "Prefiero no decir", "Ayudando a mi familia",
    "Por mi cuenta o mi propio negocio", "Para mi comunidad", "Es mi lengua materna",
    "entiendo y digo", "converso sin problema", "hablo, leo y escribo", "No fui a la escuela",
]

# A few of the youth's own words that must stay exactly as they are on her pages.
YOUTH_KEEPS = {
    "distrito": ["Dónde vives", "¿En qué distrito vives?", "Así te mostramos"],
    "documentos": ["Tus documentos", "Marca los que ya tienes", "Tengo DNI"],
    "habilidades": ["Lo que sabes hacer", "Lo que elegiste", "ya está en tu lista"],
    "sobre-mi": ["Unas pocas líneas con tus palabras", "Volver a mi perfil"],
    "datos": ["Sexo (si quieres decirlo)", "Nombre de tu madre", "Prefiero no decir"],
    "experiencia": ["Ayudando a mi familia", "Tu experiencia"],
    "idiomas": ["Es mi lengua materna", "No lo hablo"],
    "estudios": ["No fui a la escuela"],
}

# What the counselor reads instead, on the same pages.
COUNSELOR_READS = {
    "distrito": ["Dónde vive", "¿En qué distrito vive?"],
    "documentos": ["Sus documentos", "Marque los que ya tiene", "Tiene DNI"],
    "habilidades": ["Lo que sabe hacer", "Todavía no eligió nada", "ya está en su lista"],
    "sobre-mi": ["Volver a su perfil"],
    "experiencia": ["Ayudando a su familia"],
    "idiomas": ["Es su lengua materna", "No lo habla"],
    "estudios": ["No fue a la escuela"],
}


def _text(response) -> str:
    return html_lib.unescape(response.get_data(as_text=True))


def _youth_path(slug: str) -> str:
    return f"/joven/perfil/{slug}"


def _counselor_path(world, slug: str) -> str:
    return f"/consejeria/jovenes/{world['youth_q'].id}/perfil/{slug}"


@pytest.mark.parametrize("slug", SLUGS)
def test_the_counselor_reads_no_tu_on_any_step(world, as_role, slug):
    page = _text(as_role("counselor_q").get(_counselor_path(world, slug) + "?q=papa"))
    assert "Está completando el perfil de JovenQ" in page
    assert [w for w in YOUTH_WORDS if w in page] == []
    for words in COUNSELOR_READS.get(slug, []):
        assert words in page


def test_the_counselor_reads_the_step_list_in_the_third_person(world, as_role):
    page = _text(as_role("counselor_q").get(f"/consejeria/jovenes/{world['youth_q'].id}/perfil"))
    assert [w for w in YOUTH_WORDS if w in page] == []
    for words in ("Dónde vive", "Lo que sabe hacer", "Sus documentos"):
        assert words in page


@pytest.mark.parametrize("slug", SLUGS)
def test_the_youth_still_reads_her_steps_as_tu(world, as_role, slug):
    page = _text(as_role("youth_q").get(_youth_path(slug) + "?q=papa"))
    assert "Está completando" not in page
    for words in YOUTH_KEEPS.get(slug, []):
        assert words in page
    for words in ("Marque ", "Tiene DNI", "ya está en su lista", "Volver a su perfil"):
        assert words not in page


def test_the_youth_step_list_is_unchanged(world, as_role):
    page = _text(as_role("youth_q").get("/joven/perfil"))
    for words in ("Dónde vives", "Lo que sabes hacer", "Tus documentos"):
        assert words in page


def _post(client, path: str, data: dict):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, path)})


def test_an_unreadable_date_is_said_as_tu_to_the_youth(world, as_role):
    page = _text(_post(as_role("youth_q"), _youth_path("datos"), {"birth_date": "31/02/2026"}))
    assert "Escribe la fecha como día/mes/año" in page


def test_an_unreadable_date_is_said_as_usted_to_the_counselor(world, as_role):
    page = _text(_post(as_role("counselor_q"), _counselor_path(world, "datos"),
                       {"birth_date": "31/02/2026"}))
    assert "Escriba la fecha como día/mes/año" in page
    assert "Escribe la fecha" not in page


def test_a_missing_answer_is_said_as_usted_to_the_counselor(world, as_role):
    counselor = _text(_post(as_role("counselor_q"), _counselor_path(world, "emprendimiento"), {}))
    youth = _text(_post(as_role("youth_q"), _youth_path("emprendimiento"), {}))
    assert "Elija sí o no." in counselor and "Elige sí o no." not in counselor
    assert "Elige sí o no." in youth


def test_the_message_checkbox_on_the_counselors_record_is_not_first_person(world, as_role):
    page = _text(as_role("counselor_q").get(f"/consejeria/jovenes/{world['youth_q'].id}"))
    assert "el mejor trabajo nuevo para mí" not in page
    assert "Una vez por semana, el mejor trabajo nuevo para la persona" in page


def test_the_youths_own_message_checkbox_keeps_her_words(world, as_role):
    page = _text(as_role("youth_q").get("/mensajes/"))
    assert "Una vez por semana, el mejor trabajo nuevo para mí" in page
