"""The leader's appointment screen: pending need reports, appointing a person or declining.
Need reports are fetched only through the selectors scoped to the leader (others get 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from felles.forms import feil_til_skjema
from koordinering import behovside, selectors, services
from koordinering.arbeidsrolle import ansatt_paakrevd, arbeidsrolle
from koordinering.forms import AvslagForm, BeslutningForm, OppnevningForm
from koordinering.models import UTFALL_FOR_BEHOV, Behov, Behovsmelding
from koordinering.tilgangslogg import logg_pasienter
from koordinering.views import SIDESTORRELSE


@ansatt_paakrevd
def behov_liste(request):
    """Pending need reports of the leader's units, oldest first, with waiting time; the KE sees
    every pending report in its organisation (read only: the unit's leader decides)."""
    rolle = arbeidsrolle(request)
    if not (rolle.er_leder or rolle.er_ke):
        raise Http404
    side = Paginator(selectors.ventende_behov(user=request.user), SIDESTORRELSE).get_page(
        request.GET.get("side")
    )
    ke_side = (
        Paginator(
            selectors.ventende_behov_i_organisasjonen(user=request.user), SIDESTORRELSE
        ).get_page(request.GET.get("ke-side"))
        if rolle.er_ke
        else None
    )
    pasienter = {b.pasient_id for b in side} | {b.pasient_id for b in (ke_side or [])}
    logg_pasienter(request, pasienter, _("Behov til behandling"))
    return render(
        request,
        "koordinering/behov_liste.html",
        {"side": side, "ke_side": ke_side, "naa": timezone.now()},
    )


def _ventende_behov(request, pk: int) -> Behovsmelding:
    return get_object_or_404(selectors.ventende_behov(user=request.user), pk=pk)


# «Ønsker ikke» has its own button; the decline form offers the other reasons.
AVSLAGSGRUNNER = [
    g for g in Behovsmelding.Avslagsgrunn.values if g != Behovsmelding.Avslagsgrunn.ONSKER_IKKE
]


def _behov_side(
    request, behov, *, oppnevning_form=None, avslag_form=None, beslutning_feil=None, status=200
):
    """The decisions that fit the need's kind (`UTFALL_FOR_BEHOV`), and nothing else."""
    utfall = UTFALL_FOR_BEHOV[behov.behov]
    kan_oppnevne = Behovsmelding.Status.OPPNEVNT in utfall
    kandidater = (
        selectors.kandidater_for_behov(behovsmelding=behov, leder=request.user)
        if kan_oppnevne
        else None
    )
    if kan_oppnevne:
        oppnevning_form = oppnevning_form or OppnevningForm(
            kandidater=kandidater, behovsmelding=behov
        )
    logg_pasienter(request, [behov.pasient_id], _("Behandle behov"))
    return render(
        request,
        "koordinering/behov_detalj.html",
        {
            "behov": behov,
            "kandidater": kandidater,
            "oppnevning_form": oppnevning_form if kan_oppnevne else None,
            "avslag_form": avslag_form or AvslagForm(grunner=AVSLAGSGRUNNER),
            "beslutninger": [
                Behovsmelding.Status(u)
                for u in utfall
                if u not in (Behovsmelding.Status.OPPNEVNT, Behovsmelding.Status.AVSLATT)
            ],
            "beslutning_feil": beslutning_feil,
            "til_kommunen": behov.behov == Behov.INDIVIDUELL_PLAN
            and behov.enhet.organisasjon.er_sykehus,
            "meldinger": behovside.behov_meldinger(behovsmelding=behov),
            "idag": timezone.localdate(),
        },
        status=status,
    )


@ansatt_paakrevd
def behov_detalj(request, pk: int):
    return _behov_side(request, _ventende_behov(request, pk))


@ansatt_paakrevd
@require_POST
def behov_oppnevn(request, pk: int):
    behov = _ventende_behov(request, pk)
    if Behovsmelding.Status.OPPNEVNT not in UTFALL_FOR_BEHOV[behov.behov]:
        feil = _("Et behov for individuell plan besluttes med «plan opprettes» eller «dekkes».")
        return _behov_side(request, behov, beslutning_feil=[feil], status=400)
    form = OppnevningForm(
        request.POST,
        kandidater=selectors.kandidater_for_behov(behovsmelding=behov, leder=request.user),
        behovsmelding=behov,
    )
    if form.is_valid():
        try:
            oppnevning = services.oppnevning_opprett(
                actor=request.user, behovsmelding=behov, **form.cleaned_data
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(
                request,
                _("%(navn)s er oppnevnt som %(rolle)s for %(pasient)s.")
                % {
                    "navn": oppnevning.ansatt,
                    "rolle": oppnevning.get_rolle_display().lower(),
                    "pasient": behov.pasient,
                },
            )
            return redirect("koordinering:behov-liste")
    return _behov_side(request, behov, oppnevning_form=form, status=400)


@ansatt_paakrevd
@require_POST
def behov_avslaa(request, pk: int):
    behov = _ventende_behov(request, pk)
    form = AvslagForm(request.POST)
    if form.is_valid():
        try:
            services.behovsmelding_avslaa(
                actor=request.user,
                behovsmelding=behov,
                grunn=form.cleaned_data["grunn"],
                kommentar=form.cleaned_data["kommentar"],
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Behovet er registrert som ikke oppnevnt."))
            return redirect("koordinering:behov-liste")
    return _behov_side(request, behov, avslag_form=form, status=400)


@ansatt_paakrevd
@require_POST
def behov_beslutt(request, pk: int):
    """Covered by an existing koordinator or plan, a plan is to be made, or informed."""
    behov = _ventende_behov(request, pk)
    form = BeslutningForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["utfall"][0])
        services.behovsmelding_beslutt(
            actor=request.user, behovsmelding=behov, utfall=form.cleaned_data["utfall"]
        )
    except ValidationError as feil:
        return _behov_side(request, behov, beslutning_feil=feil.messages, status=400)
    messages.success(
        request,
        _("Behovet er registrert: %(utfall)s.")
        % {"utfall": Behovsmelding.Status(form.cleaned_data["utfall"]).label.lower()},
    )
    return redirect("koordinering:behov-liste")
