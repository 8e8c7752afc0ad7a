"""The navigation: each person sees the screens of their role, nothing else."""

from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from koordinering.selectors import Arbeidsrolle, arbeidsrolle_for


def arbeidsrolle(request) -> Arbeidsrolle:
    """The signed-in person's work role, looked up once per request."""
    if not hasattr(request, "_arbeidsrolle"):
        request._arbeidsrolle = arbeidsrolle_for(user=request.user)
    return request._arbeidsrolle


def _menypunkter(request) -> list[dict]:
    rolle = arbeidsrolle(request)
    if rolle.ansatt is None:
        return []
    from meldinger.selectors import uleste_for_meny

    uleste = uleste_for_meny(user=request.user)
    punkter = [
        (_("Mine pasienter"), reverse("koordinering:start"), None),
        (_("Finn pasient"), reverse("koordinering:pasient-sok"), None),
        (_("Meldinger"), reverse("meldinger:melding-liste"), uleste["meldinger"]),
        (_("Varsler"), reverse("meldinger:varsel-liste"), uleste["varsler"]),
    ]
    if rolle.er_leder or rolle.er_ke:
        punkter.append((_("Behov til behandling"), reverse("koordinering:behov-liste"), None))
    if rolle.er_ke:
        punkter.append((_("Tilgangslogg"), reverse("koordinering:tilgangslogg-ansatte"), None))
        punkter.append((_("Oversikt"), reverse("oversikt:oversikt"), None))
    return [
        {"navn": navn, "url": url, "uleste": uleste, "aktiv": _er_aktiv(request.path, url)}
        for navn, url, uleste in punkter
    ]


def _er_aktiv(path: str, url: str) -> bool:
    return path == url or (url != "/" and path.startswith(url))


def navigasjon(request) -> dict:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "arbeidsrolle": SimpleLazyObject(lambda: arbeidsrolle(request)),
        "menypunkter": SimpleLazyObject(lambda: _menypunkter(request)),
    }
