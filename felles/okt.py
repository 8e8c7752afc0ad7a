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
        start(request.session)


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


def start(session) -> None:
    """The session's clock starts now (at login)."""
    naa = time.time()
    session[INNLOGGET] = naa
    session[SIST_AKTIV] = naa


def marker_aktivitet(session) -> None:
    naa = time.time()
    if INNLOGGET not in session:
        session[INNLOGGET] = naa
    # Written at most every 30 seconds: not one session write for every request.
    if naa - session.get(SIST_AKTIV, 0) >= SKRIV_HVERT:
        session[SIST_AKTIV] = naa


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
            marker_aktivitet(request.session)
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
