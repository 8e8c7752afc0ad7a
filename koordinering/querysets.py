"""Reusable filters. `visible_to(user)` is the only way views read patients."""

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from felles.models import Tilgangsgrunnlag


def _aktive_tilknytninger():
    from koordinering.models import Tilknytning

    return Tilknytning.objects.aktive(timezone.localdate())


def _mine_enheter(user):
    from koordinering.models import Medlemskap

    return Medlemskap.objects.filter(ansatt__bruker=user).values("enhet_id")


def _mine_ke_organisasjoner(user):
    from koordinering.models import Enhet, Medlemskap

    return Medlemskap.objects.filter(
        ansatt__bruker=user, enhet__type=Enhet.Type.KOORDINERENDE_ENHET
    ).values("enhet__organisasjon_id")


def _navngitt_i_gyldig_samtykke(user):
    from koordinering.models import Samtykke

    return Samtykke.objects.gyldige(timezone.localdate()).filter(personer__bruker=user)


def _oppnevningstilganger(user):
    from koordinering.models import PasientUserObjectPermission

    return PasientUserObjectPermission.objects.filter(
        user=user, permission__codename="view_pasient"
    )


def _tilgangsveier(user):
    """Appointment grants, active connections to my units, active connections in my KE's
    organisation, and valid consents that name me."""
    return (
        _oppnevningstilganger(user),
        _aktive_tilknytninger().filter(enhet_id__in=_mine_enheter(user)),
        _aktive_tilknytninger().filter(organisasjon_id__in=_mine_ke_organisasjoner(user)),
        _navngitt_i_gyldig_samtykke(user),
    )


def _synlig(oppnevning, enhet, ke, samtykke) -> Q:
    return (
        Q(pk__in=oppnevning.values("content_object_id"))
        | Q(pk__in=enhet.values("pasient_id"))
        | Q(pk__in=ke.values("pasient_id"))
        | Q(pk__in=samtykke.values("pasient_id"))
    )


class PasientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Patients the user has a work-related need for, each annotated with
        `tilgangsgrunnlag` (the relationship that gives access, for the access log).

        Three ways in, all evaluated in SQL on every request so that an ended connection ends
        access at once: an appointment (guardian grant made by the appointment service), an
        active connection to one of the user's units, or KE membership in an organisation with
        an active connection."""
        if not user.is_authenticated:
            return self.none()
        oppnevning, enhet, ke, samtykke = _tilgangsveier(user)
        return self.filter(_synlig(oppnevning, enhet, ke, samtykke)).annotate(
            tilgangsgrunnlag=Case(
                When(
                    Exists(oppnevning.filter(content_object_id=OuterRef("pk"))),
                    then=Value(Tilgangsgrunnlag.OPPNEVNING),
                ),
                When(
                    Exists(enhet.filter(pasient_id=OuterRef("pk"))),
                    then=Value(Tilgangsgrunnlag.ENHET),
                ),
                When(
                    Exists(ke.filter(pasient_id=OuterRef("pk"))),
                    then=Value(Tilgangsgrunnlag.KE),
                ),
                default=Value(Tilgangsgrunnlag.SAMTYKKE),
            )
        )

    def synlige_ider(self, user):
        """The ids of `visible_to(user)` as a subquery, for filtering other tables by patient."""
        if not user.is_authenticated:
            return self.none().values("pk")
        return self.filter(_synlig(*_tilgangsveier(user))).values("pk")

    def editable_by(self, user):
        """Patients the user may change: through an appointment or their own unit; the KE and
        people named in a consent read only."""
        return self.visible_to(user).filter(
            tilgangsgrunnlag__in=[Tilgangsgrunnlag.OPPNEVNING, Tilgangsgrunnlag.ENHET]
        )
