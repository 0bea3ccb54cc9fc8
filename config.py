"""Settings read from the environment: Development, Testing and Production.

``CHAMBA_ENV`` chooses the class (``development`` by default). Every value
can be overridden by an environment variable of the same name.
"""

from __future__ import annotations

import os
from datetime import timedelta

WEAK_SECRETS = {"", "dev", "change-me", "secret", "chamba-dev-only-not-secret"}


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message says which, in one line."""


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", "chamba-dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # Forms are small; anything bigger than this is not a legitimate request.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 256 * 1024))
    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "America/Lima"
    LANGUAGES = ("es", "en")
    # Shared phones: a session lasts hours, not a month.
    PERMANENT_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("SESSION_HOURS", 8)))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=7)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    REDIS_URL = os.environ.get("REDIS_URL")
    # Rate-limit counters live in the database unless Redis is configured: either way every
    # gunicorn worker sees the same counts.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "chamba+db://"
    RATELIMIT_HEADERS_ENABLED = False
    LOGIN_LIMIT_ACCOUNT = os.environ.get("LOGIN_LIMIT_ACCOUNT", "5 per 15 minutes")
    LOGIN_LIMIT_ADDRESS = os.environ.get("LOGIN_LIMIT_ADDRESS", "30 per 15 minutes")
    FORCE_HTTPS = False
    # How many reverse proxies (nginx) stand in front and set X-Forwarded-For.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
    SETUP_CODE_HOURS = 72
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "chamba-demo-2026")

    # --- messages by SMS (Kannel) and WhatsApp (Cloud API); docs/OPERATIONS.md ---
    # The address Kannel and Meta use to reach Chamba (delivery reports, replies).
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    KANNEL_SENDSMS_URL = os.environ.get("KANNEL_SENDSMS_URL")  # unset: SMS stay queued
    KANNEL_USERNAME = os.environ.get("KANNEL_USERNAME", "chamba")
    KANNEL_PASSWORD = os.environ.get("KANNEL_PASSWORD", "")
    KANNEL_SENDER = os.environ.get("KANNEL_SENDER", "")
    # Signs the delivery-report and inbound URLs given to Kannel; derived from SECRET_KEY
    # when unset.
    SMS_CALLBACK_SECRET = os.environ.get("SMS_CALLBACK_SECRET")
    SMS_COST_PER_SEGMENT_PEN = os.environ.get("SMS_COST_PER_SEGMENT_PEN", "0.08")
    SMS_MONTHLY_CAP_PEN = os.environ.get("SMS_MONTHLY_CAP_PEN", "300")  # per territory
    MESSAGE_QUIET_HOURS = os.environ.get("MESSAGE_QUIET_HOURS", "21:00-07:00")  # Lima time
    MESSAGE_MAX_ATTEMPTS = int(os.environ.get("MESSAGE_MAX_ATTEMPTS", 8))
    MESSAGE_RETRY_SECONDS = float(os.environ.get("MESSAGE_RETRY_SECONDS", 30))
    # Each CDE's public phone, given to people who write AYUDA: "territory=number,...".
    CDE_PHONES = os.environ.get("CDE_PHONES", "quispicanchi=084000000,condorcanqui=041000000")
    WHATSAPP_API_BASE = os.environ.get("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
    WHATSAPP_PHONE_NUMBER_ID = os.environ.get("WHATSAPP_PHONE_NUMBER_ID")
    WHATSAPP_TOKEN = os.environ.get("WHATSAPP_TOKEN")
    WHATSAPP_APP_SECRET = os.environ.get("WHATSAPP_APP_SECRET")
    WHATSAPP_VERIFY_TOKEN = os.environ.get("WHATSAPP_VERIFY_TOKEN")

    @classmethod
    def init_app(cls, app) -> None:
        """Fill settings that depend on the app (its instance folder)."""
        if not app.config.get("SQLALCHEMY_DATABASE_URI"):
            os.makedirs(app.instance_path, exist_ok=True)
            path = os.path.join(app.instance_path, "chamba.sqlite")
            app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret-key-not-for-production"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    WTF_CSRF_ENABLED = True


class ProductionConfig(Config):
    FORCE_HTTPS = os.environ.get("FORCE_HTTPS", "1") == "1"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    # The __Host- prefix binds the cookie to this exact host over HTTPS.
    SESSION_COOKIE_NAME = "__Host-chamba"
    PREFERRED_URL_SCHEME = "https"

    @classmethod
    def init_app(cls, app) -> None:
        secret = os.environ.get("SECRET_KEY", "")
        if secret in WEAK_SECRETS or len(secret) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production."
            )
        if not os.environ.get("DATABASE_URL"):
            raise ConfigError("DATABASE_URL must point to the PostgreSQL database in production.")
        app.config["SECRET_KEY"] = secret
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name: str | None = None) -> type[Config]:
    """Return the settings class named by ``name`` or by ``CHAMBA_ENV``."""
    name = (name or os.environ.get("CHAMBA_ENV") or "development").lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"CHAMBA_ENV={name!r} is unknown; use one of {', '.join(CONFIGS)}."
        ) from None
