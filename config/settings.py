"""Settings for the Dinsos Palangka Raya case-management system.

Everything that differs between a laptop demo and production comes from the
environment (see `.env.example`). With no `DATABASE_URL` the app runs on SQLite
in the project folder, so a newcomer gets a working demo with zero set-up.
"""

import datetime
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.templatetags.static import static
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Core switches -----------------------------------------------------------

# Off unless asked for: a production server that forgets to set DEBUG stays safe.
DEBUG = env_bool("DEBUG", default=False)

# Only the local demo (DEBUG on) may run on this well-known key.
DEMO_SECRET_KEY = "django-insecure-local-demo-only-never-use-in-production"  # noqa: S105 (refused with DEBUG off)
_PLACEHOLDER_KEYS = {"", DEMO_SECRET_KEY, "change-me", "changeme", "replace-me"}
SECRET_KEY = env_str("SECRET_KEY") or (DEMO_SECRET_KEY if DEBUG else "")
if not DEBUG and (
    SECRET_KEY.lower() in _PLACEHOLDER_KEYS
    or SECRET_KEY.startswith(("django-insecure", "change-me"))
    or len(SECRET_KEY) < 50
):
    raise ImproperlyConfigured(
        "SECRET_KEY is missing or a placeholder. With DEBUG off set SECRET_KEY to at least "
        "50 random characters, e.g. the output of: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- Applications ------------------------------------------------------------

INSTALLED_APPS = [
    # Unfold must come before django.contrib.admin to take over its templates. Its basic app config
    # leaves `admin.site` to ours: Unfold's site, keeping each visitor's list of models (core.admin_site).
    "unfold.apps.BasicAppConfig",
    "unfold.contrib.filters",
    "core.admin_site.OfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # Django's widget templates, for FORM_RENDERER below
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "auditlog",
    "phonenumber_field",
    "axes",
    # Ours: `core` is the shared plumbing (users, roles, regions, UI shell);
    # the three office domains sit on top of it.
    "core",
    "cases",
    "trainings",
    "venues",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.UserChoiceLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "core.middleware.NullCharacterMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "core.middleware.PrivatePagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Login everywhere: views opt out with @login_not_required.
    "core.session.LoginRequiredMiddleware",
    # Turns a refused login of a locked-out username into the lockout page (see AXES_* below).
    "axes.middleware.AxesMiddleware",
]

# Widgets render through TEMPLATES, so a project template can replace one
# (list filters write select options inline: core.lists.filters).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------

# Persistent connections with health checks: without them a list page measured
# 40 % slower here (see ../shared/PERF-BASELINE.md).
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 600)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo database: WAL and a busy timeout so the dev server and a
    # management command can share it; IMMEDIATE avoids "database is locked"
    # on write-after-read transactions.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
elif "postgresql" in DATABASES["default"]["ENGINE"]:
    # Prepared statements: a query sent a fifth time on a connection is planned once and reused
    # (the case list's SQL went from 5.3 to 2.7 ms here). Needs server-side parameters; a
    # connection pooler in transaction mode would need PG_PREPARE_THRESHOLD=0 (off).
    prepare_threshold = env_int("PG_PREPARE_THRESHOLD", 5)
    if prepare_threshold > 0:
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": prepare_threshold}
        )
    # No JIT compilation: PostgreSQL compiles any query estimated above jit_above_cost (100,000),
    # and the monthly round (venues.rounds: subqueries per venue, estimated pessimistically) passes
    # it at 2,000 venues: 3 s of compiling for a 20 ms query. A web page's queries never gain from it.
    # No Memoize nodes either: on a page of 25 follow-ups joined to their cases and participants,
    # PostgreSQL 15 sizes Memoize's cache for the 500,000 rows it estimates, 3 ms to run a 0.25 ms
    # query; no page measured in bench/ got slower without it (bench/README.md, "Memoize").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c enable_memoize=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication ----------------------------------------------------------

AUTH_USER_MODEL = "core.User"
# AxesStandaloneBackend first: it refuses a locked-out username before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "core.backends.PermissionBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): after 5 wrong passwords for one username from one address, that
# username is locked out from that address for 15 minutes; other users, and the same user from
# elsewhere, still log in. A successful login clears the count. The admin login is covered too.
# Every attempt is logged (the admin's "access attempts", "access failures" and "access logs").
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # one record per failed attempt, besides the count per username and address
AXES_LOCKOUT_CALLABLE = "core.views.login_locked_out"
# Behind a reverse proxy every request comes from the proxy's address: set TRUSTED_PROXY_COUNT to the
# number of proxies in front of the app, and the client's address is read from X-Forwarded-For
# (the entry the outermost trusted proxy added; what the client wrote itself is not trusted).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "core.backends.client_ip"

# Sessions end after 30 minutes without a request (refreshed by
# core.middleware.SessionIdleTimeoutMiddleware, at most once a minute).
SESSION_COOKIE_AGE = 30 * 60
SESSION_IDLE_REFRESH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- Internationalisation ----------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]  # ours first; see locale_thirdparty/messages.py
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Jakarta"  # Palangka Raya is on WIB (UTC+7).
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Manifest storage needs `collectstatic`; the demo server and the test suite
# serve straight from the finders instead.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", default=not DEBUG)
_STATIC_BACKEND = (
    "whitenoise.storage.CompressedManifestStaticFilesStorage"
    if STATIC_MANIFEST
    else "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": _STATIC_BACKEND},
}
# Uploaded documents are personal data: they live outside the web root and are
# only ever served through permission-checked views, never from a media URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "private-media")

# --- Security ----------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "core.session.csrf_failure"

# HTTPS settings are on whenever DEBUG is off; a deployment that terminates TLS
# at a proxy says so with SECURE_PROXY_SSL_HEADER=1.
_SECURE = not DEBUG
SESSION_COOKIE_SECURE = _SECURE
CSRF_COOKIE_SECURE = _SECURE
LANGUAGE_COOKIE_SECURE = _SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=_SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_SECURE)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=False)
# Preloading is a per-domain opt-in (a subdomain such as dinsos.palangkaraya.go.id
# cannot be submitted at all), so check --deploy does not nag about it.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
if env_bool("SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The health check is probed over plain HTTP from inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]

# Content Security Policy (Django 6's built-in support). No inline scripts:
# every script is a static file or carries the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# The admin (Unfold) runs Alpine.js, which evaluates its attribute expressions
# and sets inline styles; it gets this wider policy, still with no inline scripts.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.NONCE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}

# --- Third-party apps --------------------------------------------------------

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

UNFOLD = {
    "SITE_TITLE": _("Dinsos Palangka Raya"),
    "SITE_HEADER": _("Dinsos Palangka Raya"),
    "SITE_SUBHEADER": _("Administration"),
    "SITE_URL": "/",
    "SITE_SYMBOL": "diversity_1",
    "SITE_FAVICONS": [
        {"rel": "icon", "sizes": "any", "type": "image/svg+xml", "href": lambda request: static("img/favicon.svg")}
    ],
    # The app's teal (#0b5d5b) as Unfold's primary scale.
    "COLORS": {
        "primary": {
            "50": "oklch(97.5% .015 190)",
            "100": "oklch(94% .03 190)",
            "200": "oklch(88% .05 190)",
            "300": "oklch(80% .07 190)",
            "400": "oklch(68% .08 190)",
            "500": "oklch(55% .08 190)",
            "600": "oklch(45% .075 190)",
            "700": "oklch(41% .07 190)",
            "800": "oklch(35% .06 190)",
            "900": "oklch(29% .05 190)",
            "950": "oklch(21% .04 190)",
        },
    },
    "STYLES": [lambda request: static("css/admin.css")],
    "SCRIPTS": [lambda request: static("js/file-input.js")],
    "SHOW_HISTORY": "core.admin_base.show_history",  # the audit trail of the record, for supervisors
    "SHOW_VIEW_ON_SITE": True,
    "SHOW_LANGUAGES": True,
    "DASHBOARD_CALLBACK": "core.admin_dashboard.dashboard_callback",
    "SIDEBAR": {"show_search": True, "show_all_applications": True},
}

# Audit trail (django-auditlog): NIKs are masked in change diffs.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_MASK_CALLABLE = "core.masking.mask"  # the one mask for the whole system
AUDITLOG_DISABLE_REMOTE_ADDR = False

PHONENUMBER_DEFAULT_REGION = "ID"
PHONENUMBER_DEFAULT_FORMAT = "E164"

# --- Logging -----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL") or "INFO"},
    # WeasyPrint logs every rendering step of every PDF at INFO.
    "loggers": {
        "weasyprint.progress": {"level": "WARNING"},
        # Axes records every attempt in its tables (AccessAttempt, AccessLog, AccessFailureLog, in the
        # admin); its INFO line on every login, a test's force_login included, only repeats them.
        "axes": {"level": "WARNING"},
    },
}

# --- Demo --------------------------------------------------------------------

# One password for every demo user (`manage.py seed_demo`, refused with DEBUG off).
DEMO_PASSWORD = env_str("DEMO_PASSWORD") or "dinsos-demo-2026"
