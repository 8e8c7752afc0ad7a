"""The citizen's door and the staff door never meet (docs/adr/0022-minplan.md).

A citizen is not a Django user: the ID-porten login puts `session["innbygger"]` in a fresh
session and `request.user` stays anonymous, so no staff view (they all need a staff login)
can accept it. On top of that this middleware answers 404 to a citizen's session anywhere
outside /min/ (and the few public pages), answers 404 to a staff member inside /min/, and
ends a citizen's session after the same idle and maximum times as staff sessions."""

from django.http import Http404, HttpResponseRedirect
from django.urls import reverse

from felles import okt
from minplan.tilgang import INNBYGGER

PREFIKS = "/min/"
# Public pages a citizen may also open (the footer's accessibility statement, static files).
AAPNE = ("/static/", "/tilgjengelighet/", "/helse/", "/favicon.ico")


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
