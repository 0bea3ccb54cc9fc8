"""Sign-in, sign-out, sign-up and password change."""

from __future__ import annotations

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from models import ConsentPurpose, Role, Sector

from ..extensions import db, login_manager
from ..forms import district_select
from ..ratelimit import limiter, login_account_key, login_failed
from ..services import accounts, reference
from ..services import privacy as rights
from ..services.passwords import verify_password
from . import bp
from .decorators import safe_next
from .forms import (
    ConsentForm,
    CorrectionForm,
    EmployerSignupForm,
    EraseForm,
    LoginForm,
    PasswordChangeForm,
    RedeemCodeForm,
    SensitiveForm,
    YouthSignupForm,
)

HOMES = {
    Role.YOUTH: "youth.home",
    Role.EMPLOYER: "employers.home",
    Role.COUNSELOR: "counselors.home",
    Role.ADMIN: "admin.home",
}


@login_manager.user_loader
def load_user(session_id: str):
    return accounts.load_session_user(db.session, session_id)


login_manager.login_view = "auth.login"
login_manager.login_message = "Ingrese para ver esta página."
login_manager.login_message_category = "warning"


@bp.get("/inicio")
@login_required
def home():
    return redirect(url_for(HOMES[current_user.role]))


@bp.route("/ingresar", methods=["GET", "POST"])
# Checked before the password is hashed; only failed attempts count.
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], key_func=login_account_key,
               methods=["POST"], deduct_when=login_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], methods=["POST"],
               deduct_when=login_failed)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(db.session, form.identifier.data, form.password.data)
        if user is None:
            flash(_("El celular, correo o contraseña no coinciden. Revise e intente otra vez."),
                  "error")
        else:
            # A fresh session on login: nothing set before sign-in survives (fixation).
            session.clear()
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")) or url_for("auth.home"))
    return render_template("auth/login.html", form=form)


@bp.post("/salir")
@login_required
def logout():
    accounts.end_all_sessions(db.session, current_user)
    logout_user()
    session.clear()
    flash(_("Salió de Chamba en todos sus dispositivos."), "info")
    return redirect(url_for("main.index"))


@bp.route("/registro", methods=["GET", "POST"])
def signup_youth():
    form = YouthSignupForm()
    if form.validate_on_submit():
        data = accounts.YouthSignup(
            first_name=form.first_name.data, last_name=form.last_name.data or "",
            phone=accounts.normalise_phone(form.phone.data or ""),
            email=(form.email.data or "").lower() or None,
            password=form.password.data, birth_date=form.birth_date.data,
            visible_to_employers=form.visible.data,
            guardian_name=form.guardian_name.data or None,
            guardian_relation=form.guardian_relation.data or None,
        )
        try:
            user = accounts.register_youth(db.session, data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            session.clear()
            login_user(user)
            flash(_("¡Bienvenida o bienvenido a Chamba! Ahora cuéntanos qué sabes hacer."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/signup_youth.html", form=form,
                           notice_version=accounts.NOTICE_VERSION)


@bp.route("/registro/empresa", methods=["GET", "POST"])
def signup_employer():
    form = EmployerSignupForm()
    form.district.choices = district_select(reference.district_choices(db.session))
    if form.validate_on_submit():
        data = accounts.EmployerSignup(
            business_name=form.business_name.data, ruc=form.ruc.data or None,
            district_code=form.district.data, sector=Sector(form.sector.data),
            contact_name=form.contact_name.data,
            contact_phone=accounts.normalise_phone(form.contact_phone.data or ""),
            email=form.email.data.lower(), password=form.password.data,
        )
        try:
            user = accounts.register_employer(db.session, data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            session.clear()
            login_user(user)
            flash(_("Registramos su negocio. El CDE lo verificará pronto; mientras tanto puede "
                    "preparar sus ofertas."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/signup_employer.html", form=form)


@bp.route("/cuenta/contrasena", methods=["GET", "POST"])
@login_required
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(db.session, current_user, form.current.data,
                                     form.password.data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            # The version changed: log in again with the new generation on this device only.
            session.clear()
            login_user(current_user._get_current_object())
            flash(_("Cambiamos su contraseña y cerramos sus otras sesiones."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form)


@bp.get("/privacidad")
def privacy():
    return render_template("auth/privacy.html", notice_version=accounts.NOTICE_VERSION)


@bp.route("/cuenta/activar", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ACCOUNT"], key_func=login_account_key,
               methods=["POST"], deduct_when=login_failed)
@limiter.limit(lambda: current_app.config["LOGIN_LIMIT_ADDRESS"], methods=["POST"],
               deduct_when=login_failed)
def redeem_code():
    form = RedeemCodeForm()
    if form.validate_on_submit():
        try:
            user = accounts.redeem_setup_code(db.session, form.identifier.data, form.code.data,
                                              form.password.data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            session.clear()
            login_user(user)
            flash(_("Listo: ya tiene su propia contraseña."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/redeem.html", form=form)


@bp.get("/cuenta")
@login_required
def account():
    consents = rights.consent_state(db.session, current_user)
    return render_template(
        "auth/account.html", consents=consents,
        sensitive_allowed=consents[ConsentPurpose.SENSITIVE],
        log=rights.access_log(db.session, current_user)[:50],
        consent_form=ConsentForm(), correction=CorrectionForm(obj=current_user.profile),
        sensitive=SensitiveForm(obj=current_user.profile), erase=EraseForm(),
    )


@bp.post("/cuenta/consentimiento")
@login_required
def consent():
    form = ConsentForm()
    if not form.validate_on_submit():
        abort(400)
    purpose = ConsentPurpose(form.purpose.data)
    rights.set_consent(db.session, current_user, purpose, form.granted.data == "1")
    messages = {
        (ConsentPurpose.PROCESSING, False): _("Retiró su permiso: su perfil quedó oculto para "
                                              "todos desde ahora."),
        (ConsentPurpose.VISIBILITY, False): _("Las empresas ya no pueden ver su perfil."),
        (ConsentPurpose.SENSITIVE, False): _("Borramos sus datos sensibles."),
    }
    flash(messages.get((purpose, form.granted.data == "1"), _("Guardamos su permiso.")), "info")
    return redirect(url_for("auth.account"))


@bp.post("/cuenta/sensibles")
@login_required
def sensitive():
    form = SensitiveForm()
    if form.validate_on_submit():
        try:
            rights.save_sensitive(db.session, current_user, form.ethnic_identity.data,
                                   form.household_income_pen.data, form.health_condition.data)
        except rights.PrivacyError as error:
            flash(str(error), "error")
        else:
            flash(_("Guardamos estos datos. Puede borrarlos cuando quiera."), "info")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("auth.account"))


@bp.post("/cuenta/corregir")
@login_required
def correct():
    form = CorrectionForm()
    if form.validate_on_submit():
        rights.correct_identity(db.session, current_user,
                                 rights.Correction(form.first_name.data,
                                                    form.last_name.data or ""))
        flash(_("Corregimos sus datos."), "info")
    else:
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("auth.account"))


@bp.get("/cuenta/mis-datos.json")
@login_required
def download():
    data = rights.export_personal_data(db.session, current_user)
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="mis-datos-chamba.json"'
    return response


@bp.post("/cuenta/borrar")
@login_required
def erase():
    form = EraseForm()
    if form.validate_on_submit() and verify_password(current_user.password_hash,
                                                     form.password.data):
        rights.erase_account(db.session, current_user)
        logout_user()
        session.clear()
        flash(_("Borramos sus datos personales de Chamba."), "info")
        return redirect(url_for("main.index"))
    flash(_("No borramos nada: confirme con su contraseña y marque la casilla."), "error")
    return redirect(url_for("auth.account"))
