"""The programme admin's overview."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required

from models import Role

from ..auth.decorators import require_role
from ..extensions import db
from ..services import dashboards, taxonomy_admin
from . import bp
from .forms import TermForm


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
    if request.method == "GET" and entry is not None:
        form.synonyms.data = "\n".join(s.term for s in entry.synonyms)
    if form.validate_on_submit():
        edit = taxonomy_admin.TermEdit(
            label_es=form.label_es.data, label_en=form.label_en.data,
            synonyms=taxonomy_admin.parse_synonyms(form.synonyms.data),
            esco_uri=form.esco_uri.data or None, is_active=form.is_active.data,
            label_es_f=form.label_es_f.data or None)
        try:
            saved = taxonomy_admin.save_term(db.session, kind, term_id, edit)
        except taxonomy_admin.TaxonomyError as error:
            flash(str(error), "error")
        else:
            flash(_("Guardado: %(code)s.", code=saved.code), "info")
            return redirect(url_for("admin.terms", slug=slug, q=saved.code))
    return render_template("admin/term.html", slug=slug, kind=kind, entry=entry, form=form)
