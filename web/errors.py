"""Friendly Spanish error pages; JSON for /api and /healthz callers."""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import (
    HTTPException,
    InternalServerError,
    NotFound,
    ServiceUnavailable,
)

from .extensions import db, login_manager
from .services.access import NotFound as NoAccess

# Errors that say the database cannot serve this request right now, not that our code is
# wrong: any OperationalError (gone, locked, disk full on SQLite), and on PostgreSQL the
# SQLSTATEs 25006 (read-only: a standby, or a database frozen for maintenance) and class 53
# (insufficient resources: disk full, out of memory, too many connections).
UNAVAILABLE_SQLSTATES = ("25006", "53")


def _sqlstate(error: DBAPIError) -> str:
    return getattr(error.orig, "sqlstate", None) or ""


def _database_unavailable(error: DBAPIError) -> bool:
    return isinstance(error, OperationalError) or _sqlstate(error).startswith(
        UNAVAILABLE_SQLSTATES)


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
            400: _("La solicitud no es válida. Conviene revisar los datos e intentar otra "
                   "vez."),
            403: _("Con esta cuenta no se puede ver esta página."),
            404: _("No encontramos esta página. Puede que el enlace esté mal escrito."),
            405: _("Esa acción no está permitida aquí."),
            413: _("Lo enviado es demasiado grande."),
            429: _("Demasiados intentos. Se puede intentar otra vez en un momento."),
            503: _("El servicio no está disponible en este momento. Se puede intentar otra vez "
                   "en unos minutos; los datos están a salvo."),
        }
        error.description = messages.get(error.code, error.description)
        return _render(error)

    @app.errorhandler(NoAccess)
    def no_access(_error: NoAccess):
        # Someone else's id and a missing id look the same: a plain 404, so views need no
        # try/except around every access-checked lookup.
        return http_error(NotFound())

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        if not _database_unavailable(error):
            return unexpected(error)
        # The database went away or cannot write: say so plainly; nothing half-written was kept.
        db.session.rollback()
        # Render the page as for a visitor: loading the signed-in user (for the menu and the
        # language) would query the database again and turn this 503 into a bare 500.
        g._login_user = login_manager.anonymous_user()
        app.logger.error("database unavailable: %s %s", error.__class__.__name__,
                         _sqlstate(error))
        return http_error(ServiceUnavailable())

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error")
        wrapped = InternalServerError()
        wrapped.description = _("Algo salió mal de nuestro lado. Ya quedó registrado; se puede "
                                "intentar otra vez en unos minutos.")
        return _render(wrapped)
