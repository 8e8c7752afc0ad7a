"""Logging what patient data a page showed (Normen faktaark 15): one access-log row per patient
shown, with the basis that gave access, in the transaction of the request that shows it.
Every app's views log through these helpers."""

from django.contrib.auth.models import AbstractBaseUser

from felles.services import tilgangslogg_registrer
from koordinering.arbeidsrolle import Arbeidsrolle, arbeidsrolle
from koordinering.models import Pasient


def pasienter_vist(
    *, user: AbstractBaseUser, arbeidsrolle: Arbeidsrolle, pasient_ider: list[int], dokument: str
) -> int:
    """Log that these patients were shown to the user, each with the basis that gave access.

    One query finds the basis (`visible_to`), one insert writes the rows. A patient the user
    cannot see is never shown, so it is never in `pasient_ider`."""
    grunnlag = Pasient.objects.visible_to(user).filter(pk__in=pasient_ider)
    return tilgangslogg_registrer(
        bruker=user,
        rolle=arbeidsrolle.beskrivelse,
        organisasjon_id=arbeidsrolle.ansatt.organisasjon_id if arbeidsrolle.ansatt else None,
        pasient_grunnlag=grunnlag.values_list("pk", "tilgangsgrunnlag"),
        dokument=dokument,
    )


def logg_pasienter(request, pasient_ider, dokument: str) -> None:
    """Log patients shown by id, with the basis that gives the signed-in user access now."""
    pasienter_vist(
        user=request.user,
        arbeidsrolle=arbeidsrolle(request),
        pasient_ider=list(pasient_ider),
        dokument=dokument,
    )


def logg_visning(request, pasient_grunnlag, dokument: str) -> None:
    """Log patients shown, as (pasient_id, tilgangsgrunnlag) pairs the view already has (from
    `visible_to` or a plan/group access check)."""
    rolle = arbeidsrolle(request)
    tilgangslogg_registrer(
        bruker=request.user,
        rolle=rolle.beskrivelse,
        organisasjon_id=rolle.ansatt.organisasjon_id,
        pasient_grunnlag=pasient_grunnlag,
        dokument=dokument,
    )
