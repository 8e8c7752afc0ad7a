"""Staff login with HelseID: the provider's `hpr_number` / `pid` claims name the staff profile.

Nothing is created from a login: an unknown HPR number or fødselsnummer is refused with a
Norwegian message. The refusal and the login are logged with the HPR number, never the
fødselsnummer. See docs/adr/0012-innlogging.md."""

import logging

from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from felles import oidc
from koordinering.models import Ansatt

logger = logging.getLogger("koordinering.innlogging")

NESTE = "innlogging_neste"

MELDINGER = {
    "acr": (
        "Innloggingen hadde ikke høyt nok sikkerhetsnivå. Logg inn på nytt med BankID, "
        "Buypass eller Commfides (sikkerhetsnivå 4)."
    ),
    "nonce": (
        "Svaret fra innloggingstjenesten hørte ikke til denne innloggingen, og ble avvist. "
        "Start innloggingen på nytt."
    ),
    "mismatching_state": (
        "Innloggingen var utløpt eller startet i et annet vindu. Start innloggingen på nytt."
    ),
    "ukjent": (
        "Vi fant ingen ansatt i Koordinering med denne identiteten. Ta kontakt med "
        "systemadministrator i virksomheten din for å få tilgang."
    ),
    "access_denied": "Innloggingen ble avbrutt.",
}
STANDARDMELDING = "Innloggingen kunne ikke fullføres. Start innloggingen på nytt."


def ansatt_for_identitet(hpr_nummer: str, fodselsnummer: str) -> Ansatt:
    """The one active staff profile the claims name, or oidc.Avvist("ukjent").

    With an HPR number, the profile with that number (and, where the profile has a
    fødselsnummer, the same fødselsnummer); without one, the profile with that fødselsnummer."""
    aktive = Ansatt.objects.filter(bruker__is_active=True).select_related("bruker")
    if hpr_nummer:
        treff = list(aktive.filter(hpr_nummer=hpr_nummer)[:2])
        if len(treff) == 1 and treff[0].fodselsnummer in ("", fodselsnummer):
            return treff[0]
    elif fodselsnummer:
        treff = list(aktive.filter(fodselsnummer=fodselsnummer)[:2])
        if len(treff) == 1:
            return treff[0]
    raise oidc.Avvist("ukjent")


def _leverandor_eller_404(navn: str) -> oidc.Leverandor:
    lev = oidc.leverandor(navn)
    if lev is None or lev.formaal != "ansatt":
        raise Http404
    return lev


def start(request, leverandor: str):
    lev = _leverandor_eller_404(leverandor)
    neste = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(neste, {request.get_host()}, request.is_secure()):
        request.session[NESTE] = neste
    tilbake = request.build_absolute_uri(reverse("oidc-tilbake", args=[lev.navn]))
    return oidc.start_innlogging(request, lev, tilbake)


def tilbake(request, leverandor: str):
    lev = _leverandor_eller_404(leverandor)
    hpr_nummer = ""
    try:
        claims = oidc.fullfor_innlogging(request, lev)
        hpr_nummer = str(claims.get(lev.hpr_claim) or "")
        ansatt = ansatt_for_identitet(hpr_nummer, str(claims.get(lev.pid_claim) or ""))
    except oidc.Avvist as avvist:
        logger.warning(
            "Innlogging avvist: metode=%s grunn=%s hpr=%s adresse=%s",
            lev.navn,
            avvist.grunn,
            hpr_nummer or "-",
            request.META.get("REMOTE_ADDR", ""),
        )
        melding = MELDINGER.get(avvist.grunn, STANDARDMELDING)
        return render(
            request,
            "registration/innlogging_avvist.html",
            {"melding": melding, "leverandor": lev},
            status=403,
        )
    neste = request.session.pop(NESTE, "")
    # Kept through login(), which rotates the session key (cycle_key).
    request.session["innlogging"] = {
        "metode": lev.navn,
        "acr": claims.get("acr"),
        "hpr": ansatt.hpr_nummer,
    }
    login(request, ansatt.bruker, backend="django.contrib.auth.backends.ModelBackend")
    logger.info(
        "Innlogging med %s: bruker=%s hpr=%s acr=%s",
        lev.visningsnavn,
        ansatt.bruker_id,
        ansatt.hpr_nummer or "-",
        claims.get("acr"),
    )
    return redirect(neste or "koordinering:start")
