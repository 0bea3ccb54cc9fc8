"""The counselor's desk: their territory's youth, employers and vacancies."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user, login_required

from models import Role

from ..auth.views import require_role
from ..extensions import db
from ..services import access, dashboards
from . import bp


@bp.before_request
@login_required
def only_counselors():
    require_role(Role.COUNSELOR, Role.ADMIN)


@bp.get("/")
def home():
    if current_user.role == Role.ADMIN:
        abort(404)  # the admin has no territory desk of their own
    page = request.args.get("pagina", 1, type=int)
    desk = dashboards.counselor_desk(db.session, current_user, page)
    return render_template("counselors/home.html", desk=desk)


@bp.get("/jovenes/<int:profile_id>")
def youth_profile(profile_id: int):
    try:
        profile = access.get_profile_for(db.session, current_user, profile_id)
    except access.NotFound:
        abort(404)
    return render_template("counselors/youth_profile.html", profile=profile)
