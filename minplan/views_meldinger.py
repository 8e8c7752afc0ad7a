"""Min plan: messages between the citizen and the staff who help them, and the citizen's
notification settings (issue 16 points 3 and 4; docs/adr/0027-varsler-til-innbyggere.md).
In its own module so the views of the other parts of Min plan stay apart; the same rules as
minplan/views.py: `innbygger_paakrevd`, `krever`, 404 for what the citizen may not see, every
read in the access log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from felles.forms import feil_til_skjema
from meldinger import selectors as meldingsselektorer
from meldinger import services as meldingstjenester
from meldinger.models import Innbyggertraad
from minplan import selectors
from minplan.forms import NyMeldingForm, SvarMeldingForm, VarselinnstillingForm
from minplan.models import Omraade, Varselinnstilling
from minplan.tilgang import INNBYGGER
from minplan.tilgangslogg import logg_lesing, teknisk_bruker
from minplan.views import _side, innbygger_paakrevd, krever


def _innbyggernavn(request) -> str:
    return request.session[INNBYGGER]["navn"]


@innbygger_paakrevd
@krever(Omraade.MELDINGER)
def meldinger(request):
    tilgang = request.minplan.valgt
    traader = list(meldingsselektorer.innbyggertraader_for_pasient(pasient=tilgang.pasient))
    logg_lesing(request, tilgang, _("Min plan: meldinger"))
    return _side(request, "minplan/melding_liste.html", {"traader": traader})


@innbygger_paakrevd
@krever(Omraade.MELDINGER)
@require_http_methods(["GET", "POST"])
def melding_ny(request):
    tilgang = request.minplan.valgt
    mottakere = selectors.meldingsmottakere(pasient=tilgang.pasient)
    valgt = request.GET.get("til", "")
    form = NyMeldingForm(
        request.POST or None,
        mottakere=[(m.ansatt.pk, m.etikett) for m in mottakere],
        # «Send melding» on «Hvem hjelper meg» names the receiver; anyone else is ignored.
        initial={"til": int(valgt)} if valgt.isdigit() else None,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            ansatt = next(m.ansatt for m in mottakere if m.ansatt.pk == data["til"])
            try:
                traad = meldingstjenester.innbyggertraad_start(
                    actor=teknisk_bruker(),
                    pasient=tilgang.pasient,
                    ansatt=ansatt,
                    innbygger_navn=_innbyggernavn(request),
                    emne=data["emne"],
                    tekst=data["tekst"],
                    innsending_id=data.get("innsending_id"),
                )
            except ValidationError as feil:
                feil_til_skjema(form, feil)
            else:
                messages.success(request, _("Meldingen er sendt."))
                return redirect("minplan:melding-traad", pk=traad.pk)
    logg_lesing(request, tilgang, _("Min plan: ny melding"))
    return _side(
        request, "minplan/melding_ny.html", {"form": form, "mottakere": mottakere}, status=status
    )


def _traad_eller_404(tilgang, pk: int) -> Innbyggertraad:
    """Only a thread of the person the citizen acts for now: any other answers 404."""
    traad = (
        Innbyggertraad.objects.filter(pk=pk, pasient=tilgang.pasient)
        .select_related("ansatt__bruker")
        .first()
    )
    if traad is None:
        raise Http404
    return traad


@innbygger_paakrevd
@krever(Omraade.MELDINGER)
@require_http_methods(["GET", "POST"])
def melding_traad(request, pk: int):
    tilgang = request.minplan.valgt
    traad = _traad_eller_404(tilgang, pk)
    status = 200
    if request.method == "POST":
        form = SvarMeldingForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                meldingstjenester.innbyggermelding_skriv(
                    actor=teknisk_bruker(),
                    traad=traad,
                    innbygger_navn=_innbyggernavn(request),
                    tekst=form.cleaned_data["tekst"],
                    innsending_id=form.cleaned_data.get("innsending_id"),
                )
            except ValidationError as feil:
                feil_til_skjema(form, feil)
            else:
                messages.success(request, _("Meldingen er sendt."))
                return redirect("minplan:melding-traad", pk=traad.pk)
    else:
        form = SvarMeldingForm()
        meldingstjenester.innbyggertraad_les_innbygger(
            traad=traad, innbygger_navn=_innbyggernavn(request)
        )
    logg_lesing(request, tilgang, _("Min plan: melding"), traad)
    return _side(
        request,
        "minplan/melding_traad.html",
        {
            "traad": traad,
            "meldinger": meldingsselektorer.innbyggermeldinger(traad=traad),
            "form": form,
        },
        status=status,
    )


@innbygger_paakrevd
@require_http_methods(["GET", "POST"])
def varsler(request):
    """How the citizen wants to hear that something new is in Min plan. Kept for the citizen
    (by fødselsnummer), for everyone they see here, in the language they read it in now. The
    patient and everyone acting for them choose (each is told about what their mandate
    covers); a relative who reads plan parts by consent is not notified, and has no such page."""
    if request.minplan.valgt.er_parorende:
        raise Http404
    pid = request.session[INNBYGGER]["pid"]
    innstilling = Varselinnstilling.objects.filter(fodselsnummer=pid).first()
    if request.method == "POST":
        form = VarselinnstillingForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            kanal = data["kanal"]
            Varselinnstilling.objects.update_or_create(
                fodselsnummer=pid,
                defaults={
                    "kanal": kanal,
                    "epost": data["epost"] if kanal == Varselinnstilling.Kanal.EPOST else "",
                    "mobil": data["mobil"] if kanal == Varselinnstilling.Kanal.SMS else "",
                    "sprak": "nn" if translation.get_language() == "nn" else "nb",
                    "endret": timezone.now(),
                },
            )
            messages.success(
                request,
                _("Valget ditt er lagret.")
                if kanal != Varselinnstilling.Kanal.AV
                else _("Du får ingen varsler fra Min plan."),
            )
            return redirect("minplan:varsler")
        return _side(request, "minplan/varsler.html", {"form": form}, status=400)
    initial = (
        {"kanal": innstilling.kanal, "epost": innstilling.epost, "mobil": innstilling.mobil}
        if innstilling
        else {"kanal": Varselinnstilling.Kanal.AV}
    )
    return _side(request, "minplan/varsler.html", {"form": VarselinnstillingForm(initial=initial)})
