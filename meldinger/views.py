"""Thin views for messages and notifications: parse, call one selector or service, log which
patients were shown, render. Messages are fetched only through `Melding.objects.visible_to`, so a
stranger's message answers 404."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from felles.forms import feil_til_skjema
from felles.models import Tilgangsgrunnlag
from felles.paginering import AvgrensetPaginator
from koordinering.arbeidsrolle import ansatt_paakrevd, arbeidsrolle, egne_enheter
from koordinering.models import Enhet, Pasient
from koordinering.permissions import kan_beslutte
from koordinering.tilgangslogg import logg_visning
from meldinger import permissions, selectors, services
from meldinger.forms import (
    BehandletForm,
    InnbyggersvarForm,
    MeldingFilterForm,
    MeldingForm,
    SvarForm,
    TaImotForm,
    VideresendForm,
)
from meldinger.models import Innbyggertraad, Melding, Meldingstype, Vedlegg
from meldinger.selectors import Boks

SIDESTORRELSE = 25


def _logg_meldinger(request, meldinger, dokument: str) -> None:
    logg_visning(
        request,
        [(pid, Tilgangsgrunnlag.MELDING) for pid in {m.pasient_id for m in meldinger}],
        dokument,
    )


# --- mailboxes -----------------------------------------------------------------------------------


def _valgt_pasient(request) -> int | None:
    """The patient id the filter asks for, if it is a number (the form validates the rest)."""
    verdi = request.GET.get("pasient", "")
    return int(verdi) if verdi.isdigit() and len(verdi) < 12 else None


@ansatt_paakrevd
def melding_liste(request):
    rolle = arbeidsrolle(request)
    boks = request.GET.get("boks")
    if boks not in (Boks.INN, Boks.UT, Boks.ORGANISASJON) or (
        boks == Boks.ORGANISASJON and not rolle.er_ke
    ):
        boks = Boks.INN
    form = MeldingFilterForm(
        request.GET or None,
        enheter=egne_enheter(request),
        pasienter=selectors.meldingspasienter(
            user=request.user, boks=boks, valgt=_valgt_pasient(request)
        ),
    )
    data = form.cleaned_data if form.is_valid() else {}
    filtre = selectors.Meldingsfiltre(
        boks=boks,
        enhet_id=data.get("enhet"),
        bare_meg=bool(data.get("bare_meg")),
        type=data.get("type", ""),
        status=data.get("status", ""),
        pasient_id=data.get("pasient"),
    )
    side = AvgrensetPaginator(
        selectors.meldingsliste(user=request.user, filtre=filtre), SIDESTORRELSE
    ).get_page(request.GET.get("side"))
    _logg_meldinger(request, side, _("Meldinger"))
    return render(
        request,
        "meldinger/melding_liste.html",
        {
            "form": form,
            "side": side,
            "boks": boks,
            "er_ke": rolle.er_ke,
        },
    )


# --- one message ---------------------------------------------------------------------------------


def _mottakere(request):
    """Units a message can go to: every unit of other organisations, and the own organisation's
    other units (for the types that may be sent internally; the service checks the rules)."""
    return (
        Enhet.objects.select_related("organisasjon")
        .exclude(medlemskap__ansatt__bruker=request.user)
        .order_by("organisasjon__navn", "navn")
    )


def _pasient_for_melding(request, pasient_id: int) -> tuple[Pasient, str]:
    """A new message may be about a patient the user sees, or one a message has reached them
    about (the receiving KE then writes, for example, a disagreement)."""
    pasient = Pasient.objects.visible_to(request.user).filter(pk=pasient_id).first()
    if pasient is not None:
        return pasient, pasient.tilgangsgrunnlag
    if Melding.objects.visible_to(request.user).filter(pasient_id=pasient_id).exists():
        return get_object_or_404(Pasient, pk=pasient_id), Tilgangsgrunnlag.MELDING
    raise Http404


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def melding_opprett(request, pk: int):
    pasient, grunnlag = _pasient_for_melding(request, pk)
    egne = egne_enheter(request)
    mottakere = _mottakere(request)
    initial = {"innsending_id": uuid.uuid4()}
    hjemkommunens_ke = mottakere.filter(
        organisasjon=pasient.hjemkommune_id, type=Enhet.Type.KOORDINERENDE_ENHET
    ).first()
    if hjemkommunens_ke and arbeidsrolle(request).organisasjon.er_sykehus:
        initial["mottaker_enhet"] = hjemkommunens_ke.pk
    if request.GET.get("type") in Meldingstype.values:
        initial["type"] = request.GET["type"]
    form = MeldingForm(
        request.POST or None,
        request.FILES or None,
        egne_enheter=egne,
        mottakere=mottakere,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.melding_send(
                actor=request.user, pasient=pasient, **form.cleaned_data
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(
                request,
                _("Meldingen til %(enhet)s, %(org)s er lagret og sendes så snart som mulig.")
                % {
                    "enhet": melding.mottaker_enhet.navn,
                    "org": melding.mottaker_enhet.organisasjon,
                },
            )
            return redirect("meldinger:melding-detalj", pk=melding.pk)
    logg_visning(request, [(pasient.pk, grunnlag)], _("Ny melding"))
    return render(request, "meldinger/melding_skjema.html", {"form": form, "pasient": pasient})


def _detalj_context(request, melding: Melding, **skjemaer) -> dict:
    traad = selectors.traad(user=request.user, melding=melding)
    rot = traad[0] if traad else melding
    paa_mottakersiden = permissions.paa_mottakersiden(user=request.user, melding=melding)
    egen_org = arbeidsrolle(request).ansatt.organisasjon_id
    egne_enheter = Enhet.objects.filter(organisasjon_id=egen_org).order_by("navn")
    context = {
        "melding": melding,
        "traad": traad,
        "rot": rot,
        "pasient": melding.pasient,
        "videresendinger": selectors.videresendinger(melding=melding),
        "paa_mottakersiden": paa_mottakersiden,
        "svar_form": skjemaer.get("svar_form") or SvarForm(initial={"innsending_id": uuid.uuid4()}),
    }
    if permissions.kan_videresende(user=request.user, melding=melding):
        context["videresend_form"] = skjemaer.get("videresend_form") or VideresendForm(
            enheter=egne_enheter.exclude(pk__in=[rot.mottaker_enhet_id, rot.avsender_enhet_id])
        )
    if paa_mottakersiden and melding.status in Melding.VENTER_PAA_SVAR:
        context["behandlet_form"] = skjemaer.get("behandlet_form") or BehandletForm()
    ikke_fulgt_opp = (
        not melding.pasient.tilknytninger.aktive().filter(organisasjon_id=egen_org).exists()
    )
    if paa_mottakersiden and egen_org == melding.mottaker_organisasjon_id and ikke_fulgt_opp:
        context["ta_imot_form"] = skjemaer.get("ta_imot_form") or TaImotForm(enheter=egne_enheter)
    return context


def _vis_detalj(request, melding: Melding, status: int = 200, **skjemaer):
    _logg_meldinger(request, [melding], _("Melding: %(emne)s") % {"emne": melding.emne})
    return render(
        request,
        "meldinger/melding_detalj.html",
        _detalj_context(request, melding, **skjemaer),
        status=status,
    )


@ansatt_paakrevd
def melding_detalj(request, pk: int):
    melding = permissions.melding_for(user=request.user, melding_id=pk)
    if services.melding_les(actor=request.user, melding=melding):
        melding = permissions.melding_for(user=request.user, melding_id=pk)  # the new receipt
    return _vis_detalj(request, melding)


def _handling(request, melding: Melding, *, form, skjemanavn: str, utfor):
    """The shape of every action on the message page: a valid form runs the service; `utfor`
    returns (success message, where to go). Errors show the message page with the form."""
    if form.is_valid():
        try:
            suksess, videre = utfor(form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, suksess)
            return videre
    return _vis_detalj(request, melding, status=400, **{skjemanavn: form})


@ansatt_paakrevd
@require_POST
def melding_svar(request, pk: int):
    melding = permissions.melding_for(user=request.user, melding_id=pk)

    def utfor(data):
        svar = services.melding_svar(actor=request.user, melding=melding, **data)
        return (
            _("Svaret er sendt til %(enhet)s.") % {"enhet": svar.mottaker_enhet},
            redirect("meldinger:melding-detalj", pk=svar.pk),
        )

    form = SvarForm(request.POST, request.FILES)
    return _handling(request, melding, form=form, skjemanavn="svar_form", utfor=utfor)


@ansatt_paakrevd
@require_POST
def melding_videresend(request, pk: int):
    melding = permissions.melding_for(user=request.user, melding_id=pk)
    if not permissions.kan_videresende(user=request.user, melding=melding):
        raise Http404

    def utfor(data):
        videresending = services.melding_videresend(actor=request.user, melding=melding, **data)
        return (
            _("Meldingen er videresendt til %(enhet)s.") % {"enhet": videresending.til_enhet},
            redirect("meldinger:melding-detalj", pk=melding.pk),
        )

    enheter = Enhet.objects.filter(organisasjon_id=melding.mottaker_organisasjon_id)
    form = VideresendForm(request.POST, enheter=enheter)
    return _handling(request, melding, form=form, skjemanavn="videresend_form", utfor=utfor)


@ansatt_paakrevd
@require_POST
def melding_behandlet(request, pk: int):
    melding = permissions.melding_for(user=request.user, melding_id=pk)

    def utfor(data):
        services.melding_behandlet(actor=request.user, melding=melding, **data)
        return (
            _("Meldingen er merket som behandlet."),
            redirect("meldinger:melding-detalj", pk=melding.pk),
        )

    form = BehandletForm(request.POST)
    return _handling(request, melding, form=form, skjemanavn="behandlet_form", utfor=utfor)


@ansatt_paakrevd
@require_POST
def melding_ta_imot(request, pk: int):
    melding = permissions.melding_for(user=request.user, melding_id=pk)

    def utfor(data):
        tilknytning = services.melding_ta_imot(actor=request.user, melding=melding, **data)
        return (
            _("%(pasient)s følges nå av %(enhet)s.")
            % {"pasient": melding.pasient, "enhet": tilknytning.enhet},
            redirect("koordinering:pasient-detalj", pk=melding.pasient_id),
        )

    egen_org = arbeidsrolle(request).ansatt.organisasjon_id
    form = TaImotForm(request.POST, enheter=Enhet.objects.filter(organisasjon_id=egen_org))
    return _handling(request, melding, form=form, skjemanavn="ta_imot_form", utfor=utfor)


@ansatt_paakrevd
def vedlegg_last_ned(request, pk: int):
    vedlegg = get_object_or_404(Vedlegg.objects.select_related("melding__behovsmelding"), pk=pk)
    behov = vedlegg.melding.behovsmelding  # the leader deciding the need reads what came with it
    if not (
        Melding.objects.visible_to(request.user).filter(pk=vedlegg.melding_id).exists()
        or (behov is not None and kan_beslutte(user=request.user, behovsmelding=behov))
    ):
        raise Http404
    _logg_meldinger(request, [vedlegg.melding], _("Vedlegg: %(navn)s") % {"navn": vedlegg.filnavn})
    svar = FileResponse(
        vedlegg.fil.open("rb"),
        as_attachment=True,
        filename=vedlegg.filnavn,
        content_type=vedlegg.innholdstype,
    )
    svar["X-Content-Type-Options"] = "nosniff"
    return svar


# --- messages from citizens (Min plan) -----------------------------------------------------------


@ansatt_paakrevd
def innbyggertraad_liste(request):
    """The threads citizens have started with the user, newest first."""
    side = AvgrensetPaginator(
        selectors.innbyggertraader(user=request.user), SIDESTORRELSE
    ).get_page(request.GET.get("side"))
    logg_visning(
        request,
        [(pid, Tilgangsgrunnlag.MELDING) for pid in {t.pasient_id for t in side}],
        _("Meldinger fra innbyggere"),
    )
    return render(request, "meldinger/innbyggertraad_liste.html", {"side": side})


def _innbyggertraad_for(request, pk: int) -> Innbyggertraad:
    traad = (
        Innbyggertraad.objects.visible_to(request.user)
        .select_related("pasient", "ansatt__bruker")
        .filter(pk=pk)
        .first()
    )
    if traad is None:
        raise Http404
    return traad


def _vis_innbyggertraad(request, traad: Innbyggertraad, form, status: int = 200):
    logg_visning(
        request,
        [(traad.pasient_id, Tilgangsgrunnlag.MELDING)],
        _("Melding fra innbygger: %(emne)s") % {"emne": traad.emne},
    )
    return render(
        request,
        "meldinger/innbyggertraad_detalj.html",
        {
            "traad": traad,
            "pasient": traad.pasient,
            "meldinger": selectors.innbyggermeldinger(traad=traad),
            "form": form,
        },
        status=status,
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def innbyggertraad_detalj(request, pk: int):
    """A citizen's thread: opening it is the read receipt the citizen sees; the form answers."""
    traad = _innbyggertraad_for(request, pk)
    if request.method == "POST":
        form = InnbyggersvarForm(request.POST)
        if form.is_valid():
            try:
                services.innbyggermelding_svar(actor=request.user, traad=traad, **form.cleaned_data)
            except ValidationError as feil:
                feil_til_skjema(form, feil)
            else:
                messages.success(request, _("Svaret er sendt. Innbyggeren får et varsel."))
                return redirect("meldinger:innbyggertraad-detalj", pk=traad.pk)
        return _vis_innbyggertraad(request, traad, form, status=400)
    services.innbyggertraad_les_ansatt(actor=request.user, traad=traad)
    return _vis_innbyggertraad(request, traad, InnbyggersvarForm())
