"""The counselor's desk: their territory's youth, employers and vacancies."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms import SelectChoice

from models import ConsentMethod, Decision, Role

from ..auth.decorators import require_role
from ..auth.forms import AssistedSignupForm
from ..extensions import db
from ..forms import choose_district, district_select, flash_unseen_errors, show_refusal
from ..ids import parse_id
from ..labels import REASON_LABELS, stage_label
from ..messages.forms import AssistedMessagePreferencesForm
from ..services import (
    access,
    accounts,
    applications,
    cases,
    dashboards,
    followups,
    reference,
    search,
    verification,
)
from . import bp
from .forms import (
    ConfirmForm,
    DecisionForm,
    EmployerDecisionForm,
    FollowUpForm,
    MoveForm,
    NoteForm,
    ReviewFilterForm,
)


@bp.before_request
@login_required
def only_counselors():
    require_role(Role.COUNSELOR, Role.ADMIN)


@bp.get("/")
def home():
    if current_user.role == Role.ADMIN:
        abort(404)  # the admin has no territory desk of their own
    page = request.args.get("pagina", 1, type=int)
    query = search.clean_query(request.args.get("q"))
    home = dashboards.counselor_home(db.session, current_user, page, date.today(), query)
    return render_template("counselors/home.html", desk=home.desk, queue=home.queue,
                           notices=home.notices, q=query)


def _withdrawn(withdrawn: access.ConsentWithdrawn, profile_id: int | None = None):
    """All that staff may know of someone who withdrew consent: that she did, and when."""
    return render_template("counselors/withdrawn.html", at=withdrawn.at, profile_id=profile_id,
                           confirm=ConfirmForm())


@bp.get("/jovenes/<int:profile_id>")
def youth_profile(profile_id: int):
    return youth_page(profile_id)


def youth_page(profile_id: int, message_form: AssistedMessagePreferencesForm | None = None):
    """The youth's page; refused message settings come back as typed, the message beside."""
    try:
        page = dashboards.counselor_youth_page(db.session, current_user, profile_id)
    except access.ConsentWithdrawn as withdrawn:
        return _withdrawn(withdrawn, profile_id)
    return render_template("counselors/youth_profile.html", profile=page.profile,
                           confirm=ConfirmForm(), cases=page.cases, message_rows=page.messages,
                           message_form=message_form or AssistedMessagePreferencesForm(
                               data=page.preferences.__dict__, formdata=None))


@bp.route("/jovenes/nuevo", methods=["GET", "POST"])
def register_youth():
    """Assisted registration: the counselor signs a youth up, consent recorded."""
    form = AssistedSignupForm()
    choose_district(form.district, db.session, current_user)
    if form.validate_on_submit():
        data = accounts.AssistedSignup(
            first_name=form.first_name.data, last_name=form.last_name.data or "",
            phone=accounts.normalise_phone(form.phone.data or ""),
            email=(form.email.data or "").lower() or None, birth_date=form.birth_date.data,
            district_code=form.district.data,
            consent_method=ConsentMethod(form.consent_method.data),
            visible_to_employers=form.visible.data,
            guardian_name=form.guardian_name.data or None,
            guardian_relation=form.guardian_relation.data or None,
            username=form.username.data or None, dni=form.dni.data or None,
        )
        try:
            user, code = accounts.register_assisted(db.session, current_user, data)
        except accounts.AccountError as error:
            flash(str(error), "error")
        else:
            return render_template("counselors/code.html", user=user, code=code, new=True)
    return render_template("counselors/register_youth.html", form=form)


@bp.post("/jovenes/<int:profile_id>/codigo")
def reset_code(profile_id: int):
    """Issue a new one-time code to a youth who forgot the password."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    user, code = accounts.reset_profile_code(db.session, current_user, profile_id)
    return render_template("counselors/code.html", user=user, code=code, new=False)


@bp.route("/empresas/<int:employer_id>", methods=["GET", "POST"])
def employer(employer_id: int):
    employer = access.get_employer_for(db.session, current_user, employer_id)
    form = EmployerDecisionForm()
    if form.validate_on_submit():
        try:
            verification.decide_employer(db.session, current_user, employer,
                                         form.decision.data == "verify", form.note.data)
        except verification.VerificationError as error:
            flash(str(error), "error")
        else:
            flash(_("Decisión guardada; la empresa ya la ve."), "info")
            return redirect(url_for("counselors.home"))
    return render_template("counselors/employer.html", employer=employer, form=form)


@bp.get("/ofertas")
def vacancies():
    query = search.clean_query(request.args.get("q"))
    return render_template("counselors/vacancies.html", q=query,
                           rows=cases.territory_vacancies(db.session, current_user, query))


@bp.get("/empresas")
def employers():
    query = search.clean_query(request.args.get("q"))
    return render_template("counselors/employers.html", q=query,
                           employers=cases.territory_employers(db.session, current_user, query))


@bp.get("/casos")
def case_list():
    query = search.clean_query(request.args.get("q"))
    return render_template("counselors/cases.html", q=query, shown=cases.CASES_SHOWN,
                           cases=cases.territory_cases(db.session, current_user, query))


@bp.get("/ofertas/<int:vacancy_id>")
def vacancy(vacancy_id: int):
    return _vacancy_page(vacancy_id)


def _vacancy_page(vacancy_id: int, profile_id: int | None = None,
                  refused: DecisionForm | None = None):
    """The vacancy's ranked list; a refused pin or exclusion comes back as typed, open, in
    that person's card, its message beside the reason."""
    filters_form = ReviewFilterForm(request.args)
    filters_form.distrito.choices = [SelectChoice("", _("Todos")), *district_select(
        reference.district_choices(db.session, current_user))]
    filters = cases.ReviewFilters()
    if filters_form.validate():
        completeness = {"completo": True, "incompleto": False}.get(filters_form.perfil.data)
        filters = cases.ReviewFilters(filters_form.distrito.data or None,
                                      filters_form.idioma.data or None,
                                      filters_form.edad.data or None, completeness)
    page = cases.vacancy_page(db.session, current_user, vacancy_id, filters)
    return render_template("counselors/vacancy.html", vacancy=page.vacancy, review=page.review,
                           filters=filters_form, confirm=ConfirmForm(),
                           decision_form=DecisionForm(formdata=None), alerts=page.alerts,
                           refused_for=profile_id, refused=refused)


@bp.post("/ofertas/<int:vacancy_id>/decision/<int:profile_id>")
def decide(vacancy_id: int, profile_id: int):
    form = DecisionForm()
    if form.validate_on_submit():
        choice = None if form.decision.data == "clear" else Decision(form.decision.data)
        try:
            cases.decide(db.session, current_user, vacancy_id, profile_id, choice,
                         form.reason.data or "")
        except cases.CaseError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            flash(_("Decisión guardada."), "info")
            return redirect(url_for("counselors.vacancy", vacancy_id=vacancy_id))
    else:
        # The reason shows its message beside it; the choice and the token cannot.
        flash_unseen_errors(form, "csrf_token", "decision")
    # The page again, not a redirect: the reason typed is not lost.
    return _vacancy_page(vacancy_id, profile_id, form)


@bp.post("/ofertas/<int:vacancy_id>/proponer/<int:profile_id>")
def propose(vacancy_id: int, profile_id: int):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        cases.propose_candidate(db.session, current_user, vacancy_id, profile_id)
    except cases.CaseError as error:
        flash(str(error), "error")
    else:
        flash(_("Propuesta enviada a la empresa, con el puntaje y las razones de hoy."), "info")
    return redirect(url_for("counselors.vacancy", vacancy_id=vacancy_id))


@bp.route("/casos/<int:application_id>", methods=["GET", "POST"])
def case(application_id: int):
    # Reading the page is audited; an action is audited once, by the service that does it.
    try:
        page = cases.case_page(db.session, current_user, application_id,
                               reading=request.method == "GET")
    except access.ConsentWithdrawn as withdrawn:
        return _withdrawn(withdrawn)
    application = page.application
    move = MoveForm(prefix="move")
    move.stage.choices = [SelectChoice(s.value, stage_label(s, application.profile.sex))
                          for s in applications.next_stages(application, current_user)]
    move.reason.choices = [SelectChoice("", "—")] + [
        SelectChoice(r.value, label) for r, label in REASON_LABELS.items()]
    note = NoteForm(prefix="note")
    if request.method == "POST" and "move-stage" in request.form:
        if move.validate_on_submit():
            try:
                cases.move_case(db.session, current_user, application, move.stage.data,
                                move.reason.data or None, move.note.data or "",
                                move.note_audience.data)
            except applications.StageError as error:
                flash(str(error), "error")
            else:
                flash(_("Etapa actualizada."), "info")
                return redirect(url_for("counselors.case", application_id=application_id))
        elif not move.stage.choices:
            flash(_("Este caso ya terminó: no se puede cambiar de etapa."), "error")
    elif request.method == "POST" and note.validate_on_submit():
        try:
            cases.add_note(db.session, current_user, application, note.body.data,
                           note.audience.data)
        except cases.CaseError as error:
            flash(str(error), "error")
        else:
            return redirect(url_for("counselors.case", application_id=application_id))
    return render_template("counselors/case.html", application=application, move=move,
                           note=note, page=page)


@bp.get("/seguimientos")
def follow_ups():
    query = search.clean_query(request.args.get("q"))
    lists = followups.follow_up_lists(db.session, current_user, date.today(), query=query)
    return render_template("counselors/follow_ups.html", lists=lists, today=date.today(),
                           q=query, horizon=followups.HORIZON_DAYS)


@bp.route("/seguimientos/<int:follow_up_id>", methods=["GET", "POST"])
def follow_up(follow_up_id: int):
    item = followups.get_follow_up_for(db.session, current_user, follow_up_id)
    # Once recorded, the form opens with what was said, to correct it.
    form = FollowUpForm(data=None if item.done_at is None else {
        "still_working": "1" if item.still_working else "0",
        "monthly_pay_pen": item.monthly_pay_pen, "problem": item.problem,
        "safety_flag": item.safety_flag})
    if form.validate_on_submit():
        try:
            followups.record_follow_up(db.session, current_user, item,
                                       still_working=form.still_working.data == "1",
                                       monthly_pay_pen=form.monthly_pay_pen.data,
                                       problem=form.problem.data or "",
                                       safety_flag=form.safety_flag.data)
        except followups.FollowUpError as error:
            flash(str(error), "error")
        else:
            flash(_("Seguimiento guardado."), "info")
            return redirect(url_for("counselors.follow_up", follow_up_id=follow_up_id))
    return render_template("counselors/follow_up.html", item=item, form=form)


# --- CDE courses: enrol youth and record who finished ------------------------------------------
# (Imported here to keep this section self-contained.)
from ..labels import COURSE_OUTCOME_LABELS  # noqa: E402
from ..services import courses  # noqa: E402
from .forms import EnrolForm, OutcomeForm  # noqa: E402


def _outcome_form(prefix: str = "", **data) -> OutcomeForm:
    form = OutcomeForm(prefix=prefix, **data)
    form.outcome.choices = [SelectChoice(k, label) for k, label in COURSE_OUTCOME_LABELS.items()]
    return form


@bp.get("/cursos")
def courses_page():
    return render_template("counselors/courses.html",
                           rows=courses.list_courses(db.session, current_user))


@bp.get("/cursos/<int:course_id>")
def course(course_id: int):
    return _course_page(course_id)


def _course_page(course_id: int, enrollment_id: int | None = None,
                 refused: OutcomeForm | None = None):
    """The course's page; a refused outcome comes back as typed, its message beside it."""
    query = request.args.get("q", "")
    page = courses.course_page(db.session, current_user, course_id, query)
    outcomes = {e.id: _outcome_form(
        prefix=f"e{e.id}", formdata=None,
        outcome=(o.value if (o := courses.outcome_of(e)) else None),
        completed_on=e.completed_on or page.course.ends_on) for e in page.enrollments}
    if refused is not None:
        outcomes[enrollment_id] = refused
    return render_template("counselors/course.html", page=page, query=query,
                           outcomes=outcomes, outcome_of=courses.outcome_of)


@bp.post("/cursos/<int:course_id>/inscribir")
def enrol(course_id: int):
    form = EnrolForm()
    if not form.validate_on_submit():
        abort(400)
    profile_id = parse_id(form.profile_id.data)
    if profile_id is None:
        abort(404)  # no profile has such an id
    try:
        enrollment = courses.enrol(db.session, current_user, course_id, profile_id)
    except courses.CourseError as error:
        flash(str(error), "error")
    else:
        flash(_("%(name)s quedó en el curso.", name=enrollment.profile.first_name), "info")
    return redirect(url_for("counselors.course", course_id=course_id))


@bp.post("/cursos/<int:course_id>/resultado/<int:enrollment_id>")
def course_outcome(course_id: int, enrollment_id: int):
    # Another territory's course or enrolment is "not found" before the form is even read.
    courses.get_enrollment_for(db.session, current_user, course_id, enrollment_id)
    form = _outcome_form(prefix=f"e{enrollment_id}")
    if form.validate_on_submit():
        try:
            courses.record_outcome(db.session, current_user, course_id, enrollment_id,
                                   form.outcome.data, form.completed_on.data)
        except courses.CourseError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            flash(_("Resultado guardado."), "info")
            return redirect(url_for("counselors.course", course_id=course_id)
                            + f"#e{enrollment_id}")
    else:
        # The outcome and the date show their messages beside them; the token cannot.
        flash_unseen_errors(form, "csrf_token")
    # The page again, not a redirect: the date typed and the outcome chosen are not lost.
    return _course_page(course_id, enrollment_id, form)
