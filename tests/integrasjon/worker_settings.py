"""Settings for the real Celery worker the integration test starts: the test database (from
DATABASE_URL), a real Redis broker (REDIS_URL), and a slow e-mail backend that writes each
message to EPOST_KATALOG, so the test can kill the worker in the middle of sending."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("REDIS_URL")
# Redelivery of a killed worker's unacknowledged task after 10 s rather than an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 10}
EMAIL_BACKEND = "tests.integrasjon.treg_epost.EmailBackend"
