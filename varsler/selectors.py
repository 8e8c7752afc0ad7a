"""Read models for the notification centre and the menu's unread count."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.utils import timezone

from felles.sql import Antall
from koordinering.models import Pasient
from varsler.models import Hendelsestype, Paminnelsestype, Varsel


def aapne() -> Q:
    """Open notifications: not done, and not an event whose time is over (a meeting held)."""
    return Q(ferdig__isnull=True) & (
        Q(hendelse__isnull=True)
        | Q(hendelse__utloper__isnull=True)
        | Q(hendelse__utloper__gt=timezone.now())
    )


def varsler(*, user: AbstractBaseUser, vis_ferdige: bool = False):
    """The user's notifications, newest first: the open ones, or all with `vis_ferdige`."""
    varsler = Varsel.objects.filter(mottaker=user)
    if not vis_ferdige:
        varsler = varsler.filter(aapne())
    return varsler.select_related("paminnelse__pasient", "hendelse__pasient").order_by(
        "-opprettet", "-id"
    )


# About a message to the user's unit: the patient may be named even when the user cannot open
# the patient (the message itself names them).
OM_MELDING = {Paminnelsestype.MELDING_SVARFRIST, Hendelsestype.MELDING_MOTTATT}


def med_pasient_synlig(*, user: AbstractBaseUser, varsler) -> list[Varsel]:
    """Mark each notification of a page with `pasient_synlig`: whether the patient may still
    be named (the user can see the patient, or it is about a message to the user's unit).
    One query for the page's patients."""
    varsler = list(varsler)
    synlige = set(
        Pasient.objects.visible_to(user)
        .filter(pk__in={v.kilde.pasient_id for v in varsler})
        .values_list("pk", flat=True)
    )
    for varsel in varsler:
        varsel.pasient_synlig = (
            varsel.kilde.pasient_id in synlige or varsel.kilde.type in OM_MELDING
        )
    return varsler


def uleste_varsler(*, user: AbstractBaseUser) -> Antall:
    """The menu's unread open notifications, as a count to put in another query (partial
    index on the unread ones)."""
    return Antall(Varsel.objects.filter(aapne(), mottaker=user, lest__isnull=True).values("pk"))
