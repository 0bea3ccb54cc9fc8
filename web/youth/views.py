"""The youth's own pages."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from models import Role

from ..auth.views import require_role
from ..extensions import db
from ..services import dashboards
from . import bp

STAGE_MEANING = {
    "proposed": "El CDE te propuso a la empresa. Te avisaremos cuando respondan.",
    "received": "La empresa recibió tu postulación.",
    "contacted": "Te contactaron o te contactarán pronto.",
    "interview": "Te invitaron a una entrevista. ¡Prepárate!",
    "hired": "¡Te contrataron! El CDE te llamará para saber cómo te va.",
    "not_hired": "Esta vez eligieron a otra persona. Sigue postulando: hay más ofertas para ti.",
    "withdrawn": "Retiraste esta postulación.",
}


@bp.before_request
@login_required
def only_youth():
    require_role(Role.YOUTH)


@bp.get("/")
def home():
    profile = current_user.profile
    applications = dashboards.applications_of(db.session, profile)
    return render_template("youth/home.html", profile=profile, applications=applications,
                           meaning=STAGE_MEANING)
