"""One settings module for every environment: production differs by environment variables.

The embedded default (no variables set) is SQLite in the project and Celery running tasks
eagerly in process, so `make run` needs no other service.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105
# With debug off and no key, the web app and Celery refuse to start (portal/secret_key.py).

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "template_partials",
    "django_fsm",
    "pgtrigger",
    "axes",
    "onboarding",
]

MIDDLEWARE = [
    # Probes and scrapes come by pod IP over http: answered before the host check and redirect.
    "onboarding.observability.metrics.ProbeMiddleware",
    "onboarding.observability.metrics.RequestLatencyMiddleware",
    # Compresses HTML and JSON (static files come pre-compressed from WhiteNoise). Django's
    # GZipMiddleware also pads the response against BREACH-style length probing.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the CSRF check (process_view): no query string with control characters reaches a view.
    "onboarding.http.input_guard.ControlCharacterMiddleware",
    "onboarding.http.caching.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: answers a locked-out login with 429.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "onboarding.context_processors.portal",
            ],
        },
    }
]

# Django's renderer, with <select> built in Python (onboarding/forms/renderer.py).
FORM_RENDERER = "onboarding.forms.renderer.PortalFormRenderer"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'portal.sqlite3'}"),
}
# Survive a PostgreSQL restart: persistent connections are checked before each request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# Choice fields iterate their querysets with .iterator(): on PostgreSQL each became a
# DECLARE/FETCH/CLOSE server-side cursor, three round trips for a list of teams.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering index of transition events (INCLUDE columns) is a PostgreSQL feature; the
# embedded SQLite default builds it without them, which is fine for development.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Portal settings and the dashboard's figures are cached briefly; with several processes set
# CACHE_URL to a shared Redis (e.g. redis://host:6379/1) so a settings change reaches all of them.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://portal")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Where collectstatic writes and production reads; the bench collects into a folder of its own.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.storage.PortalStaticFilesStorage",
        )
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: console in development, SMTP when EMAIL_URL is given (smtp+tls://user:pass@host:587).
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="addon-onboarding@example.com")
SLACK_WEBHOOK_URL = env.str("SLACK_WEBHOOK_URL", default="")

# Celery: with no broker configured, tasks run eagerly in process (the embedded default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_ACKS_LATE = True
CELERY_TIMEZONE = TIME_ZONE
# Minutes after each hour the SLO collection runs (0-44).
SLO_COLLECTION_DELAY_MINUTES = env.int("SLO_COLLECTION_DELAY_MINUTES", default=5)
if not 0 <= SLO_COLLECTION_DELAY_MINUTES <= 44:
    raise ImproperlyConfigured("SLO_COLLECTION_DELAY_MINUTES must be between 0 and 44.")
CELERY_BEAT_SCHEDULE = {
    "send-reminders": {
        "task": "onboarding.tasks.send_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "send-weekly-digest": {
        "task": "onboarding.tasks.send_weekly_digest",
        "schedule": crontab(hour=7, minute=30, day_of_week="mon"),
    },
    "deliver-pending-notifications": {
        "task": "onboarding.tasks.deliver_pending_notifications",
        "schedule": timedelta(minutes=1),
    },
    # Aligned to the hour plus a delay, so the hour just ended is complete in Prometheus
    # (last scrapes, recording rules) when it is pulled.
    "collect-slo-measurements": {
        "task": "onboarding.tasks.collect_all_slo_measurements",
        "schedule": crontab(minute=SLO_COLLECTION_DELAY_MINUTES),
    },
    # Takes the collection's lock: it waits for a running collection rather than racing it.
    "evaluate-slos": {
        "task": "onboarding.tasks.evaluate_all_slos",
        "schedule": crontab(hour=6, minute=(SLO_COLLECTION_DELAY_MINUTES + 15) % 60),
    },
    "sweep-handovers": {
        "task": "onboarding.tasks.sweep_handovers",
        "schedule": timedelta(minutes=10),
    },
}

# Integrations.
PROMETHEUS_URL = env.str("PROMETHEUS_URL", default="")
PROMETHEUS_TIMEOUT = env.float("PROMETHEUS_TIMEOUT", default=10.0)
# The pager handover is a merge request on the managed-tenants repository (README). The
# embedded default (DEBUG, `make run`) uses a local bare repository that seed_demo creates.
LOCAL_MANAGED_TENANTS = (BASE_DIR / ".run" / "managed-tenants.git").as_uri()
MANAGED_TENANTS_REPO_URL = env.str(
    "MANAGED_TENANTS_REPO_URL", default=LOCAL_MANAGED_TENANTS if DEBUG else ""
)
MANAGED_TENANTS_TARGET_BRANCH = env.str("MANAGED_TENANTS_TARGET_BRANCH", default="main")
MANAGED_TENANTS_GIT_USERNAME = env.str("MANAGED_TENANTS_GIT_USERNAME", default="")
MANAGED_TENANTS_GIT_TOKEN = env.str("MANAGED_TENANTS_GIT_TOKEN", default="")
MANAGED_TENANTS_GIT_TIMEOUT = env.float("MANAGED_TENANTS_GIT_TIMEOUT", default=120.0)
MANAGED_TENANTS_COMMIT_AUTHOR = env.str(
    "MANAGED_TENANTS_COMMIT_AUTHOR", default=f"Addon Onboarding Portal <{DEFAULT_FROM_EMAIL}>"
)
# Addon SRE's 24x7 PagerDuty escalation policy: no default but the embedded default's demo one;
# the handover refuses without it.
ADDON_SRE_ESCALATION_POLICY_ID = env.str(
    "ADDON_SRE_ESCALATION_POLICY_ID", default="PADDSRE" if DEBUG else ""
)
# PagerDuty's REST API, used only to verify a merged handover (optional).
PAGERDUTY_API_URL = env.str("PAGERDUTY_API_URL", default="")
PAGERDUTY_TOKEN = env.str("PAGERDUTY_TOKEN", default="")
PAGERDUTY_TIMEOUT = env.float("PAGERDUTY_TIMEOUT", default=5.0)
PAGERDUTY_MAX_ATTEMPTS = env.int("PAGERDUTY_MAX_ATTEMPTS", default=4)
PAGERDUTY_BACKOFF = env.float("PAGERDUTY_BACKOFF", default=1.0)
PAGERDUTY_RATE_LIMIT_BUDGET = env.float("PAGERDUTY_RATE_LIMIT_BUDGET", default=30.0)
# The pager test (the handover's first step) triggers its test incident on this PagerDuty
# service, which must page Addon SRE's escalation policy; unset, the pager test is not offered.
PAGERDUTY_PAGER_TEST_SERVICE_ID = env.str("PAGERDUTY_PAGER_TEST_SERVICE_ID", default="")
# The handover's shadow: days Addon SRE is paged alongside the owners before the merge request
# that makes Addon SRE primary may be pushed (frozen on the handover when the shadow starts).
HANDOVER_SHADOW_DAYS = env.int("HANDOVER_SHADOW_DAYS", default=7)
PORTAL_BASE_URL = env.str("PORTAL_BASE_URL", default="http://127.0.0.1:8000")
# /metrics answers loopback requests, and others sending `Authorization: Bearer <METRICS_TOKEN>`.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Single sign-on with OpenID Connect (mozilla-django-oidc): on when OIDC_RP_CLIENT_ID is set.
# People are created on first login; their role groups follow the provider's groups claim
# through OIDC_GROUP_ROLES ("idp-group=Role name,other-group=Role name").
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_OP_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_OP_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_OP_USER_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_OP_JWKS_ENDPOINT", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile groups")
OIDC_GROUPS_CLAIM = env.str("OIDC_GROUPS_CLAIM", default="groups")
OIDC_GROUP_ROLES = env.dict("OIDC_GROUP_ROLES", default={})
# Four eyes per person: an account created or re-roled within this many days does not act on
# a gate (rules/people.py). Not a portal setting: the manager's admin cannot shorten it.
ROLE_COOLDOWN_DAYS = env.int("ROLE_COOLDOWN_DAYS", default=7)
OIDC_USE_PKCE = True
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
# Username and password login; with SSO on it can be switched off (LOCAL_LOGIN_ENABLED=0).
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", default=True) or not OIDC_ENABLED
AUTHENTICATION_BACKENDS = [
    # First: refuses a login while its username and address are locked out.
    "onboarding.auth_backends.PortalAxesBackend",
    *(["onboarding.integrations.oidc.PortalOIDCBackend"] if OIDC_ENABLED else []),
    *(["onboarding.auth_backends.PortalModelBackend"] if LOCAL_LOGIN_ENABLED else []),
]

# Production hardening: on whenever debug is off; each can be relaxed by its variable.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Only the portal's own files: no inline script or style (templates use classes, htmx's
# indicator style is switched off in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Login throttling: 5 failures of one username from one address lock it for 15 minutes.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind a router (OpenShift Route, load balancer) every client arrives from the proxy's
# address; set TRUSTED_PROXY_COUNT to the number of proxies so the client's own address from
# X-Forwarded-For is used, otherwise one person's failures would lock out everyone.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "onboarding.http.client_ip.client_ip"
AXES_VERBOSE = env.bool("AXES_VERBOSE", default=False)

# LOG_FORMAT=json: one JSON object per line, for the cluster's log collector.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be text or json.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
