"""The programme admin's overview."""

from __future__ import annotations

from flask import render_template
from flask_login import login_required

from models import Role

from ..auth.views import require_role
from ..extensions import db
from ..services import dashboards
from . import bp


@bp.before_request
@login_required
def only_admins():
    require_role(Role.ADMIN)


@bp.get("/")
def home():
    return render_template("admin/home.html",
                           figures=dashboards.programme_overview(db.session))
