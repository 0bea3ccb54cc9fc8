"""The youth's own message settings and the messages Chamba sent her."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import ConsentMethod, Role

from ..auth.decorators import require_role
from ..extensions import db
from ..services import messaging
from . import bp
from .forms import MessagePreferencesForm


@bp.before_request
@login_required
def only_youth():
    require_role(Role.YOUTH)


@bp.route("/", methods=["GET", "POST"])
def preferences():
    page = messaging.preferences_page(db.session, current_user)
    form = MessagePreferencesForm(data=page.current.__dict__)
    if form.validate_on_submit():
        wanted = messaging.Preferences(form.phone.data or None, form.sms.data,
                                       form.whatsapp.data, form.job_alerts.data)
        try:
            messaging.save_preferences(db.session, current_user, current_user, wanted,
                                       ConsentMethod.ONLINE)
        except messaging.MessagingError as error:
            flash(str(error), "error")
        else:
            flash(_("Listo: guardamos cómo quieres recibir los avisos."), "info")
            return redirect(url_for("messages.preferences"))
    return render_template("messages/preferences.html", form=form, rows=page.rows)
