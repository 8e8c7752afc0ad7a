"""Too large request bodies are refused before they are read: 413 with a Norwegian page.

The proxy (deploy/nginx/koordinering.conf) refuses them first; this is the same limit for
gunicorn without a proxy in front (and for runserver). Django reads the body only when
something asks for request.POST, request.FILES or request.body, which this middleware, near
the top of the list, never does. A body without Content-Length (chunked) is not read by Django.
"""

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string


class ForStorForesporselMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lengde = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengde = 0
        if lengde <= settings.MAKS_FORESPORSEL_MB * 1024 * 1024:
            return self.get_response(request)
        # Rendered like 500.html: no request, so no context processor touches the session.
        svar = HttpResponse(
            render_to_string("413.html", {"maks_mb": settings.MAKS_FORESPORSEL_MB}), status=413
        )
        # The client may still be sending the body, which is never read: end the connection.
        svar["Connection"] = "close"
        return svar
