"""Settings for JTAI, read from the environment.

Development defaults need no services: a SQLite file and kombu's filesystem transport.
Production differs only by environment variables (see README "Configuration").
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
# Local state of the quickstart: SQLite file, broker folder, beat schedule, media.
(VAR_DIR / "staticfiles").mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# bandit: for development only: with DEBUG=0 a missing SECRET_KEY stops start-up.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # nosec B105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG=0 the environment must provide SECRET_KEY "
        "(a long random string, e.g. from `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    # The admin's site asks for both factors (jtai/admin_site.py).
    "jtai.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "jtai",
    "inspections",
    "inspections.notifications",
    "inspections.case_audits",
    "inspections.reports",
    "inspections.fieldwork",
    "inspections.areas",
    "consultations",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "jtai.middleware.PermissionsPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jtai.sessions.IdleTimeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "jtai.middleware.PrivatePagesNotStored",
]

ROOT_URLCONF = "jtai.urls"
WSGI_APPLICATION = "jtai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jtai.context_processors.service",
                "jtai.context_processors.session_timeout",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jtai.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The worker, beat and web server share the quickstart file: wait for locks, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Sign-in attempts allowed (django-ratelimit syntax), per user name and per client address.
SIGN_IN_RATE_PER_USER = env.str("SIGN_IN_RATE_PER_USER", default="10/m")
SIGN_IN_RATE_PER_IP = env.str("SIGN_IN_RATE_PER_IP", default="30/m")
# Behind a proxy, the client address for rate limits (see django-ratelimit's RATELIMIT_IP_META_KEY).
RATELIMIT_IP_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")

# The read API (api/): requests a token may make, and an address without a token, per period
# ("120/m", "5000/h"); how long a new token lasts.
API_TOKEN_RATE = env.str("API_TOKEN_RATE", default="120/m")
API_PUBLIC_RATE = env.str("API_PUBLIC_RATE", default="60/m")
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=365)
# Two-factor sign-in (jtai/two_factor.py): the name authenticator apps show beside the code, how long
# the step between the password and the code may take, and how many tries at a code are allowed.
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="JTAI")
SIGN_IN_CODE_SECONDS = env.int("SIGN_IN_CODE_SECONDS", default=300)
SIGN_IN_CODE_RATE = env.str("SIGN_IN_CODE_RATE", default="5/m")
# A forgotten password: how long the e-mailed link works (whole hours; it also works only once), and
# how many reset requests one address may make (per client address, SIGN_IN_RATE_PER_IP applies).
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=2 * 3600)
PASSWORD_RESET_RATE_PER_EMAIL = env.str("PASSWORD_RESET_RATE_PER_EMAIL", default="3/h")
# Who people contact about the service (the sign-in page, the contact page, the privacy notice).
SUPPORT_EMAIL = env.str("SUPPORT_EMAIL", default="enquiries@ofsted.gov.uk")
SUPPORT_TELEPHONE = env.str("SUPPORT_TELEPHONE", default="0300 123 1231")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"
# Files only permission-checked views serve, outside the web root: case-audit files, letters
# before publication, uploads from areas.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=VAR_DIR / "private")
# The largest file people may upload (case-audit files, written statements of action), and the
# largest CSV of consultation responses an analyst may: jtai/uploads.py applies both.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
CONSULTATION_UPLOAD_MAX_BYTES = env.int("CONSULTATION_UPLOAD_MAX_BYTES", default=512 * 1024 * 1024)
AREA_INDICATORS_UPLOAD_MAX_BYTES = env.int("AREA_INDICATORS_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
# How long an intelligence note about an area is kept after the day it was received (docs/decisions/0012).
AREA_INTELLIGENCE_RETENTION_YEARS = env.int("AREA_INTELLIGENCE_RETENTION_YEARS", default=3)
# A single-use invitation link for a local contact without an account lasts this many working days.
CASE_AUDITS_INVITATION_WORKING_DAYS = 10
# New links asked for from an expired one's page (django-ratelimit syntax): per link and per client address.
INVITATION_NEW_LINK_RATE_PER_LINK = env.str("INVITATION_NEW_LINK_RATE_PER_LINK", default="3/h")
INVITATION_NEW_LINK_RATE_PER_IP = env.str("INVITATION_NEW_LINK_RATE_PER_IP", default="20/h")

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# E-mail: console in development; SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="JTAI <no-reply@jtai.localhost>")
GOVUK_NOTIFY_API_KEY = env.str("GOVUK_NOTIFY_API_KEY", default="")
# One Notify e-mail template whose body is ((body)) and subject ((subject)).
GOVUK_NOTIFY_TEMPLATE_ID = env.str("GOVUK_NOTIFY_TEMPLATE_ID", default="")
# Requests to Notify in flight at once from one dispatcher, and the rate all of them together keep
# within (Notify's own limit is 3,000 messages a minute; django-ratelimit syntax, counted in the cache).
GOVUK_NOTIFY_CONCURRENCY = env.int("GOVUK_NOTIFY_CONCURRENCY", default=4)
GOVUK_NOTIFY_RATE = env.str("GOVUK_NOTIFY_RATE", default="3000/m")
if GOVUK_NOTIFY_API_KEY and not GOVUK_NOTIFY_TEMPLATE_ID:
    raise ImproperlyConfigured(
        "GOVUK_NOTIFY_API_KEY is set but GOVUK_NOTIFY_TEMPLATE_ID is not: give the id of a Notify e-mail "
        "template whose subject is ((subject)) and body ((body))."
    )
# A hung mail server must fail a send well inside the dispatcher's lease.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport so the
# quickstart needs no broker.
REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that takes connections but does not answer (paused, restarting, a half-open link) would
# otherwise hold a request that queues work or reads the cache for ever: each socket step of the
# broker and the cache gives up after this many seconds, and the caller carries on without it.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=3.0)
REDIS_SOCKET_OPTIONS = {"socket_connect_timeout": REDIS_SOCKET_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT}
CELERY_BROKER_FOLDER = VAR_DIR / "celery-broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = dict(REDIS_SOCKET_OPTIONS)
else:
    # A host name, though the transport ignores it, keeps kombu from warning that none was given.
    CELERY_BROKER_URL = "filesystem://localhost/"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "out"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "out"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# load_demo writes the demo accounts here; with DEBUG on the worker prints them again once started,
# so that the quickstart's sign-in details are not scrolled away by the worker's banner.
DEMO_ACCOUNTS_FILE = VAR_DIR / "demo-accounts.txt"
CELERY_BEAT_SCHEDULE: dict = {}
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")

# Notifications (inspections/notifications/dispatch.py; docs/decisions/0001-database-is-source-of-truth.md).
# Beat asks this often whether anything is due (one indexed EXISTS) and dispatches if so, so a
# message goes within a few seconds of its due moment.
NOTIFICATIONS_DISPATCH_INTERVAL = env.float("NOTIFICATIONS_DISPATCH_INTERVAL", default=2.0)
# How long a claim holds. The dispatcher renews it whenever less than half is left before a
# send, so one send (EMAIL_TIMEOUT per SMTP step) must fit in half of it.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=300)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=5)
NOTIFICATIONS_RETRY_SECONDS = env.int("NOTIFICATIONS_RETRY_SECONDS", default=60)
NOTIFICATIONS_BATCH_SIZE = env.int("NOTIFICATIONS_BATCH_SIZE", default=100)
NOTIFICATIONS_DISPATCH_SPREAD = env.int("NOTIFICATIONS_DISPATCH_SPREAD", default=4)
# A monitored mailbox that organises the meeting invitations and receives their replies; empty:
# the lead inspector of each inspection does.
NOTIFICATIONS_REPLY_TO = env.str("NOTIFICATIONS_REPLY_TO", default="")
NOTIFICATIONS_REMINDER_WORKING_DAYS = 2
NOTIFICATIONS_REMINDER_TIME = "09:00"
NOTIFICATIONS_TEAM_MILESTONES = ("onsite_start", "draft_letter_due", "publication_due")

# Planning warns of a second inspection of an area within this many months of another (either side).
PLANNING_REPEAT_WARNING_MONTHS = env.int("PLANNING_REPEAT_WARNING_MONTHS", default=12)
# Case-audit free text and files are erased this many calendar months after publication
# (inspections/case_audits/retention.py), by the daily beat task below.
CASE_AUDITS_RETENTION_MONTHS = env.int("CASE_AUDITS_RETENTION_MONTHS", default=12)
CELERY_BEAT_SCHEDULE["dispatch-due-notifications"] = {
    "task": "inspections.notifications.tasks.dispatch_due_notifications",
    "schedule": NOTIFICATIONS_DISPATCH_INTERVAL,
    # A tick that waited out a broker outage or a busy worker is stale: the next one does the same work.
    "options": {"expires": max(NOTIFICATIONS_DISPATCH_INTERVAL - 5, NOTIFICATIONS_DISPATCH_INTERVAL / 2)},
}

# Consultations: report PDFs to make and imports whose task was lost (consultations/tasks.py).
CELERY_BEAT_SCHEDULE["resume-consultation-work"] = {
    "task": "consultations.tasks.resume_consultation_work",
    "schedule": 60.0,
    "options": {"expires": 55},
}

# Reports: PDFs waiting for a worker, and letters whose publication date has come
# (inspections/reports/tasks.py).
CELERY_BEAT_SCHEDULE["erase-due-case-material"] = {
    "task": "inspections.case_audits.tasks.erase_due_case_material",
    # Daily, at night; a run missed is made up by the next, which erases whatever is then due.
    "schedule": crontab(hour=2, minute=30),
    "options": {"expires": 12 * 3600},
}

# Areas: intelligence past its retention period (docs/decisions/0012).
CELERY_BEAT_SCHEDULE["erase-expired-intelligence"] = {
    "task": "inspections.areas.tasks.erase_expired_intelligence",
    "schedule": crontab(hour=2, minute=45),
    "options": {"expires": 12 * 3600},
}

CELERY_BEAT_SCHEDULE["resume-report-work"] = {
    "task": "inspections.reports.tasks.resume_report_work",
    "schedule": 60.0,
    "options": {"expires": 55},
}

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_SOCKET_OPTIONS,
        }
        if REDIS_URL
        # Without Redis the web server and worker still share the cache (import progress).
        else {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(VAR_DIR / "cache")}
    )
}

# django-ratelimit lists only third-party Redis clients; Django's own RedisCache increments
# atomically too (INCRBY). Without Redis the file cache's counters are not atomic, so the
# sign-in limits are approximate under concurrent attempts: acceptable for the quickstart only.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"] + ([] if REDIS_URL else ["django_ratelimit.E003"])

# Security: production (DEBUG=0) gets the full set that `check --deploy` asks for.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
# A signed-in session ends after this many seconds without a request the user made (jtai/sessions.py);
# pages warn five minutes before. The cookie outlives it so that the next visit can say why.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_IDLE_WARNING = 5 * 60
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (django-csp): every script and style is a file from our own static
# files, so no 'unsafe-inline' anywhere and no nonces to thread through templates (ADR 0006). Pages,
# the admin and error pages all carry it (with DEBUG on, django-csp leaves Django's technical 404 and
# 500 pages out). Print templates (templates/print/, reports/print/) keep
# their <style> blocks: WeasyPrint renders them to PDF and no browser ever loads them. HTML
# e-mails (notifications' emails.py) keep inline styles too: mail clients ignore style sheets.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The fieldwork pages' service worker (docs/decisions/0011) and their web app manifest.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        # Images, fonts and fetches (the pages that update in place fetch themselves) follow default-src.
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}
# Powerful browser features the service never uses, switched off for every page (jtai/middleware.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"refusals": {"()": "jtai.logs.RefusalsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint narrates its rendering steps at INFO, some as it is imported.
        "weasyprint": {"level": "WARNING"},
        # Django's own console handler would report every request error a second time.
        "django": {"handlers": [], "propagate": True},
        "django.request": {"filters": ["refusals"]},
    },
}
