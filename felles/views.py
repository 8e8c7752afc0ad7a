import logging
from datetime import date

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.celery import app as celery_app

logger = logging.getLogger(__name__)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:
        logger.exception("Helsesjekk: databasen svarer ikke")
        return "feil"


def _broker_state() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception:
        logger.exception("Helsesjekk: meldingskøen svarer ikke")
        return "feil"


@login_not_required
@never_cache
@require_GET
def helse(request):
    """Health check for load balancers and monitoring. No login, no personal data."""
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(value in ("ok", "eager") for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "feil", **state}, status=200 if healthy else 503
    )


@login_not_required
@require_GET
def tilgjengelighetserklaering(request):
    """The accessibility statement (WCAG 2.1 AA), for everyone, logged in or not."""
    return render(
        request,
        "felles/tilgjengelighetserklaering.html",
        {"oppdatert": date(2026, 12, 3)},
    )
