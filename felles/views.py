import logging
import sys
from datetime import date

from django import db
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from kombu.exceptions import OperationalError as KombuOperationalError

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


# An unreachable database (or broker) is an outage, not a bug: the Norwegian 503 page, which
# asks the user to try again (the browser or proxy may retry after Retry-After).
UTILGJENGELIG = (db.OperationalError, db.InterfaceError, KombuOperationalError)


def serverfeil(request, exception=None):
    """`handler500`: Django calls it inside the `except` for an uncaught exception, also one
    raised in a middleware (the session, the login check), so `sys.exc_info()` holds it."""
    feil = exception or sys.exc_info()[1]
    while feil is not None and not isinstance(feil, UTILGJENGELIG):
        feil = feil.__cause__ or feil.__context__
    if feil is None:
        return defaults.server_error(request)
    logger.error("Tjenesten er utilgjengelig: %s (%s)", request.path, type(feil).__name__)
    svar = HttpResponse(loader.get_template("503.html").render(), status=503)
    svar["Retry-After"] = "30"
    return svar
