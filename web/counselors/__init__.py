from flask import Blueprint

bp = Blueprint("counselors", __name__, url_prefix="/consejeria")

from . import indicators, messages, views  # noqa: E402,F401
