"""Staff's second factor at sign-in, and the list of one's own sessions (and the admin's
"end this person's sessions")."""

from __future__ import annotations

import time
from datetime import timedelta

import segno
from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from models import Role, User

from .. import ratelimit as throttle
from ..extensions import db
from ..ids import parse_id
from ..services import accounts, mfa, sessions
from ..templating import moment_in_words
from . import bp
from .forms import AdminEndSessionsForm, EndSessionForm, SecondFactorForm
from .guard import current_token, start_session

# How long the step between password and code may take.
PENDING_SECONDS = 300


def begin_second_factor(user: User, target: str | None):
    """The password was right: remember who, for a few minutes, and ask for the code."""
    session.clear()
    session["mfa"] = {"uid": user.id, "ver": user.session_version, "at": int(time.time()),
                      "next": target}
    endpoint = "auth.mfa_verify" if mfa.enrolled(db.session, user) else "auth.mfa_enroll"
    return redirect(url_for(endpoint))


def _pending_user() -> User | None:
    pending = session.get("mfa")
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("uid"))
    if user is None or not user.is_active or user.session_version != pending.get("ver") \
            or not mfa.required(user):
        return None
    return user


def _finish(user: User):
    target = session.get("mfa", {}).get("next")
    start_session(user)
    return redirect(target or url_for("auth.home"))


def _throttled_code(user: User, form: SecondFactorForm, check):
    """Count the attempt like a password (atomic; delays for the account), then ``check``."""
    attempt = throttle.begin_attempt("mfa", user.login)
    if attempt.denied:
        abort(429)
    result = check(form.code.data)
    if result:
        throttle.attempt_succeeded("mfa", attempt, user.id)
    else:
        throttle.attempt_failed("mfa", attempt)
        form.code.errors = [*form.code.errors, _("El código no es válido. Escriba el que "
                                                  "muestra ahora su aplicación.")]
    return result


@bp.route("/ingresar/verificacion", methods=["GET", "POST"])
def mfa_verify():
    user = _pending_user()
    if user is None:
        session.pop("mfa", None)
        return redirect(url_for("auth.login"))
    if not mfa.enrolled(db.session, user):
        return redirect(url_for("auth.mfa_enroll"))
    form = SecondFactorForm()
    if form.validate_on_submit():
        used = _throttled_code(user, form, lambda code: mfa.verify(db.session, user, code))
        if used:
            if used == "recovery":
                left = mfa.recovery_left(db.session, user)
                flash(_("Usó un código de respaldo; le quedan %(left)d.", left=left), "warning")
            return _finish(user)
    return render_template("auth/mfa_verify.html", form=form)


@bp.route("/ingresar/activar-verificacion", methods=["GET", "POST"])
def mfa_enroll():
    user = _pending_user()
    if user is None:
        session.pop("mfa", None)
        return redirect(url_for("auth.login"))
    if mfa.enrolled(db.session, user):
        return redirect(url_for("auth.mfa_verify"))
    secret = mfa.pending_secret(db.session, user)
    uri = mfa.provisioning_uri(user, secret)
    form = SecondFactorForm()
    if form.validate_on_submit():
        codes = _throttled_code(user, form, lambda code: mfa.confirm(db.session, user, code))
        if codes:
            target = session.get("mfa", {}).get("next") or url_for("auth.home")
            start_session(user)
            throttle.security_log.info("mfa enrolled user=%d", user.id)
            # Shown once, in this answer only: they are stored hashed.
            return render_template("auth/mfa_codes.html", codes=codes, target=target)
    # The QR code is drawn as inline SVG on the server: no script, no image from elsewhere.
    # segno writes only paths and numbers (the URI becomes modules, never text in the SVG).
    qr = Markup(segno.make(uri, error="m").svg_inline(scale=4))  # noqa: S704
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("auth/mfa_enroll.html", form=form, secret=grouped, uri=uri, qr=qr)


def _idle() -> timedelta:
    return timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"])


@bp.get("/cuenta/sesiones")
@login_required
def my_sessions():
    rows = sessions.active(db.session, current_user, _idle())
    this = sessions.check(db.session, current_user, current_token(), _idle())
    return render_template("auth/sessions.html", rows=rows, this_id=this.id if this else None,
                           form=EndSessionForm(),
                           when=moment_in_words)


@bp.post("/cuenta/sesiones/cerrar")
@login_required
def end_session():
    form = EndSessionForm()
    if not form.validate_on_submit():
        abort(400)
    if form.session_id.data == "otras":
        this = sessions.check(db.session, current_user, current_token(), _idle())
        for row in sessions.active(db.session, current_user, _idle()):
            if this is None or row.id != this.id:
                sessions.end_own(db.session, current_user, row.id)
        flash(_("Cerramos las otras sesiones."), "info")
    elif (session_id := parse_id(form.session_id.data)) is None or not sessions.end_own(
            db.session, current_user, session_id):
        abort(404)
    else:
        flash(_("Cerramos esa sesión."), "info")
    throttle.security_log.info("session end-own user=%d which=%s", current_user.id,
                               form.session_id.data)
    return redirect(url_for("auth.my_sessions"))


@bp.route("/admin/sesiones", methods=["GET", "POST"])
@login_required
def admin_sessions():
    """The admin ends every session of one account (a lost phone, a departed counselor), and
    may make a staff member enrol a new authenticator."""
    if current_user.role != Role.ADMIN:
        abort(404)
    form = AdminEndSessionsForm()
    if form.validate_on_submit():
        user_id = accounts.find_user_id(db.session, form.identifier.data)
        user = db.session.get(User, user_id) if user_id else None
        if user is None:
            form.identifier.errors = [_("No hay una cuenta con ese celular o correo.")]
        else:
            if form.reset_mfa.data and mfa.required(user):
                mfa.reset(db.session, user, current_user)
            sessions.end_all(db.session, user, actor=current_user)
            throttle.security_log.warning("session end-all user=%d by=%d", user.id,
                                          current_user.id)
            flash(_("Cerramos todas las sesiones de %(name)s.", name=user.display_name), "info")
            return redirect(url_for("auth.admin_sessions"))
    return render_template("auth/admin_sessions.html", form=form,
                           wants=request.method == "POST")
