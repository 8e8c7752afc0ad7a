"""config.settings.production for the failure drill (bench/ovelse_feil.py) on 127.0.0.1 over
plain HTTP: the same middleware, error pages, persistent connections with health checks and
broker timeouts; only what needs HTTPS or HelseID is changed, so a script can hold sessions."""

from config.settings.production import *  # noqa: F403
from config.settings.production import STORAGES

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SESSION_COOKIE_NAME, CSRF_COOKIE_NAME = "sessionid", "csrftoken"
KREV_OTP = False
TILLAT_SYNTETISKE_FODSELSNUMMER = True  # the drill's own database holds demo patients only
# No collectstatic for a drill: the pages name unhashed static files.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
