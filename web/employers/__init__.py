from flask import Blueprint

bp = Blueprint("employers", __name__, url_prefix="/empresa")

from . import views  # noqa: E402,F401
