"""Production: DEBUG off, HTTPS only, and no start without a real SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403 -- see docs/adr/0003-settings.md
from config.settings.base import DATABASES, MIDDLEWARE, SECRET_KEY, STORAGES, env

DEBUG = False


def _require_secure_secret_key(key: str) -> str:
    if not key:
        raise ImproperlyConfigured("SECRET_KEY må settes i miljøet i produksjon.")
    if key.startswith("django-insecure") or len(key) < 50 or len(set(key)) < 5:
        raise ImproperlyConfigured(
            "SECRET_KEY er usikker: bruk minst 50 tilfeldige tegn (ikke 'django-insecure…')."
        )
    return key


SECRET_KEY = _require_secure_secret_key(SECRET_KEY)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REDIRECT_EXEMPT = [r"^helse/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# `__Host-` cookies: only over HTTPS, for this host only, path /.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
SESSION_COOKIE_PATH = "/"
CSRF_COOKIE_PATH = "/"
SESSION_COOKIE_DOMAIN = None
CSRF_COOKIE_DOMAIN = None
# Staff log in with HelseID; a password (break-glass administrators only) needs a TOTP code.
PASSORD_INNLOGGING_ANSATTE = False
KREV_OTP = True
X_FRAME_OPTIONS = "DENY"

# WhiteNoise serves the collected static files from gunicorn; runserver does it in development.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Persistent database connections (issue 15: 1.4 × throughput over a new connection per request),
# checked before reuse so a restarted PostgreSQL costs one failed check, not a 500. Behind
# PgBouncer in transaction pooling mode (PGBOUNCER=true) the pooler keeps the connections: Django
# then closes its own after each request and uses no server-side cursors, which live across
# transactions (README «Flere maskiner»). Session settings are never used: the only ones are
# transaction-local (set_config(..., true) in oversikt/sql.py), and psycopg's client-side
# binding prepares no statements. The read replica gets the same.
PGBOUNCER = env.bool("PGBOUNCER", default=False)
for _alias in DATABASES:
    DATABASES[_alias]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if PGBOUNCER else 60)
    DATABASES[_alias]["CONN_HEALTH_CHECKS"] = True
    DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool(
        "DISABLE_SERVER_SIDE_CURSORS", default=PGBOUNCER
    )
