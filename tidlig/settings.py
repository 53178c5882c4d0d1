"""Tidlig settings: one file, configured from the environment (see README, "Configuration")."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
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
# The client's address for the audit log behind a reverse proxy, e.g. HTTP_X_REAL_IP (empty: REMOTE_ADDR).
AUDIT_CLIENT_IP_HEADER = os.getenv("AUDIT_CLIENT_IP_HEADER", "")

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
    "tidlig.timeline",
    "tidlig.cases",
    "tidlig.interventions",
    "tidlig.intake",
    "tidlig.plans",
    "tidlig.wellbeing",
    "tidlig.concerns",
    "tidlig.crossteam",
    "tidlig.metrics",
    "tidlig.comparison",
    "tidlig.delivery",
    "tidlig.review",
    "tidlig.genogram",
    "tidlig.network",
    "tidlig.fit",
    "tidlig.course",
    "tidlig.post",
    "tidlig.family",
    "tidlig.core",
    "tidlig.demo",
    "django_tasks_db",
]

# Background tasks (Django's django.tasks): stored in the database, run by `tidlig db_worker` (README).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Letters to citizens (issue 14 §4, tidlig/post): "file" writes each MeMo message to POST_FILE_DIR (the demo and
# the tests); "digitalpost" sends it through KOMBIT's SF1601 with the OCES3 certificate (docs/deploy.md).
POST_TRANSPORT = os.getenv("POST_TRANSPORT", "file")
POST_FILE_DIR = Path(os.getenv("POST_FILE_DIR", BASE_DIR / "var" / "outbox"))
POST_SENDER_CVR = os.getenv(
    "POST_SENDER_CVR", "11111111"
)  # the municipality's CVR number (synthetic default)
POST_DIGITALPOST = {
    "CVR": POST_SENDER_CVR,
    "CERT_PATH": os.getenv("POST_CERT_PATH", ""),
    "KEY_PATH": os.getenv("POST_KEY_PATH", ""),
    "ENVIRONMENT": os.getenv("POST_ENVIRONMENT", "test"),  # "test" (exttest) or "prod"
    # Delivery receipts (PKO_PostStatus) from the sender's Beskedfordeler queue (post/receipts.py)
    "RECEIPT_QUEUE": os.getenv("POST_RECEIPT_QUEUE", ""),
    "BESKEDFORDELER_CA_PATH": os.getenv("POST_BESKEDFORDELER_CA_PATH", ""),
}
# Where delivery receipts come from: "file" reads PKO_PostStatus files in POST_FILE_DIR/kvitteringer (the demo
# and the tests), "beskedfordeler" the AMQP queue above. The file transport writes a receipt for each message
# it sends when POST_FILE_RECEIPTS is on (the demo), so the outbox shows letters being delivered.
POST_RECEIPTS = os.getenv("POST_RECEIPTS", "file")
POST_FILE_RECEIPTS = os.getenv("POST_FILE_RECEIPTS", "1") == "1"
# Minutes between two polls of the receipts by the worker (`post.services.poll_receipts`)
POST_RECEIPT_POLL_MINUTES = int(os.getenv("POST_RECEIPT_POLL_MINUTES", "10"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "tidlig.core.middleware.NoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tidlig.core.middleware.DanishByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tidlig.audit.context.AuditRequestMiddleware",
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
                "django.template.context_processors.csp",
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
# --- Single sign-on over OpenID Connect (issue 8, section 2; README "Single sign-on (OIDC)") -------
# mozilla-django-oidc reads the OIDC_* names below. SSO is on when a client id and either a discovery
# URL (or issuer) or the four endpoints are set; tidlig.organisation.oidc fills missing endpoints from
# the provider's discovery document. Role mapping lives in the admin (IdentityProviderRoleMapping).
# AUTHENTICATION_BACKENDS (with the OIDC backend) is set in the sign-in block below.
OIDC_OP_ISSUER = os.getenv("OIDC_ISSUER", "").rstrip("/")
OIDC_OP_DISCOVERY_URL = os.getenv("OIDC_DISCOVERY_URL", "") or (
    f"{OIDC_OP_ISSUER}/.well-known/openid-configuration" if OIDC_OP_ISSUER else ""
)
OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("OIDC_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.getenv("OIDC_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.getenv("OIDC_USERINFO_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.getenv("OIDC_JWKS_ENDPOINT", "")
OIDC_RP_CLIENT_ID = os.getenv("OIDC_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = envsecret("OIDC_CLIENT_SECRET") or ""
OIDC_RP_SCOPES = os.getenv("OIDC_SCOPES", "openid profile email")
OIDC_RP_SIGN_ALGO = os.getenv("OIDC_SIGN_ALGO", "RS256")
OIDC_USE_PKCE = True  # RFC 7636; ASVS 4.0 V51 guidance for the code flow
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", "10")
OIDC_PROVIDER_NAME = os.getenv("OIDC_PROVIDER_NAME", "kommunens login")
# Claims: where the groups/roles and the municipality code are; how to find an existing local account.
OIDC_GROUPS_CLAIM = os.getenv("OIDC_GROUPS_CLAIM", "groups")
OIDC_MUNICIPALITY_CLAIM = os.getenv("OIDC_MUNICIPALITY_CLAIM", "")
OIDC_DEFAULT_MUNICIPALITY = os.getenv("OIDC_DEFAULT_MUNICIPALITY", "")
OIDC_LINK_EXISTING_BY = os.getenv("OIDC_LINK_EXISTING_BY", "")  # "", "email" or "username"
# Two factors for roles that read personal data (NSIS "betydelig"; ASVS 4.0 V2.2.7 / V2.8).
OIDC_REQUIRE_MFA = envbool("OIDC_REQUIRE_MFA", "True")
OIDC_MFA_AMR_VALUES = os.getenv("OIDC_MFA_AMR_VALUES", "mfa,otp,hwk,swk,sc").split(",")
OIDC_MFA_ACR_VALUES = os.getenv(
    "OIDC_MFA_ACR_VALUES",
    "https://data.gov.dk/concept/core/nsis/loa/Substantial,https://data.gov.dk/concept/core/nsis/loa/High",
).split(",")
# --- end of single sign-on -------------------------------------------------------------------------

# --- The family's own pages at /borger/ (issue 14; README "Familiens egen side") ---------------------------
# Citizens sign in over OIDC too (the municipality's MitID broker), but as a SEPARATE client with its own
# callback (/borger/login/callback/) and its own session key: a citizen is never a Staff user.
CITIZEN_OIDC_OP_ISSUER = os.getenv("CITIZEN_OIDC_ISSUER", "").rstrip("/")
CITIZEN_OIDC_OP_DISCOVERY_URL = os.getenv("CITIZEN_OIDC_DISCOVERY_URL", "") or (
    f"{CITIZEN_OIDC_OP_ISSUER}/.well-known/openid-configuration" if CITIZEN_OIDC_OP_ISSUER else ""
)
CITIZEN_OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("CITIZEN_OIDC_AUTHORIZATION_ENDPOINT", "")
CITIZEN_OIDC_OP_TOKEN_ENDPOINT = os.getenv("CITIZEN_OIDC_TOKEN_ENDPOINT", "")
CITIZEN_OIDC_OP_USER_ENDPOINT = os.getenv("CITIZEN_OIDC_USERINFO_ENDPOINT", "")
CITIZEN_OIDC_OP_JWKS_ENDPOINT = os.getenv("CITIZEN_OIDC_JWKS_ENDPOINT", "")
CITIZEN_OIDC_RP_CLIENT_ID = os.getenv("CITIZEN_OIDC_CLIENT_ID", "")
CITIZEN_OIDC_RP_CLIENT_SECRET = envsecret("CITIZEN_OIDC_CLIENT_SECRET") or ""
CITIZEN_OIDC_RP_SCOPES = os.getenv("CITIZEN_OIDC_SCOPES", "openid profile")
CITIZEN_OIDC_RP_SIGN_ALGO = os.getenv("CITIZEN_OIDC_SIGN_ALGO", "RS256")
CITIZEN_OIDC_PROVIDER_NAME = os.getenv("CITIZEN_OIDC_PROVIDER_NAME", "MitID")
# The claims that may carry the CPR number, first found wins (NemLog-in's OIOSAML attribute as the broker
# passes it on, then a plain "cpr").
CITIZEN_CPR_CLAIMS = os.getenv(
    "CITIZEN_CPR_CLAIMS", "dk:gov:cpr,https://data.gov.dk/model/core/eid/cprNumber,cpr"
).split(",")
# Short sessions: signed out after 15 minutes without a request and 1 hour after signing in.
CITIZEN_SESSION_IDLE_SECONDS = envint("CITIZEN_SESSION_IDLE_MINUTES", "15") * 60
CITIZEN_SESSION_MAX_SECONDS = envint("CITIZEN_SESSION_MAX_MINUTES", "60") * 60
# Rate limit: at most this many sign-in attempts from one address within the window (then 429).
CITIZEN_SIGN_IN_LIMIT = envint("CITIZEN_SIGN_IN_LIMIT", "10")
CITIZEN_SIGN_IN_WINDOW_MINUTES = envint("CITIZEN_SIGN_IN_WINDOW_MINUTES", "15")
# The age from which a young person signs in and sees their own case (docs/law.md, "The family's own pages").
CITIZEN_YOUNG_PERSON_AGE = envint("CITIZEN_YOUNG_PERSON_AGE", "15")
# The demo's sign-in without a provider (/borger/demo/): only with DEBUG or CITIZEN_DEMO_LOGIN=1, never in production.
CITIZEN_DEMO_LOGIN = envbool("CITIZEN_DEMO_LOGIN", str(DEBUG))

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
# Tidlig's own address as people reach it (e.g. https://tidlig.kommune.dk), for links in e-mail such as the
# network meeting invitations; empty: the links are paths only.
PUBLIC_URL = os.getenv("PUBLIC_URL", "").rstrip("/")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", str(not DEBUG))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(8 * 3600))
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Hardening as deployed (OWASP ASVS 4.0 V14.4 HTTP security headers, V9.1 TLS, V8.2 client-side data).
# Off by default so that `make run` and the test client work over plain HTTP; docs/deploy.md lists the
# production environment, under which `tidlig check --deploy` is clean (tests/test_deploy.py runs it).
# ASVS 9.1.1: plain HTTP is redirected to HTTPS, and HSTS tells the browser never to try HTTP again.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "True")
# Preloading binds the whole domain (and its subdomains) to HTTPS for browsers; the municipality decides.
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
# Behind a reverse proxy that terminates TLS, the proxy tells Django the request came over HTTPS in a
# header it sets itself (and strips from the client's request): "HTTP_X_FORWARDED_PROTO" (value "https")
# or "HEADER=value". Unset when Django faces the client directly: trusting it then would let a client lie.
if proxy_header := os.getenv("SECURE_PROXY_SSL_HEADER", "").strip():
    header, _sep, value = proxy_header.partition("=")
    SECURE_PROXY_SSL_HEADER = (header.strip(), value.strip() or "https")
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", "False")
# ASVS 14.4.6: no URL (which may carry a child's id) leaves the site in a Referer header.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# ASVS 14.4.3 / 5.3.3: a strict Content Security Policy. Scripts and styles only from Tidlig's own static
# files (no CDN, no inline script, no inline event handler, no eval). The few <style> blocks in the
# printable letters (also rendered to PDF by WeasyPrint) carry the per-response nonce; style attributes
# are not allowed. Neither DKFDS nor htmx needs 'unsafe-inline': both set styles through the CSSOM, and
# htmx 4 adds its indicator CSS as a constructed stylesheet (adoptedStyleSheets), which CSP does not
# govern. htmx would need 'unsafe-eval' for hx-on:*, "js:" values and trigger filters: templates use none
# (tidlig/core/tests/test_hardening.py). data: images are used by DKFDS's and swagger-ui's CSS (icons).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    # A form posted to sign in may be redirected to the municipality's identity provider (OIDC):
    # browsers check form-action on that redirect too, so its origin is added from the environment.
    "form-action": [CSP.SELF, *(o.strip() for o in os.getenv("CSP_FORM_ACTION", "").split(",") if o.strip())],
}
CSRF_COOKIE_HTTPONLY = True
# ASVS 8.2.1: pages, PDFs and API answers carry personal data; NoStoreMiddleware marks every response
# but static files (WhiteNoise answers those before it) Cache-Control: no-store.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
}

# --- Signing in (issue 8; OWASP ASVS 4.0 V2 authentication, V3 sessions). Described in README, "Signing in". ---
import datetime as _dt  # noqa: E402

INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "axes", "tidlig.accounts"]
# After authentication and messages (the timeout tells the login page why the person was signed out).
_after = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1
MIDDLEWARE[_after:_after] = [
    "django_otp.middleware.OTPMiddleware",
    # Idle and absolute session limits first, so an expired session is never asked for a TOTP code.
    "tidlig.accounts.middleware.SessionTimeoutMiddleware",
    "tidlig.accounts.middleware.MfaRequiredMiddleware",
]
TEMPLATES[0]["OPTIONS"]["context_processors"].append("tidlig.accounts.context_processors.session_timeout")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")  # turns a lockout into the Danish lockout page
# Axes first: it refuses a locked-out username+IP before any password is checked (ASVS 2.2.1).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: a locked-out pair is refused before any check
    "django.contrib.auth.backends.ModelBackend",
    "tidlig.organisation.oidc.TidligOIDCBackend",
]

# ASVS 2.1.1 (at least 12 characters), 2.1.7 (breached/common passwords refused); NSIS "betydelig".
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", "12")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lockout (ASVS 2.2.1): LOGIN_FAILURE_LIMIT wrong passwords for one username from one IP address lock
# that combination for LOGIN_LOCKOUT_MINUTES; the right password is refused too while locked.
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = _dt.timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_DISABLE_ACCESS_LOG = (
    True  # Tidlig's own audit log records logins (ASVS V7), see tidlig/accounts/signals.py
)
# Behind N reverse proxies set TRUSTED_PROXY_COUNT=N, so the client's address is read from X-Forwarded-For
# (the Nth address from the right, the one the outermost trusted proxy saw); 0 uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
AXES_CLIENT_IP_CALLABLE = "tidlig.accounts.network.client_ip"

# TOTP (ASVS 2.8): codes from an authenticator app; django-otp throttles wrong codes exponentially per device
# (1, 2, 4, 8 … seconds), so the six digits cannot be guessed by brute force.
OTP_TOTP_ISSUER = os.getenv("OTP_TOTP_ISSUER", "Tidlig")
OTP_TOTP_THROTTLE_FACTOR = 1

# Sessions (ASVS 3.3.2): logged out after SESSION_IDLE_MINUTES without a request, and after SESSION_COOKIE_AGE
# (8 hours) whatever happens; the page warns SESSION_IDLE_WARNING_SECONDS before the idle limit.
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_MINUTES", "30") * 60
SESSION_IDLE_WARNING_SECONDS = envint("SESSION_IDLE_WARNING_SECONDS", "120")
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# API tokens: the longest lifetime a token may be given, and how many bad tokens one address may send in
# API_TOKEN_FAILURE_WINDOW_MINUTES before it gets 429 (ASVS 2.2.1, 11.1.4).
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", "365")
API_TOKEN_FAILURE_LIMIT = envint("API_TOKEN_FAILURE_LIMIT", "20")
API_TOKEN_FAILURE_WINDOW_MINUTES = envint("API_TOKEN_FAILURE_WINDOW_MINUTES", "15")
