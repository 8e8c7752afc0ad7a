"""Settings shared by every environment. Everything that differs between machines comes from
the environment (12-factor); local.py, test.py and production.py only change defaults."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "felles.admin_site.SystemAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "guardian",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "simple_history",
    "django_htmx",
    "template_partials",
    "csp",
    "felles",
    "koordinering",
    "individuellplan",
    "meldinger",
    "ansvarsgruppe",
    "varsler",
    "oversikt",
    "demo",
    "minplan",
]

MIDDLEWARE = [
    "felles.foresporsel.ForesporselIdMiddleware",
    # Before anything reads the body (CSRF reads request.POST): a too large body is refused
    # unread, with the Norwegian 413 page.
    "felles.storrelse.ForStorForesporselMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "felles.hoder.Sikkerhetshoder",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Instead of Django's LocaleMiddleware: the citizen's pages (/min/, the accessibility
    # statement) follow the citizen's choice of bokmål or nynorsk; every staff page is bokmål.
    "minplan.middleware.SprakMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "felles.okt.OktMiddleware",
    # Before the staff login check: a citizen's session gets 404 outside /min/, staff get 404
    # inside it, and a citizen's session ends after the same idle and maximum times.
    "minplan.middleware.InnbyggerMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "felles.avviste.AvvisteForsokMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Norwegian lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "felles.forms.Skjemarenderer"
WSGI_APPLICATION = "config.wsgi.application"

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
                "koordinering.meny.navigasjon",
                "felles.okt.innstillinger",
            ],
        },
    },
]

# With no DATABASE_URL a SQLite file next to manage.py, so `make run` needs no database server.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
# A PostgreSQL streaming replica for read-heavy work (felles/replika.py); in tests it mirrors
# the primary's test database.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replika"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replika"]["TEST"] = {"MIRROR": "default"}
# The owner role that `migrate` runs as (felles/dbroller.py); the app itself runs as the runtime
# role in DATABASE_URL, which may only add to and read the access log.
if env("DATABASE_MIGRATE_URL", default=""):
    DATABASES["eier"] = env.db("DATABASE_MIGRATE_URL")
    DATABASES["eier"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["config.routers.ReplikaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A few people at once on `make run`: WAL lets readers work beside the one writer, every
    # transaction takes the write lock at BEGIN (a deferred one that reads and then writes gets
    # «database is locked» at once instead of waiting) and waits up to 20 s for it.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before the password is tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "koordinering:start"
LOGOUT_REDIRECT_URL = "login"
# Login (docs/adr/0012-innlogging.md). Staff log in with HelseID; passwords are for `make run`
# and break-glass administrators, and then with a TOTP code where KREV_OTP is on (production).
PASSORD_INNLOGGING_ANSATTE = env.bool("PASSORD_INNLOGGING_ANSATTE", default=True)
KREV_OTP = env.bool("KREV_OTP", default=False)
ADMIN_PATH = env("ADMIN_PATH", default="admin/")


def _oidc_leverandorer() -> dict[str, dict]:
    """One entry per OpenID Connect provider (HelseID for staff; ID-porten may follow)."""
    leverandorer = {}
    if env("HELSEID_METADATA_URL", default=""):
        leverandorer["helseid"] = {
            "visningsnavn": "HelseID",
            "metadata_url": env("HELSEID_METADATA_URL"),
            "client_id": env("HELSEID_CLIENT_ID", default=""),
            # PEM text of the client's RSA key (private_key_jwt), or a file that holds it.
            "privat_nokkel": env("HELSEID_PRIVATE_KEY", default="")
            or (
                Path(env("HELSEID_PRIVATE_KEY_FILE")).read_text()
                if env("HELSEID_PRIVATE_KEY_FILE", default="")
                else ""
            ),
            "nokkel_id": env("HELSEID_KEY_ID", default=""),
            "scope": env(
                "HELSEID_SCOPE",
                default="openid profile helseid://scopes/identity/pid "
                "helseid://scopes/identity/hpr_number helseid://scopes/identity/security_level",
            ),
            "acr_values": env.list("HELSEID_ACR_VALUES", default=["Level4"]),
            "godkjente_acr": env.list("HELSEID_GODKJENTE_ACR", default=["Level4", "High"]),
            "pid_claim": env("HELSEID_PID_CLAIM", default="helseid://claims/identity/pid"),
            "hpr_claim": env("HELSEID_HPR_CLAIM", default="helseid://claims/hpr/hpr_number"),
        }
    if env("IDPORTEN_METADATA_URL", default=""):
        # Citizens («Min plan», docs/adr/0022-minplan.md): the same code path as HelseID.
        leverandorer["idporten"] = {
            "visningsnavn": "ID-porten",
            "formaal": "innbygger",
            "metadata_url": env("IDPORTEN_METADATA_URL"),
            "client_id": env("IDPORTEN_CLIENT_ID", default=""),
            "privat_nokkel": env("IDPORTEN_PRIVATE_KEY", default="")
            or (
                Path(env("IDPORTEN_PRIVATE_KEY_FILE")).read_text()
                if env("IDPORTEN_PRIVATE_KEY_FILE", default="")
                else ""
            ),
            "nokkel_id": env("IDPORTEN_KEY_ID", default=""),
            "scope": env("IDPORTEN_SCOPE", default="openid profile"),
            # Ask for the level configured; accept it and anything higher.
            "acr_values": [env("IDPORTEN_ACR", default="idporten-loa-high")],
            "godkjente_acr": (
                ["idporten-loa-high"]
                if env("IDPORTEN_ACR", default="idporten-loa-high") == "idporten-loa-high"
                else ["idporten-loa-substantial", "idporten-loa-high"]
            ),
            "pid_claim": "pid",
        }
    return leverandorer


OIDC_LEVERANDORER = _oidc_leverandorer()

# Min plan: parental responsibility gives access until the child turns this old (pasrl § 3-4).
MINPLAN_FORELDREANSVAR_TIL_ALDER = env.int("MINPLAN_FORELDREANSVAR_TIL_ALDER", default=16)

# Brute force (django-axes): 5 failures per account and, separately, per address in 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "felles.innlogging.sperret"

# Sessions live in the database, never in a web process, so any web container serves any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Sessions: 15 minutes idle (with a warning 2 minutes before), 10 hours from login at most.
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
OKT_TOMGANG_SEKUNDER = env.int("OKT_TOMGANG_SEKUNDER", default=15 * 60)
OKT_VARSEL_SEKUNDER = env.int("OKT_VARSEL_SEKUNDER", default=2 * 60)
OKT_MAKS_SEKUNDER = 10 * 60 * 60

# Content-Security-Policy (issue 14 point 9, django-csp 4): only this site's own files, and a
# script only from here and with the page's nonce; no inline script, no style="" or <style>, no
# eval (htmx runs with allowEval off, see base.html). Images may be data: URIs, as
# Designsystemet's CSS draws its check marks that way.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

GUARDIAN_RAISE_403 = False
GUARDIAN_RENDER_403 = False
ANONYMOUS_USER_NAME = None

LANGUAGE_CODE = "nb"
# Nynorsk only in Min plan (docs/adr/0025-sprak.md); the catalogue is locale/nn/LC_MESSAGES.
LANGUAGES = [("nb", "Bokmål"), ("nn", "Nynorsk")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploaded files on shared object storage (S3 or compatible) when a bucket is named, so that
# any web or worker container reads what another one stored (README «Flere maskiner»). Needs
# django-storages[s3] installed in the image; media backups are then the bucket's business.
if env("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env("AWS_S3_REGION_NAME", default=None),
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Request bodies. Attachments: at most 5 files of 10 MB (meldinger/services.py); the largest
# legitimate request is those plus 1 MB of form fields and multipart framing. Anything larger is
# refused before its body is read (felles/storrelse.py), and by the proxy before it reaches
# gunicorn (deploy/nginx/koordinering.conf: client_max_body_size, kept equal by a test).
MAKS_FORESPORSEL_MB = 5 * 10 + 1
# Form fields without files are kept in memory up to 2.5 MB; a file larger than 2.5 MB is
# streamed to a temporary file in chunks, never held whole in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# E-mail: console by default, SMTP when EMAIL_URL is set (smtp+tls://user:pass@host:587).
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Koordinering <ikke-svar@koordinering.local>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# SMS (notifications to citizens in Min plan, felles/sms.py): a backend class like EMAIL_BACKEND;
# no provider is built in. Console by default; the file backend writes one file per SMS.
SMS_BACKEND = env("SMS_BACKEND", default="felles.sms.KonsollBackend")
SMS_FIL_MAPPE = env.path("SMS_FIL_MAPPE", default=BASE_DIR / "tmp" / "sms")
# Where links in e-mail point (reminders name no patient; they link to the notification centre).
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: with no REDIS_URL tasks run eagerly in the web process (laptop default).
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.pdf_*": {"queue": "pdf"},
    "*.epost_*": {"queue": "epost"},
}
CELERY_TASK_SOFT_TIME_LIMIT = 60
CELERY_TASK_TIME_LIMIT = 90
# Every task has a hard time limit (the longest is 110 s, the reminder scan)
# and e-mail retries wait at most 100 s; Redis hands an unacknowledged message (a killed
# worker's) to another worker after the visibility timeout, so it is just above the longest of
# those, and at most two minutes (tests/test_celery.py). PDFs have 60 s, so the outbox sweep
# sends a killed worker's PDF again after 75 s (tests/integrasjon/test_jobber_arbeider.py).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 120,
    # A down broker must not hang the request that queues a job: fail fast, the sweep retries.
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 0.5,
}
CELERY_TIMEZONE = TIME_ZONE
# The outbox (felles.models.Jobb): a job sent this many times and still not done is given up.
JOBB_MAKS_FORSOK = env.int("JOBB_MAKS_FORSOK", default=10)
# Run exactly one beat (docker-compose has one). Reminders are rows made by this scan.
CELERY_BEAT_SCHEDULE = {
    "jobber-sveip": {
        "task": "felles.tasks.jobber_sveip",
        "schedule": env.int("JOBB_SVEIP_SEKUNDER", default=30),
    },
    "paminnelser-skann": {
        "task": "varsler.tasks.paminnelser_skann",
        "schedule": env.int("PAMINNELSE_SKANN_SEKUNDER", default=300),
    },
    # The KE overview's counts of closed months (oversikt.models.MeldingerPerMaaned).
    "maanedstall-oppdater": {
        "task": "oversikt.tasks.maanedstall_oppdater",
        "schedule": crontab(hour=2, minute=15),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "foresporsel": {"()": "felles.foresporsel.ForesporselIdFilter"},
        "masker_fodselsnummer": {"()": "felles.foresporsel.MaskerFodselsnummerFilter"},
    },
    "formatters": {
        "med_id": {"format": "%(asctime)s %(levelname)s [%(foresporsel_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["foresporsel", "masker_fodselsnummer"],
            "formatter": "med_id",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own defaults give these loggers handlers of their own, without the masking
        # filter (runserver's request lines hold addresses) and with AdminEmailHandler (a
        # traceback with the request's data by e-mail): here they write through the root's.
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
        # WeasyPrint logs every rendering step at INFO; fontTools logs font subsetting.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Snooping review (Kontroll av tilganger): more patients than this read by one person within
# one clock hour is shown as a bulk read for the KE to follow up.
TILGANGSKONTROLL_MASSEOPPSLAG_PER_TIME = env.int(
    "TILGANGSKONTROLL_MASSEOPPSLAG_PER_TIME", default=50
)

# Synthetic test numbers (month + 80, Skatteetaten's Tenor) are for development and demo data only.
TILLAT_SYNTETISKE_FODSELSNUMMER = env.bool("TILLAT_SYNTETISKE_FODSELSNUMMER", default=False)
