"""What each text message says, and the budget it must fit (one GSM-7 segment).

Every message starts by saying who sends it ("Chamba CDE Urcos: ..."). The Spanish texts
are written with their accents for the translators; ``text.fit`` folds them to plain
letters and cuts the long names (a vacancy title, a business) so the fixed words stay.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from .text import SEGMENT, fit

# The longest value each field may bring; a test renders every message with these.
FIELD_LIMITS = {"cde": 24, "name": 60, "title": 120, "employer": 120, "place": 80,
                "code": 4, "phone": 12, "phones": 64}


@dataclass(frozen=True)
class MessageText:
    key: str
    text: object  # a lazy string: translated when rendered
    shrinkable: tuple[str, ...] = ()
    # The approved WhatsApp template with the same meaning, and its parameters in order.
    whatsapp: str | None = None
    whatsapp_params: tuple[str, ...] = ()
    budget: int = SEGMENT

    @property
    def fields(self) -> tuple[str, ...]:
        import re

        return tuple(re.findall(r"%\((\w+)\)s", str(self.text)))


_TEXTS = (
    MessageText("proposal", _l(
        "Chamba CDE %(cde)s: %(name)s, te propusimos a %(employer)s para el trabajo de "
        "%(title)s. Código %(code)s. Responde 1 si te interesa, 2 si no"),
        ("name", "employer", "title"), "chamba_propuesta",
        ("cde", "name", "employer", "title", "code")),
    MessageText("interview", _l(
        "Chamba CDE %(cde)s: %(name)s, %(employer)s quiere entrevistarte para %(title)s. "
        "Te llamarán para acordar el día. Dudas: %(phone)s"),
        ("name", "employer", "title"), "chamba_entrevista",
        ("cde", "name", "employer", "title", "phone")),
    MessageText("follow_up", _l(
        "Chamba CDE %(cde)s: %(name)s, ¿sigues trabajando en %(employer)s? Código %(code)s. "
        "Responde 1 sí, 2 no"),
        ("name", "employer"), "chamba_seguimiento", ("cde", "name", "employer", "code")),
    MessageText("job_alert", _l(
        "Chamba CDE %(cde)s: %(name)s, hay un trabajo para ti: %(title)s en %(place)s. "
        "Código %(code)s. Para postular responde 1; si no, 2"),
        ("name", "title", "place"), "chamba_alerta",
        ("cde", "name", "title", "place", "code")),
    MessageText("answer_yes", _l(
        "Chamba CDE %(cde)s: gracias, %(name)s. Avisamos al CDE y te llamarán pronto. "
        "Dudas: %(phone)s"), ("name",)),
    MessageText("answer_no", _l(
        "Chamba CDE %(cde)s: gracias, %(name)s. Seguiremos buscando otros trabajos para "
        "ti."), ("name",)),
    MessageText("applied", _l(
        "Chamba CDE %(cde)s: listo, tu postulación a %(title)s fue enviada. Dudas: %(phone)s"),
        ("title",)),
    MessageText("apply_failed", _l(
        "Chamba CDE %(cde)s: no pudimos enviar tu postulación a %(title)s. Llama al CDE: "
        "%(phone)s"), ("title",)),
    MessageText("follow_up_thanks", _l(
        "Chamba CDE %(cde)s: gracias por responder, %(name)s. Si tienes algún problema en el "
        "trabajo, llama al %(phone)s"), ("name",)),
    MessageText("help", _l(
        "Chamba CDE %(cde)s: para ayuda llama al %(phone)s. Para no recibir más mensajes "
        "responde BAJA")),
    MessageText("stopped", _l(
        "Chamba CDE %(cde)s: no te enviaremos más mensajes. Para volver a recibirlos, habla "
        "con tu CDE.")),
    # To a number Chamba does not know: nothing about anyone, only where to ask.
    MessageText("unknown", _l(
        "Chamba: este número no está inscrito. Para inscribirte o pedir ayuda acércate a "
        "un CDE: %(phones)s"), ("phones",)),
    MessageText("ambiguous", _l(
        "Chamba: hay varias preguntas abiertas en este número. Responde 1 o 2 y el código "
        "del mensaje, por ejemplo: 1 ABCD")),
    MessageText("not_understood", _l(
        "Chamba: no entendimos tu respuesta. Responde 1 o 2 y el código del mensaje, o "
        "escribe AYUDA.")),
    MessageText("closed", _l(
        "Chamba: esa pregunta ya no está abierta o el código no es de este número. Para "
        "ayuda escribe AYUDA.")),
)
TEXTS = {t.key: t for t in _TEXTS}


def render(key: str, locale: str | None = "es", **fields: str) -> str:
    """The message ``key`` in the person's language, filled and fitted to its budget."""
    message = TEXTS[key]
    values = {name: str(fields.get(name, ""))[:FIELD_LIMITS.get(name, 60)]
              for name in message.fields}
    with force_locale(locale or "es"):
        template = str(message.text)
    return fit(template, message.budget, message.shrinkable, **values)


def whatsapp_payload(key: str, **fields: str) -> dict | None:
    """The approved template and its parameters for ``key``, or None when it has none."""
    message = TEXTS[key]
    if message.whatsapp is None:
        return None
    return {"template": message.whatsapp,
            "params": [str(fields.get(p, ""))[:FIELD_LIMITS.get(p, 60)]
                       for p in message.whatsapp_params]}
