"""`make run` (DEBUG on) shows the product's own Norwegian error pages, not Django's technical
pages with the URL-pattern list and tracebacks; the traceback goes to the console log instead.

Installed by config/settings/local.py only. With DEBUG off Django already uses templates/400.html,
403.html, 404.html and 500.html through its default handlers, which this middleware reuses.
"""

import logging

from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.urls import Resolver404, resolve
from django.views import defaults

from felles.views import serverfeil

logger = logging.getLogger("django.request")


class NorskeFeilsider:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # An address no pattern matches never reaches a view (and so not process_exception);
        # with DEBUG Django would answer with its technical 404 listing every pattern.
        try:
            resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404 as feil:
            return defaults.page_not_found(request, feil)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return defaults.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return defaults.permission_denied(request, exception)
        if isinstance(exception, BadRequest | SuspiciousOperation):
            logger.warning("Ugyldig forespørsel: %s", request.path, exc_info=exception)
            return defaults.bad_request(request, exception)
        logger.error("Serverfeil: %s", request.path, exc_info=exception)
        return serverfeil(request, exception)
