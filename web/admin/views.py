"""The programme admin's overview."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from models import Role

from ..auth.decorators import require_role
from ..extensions import db
from ..forms import district_select, flash_unseen_errors, show_refusal
from ..labels import TRAVEL_MODE_LABELS
from ..services import courses, dashboards, indicators, reference, staff, taxonomy_admin
from ..services import districts as district_service
from ..templating import term as in_page_words
from . import bp
from .forms import (
    ConfirmForm,
    CounselorForm,
    CourseForm,
    DistrictForm,
    LegForm,
    MoveCounselorForm,
    TermForm,
)


@bp.before_request
@login_required
def only_admins():
    require_role(Role.ADMIN)


@bp.get("/")
def home():
    return render_template("admin/home.html",
                           figures=dashboards.programme_overview(db.session))


def _kind(slug: str) -> taxonomy_admin.TermKind:
    if slug not in taxonomy_admin.KINDS:
        abort(404)
    return taxonomy_admin.KINDS[slug]


@bp.get("/taxonomia/<slug>")
def terms(slug: str):
    kind = _kind(slug)
    query = request.args.get("q", "")
    rows, page, pages = taxonomy_admin.list_terms(db.session, kind, query,
                                                  request.args.get("pagina", 1, type=int))
    return render_template("admin/terms.html", slug=slug, kind=kind, rows=rows, page=page,
                           pages=pages, query=query)


@bp.route("/taxonomia/<slug>/nueva", methods=["GET", "POST"], defaults={"term_id": None})
@bp.route("/taxonomia/<slug>/<int:term_id>", methods=["GET", "POST"])
def term(slug: str, term_id: int | None):
    kind = _kind(slug)
    entry = taxonomy_admin.get_term(db.session, kind, term_id)
    form = TermForm(obj=entry)
    linking = kind is taxonomy_admin.SKILL
    if linking:
        occupations, trainings = taxonomy_admin.link_choices(db.session)
        form.occupations.choices = [SelectChoice(i, label) for i, label in occupations]
        form.courses.choices = [SelectChoice(i, label) for i, label in trainings]
        if request.method == "GET":
            form.links.data = "1"
    if entry is not None and (request.method == "GET" or not isinstance(form.synonyms.data, str)):
        # On a POST without the box (a tampered form) the data would be the term's synonym
        # rows, not text: read them as text, unchanged.
        form.synonyms.data = "\n".join(s.term for s in entry.synonyms)
    if request.method == "GET" and entry is not None:
        if linking:
            form.occupations.data, form.courses.data = taxonomy_admin.linked_ids(db.session,
                                                                                 entry.id)
    if form.validate_on_submit():
        linked = linking and form.links.data == "1"
        edit = taxonomy_admin.TermEdit(
            label_es=form.label_es.data, label_en=form.label_en.data,
            synonyms=taxonomy_admin.parse_synonyms(form.synonyms.data),
            esco_uri=form.esco_uri.data or None, is_active=form.is_active.data,
            label_es_f=form.label_es_f.data or None,
            occupation_ids=list(form.occupations.data or ()) if linked else None,
            training_ids=list(form.courses.data or ()) if linked else None)
        try:
            saved = taxonomy_admin.save_term(db.session, kind, term_id, edit)
        except taxonomy_admin.TaxonomyError as error:
            flash(str(error), "error")
        else:
            flash(_("Guardado: %(code)s.", code=saved.code), "info")
            return redirect(url_for("admin.terms", slug=slug, q=saved.code))
    return render_template("admin/term.html", slug=slug, kind=kind, entry=entry, form=form,
                           linking=linking)


# --- counselors ----------------------------------------------------------------------------------

def _territory_choices(form_field, blank: bool = False) -> None:
    rows = [SelectChoice(str(t.id), t.name) for t in staff.territories(db.session)]
    form_field.choices = ([SelectChoice("", _("Ninguno"))] if blank else []) + rows


@bp.route("/consejeria", methods=["GET", "POST"])
def counselors():
    form = CounselorForm()
    _territory_choices(form.territory)
    if form.validate_on_submit():
        try:
            user, code = staff.create_counselor(db.session, current_user,
                                                form.display_name.data, form.email.data,
                                                form.territory.data)
        except staff.StaffError as error:
            flash(str(error), "error")
        else:
            return render_template("admin/counselor_code.html", user=user, code=code, new=True)
    return render_template("admin/counselors.html", rows=staff.list_counselors(db.session),
                           form=form, confirm=ConfirmForm())


@bp.route("/consejeria/<int:user_id>", methods=["GET", "POST"])
def counselor(user_id: int):
    user = staff.get_counselor(db.session, user_id)
    form = MoveCounselorForm()
    _territory_choices(form.territory)
    if form.validate_on_submit():
        try:
            staff.move(db.session, current_user, user_id, form.territory.data)
        except staff.StaffError as error:
            flash(str(error), "error")
        else:
            flash(_("%(name)s ahora trabaja en %(place)s. Sus casos anteriores siguen en el "
                    "territorio de antes.", name=user.display_name, place=user.territory.name),
                  "info")
            return redirect(url_for("admin.counselors"))
    return render_template("admin/counselor.html", user=user, form=form, confirm=ConfirmForm())


@bp.post("/consejeria/<int:user_id>/<action>")
def counselor_action(user_id: int, action: str):
    actions = {"desactivar": staff.deactivate, "reactivar": staff.reactivate,
               "codigo": staff.new_code}
    if action not in actions:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        done = actions[action](db.session, current_user, user_id)
    except staff.StaffError as error:
        flash(str(error), "error")
        return redirect(url_for("admin.counselor", user_id=user_id))
    if action == "codigo":
        user, code = done
        return render_template("admin/counselor_code.html", user=user, code=code, new=False)
    flash(_("Cuenta desactivada: ya no puede ingresar y sus sesiones se cerraron.")
          if action == "desactivar" else _("Cuenta reactivada."), "info")
    return redirect(url_for("admin.counselors"))


# --- courses -------------------------------------------------------------------------------------

@bp.route("/cursos/nuevo", methods=["GET", "POST"], defaults={"course_id": None})
@bp.route("/cursos/<int:course_id>/editar", methods=["GET", "POST"])
def course(course_id: int | None):
    entry = (courses.get_course_for(db.session, current_user, course_id)
             if course_id is not None else None)
    form = CourseForm(obj=entry)
    _territory_choices(form.territory)
    form.skills.choices = [SelectChoice(i, in_page_words(label)) for i, label in
                           courses.skill_choices(db.session)]
    if request.method == "GET" and entry is not None:
        form.skills.data = [s.id for s in entry.skills]
        form.territory.data = entry.territory_id
    if form.validate_on_submit():
        edit = courses.CourseEdit(
            title=form.title.data, description=form.description.data or "",
            skill_ids=list(form.skills.data or ()), territory_id=form.territory.data,
            hours=form.hours.data, starts_on=form.starts_on.data, ends_on=form.ends_on.data,
            place=form.place.data or "", capacity=form.capacity.data)
        try:
            saved = courses.save_course(db.session, current_user, course_id, edit)
        except courses.CourseError as error:
            flash(str(error), "error")
        else:
            flash(_("Curso guardado: %(title)s.", title=saved.title), "info")
            return redirect(url_for("counselors.course", course_id=saved.id))
    return render_template("admin/course.html", entry=entry, form=form)


# --- districts and travel times ------------------------------------------------------------------

@bp.get("/distritos")
def districts_page():
    return _districts_page()


def _districts_page(form: LegForm | None = None):
    """Districts and travel times; a refused leg comes back as typed, its message beside."""
    if form is None:
        form = LegForm(formdata=None)
        _leg_choices(form)
    return render_template("admin/districts.html",
                           districts=district_service.list_districts(db.session),
                           legs=district_service.list_legs(db.session), form=form)


def _leg_choices(form: LegForm) -> None:
    places = district_select(reference.district_choices(db.session))
    form.origin.choices = [SelectChoice("", _("Elija")), *places]
    form.destination.choices = [SelectChoice("", _("Elija")), *places]
    form.mode.choices = [SelectChoice(m, TRAVEL_MODE_LABELS[m]) for m in district_service.MODES]


@bp.route("/distritos/nuevo", methods=["GET", "POST"], defaults={"ubigeo": None})
@bp.route("/distritos/<ubigeo>", methods=["GET", "POST"])
def district(ubigeo: str | None):
    entry = district_service.get_district(db.session, ubigeo)
    form = DistrictForm(obj=entry)
    _territory_choices(form.territory, blank=True)
    if request.method == "GET" and entry is not None:
        form.territory.data = entry.territory_id
    if form.validate_on_submit():
        edit = district_service.DistrictEdit(
            ubigeo=form.ubigeo.data or "", name=form.name.data, province=form.province.data,
            department=form.department.data, latitude=form.latitude.data,
            longitude=form.longitude.data, is_hub=form.is_hub.data,
            territory_id=form.territory.data)
        try:
            saved = district_service.save_district(db.session, ubigeo, edit)
        except district_service.DistrictError as error:
            flash(str(error), "error")
        else:
            flash(_("Distrito guardado: %(name)s.", name=saved.name), "info")
            return redirect(url_for("admin.districts_page"))
    return render_template("admin/district.html", entry=entry, form=form)


@bp.post("/distritos/tiempos")
def travel_leg():
    form = LegForm()
    _leg_choices(form)
    if form.validate_on_submit():
        try:
            district_service.save_leg(db.session, form.origin.data, form.destination.data,
                                      form.hours.data, form.mode.data, form.note.data or "")
        except district_service.DistrictError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            flash(_("Tiempo de viaje guardado; las próximas búsquedas ya lo usan."), "info")
            return redirect(url_for("admin.districts_page") + "#tiempos")
    else:
        # Every field shows its message beside it; the token cannot.
        flash_unseen_errors(form, "csrf_token")
    # The page again, not a redirect: the places, hours and note typed are not lost.
    return _districts_page(form)


# --- programme reports for funders ---------------------------------------------------------------

def _programme_report():
    period, problem = indicators.parse_period(request.args.get("desde"),
                                              request.args.get("hasta"),
                                              indicators.today_in_lima())
    return indicators.programme_report(db.session, period), problem


@bp.get("/informes")
def reports():
    report, problem = _programme_report()
    return render_template("admin/report.html", report=report, problem=problem,
                           cell=indicators.cell, KEY_COLUMNS=indicators.KEY_COLUMNS,
                           today=indicators.today_in_lima())


@bp.get("/informes.csv")
def reports_csv():
    report, _problem = _programme_report()
    # The byte-order mark makes Excel read the file as UTF-8 (Quiquijana, Río Santiago).
    body = "\ufeff" + indicators.programme_csv(report)
    name = f"chamba-informe-{report.period.desde}-{report.period.hasta}.csv"
    return Response(body.encode("utf-8"), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "no-store"})
