"""Celery application. Settings live in Django settings under the CELERY_ namespace."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

# Every task marks its outbox row done (felles.jobber, docs/adr/0013-jobber.md).
app = Celery("koordinering", task_cls="felles.jobber:Jobboppgave")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
