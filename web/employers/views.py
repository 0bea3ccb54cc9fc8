"""The employer's own pages: vacancies from draft to filled, and the people who applied."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from models import Role, Stage, VacancyStatus

from ..auth.decorators import require_role
from ..extensions import db
from ..forms import flash_unseen_errors, show_refusal
from ..labels import STAGE_DONE
from ..services import applications, dashboards, vacancies
from . import bp
from .forms import CdeRequestForm, StageForm, VacancyForm


@bp.before_request
@login_required
def only_employers():
    require_role(Role.EMPLOYER)
    if current_user.employer is None:
        abort(404)


@bp.get("/")
def home():
    page = dashboards.employer_home(db.session, current_user)
    return render_template("employers/home.html", employer=current_user.employer,
                           rows=page.rows, notices=page.notices)


def _vacancy_form(vacancy_id: int | None = None):
    """Show, refresh or save the vacancy form; the buttons other than 'save' only re-draw it.

    Searching for an occupation or a skill is a normal form submit, so it works with
    JavaScript off: the page comes back with what was typed and the matches to pick.
    """
    vacancy = vacancies.own_vacancy_or_none(db.session, current_user, vacancy_id)
    form = VacancyForm()
    if vacancy is not None and request.method == "GET":
        form.fill_from(vacancy)
    action = request.form.get("action", "save") if request.method == "POST" else None
    picked = request.form.get("pick_occupation")
    found = vacancies.form_choices(
        db.session, action=action, picked=picked, occupation_code=form.occupation.data,
        occupation_query=form.occupation_query.data or "",
        skill_query=form.skill_query.data or "",
        skill_codes=[*(form.required_skills.data or ()), *(form.desired_skills.data or ())])
    if found.chosen_code:
        form.occupation.data = found.chosen_code
        form.occupation_query.data = ""
    form.set_choices(found.occupations, found.districts, found.skill_pool)
    if vacancy is None and request.method == "GET":
        form.district.data = current_user.employer.district_code

    if picked or action in ("search_occupation", "search_skill", "refresh"):
        searched = form.skill_query.data if action == "search_skill" else None
        if searched is not None:
            form.skill_query.data = ""
        return _render_form(form, vacancy, found, searched)

    if action == "save" and form.validate_on_submit():
        try:
            saved = vacancies.save_vacancy(db.session, current_user.employer, vacancy,
                                           form.to_data())
        except vacancies.VacancyError as error:
            show_refusal(form, error)
        else:
            for warning in saved.warnings:
                flash(warning, "warning")
            flash(_("Guardamos la oferta «%(title)s».", title=saved.vacancy.title), "info")
            return redirect(url_for("employers.vacancy", vacancy_id=saved.vacancy.id))
    return _render_form(form, vacancy, found, None)


def _render_form(form, vacancy, found, searched):
    return render_template("employers/vacancy_form.html", form=form, vacancy=vacancy,
                           occupation=found.occupation, occupation_hits=found.occupation_hits,
                           skill_hits=found.skill_hits, searched=searched,
                           occupation_searched=request.form.get("action") == "search_occupation"
                           and bool(request.form.get("occupation_query", "").strip()))


@bp.route("/ofertas/nueva", methods=["GET", "POST"])
def new_vacancy():
    return _vacancy_form()


@bp.route("/ofertas/<int:vacancy_id>/editar", methods=["GET", "POST"])
def edit_vacancy(vacancy_id: int):
    return _vacancy_form(vacancy_id)


@bp.get("/ofertas/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    found = vacancies.get_vacancy_for(db.session, current_user, vacancy_id)
    return render_template("employers/vacancy.html", vacancy=found, cde_form=CdeRequestForm(),
                           employer=current_user.employer,
                           next_statuses=vacancies.STATUS_TRANSITIONS[found.status],
                           statuses=VacancyStatus)


@bp.post("/ofertas/<int:vacancy_id>/estado")
def change_status(vacancy_id: int):
    try:
        status = VacancyStatus(request.form.get("status", ""))
    except ValueError:
        abort(400)
    try:
        vacancies.change_status(db.session, current_user, vacancy_id, status)
    except vacancies.VacancyError as error:
        flash(str(error), "error")
    else:
        done = {VacancyStatus.OPEN: _("Publicamos la oferta. Ya la pueden ver los jóvenes y el "
                                      "CDE."),
                VacancyStatus.CLOSED: _("Cerramos la oferta: ya no recibe postulaciones."),
                VacancyStatus.FILLED: _("Marcamos la oferta como cubierta. ¡Gracias por "
                                        "contratar!")}
        flash(done[status], "info")
    return redirect(url_for("employers.vacancy", vacancy_id=vacancy_id))


@bp.post("/ofertas/<int:vacancy_id>/duplicar")
def duplicate_vacancy(vacancy_id: int):
    try:
        copy = vacancies.duplicate_vacancy(db.session, current_user, vacancy_id)
    except vacancies.VacancyError as error:
        flash(str(error), "error")
        return redirect(url_for("employers.vacancy", vacancy_id=vacancy_id))
    flash(_("Copiamos la oferta como borrador. Revise los meses, el pago y ponga una fecha de "
            "cierre antes de publicarla."), "info")
    return redirect(url_for("employers.edit_vacancy", vacancy_id=copy.id))


@bp.post("/ofertas/<int:vacancy_id>/pedir-candidatos")
def ask_cde(vacancy_id: int):
    """'Pedir candidatos al CDE': a notice to each counselor of the vacancy's territory."""
    form = CdeRequestForm()
    if form.validate_on_submit():
        try:
            vacancies.ask_cde_for_candidates(db.session, current_user, vacancy_id,
                                             form.note.data or "")
        except vacancies.VacancyError as error:
            flash(str(error), "error")
        else:
            flash(_("Listo: avisamos al CDE que busca candidatos para esta oferta. Le "
                    "propondrán personas en Chamba o lo llamarán."), "info")
    else:
        vacancies.get_vacancy_for(db.session, current_user, vacancy_id)  # not theirs: 404
        for errors in form.errors.values():
            for message in errors:
                flash(message, "error")
    return redirect(url_for("employers.vacancy", vacancy_id=vacancy_id))


@bp.get("/ofertas/<int:vacancy_id>/postulantes")
def applicants(vacancy_id: int):
    """Who applied or was proposed, best fit first, each with the score and why."""
    page = applications.applicants_page(db.session, current_user, vacancy_id)
    return render_template("employers/applicants.html", vacancy=page.vacancy,
                           employer=current_user.employer, rows=page.rows)


@bp.get("/ofertas/<int:vacancy_id>/candidatos")
def candidates(vacancy_id: int):
    """Ranked people who chose to be visible; contact details only through an application."""
    page = applications.candidates_for_employer(db.session, current_user, vacancy_id)
    return render_template("employers/candidates.html", vacancy=page.vacancy,
                           employer=current_user.employer, ranked=page.ranked,
                           cases=page.cases)


@bp.get("/ofertas/<int:vacancy_id>/postulantes/<int:application_id>")
def applicant(vacancy_id: int, application_id: int):
    return _applicant_page(vacancy_id, application_id)


def _applicant_page(vacancy_id: int, application_id: int, form: StageForm | None = None):
    """The applicant's page; a refused stage change comes back as typed (reason, note)."""
    page = applications.applicant_page(db.session, current_user, vacancy_id, application_id)
    return render_template("employers/applicant.html", vacancy=page.case.vacancy,
                           case=page.case, profile=page.case.profile,
                           form=form or StageForm(formdata=None),
                           page=page, required_ids=page.required_ids,
                           next_stages=page.next_stages, not_hired=Stage.NOT_HIRED,
                           hired=Stage.HIRED, history=page.history,
                           shared_notes=page.notes)


@bp.get("/ofertas/<int:vacancy_id>/postulantes/<int:application_id>/contratar")
def confirm_hire(vacancy_id: int, application_id: int):
    """The step before a hire: say who, for what, and what follows; a form, so no JavaScript."""
    case = applications.find_applicant(db.session, current_user, vacancy_id, application_id)
    return render_template("employers/confirm_hire.html", case=case, vacancy=case.vacancy,
                           profile=case.profile, hired=Stage.HIRED,
                           closed=(Stage.NOT_HIRED, Stage.WITHDRAWN),
                           may_hire=Stage.HIRED in applications.next_stages(case, current_user))


@bp.post("/ofertas/<int:vacancy_id>/postulantes/<int:application_id>/etapa")
def move_applicant(vacancy_id: int, application_id: int):
    case = applications.find_applicant(db.session, current_user, vacancy_id, application_id)
    found = case.vacancy
    form = StageForm()
    if form.validate_on_submit():
        if form.unconfirmed_hire():
            # A hire schedules follow-ups and tells her she got the job: asked once more.
            return redirect(url_for("employers.confirm_hire", vacancy_id=found.id,
                                    application_id=case.id))
        try:
            applications.move_application(db.session, current_user, case, form.to_stage.data,
                                          reason=form.reason.data or None, note=form.note.data)
        except applications.StageError as error:
            show_refusal(form, error)
        else:
            name = case.profile.first_name
            done = STAGE_DONE.get(case.stage) or _l("Listo: guardamos el cambio de %(name)s.")
            flash(" ".join([done % {"name": name},
                            _("Se lo avisamos a %(name)s en Chamba.", name=name)]), "info")
            return redirect(url_for("employers.applicant", vacancy_id=found.id,
                                    application_id=case.id))
    else:
        # The reason and the note show their messages beside them; the hidden fields cannot.
        flash_unseen_errors(form, "csrf_token", "to_stage", "confirmed")
    # The page again, not a redirect: what was typed for the CDE is not lost.
    return _applicant_page(found.id, case.id, form)
