"""Messages in the counselor's territory: what was sent to whom, replies, and the month's cost."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import ConsentMethod

from ..extensions import db
from ..forms import show_refusal
from ..messages.forms import AssistedMessagePreferencesForm
from ..services import messaging
from . import bp
from .views import youth_page


@bp.get("/mensajes")
def messages():
    page = messaging.territory_messages(db.session, current_user)
    return render_template("counselors/messages.html", rows=page.rows, costs=page.costs,
                           notices=page.notices)


@bp.post("/jovenes/<int:profile_id>/mensajes")
def youth_messages(profile_id: int):
    """Record, on the person's behalf, how she wants to be reached and how she said so."""
    form = AssistedMessagePreferencesForm()
    valid = form.validate_on_submit()
    wanted = messaging.Preferences(form.phone.data or None, form.sms.data, form.whatsapp.data,
                                   form.job_alerts.data) if valid else None
    try:
        messaging.save_preferences_for(db.session, current_user, profile_id, wanted,
                                       ConsentMethod(form.method.data) if valid else None)
    except messaging.MessagingError as error:
        db.session.rollback()
        show_refusal(form, error)
    else:
        if valid:
            flash(_("Preferencias de mensajes guardadas, con su permiso registrado."), "info")
            return redirect(url_for("counselors.youth_profile", profile_id=profile_id))
        if form.csrf_token.errors:
            abort(400)
    # The page again, not a redirect: what was typed and ticked is not lost.
    return youth_page(profile_id, form)
