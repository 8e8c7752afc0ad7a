"""Read models for koordinering screens."""

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser

from koordinering.models import Ansatt, Medlemskap


@dataclass(frozen=True)
class Arbeidsrolle:
    """Who a signed-in person is at work: organisation, units and the roles they hold there."""

    ansatt: Ansatt | None
    medlemskap: list[Medlemskap] = field(default_factory=list)

    @property
    def organisasjon(self):
        return self.ansatt.organisasjon if self.ansatt else None

    @property
    def er_leder(self) -> bool:
        return any(m.rolle == Medlemskap.Rolle.LEDER for m in self.medlemskap)

    @property
    def er_ke(self) -> bool:
        return any(m.enhet.er_koordinerende_enhet for m in self.medlemskap)

    @property
    def ledede_enheter(self):
        return [m.enhet for m in self.medlemskap if m.rolle == Medlemskap.Rolle.LEDER]


def arbeidsrolle_for(*, user: AbstractBaseUser) -> Arbeidsrolle:
    """One query for the profile and one for the memberships, whatever the number of units."""
    ansatt = (
        Ansatt.objects.select_related("organisasjon", "bruker").filter(bruker=user).first()
        if user.is_authenticated
        else None
    )
    if ansatt is None:
        return Arbeidsrolle(ansatt=None)
    medlemskap = list(
        Medlemskap.objects.filter(ansatt=ansatt).select_related("enhet").order_by("enhet__navn")
    )
    return Arbeidsrolle(ansatt=ansatt, medlemskap=medlemskap)
