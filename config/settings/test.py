"""The test suite: PostgreSQL when DATABASE_URL is set (CI always sets it), otherwise SQLite."""

from config.settings.base import *  # noqa: F403 -- see docs/adr/0003-settings.md
from config.settings.base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "django-insecure-test-only"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "felles.sms.MinneBackend"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "test-results" / "media")
CELERY_TASK_ALWAYS_EAGER = True
TILLAT_SYNTETISKE_FODSELSNUMMER = True
# Tests move the clock by hours and days after logging in; the session timeouts (15 min idle,
# 10 h in all) are tested with their real values in tests/felles/test_okt.py.
OKT_TOMGANG_SEKUNDER = 400 * 24 * 60 * 60
OKT_MAKS_SEKUNDER = 400 * 24 * 60 * 60
SESSION_COOKIE_AGE = 400 * 24 * 60 * 60
