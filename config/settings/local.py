"""Laptop: DEBUG on; SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set."""

from config.settings.base import *  # noqa: F403 -- see docs/adr/0003-settings.md
from config.settings.base import MIDDLEWARE, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
TILLAT_SYNTETISKE_FODSELSNUMMER = True
# SMS to citizens land as files in tmp/sms/ (README: «Se SMS lokalt»).
SMS_BACKEND = env("SMS_BACKEND", default="felles.sms.FilBackend")

# The product's Norwegian 400/403/404/500 pages also with DEBUG on: never Django's technical
# pages with the URL-pattern list (felles/middleware.py; tracebacks go to the console).
MIDDLEWARE = [*MIDDLEWARE, "felles.middleware.NorskeFeilsider"]
