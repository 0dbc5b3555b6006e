"""Django settings for dtapi, read from the environment.

DATABASE_URL     database (default: SQLite file ./dtapi.sqlite3)
DTAPI_BASE_URL   the public base URL, e.g. https://datatracker.example.org
SECRET_KEY       secret for sessions and API-key digests; generated into DTAPI_VAR_DIR when unset
DTAPI_VAR_DIR    folder for generated state (default ./var)
DEBUG            "1"/"true" to enable (default off)
ALLOWED_HOSTS    comma-separated (default: the host of DTAPI_BASE_URL)
SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS, SECURE_HSTS_PRELOAD, SECURE_SSL_REDIRECT,
SESSION_COOKIE_SECURE, CSRF_COOKIE_SECURE (default: on when DTAPI_BASE_URL is https),
SECURE_PROXY_SSL_HEADER ("X-Forwarded-Proto: https"), CSRF_TRUSTED_ORIGINS (comma-separated;
                 default: the origin of DTAPI_BASE_URL)  Django's settings of those names
                 (docs/deployment.md, "Security settings")
DTAPI_SIGNING_KEY_PEM / _FILE, DTAPI_OIDC_RSA_KEY_PEM / _FILE, DTAPI_OIDC_EC_KEY_PEM / _FILE
                 the signing and OpenID Connect keys (docs/notifications.md, docs/oidc.md)
DTAPI_GENERATE_KEYS  "0" in production: a missing key file is an error, not generated
DTAPI_REDIS_URL  e.g. redis://127.0.0.1:6379/0: Django's RedisCache for the caches and throttles
                 (default: none; throttles count in the database, caches are per process)
DTAPI_TRUSTED_PROXIES  comma-separated addresses or networks of reverse proxies whose
                 X-Forwarded-For names the client (default: none; the header is ignored)
DTAPI_LOGIN_FAILURE_LIMIT, DTAPI_LOGIN_COOLOFF  failed logins per account and per address
                 (default 10) before logging in is blocked for the cool-off (seconds, 900)
DTAPI_STATEMENT_TIMEOUT  seconds one database statement may run (default 30; 0: no limit).
                 PostgreSQL enforces it (libpq "options" of the connection, no query per
                 request); on SQLite dtapi.database.limits does. An /api/v1 request cut off
                 answers 400. `dtapi load` and `migrate` lift it for their own connection.
DATABASE_REPLICA_URLS  comma-separated URLs of read replicas (aliases replica1, replica2, ...):
                 GET requests read from them, writes go to DATABASE_URL (docs/deployment.md)
DTAPI_DB_CONNECT_TIMEOUT  seconds to wait for a PostgreSQL connection (default 3), so that an
                 unreachable database answers 503 + Retry-After quickly
"""

from __future__ import annotations

import contextlib
import datetime
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dtapi.oidc.pkce import pkce_required as _pkce_required

BASE_DIR = Path(__file__).resolve().parent


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


VAR_DIR = Path(os.environ.get("DTAPI_VAR_DIR", "var")).resolve()


def _secret_key() -> str:
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    # Generated once and kept beside the data, never hard-coded or committed.
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("DEBUG")
DTAPI_BASE_URL = os.environ.get("DTAPI_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_BASE = urlsplit(DTAPI_BASE_URL)
_LOOPBACK = ["127.0.0.1", "localhost", "[::1]"]


def _env_list(name: str) -> list[str] | None:
    raw = os.environ.get(name)
    if raw is None:
        return None
    return [item.strip() for item in raw.split(",") if item.strip()]


def _allowed_hosts() -> list[str]:
    """ALLOWED_HOSTS from the environment, else the host of DTAPI_BASE_URL (and, when that is a
    loopback address, the other loopback names: a development server)."""
    hosts = _env_list("ALLOWED_HOSTS")
    if hosts is not None:
        return hosts
    host = _BASE.hostname or ""
    if not host:
        raise ImproperlyConfigured(f"DTAPI_BASE_URL has no host: {DTAPI_BASE_URL!r}")
    host = f"[{host}]" if ":" in host else host
    if host in ("0.0.0.0", "[::]"):
        # A development server on every interface (make run HOST=0.0.0.0) names no host.
        return ["*"]
    return _LOOPBACK if host in _LOOPBACK else [host]


ALLOWED_HOSTS = _allowed_hosts()

# --- HTTPS and cookies (Django's settings of the same names; docs/deployment.md).
_HTTPS = _BASE.scheme == "https"


def _header_setting(name: str) -> tuple[str, str] | None:
    """``SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https"`` -> Django's (META name, value)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    header, sep, value = raw.partition(":")
    if not sep or not header.strip() or not value.strip():
        raise ImproperlyConfigured(f'{name} must read "Header-Name: value", not {raw!r}')
    meta = header.strip().upper().replace("-", "_")
    return (meta if meta.startswith("HTTP_") else f"HTTP_{meta}", value.strip())


SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT")
# Behind a TLS-terminating proxy: the header it sets (and strips from clients) on HTTPS requests.
SECURE_PROXY_SSL_HEADER = _header_setting("SECURE_PROXY_SSL_HEADER")
SESSION_COOKIE_SECURE = _env_bool("SESSION_COOKIE_SECURE", _HTTPS)
CSRF_COOKIE_SECURE = _env_bool("CSRF_COOKIE_SECURE", _HTTPS)
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS") or (
    [f"{_BASE.scheme}://{_BASE.netloc}"] if _HTTPS else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "dtapi.engine",
    "dtapi.name",
    "dtapi.person",
    "dtapi.group",
    "dtapi.doc",
    "dtapi.meeting",
    "dtapi.iesg",
    "dtapi.submit",
    "dtapi.stats",
    "dtapi.utils",
    "dtapi.message",
    "dtapi.mailtrigger",
    "dtapi.dbtemplate",
    "dtapi.review",
    "dtapi.ipr",
    "dtapi.liaisons",
    "dtapi.nomcom",
    "dtapi.community",
    "dtapi.redirects",
    "dtapi.mailinglists",
    "dtapi.loaders",
    "dtapi.benchdata",
    "dtapi.api",
    "dtapi.accounts",
    "dtapi.signing",
    "dtapi.oidc",  # before oauth2_provider: its templates override DOT's
    "oauth2_provider",
    "django_tasks",
    "django_tasks_db",
    "dtapi.tasks",
    "dtapi.notify",
    "dtapi.ratelimit",
    "axes",
    "dtapi.changes",  # the change feed /api/changes (not an /api/v1 app)
    "dtapi.mirror",  # dtapi mirror / dtapi export (not an /api/v1 app)
    "dtapi.database",  # last: see dtapi.database.limits.connect_signals
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (the admin's styles) from STATIC_ROOT, with far-future caching when hashed.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # GET requests may read from a replica (DATABASE_REPLICA_URLS); before anything reads.
    "dtapi.database.routers.ReplicaRoutingMiddleware",
    # gzip for /api/v1 answers, above CORS and ETag/304 (both see the uncompressed body).
    "dtapi.engine.middleware.ApiGZipMiddleware",
    # CORS above CommonMiddleware, so its slash redirects carry the CORS headers too.
    "dtapi.engine.cors.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # A query cut off by DTAPI_STATEMENT_TIMEOUT: 503, not a 500 page (/api/v1 answers 400).
    "dtapi.database.middleware.StatementTimeoutMiddleware",
    # The database unreachable: 503 + Retry-After (JSON), not a 500 page.
    "dtapi.database.availability.DatabaseUnavailableMiddleware",
    # Login attempt limits (django-axes): turns a lockout into its answer (below it only ETag/304).
    "axes.middleware.AxesMiddleware",
    # ETag/304 for every GET, the API's included (the engine sets its ETags where it has them).
    # Innermost, so that the middleware above add their headers (X-Frame-Options, ...) to a 304
    # as they do to a 200: Django's 304 keeps only the caching headers of the answer it replaces.
    "django.middleware.http.ConditionalGetMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses logins past the attempt limit before any password is checked.
    "dtapi.ratelimit.backends.LoginAttemptsBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Flash messages live in the session, which is loaded only when a page uses them; the default
# (cookie, then session) would build a signed-cookie reader on every API request.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

ROOT_URLCONF = "dtapi.urls"
WSGI_APPLICATION = "dtapi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _statement_timeout() -> float:
    raw = os.environ.get("DTAPI_STATEMENT_TIMEOUT", "30").strip()
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise ImproperlyConfigured(
            f"DTAPI_STATEMENT_TIMEOUT must be a number of seconds >= 0 (0: no limit), not {raw!r}"
        )
    return seconds


def _with_statement_timeout(options: str, seconds: float) -> str:
    """libpq ``options`` with ``-c statement_timeout=<ms>`` added last (so it wins).

    0 adds nothing: the server's (or role's) own default applies.
    """
    if not seconds:
        return options
    # At least 1 ms: PostgreSQL reads 0 as "no timeout".
    setting = f"-c statement_timeout={max(1, round(seconds * 1000))}"
    return f"{options} {setting}" if options else setting


# Seconds one statement may run; set on the connection, so it costs no query per request.
DTAPI_STATEMENT_TIMEOUT = _statement_timeout()

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{Path('dtapi.sqlite3').resolve()}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets gunicorn workers read while a loader writes.
    DATABASES["default"]["OPTIONS"].setdefault(
        "init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
else:
    DATABASES["default"].setdefault("TEST", {})["NAME"] = os.environ.get(
        "DTAPI_TEST_DB_NAME", "test_dtapi"
    )
# Read replicas (dtapi.database.routers): same engine and options as the primary.
DTAPI_DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(
    (u.strip() for u in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if u.strip()), 1
):
    _replica = dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"])
    # Tests: a replica is the test database itself (Django's test mirror).
    _replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{_number}"] = _replica
    DTAPI_DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["dtapi.database.routers.ReplicaRouter"]

_DB_CONNECT_TIMEOUT = os.environ.get("DTAPI_DB_CONNECT_TIMEOUT", "3")
for _database in DATABASES.values():
    if not _database["ENGINE"].endswith(("postgresql", "postgis")):
        continue
    # Merged with options from DATABASE_URL (?options=...); the server applies it at connect.
    _options = _database.setdefault("OPTIONS", {})
    if DTAPI_STATEMENT_TIMEOUT:
        _options["options"] = _with_statement_timeout(
            _options.get("options", ""), DTAPI_STATEMENT_TIMEOUT
        )
    # An unreachable server answers 503 in seconds, not after the kernel's TCP timeout.
    _options.setdefault("connect_timeout", int(_DB_CONNECT_TIMEOUT))

DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves it (and warns at every start when it does not exist yet).
with contextlib.suppress(OSError):
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Internet-Draft files (submissions being processed, posted drafts): Django's storage "drafts",
# a folder by default (docs/submission.md).
DTAPI_STORAGE_DIR = Path(os.environ.get("DTAPI_STORAGE_DIR", VAR_DIR / "storage")).resolve()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "drafts": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DTAPI_STORAGE_DIR), "base_url": None},
    },
    # Session materials uploaded through /api/notify/... (bluesheets, chat logs, polls).
    "materials": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(DTAPI_STORAGE_DIR / "materials"), "base_url": None},
    },
}
# A folder of reference.*.xml files that submitted drafts may include (never fetched).
DTAPI_XML_LIBRARY = os.environ.get("DTAPI_XML_LIBRARY", "")
# Submission limits and addresses (dtapi.submit.conf), e.g. {"MAX_XML_SIZE": 3145728}.
DTAPI_SUBMIT: dict[str, object] = {}

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/accounts/apikey/"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# SMTP (EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend): Django's own settings.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "dtapi <noreply@localhost>")

DTAPI_REDIS_URL = os.environ.get("DTAPI_REDIS_URL", "").strip()
if DTAPI_REDIS_URL:
    # Shared by every worker and node; throttles increment their counters atomically there.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DTAPI_REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Reverse proxies whose X-Forwarded-For names the client (dtapi.ratelimit.clients).
DTAPI_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("DTAPI_TRUSTED_PROXIES", "").split(",") if p.strip()
]


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number >= 1, not {raw!r}")
    return value


# --- Login attempt limits (django-axes) on /accounts/login/ and /admin/login/: per account and
# per client address, separately; the counts live in the database (shared by all workers).
AXES_FAILURE_LIMIT = _env_int("DTAPI_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = datetime.timedelta(seconds=_env_int("DTAPI_LOGIN_COOLOFF", 900))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "dtapi.ratelimit.clients.login_client_address"
AXES_LOCKOUT_CALLABLE = "dtapi.ratelimit.views.login_lockout"
AXES_DISABLE_ACCESS_LOG = True  # failures are what it needs; no row per successful login
AXES_VERBOSE = False

# dtapi's own settings, one namespace; read through dtapi.engine.conf.
DTAPI: dict[str, object] = {}

# Days the change feed (/api/changes, dtapi.changes) keeps its entries.
DTAPI_CHANGES_RETENTION_DAYS = float(os.environ.get("DTAPI_CHANGES_RETENTION_DAYS", "30"))
# Seconds a worker may serve a cached /api/v1 detail before asking the database (and Redis)
# whether another process committed a change (dtapi.engine.freshness; default 0.5, 0: always).
if os.environ.get("DTAPI_FRESHNESS_SECONDS", "").strip():
    DTAPI["FRESHNESS_SECONDS"] = float(os.environ["DTAPI_FRESHNESS_SECONDS"])

# --- Keys: the JWS signing key (dtapi.signing) and the OpenID Connect ID-token keys (dtapi.oidc).
# Each is PEM text from the environment, else a file (default under VAR_DIR/keys/) made by
# `dtapi signing-key generate` / `dtapi oidc-key generate`. With DTAPI_GENERATE_KEYS on (the
# default, for development and tests) a missing file is generated on first use; production sets
# it to 0, so that a missing key is an error (system checks signing.E001, oidc.E002).
DTAPI_GENERATE_KEYS = _env_bool("DTAPI_GENERATE_KEYS", True)
DTAPI_SIGNING_KEY_PEM = os.environ.get("DTAPI_SIGNING_KEY_PEM", "")
DTAPI_SIGNING_KEY_FILE = os.environ.get(
    "DTAPI_SIGNING_KEY_FILE", str(VAR_DIR / "keys" / "signing-es256.pem")
)
DTAPI_OIDC_RSA_KEY_PEM = os.environ.get("DTAPI_OIDC_RSA_KEY_PEM", "")
DTAPI_OIDC_RSA_KEY_FILE = os.environ.get(
    "DTAPI_OIDC_RSA_KEY_FILE", str(VAR_DIR / "keys" / "oidc-rs256.pem")
)
DTAPI_OIDC_EC_KEY_PEM = os.environ.get("DTAPI_OIDC_EC_KEY_PEM", "")
DTAPI_OIDC_EC_KEY_FILE = os.environ.get(
    "DTAPI_OIDC_EC_KEY_FILE", str(VAR_DIR / "keys" / "oidc-es256.pem")
)

# --- Background tasks (dtapi.tasks): one queue, in the database, for every kind of task;
# `dtapi worker` runs them. DTAPI_TASKS: {"POLL_INTERVAL": 1, "HEARTBEAT": 5, "DEAD_AFTER": 60,
# "HOUSEKEEPING": 60} (docs/tasks.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "notify", "submit"],
    }
}
DTAPI_TASKS: dict[str, object] = {}

# --- Signed notifications (dtapi.notify): departures from dtapi.notify.conf's defaults, e.g.
# {"TIMEOUT": 10, "MAX_ATTEMPTS": 30, "BACKOFF_BASE": 15, "BACKOFF_MAX": 3600, "LEASE": 120}.
DTAPI_NOTIFY: dict[str, object] = {}

# --- OpenID Connect provider (django-oauth-toolkit, configured by dtapi.oidc).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oidc.Client"
# DOT's other models, named because the application model is swapped (migrations refer to them).
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_DEVICE_GRANT_MODEL = "oauth2_provider.DeviceGrant"
OAUTH2_PROVIDER: dict[str, object] = {
    "OIDC_ENABLED": True,
    "OIDC_ISS_ENDPOINT": DTAPI_BASE_URL + "/api/openid",
    "OIDC_RESPONSE_TYPES_SUPPORTED": ["code"],
    # "none": public clients (PKCE) send only their client_id.
    "OIDC_TOKEN_ENDPOINT_AUTH_METHODS_SUPPORTED": [
        "client_secret_basic",
        "client_secret_post",
        "none",
    ],
    "OIDC_RP_INITIATED_LOGOUT_ENABLED": True,
    "OIDC_RP_INITIATED_LOGOUT_ALWAYS_PROMPT": False,
    "OIDC_SERVER_CLASS": "dtapi.oidc.server.Server",
    "OAUTH2_VALIDATOR_CLASS": "dtapi.oidc.validator.Validator",
    "SCOPES_BACKEND_CLASS": "dtapi.oidc.scopes.ClientScopes",
    "PKCE_REQUIRED": _pkce_required,
    "REQUEST_APPROVAL_PROMPT": "auto",
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "ID_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 30 * 24 * 3600,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # RFC 9700 (OAuth security best practice): no implicit or password grants, PKCE S256 only,
    # no tokens in query strings, `iss` in authorization responses, tokens stored hashed.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    # "http" for native apps' loopback redirects (RFC 8252); production without such clients
    # sets DTAPI_OIDC_REDIRECT_SCHEMES=https (check --deploy warns otherwise, W008).
    "ALLOWED_REDIRECT_URI_SCHEMES": _env_list("DTAPI_OIDC_REDIRECT_SCHEMES") or ["http", "https"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
