"""The citizen's door and the staff door never meet (docs/adr/0022-minplan.md).

A citizen is not a Django user: the ID-porten login puts `session["innbygger"]` in a fresh
session and `request.user` stays anonymous, so no staff view (they all need a staff login)
can accept it. On top of that this middleware answers 404 to a citizen's session anywhere
outside /min/ (and the few public pages), answers 404 to a staff member inside /min/, and
ends a citizen's session after the same idle and maximum times as staff sessions."""

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from felles import okt
from minplan.tilgang import INNBYGGER

PREFIKS = "/min/"
# Public pages a citizen may also open (the footer's accessibility statement, static files).
AAPNE = ("/static/", "/tilgjengelighet/", "/helse/", "/favicon.ico")
# Pages in the citizen's language (bokmål or nynorsk); everything else is bokmål.
SPRAKSIDER = (PREFIKS, "/tilgjengelighet/")


def innbyggerens_sprak(request) -> str:
    """The citizen's choice (the language cookie set by /min/sprak/), else the browser's
    Accept-Language when it asks for nynorsk, else bokmål (docs/adr/0025-sprak.md)."""
    return translation.get_language_from_request(request, check_path=False)


class SprakMiddleware:
    """Django's LocaleMiddleware, narrowed: the citizen's pages (/min/ and the accessibility
    statement, unless a staff member is logged in) are shown in the language the citizen
    chose, every staff page in bokmål (settings.LANGUAGE_CODE) whatever the browser asks for.
    The language is switched back after the answer, so nothing later in the same thread (a
    test, a task run eagerly) inherits nynorsk."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        innbygger = request.path_info.startswith(SPRAKSIDER) and not (
            request.path_info.startswith("/tilgjengelighet/") and SESSION_KEY in request.session
        )
        sprak = innbyggerens_sprak(request) if innbygger else settings.LANGUAGE_CODE
        with translation.override(sprak):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if innbygger:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", sprak)
        return response


class InnbyggerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        i_min_plan = request.path_info.startswith(PREFIKS)
        if INNBYGGER in request.session:
            grunn = okt.utlopt(request.session)
            if grunn:
                request.session.flush()
                return HttpResponseRedirect(f"{reverse('minplan:logg-inn')}?utlogget={grunn}")
            if not i_min_plan and not request.path_info.startswith(AAPNE):
                raise Http404
            okt.marker_aktivitet(request.session)
        elif i_min_plan and request.user.is_authenticated:
            raise Http404
        return self.get_response(request)
