"""Laptop: DEBUG on; SQLite and eager Celery unless DATABASE_URL / REDIS_URL are set."""

from config.settings.base import *  # noqa: F403 -- see docs/adr/0003-settings.md
from config.settings.base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-development-only")
TILLAT_SYNTETISKE_FODSELSNUMMER = True
