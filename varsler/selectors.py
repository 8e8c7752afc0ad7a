"""Read models for the notification centre and the menu's unread count."""

from django.contrib.auth.models import AbstractBaseUser

from felles.sql import Antall
from koordinering.models import Pasient
from varsler.models import Paminnelsestype, Varsel


def varsler(*, user: AbstractBaseUser):
    """The user's notifications, newest first."""
    return (
        Varsel.objects.filter(mottaker=user)
        .select_related("paminnelse__pasient")
        .order_by("-opprettet", "-id")
    )


def med_pasient_synlig(*, user: AbstractBaseUser, varsler) -> list[Varsel]:
    """Mark each notification of a page with `pasient_synlig`: whether the patient may still
    be named (the user can see the patient, or it is about a message to the user's unit).
    One query for the page's patients."""
    varsler = list(varsler)
    synlige = set(
        Pasient.objects.visible_to(user)
        .filter(pk__in={v.paminnelse.pasient_id for v in varsler})
        .values_list("pk", flat=True)
    )
    for varsel in varsler:
        varsel.pasient_synlig = (
            varsel.paminnelse.pasient_id in synlige
            or varsel.paminnelse.type == Paminnelsestype.MELDING_SVARFRIST
        )
    return varsler


def uleste_varsler(*, user: AbstractBaseUser) -> Antall:
    """The menu's unread notifications, as a count to put in another query (partial index)."""
    return Antall(Varsel.objects.filter(mottaker=user, lest__isnull=True).values("pk"))
