"""Messages in the counselor's territory: what was sent to whom, replies, and the month's cost."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from models import ConsentMethod

from ..extensions import db
from ..messages.forms import AssistedMessagePreferencesForm
from ..services import access, messaging
from . import bp


@bp.get("/mensajes")
def messages():
    page = messaging.territory_messages(db.session, current_user)
    return render_template("counselors/messages.html", rows=page.rows, costs=page.costs,
                           notices=page.notices)


@bp.post("/jovenes/<int:profile_id>/mensajes")
def youth_messages(profile_id: int):
    """Record, on the person's behalf, how she wants to be reached and how she said so."""
    # The territory guard comes first: someone else's youth is a 404 even with a broken form.
    profile = access.find_profile_for(db.session, current_user, profile_id)
    form = AssistedMessagePreferencesForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = messaging.Preferences(form.phone.data or None, form.sms.data, form.whatsapp.data,
                                   form.job_alerts.data)
    try:
        messaging.save_preferences(db.session, current_user, profile.user, wanted,
                                   ConsentMethod(form.method.data))
    except messaging.MessagingError as error:
        flash(str(error), "error")
    else:
        flash(_("Preferencias de mensajes guardadas, con su permiso registrado."), "info")
    return redirect(url_for("counselors.youth_profile", profile_id=profile_id))


def youth_messages_context(current: messaging.Preferences, rows: list) -> dict:
    """What the youth page shows about messages: her settings form and her messages."""
    form = AssistedMessagePreferencesForm(data=current.__dict__, formdata=None)
    return {"message_form": form, "message_rows": rows}
