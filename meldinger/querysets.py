"""Who sees which messages. `visible_to(user)` is the only way views read messages."""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce

from koordinering.querysets import enheter_og_ke_organisasjoner


def _videresendt_til(enheter: list[int], *, hele_traaden: bool = True) -> Exists:
    """The message's thread has been forwarded to one of these units; with `hele_traaden`
    False only the forwarded first message matches (what the unit's inbox lists)."""
    from meldinger.models import Videresending

    traad = Coalesce(OuterRef("traad_id"), OuterRef("pk")) if hele_traaden else OuterRef("pk")
    return Exists(Videresending.objects.filter(traad_id=traad, til_enhet_id__in=enheter))


class MeldingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The sending and the receiving unit, units the thread was forwarded to, and the
        koordinerende enhet of both organisations (the KE sees all its organisation's traffic).
        Nobody else: not other units of the organisation, not other organisations."""
        if not user.is_authenticated:
            return self.none()
        enheter, ke_org = enheter_og_ke_organisasjoner(user)
        return self.filter(
            Q(avsender_enhet_id__in=enheter)
            | Q(mottaker_enhet_id__in=enheter)
            | Q(avsender_organisasjon_id__in=ke_org)
            | Q(mottaker_organisasjon_id__in=ke_org)
            | _videresendt_til(enheter)
        )

    def innboks(self, user, *, enhet_id: int | None = None, bare_til_meg: bool = False):
        """Messages to the user's units, to the user by name, or threads forwarded to the
        user's units (listed by their first message)."""
        enheter, _ke = enheter_og_ke_organisasjoner(user)
        if enhet_id is not None:
            enheter = [e for e in enheter if e == enhet_id]
        if bare_til_meg:
            return self.filter(mottaker_ansatt__bruker=user)
        return self.filter(
            Q(mottaker_enhet_id__in=enheter)
            | Q(mottaker_ansatt__bruker=user)
            | _videresendt_til(enheter, hele_traaden=False)
        )

    def utboks(self, user, *, enhet_id: int | None = None, bare_fra_meg: bool = False):
        enheter, _ke = enheter_og_ke_organisasjoner(user)
        if enhet_id is not None:
            enheter = [e for e in enheter if e == enhet_id]
        if bare_fra_meg:
            return self.filter(avsender__bruker=user)
        return self.filter(Q(avsender_enhet_id__in=enheter) | Q(avsender__bruker=user))

    def organisasjonens(self, user):
        """All traffic of the organisations where the user works in the KE."""
        _enheter, ke_org = enheter_og_ke_organisasjoner(user)
        return self.filter(
            Q(avsender_organisasjon_id__in=ke_org) | Q(mottaker_organisasjon_id__in=ke_org)
        )

    def uleste_for(self, user):
        """Unread in the user's inbox: not yet opened by the receiving unit or person, or
        forwarded to one of the user's units and not yet opened there."""
        from meldinger.models import Melding, Videresending

        enheter, _ke = enheter_og_ke_organisasjoner(user)
        ulest_videresendt = Exists(
            Videresending.objects.filter(
                traad_id=OuterRef("pk"), til_enhet_id__in=enheter, lest__isnull=True
            )
        )
        return self.filter(
            Q(mottaker_enhet_id__in=enheter, status__in=Melding.ULEST)
            | Q(mottaker_ansatt__bruker=user, status__in=Melding.ULEST)
            | ulest_videresendt
        )
