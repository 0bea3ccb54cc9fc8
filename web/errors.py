"""Friendly Spanish error pages; JSON for /api and /healthz callers."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from .extensions import db


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def _render(error: HTTPException):
    if _wants_json():
        return jsonify({"error": error.code, "message": error.description}), error.code
    return render_template("errors/error.html", error=error), error.code


def register(app: Flask) -> None:
    """Attach the error handlers to ``app``."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        messages = {
            400: _("La solicitud no es válida. Revise los datos e inténtelo otra vez."),
            403: _("No tiene permiso para ver esta página."),
            404: _("No encontramos esta página. Puede que el enlace esté mal escrito."),
            405: _("Esa acción no está permitida aquí."),
            413: _("Lo que envió es demasiado grande."),
            429: _("Demasiados intentos. Espere un momento y vuelva a intentarlo."),
            503: _("El servicio no está disponible en este momento. Vuelva a intentarlo en unos "
                   "minutos; sus datos están a salvo."),
        }
        error.description = messages.get(error.code, error.description)
        return _render(error)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        # The database went away mid-request: say so plainly; nothing half-written was kept.
        db.session.rollback()
        app.logger.error("database unavailable: %s", error.__class__.__name__)
        return http_error(ServiceUnavailable())

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        wrapped = InternalServerError()
        wrapped.description = _("Algo salió mal de nuestro lado. Ya quedó registrado; vuelva a "
                                "intentarlo en unos minutos.")
        return _render(wrapped)
