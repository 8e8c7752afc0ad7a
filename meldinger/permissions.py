"""Who may do what with a message. Reads go through `Melding.objects.visible_to(user)`.

Services check the actor with `sjekk_kan_behandle` / `sjekk_kan_skrive_om` (`PermissionDenied`
for a stranger); the finer rules between the parties (only the receiver marks it handled, only
the receiving KE forwards) stay `ValidationError`s in the services."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from koordinering.models import Pasient
from koordinering.querysets import enheter_og_ke_organisasjoner
from meldinger.models import Melding, Videresending


def melding_for(*, user: AbstractBaseUser, melding_id: int) -> Melding:
    """The message if the user may see it; otherwise 404, like a message that does not exist."""
    melding = (
        Melding.objects.visible_to(user)
        .select_related(
            "pasient__hjemkommune",
            "avsender__bruker",
            "avsender_enhet__organisasjon",
            "mottaker_enhet__organisasjon",
            "mottaker_ansatt__bruker",
            "lest_av__bruker",
            "avsluttet_av__bruker",
        )
        .filter(pk=melding_id)
        .first()
    )
    if melding is None:
        raise Http404
    return melding


def sjekk_kan_behandle(*, user: AbstractBaseUser, melding: Melding) -> None:
    """For services: the actor is one of the parties that see the message."""
    if not Melding.objects.visible_to(user).filter(pk=melding.pk).exists():
        raise PermissionDenied


def kan_skrive_om(*, user: AbstractBaseUser, pasient: Pasient) -> bool:
    """A new message may be about a patient the user sees, or one a message has reached them
    about (the receiving KE then writes, for example, a disagreement)."""
    return (
        Pasient.objects.visible_to(user).filter(pk=pasient.pk).exists()
        or Melding.objects.visible_to(user).filter(pasient_id=pasient.pk).exists()
    )


def sjekk_kan_skrive_om(*, user: AbstractBaseUser, pasient: Pasient) -> None:
    if not kan_skrive_om(user=user, pasient=pasient):
        raise PermissionDenied


def er_mottaker(*, user: AbstractBaseUser, melding: Melding) -> bool:
    """A member of the receiving unit, or the person it was addressed to: opening it is a read."""
    enheter, _ke = enheter_og_ke_organisasjoner(user)
    return melding.mottaker_enhet_id in enheter or (
        melding.mottaker_ansatt_id is not None and melding.mottaker_ansatt.bruker_id == user.pk
    )


def videresendt_til_meg(*, user: AbstractBaseUser, melding: Melding):
    enheter, _ke = enheter_og_ke_organisasjoner(user)
    return Videresending.objects.filter(
        traad_id=melding.traad_id_eller_egen, til_enhet_id__in=enheter
    )


def paa_mottakersiden(*, user: AbstractBaseUser, melding: Melding) -> bool:
    """May answer it or mark it handled: the receiver, the receiving organisation's KE, and the
    units the thread was forwarded to."""
    _enheter, ke_org = enheter_og_ke_organisasjoner(user)
    return (
        er_mottaker(user=user, melding=melding)
        or melding.mottaker_organisasjon_id in ke_org
        or videresendt_til_meg(user=user, melding=melding).exists()
    )


def kan_videresende(*, user: AbstractBaseUser, melding: Melding) -> bool:
    """The receiving organisation's koordinerende enhet."""
    _enheter, ke_org = enheter_og_ke_organisasjoner(user)
    return melding.mottaker_organisasjon_id in ke_org
