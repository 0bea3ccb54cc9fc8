"""The employer's own pages."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from models import Role

from ..auth.views import require_role
from ..extensions import db
from ..services import dashboards
from . import bp


@bp.before_request
@login_required
def only_employers():
    require_role(Role.EMPLOYER)


@bp.get("/")
def home():
    rows = dashboards.employer_vacancies(db.session, current_user)
    return render_template("employers/home.html", employer=current_user.employer, rows=rows)
