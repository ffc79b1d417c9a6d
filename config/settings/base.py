"""Settings shared by every environment; every value comes from an environment variable.

Each variable is documented in .env.example. Defaults suit a single self-hosted machine:
SQLite under var/, the local-memory cache, and no debug output.
"""

from pathlib import Path

import django_stubs_ext
import environ

# Lets admin and querysets be subscripted for the type checker (ModelAdmin[Title]).
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# The key comes from DJANGO_SECRET_KEY, or from the file DJANGO_SECRET_KEY_FILE names
# (`make run` writes a random one to var/secret_key on first run).
_secret_key_file = Path(env.str("DJANGO_SECRET_KEY_FILE", default=str(VAR_DIR / "secret_key")))
# `manage.py backup` copies this file beside the database and `restore` puts it back.
SECRET_KEY_FILE = _secret_key_file
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and _secret_key_file.is_file():
    SECRET_KEY = _secret_key_file.read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"Set DJANGO_SECRET_KEY, or run `make run` once to create {_secret_key_file}."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# A styled page that says what to do (reload the form, allow cookies), in the reader's language.
CSRF_FAILURE_VIEW = "cinemeter.core.errors.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "cinemeter.core",
    "cinemeter.accounts",
    "cinemeter.catalog",
    "cinemeter.search",
    "cinemeter.community",
    "cinemeter.releases",
    "cinemeter.editorial",
    "simple_history",
    "cinemeter.ingest",
    "cinemeter.scale",
]

MIDDLEWARE = [
    # Outermost: HEAD answers lose the body after every other middleware has seen it.
    "cinemeter.core.head.head_without_body",
    "django.middleware.security.SecurityMiddleware",
    "cinemeter.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cinemeter.accounts.language.MemberLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Publishes due scheduled articles where no task worker runs (at most every 30 s).
    "cinemeter.editorial.middleware.ScheduledPublishMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Innermost, so the 405 page is made with the reader's language and member.
    "cinemeter.core.errors.MethodNotAllowedMiddleware",
]

ROOT_URLCONF = "config.urls"
# Forms repeat at most a field's own maximum of what was posted (cinemeter.core.forms).
FORM_RENDERER = "cinemeter.core.forms.SiteFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cinemeter" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cinemeter.core.context_processors.site_counters",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# SQLite is the embedded default. Its pragmas run on every new connection: WAL lets readers
# and the one writer work side by side, and IMMEDIATE transactions take the write lock up
# front so concurrent writers queue on busy_timeout instead of failing with "locked".
# Memory per web worker: the file is mapped up to 128 MB (pages shared with the OS cache, but
# counted in the worker's resident set) plus a private page cache of up to 64 MB; with
# 256 MB mapped, a worker of the full MovieMeter-scale database peaked above 300 MB.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA foreign_keys=ON;"
    "PRAGMA busy_timeout=5000;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA mmap_size=134217728;"
    "PRAGMA cache_size=-65536;"
)

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'cinemeter.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": SQLITE_PRAGMAS,
        "transaction_mode": "IMMEDIATE",
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=600)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A write that loses a race ("deadlock detected", "could not serialize", SQLite's "database is
# locked") runs again as a whole transaction, up to this many times in all, pausing a random
# 0..BACKOFF, 0..2×BACKOFF, ... seconds between tries (`cinemeter.core.writes`).
WRITE_ATTEMPTS = env.int("WRITE_ATTEMPTS", default=4)
WRITE_RETRY_BACKOFF = env.float("WRITE_RETRY_BACKOFF", default=0.05)
# /health/ready (`cinemeter.core.health`): a queue heartbeat is asked for when the last one is
# older than BEAT seconds, and the queue is reported stalled when it is older than MAX_AGE.
HEALTH_QUEUE_BEAT_SECONDS = env.int("HEALTH_QUEUE_BEAT_SECONDS", default=60)
HEALTH_QUEUE_MAX_AGE_SECONDS = env.int("HEALTH_QUEUE_MAX_AGE_SECONDS", default=180)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Background tasks -----------------------------------------------------------------------
# huey runs the translation tasks. Without REDIS_URL its queue is a SQLite file and each web
# worker runs it in a thread (config/gunicorn.py): nothing else to start. With REDIS_URL the
# queue lives in Redis and `manage.py run_huey` is the worker (README: "Translation").
# Both queue classes keep what huey alone would drop: unknown tasks, tasks that failed their
# last retry, tasks cut off by a stop (cinemeter.core.tasks; `manage.py tasks` lists them).
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    HUEY = {
        "huey_class": "cinemeter.core.tasks.RedisQueueHuey",
        "name": "cinemeter",
        "immediate": False,
        "connection": {"url": REDIS_URL},
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "cinemeter.core.tasks.EmbeddedHuey",
        "name": "cinemeter",
        "immediate": False,
        "filename": env.str("TASKS_QUEUE_FILE", default=str(VAR_DIR / "tasks.sqlite3")),
        # A queued task is on disk once `enqueue` returns, also after a power cut.
        "fsync": True,
        # Two web workers and `manage.py` commands share the file.
        "timeout": 10,
    }
TASKS_EMBEDDED = not REDIS_URL

# --- Cache ----------------------------------------------------------------------------------
# Local memory by default (one cache per worker); set CACHE_URL (or REDIS_URL) to
# redis://127.0.0.1:6379/1 when workers or machines should share one: Django's own RedisCache.
_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "cinemeter",
        }
    }
else:
    CACHES = {"default": env.cache_url_config(_cache_url or "locmemcache://cinemeter")}
    if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        # Room per worker for ~1,000 anonymous pages of ~50 kB and the panels of ~1,000 titles
        # (seven fragments of ~3 kB each): about 70 MB at most.
        CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 8000
# How long an anonymous visitor's cached page may live; writes that change a page invalidate
# it at once through `cinemeter.core.page_cache` (this only bounds bulk imports).
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)
# How often one process looks for scheduled articles that are due (editorial.middleware);
# the task worker's minute task does the same where a worker runs.
EDITORIAL_DUE_CHECK_SECONDS: int | None = env.int("EDITORIAL_DUE_CHECK_SECONDS", default=30)

# --- Members --------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = ["cinemeter.accounts.backends.UsernameOrEmailBackend"]
# Database sessions as Django stores them, loaded by one plain query (accounts/sessions.py).
SESSION_ENGINE = "cinemeter.accounts.sessions"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "catalog:home"
LOGOUT_REDIRECT_URL = "catalog:home"
# How long the links mailed for activation and e-mail changes work, in seconds (3 days).
ACCOUNTS_LINK_MAX_AGE = 3 * 24 * 3600
PASSWORD_RESET_TIMEOUT = 24 * 3600
# Rate limits, counted in the database so all workers count together (accounts.throttle).
# Accepted registrations per client address per window, and e-mails asked for (activation
# resends, password resets) per address per window.
ACCOUNTS_REGISTRATIONS_PER_IP = env.int("ACCOUNTS_REGISTRATIONS_PER_IP", default=5)
ACCOUNTS_MAILS_PER_IP = env.int("ACCOUNTS_MAILS_PER_IP", default=10)
ACCOUNTS_REGISTRATION_WINDOW = 3600
# Failed log-ins per account per window: then password log-in to it pauses and its owner is
# mailed a link that logs them in. Per client address, far more (a NAT hides many members):
# then that address's log-ins pause.
ACCOUNTS_LOGIN_FAILURES_ALLOWED = env.int("ACCOUNTS_LOGIN_FAILURES_ALLOWED", default=5)
ACCOUNTS_LOGIN_FAILURES_PER_IP = env.int("ACCOUNTS_LOGIN_FAILURES_PER_IP", default=100)
ACCOUNTS_LOGIN_FAILURE_WINDOW = 15 * 60
ACCOUNTS_AVATAR_MAX_BYTES = 5 * 1024 * 1024
# Take the client address from the last X-Forwarded-For entry, which the site's own reverse
# proxy appends; only safe when every request comes through that proxy.
TRUST_X_FORWARDED_FOR = env.bool("DJANGO_TRUST_X_FORWARDED_FOR", default=False)

# --- E-mail ---------------------------------------------------------------------------------
# Printed to the console by default; EMAIL_URL=smtp+tls://user:password@host:587 sends it.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST") or "localhost"
EMAIL_PORT = _email.get("EMAIL_PORT") or 25
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER") or ""
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Cinemeter <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages and formats ------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("nl", "Nederlands")]
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Day-month-year dates in both languages (cinemeter/core/formats).
FORMAT_MODULE_PATH = ["cinemeter.core.formats"]
# The compiled catalogues (cinemeter/locale/<lang>/LC_MESSAGES/django.mo) are committed;
# `make messages` rebuilds them from the .po files without GNU gettext.
LOCALE_PATHS = [BASE_DIR / "cinemeter" / "locale"]
# The switcher's choice, for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "cinemeter" / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# A single self-hosted machine serves uploads itself; behind a web server that serves
# MEDIA_ROOT, turn this off.
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security -------------------------------------------------------------------------------
# Off by default so `make run` works over plain http on 127.0.0.1; a public deployment behind
# TLS turns them on (see .env.example and `manage.py check --deploy`).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
if env.bool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The site's own scripts and styles only: no inline ones, no other origins. Images may come
# from other https sites (posters with a remote URL). The shape of Django 6's SECURE_CSP.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "https:", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# Browser features the site never uses, turned off for it and anything it might embed.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "cinemeter.core.logging.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        # Django logs a refused request (PermissionDenied, 403) with its traceback.
        "django.request": {"filters": ["forbidden_one_line"]},
        "django.security.csrf": {"filters": ["forbidden_one_line"]},
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}

# --- Catalogue ------------------------------------------------------------------------------
CATALOG_PAGE_SIZE = env.int("CATALOG_PAGE_SIZE", default=30)
# The language of the catalogue's own titles and plots (what the importers bring); readers of
# another language get a TitlePlot and an alternative title of theirs when there is one.
CATALOG_TEXT_LANGUAGE = "en"
# The regions whose alternative titles (IMDb akas) a reader of each language reads.
CATALOG_TITLE_REGIONS = {"nl": ("NL", "BE")}

# --- Community ------------------------------------------------------------------------------
# Below this many votes a title shows "Too few votes" instead of its average.
VOTES_MINIMUM_FOR_AVERAGE = env.int("VOTES_MINIMUM_FOR_AVERAGE", default=3)

# --- Data imports ---------------------------------------------------------------------------
# Where importers write the rejected rows of each run (file, line, reason).
INGEST_REJECTS_DIR = Path(env.str("INGEST_REJECTS_DIR", default=str(VAR_DIR / "ingest")))

# --- Messages, paste guard and moderation ---------------------------------------------------
MESSAGES_PAGE_SIZE = env.int("MESSAGES_PAGE_SIZE", default=20)
MESSAGES_MAX_LENGTH = 10_000
# A posted message at least this long is checked against known texts (title plots, other
# members' messages) and against the "pasted a long text" mark the page's script sets.
PASTE_GUARD_MIN_LENGTH = env.int("PASTE_GUARD_MIN_LENGTH", default=300)
# A message copies a known text when their Jaccard similarity, or the share of the smaller of
# the two found in the other, reaches this; the latter only with this many word runs shared.
PASTE_GUARD_SIMILARITY = 0.5
PASTE_GUARD_MIN_SHARED_SHINGLES = 40
# Message language detection: fewer words than this, candidates closer than this relative
# distance, or a best confidence under this leave a message's language unknown.
MESSAGES_LANGUAGE_MIN_WORDS = 2
MESSAGES_LANGUAGE_MIN_DISTANCE = 0.25
MESSAGES_LANGUAGE_MIN_CONFIDENCE = 0.8
# Machine translation of messages for readers of other languages (README: "Translation").
# none | libretranslate | deepl | argos
TRANSLATOR_BACKEND = env.str("TRANSLATOR_BACKEND", default="none")
LIBRETRANSLATE_URL = env.str("LIBRETRANSLATE_URL", default="")
LIBRETRANSLATE_API_KEY = env.str("LIBRETRANSLATE_API_KEY", default="")
DEEPL_API_KEY = env.str("DEEPL_API_KEY", default="")
# Empty: chosen from the key (":fx" keys use api-free.deepl.com).
DEEPL_API_URL = env.str("DEEPL_API_URL", default="")
# Seconds per HTTP call; extra attempts after a timeout, refused connection, 429 or 5xx, with
# BACKOFF, 2×BACKOFF, ... seconds between them.
TRANSLATOR_TIMEOUT = env.float("TRANSLATOR_TIMEOUT", default=10.0)
TRANSLATOR_RETRIES = env.int("TRANSLATOR_RETRIES", default=2)
TRANSLATOR_BACKOFF = env.float("TRANSLATOR_BACKOFF", default=1.0)
# After this many failed translations in a row, no calls for COOLDOWN seconds.
TRANSLATOR_BREAKER_THRESHOLD = env.int("TRANSLATOR_BREAKER_THRESHOLD", default=5)
TRANSLATOR_BREAKER_COOLDOWN = env.int("TRANSLATOR_BREAKER_COOLDOWN", default=300)
# A failed translation task is tried again this many times, this many seconds apart.
TRANSLATION_TASK_RETRIES = env.int("TRANSLATION_TASK_RETRIES", default=5)
TRANSLATION_TASK_RETRY_DELAY = env.int("TRANSLATION_TASK_RETRY_DELAY", default=600)
# Accounts younger than this many days post and vote at a limited rate.
NEW_MEMBER_DAYS = env.int("NEW_MEMBER_DAYS", default=7)
NEW_MEMBER_MESSAGES_PER_HOUR = env.int("NEW_MEMBER_MESSAGES_PER_HOUR", default=10)
NEW_MEMBER_VOTES_PER_HOUR = env.int("NEW_MEMBER_VOTES_PER_HOUR", default=60)
