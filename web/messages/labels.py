"""Plain words for message states and channels, for every page that lists messages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from models import NotificationChannel, NotificationStatus

STATUS_LABELS = {
    NotificationStatus.QUEUED: _l("en espera"),
    NotificationStatus.SENDING: _l("enviándose"),
    NotificationStatus.SENT: _l("enviado"),
    NotificationStatus.DELIVERED: _l("entregado"),
    NotificationStatus.FAILED: _l("no enviado"),
}
CHANNEL_LABELS = {
    NotificationChannel.SMS: _l("SMS"),
    NotificationChannel.WHATSAPP: _l("WhatsApp"),
    NotificationChannel.IN_APP: _l("en Chamba"),
    NotificationChannel.EMAIL: _l("correo"),
}
OUTCOME_LABELS = {
    "answer": _l("respuesta registrada"),
    "applied": _l("postuló"),
    "apply_failed": _l("no se pudo postular"),
    "answer_apply": _l("respuesta registrada"),
    "opt_out": _l("pidió no recibir mensajes"),
    "help": _l("pidió ayuda"),
    "unknown": _l("número no inscrito"),
    "ambiguous": _l("se pidió el código"),
    "not_understood": _l("no se entendió"),
    "closed": _l("pregunta ya cerrada"),
}


def register(app) -> None:
    app.jinja_env.globals.update(message_status_labels=STATUS_LABELS,
                                 message_channel_labels=CHANNEL_LABELS,
                                 message_outcome_labels=OUTCOME_LABELS)
