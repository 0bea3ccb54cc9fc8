"""The WhatsApp Cloud API webhook: the verify handshake, replies and delivery statuses."""

from flask import Blueprint

bp = Blueprint("whatsapp", __name__, url_prefix="/whatsapp")

from . import views  # noqa: E402,F401
