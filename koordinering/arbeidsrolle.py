"""Who the signed-in person is at work: staff profile, organisation, units and roles.

Every app's views and services use these helpers: the role for the menu and the access log,
the units a person works in, the guard that case work needs a staff profile, and the staff
profile of the acting user in services."""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from koordinering.models import Ansatt, Enhet, Medlemskap


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
    def beskrivelse(self) -> str:
        """For the access log: profession and each unit with the role held there."""
        if self.ansatt is None:
            return "Ingen ansattprofil"
        enheter = ", ".join(f"{m.get_rolle_display().lower()} i {m.enhet}" for m in self.medlemskap)
        return (
            f"{self.ansatt.get_yrke_display()}; {enheter}"
            if enheter
            else self.ansatt.get_yrke_display()
        )

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
    user.ansatt = ansatt  # later `user.ansatt` lookups in the request use this one
    medlemskap = list(
        Medlemskap.objects.filter(ansatt=ansatt).select_related("enhet").order_by("enhet__navn")
    )
    # The same rows give the memberships that count for access (`_medlemskap_for_tilgang`:
    # an active user, units of the organisation the person works for now): remember them, so
    # a request reads memberships once.
    user._medlemskap_for_tilgang = [
        (m.enhet_id, m.enhet.type, m.enhet.organisasjon_id)
        for m in medlemskap
        if user.is_active and m.enhet.organisasjon_id == ansatt.organisasjon_id
    ]
    return Arbeidsrolle(ansatt=ansatt, medlemskap=medlemskap)


def arbeidsrolle(request) -> Arbeidsrolle:
    """The signed-in person's work role, looked up once per request."""
    if not hasattr(request, "_arbeidsrolle"):
        request._arbeidsrolle = arbeidsrolle_for(user=request.user)
    return request._arbeidsrolle


def egne_enheter(request):
    """The units the signed-in person works in."""
    return Enhet.objects.filter(medlemskap__ansatt__bruker=request.user).order_by("navn")


def ansatt_paakrevd(view):
    """Case work needs a staff profile; anyone else (such as the system admin) gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if arbeidsrolle(request).ansatt is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def ansatt_for(actor: AbstractBaseUser) -> Ansatt:
    """The acting user's staff profile, for services; a user without one may change nothing."""
    try:
        return actor.ansatt
    except Ansatt.DoesNotExist:
        raise ValidationError(_("Brukeren din er ikke registrert som ansatt.")) from None
