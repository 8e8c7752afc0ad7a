"""Background work that must happen after a change is committed (e-mail, notifications, PDFs).

Services queue a Celery task *by name* once the transaction commits. The name keeps the service
modules free of imports of their own app's tasks, which call the services: tasks import
services, never the other way round. `tests/felles/test_jobber.py` checks that every name
used in the code is a registered task."""

from functools import cache

from celery import current_app
from django.db import transaction


@cache
def _oppgaver():
    """The registered tasks. A worker imports every app's `tasks` module when it starts (Celery
    autodiscovery); a web process does it here, once, the first time it queues something."""
    current_app.loader.import_default_modules()
    return current_app.tasks


def oppgave(navn: str):
    """The task registered as `navn` ("app.tasks.name"); `NotRegistered` if there is none."""
    return _oppgaver()[navn]


def etter_commit(navn: str, *args) -> None:
    """Queue the task `navn` with `args` (ids only) after commit."""
    transaction.on_commit(lambda: oppgave(navn).delay(*args))
