"""The navigation: each person sees the screens of their role, nothing else."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from koordinering.selectors import arbeidsrolle_for


def _rolle(request):
    if not hasattr(request, "_arbeidsrolle"):
        request._arbeidsrolle = arbeidsrolle_for(user=request.user)
    return request._arbeidsrolle


def _menypunkter(request) -> list[dict]:
    rolle = _rolle(request)
    if rolle.ansatt is None:
        return []
    punkter = [(_("Startside"), reverse("koordinering:start"))]
    return [
        {"navn": navn, "url": url, "aktiv": _er_aktiv(request.path, url)} for navn, url in punkter
    ]


def _er_aktiv(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def navigasjon(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "arbeidsrolle": SimpleLazyObject(lambda: _rolle(request)),
        "menypunkter": SimpleLazyObject(lambda: _menypunkter(request)),
    }
