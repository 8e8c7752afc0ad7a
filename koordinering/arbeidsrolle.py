"""Who the signed-in person is at work: staff profile, organisation, units and roles.

Every app's views and services use these helpers: the role for the menu and the access log,
the units a person works in, the guard that case work needs a staff profile, and the staff
profile of the acting user in services."""

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from felles.avviste import avvist_forsok_registrer
from koordinering.models import Ansatt, Enhet, Medlemskap
from koordinering.querysets import gjeldende_medlemskap


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
    """One query for the profile and one for the current memberships, whatever the number of
    units; a membership left behind in another organisation is no role."""
    ansatt = (
        Ansatt.objects.select_related("organisasjon", "bruker").filter(bruker=user).first()
        if user.is_authenticated
        else None
    )
    if ansatt is None:
        return Arbeidsrolle(ansatt=None)
    user.ansatt = ansatt  # later `user.ansatt` lookups in the request use this one
    # The current memberships, read once per request and shared with the access filters.
    medlemskap = gjeldende_medlemskap(user)
    return Arbeidsrolle(ansatt=ansatt, medlemskap=medlemskap)


def arbeidsrolle(request) -> Arbeidsrolle:
    """The signed-in person's work role, looked up once per request."""
    if not hasattr(request, "_arbeidsrolle"):
        request._arbeidsrolle = arbeidsrolle_for(user=request.user)
    return request._arbeidsrolle


def egne_enheter(request):
    """The units the signed-in person works in now (current memberships only)."""
    return Enhet.objects.filter(
        pk__in=[m.enhet_id for m in gjeldende_medlemskap(request.user)]
    ).order_by("navn")


def uten_enhet(request) -> HttpResponse:
    """A staff member with no current unit membership (ended, moved, never added) does no case
    work: 403 with a Norwegian page saying whom to contact, instead of a 404 or a 500. The page
    is the same for every URL, whether the patient or object exists or not; a URL that names an
    object is recorded as a refused attempt, for the KE's review (ADR 0005)."""
    if request.resolver_match is not None and request.resolver_match.kwargs:
        avvist_forsok_registrer(request)
    return render(request, "koordinering/uten_enhet.html", status=403)


def ansatt_paakrevd(view):
    """Case work needs a staff profile (anyone else, such as the system admin, gets 404) and a
    current unit membership (`uten_enhet` otherwise)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        rolle = arbeidsrolle(request)
        if rolle.ansatt is None:
            raise Http404
        if not rolle.medlemskap:
            return uten_enhet(request)
        return view(request, *args, **kwargs)

    return wrapper


def ansattprofil_paakrevd(view):
    """A staff profile, with or without a unit: the person's own profile page."""

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
