"""Settings for the real Celery worker the integration tests start: the test database (from
DATABASE_URL), a real Redis broker (REDIS_URL), and a slow e-mail backend that writes each
message to EPOST_KATALOG, so a test can kill the worker in the middle of sending.

TIDSGRENSE_SEKUNDER, when set, gives every task that hard time limit (and e-mail retries that
longest wait), and SYNLIGHET_SEKUNDER the visibility timeout: a test keeps the production
relation between them (tests/integrasjon/test_jobber_arbeider.py) at a scale of seconds."""

from config.settings.test import *  # noqa: F403
from config.settings.test import env

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = env("REDIS_URL")
# Redelivery of a killed worker's unacknowledged task after 10 s rather than minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("SYNLIGHET_SEKUNDER", default=10)}
if _grense := env.int("TIDSGRENSE_SEKUNDER", default=0):
    CELERY_TASK_ANNOTATIONS = {
        "*": {"time_limit": _grense, "soft_time_limit": _grense - 2, "retry_backoff_max": _grense}
    }
EMAIL_BACKEND = "tests.integrasjon.treg_epost.EmailBackend"
