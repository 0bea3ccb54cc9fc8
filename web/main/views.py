"""Public pages: the landing page and the health check."""

from __future__ import annotations

from flask import jsonify, render_template

from ..services import health
from . import bp


@bp.get("/")
def index():
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    status = health.check_database()
    return jsonify(status.as_dict()), (200 if status.ok else 503)
