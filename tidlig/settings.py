"""Tidlig settings: one file, configured from the environment (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.getenv(name, default).strip().lower() in ("1", "true", "yes", "on")


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envsecret(name: str, default: str | None = None) -> str | None:
    """A secret from NAME, or from the file named in NAME_FILE (Docker/systemd credentials)."""
    if path := os.getenv(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.getenv(name, default)


DEBUG = envbool("DEBUG", "False")


def persisted_secret_key(path: Path) -> str:
    """A random key kept in a file readable by the owner only, made on first use.

    So `tidlig` works on a fresh machine without configuration, and never with a known key.
    """
    if not path.exists():
        import secrets

        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = envsecret("SECRET_KEY") or persisted_secret_key(
    Path(os.getenv("SECRET_KEY_PATH", BASE_DIR / ".secret_key"))
)

ALLOWED_HOSTS = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "tidlig.organisation",
    "tidlig.people",
    "tidlig.audit",
    "tidlig.cases",
    "tidlig.interventions",
    "tidlig.intake",
    "tidlig.plans",
    "tidlig.wellbeing",
    "tidlig.concerns",
    "tidlig.crossteam",
    "tidlig.metrics",
    "tidlig.core",
    "tidlig.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tidlig.core.middleware.DanishByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "tidlig.urls"
WSGI_APPLICATION = "tidlig.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tidlig" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tidlig.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'tidlig.sqlite3'}"), conn_max_age=0
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A new PostgreSQL connection costs 10–30 ms; keep it, and check it before reuse.
    DATABASES["default"]["CONN_MAX_AGE"] = envint("CONN_MAX_AGE", "600")
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock at BEGIN, so two writers queue on the busy timeout instead
    # of failing with "database is locked" halfway through a transaction. WAL lets worklists
    # read while intake writes; synchronous=FULL so a committed notification survives a crash.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.getenv("SQLITE_TEST_NAME") or None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.Staff"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Dansk")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "tidlig" / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["tidlig.formats"]

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "tidlig" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
# Attachments live here, outside every URL: no route and no web server may serve this directory; they
# leave only through the permission-checked download (tidlig.intake.storage; ASVS V12.5.1).
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
# Attachments to notifications: what reception may upload (BL § 136: everything must be kept).
ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", str(20 * 1024 * 1024))
# Files per notification and their total (ASVS V12.1.1): more is refused with a Danish message.
ATTACHMENT_MAX_FILES = envint("ATTACHMENT_MAX_FILES", "10")
ATTACHMENT_MAX_TOTAL_BYTES = envint("ATTACHMENT_MAX_TOTAL_BYTES", str(50 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = ATTACHMENT_MAX_BYTES + 1024 * 1024

# Receipts and feedback letters sent by e-mail (BL § 138). Console by default: set EMAIL_BACKEND and
# EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD for SMTP.
MAILERS = {
    "default": {
        "BACKEND": os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"),
        "OPTIONS": {
            k: v
            for k, v in {
                "host": os.getenv("EMAIL_HOST"),
                "port": int(os.getenv("EMAIL_PORT")) if os.getenv("EMAIL_PORT") else None,
                "username": os.getenv("EMAIL_HOST_USER"),
                "password": envsecret("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", "False") or None,
            }.items()
            if v is not None
        },
    }
}
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "tidlig@kommune.invalid")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(not DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}
