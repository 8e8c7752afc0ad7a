"""The navigation on every page: each person sees the screens of their role, with the unread
counts of messages and notifications in one query. A page composition module: it may read the
selectors of higher apps (listed in the import contract, ADR 0010); nothing else in
koordinering does. Installed as a template context processor."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from koordinering.arbeidsrolle import arbeidsrolle
from meldinger.selectors import uleste_meldinger
from varsler.selectors import uleste_varsler


def uleste_for_meny(*, user) -> dict[str, int]:
    """Unread messages and notifications: one query, each count read through its own index."""
    antall = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .values(**uleste_meldinger(user=user), uleste_varsler=uleste_varsler(user=user))
        .get()
    )
    return {
        # A person with no unit has no unit inbox: the counts are NULL, not a 500 (issue 14).
        "meldinger": (antall["uleste_meldinger"] or 0) + (antall["uleste_videresendte"] or 0),
        "varsler": antall["uleste_varsler"] or 0,
    }


def _menypunkter(request) -> list[dict]:
    rolle = arbeidsrolle(request)
    if rolle.ansatt is None:
        return []
    uleste = uleste_for_meny(user=request.user)
    punkter = [
        (_("Mine pasienter"), reverse("koordinering:start"), None),
        (_("Finn pasient"), reverse("koordinering:pasient-sok"), None),
        (_("Mine møter"), reverse("ansvarsgruppe:mine-moter"), None),
        (_("Meldinger"), reverse("meldinger:melding-liste"), uleste["meldinger"]),
        (_("Varsler"), reverse("varsler:varsel-liste"), uleste["varsler"]),
    ]
    if rolle.er_leder or rolle.er_ke:
        punkter.append((_("Behov til behandling"), reverse("koordinering:behov-liste"), None))
    if rolle.er_ke:
        punkter.append((_("Tilgangslogg"), reverse("koordinering:tilgangslogg-ansatte"), None))
        punkter.append((_("Oversikt"), reverse("oversikt:oversikt"), None))
    punkter.append((_("Min profil"), reverse("koordinering:profil"), None))
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
