"""Settings read from the environment: Development, Testing and Production.

``CHAMBA_ENV`` chooses the class (``development`` by default). Every value
can be overridden by an environment variable of the same name.
"""

from __future__ import annotations

import os
from datetime import timedelta

DEV_SECRET = "chamba-dev-only-not-secret"  # noqa: S105  (only for `flask` commands and tests)
WEAK_SECRETS = {"", "dev", "change-me", "secret", DEV_SECRET}
# The data key of tests and `flask` commands on a laptop (32 bytes, URL-safe base64). Public,
# like DEV_SECRET: whatever it encrypts is as good as plaintext.
DEV_DATA_KEY = "Y2hhbWJhLWRldi1kYXRhLWtleS1ub3Qtc2VjcmV0ISE="  # noqa: S105


def is_weak_secret(secret: str | None) -> bool:
    return not secret or secret in WEAK_SECRETS or len(secret) < 32


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; the message says which, in one line."""


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET)
    # Keys that encrypt sensitive columns at rest (models/crypto.py), comma-separated: the
    # first encrypts, all decrypt (rotation). `flask data-key new` prints a fresh one.
    CHAMBA_DATA_KEY = os.environ.get("CHAMBA_DATA_KEY")
    DEV_DATA_KEY_ALLOWED = True  # under tests and `flask` commands only; never in production
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # Forms are small; anything bigger than this is not a legitimate request.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 256 * 1024))
    BABEL_DEFAULT_LOCALE = "es"
    BABEL_DEFAULT_TIMEZONE = "America/Lima"
    LANGUAGES = ("es", "en")
    # Shared phones: a sign-in lasts hours, not a month (absolute, from the moment of sign-in),
    # and ends sooner when nobody uses it (idle). Both are checked on the server-side record.
    SESSION_HOURS = int(os.environ.get("SESSION_HOURS", 8))
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", 60))
    PERMANENT_SESSION_LIFETIME = timedelta(hours=SESSION_HOURS)
    # "Remember me" (youth and employers only, never staff) keeps a sign-in this many days.
    REMEMBER_DAYS = int(os.environ.get("REMEMBER_DAYS", 7))
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    REDIS_URL = os.environ.get("REDIS_URL")
    # Rate-limit counters live in the database unless Redis is configured: either way every
    # gunicorn worker sees the same counts.
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "chamba+db://"
    RATELIMIT_HEADERS_ENABLED = False
    # Per address: a hard limit on failed sign-ins (and code redemptions).
    LOGIN_LIMIT_ADDRESS = os.environ.get("LOGIN_LIMIT_ADDRESS", "30 per 15 minutes")
    # Per account: never a block (anyone could lock out the staff, whose e-mails are public),
    # but after this many attempts each further one waits for a delay that doubles, up to a cap.
    LOGIN_FREE_ATTEMPTS = int(os.environ.get("LOGIN_FREE_ATTEMPTS", 5))
    LOGIN_DELAY_MAX_SECONDS = int(os.environ.get("LOGIN_DELAY_MAX_SECONDS", 120))
    # Sign-ups per address (each one hashes a password and may reveal that a login is taken).
    SIGNUP_LIMIT_ADDRESS = os.environ.get("SIGNUP_LIMIT_ADDRESS", "10 per hour")
    FORCE_HTTPS = False
    # How many reverse proxies (nginx) stand in front and set X-Forwarded-For / -Proto.
    # X-Forwarded-Host is never trusted: a client could send it.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", 0))
    # Host names this site answers to (comma-separated); others get 400. Empty: any.
    TRUSTED_HOSTS = [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",")
                     if h.strip()] or None
    SETUP_CODE_HOURS = 72
    # Backups older than this are deleted by `flask backup`; people who erase their account
    # are told that their data leaves the backups within this many days.
    BACKUP_RETENTION_DAYS = int(os.environ.get("BACKUP_RETENTION_DAYS", 30))
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "chamba-demo-2026")
    # `flask seed-demo` makes accounts with a known password: never on the production database.
    DEMO_DATA_ALLOWED = True
    # Who is responsible for the personal data (named in the privacy notice, /privacidad).
    DATA_CONTROLLER_NAME = os.environ.get("DATA_CONTROLLER_NAME", "")  # empty: "the operator"
    DATA_CONTROLLER_ADDRESS = os.environ.get("DATA_CONTROLLER_ADDRESS", "")
    DATA_CONTROLLER_EMAIL = os.environ.get("DATA_CONTROLLER_EMAIL", "privacidad@chamba.pe")

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
        """Fill settings that depend on the app (its instance folder); fail closed on secrets."""
        # The built-in key is public (it is in this file): with it anyone can forge a session
        # cookie. It is allowed only for tests and the `flask` command line (`flask run` on
        # this machine); gunicorn or any other server needs a real SECRET_KEY.
        weak = is_weak_secret(app.config.get("SECRET_KEY"))
        app.config["USING_DEV_SECRET"] = weak
        if weak and not app.config.get("TESTING") \
                and os.environ.get("FLASK_RUN_FROM_CLI") != "true":
            raise ConfigError("SECRET_KEY must be set to a random value of at least 32 characters "
                              "to serve Chamba; the development key only works with `flask run`.")
        _init_data_key(app, dev_allowed=cls.DEV_DATA_KEY_ALLOWED and (
            bool(app.config.get("TESTING")) or os.environ.get("FLASK_RUN_FROM_CLI") == "true"))
        engine = dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS") or {})
        if not app.config.get("SQLALCHEMY_DATABASE_URI"):
            os.makedirs(app.instance_path, exist_ok=True)
            path = os.path.join(app.instance_path, "chamba.sqlite")
            app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            # Concurrent writers (sign-in counters under parallel requests) wait for the lock
            # instead of failing at once with "database is locked".
            engine.setdefault("connect_args", {}).setdefault("timeout", 30)
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine


def _init_data_key(app, dev_allowed: bool) -> None:
    """Check the data keys; fall back to the public development key only where allowed."""
    from models.crypto import DataKeyError, DataKeyring, parse_keys

    keys = parse_keys(app.config.get("CHAMBA_DATA_KEY"))
    if not keys and dev_allowed:
        keys = [DEV_DATA_KEY]
    if not keys:
        raise ConfigError("CHAMBA_DATA_KEY must be set to serve Chamba (it encrypts sensitive "
                          "data at rest); the development key only works with `flask run`.")
    if keys[0] == DEV_DATA_KEY and not dev_allowed:
        raise ConfigError("CHAMBA_DATA_KEY is the public development key; set a real one "
                          "(`flask data-key new` prints one).")
    try:
        DataKeyring(keys)
    except DataKeyError as error:
        raise ConfigError(str(error)) from None
    app.config["CHAMBA_DATA_KEY"] = ",".join(keys)
    app.config["USING_DEV_DATA_KEY"] = keys[0] == DEV_DATA_KEY


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
    # The __Host- prefix binds the cookie to this exact host over HTTPS.
    SESSION_COOKIE_NAME = "__Host-chamba"
    PREFERRED_URL_SCHEME = "https"
    DEV_DATA_KEY_ALLOWED = False
    DEMO_DATA_ALLOWED = False

    @classmethod
    def init_app(cls, app) -> None:
        secret = os.environ.get("SECRET_KEY", "")
        if is_weak_secret(secret):
            raise ConfigError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production."
            )
        if not os.environ.get("DATABASE_URL"):
            raise ConfigError("DATABASE_URL must point to the PostgreSQL database in production.")
        if not os.environ.get("CHAMBA_DATA_KEY", "").strip():
            raise ConfigError("CHAMBA_DATA_KEY must be set in production (it encrypts sensitive "
                              "data at rest; `flask data-key new` prints one).")
        app.config["SECRET_KEY"] = secret
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        app.config["CHAMBA_DATA_KEY"] = os.environ["CHAMBA_DATA_KEY"]
        super().init_app(app)


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
