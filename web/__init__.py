"""The Chamba web application: ``create_app`` builds it from settings in the environment."""

from __future__ import annotations

from flask import Flask, request
from flask_talisman import Talisman

from config import get_config

from .extensions import babel, csrf, db, login_manager, migrate

# Scripts and styles only from our own files: no inline code, no third parties, no framing.
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the app for ``config_name`` (or ``CHAMBA_ENV``), with optional setting overrides."""
    app = Flask(__name__, instance_relative_config=True)
    settings = get_config(config_name)
    app.config.from_object(settings)
    app.config.update(overrides)
    settings.init_app(app)
    register_extensions(app)
    register_url_converters(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_commands(app)
    register_template_helpers(app)
    from .auth.guard import register as register_guard

    register_guard(app)
    return app


def select_locale() -> str:
    """Pick the interface language: the person's choice, the cookie, the default, the browser.

    Spanish is the default on purpose: many phones here are set to English by the
    shop that sold them, while their owners read Spanish. Accept-Language is only
    consulted when no default is configured.
    """
    from flask import current_app, has_request_context
    from flask_login import current_user

    supported = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI, background work: the default, Spanish
        return current_app.config["BABEL_DEFAULT_LOCALE"] or "es"
    if getattr(current_user, "is_authenticated", False) and current_user.locale in supported:
        return current_user.locale
    chosen = request.cookies.get("locale")
    if chosen in supported:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"] or request.accept_languages.best_match(
        supported) or "es"


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    attach_data_keys(app)
    migrate.init_app(app, db, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    from .ratelimit import limiter

    limiter.init_app(app)
    # One Talisman per app: it keeps its settings on itself, not on the app.
    app.extensions["talisman"] = Talisman(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config.get("SESSION_COOKIE_SECURE", False),
        frame_options="DENY",
        referrer_policy="same-origin",
    )
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        n = app.config["PROXY_COUNT"]
        # x_host=0: the host comes from the request line / Host header that nginx sets,
        # never from an X-Forwarded-Host a client can send.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)


def attach_data_keys(app: Flask) -> None:
    """Give this app's engines the keys of the columns encrypted at rest (models/crypto.py)."""
    from models.crypto import DataKeyring, attach

    keyring = DataKeyring(app.config["CHAMBA_DATA_KEY"])
    app.extensions["data_keyring"] = keyring
    with app.app_context():
        for engine in db.engines.values():
            attach(engine, keyring)


def register_url_converters(app: Flask) -> None:
    # Before any blueprint: a rule picks its converter when it is added to the map.
    from .ids import IdConverter

    app.url_map.converters["int"] = IdConverter


def register_blueprints(app: Flask) -> None:
    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .counselors import bp as counselors_bp
    from .employers import bp as employers_bp
    from .main import bp as main_bp
    from .messages import bp as messages_bp
    from .sms import bp as sms_bp
    from .whatsapp import bp as whatsapp_bp
    from .youth import bp as youth_bp

    for bp in (main_bp, auth_bp, youth_bp, employers_bp, counselors_bp, admin_bp):
        app.register_blueprint(bp)
    for bp in (messages_bp, sms_bp, whatsapp_bp):  # messages by SMS and WhatsApp
        app.register_blueprint(bp)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .commands import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .templating import register

    register(app)
