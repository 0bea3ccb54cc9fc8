"""Sign-in, sign-out, sign-up and password change."""

from __future__ import annotations

import time
from datetime import date

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
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, logout_user

from models import ConsentPurpose, Role, Sector

from .. import ratelimit as throttle
from ..backup import retention_days
from ..extensions import db, login_manager
from ..forms import choose_district
from ..services import accounts, mfa
from ..services import download as data_access
from ..services import privacy as rights
from ..services.passwords import verify_password
from . import bp
from .decorators import safe_next
from .forms import (
    ChoosePersonForm,
    ConsentForm,
    ContactForm,
    CorrectionForm,
    EmployerSignupForm,
    EraseForm,
    LoginForm,
    PasswordChangeForm,
    RedeemCodeForm,
    YouthSignupForm,
)
from .guard import end_this_session, load_signed_in_user, start_session

HOMES = {
    Role.YOUTH: "youth.home",
    Role.EMPLOYER: "employers.home",
    Role.COUNSELOR: "counselors.home",
    Role.ADMIN: "admin.home",
}


@login_manager.user_loader
def load_user(session_id: str):
    return load_signed_in_user(session_id)


login_manager.login_view = "auth.login"
# Lazy, and made a string when flashed: the session keeps plain text, in the page's language.
login_manager.login_message = _l("Hace falta ingresar para ver esta página.")
login_manager.localize_callback = str
login_manager.login_message_category = "warning"


@bp.get("/inicio")
@login_required
def home():
    return redirect(url_for(HOMES[current_user.role]))


@bp.route("/ingresar", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = LoginForm()
    if form.validate_on_submit():
        identifier = form.identifier.data
        account_id = accounts.find_user_id(db.session, identifier)
        # The counters use a connection of their own: give this one back first, so that a
        # burst of requests never holds two connections each (and exhausts the pool).
        db.session.rollback()
        # Counted before the password is hashed, in one atomic step (ratelimit.py).
        attempt = throttle.begin_attempt("login", identifier, account_id)
        if attempt.denied:
            abort(429)
        matched = accounts.password_matches(db.session, identifier, form.password.data)
        if not matched:
            db.session.rollback()
            throttle.attempt_failed("login", attempt)
            flash(_("Los datos para entrar o la contraseña no coinciden. Conviene revisarlos "
                    "e intentar otra vez."), "error")
        else:
            throttle.attempt_succeeded("login", attempt, matched[0].id)
            target = safe_next(request.args.get("next"))
            if len(matched) > 1:
                # Siblings on one phone with the same password: ask which of them it is.
                db.session.commit()
                session[CHOOSING] = {"ids": [u.id for u in matched], "next": target,
                                     "remember": form.remember.data,
                                     "until": int(time.time()) + CHOOSING_SECONDS}
                return redirect(url_for("auth.choose_person"))
            return _finish_sign_in(accounts.signed_in(db.session, matched[0]), target,
                                   form.remember.data)
    return render_template("auth/login.html", form=form)


CHOOSING = "choosing_person"
CHOOSING_SECONDS = 300


def _finish_sign_in(user, target: str | None, remember: bool):
    if mfa.required(user):
        from .security_views import begin_second_factor

        return begin_second_factor(user, target)
    start_session(user, remember=remember)
    return redirect(target or url_for("auth.home"))


@bp.route("/ingresar/quien", methods=["GET", "POST"])
def choose_person():
    """After a password that fits more than one sibling on a shared phone: which one."""
    pending = session.get(CHOOSING)
    if current_user.is_authenticated or not pending or pending["until"] < time.time():
        session.pop(CHOOSING, None)
        return redirect(url_for("auth.login"))
    form = ChoosePersonForm()
    form.person.choices = accounts.person_choices(db.session, pending["ids"])
    if form.validate_on_submit():
        try:
            user = accounts.choose_person(db.session, pending["ids"], form.person.data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            session.pop(CHOOSING, None)
            return _finish_sign_in(user, pending["next"], pending["remember"])
    return render_template("auth/choose_person.html", form=form)


@bp.post("/salir")
@login_required
def logout():
    user_id = current_user.id
    end_this_session()
    accounts.end_all_sessions(db.session, current_user)
    logout_user()
    session.clear()
    throttle.security_log.info("session end user=%d", user_id)
    # A page, not a redirect: the browser drops its cookies, cache and storage for this site
    # on reading the answer, so a flashed message would not survive the next request.
    response = current_app.make_response(render_template("auth/signed_out.html"))
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.route("/registro", methods=["GET", "POST"])
def signup_youth():
    form = YouthSignupForm()
    if form.validate_on_submit():
        if not throttle.count_address("signup", "SIGNUP_LIMIT_ADDRESS"):
            abort(429)
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
            start_session(user)
            flash(_("¡Te damos la bienvenida a Chamba! Ahora cuéntanos qué sabes hacer."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/signup_youth.html", form=form,
                           notice_version=accounts.NOTICE_VERSION)


@bp.route("/registro/empresa", methods=["GET", "POST"])
def signup_employer():
    form = EmployerSignupForm()
    choose_district(form.district, db.session, placeholder=_("Elija…"))
    if form.validate_on_submit():
        if not throttle.count_address("signup", "SIGNUP_LIMIT_ADDRESS"):
            abort(429)
        data = accounts.EmployerSignup(
            business_name=form.business_name.data, ruc=form.ruc.data or None,
            district_code=form.district.data, sector=Sector(form.sector.data),
            contact_name=form.contact_name.data,
            contact_phone=accounts.normalise_phone(form.contact_phone.data or ""),
            email=(form.email.data or "").lower() or None, password=form.password.data,
        )
        try:
            user = accounts.register_employer(db.session, data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            start_session(user)
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
            start_session(current_user._get_current_object())
            flash(_("Contraseña cambiada. Cerramos las otras sesiones de esta cuenta."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/password.html", form=form)


@bp.get("/privacidad")
def privacy():
    return render_template("auth/privacy.html", notice_version=accounts.NOTICE_VERSION)


@bp.route("/cuenta/activar", methods=["GET", "POST"])
def redeem_code():
    form = RedeemCodeForm()
    if form.validate_on_submit():
        attempt = throttle.begin_attempt("code", form.identifier.data)
        if attempt.denied:
            abort(429)
        try:
            user = accounts.redeem_setup_code(db.session, form.identifier.data, form.code.data,
                                              form.password.data)
        except accounts.AccountError as error:
            db.session.rollback()
            throttle.attempt_failed("code", attempt)
            flash(str(error), "error")
        else:
            throttle.attempt_succeeded("code", attempt, user.id)
            if mfa.required(user):
                from .security_views import begin_second_factor

                return begin_second_factor(user, None)
            start_session(user)
            flash(_("Listo: la cuenta ya tiene su propia contraseña."), "info")
            return redirect(url_for("auth.home"))
    return render_template("auth/redeem.html", form=form)


@bp.get("/cuenta")
@login_required
def account():
    return _account_page()


def _account_page(correction: CorrectionForm | None = None, contact: ContactForm | None = None):
    """The account page; a form refused on it comes back as typed, its messages beside it.

    The other forms start from the saved values (``formdata=None``: the posted fields belong
    to the refused form only, and no password is ever written back)."""
    page = rights.account_page(db.session, current_user)
    return render_template(
        "auth/account.html", consents=page.consents, log=page.log,
        consent_form=ConsentForm(formdata=None),
        correction=correction or CorrectionForm(formdata=None, obj=current_user.profile),
        contact=contact or ContactForm(formdata=None, phone=current_user.phone,
                                       email=current_user.email),
        erase=EraseForm(formdata=None),
    )


@bp.post("/cuenta/consentimiento")
@login_required
def consent():
    # These permissions are a young person's: her data used to find her work, her profile
    # shown to businesses. Other accounts have none to give or withdraw here.
    if current_user.role != Role.YOUTH:
        abort(404)
    form = ConsentForm()
    if not form.validate_on_submit():
        abort(400)
    purpose = ConsentPurpose(form.purpose.data)
    rights.set_consent(db.session, current_user, purpose, form.granted.data == "1")
    messages = {
        (ConsentPurpose.PROCESSING, False): _("Retiraste tu permiso: tu perfil quedó oculto para "
                                              "todos desde ahora."),
        (ConsentPurpose.VISIBILITY, False): _("Las empresas ya no pueden ver tu perfil."),
    }
    flash(messages.get((purpose, form.granted.data == "1"), _("Guardamos tu permiso.")), "info")
    return redirect(url_for("auth.account"))


@bp.post("/cuenta/corregir")
@login_required
def correct():
    form = CorrectionForm()
    if not form.validate_on_submit():
        return _account_page(correction=form)
    rights.correct_identity(db.session, current_user,
                             rights.Correction(form.first_name.data, form.last_name.data or ""))
    flash(_("Corregimos tus datos."), "info")
    return redirect(url_for("auth.account"))


@bp.get("/cuenta/mis-datos")
@login_required
def my_data():
    return render_template("auth/my_data.html", now_day=date.today(),
                           data=data_access.personal_data(db.session, current_user))


@bp.post("/cuenta/contacto")
@login_required
def change_contact():
    form = ContactForm()
    if not form.validate_on_submit():
        return _account_page(contact=form)
    try:
        accounts.change_contact(db.session, current_user._get_current_object(),
                                form.phone.data, form.email.data, form.password.data)
    except accounts.AccountError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _account_page(contact=form)
    flash(_("Guardamos el celular y el correo. Desde ahora se ingresa con ellos."), "info")
    return redirect(url_for("auth.account") + "#contacto")


@bp.get("/cuenta/mis-datos.json")
@login_required
def download():
    data = data_access.export_personal_data(db.session, current_user)
    response = jsonify(data)
    response.headers["Content-Disposition"] = 'attachment; filename="mis-datos-chamba.json"'
    return response


@bp.post("/cuenta/borrar")
@login_required
def erase():
    form = EraseForm()
    if form.validate_on_submit() and verify_password(current_user.password_hash,
                                                     form.password.data):
        user = current_user._get_current_object()
        rights.erase_account(db.session, user)
        logout_user()
        session.clear()
        flash(_("Borramos los datos personales de esta cuenta. Las copias de seguridad los "
                "guardan hasta %(days)d días más y después se borran solas.",
                days=retention_days()), "info")
        return redirect(url_for("main.index"))
    flash(_("No se borró nada: hace falta la contraseña y marcar la casilla."), "error")
    return redirect(url_for("auth.account"))
