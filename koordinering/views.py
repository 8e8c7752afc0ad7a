"""Thin views: parse, call one selector or service, log what patient data was shown, render.

Every object is fetched through a queryset scoped to the user; what the user may not see
answers 404, exactly like what does not exist."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from felles import hendelser
from felles.fodselsnummer import validate_fodselsnummer
from felles.forms import feil_til_skjema
from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from felles.services import tilgangslogg_registrer
from koordinering import selectors, services
from koordinering.arbeidsrolle import (
    ansatt_paakrevd,
    ansattprofil_paakrevd,
    arbeidsrolle,
    egne_enheter,
)
from koordinering.forms import (
    BehovsmeldingForm,
    OppnevningAvsluttForm,
    OppnevningByttForm,
    ParorendeForm,
    PasientForm,
    PasientOpprettForm,
    PasientSokForm,
    SamtykkeForm,
    SamtykkeTrekkForm,
    TilknytningAvsluttForm,
    TilknytningForm,
)
from koordinering.models import (
    Ansatt,
    Enhet,
    Oppnevning,
    Parorende,
    Pasient,
    Samtykke,
    Tilknytning,
)
from koordinering.permissions import (
    kan_avslutte_oppnevning,
    kan_trekke_samtykke,
    ke_organisasjoner,
    pasient_for_redigering,
)
from koordinering.querysets import synlig_pasient
from koordinering.tilgangslogg import logg_pasienter, logg_visning

SIDESTORRELSE = 25


def _side(request, queryset):
    return Paginator(queryset, SIDESTORRELSE).get_page(request.GET.get("side"))


# --- find and register patients --------------------------------------------------------------


@ansatt_paakrevd
@sensitive_post_parameters("sok")
@require_http_methods(["GET", "POST"])
def pasient_sok(request):
    """Search by POST so the number never appears in a URL; results are access-logged."""
    form = PasientSokForm(request.POST or None)
    treff = None
    if request.method == "POST" and form.is_valid():
        sok = form.cleaned_data["sok"]
        synlige = Pasient.objects.visible_to(request.user)
        if sok.replace(" ", "").isdigit():
            treff = synlige.filter(fodselsnummer=sok.replace(" ", ""))
        else:
            for ord_ in sok.split():
                treff = (treff if treff is not None else synlige).filter(
                    Q(fornavn__icontains=ord_)
                    | Q(mellomnavn__icontains=ord_)
                    | Q(etternavn__icontains=ord_)
                )
        treff = list(treff.order_by("etternavn", "fornavn")[:SIDESTORRELSE])
        logg_pasienter(request, [p.pk for p in treff], _("Pasientsøk"), handling=Handling.VIST)
    return render(request, "koordinering/pasient_sok.html", {"form": form, "treff": treff})


@ansatt_paakrevd
@sensitive_post_parameters("fodselsnummer")
@require_http_methods(["GET", "POST"])
def pasient_opprett(request):
    enheter = egne_enheter(request)
    form = PasientOpprettForm(request.POST or None, enheter=enheter)
    if request.method == "POST" and form.has_error("fodselsnummer", "finnes"):
        _fodselsnummer_finnes(request, form)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        felter = {f: data[f] for f in PasientOpprettForm.Meta.fields}
        try:
            pasient = services.pasient_opprett(
                actor=request.user,
                enhet=data["enhet"],
                tilknytning_fra=data["tilknytning_fra"],
                begrunnelse=data["begrunnelse"],
                innsending_id=data["innsending_id"],
                **felter,
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Pasienten er registrert."))
            return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    return render(request, "koordinering/pasient_skjema.html", {"form": form, "pasient": None})


def _fodselsnummer_finnes(request, form) -> None:
    """The number is registered. Someone who may see that patient is told so; anyone else is
    told nothing about existence (the same text whether or not a patient is behind it would
    be impossible, so the text only asks them to go through the KE and offers «Be KE om
    tilgang»), and the probe is written to the access log for the KE's snooping review."""
    pasient = _pasient_uten_tilgang(request, form.data.get("fodselsnummer", ""))
    if pasient is None:
        return
    _fodselsnummer_oppslag_logg(
        request, pasient, _("Registrer pasient: fødselsnummer uten tilgang")
    )
    form.be_om_tilgang = form.data.get("fodselsnummer", "").replace(" ", "")
    form.errors["fodselsnummer"] = form.error_class(
        [
            _(
                "Pasienten kan ikke registreres med dette nummeret. Be koordinerende enhet i "
                "organisasjonen din om tilgang; forsøket er registrert, og KE ser det i "
                "kontrollen av tilganger."
            )
        ]
    )


def _pasient_uten_tilgang(request, nummer: str) -> Pasient | None:
    """The patient registered with `nummer` whom the user may not see, else None."""
    pasient = Pasient.objects.filter(fodselsnummer=nummer.replace(" ", "")).first()
    if pasient is None or Pasient.objects.visible_to(request.user).filter(pk=pasient.pk).exists():
        return None
    return pasient


def _fodselsnummer_oppslag_logg(request, pasient: Pasient, dokument: str) -> None:
    rolle = arbeidsrolle(request)
    tilgangslogg_registrer(
        bruker=request.user,
        rolle=rolle.beskrivelse,
        organisasjon_id=rolle.ansatt.organisasjon_id,
        hpr_nummer=rolle.ansatt.hpr_nummer,
        enheter=", ".join(str(m.enhet) for m in rolle.medlemskap),
        pasient_grunnlag=[(pasient.pk, "")],
        dokument=dokument,
        handling=Handling.FNR_OPPSLAG,
    )


@ansatt_paakrevd
@sensitive_post_parameters("fodselsnummer")
@require_http_methods(["POST"])
def tilgang_be_om(request):
    """«Be KE om tilgang» after a fødselsnummer the user may not see: the organisation's KE is
    told in the notification centre (no number, no name for a KE without access). The answer is
    the same whether or not a patient is behind the number, so nothing more is revealed."""
    nummer = request.POST.get("fodselsnummer", "").replace(" ", "")
    try:
        validate_fodselsnummer(nummer)
    except ValidationError as feil:
        messages.error(request, " ".join(feil.messages))
        return redirect("koordinering:pasient-opprett")
    pasient = _pasient_uten_tilgang(request, nummer)
    if pasient is not None:
        _fodselsnummer_oppslag_logg(request, pasient, _("Be KE om tilgang"))
        hendelser.tilgang_forespurt.send(
            sender=Pasient,
            instance=pasient,
            actor=request.user,
            organisasjon_id=arbeidsrolle(request).ansatt.organisasjon_id,
        )
    messages.success(
        request,
        _(
            "Koordinerende enhet har fått beskjed om at du ber om tilgang, og tar kontakt med "
            "deg. Fødselsnummeret er ikke sendt videre."
        ),
    )
    return redirect("koordinering:pasient-opprett")


# --- the patient page ------------------------------------------------------------------------


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def pasient_endre(request, pk: int):
    pasient = pasient_for_redigering(user=request.user, pasient_id=pk)
    form = PasientForm(request.POST or None, instance=pasient)
    if request.method == "POST" and form.is_valid():
        try:
            services.pasient_oppdater(
                actor=request.user,
                pasient=pasient,
                **{f: form.cleaned_data[f] for f in PasientForm.Meta.fields},
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Personopplysningene er oppdatert."))
            return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    logg_pasienter(request, [pasient.pk], _("Endre personopplysninger"))
    return render(request, "koordinering/pasient_skjema.html", {"form": form, "pasient": pasient})


def pasientside_url(pasient_id: int, del_: str = "") -> str:
    """The patient page, or one of its sections (koordinering/pasientside.py)."""
    url = reverse("koordinering:pasient-detalj", args=[pasient_id])
    return f"{url}?del={del_}" if del_ else url


def _pasientskjema(
    request, pk, *, form_klasse, service, tittel, dokument, suksess, tilbake="", **form_kwargs
):
    """The shared shape of 'add X to a patient': a form page that calls one service, then back
    to the section of the patient page (`tilbake`) that shows what was added."""
    pasient = pasient_for_redigering(user=request.user, pasient_id=pk)
    kwargs = {k: v(pasient) if callable(v) else v for k, v in form_kwargs.items()}
    form = form_klasse(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            service(request, pasient, form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, suksess)
            return redirect(pasientside_url(pasient.pk, tilbake))
    logg_pasienter(request, [pasient.pk], dokument)
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": pasient, "tittel": tittel},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def parorende_opprett(request, pk: int):
    return _pasientskjema(
        request,
        pk,
        form_klasse=ParorendeForm,
        service=lambda r, p, d: services.parorende_opprett(actor=r.user, pasient=p, **d),
        tittel=_("Legg til pårørende"),
        dokument=_("Ny pårørende"),
        suksess=_("Pårørende er lagt til."),
        tilbake="samtykker",
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def tilknytning_opprett(request, pk: int):
    return _pasientskjema(
        request,
        pk,
        form_klasse=TilknytningForm,
        service=lambda r, p, d: services.tilknytning_opprett(actor=r.user, pasient=p, **d),
        tittel=_("Knytt pasienten til en enhet"),
        dokument=_("Ny tilknytning"),
        suksess=_("Tilknytningen er registrert."),
        enheter=Enhet.objects.filter(organisasjon__ansatte__bruker=request.user).order_by("navn"),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def samtykke_opprett(request, pk: int):
    def personer(pasient):
        org = selectors.delte_organisasjoner(ansatt=arbeidsrolle(request).ansatt, pasient=pasient)
        return (
            Ansatt.objects.filter(
                oppnevninger__pasient=pasient,
                oppnevninger__sluttdato__isnull=True,
                organisasjon_id__in=org,
            )
            .select_related("bruker", "organisasjon")
            .distinct()
        )

    def registrer(r, p, d):
        services.samtykke_registrer(actor=r.user, pasient=p, **d)

    return _pasientskjema(
        request,
        pk,
        form_klasse=SamtykkeForm,
        service=registrer,
        tittel=_("Registrer samtykke"),
        dokument=_("Nytt samtykke"),
        suksess=_("Samtykket er registrert."),
        tilbake="samtykker",
        personer=personer,
        parorende=lambda pasient: pasient.parorende.order_by("navn", "pk"),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def behovsmelding_opprett(request, pk: int):
    ansatt = request.user.ansatt
    return _pasientskjema(
        request,
        pk,
        form_klasse=BehovsmeldingForm,
        service=lambda r, p, d: services.behovsmelding_opprett(actor=r.user, pasient=p, **d),
        tittel=_("Meld behov"),
        dokument=_("Ny behovsmelding"),
        suksess=_("Behovet er meldt til lederen for enheten."),
        enheter=lambda p: (
            Enhet.objects.filter(
                organisasjon_id=ansatt.organisasjon_id,
                tilknytninger__in=Tilknytning.objects.aktive().filter(pasient=p),
            )
            .distinct()
            .order_by("navn")
        ),
        organisasjon=ansatt.organisasjon,
        pasient=lambda p: p,
    )


def _handling_paa_pasientobjekt(request, objekt, pasient, *, form_klasse, service, tittel, suksess):
    form = form_klasse(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(form.cleaned_data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, suksess)
            return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    logg_pasienter(request, [pasient.pk], tittel)
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": pasient, "tittel": tittel, "objekt": objekt},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def parorende_endre(request, pk: int):
    parorende = get_object_or_404(
        Parorende, pk=pk, pasient__in=Pasient.objects.editable_by(request.user).values("pk")
    )
    form = ParorendeForm(request.POST or None, instance=parorende)
    if request.method == "POST" and form.is_valid():
        try:
            services.parorende_oppdater(
                actor=request.user,
                parorende=parorende,
                **{f: form.cleaned_data[f] for f in ParorendeForm.Meta.fields},
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Pårørende er oppdatert."))
            return redirect(pasientside_url(parorende.pasient_id, "samtykker"))
    logg_pasienter(request, [parorende.pasient_id], _("Endre pårørende"))
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": parorende.pasient, "tittel": _("Endre pårørende")},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def samtykke_trekk(request, pk: int):
    """The withdrawal page names the consent (scope, parties, dates). Who may not record the
    withdrawal but sees the patient is told to ask the one who registered it; others get 404."""
    samtykke = get_object_or_404(
        Samtykke.objects.select_related(
            "pasient", "dokumentert_av__bruker", "dokumentert_av__organisasjon"
        ).prefetch_related("organisasjoner", "personer__bruker", "parorende", "eksterne"),
        pk=pk,
        pasient__in=Pasient.objects.visible_to(request.user).values("pk"),
    )
    kan_trekke = kan_trekke_samtykke(user=request.user, samtykke=samtykke)
    if request.method == "POST" and not kan_trekke:
        raise Http404
    form = SamtykkeTrekkForm(request.POST or None) if kan_trekke else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.samtykke_trekk_tilbake(
                actor=request.user, samtykke=samtykke, grunn=form.cleaned_data["grunn"]
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Samtykket er trukket tilbake og gjelder ikke lenger."))
            return redirect(pasientside_url(samtykke.pasient_id, "samtykker"))
    logg_pasienter(request, [samtykke.pasient_id], _("Trekk tilbake samtykke"))
    return render(
        request,
        "koordinering/samtykke_trekk.html",
        {"samtykke": samtykke, "pasient": samtykke.pasient, "form": form},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def parorende_fjern(request, pk: int):
    parorende = get_object_or_404(
        Parorende, pk=pk, pasient__in=Pasient.objects.editable_by(request.user).values("pk")
    )
    tilbake = pasientside_url(parorende.pasient_id, "samtykker")
    feil = None
    if request.method == "POST":
        try:
            services.parorende_fjern(actor=request.user, parorende=parorende)
        except ValidationError as e:
            feil = " ".join(e.messages)
        else:
            messages.success(request, _("Pårørende er fjernet. Historikken er beholdt."))
            return redirect(tilbake)
    logg_pasienter(request, [parorende.pasient_id], _("Fjern pårørende"))
    return render(
        request,
        "felles/bekreft.html",
        {
            "tittel": _("Fjern pårørende"),
            "tekst": _("Vil du fjerne %(navn)s fra pasientens pårørende?") % {"navn": parorende},
            "knapp": _("Fjern pårørende"),
            "feil": feil,
            "tilbake_url": tilbake,
            "tilbake_tekst": parorende.pasient.navn,
        },
        status=400 if feil else 200,
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def tilknytning_avslutt(request, pk: int):
    tilknytning = get_object_or_404(
        Tilknytning,
        pk=pk,
        pasient__in=Pasient.objects.editable_by(request.user).values("pk"),
        organisasjon__ansatte__bruker=request.user,
    )
    return _handling_paa_pasientobjekt(
        request,
        tilknytning,
        tilknytning.pasient,
        form_klasse=TilknytningAvsluttForm,
        service=lambda d: services.tilknytning_avslutt(
            actor=request.user, tilknytning=tilknytning, til=d["til"], grunn=d["grunn"]
        ),
        tittel=_("Avslutt tilknytning"),
        suksess=_("Tilknytningen er avsluttet."),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def oppnevning_avslutt(request, pk: int):
    oppnevning = get_object_or_404(
        Oppnevning.objects.aktive().filter(synlig_pasient(request.user)), pk=pk
    )
    if not kan_avslutte_oppnevning(user=request.user, oppnevning=oppnevning):
        raise Http404
    return _handling_paa_pasientobjekt(
        request,
        oppnevning,
        oppnevning.pasient,
        form_klasse=OppnevningAvsluttForm,
        service=lambda d: services.oppnevning_avslutt(
            actor=request.user, oppnevning=oppnevning, sluttdato=d["sluttdato"], grunn=d["grunn"]
        ),
        tittel=_("Avslutt oppnevning"),
        suksess=_("Oppnevningen er avsluttet."),
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def oppnevning_bytt(request, pk: int):
    """Reassign: the leader (or KE) ends the appointment and appoints someone else."""
    oppnevning = get_object_or_404(
        Oppnevning.objects.aktive()
        .filter(synlig_pasient(request.user))
        .select_related("pasient", "enhet__organisasjon", "ansatt"),
        pk=pk,
    )
    if not kan_avslutte_oppnevning(user=request.user, oppnevning=oppnevning):
        raise Http404
    kandidater = selectors.kandidater(
        rolle=oppnevning.rolle, enhet=oppnevning.enhet, leder=request.user
    ).exclude(pk=oppnevning.ansatt_id)
    return _handling_paa_pasientobjekt(
        request,
        oppnevning,
        oppnevning.pasient,
        form_klasse=lambda data: OppnevningByttForm(
            data,
            kandidater=kandidater,
            oppnevning=oppnevning,
            initial={"mandat": oppnevning.mandat},
        ),
        service=lambda d: services.oppnevning_bytt(actor=request.user, oppnevning=oppnevning, **d),
        tittel=_("Bytt %(rolle)s") % {"rolle": oppnevning.get_rolle_display().lower()},
        suksess=_("Oppnevningen er overført. Den tidligere oppnevningen er avsluttet."),
    )


# --- access log for the KE -------------------------------------------------------------------


@ansatt_paakrevd
def tilgangslogg_ansatte(request):
    """The KE picks a staff member of its organisation to follow up their reads."""
    org = ke_organisasjoner(request.user)
    if not org.exists():
        raise Http404
    ansatte = (
        Ansatt.objects.filter(organisasjon__in=org)
        .select_related("bruker")
        .order_by("bruker__last_name", "bruker__first_name")
    )
    return render(request, "koordinering/tilgangslogg_ansatte.html", {"ansatte": ansatte})


@ansatt_paakrevd
def tilgangslogg_ansatt(request, pk: int):
    ansatt = get_object_or_404(
        Ansatt.objects.select_related("bruker"),
        pk=pk,
        organisasjon__in=ke_organisasjoner(request.user),
    )
    side = _side(
        request,
        selectors.tilgangslogg_gruppert(
            Tilgangslogg.objects.filter(bruker=ansatt.bruker), per="pasient"
        ),
    )
    side.object_list = selectors.tilgangslogg_med_navn(side.object_list)
    # Reading the log shows patients too: the KE's follow-up is itself logged.
    logg_visning(
        request,
        [
            (pid, Tilgangsgrunnlag.TILSYN)
            for pid in sorted({r["pasient_id"] for r in side} - {None})
        ],
        _("Tilgangslogg for %(navn)s") % {"navn": ansatt},
    )
    return render(
        request, "koordinering/tilgangslogg_ansatt.html", {"ansatt": ansatt, "side": side}
    )


@ansattprofil_paakrevd
@require_http_methods(["GET"])
def min_profil(request):
    """«Min profil»: my organisation, units and roles, profession and coordinator training
    (moved off the start page, which is for today's work)."""
    return render(request, "koordinering/profil.html", {"rolle": arbeidsrolle(request)})
