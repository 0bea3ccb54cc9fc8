from flask import Blueprint

bp = Blueprint("counselors", __name__, url_prefix="/consejeria")

from . import indicators, messages, profile, views  # noqa: E402,F401
