"""Min plan: the citizen's pages under /min/ (docs/adr/0022-minplan.md).

Every view but the login pages goes through `innbygger_paakrevd`: no citizen session → the
citizen login page; the people the citizen may see are worked out again from the session's
fødselsnummer; with more than one and none chosen → /min/velg/. What a citizen may not see
answers 404, and every read is written to the access log."""

import logging
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from ansvarsgruppe import kalender
from ansvarsgruppe import pdf as referat_pdf_modul
from ansvarsgruppe.models import Mote, Referat
from ansvarsgruppe.services import motesvar_fra_innbygger
from felles import oidc, okt
from felles.forms import feil_til_skjema
from individuellplan import services as planservices
from individuellplan.innhold import filtrert_innhold
from individuellplan.models import Innspill
from individuellplan.pdf import render_plan_pdf
from koordinering import selectors as koordinering_selectors
from koordinering import services as koordinering_services
from koordinering.models import Innsynshenvendelse, PlanDel
from koordinering.sperring import innsynshenvendelse_opprett
from minplan import selectors
from minplan.forms import (
    HenvendelseForm,
    InnspillForm,
    MotesvarForm,
    SamtykkeSkjema,
    TrekkSamtykkeSkjema,
)
from minplan.models import Omraade, Representasjon
from minplan.tilgang import INNBYGGER, Avvist, Tilgang, tilganger, valgt_tilgang
from minplan.tilgangslogg import logg_lesing, teknisk_bruker

logger = logging.getLogger("minplan.innlogging")

LEVERANDOR = "idporten"
NESTE = "minplan_neste"

AVVISNINGER = {
    "acr": gettext_lazy(
        "Innloggingen hadde ikke høyt nok sikkerhetsnivå. Logg inn på nytt med MinID, BankID, "
        "Buypass eller Commfides."
    ),
    "ukjent": gettext_lazy(
        "Vi fant ingen plan for deg, og ingen du har rett til å handle for. Ta kontakt med "
        "koordinatoren eller koordinerende enhet i kommunen din."
    ),
    "utlopt": gettext_lazy(
        "Du har ikke lenger rett til å se planen. Vergemålet eller fullmakten din gjelder ikke "
        "i dag. Ta kontakt med koordinatoren hvis du mener dette er feil."
    ),
    "fylt16": gettext_lazy(
        "Barnet ditt har fylt 16 år. Da bestemmer barnet selv over sine helseopplysninger, og "
        "du kan ikke lenger se planen her. Barnet kan logge inn selv."
    ),
    "samtykke": gettext_lazy(
        "Du kan ikke se planen nå. Samtykket som ga deg tilgang, er trukket tilbake eller har "
        "gått ut. Snakk med den du er pårørende for, eller med koordinatoren."
    ),
    "mismatching_state": gettext_lazy(
        "Innloggingen var utløpt eller startet i et annet vindu. Start innloggingen på nytt."
    ),
    "access_denied": gettext_lazy("Innloggingen ble avbrutt."),
}
STANDARD = gettext_lazy("Innloggingen kunne ikke fullføres. Start innloggingen på nytt.")


@dataclass(frozen=True)
class MinPlan:
    navn: str  # the citizen's own name
    alle: list[Tilgang]
    valgt: Tilgang | None


def _side(request, mal: str, kontekst: dict | None = None, status: int = 200):
    return render(
        request,
        mal,
        {"minplan": getattr(request, "minplan", None), **(kontekst or {})},
        status=status,
    )


def _avvist(request, grunn: str):
    return _side(
        request,
        "minplan/avvist.html",
        {"melding": AVVISNINGER.get(grunn, STANDARD)},
        status=403,
    )


def innbygger_paakrevd(view):
    @login_not_required
    @wraps(view)
    def innpakket(request, *args, **kwargs):
        data = request.session.get(INNBYGGER)
        if not data:
            return redirect(f"{reverse('minplan:logg-inn')}?next={request.path}")
        try:
            alle, valgt = valgt_tilgang(request.session, timezone.localdate())
        except Avvist as avvist:
            request.session.flush()
            return _avvist(request, avvist.grunn)
        request.minplan = MinPlan(data["navn"], alle, valgt)
        if valgt is None and request.resolver_match.url_name != "velg":
            return redirect("minplan:velg")
        return view(request, *args, **kwargs)

    return innpakket


def krever(omraade: str):
    """For a view under `innbygger_paakrevd`: 404 unless the chosen person's mandate covers
    `omraade` (minplan.models.Omraade)."""

    def dekorator(view):
        @wraps(view)
        def innpakket(request, *args, **kwargs):
            if not request.minplan.valgt.kan(omraade):
                raise Http404
            return view(request, *args, **kwargs)

        return innpakket

    return dekorator


def _idporten() -> oidc.Leverandor:
    lev = oidc.leverandor(LEVERANDOR)
    if lev is None or lev.formaal != "innbygger":
        raise Http404
    return lev


@login_not_required
def logg_inn(request):
    return _side(
        request,
        "minplan/logg_inn.html",
        {
            "idporten": oidc.leverandor(LEVERANDOR),
            "utlogget": request.GET.get("utlogget", ""),
        },
    )


@login_not_required
def oidc_start(request):
    lev = _idporten()
    neste = request.GET.get("next", "")
    if neste.startswith("/min/") and url_has_allowed_host_and_scheme(
        neste, {request.get_host()}, request.is_secure()
    ):
        request.session[NESTE] = neste
    tilbake = request.build_absolute_uri(reverse("minplan:oidc-tilbake"))
    return oidc.start_innlogging(request, lev, tilbake)


def _eget_navn(alle: list[Tilgang], claims: dict) -> str:
    for t in alle:
        if t.egen:
            return t.pasient.navn
    if not alle:
        return str(claims.get("name", ""))
    return alle[0].parorende.navn if alle[0].er_parorende else alle[0].representasjon.navn


@login_not_required
def oidc_tilbake(request):
    lev = _idporten()
    try:
        claims = oidc.fullfor_innlogging(request, lev)
        pid = str(claims.get(lev.pid_claim) or "")
        alle = tilganger(pid=pid, idag=timezone.localdate())
    except (oidc.Avvist, Avvist) as avvist:
        logger.warning("Innlogging i Min plan avvist: grunn=%s", avvist.grunn)
        request.session.flush()
        return _avvist(request, avvist.grunn)
    neste = request.session.get(NESTE, "")
    # A new session with nothing in it but the citizen (a staff login in the same browser ends).
    logout(request)
    request.session[INNBYGGER] = {
        "pid": pid,
        "navn": _eget_navn(alle, claims),
        "acr": claims.get("acr"),
        "valgt": alle[0].pasient.pk if len(alle) == 1 else None,
    }
    okt.start(request.session)
    logger.info("Innlogging i Min plan: acr=%s personer=%s", claims.get("acr"), len(alle))
    if len(alle) > 1:
        return redirect("minplan:velg")
    return redirect(neste or "minplan:start")


# Where the language switch may send the citizen back to (the page it was pressed on).
SPRAK_TILBAKE = ("/min/", "/tilgjengelighet/")
# A login callback or start cannot be opened twice: after a refusal the switch goes to login.
SPRAK_IKKE_TILBAKE = ("/min/logg-inn/idporten/",)


@require_POST
@login_not_required
def sprak(request):
    """The language switch on every /min/ page (a plain form, no JavaScript): bokmål or
    nynorsk, remembered in the language cookie for a year (also after logging out), then back
    to the page it was pressed on. Anything but a /min/ page (or the accessibility statement)
    as `next` goes to /min/."""
    kode = request.POST.get("language", "")
    neste = request.POST.get("next", "")
    if not (
        neste.startswith(SPRAK_TILBAKE)
        and url_has_allowed_host_and_scheme(neste, {request.get_host()}, request.is_secure())
    ):
        neste = reverse("minplan:start")
    if neste.startswith(SPRAK_IKKE_TILBAKE):
        neste = reverse("minplan:logg-inn")
    svar = redirect(neste)
    if kode in dict(settings.LANGUAGES):
        svar.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            kode,
            max_age=365 * 24 * 3600,
            path=settings.LANGUAGE_COOKIE_PATH,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return svar


@require_POST
@login_not_required
def logg_ut(request):
    request.session.flush()
    return redirect(f"{reverse('minplan:logg-inn')}?utlogget=ut")


@innbygger_paakrevd
@require_http_methods(["GET", "POST"])
def velg(request):
    alle = request.minplan.alle
    if request.method == "POST":
        valgt = next((t for t in alle if str(t.pasient.pk) == request.POST.get("pasient")), None)
        if valgt is None:
            raise Http404
        request.session[INNBYGGER] = {**request.session[INNBYGGER], "valgt": valgt.pasient.pk}
        return redirect("minplan:start")
    return _side(request, "minplan/velg.html", {"alle": alle})


@innbygger_paakrevd
def start(request):
    tilgang = request.minplan.valgt
    if tilgang.er_parorende:
        # A relative sees the plan parts the consent gives, nothing of the overview.
        return redirect("minplan:plan")
    pasient = tilgang.pasient
    versjon = selectors.gjeldende_versjon(pasient=pasient)
    logg_lesing(request, tilgang, _("Min plan: oversikt"))
    return _side(
        request,
        "minplan/start.html",
        {
            "kontakter": selectors.kontaktpersoner(pasient=pasient),
            "versjon": versjon,
            "moter": selectors.kommende_moter(pasient=pasient, fra=timezone.now()),
            "kan_moter": tilgang.kan(Omraade.MOTER),
        },
    )


def _versjon_eller_404(tilgang: Tilgang):
    versjon = selectors.gjeldende_versjon(pasient=tilgang.pasient)
    if versjon is None:
        raise Http404
    return versjon


def _planside(request, versjon, gjeldende):
    tilgang = request.minplan.valgt
    innhold = _innhold(tilgang, versjon)
    if versjon is not None:
        with translation.override(settings.LANGUAGE_CODE):
            dokument = _dokument(tilgang, versjon)
        logg_lesing(request, tilgang, dokument, versjon)
    return _side(
        request,
        "minplan/plan.html",
        {
            "versjon": versjon,
            "gjeldende": gjeldende,
            "innhold": innhold,
            "deler": PlanDel,
            "utdrag": _utdrag(tilgang),
            # Contributions are the patient's and those acting for them (Omraade.INNSPILL),
            # never a relative's, and only on the version that applies now.
            "kan_skrive": gjeldende and tilgang.kan(Omraade.INNSPILL),
        },
    )


def _utdrag(tilgang: Tilgang) -> list[str]:
    """The labels of the parts a relative's consent gives (empty: the whole plan)."""
    if not tilgang.er_parorende:
        return []
    return [str(d.label) for d in PlanDel if d.value in tilgang.deler]


def _innhold(tilgang: Tilgang, versjon) -> dict | None:
    """The published version, for a relative only the parts their consent gives."""
    if versjon is None:
        return None
    if tilgang.er_parorende:
        return filtrert_innhold(versjon.innhold, tilgang.deler)
    return versjon.innhold


def _dokument(tilgang: Tilgang, versjon, pdf: bool = False) -> str:
    """What the access log says was read."""
    if tilgang.er_parorende:
        verdier = {"deler": ", ".join(_utdrag(tilgang)).lower(), "n": versjon.nummer}
        if pdf:
            return _("Min plan: utdrag av planen (%(deler)s), versjon %(n)s, som PDF") % verdier
        return _("Min plan: utdrag av planen (%(deler)s), versjon %(n)s") % verdier
    if pdf:
        return _("Min plan: planen, versjon %(n)s, som PDF") % {"n": versjon.nummer}
    return _("Min plan: planen, versjon %(n)s") % {"n": versjon.nummer}


@innbygger_paakrevd
@krever(Omraade.PLAN)
def plan(request):
    versjon = selectors.gjeldende_versjon(pasient=request.minplan.valgt.pasient)
    return _planside(request, versjon, gjeldende=True)


@innbygger_paakrevd
@krever(Omraade.PLAN)
def versjoner(request):
    tilgang = request.minplan.valgt
    alle = selectors.versjoner(pasient=tilgang.pasient)
    logg_lesing(request, tilgang, _("Min plan: liste over versjoner av planen"))
    return _side(request, "minplan/versjoner.html", {"versjoner": alle})


def _versjon_nummer_eller_404(tilgang: Tilgang, nummer: int):
    versjon = selectors.versjon(pasient=tilgang.pasient, nummer=nummer)
    if versjon is None:
        raise Http404
    return versjon


@innbygger_paakrevd
@krever(Omraade.PLAN)
def versjon(request, nummer: int):
    tilgang = request.minplan.valgt
    versjon = _versjon_nummer_eller_404(tilgang, nummer)
    gjeldende = selectors.gjeldende_versjon(pasient=tilgang.pasient)
    return _planside(
        request, versjon, gjeldende=gjeldende is not None and gjeldende.pk == versjon.pk
    )


def _pdf_svar(request, tilgang: Tilgang, versjon):
    # The plan document and the access log are bokmål, like what the staff print and read.
    with translation.override(settings.LANGUAGE_CODE):
        pdf = render_plan_pdf(innhold=_innhold(tilgang, versjon), versjon=versjon.nummer)
        dokument = _dokument(tilgang, versjon, pdf=True)
    logg_lesing(request, tilgang, dokument, versjon)
    svar = HttpResponse(pdf, content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="min-plan-versjon-{versjon.nummer}.pdf"'
    return svar


@innbygger_paakrevd
@krever(Omraade.PLAN)
def plan_pdf(request):
    tilgang = request.minplan.valgt
    return _pdf_svar(request, tilgang, _versjon_eller_404(tilgang))


@innbygger_paakrevd
@krever(Omraade.PLAN)
def versjon_pdf(request, nummer: int):
    tilgang = request.minplan.valgt
    return _pdf_svar(request, tilgang, _versjon_nummer_eller_404(tilgang, nummer))


# --- «Mine innspill»: own goals and comments --------------------------------------------------

ROLLER = {
    Representasjon.Art.FORELDREANSVAR: Innspill.Rolle.FORELDER,
    Representasjon.Art.VERGE: Innspill.Rolle.VERGE,
    Representasjon.Art.FULLMAKT: Innspill.Rolle.FULLMEKTIG,
}


def _forfatter(request) -> planservices.Forfatter:
    tilgang = request.minplan.valgt
    return planservices.Forfatter(
        navn=request.minplan.navn,
        rolle=Innspill.Rolle.PASIENTEN if tilgang.egen else ROLLER[tilgang.representasjon.art],
        representasjon_id=None if tilgang.egen else tilgang.representasjon.pk,
        actor=teknisk_bruker(),
    )


def _rep_id(tilgang: Tilgang) -> int | None:
    return None if tilgang.egen else tilgang.representasjon.pk


def _skriv(request, form, versjon, **kwargs) -> Innspill | None:
    """Send the form to the service; on a refusal the errors go on the form."""
    if not form.is_valid():
        return None
    try:
        return planservices.innspill_skriv(
            forfatter=_forfatter(request),
            versjon=versjon,
            tekst=form.cleaned_data["tekst"],
            innsending_id=form.cleaned_data.get("innsending_id"),
            **kwargs,
        )
    except ValidationError as feil:
        feil_til_skjema(form, feil)
        return None


MAAL_LABEL = gettext_lazy("Hva vil du oppnå?")
MAAL_HJELP = gettext_lazy(
    "Skriv målet slik du selv sier det. Koordinatoren tar det inn i planen med dine ord."
)


@innbygger_paakrevd
@krever(Omraade.INNSPILL)
@require_http_methods(["GET", "POST"])
def innspill(request):
    tilgang = request.minplan.valgt
    versjon = selectors.gjeldende_versjon(pasient=tilgang.pasient)
    form = InnspillForm(request.POST or None, label=MAAL_LABEL, hjelp=MAAL_HJELP)
    if request.method == "POST":
        if versjon is None:
            raise Http404
        if _skriv(request, form, versjon, art=Innspill.Art.MAAL):
            messages.success(request, _("Takk! Målet ditt er sendt til koordinatoren."))
            return redirect("minplan:innspill")
    rader = selectors.mine_innspill(pasient=tilgang.pasient, representasjon_id=_rep_id(tilgang))
    logg_lesing(request, tilgang, _("Min plan: mine innspill"))
    return _side(
        request,
        "minplan/innspill.html",
        {"form": form, "versjon": versjon, "rader": rader},
        status=400 if form.errors else 200,
    )


@innbygger_paakrevd
@krever(Omraade.INNSPILL)
@require_http_methods(["GET", "POST"])
def innspill_kommentar(request, gjelder: str, objekt_id: int):
    tilgang = request.minplan.valgt
    versjon = _versjon_eller_404(tilgang)
    rad = planservices.innspill_gjelder(versjon, gjelder, objekt_id)
    if rad is None:
        raise Http404
    form = InnspillForm(request.POST or None, label=_("Din kommentar"))
    if request.method == "POST" and _skriv(
        request, form, versjon, art=Innspill.Art.KOMMENTAR, gjelder=gjelder, objekt_id=objekt_id
    ):
        messages.success(request, _("Takk! Kommentaren din er sendt til koordinatoren."))
        return redirect("minplan:innspill")
    logg_lesing(
        request,
        tilgang,
        _("Min plan: kommentar til planen, versjon %(n)s"),
        versjon,
        n=versjon.nummer,
    )
    return _side(
        request,
        "minplan/innspill_skjema.html",
        {
            "form": form,
            "gjelder": Innspill.Gjelder(gjelder),
            "rad": rad,
            "tittel": _("Kommenter"),
        },
        status=400 if form.errors else 200,
    )


def _mitt_eller_404(request, pk: int) -> Innspill:
    tilgang = request.minplan.valgt
    innspill = selectors.mitt_innspill(
        pasient=tilgang.pasient, representasjon_id=_rep_id(tilgang), pk=pk
    )
    if innspill is None:
        raise Http404
    return innspill


@innbygger_paakrevd
@krever(Omraade.INNSPILL)
@require_http_methods(["GET", "POST"])
def innspill_endre(request, pk: int):
    innspill = _mitt_eller_404(request, pk)
    form = InnspillForm(request.POST or None, initial={"tekst": innspill.tekst})
    if not innspill.kan_endres:
        messages.info(
            request, _("Koordinatoren har allerede behandlet dette. Det kan ikke endres.")
        )
        return redirect("minplan:innspill")
    if request.method == "POST" and form.is_valid():
        try:
            planservices.innspill_endre(
                forfatter=_forfatter(request), innspill=innspill, tekst=form.cleaned_data["tekst"]
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Endringen er lagret."))
            return redirect("minplan:innspill")
    logg_lesing(request, request.minplan.valgt, _("Min plan: endre innspill"), innspill)
    return _side(
        request,
        "minplan/innspill_skjema.html",
        {"form": form, "innspill": innspill, "tittel": _("Endre innspillet")},
        status=400 if form.errors else 200,
    )


@innbygger_paakrevd
@krever(Omraade.INNSPILL)
@require_POST
def innspill_trekk(request, pk: int):
    innspill = _mitt_eller_404(request, pk)
    try:
        planservices.innspill_trekk(forfatter=_forfatter(request), innspill=innspill)
    except ValidationError as feil:
        for m in feil.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Innspillet er trukket tilbake."))
    return redirect("minplan:innspill")


@innbygger_paakrevd
@krever(Omraade.INNSYN)
def innsyn(request):
    tilgang = request.minplan.valgt
    siden, dager = selectors.innsyn_side(pasient=tilgang.pasient, side=request.GET.get("side"))
    logg_lesing(request, tilgang, _("Min plan: hvem har sett opplysningene"))
    return _side(request, "minplan/innsyn.html", {"side": siden, "dager": dager})


@innbygger_paakrevd
@krever(Omraade.INNSYN)
@require_http_methods(["GET", "POST"])
def innsyn_henvendelse(request, rad: int):
    """«Spør om denne lesingen» / «Be om sperring» from a row of the access log: a request to
    the KE of the organisation that read."""
    tilgang = request.minplan.valgt
    art = request.GET.get("art", Innsynshenvendelse.Art.SPORSMAL)
    if art not in Innsynshenvendelse.Art.values:
        raise Http404
    lesing = selectors.innsyn_rad(pasient=tilgang.pasient, rad_id=rad)
    if lesing is None:
        raise Http404
    form = HenvendelseForm(request.POST if request.method == "POST" else None, art=art)
    if request.method == "POST" and form.is_valid():
        try:
            innsynshenvendelse_opprett(
                actor=teknisk_bruker(),
                pasient=tilgang.pasient,
                tilgangslogg=lesing,
                art=art,
                tekst=form.cleaned_data["tekst"],
                sperre=form.cleaned_data.get("sperre", ""),
                fra_navn=request.session[INNBYGGER]["navn"],
                fra_rolle=tilgang.rolle,
                innsending_id=form.cleaned_data["innsending_id"],
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            return redirect(f"{reverse('minplan:innsyn')}#rad-{lesing.pk}")
    logg_lesing(request, tilgang, _("Min plan: spørsmål om en lesing i tilgangsloggen"))
    return _side(
        request,
        "minplan/innsyn_henvendelse.html",
        {"form": form, "lesing": lesing, "sperring": art == Innsynshenvendelse.Art.SPERRING},
    )


@innbygger_paakrevd
@krever(Omraade.MOTER)
def kontakter(request):
    """«Hvem hjelper meg»: koordinator, kontaktlege and the ansvarsgruppe, how to reach them."""
    tilgang = request.minplan.valgt
    oppnevnte, gruppe = selectors.hvem_hjelper(pasient=tilgang.pasient)
    logg_lesing(request, tilgang, _("Min plan: hvem hjelper meg"))
    return _side(request, "minplan/kontakter.html", {"oppnevnte": oppnevnte, "gruppe": gruppe})


@innbygger_paakrevd
@krever(Omraade.MOTER)
def moter(request):
    tilgang = request.minplan.valgt
    kommende, holdt = selectors.moter(pasient=tilgang.pasient, naa=timezone.now())
    logg_lesing(request, tilgang, _("Min plan: møter"))
    return _side(request, "minplan/moter.html", {"kommende": kommende, "holdt": holdt})


def _besvart_av(request, tilgang: Tilgang) -> str:
    navn = request.session[INNBYGGER]["navn"]
    if tilgang.egen:
        return _("%(navn)s (pasienten selv)") % {"navn": navn}
    return _("%(navn)s (%(art)s)") % {
        "navn": navn,
        "art": tilgang.representasjon.get_art_display().lower(),
    }


@innbygger_paakrevd
@krever(Omraade.MOTER)
@require_http_methods(["GET", "POST"])
def mote(request, pk: int):
    """One meeting: when, where, who is invited, the answer «kommer / kommer ikke» with a note
    (until it starts), the calendar file, and the approved minutes once there are some."""
    tilgang = request.minplan.valgt
    mote = selectors.mote_for(pasient=tilgang.pasient, pk=pk)
    medlem = selectors.pasientmedlem(mote)
    svar = selectors.pasientens_svar(mote, medlem)
    kan_svare = (
        medlem is not None and mote.status == Mote.Status.PLANLAGT and mote.start > timezone.now()
    )
    form = MotesvarForm(
        request.POST if request.method == "POST" else None,
        initial={"svar": svar.svar, "merknad": svar.merknad} if svar else None,
    )
    if request.method == "POST":
        if not kan_svare:
            messages.error(request, _("Du kan ikke svare på dette møtet lenger."))
            return redirect("minplan:mote", pk=mote.pk)
        if form.is_valid():
            try:
                motesvar_fra_innbygger(
                    actor=teknisk_bruker(),
                    mote=mote,
                    medlem=medlem,
                    svar=form.cleaned_data["svar"],
                    merknad=form.cleaned_data["merknad"],
                    besvart_av=_besvart_av(request, tilgang),
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as feil:
                feil_til_skjema(form, feil)
            else:
                messages.success(request, _("Takk! Svaret ditt er sendt til koordinatoren."))
                return redirect("minplan:mote", pk=mote.pk)
    logg_lesing(request, tilgang, _("Min plan: ansvarsgruppemøte"), mote)
    return _side(
        request,
        "minplan/mote.html",
        {
            "mote": mote,
            "innkalte": selectors.innkalte(mote.gruppe)
            if mote.status == Mote.Status.PLANLAGT
            else [],
            "medlem": medlem,
            "svar": svar,
            "kan_svare": kan_svare,
            "form": form,
            "har_startet": mote.start <= timezone.now(),
            "har_referat": mote.status == Mote.Status.PLANLAGT
            and Referat.objects.filter(mote=mote, status=Referat.Status.GODKJENT).exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


@innbygger_paakrevd
@krever(Omraade.MOTER)
def mote_ics(request, pk: int):
    """The meeting for the citizen's calendar: «Ansvarsgruppemøte», time and place only."""
    tilgang = request.minplan.valgt
    mote = selectors.mote_for(pasient=tilgang.pasient, pk=pk)
    logg_lesing(request, tilgang, _("Min plan: ansvarsgruppemøte til kalenderen"), mote)
    svar = HttpResponse(kalender.moter_ics([mote]), content_type="text/calendar; charset=utf-8")
    dato = f"{timezone.localtime(mote.start):%Y-%m-%d}"
    svar["Content-Disposition"] = f'attachment; filename="ansvarsgruppemote-{dato}.ics"'
    return svar


@innbygger_paakrevd
@krever(Omraade.MOTER)
def referat(request, pk: int):
    """The approved minutes, to read on the page (a draft is 404)."""
    tilgang = request.minplan.valgt
    mote = selectors.mote_for(pasient=tilgang.pasient, pk=pk)
    referat = selectors.godkjent_referat(mote)
    logg_lesing(request, tilgang, _("Min plan: referat fra ansvarsgruppemøte"), referat)
    return _side(
        request,
        "minplan/referat.html",
        {
            "mote": mote,
            "referat": referat,
            "til_stede": list(referat.til_stede.select_related("ansatt__bruker", "parorende")),
            "saker": referat_pdf_modul.saker_med_notater(referat),
            "oppgaver": list(
                referat.oppgaver.select_related("ansvarlig__ansatt__bruker", "ansvarlig__parorende")
            ),
            "evaluering": referat.evaluering,
        },
    )


@innbygger_paakrevd
@krever(Omraade.MOTER)
def referat_pdf(request, pk: int):
    """The approved minutes as the same PDF the staff print for the patient and the family."""
    tilgang = request.minplan.valgt
    mote = selectors.mote_for(pasient=tilgang.pasient, pk=pk)
    referat = selectors.godkjent_referat(mote)
    logg_lesing(request, tilgang, _("Min plan: referat fra ansvarsgruppemøte som PDF"), referat)
    filnavn = f"referat-ansvarsgruppe-{timezone.localtime(mote.start):%Y-%m-%d}.pdf"
    if referat.pdf and referat.pdf_revisjon == referat.revisjon:
        return FileResponse(
            referat.pdf.open("rb"),
            as_attachment=True,
            content_type="application/pdf",
            filename=filnavn,
        )
    svar = HttpResponse(
        referat_pdf_modul.render_referat_pdf(referat), content_type="application/pdf"
    )
    svar["Content-Disposition"] = f'attachment; filename="{filnavn}"'
    return svar


# --- consent (docs/adr/0024-digitalt-samtykke.md) ----------------------------------------------


@innbygger_paakrevd
@krever(Omraade.SAMTYKKE)
def samtykker(request):
    tilgang = request.minplan.valgt
    rader = selectors.samtykker(pasient=tilgang.pasient)
    logg_lesing(request, tilgang, _("Min plan: samtykker"))
    return _side(request, "minplan/samtykker.html", {"samtykker": rader})


@innbygger_paakrevd
@krever(Omraade.SAMTYKKE)
@require_http_methods(["GET", "POST"])
def samtykke_ny(request):
    """Give a consent. The ID-porten login documents it: the citizen's own name and the role
    they act in, for the chosen patient."""
    tilgang = request.minplan.valgt
    valg = koordinering_selectors.samtykke_valg(pasient=tilgang.pasient)
    form = SamtykkeSkjema(request.POST or None, valg=valg)
    if request.method == "POST" and form.is_valid():
        try:
            koordinering_services.samtykke_gi_digitalt(
                actor=teknisk_bruker(),
                pasient=tilgang.pasient,
                gitt_av=tilgang.samtykke_gitt_av,
                gitt_av_navn=request.minplan.navn,
                **form.cleaned_data,
            )
        except ValidationError as feil:
            feil_til_skjema(form, feil)
        else:
            messages.success(request, _("Takk. Samtykket er lagret og gjelder fra i dag."))
            return redirect("minplan:samtykke")
    logg_lesing(request, tilgang, _("Min plan: gi samtykke"))
    return _side(request, "minplan/samtykke_ny.html", {"form": form, "valg": valg})


@innbygger_paakrevd
@krever(Omraade.SAMTYKKE)
@require_http_methods(["GET", "POST"])
def samtykke_trekk(request, pk: int):
    """First a page that says what the consent covers and asks «Er du sikker?», then the
    withdrawal, effective at once. A second submit changes nothing."""
    tilgang = request.minplan.valgt
    samtykke = get_object_or_404(selectors.samtykker_qs(pasient=tilgang.pasient), pk=pk)
    form = TrekkSamtykkeSkjema(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        koordinering_services.samtykke_trekk_digitalt(
            actor=teknisk_bruker(),
            samtykke=samtykke,
            trukket_av=tilgang.samtykke_gitt_av,
            trukket_av_navn=request.minplan.navn,
            grunn=form.cleaned_data["grunn"],
        )
        messages.success(
            request, _("Samtykket er trukket tilbake. Det gjelder ikke lenger, fra nå av.")
        )
        return redirect("minplan:samtykke")
    logg_lesing(request, tilgang, _("Min plan: trekke tilbake samtykke"), samtykke)
    return _side(request, "minplan/samtykke_trekk.html", {"samtykke": samtykke, "form": form})
