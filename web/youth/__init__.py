from flask import Blueprint

bp = Blueprint("youth", __name__, url_prefix="/joven")

from . import views  # noqa: E402,F401
