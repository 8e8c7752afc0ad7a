"""The patient page: koordinering's records of the patient, with the plan, the ansvarsgruppe
and the messages from the apps above. A page composition module: it may read the selectors of
higher apps (listed in the import contract, ADR 0010); nothing else in koordinering does.

The page has sections, each its own URL (`?del=plan`, …) reached by plain links, so they work
without JavaScript and can be bookmarked. A section reads only what it shows. Every view of a
section is a read of patient data and is logged, naming the section."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ansvarsgruppe.selectors import ansvarsgruppe_paa_pasientside
from individuellplan.selectors import plan_paa_pasientside
from koordinering import selectors
from koordinering.arbeidsrolle import ansatt_paakrevd, arbeidsrolle
from koordinering.models import Pasient
from koordinering.tilgangslogg import logg_visning
from meldinger.selectors import innbyggertraader, meldinger_om_pasient, ubesvarte_om_pasient


@dataclass(frozen=True)
class Seksjon:
    navn: str
    tittel: str
    bare_ke: bool = False


SEKSJONER = [
    Seksjon("oversikt", gettext_lazy("Oversikt")),
    Seksjon("plan", gettext_lazy("Plan")),
    Seksjon("ansvarsgruppe", gettext_lazy("Ansvarsgruppe")),
    Seksjon("meldinger", gettext_lazy("Meldinger")),
    Seksjon("samtykker", gettext_lazy("Samtykker og pårørende")),
    Seksjon("historikk", gettext_lazy("Historikk")),
    Seksjon("tilgangslogg", gettext_lazy("Tilgangslogg"), bare_ke=True),
]
SEKSJON = {s.navn: s for s in SEKSJONER}


def seksjon_url(pasient_id: int, navn: str) -> str:
    url = reverse("koordinering:pasient-detalj", kwargs={"pk": pasient_id})
    return url if navn == "oversikt" else f"{url}?del={navn}"


def _plan(request, ansatt, tilgang):
    return plan_paa_pasientside(
        user=request.user,
        ansatt=ansatt,
        pasient=tilgang.pasient,
        kan_redigere_pasient=tilgang.kan_redigere,
    )


def _ansvarsgruppe(tilgang):
    return ansvarsgruppe_paa_pasientside(
        pasient=tilgang.pasient, organisasjoner=tilgang.organisasjoner
    )


def _oversikt(request, ansatt, tilgang) -> dict:
    oppnevninger = selectors.oppnevninger_paa_pasientside(tilgang=tilgang)
    behovsmeldinger = selectors.behovsmeldinger_paa_pasientside(tilgang=tilgang)
    return {
        "vis_fodselsnummer": request.POST.get("vis") == "1",
        "oppnevninger": oppnevninger,
        "behovsmeldinger": behovsmeldinger,
        "tilknytninger": selectors.tilknytninger_paa_pasientside(tilgang=tilgang),
        "status": selectors.koordineringsstatus(
            oppnevninger=oppnevninger, behovsmeldinger=behovsmeldinger
        ),
        "gruppe": _ansvarsgruppe(tilgang),
        "ubesvarte": ubesvarte_om_pasient(user=request.user, pasient=tilgang.pasient),
        "ip": _plan(request, ansatt, tilgang),
    }


def _ansvarsgruppeseksjon(request, ansatt, tilgang) -> dict:
    gruppe = _ansvarsgruppe(tilgang)
    return {
        "gruppe": gruppe,
        "kan_opprette_gruppe": tilgang.kan_redigere
        and not any(g.organisasjon_id == ansatt.organisasjon_id for g in gruppe.grupper),
        "kan_kalle_inn_kommunen": tilgang.kan_redigere and ansatt.organisasjon.er_sykehus,
    }


def _samtykker(request, ansatt, tilgang) -> dict:
    return {
        "samtykker": selectors.samtykker_paa_pasientside(ansatt=ansatt, tilgang=tilgang),
        "parorende": selectors.parorende_paa_pasientside(tilgang=tilgang),
    }


INNHOLD = {
    "oversikt": _oversikt,
    "plan": lambda request, ansatt, tilgang: {"ip": _plan(request, ansatt, tilgang)},
    "ansvarsgruppe": _ansvarsgruppeseksjon,
    "meldinger": lambda request, ansatt, tilgang: {
        "meldinger": meldinger_om_pasient(user=request.user, pasient=tilgang.pasient, antall=50),
        "innbyggertraader": list(innbyggertraader(user=request.user, pasient=tilgang.pasient)[:50]),
    },
    "samtykker": _samtykker,
    "historikk": lambda request, ansatt, tilgang: {
        "historikk": selectors.endringshistorikk(
            pasient=tilgang.pasient, organisasjoner=tilgang.organisasjoner
        )
    },
    "tilgangslogg": lambda request, ansatt, tilgang: {
        "tilgangslogg": selectors.tilgangslogg_for_pasient(tilgang=tilgang)
    },
}


@ansatt_paakrevd
def pasient_detalj(request, pk: int):
    pasient = Pasient.objects.visible_to(request.user).filter(pk=pk).first()
    if pasient is None:
        raise Http404
    seksjon = SEKSJON.get(request.GET.get("del", "oversikt"))
    if seksjon is None:
        raise Http404
    ansatt = arbeidsrolle(request).ansatt
    tilgang = selectors.pasienttilgang(user=request.user, ansatt=ansatt, pasient=pasient)
    if seksjon.bare_ke and not tilgang.er_ke:
        raise Http404
    innhold = INNHOLD[seksjon.navn](request, ansatt, tilgang)
    logg_visning(
        request,
        [(pasient.pk, pasient.tilgangsgrunnlag)],
        _("Pasientside: %(del)s") % {"del": seksjon.tittel},
    )
    return render(
        request,
        "koordinering/pasient_detalj.html",
        {
            "s": tilgang,
            "pasient": pasient,
            "seksjon": seksjon,
            "seksjoner": [
                (s, seksjon_url(pasient.pk, s.navn))
                for s in SEKSJONER
                if tilgang.er_ke or not s.bare_ke
            ],
            **innhold,
        },
    )
