"""Kannel calls these: delivery reports (dlr-url) and inbound SMS (sms-service get-url)."""

from flask import Blueprint

bp = Blueprint("sms", __name__, url_prefix="/sms")

from . import views  # noqa: E402,F401
