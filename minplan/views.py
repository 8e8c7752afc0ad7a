"""Min plan: the citizen's pages under /min/ (docs/adr/0022-minplan.md).

Every view but the login pages goes through `innbygger_paakrevd`: no citizen session → the
citizen login page; the people the citizen may see are worked out again from the session's
fødselsnummer; with more than one and none chosen → /min/velg/. What a citizen may not see
answers 404, and every read is written to the access log."""

import logging
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from felles import oidc, okt
from felles.forms import feil_til_skjema
from individuellplan.pdf import render_plan_pdf
from koordinering.models import Innsynshenvendelse, PlanDel
from koordinering.sperring import innsynshenvendelse_opprett
from minplan import selectors
from minplan.forms import HenvendelseForm
from minplan.models import Omraade
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
    return alle[0].representasjon.navn if alle else str(claims.get("name", ""))


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
        },
    )


def _versjon_eller_404(tilgang: Tilgang):
    versjon = selectors.gjeldende_versjon(pasient=tilgang.pasient)
    if versjon is None:
        raise Http404
    return versjon


@innbygger_paakrevd
@krever(Omraade.PLAN)
def plan(request):
    tilgang = request.minplan.valgt
    versjon = selectors.gjeldende_versjon(pasient=tilgang.pasient)
    if versjon is not None:
        logg_lesing(
            request, tilgang, _("Min plan: planen, versjon %(n)s") % {"n": versjon.nummer}, versjon
        )
    return _side(request, "minplan/plan.html", {"versjon": versjon, "deler": PlanDel})


@innbygger_paakrevd
@krever(Omraade.PLAN)
def plan_pdf(request):
    tilgang = request.minplan.valgt
    versjon = _versjon_eller_404(tilgang)
    pdf = render_plan_pdf(innhold=versjon.innhold, versjon=versjon.nummer)
    logg_lesing(
        request,
        tilgang,
        _("Min plan: planen, versjon %(n)s, som PDF") % {"n": versjon.nummer},
        versjon,
    )
    svar = HttpResponse(pdf, content_type="application/pdf")
    svar["Content-Disposition"] = f'attachment; filename="min-plan-versjon-{versjon.nummer}.pdf"'
    return svar


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
