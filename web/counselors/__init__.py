from flask import Blueprint

bp = Blueprint("counselors", __name__, url_prefix="/consejeria")

from . import indicators, views  # noqa: E402,F401
