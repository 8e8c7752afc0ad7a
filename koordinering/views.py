"""Thin views: parse, call one selector or service, log what patient data was shown, render.

Every object is fetched through a queryset scoped to the user; what the user may not see
answers 404, exactly like what does not exist."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from felles.forms import feil_til_skjema
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from felles.services import tilgangslogg_registrer
from koordinering import selectors, services
from koordinering.context_processors import arbeidsrolle
from koordinering.forms import (
    BEHOV_FOR_ORGANISASJON,
    AvslagForm,
    BehovsmeldingForm,
    GruppemedlemForm,
    MoteForm,
    OppnevningAvsluttForm,
    OppnevningByttForm,
    OppnevningForm,
    ParorendeForm,
    PasientForm,
    PasientOpprettForm,
    PasientSokForm,
    ReferatForm,
    SamtykkeForm,
    SamtykkeTrekkForm,
    TilknytningAvsluttForm,
    TilknytningForm,
)
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Enhet,
    Gruppemedlem,
    Mote,
    Oppnevning,
    Parorende,
    Pasient,
    PlanDel,
    Referat,
    Rolle,
    Samtykke,
    Tilknytning,
)
from koordinering.permissions import (
    ansvarsgruppe_for,
    kan_avslutte_oppnevning,
    ke_organisasjoner,
    pasient_for_redigering,
)
from koordinering.querysets import synlig_pasient

SIDESTORRELSE = 25


def ansatt_paakrevd(view):
    """Case work needs a staff profile; anyone else (such as the system admin) gets 404."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if arbeidsrolle(request).ansatt is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _logg(request, pasient_ider, dokument: str) -> None:
    services.pasienter_vist(
        user=request.user,
        arbeidsrolle=arbeidsrolle(request),
        pasient_ider=list(pasient_ider),
        dokument=dokument,
    )


def logg_visning(request, pasient_grunnlag, dokument: str) -> None:
    """Log patients shown, as (pasient_id, tilgangsgrunnlag) pairs the view already has (from
    `visible_to` or a plan/group access check). Every app's views log through this."""
    rolle = arbeidsrolle(request)
    tilgangslogg_registrer(
        bruker=request.user,
        rolle=rolle.beskrivelse,
        organisasjon_id=rolle.ansatt.organisasjon_id,
        pasient_grunnlag=pasient_grunnlag,
        dokument=dokument,
    )


def _synlig_pasient(request, pk: int) -> Pasient:
    pasient = Pasient.objects.visible_to(request.user).filter(pk=pk).first()
    if pasient is None:
        raise Http404
    return pasient


def egne_enheter(request):
    """The units the signed-in person works in."""
    return Enhet.objects.filter(medlemskap__ansatt__bruker=request.user).order_by("navn")


def _side(request, queryset):
    return Paginator(queryset, SIDESTORRELSE).get_page(request.GET.get("side"))


# --- start page and koordinator dashboard ----------------------------------------------------


def start(request):
    """The start page: who you are at work, and your patients with what is due."""
    from meldinger.selectors import venter_paa_svar

    rolle = arbeidsrolle(request)
    context = {"rolle": rolle}
    if rolle.ansatt is not None:
        filtre = selectors.DashboardFiltre(
            rolle=request.GET.get("rolle", "") if request.GET.get("rolle") in Rolle.values else "",
            samtykkestatus=(
                request.GET.get("samtykke", "")
                if request.GET.get("samtykke") in selectors.Samtykkestatus.values
                else ""
            ),
        )
        side = _side(request, selectors.mine_pasienter(user=request.user, filtre=filtre))
        idag = timezone.localdate()
        rader = [
            {
                "oppnevning": o,
                "neste_frist": selectors.neste_frist(o),
                "evaluering_forfalt": o.plan_evaluering is not None and o.plan_evaluering < idag,
                "dager_siden_behov": (
                    (idag - timezone.localdate(o.behovsmelding.opprettet)).days
                    if o.behovsmelding
                    else None
                ),
            }
            for o in side
        ]
        oppgaver = selectors.mine_oppgaver(user=request.user)
        ubesvarte = venter_paa_svar(user=request.user)
        _logg(
            request,
            {r["oppnevning"].pasient_id for r in rader}
            | {o.referat.mote.gruppe.pasient_id for o in oppgaver},
            _("Mine pasienter"),
        )
        logg_visning(
            request,
            [(pid, Tilgangsgrunnlag.MELDING) for pid in {m.pasient_id for m in ubesvarte}],
            _("Mine pasienter: meldinger som venter på svar"),
        )
        context |= {
            "side": side,
            "rader": rader,
            "oppgaver": oppgaver,
            "ubesvarte": ubesvarte,
            "idag": idag,
            "filtre": filtre,
            "roller": Rolle.choices,
            "samtykkestatuser": selectors.Samtykkestatus.choices,
            "antall_ventende": (
                selectors.ventende_behov(user=request.user).count() if rolle.er_leder else None
            ),
        }
    return render(request, "koordinering/start.html", context)


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
        _logg(request, [p.pk for p in treff], _("Pasientsøk"))
    return render(request, "koordinering/pasient_sok.html", {"form": form, "treff": treff})


@ansatt_paakrevd
@sensitive_post_parameters("fodselsnummer")
@require_http_methods(["GET", "POST"])
def pasient_opprett(request):
    enheter = egne_enheter(request)
    form = PasientOpprettForm(request.POST or None, enheter=enheter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        felter = {f: data[f] for f in PasientOpprettForm.Meta.fields}
        try:
            pasient = services.pasient_opprett(
                actor=request.user,
                enhet=data["enhet"],
                tilknytning_fra=data["tilknytning_fra"],
                begrunnelse=data["begrunnelse"],
                **felter,
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Pasienten er registrert."))
            return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    return render(request, "koordinering/pasient_skjema.html", {"form": form, "pasient": None})


# --- the patient page ------------------------------------------------------------------------


@ansatt_paakrevd
def pasient_detalj(request, pk: int):
    from individuellplan.selectors import plan_paa_pasientside
    from meldinger.selectors import meldinger_om_pasient

    pasient = _synlig_pasient(request, pk)
    ansatt = arbeidsrolle(request).ansatt
    side = selectors.pasientside(user=request.user, ansatt=ansatt, pasient=pasient)
    grupper = selectors.ansvarsgrupper_for_pasient(
        ansatt=ansatt, pasient=pasient, organisasjoner=side.organisasjoner
    )
    logg_visning(request, [(pasient.pk, pasient.tilgangsgrunnlag)], _("Pasientside"))
    return render(
        request,
        "koordinering/pasient_detalj.html",
        {
            "s": side,
            "pasient": pasient,
            "vis_fodselsnummer": request.POST.get("vis") == "1",
            "ansvarsgrupper": grupper,
            "kan_opprette_gruppe": side.kan_redigere
            and not any(g.organisasjon_id == ansatt.organisasjon_id for g in grupper),
            "kan_kalle_inn_kommunen": side.kan_redigere and ansatt.organisasjon.er_sykehus,
            "meldinger": meldinger_om_pasient(user=request.user, pasient=pasient),
            "ip": plan_paa_pasientside(
                user=request.user,
                ansatt=ansatt,
                pasient=pasient,
                kan_redigere_pasient=side.kan_redigere,
            ),
        },
    )


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
    _logg(request, [pasient.pk], _("Endre personopplysninger"))
    return render(request, "koordinering/pasient_skjema.html", {"form": form, "pasient": pasient})


def _pasientskjema(request, pk, *, form_klasse, service, tittel, dokument, suksess, **form_kwargs):
    """The shared shape of 'add X to a patient': a form page that calls one service."""
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
            return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    _logg(request, [pasient.pk], dokument)
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
        personer=personer,
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
        behov=BEHOV_FOR_ORGANISASJON[ansatt.organisasjon.type],
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
    _logg(request, [pasient.pk], tittel)
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
            return redirect("koordinering:pasient-detalj", pk=parorende.pasient_id)
    _logg(request, [parorende.pasient_id], _("Endre pårørende"))
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": parorende.pasient, "tittel": _("Endre pårørende")},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def samtykke_trekk(request, pk: int):
    samtykke = get_object_or_404(
        Samtykke, pk=pk, pasient__in=Pasient.objects.editable_by(request.user).values("pk")
    )
    return _handling_paa_pasientobjekt(
        request,
        samtykke,
        samtykke.pasient,
        form_klasse=SamtykkeTrekkForm,
        service=lambda d: services.samtykke_trekk_tilbake(
            actor=request.user, samtykke=samtykke, grunn=d["grunn"]
        ),
        tittel=_("Trekk tilbake samtykke"),
        suksess=_("Samtykket er trukket tilbake og gjelder ikke lenger."),
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
            data, kandidater=kandidater, initial={"mandat": oppnevning.mandat}
        ),
        service=lambda d: services.oppnevning_bytt(actor=request.user, oppnevning=oppnevning, **d),
        tittel=_("Bytt %(rolle)s") % {"rolle": oppnevning.get_rolle_display().lower()},
        suksess=_("Oppnevningen er overført. Den tidligere oppnevningen er avsluttet."),
    )


# --- leader appointment screen ---------------------------------------------------------------


@ansatt_paakrevd
def behov_liste(request):
    """Pending need reports of the leader's units, oldest first, with waiting time; the KE sees
    every pending report in its organisation (read only: the unit's leader decides)."""
    rolle = arbeidsrolle(request)
    if not (rolle.er_leder or rolle.er_ke):
        raise Http404
    side = _side(request, selectors.ventende_behov(user=request.user))
    ke_side = (
        Paginator(
            selectors.ventende_behov_i_organisasjonen(user=request.user), SIDESTORRELSE
        ).get_page(request.GET.get("ke-side"))
        if rolle.er_ke
        else None
    )
    pasienter = {b.pasient_id for b in side} | {b.pasient_id for b in (ke_side or [])}
    _logg(request, pasienter, _("Behov til behandling"))
    return render(
        request,
        "koordinering/behov_liste.html",
        {"side": side, "ke_side": ke_side, "naa": timezone.now()},
    )


def _ventende_behov(request, pk: int) -> Behovsmelding:
    return get_object_or_404(selectors.ventende_behov(user=request.user), pk=pk)


def _behov_side(request, behov, *, oppnevning_form=None, avslag_form=None, status=200):
    kandidater = selectors.kandidater_for_behov(behovsmelding=behov, leder=request.user)
    oppnevning_form = oppnevning_form or OppnevningForm(kandidater=kandidater)
    _logg(request, [behov.pasient_id], _("Behandle behov"))
    return render(
        request,
        "koordinering/behov_detalj.html",
        {
            "behov": behov,
            "kandidater": kandidater,
            "oppnevning_form": oppnevning_form,
            "avslag_form": avslag_form or AvslagForm(),
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
    form = OppnevningForm(
        request.POST,
        kandidater=selectors.kandidater_for_behov(behovsmelding=behov, leder=request.user),
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
        Tilgangslogg.objects.filter(bruker=ansatt.bruker).select_related("pasient"),
    )
    # Reading the log shows patients too: the KE's follow-up is itself logged.
    logg_visning(
        request,
        [(pid, Tilgangsgrunnlag.TILSYN) for pid in {r.pasient_id for r in side}],
        _("Tilgangslogg for %(navn)s") % {"navn": ansatt},
    )
    return render(
        request, "koordinering/tilgangslogg_ansatt.html", {"ansatt": ansatt, "side": side}
    )


# --- ansvarsgruppe, meetings and minutes -----------------------------------------------------


def _mote_for(request, pk: int, *, redigere: bool = False):
    mote = get_object_or_404(Mote.objects.select_related("gruppe"), pk=pk)
    gruppe, grunnlag, kan_redigere = ansvarsgruppe_for(
        user=request.user, gruppe_id=mote.gruppe_id, redigere=redigere
    )
    return mote, gruppe, grunnlag, kan_redigere


def _planens_maal(request, pasient_id: int, *, for_evaluering: bool = False):
    """The open plan's goals, if the plan shares them with the user (and, to assess them in
    the minutes, lets the user record evaluations)."""
    from individuellplan.models import IndividuellPlan, Maal
    from individuellplan.permissions import plantilgang

    plan = (
        IndividuellPlan.objects.filter(pasient_id=pasient_id)
        .exclude(status=IndividuellPlan.Status.AVSLUTTET)
        .first()
    )
    tilgang = plantilgang(user=request.user, plan=plan) if plan else None
    if (
        tilgang is None
        or not tilgang.ser(PlanDel.MAAL)
        or (for_evaluering and not tilgang.redigerer(PlanDel.EVALUERING))
    ):
        return Maal.objects.none()
    return plan.maal.order_by("hovedmaal_id", "rekkefolge", "pk")


@ansatt_paakrevd
@require_POST
def ansvarsgruppe_opprett(request, pk: int):
    pasient = pasient_for_redigering(user=request.user, pasient_id=pk)
    try:
        gruppe = services.ansvarsgruppe_opprett(actor=request.user, pasient=pasient)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
        return redirect("koordinering:pasient-detalj", pk=pasient.pk)
    messages.success(request, _("Ansvarsgruppen er opprettet. Legg til medlemmer og kall inn."))
    return redirect("koordinering:ansvarsgruppe-detalj", pk=gruppe.pk)


@ansatt_paakrevd
def ansvarsgruppe_detalj(request, pk: int):
    gruppe, grunnlag, kan_redigere = ansvarsgruppe_for(user=request.user, gruppe_id=pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Ansvarsgruppe"))
    return render(
        request,
        "koordinering/ansvarsgruppe_detalj.html",
        {"gruppe": gruppe, "kan_redigere": kan_redigere, **selectors.gruppeside(gruppe=gruppe)},
    )


def _medlemskjema(request, gruppe, grunnlag: str, medlem: Gruppemedlem | None):
    """Add a member (`medlem` None) or change one, such as ending the membership."""
    form = GruppemedlemForm(request.POST or None, instance=medlem, gruppe=gruppe)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in GruppemedlemForm.Meta.fields}
        try:
            if medlem is None:
                services.medlem_legg_til(actor=request.user, gruppe=gruppe, **data)
            else:
                services.medlem_endre(actor=request.user, medlem=medlem, **data)
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(
                request,
                _("Medlemmet er lagt til.") if medlem is None else _("Medlemmet er oppdatert."),
            )
            return redirect("koordinering:ansvarsgruppe-detalj", pk=gruppe.pk)
    tittel = _("Legg til medlem") if medlem is None else _("Endre medlem")
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], tittel)
    return render(
        request,
        "koordinering/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": tittel},
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def gruppemedlem_opprett(request, pk: int):
    gruppe, grunnlag, _kan = ansvarsgruppe_for(user=request.user, gruppe_id=pk, redigere=True)
    return _medlemskjema(request, gruppe, grunnlag, None)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def gruppemedlem_endre(request, pk: int):
    medlem = get_object_or_404(Gruppemedlem, pk=pk)
    gruppe, grunnlag, _kan = ansvarsgruppe_for(
        user=request.user, gruppe_id=medlem.gruppe_id, redigere=True
    )
    return _medlemskjema(request, gruppe, grunnlag, medlem)


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_opprett(request, pk: int):
    gruppe, grunnlag, _kan = ansvarsgruppe_for(user=request.user, gruppe_id=pk, redigere=True)
    form = MoteForm(request.POST or None, maal=_planens_maal(request, gruppe.pasient_id))
    if request.method == "POST" and form.is_valid():
        start, slutt = form.tidsrom()
        try:
            mote = services.mote_innkall(
                actor=request.user,
                gruppe=gruppe,
                start=start,
                slutt=slutt,
                sted=form.cleaned_data["sted"],
                videolenke=form.cleaned_data["videolenke"],
                sakspunkter=form.sakspunkter(),
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(
                request, _("Møtet er lagt inn, og innkallingen sendes til medlemmene.")
            )
            return redirect("koordinering:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Nytt ansvarsgruppemøte"))
    return render(
        request,
        "koordinering/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": _("Kall inn til møte")},
    )


@ansatt_paakrevd
def mote_detalj(request, pk: int):
    mote, gruppe, grunnlag, kan_redigere = _mote_for(request, pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Ansvarsgruppemøte"))
    return render(
        request,
        "koordinering/mote_detalj.html",
        {
            "mote": mote,
            "gruppe": gruppe,
            "kan_redigere": kan_redigere,
            "sakspunkter": list(mote.sakspunkter.all()),
            "referat": Referat.objects.filter(mote=mote).first(),
        },
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_endre(request, pk: int):
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    lokal = timezone.localtime(mote.start)
    form = MoteForm(
        request.POST or None,
        maal=_planens_maal(request, gruppe.pasient_id),
        initial={
            "dato": lokal.date(),
            "starter": lokal.time(),
            "slutter": timezone.localtime(mote.slutt).time(),
            "sted": mote.sted,
            "videolenke": mote.videolenke,
        },
    )
    form.fields["saker"].disabled = form.fields["maal"].disabled = True
    if request.method == "POST" and form.is_valid():
        start, slutt = form.tidsrom()
        try:
            services.mote_endre(
                actor=request.user,
                mote=mote,
                start=start,
                slutt=slutt,
                sted=form.cleaned_data["sted"],
                videolenke=form.cleaned_data["videolenke"],
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Møtet er endret, og en oppdatert innkalling sendes."))
            return redirect("koordinering:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Endre ansvarsgruppemøte"))
    return render(
        request,
        "koordinering/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": _("Endre møtet")},
    )


def _moteshandling(request, pk: int, handling, melding: str, *, referat: bool = False):
    mote, _gruppe, _grunnlag, _kan = _mote_for(request, pk, redigere=True)
    try:
        if referat:
            handling(actor=request.user, referat=get_object_or_404(Referat, mote=mote))
        else:
            handling(actor=request.user, mote=mote)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, melding)
    return redirect("koordinering:mote-detalj", pk=mote.pk)


@ansatt_paakrevd
@require_POST
def mote_avlys(request, pk: int):
    return _moteshandling(
        request, pk, services.mote_avlys, _("Møtet er avlyst, og medlemmene får beskjed.")
    )


@ansatt_paakrevd
@require_POST
def referat_godkjenn(request, pk: int):
    return _moteshandling(
        request,
        pk,
        services.referat_godkjenn,
        _("Referatet er godkjent og låst. PDF lages og sendes til medlemmene."),
        referat=True,
    )


@ansatt_paakrevd
@require_POST
def referat_ny_revisjon(request, pk: int):
    return _moteshandling(
        request,
        pk,
        services.referat_ny_revisjon,
        _("Referatet er åpnet som en ny revisjon. Den godkjente versjonen ligger i historikken."),
        referat=True,
    )


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def referat_skjema(request, pk: int):
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk, redigere=True)
    referat = Referat.objects.filter(mote=mote).prefetch_related("til_stede", "notater").first()
    if referat and referat.er_laast:
        messages.error(request, _("Referatet er godkjent og låst. Lag en ny revisjon for å endre."))
        return redirect("koordinering:mote-detalj", pk=mote.pk)
    initial = {}
    if referat:
        initial = {
            "til_stede": list(referat.til_stede.all()),
            "neste_mote": referat.neste_mote,
            "neste_evaluering": referat.neste_evaluering,
        }
        for maal_id, (vurdering, kommentar) in referat.maalvurderinger.items():
            initial[f"maal_{maal_id}"] = vurdering
            initial[f"maal_{maal_id}_kommentar"] = kommentar
        for n in referat.notater.all():
            initial[f"notat_{n.sakspunkt_id}"] = n.notat
            initial[f"beslutning_{n.sakspunkt_id}"] = n.beslutning
    form = ReferatForm(
        request.POST or None,
        mote=mote,
        maal=_planens_maal(request, gruppe.pasient_id, for_evaluering=True),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referat_lagre(actor=request.user, mote=mote, **form.til_service())
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Referatet er lagret som utkast."))
            return redirect("koordinering:mote-detalj", pk=mote.pk)
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Referat"))
    return render(
        request,
        "koordinering/gruppe_skjema.html",
        {"form": form, "gruppe": gruppe, "tittel": _("Referat fra %(mote)s") % {"mote": mote}},
    )


@ansatt_paakrevd
def referat_pdf(request, pk: int):
    mote, gruppe, grunnlag, _kan = _mote_for(request, pk)
    referat = get_object_or_404(Referat, mote=mote, status=Referat.Status.GODKJENT)
    if not referat.pdf:
        raise Http404
    logg_visning(request, [(gruppe.pasient_id, grunnlag)], _("Referat som PDF"))
    return FileResponse(
        referat.pdf.open("rb"),
        as_attachment=True,
        content_type="application/pdf",
        filename=f"referat-ansvarsgruppe-{timezone.localtime(mote.start):%Y-%m-%d}.pdf",
    )


@ansatt_paakrevd
@require_POST
def oppgave_utfort(request, pk: int):
    oppgave = get_object_or_404(selectors.mine_aapne_oppgaver(user=request.user), pk=pk)
    services.oppgave_utfort(actor=request.user, oppgave=oppgave)
    messages.success(request, _("Oppfølgingspunktet er markert som utført."))
    return redirect("koordinering:start")


@ansatt_paakrevd
@require_http_methods(["GET", "POST"])
def mote_med_kommunen(request, pk: int):
    """The hospital koordinator calls the kommune to an ansvarsgruppe meeting in one step."""
    pasient = pasient_for_redigering(user=request.user, pasient_id=pk)
    form = MoteForm(request.POST or None, maal=_planens_maal(request, pasient.pk).none())
    form.fields["saker"].disabled = form.fields["maal"].disabled = True
    if request.method == "POST" and form.is_valid():
        start, slutt = form.tidsrom()
        try:
            mote = services.ansvarsgruppemote_med_kommunen(
                actor=request.user,
                pasient=pasient,
                start=start,
                slutt=slutt,
                sted=form.cleaned_data["sted"],
                videolenke=form.cleaned_data["videolenke"],
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Kommunen er kalt inn til ansvarsgruppemøte."))
            return redirect("koordinering:mote-detalj", pk=mote.pk)
    _logg(request, [pasient.pk], _("Kall inn kommunen"))
    return render(
        request,
        "koordinering/pasient_underskjema.html",
        {"form": form, "pasient": pasient, "tittel": _("Kall inn kommunen til ansvarsgruppemøte")},
    )
