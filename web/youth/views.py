"""The youth's own pages: the profile builder, the CV, finding work and following applications."""

from __future__ import annotations

from flask import (
    Response,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from models import ExperienceKind, Role, Sex

from ..auth.decorators import require_role
from ..extensions import db
from ..forms import choose_district, district_select
from ..labels import STEP_LABELS
from ..services import cv as cv_service
from ..services import dashboards, jobs, privacy, profiles, taxonomy
from ..templating import term
from . import bp
from .forms import (
    AboutForm,
    ApplyForm,
    AvailabilityForm,
    BusinessForm,
    CodeForm,
    ConfirmForm,
    DistrictForm,
    DocumentsForm,
    EducationForm,
    ExperienceForm,
    LanguagesForm,
    PersonalForm,
    SearchForm,
    TrainingsForm,
    TravelForm,
    VacancySearchForm,
)

# Each step of the profile builder: its endpoint and its name for the person.
STEP_ENDPOINTS = {
    "distrito": "youth.district", "datos": "youth.personal", "idiomas": "youth.languages",
    "estudios": "youth.education", "experiencia": "youth.experience",
    "habilidades": "youth.skills", "capacitaciones": "youth.trainings",
    "ocupaciones": "youth.occupations", "disponibilidad": "youth.availability",
    "traslado": "youth.travel", "emprendimiento": "youth.business",
    "documentos": "youth.documents", "sobre-mi": "youth.about",
}
@bp.before_request
@login_required
def only_youth():
    require_role(Role.YOUTH)


@bp.after_request
def no_store(response: Response) -> Response:
    # Phones are shared: nothing personal stays in the browser's cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _me() -> int:
    return current_user.id


def _step_info(slug: str) -> dict:
    number = profiles.STEPS.index(slug) + 1
    following = profiles.next_step_after(slug)
    return {
        "slug": slug, "label": STEP_LABELS[slug], "number": number,
        "total": len(profiles.STEPS), "optional": slug in profiles.OPTIONAL_STEPS,
        "next_url": url_for(STEP_ENDPOINTS[following]) if following else url_for(
            "youth.profile"),
        "next_label": STEP_LABELS[following] if following else None,
    }


def _after_saving(slug: str):
    flash(_("Guardamos tus datos."), "info")
    return redirect(_step_info(slug)["next_url"])


def _initial(read) -> dict:
    """A step's fields as the profile holds them, for a first view; nothing on a post, where
    the form reads what was sent and the save is the request's one service call."""
    if request.method == "POST":
        return {}
    return read(profiles.own_profile(db.session, _me()))


def _save_step(slug: str, form, save, template: str = "youth/step.html", **context):
    """Validate ``form``; on success run ``save`` (one service call) and go to the next step."""
    if form.validate_on_submit():
        try:
            save()
        except profiles.ProfileError as error:
            flash(str(error), "error")
        else:
            return _after_saving(slug)
    return render_template(template, form=form, step=_step_info(slug), **context)


def _meter_context(meter: profiles.Meter) -> dict:
    """The progress meter as the templates show it: each step with its link."""
    profile, state = meter.profile, meter.state
    return {
        "profile": profile, "state": state,
        "steps": [{"slug": s, "label": STEP_LABELS[s], "url": url_for(STEP_ENDPOINTS[s]),
                   "done": state.done[s], "optional": s in profiles.OPTIONAL_STEPS}
                  for s in profiles.STEPS],
        "next_url": url_for(STEP_ENDPOINTS[state.next_step]) if state.next_step else None,
        "next_label": STEP_LABELS[state.next_step] if state.next_step else None,
        "to_complete": [{"label": STEP_LABELS[s], "url": url_for(STEP_ENDPOINTS[s])}
                        for s in state.to_complete],
    }


# --- landing and profile overview -----------------------------------------------------------

@bp.get("/")
def home():
    page = dashboards.youth_home(db.session, current_user)
    return render_template("youth/home.html", recent=page.recent, for_you=page.for_you,
                           notices=page.notices, **_meter_context(page.meter))


@bp.get("/para-ti")
def for_you():
    """Open vacancies that fit the person best, why, and the skills that would open more."""
    page = dashboards.for_you(db.session, current_user)
    return render_template("youth/for_you.html", for_you=page.vacancies, gaps=page.gaps)


@bp.get("/perfil")
def profile():
    return render_template("youth/profile.html",
                           **_meter_context(profiles.meter(db.session, _me())))


# --- the steps ------------------------------------------------------------------------------

@bp.route("/perfil/distrito", methods=["GET", "POST"])
def district():
    form = DistrictForm(**_initial(lambda p: {"district": p.district_code}))
    choose_district(form.district, db.session, placeholder=_("Elige tu distrito"))
    return _save_step("distrito", form, lambda: profiles.set_district(
        db.session, _me(), form.district.data))


@bp.route("/perfil/datos", methods=["GET", "POST"])
def personal():
    form = PersonalForm(**_initial(lambda p: {
        "birth_date": p.birth_date, "sex": p.sex.value if p.sex else ""}))
    guardian = (privacy.Guardian(form.guardian_name.data, form.guardian_relation.data or "")
                if form.guardian_name.data else None)
    return _save_step("datos", form, lambda: profiles.set_personal(
        db.session, _me(), form.birth_date.data, Sex(form.sex.data) if form.sex.data else None,
        guardian=guardian))


@bp.route("/perfil/idiomas", methods=["GET", "POST"])
def languages():
    form = LanguagesForm(data=_initial(lambda p: {
        cl.language.value: cl.level.value for cl in p.languages}))
    return _save_step("idiomas", form, lambda: profiles.set_languages(
        db.session, _me(), form.levels()))


@bp.route("/perfil/estudios", methods=["GET", "POST"])
def education():
    form = EducationForm(**_initial(lambda p: {
        "education": None if p.education is None else str(p.education)}))
    return _save_step("estudios", form, lambda: profiles.set_education(
        db.session, _me(), int(form.education.data)))


@bp.route("/perfil/experiencia", methods=["GET", "POST"])
def experience():
    profile = profiles.own_profile(db.session, _me())
    form = ExperienceForm()
    if form.validate_on_submit():
        try:
            profiles.add_experience(db.session, _me(), form.title.data,
                                    ExperienceKind(form.kind.data), form.months.data,
                                    form.description.data or "")
        except profiles.ProfileError as error:
            flash(str(error), "error")
        else:
            flash(_("Agregamos tu experiencia. ¿Tienes otra? Agrégala también."), "info")
            return redirect(url_for("youth.experience"))
    return render_template("youth/experience.html", form=form, profile=profile,
                           step=_step_info("experiencia"), confirm=ConfirmForm())


@bp.post("/perfil/experiencia/<int:experience_id>/quitar")
def remove_experience(experience_id: int):
    if ConfirmForm().validate_on_submit():
        profiles.remove_experience(db.session, _me(), experience_id)
        flash(_("Quitamos esa experiencia."), "info")
    return redirect(url_for("youth.experience"))


def _picker(slug: str, search, chosen: list, add_endpoint: str, remove_endpoint: str,
            suggest_endpoint: str, suggested=()):
    """The skill and occupation pages: what is chosen, and a search with 'Agregar' buttons."""
    form = SearchForm(request.args)
    results = []
    if form.q.data and form.validate():
        results = search(form.q.data)
    return render_template("youth/picker.html", form=form, results=results, chosen=chosen,
                           have={code for code, _label in chosen}, suggested=suggested,
                           step=_step_info(slug), code_form=CodeForm(),
                           add_url=url_for(add_endpoint), remove_url=url_for(remove_endpoint),
                           suggest_url=url_for(suggest_endpoint))


def _code_action(action, back_endpoint: str, done_message: str):
    form = CodeForm()
    if form.validate_on_submit():
        try:
            action(form.code.data)
        except profiles.ProfileError as error:
            flash(str(error), "error")
        else:
            flash(done_message, "info")
    else:
        flash(_("Elige una opción de la lista."), "error")
    query = (request.form.get("q") or "")[:60]
    return redirect(url_for(back_endpoint, q=query) if query else url_for(back_endpoint))


@bp.get("/perfil/habilidades")
def skills():
    profile = profiles.own_profile(db.session, _me())
    chosen = [(s.code, term(s)) for s in profile.skills]
    near = profile.district_code
    return _picker("habilidades", lambda q: profiles.search_skills(db.session, q, near=near),
                   chosen, "youth.add_skill", "youth.remove_skill", "youth.skill_suggestions",
                   taxonomy.skills_asked_near(db.session, near, {c for c, _l in chosen}))


def _suggestions(hits, have: set[str]):
    return jsonify(results=[{"code": h.code, "label": h.label, "also": h.matched,
                             "have": h.code in have} for h in hits])


@bp.get("/perfil/habilidades/sugerencias")
def skill_suggestions():
    profile = profiles.own_profile(db.session, _me())
    query = (request.args.get("q") or "")[:60]
    return _suggestions(profiles.search_skills(db.session, query, limit=8,
                                               near=profile.district_code),
                        {s.code for s in profile.skills})


@bp.post("/perfil/habilidades/agregar")
def add_skill():
    return _code_action(lambda code: profiles.add_skill(db.session, _me(), code),
                        "youth.skills", _("Agregamos la habilidad."))


@bp.post("/perfil/habilidades/quitar")
def remove_skill():
    return _code_action(lambda code: profiles.remove_skill(db.session, _me(), code),
                        "youth.skills", _("Quitamos la habilidad."))


@bp.get("/perfil/ocupaciones")
def occupations():
    profile = profiles.own_profile(db.session, _me())
    sex = profile.sex.value if profile.sex else None
    chosen = [(o.code, term(o, sex)) for o in profile.desired_occupations]
    return _picker("ocupaciones", lambda q: profiles.search_occupations(db.session, q, sex),
                   chosen, "youth.add_occupation", "youth.remove_occupation",
                   "youth.occupation_suggestions")


@bp.get("/perfil/ocupaciones/sugerencias")
def occupation_suggestions():
    profile = profiles.own_profile(db.session, _me())
    query = (request.args.get("q") or "")[:60]
    hits = profiles.search_occupations(db.session, query,
                                       profile.sex.value if profile.sex else None, limit=8)
    return _suggestions(hits, {o.code for o in profile.desired_occupations})


@bp.post("/perfil/ocupaciones/agregar")
def add_occupation():
    return _code_action(lambda code: profiles.add_occupation(db.session, _me(), code),
                        "youth.occupations", _("Agregamos el trabajo que buscas."))


@bp.post("/perfil/ocupaciones/quitar")
def remove_occupation():
    return _code_action(lambda code: profiles.remove_occupation(db.session, _me(), code),
                        "youth.occupations", _("Lo quitamos de tu lista."))


@bp.route("/perfil/capacitaciones", methods=["GET", "POST"])
def trainings():
    profile = profiles.own_profile(db.session, _me())
    offered = profiles.trainings_for(db.session, profile)
    form = TrainingsForm(trainings=[t.id for t, done in offered if done])
    form.trainings.choices = [SelectChoice(t.id, t.title) for t, _done in offered]
    return _save_step("capacitaciones", form, lambda: profiles.set_trainings(
        db.session, _me(), set(form.trainings.data)), "youth/trainings.html",
        offered={t.id: t for t, _done in offered})


@bp.route("/perfil/disponibilidad", methods=["GET", "POST"])
def availability():
    form = AvailabilityForm(**_initial(lambda p: {
        "months": sorted(p.available_months), "day_parts": profiles.day_parts_of(p.day_parts)}))
    return _save_step("disponibilidad", form, lambda: profiles.set_availability(
        db.session, _me(), set(form.months.data), set(form.day_parts.data)))


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("si" if value else "no")


@bp.route("/perfil/traslado", methods=["GET", "POST"])
def travel():
    form = TravelForm(**_initial(lambda p: {
        "max_travel_km": p.max_travel_km, "relocate": _yes_no(p.willing_to_relocate)}))
    return _save_step("traslado", form, lambda: profiles.set_travel(
        db.session, _me(), form.max_travel_km.data,
        None if not form.relocate.data else form.relocate.data == "si"))


@bp.route("/perfil/emprendimiento", methods=["GET", "POST"])
def business():
    form = BusinessForm(**_initial(lambda p: {
        "interested": _yes_no(p.entrepreneurship_interest)}))
    return _save_step("emprendimiento", form, lambda: profiles.set_entrepreneurship(
        db.session, _me(), form.interested.data == "si"))


@bp.route("/perfil/documentos", methods=["GET", "POST"])
def documents():
    form = DocumentsForm(**_initial(lambda p: {
        "dni": p.has_dni, "cul": p.has_cul, "health_card": p.has_health_card,
        "bank_account": p.has_bank_account}))
    return _save_step("documentos", form, lambda: profiles.set_documents(
        db.session, _me(), dni=form.dni.data, cul=form.cul.data,
        health_card=form.health_card.data, bank_account=form.bank_account.data))


@bp.route("/perfil/sobre-mi", methods=["GET", "POST"])
def about():
    form = AboutForm(**_initial(lambda p: {"about": p.about}))
    return _save_step("sobre-mi", form, lambda: profiles.set_about(
        db.session, _me(), form.about.data), "youth/about.html")


# --- the CV ---------------------------------------------------------------------------------

@bp.get("/cv")
def cv():
    return render_template("youth/cv.html", cv=cv_service.cv_of(db.session, _me()))


@bp.get("/cv.pdf")
def cv_pdf():
    document = cv_service.cv_of(db.session, _me())
    return Response(cv_service.render_pdf(document), mimetype="application/pdf",
                    headers={"Content-Disposition":
                             f'attachment; filename="{document.filename}"'})


# --- finding work ---------------------------------------------------------------------------

@bp.get("/ofertas")
def jobs_search():
    form = VacancySearchForm(request.args)
    page = jobs.search_page(db.session, _me(), words=form.q.data or "",
                            district=form.distrito.data or None,
                            occupation=form.ocupacion.data or None,
                            page=None if form.pagina.process_errors else form.pagina.data,
                            nearest_first=form.orden.data != "recientes")
    # The service left out what it did not know; the form says why, by each field.
    form.distrito.choices = [SelectChoice("", _("Todos los distritos")),
                             *district_select(page.districts)]
    form.ocupacion.choices = [SelectChoice("", _("Todos los trabajos")),
                              *(SelectChoice(code, term(label))
                                for code, label in page.occupations)]
    form.validate()
    return render_template("youth/jobs.html", form=form, result=page.result, args=page.applied,
                           has_district=page.has_district)


@bp.get("/ofertas/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    detail = jobs.vacancy_for_youth(db.session, _me(), vacancy_id)
    return render_template("youth/vacancy.html", detail=detail, form=ApplyForm())


@bp.post("/ofertas/<int:vacancy_id>/postular")
def apply(vacancy_id: int):
    form = ApplyForm()
    if form.validate_on_submit():
        try:
            jobs.apply(db.session, _me(), vacancy_id, form.message.data or "")
        except jobs.ApplicationError as error:
            flash(str(error), "error")
            return redirect(url_for("youth.vacancy", vacancy_id=vacancy_id))
        flash(_("¡Listo! Enviamos tu postulación. Puedes ver cómo va en «Mis postulaciones»."),
              "info")
        return redirect(url_for("youth.applications"))
    # The message was refused: the page again, with what she wrote and why.
    return render_template("youth/vacancy.html", form=form,
                           detail=jobs.vacancy_for_youth(db.session, _me(), vacancy_id))


# --- the person's applications --------------------------------------------------------------

@bp.get("/postulaciones")
def applications():
    return render_template("youth/applications.html",
                           page=jobs.applications_page(db.session, _me()),
                           withdrawable=jobs.WITHDRAWABLE, confirm=ConfirmForm())


@bp.post("/postulaciones/<int:application_id>/retirar")
def withdraw(application_id: int):
    if ConfirmForm().validate_on_submit():
        try:
            jobs.withdraw(db.session, _me(), application_id)
        except jobs.ApplicationError as error:
            flash(str(error), "error")
        else:
            flash(_("Retiramos tu postulación."), "info")
    return redirect(url_for("youth.applications"))
