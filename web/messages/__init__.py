"""The person's own page about messages: how to be reached by SMS or WhatsApp, and what was sent."""

from flask import Blueprint

bp = Blueprint("messages", __name__, url_prefix="/mensajes")

from . import views  # noqa: E402,F401
