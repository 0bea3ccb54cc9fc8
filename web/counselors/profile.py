"""The counselor fills and edits a youth's profile on her behalf, step by step.

The same forms, templates and services as the youth's own builder (web/youth/steps.py);
each save names the counselor as its actor, so the youth sees it under "Quién vio o cambió
mis datos". A youth of another territory answers 404 (the services raise NotFound).
"""

from __future__ import annotations

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import db
from ..labels import STEP_LABELS
from ..services import profiles
from ..templating import term
from ..youth.forms import CodeForm, ConfirmForm, ExperienceForm, SearchForm
from ..youth.steps import STEPS as FORM_STEPS
from . import bp

PICKERS = {"habilidades", "ocupaciones"}


def _step_url(profile_id: int, slug: str) -> str:
    if slug == "experiencia":
        return url_for("counselors.profile_experience", profile_id=profile_id)
    if slug in PICKERS:
        return url_for("counselors.profile_picker", profile_id=profile_id, slug=slug)
    return url_for("counselors.profile_step", profile_id=profile_id, slug=slug)


def _step_info(profile, slug: str) -> dict:
    """What the shared step templates need, pointing at the counselor's pages."""
    following = profiles.next_step_after(slug)
    overview = url_for("counselors.profile_steps", profile_id=profile.id)
    return {
        "slug": slug, "label": STEP_LABELS[slug], "number": profiles.STEPS.index(slug) + 1,
        "total": len(profiles.STEPS), "optional": slug in profiles.OPTIONAL_STEPS,
        "next_url": _step_url(profile.id, following) if following else overview,
        "next_label": STEP_LABELS[following] if following else None,
        "nav": "counselors/_acting.html", "profile_url": overview,
        "remove_url": lambda experience_id: url_for(
            "counselors.profile_remove_experience", profile_id=profile.id,
            experience_id=experience_id),
    }


def _saved(profile, slug: str):
    flash(_("Guardado en el perfil de %(name)s; queda registrado que lo hizo usted.",
            name=profile.first_name), "info")
    return redirect(_step_info(profile, slug)["next_url"])


@bp.get("/jovenes/<int:profile_id>/perfil")
def profile_steps(profile_id: int):
    """The builder's steps for one youth, with what is done, each a link to fill it."""
    meter = profiles.meter_for(db.session, current_user, profile_id)
    profile, state = meter.profile, meter.state
    steps = [{"slug": s, "label": STEP_LABELS[s], "url": _step_url(profile.id, s),
              "done": state.done[s], "optional": s in profiles.OPTIONAL_STEPS}
             for s in profiles.STEPS]
    return render_template("counselors/profile_steps.html", profile=profile, state=state,
                           steps=steps, acting_for=profile)


# Quoted, since a step's name may hold a hyphen ("sobre-mi").
_FORM_SLUGS = ", ".join(f'"{slug}"' for slug in FORM_STEPS)


@bp.route(f"/jovenes/<int:profile_id>/perfil/<any({_FORM_SLUGS}):slug>",
          methods=["GET", "POST"])
def profile_step(profile_id: int, slug: str):
    step = FORM_STEPS[slug]
    profile = profiles.profile_to_edit(db.session, current_user, profile_id)
    form = step.form(db.session, profile, current_user)
    if form.validate_on_submit():
        try:
            step.save(db.session, profile.user_id, form, current_user)
        except profiles.ProfileError as error:
            flash(str(error), "error")
        else:
            return _saved(profile, slug)
    return render_template(step.template, form=form, step=_step_info(profile, slug),
                           acting_for=profile, **step.context(db.session, profile))


@bp.route("/jovenes/<int:profile_id>/perfil/experiencia", methods=["GET", "POST"])
def profile_experience(profile_id: int):
    profile = profiles.profile_to_edit(db.session, current_user, profile_id)
    form = ExperienceForm()
    if form.validate_on_submit():
        try:
            profiles.add_experience(db.session, profile.user_id, form.title.data,
                                    form.kind.data, form.months.data,
                                    form.description.data or "", actor=current_user)
        except profiles.ProfileError as error:
            flash(str(error), "error")
        else:
            flash(_("Experiencia agregada al perfil de %(name)s.", name=profile.first_name),
                  "info")
            return redirect(url_for("counselors.profile_experience", profile_id=profile_id))
    return render_template("youth/experience.html", form=form, profile=profile,
                           step=_step_info(profile, "experiencia"), confirm=ConfirmForm(),
                           acting_for=profile)


@bp.post("/jovenes/<int:profile_id>/perfil/experiencia/<int:experience_id>/quitar")
def profile_remove_experience(profile_id: int, experience_id: int):
    profile = profiles.profile_to_edit(db.session, current_user, profile_id)
    if ConfirmForm().validate_on_submit():
        profiles.remove_experience(db.session, profile.user_id, experience_id,
                                   actor=current_user)
        flash(_("Experiencia quitada."), "info")
    return redirect(url_for("counselors.profile_experience", profile_id=profile_id))


# --- the two pickers: skills and desired jobs -----------------------------------------------

def _picker_parts(slug: str, profile):
    """(chosen pairs, search function) of a picker, for the person's sex where it matters."""
    if slug == "habilidades":
        return ([(s.code, term(s)) for s in profile.skills],
                lambda q, limit=15: profiles.search_skills(db.session, q, limit=limit))
    sex = profile.sex.value if profile.sex else None
    return ([(o.code, term(o, sex)) for o in profile.desired_occupations],
            lambda q, limit=15: profiles.search_occupations(db.session, q, sex, limit=limit))


@bp.get("/jovenes/<int:profile_id>/perfil/<any(habilidades, ocupaciones):slug>")
def profile_picker(profile_id: int, slug: str):
    profile = profiles.profile_to_edit(db.session, current_user, profile_id)
    chosen, search = _picker_parts(slug, profile)
    form = SearchForm(request.args)
    results = search(form.q.data) if form.q.data and form.validate() else []
    urls = {name: url_for("counselors.profile_picker_" + name, profile_id=profile_id,
                          slug=slug) for name in ("add", "remove", "suggest")}
    return render_template("youth/picker.html", form=form, results=results, chosen=chosen,
                           have={code for code, _label in chosen},
                           step=_step_info(profile, slug), code_form=CodeForm(),
                           add_url=urls["add"], remove_url=urls["remove"],
                           suggest_url=urls["suggest"], acting_for=profile)


@bp.get("/jovenes/<int:profile_id>/perfil/<any(habilidades, ocupaciones):slug>/sugerencias")
def profile_picker_suggest(profile_id: int, slug: str):
    profile = profiles.profile_to_edit(db.session, current_user, profile_id)
    chosen, search = _picker_parts(slug, profile)
    have = {code for code, _label in chosen}
    hits = search((request.args.get("q") or "")[:60], limit=8)
    return jsonify(results=[{"code": h.code, "label": h.label, "also": h.matched,
                             "have": h.code in have} for h in hits])


_PICKER_ACTIONS = {
    ("habilidades", "add"): (profiles.add_skill, _l("Habilidad agregada.")),
    ("habilidades", "remove"): (profiles.remove_skill, _l("Habilidad quitada.")),
    ("ocupaciones", "add"): (profiles.add_occupation, _l("Trabajo agregado a su lista.")),
    ("ocupaciones", "remove"): (profiles.remove_occupation, _l("Trabajo quitado de su lista.")),
}


def _picker_action(profile_id: int, slug: str, action: str):
    profile = profiles.profile_to_edit(db.session, current_user, profile_id)
    form = CodeForm()
    change, done = _PICKER_ACTIONS[slug, action]
    if form.validate_on_submit():
        try:
            change(db.session, profile.user_id, form.code.data, actor=current_user)
        except profiles.ProfileError as error:
            flash(str(error), "error")
        else:
            flash(str(done), "info")
    else:
        flash(_("Elija una opción de la lista."), "error")
    query = (request.form.get("q") or "")[:60]
    extra = {"q": query} if query else {}
    return redirect(url_for("counselors.profile_picker", profile_id=profile_id, slug=slug,
                            **extra))


@bp.post("/jovenes/<int:profile_id>/perfil/<any(habilidades, ocupaciones):slug>/agregar")
def profile_picker_add(profile_id: int, slug: str):
    return _picker_action(profile_id, slug, "add")


@bp.post("/jovenes/<int:profile_id>/perfil/<any(habilidades, ocupaciones):slug>/quitar")
def profile_picker_remove(profile_id: int, slug: str):
    return _picker_action(profile_id, slug, "remove")
