"""Public pages: the landing page and the health check."""

from __future__ import annotations

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from ..auth.decorators import safe_next
from ..extensions import db
from ..services import accounts, health
from . import bp


@bp.get("/")
def index():
    return render_template("main/index.html")


@bp.get("/healthz")
def healthz():
    status = health.check_database(db.session)
    return jsonify(status.as_dict()), (200 if status.ok else 503)


@bp.post("/idioma")
def set_language():
    """Remember the chosen interface language (cookie, and the account when signed in)."""
    from flask_wtf.csrf import validate_csrf
    from wtforms import ValidationError

    try:
        validate_csrf(request.form.get("csrf_token"))
    except ValidationError:
        return redirect(url_for("main.index"))
    lang = request.form.get("lang", "")
    target = safe_next(request.form.get("next")) or url_for("main.index")
    response = redirect(target)
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie("locale", lang, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config.get(
                                "SESSION_COOKIE_SECURE", False))
        if current_user.is_authenticated:
            accounts.set_locale(db.session, current_user, lang)
    return response
