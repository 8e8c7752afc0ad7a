"""Refused attempts (Normen faktaark 15): a signed-in person who asks for something they may
not see gets 404, exactly as for what does not exist, and the attempt is written to the access
log, so the KE's snooping review (Kontroll av tilganger) can follow it up.

The middleware runs after the view's transaction has rolled back (ATOMIC_REQUESTS), so the row
is written on its own and stays."""

from django.http import Http404

from felles.models import Handling, Tilgangslogg
from felles.services import tilgangslogg_registrer

# URL arguments that name a patient directly.
PASIENT_ARGUMENTER = ("pasient_id",)


def _pasient_id(match) -> int | None:
    """The patient the refused URL names, when it names one that exists."""
    kandidat = next((match.kwargs[a] for a in PASIENT_ARGUMENTER if a in match.kwargs), None)
    if kandidat is None and match.route.startswith("pasienter/<int:pk>"):
        kandidat = match.kwargs.get("pk")
    if not isinstance(kandidat, int):
        return None
    pasienter = Tilgangslogg._meta.get_field("pasient").related_model.objects
    return kandidat if pasienter.filter(pk=kandidat).exists() else None


def avvist_forsok_registrer(request) -> None:
    match = request.resolver_match
    ansatt = getattr(request.user, "ansatt", None)
    objekt_id = match.kwargs.get("pk") if match else None
    tilgangslogg_registrer(
        bruker=request.user,
        rolle=ansatt.get_yrke_display() if ansatt else "Ingen ansattprofil",
        organisasjon_id=ansatt.organisasjon_id if ansatt else None,
        hpr_nummer=getattr(ansatt, "hpr_nummer", ""),
        pasient_grunnlag=[(_pasient_id(match) if match else None, "")],
        dokument=f"{request.method} {request.path}",
        handling=Handling.AVVIST,
        objekt_type=match.view_name if match else "",
        objekt_id=objekt_id if isinstance(objekt_id, int) else None,
    )


class AvvisteForsokMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and request.user.is_authenticated:
            avvist_forsok_registrer(request)
        return None  # Django's own 404 page answers, as for what does not exist
