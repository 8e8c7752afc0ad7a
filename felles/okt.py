"""Sessions end after 15 minutes without activity and 10 hours after login, on the server.

The time of login and of the last request are kept in the session; a request that comes too
late ends the session (flush) and goes to the login page with a message. static/js/okt.js warns
before the idle limit and «Fortsett» posts to `fortsett`, which counts as activity.
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views.decorators.http import require_POST

INNLOGGET = "okt_innlogget"
SIST_AKTIV = "okt_sist_aktiv"
SKRIV_HVERT = 30  # seconds


@receiver(user_logged_in)
def _start_okt(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        naa = time.time()
        request.session[INNLOGGET] = naa
        request.session[SIST_AKTIV] = naa


def utlopt(session) -> str | None:
    """Why the session has run out ("tomgang" or "maks"), or None."""
    naa = time.time()
    innlogget = session.get(INNLOGGET, naa)
    sist_aktiv = session.get(SIST_AKTIV, naa)
    if naa - innlogget >= settings.OKT_MAKS_SEKUNDER:
        return "maks"
    if naa - sist_aktiv >= settings.OKT_TOMGANG_SEKUNDER:
        return "tomgang"
    return None


class OktMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            grunn = utlopt(request.session)
            if grunn:
                logout(request)  # flushes the server-side session
                url = f"{reverse('login')}?utlogget={grunn}"
                if request.headers.get("HX-Request"):
                    svar = HttpResponse(status=401)
                    svar["HX-Redirect"] = url
                    return svar
                return HttpResponseRedirect(url)
            naa = time.time()
            if INNLOGGET not in request.session:
                request.session[INNLOGGET] = naa
            # Written at most every 30 seconds: not one session write for every request.
            if naa - request.session.get(SIST_AKTIV, 0) >= SKRIV_HVERT:
                request.session[SIST_AKTIV] = naa
        return self.get_response(request)


@require_POST
def fortsett(request):
    """«Fortsett» in the idle warning: the middleware has already counted this as activity."""
    return HttpResponse(status=204)


def innstillinger(request) -> dict:
    """Template context: the limits static/js/okt.js needs for its warning."""
    return {
        "okt_tomgang_sekunder": settings.OKT_TOMGANG_SEKUNDER,
        "okt_varsel_sekunder": settings.OKT_VARSEL_SEKUNDER,
    }
