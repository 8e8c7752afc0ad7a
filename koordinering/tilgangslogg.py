"""Logging what patient data a page showed (Normen faktaark 15): one access-log row per patient
shown, with who (name, HPR number, role, organisation, units), what (the page and the object),
the action, the basis that gave access and the request id, in the transaction of the request
that shows it. Every app's views log through these helpers."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model

from felles.models import Handling
from felles.services import tilgangslogg_registrer
from koordinering.arbeidsrolle import Arbeidsrolle, arbeidsrolle
from koordinering.models import Pasient


def _hvem(rolle: Arbeidsrolle) -> dict:
    ansatt = rolle.ansatt
    return {
        "rolle": rolle.beskrivelse,
        "organisasjon_id": ansatt.organisasjon_id if ansatt else None,
        "hpr_nummer": getattr(ansatt, "hpr_nummer", "") if ansatt else "",
        "enheter": ", ".join(str(m.enhet) for m in rolle.medlemskap),
    }


def _objekt(request, objekt: Model | None) -> dict:
    """The document or object shown: the model and id when the view names it, otherwise the
    page (URL name) and the id in its URL."""
    if objekt is not None:
        return {"objekt_type": objekt._meta.label_lower, "objekt_id": objekt.pk}
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {}
    pk = match.kwargs.get("pk")
    return {"objekt_type": match.view_name, "objekt_id": pk if isinstance(pk, int) else None}


def _handling(request, handling: str | None) -> str:
    if handling:
        return handling
    return Handling.ENDRET if getattr(request, "method", "GET") == "POST" else Handling.VIST


def pasienter_vist(
    *,
    user: AbstractBaseUser,
    arbeidsrolle: Arbeidsrolle,
    pasient_ider: list[int],
    dokument: str,
    handling: str = Handling.VIST,
    objekt: dict | None = None,
) -> int:
    """Log that these patients were shown to the user, each with the basis that gave access.

    One query finds the basis (`tilgangsgrunnlag_for`, the ways in of `visible_to`), one
    insert writes the rows. A patient the user cannot see is never shown, so it is never in
    `pasient_ider`."""
    return tilgangslogg_registrer(
        bruker=user,
        pasient_grunnlag=Pasient.objects.tilgangsgrunnlag_for(user, pasient_ider),
        dokument=dokument,
        handling=handling,
        **_hvem(arbeidsrolle),
        **(objekt or {}),
    )


def logg_pasienter(
    request, pasient_ider, dokument: str, *, handling: str | None = None, objekt=None
) -> None:
    """Log patients shown by id, with the basis that gives the signed-in user access now.
    The action is a change for a POST unless the view says otherwise (a search is a read)."""
    pasienter_vist(
        user=request.user,
        arbeidsrolle=arbeidsrolle(request),
        pasient_ider=list(pasient_ider),
        dokument=dokument,
        handling=_handling(request, handling),
        objekt=_objekt(request, objekt),
    )


def logg_visning(
    request, pasient_grunnlag, dokument: str, *, handling: str | None = None, objekt=None
) -> None:
    """Log patients shown, as (pasient_id, tilgangsgrunnlag) pairs the view already has (from
    `visible_to` or a plan/group access check)."""
    tilgangslogg_registrer(
        bruker=request.user,
        pasient_grunnlag=pasient_grunnlag,
        dokument=dokument,
        handling=_handling(request, handling),
        **_hvem(arbeidsrolle(request)),
        **_objekt(request, objekt),
    )
