"""The tour: every URL pattern the resolver has, visited in the browser as every user type that
reaches it, with real ids from a built world. Pages get axe (WCAG 2.0/2.1 A and AA) and the
unique-id check; files (PDF, CSV, JSON) and htmx fragments are checked for status and type;
POST-only actions are checked to refuse GET (their forms are on pages the tour visits).

A new URL pattern fails `test_hvert_url_moenster_har_et_stopp` (no browser needed) and the tour
until it gets one line in `OMVISNING` below: its name, how to build its arguments from the world,
and who visits it. For example

    "koordinering:profil": side(ingen, K, S, L, KE),
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from ansvarsgruppe import services as gruppe_services
from ansvarsgruppe.models import Gruppemedlem, Mote
from individuellplan import services as plan_services
from individuellplan.models import Deltaker, IndividuellPlan, Samarbeid
from koordinering import services as koordinering_services
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Oppnevning,
    Parorende,
    Pasient,
    Samtykke,
)
from koordinering.sperring import sperring_opprett
from meldinger.models import Melding, Meldingstype
from meldinger.services import innbyggertraad_start, melding_send
from minplan.models import Representasjon
from minplan.tilgangslogg import teknisk_bruker
from oversikt.models import OversiktUtskrift
from tests.factories import AnsattFactory
from tests.factories.varsler import VarselFactory
from tests.oidc_leverandor import PID_VERGE
from tests.verden import klokken

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The user types (demo users, password «demo»); ANONYM is not logged in; INNBYGGER is a citizen
# (Astrid's verge) logged in to Min plan through the local ID-porten provider.
K, S, L, LS, KE, ADMIN, ANONYM, INNBYGGER = (
    "koordinator.kommune",
    "koordinator.sykehus",
    "leder.kommune",
    "leder.sykehus",
    "ke.kommune",
    "admin",
    "",
    "innbygger",
)
SIDE, FIL, FRAGMENT, HANDLING = "side", "fil", "fragment", "handling"
VIDERESENDING, AVVISNING = "videresending", "avvisning"

# Not part of the product's screens: Django's admin (its own templates) and the static files.
UTELATT_NAVNEROM = {"admin"}


@dataclass(frozen=True)
class Stopp:
    art: str
    argumenter: Callable  # world -> list of reverse() argument tuples (one URL each)
    brukere: tuple[str, ...]
    innholdstype: str = ""  # for files: the expected start of Content-Type


def side(argumenter, *brukere):
    return Stopp(SIDE, argumenter, brukere)


def fil(argumenter, innholdstype, *brukere):
    return Stopp(FIL, argumenter, brukere, innholdstype)


def fragment(argumenter, *brukere):
    return Stopp(FRAGMENT, argumenter, brukere)


def handling(argumenter, *brukere):
    return Stopp(HANDLING, argumenter, brukere)


def videresending(argumenter, *brukere):
    """A GET that answers with a redirect (the start of a login at the identity provider)."""
    return Stopp(VIDERESENDING, argumenter, brukere)


def avvisning(argumenter, *brukere):
    """A page that refuses (403) in Norwegian: checked with axe like any page."""
    return Stopp(AVVISNING, argumenter, brukere)


def ingen(w):
    return [()]


@dataclass
class Verden:
    """Astrid (kommune, koordinator.kommune appointed) with a published plan, a print, an
    ansvarsgruppe with a coming meeting, a held meeting with approved minutes and one held
    without minutes, and a relative; Ola (both levels) for the hospital; Emma's need waiting
    for leder.kommune; a message with an attachment; the KE's overview print."""

    astrid: Pasient
    ola: Pasient
    emma: Pasient
    plan: IndividuellPlan
    objekter: dict = field(default_factory=dict)

    def __getattr__(self, navn):
        try:
            return self.__dict__["objekter"][navn]
        except KeyError:
            raise AttributeError(navn) from None


def _pk(obj):
    return obj.pk


# fmt: off
OMVISNING: dict[str, Stopp] = {
    # config/urls.py
    "login": side(ingen, ANONYM),
    "logout": handling(ingen, K),
    "oidc-start": videresending(lambda w: [("helseid",)], ANONYM),
    "oidc-tilbake": avvisning(lambda w: [("helseid",)], ANONYM),
    "okt-fortsett": handling(ingen, K),
    "helse": fil(ingen, "application/json", ANONYM),
    "tilgjengelighet": side(ingen, ANONYM, K),
    # koordinering
    "koordinering:start": side(ingen, K, S, L, LS, KE, ADMIN),
    "koordinering:profil": side(ingen, K, S, L, KE),
    "koordinering:pasient-sok": side(ingen, K, S, KE),
    "koordinering:pasient-opprett": side(ingen, K, S),
    "koordinering:tilgang-be-om": handling(ingen, K),
    "koordinering:pasient-detalj": side(lambda w: [(w.astrid.pk,)], K, L, KE),
    "koordinering:pasient-endre": side(lambda w: [(w.astrid.pk,)], K),
    "koordinering:parorende-opprett": side(lambda w: [(w.astrid.pk,)], K),
    "koordinering:tilknytning-opprett": side(lambda w: [(w.astrid.pk,)], L),
    "koordinering:samtykke-opprett": side(lambda w: [(w.astrid.pk,)], K),
    "koordinering:behov-opprett": side(lambda w: [(w.astrid.pk,)], K),
    "koordinering:parorende-endre": side(lambda w: [(w.parorende.pk,)], K),
    "koordinering:parorende-fjern": side(lambda w: [(w.parorende.pk,)], K),
    "koordinering:samtykke-trekk": side(lambda w: [(w.astrid.samtykker.first().pk,)], K),
    "koordinering:tilknytning-avslutt": side(lambda w: [(w.astrid.tilknytninger.first().pk,)], L),
    "koordinering:oppnevning-detalj": side(lambda w: [(w.oppnevning.pk,)], K, L),
    "koordinering:oppnevning-brev": fil(lambda w: [(w.oppnevning.pk,)], "application/pdf", L),
    "koordinering:oppnevning-mandat-aksepter": handling(lambda w: [(w.oppnevning.pk,)], K),
    "koordinering:oppnevning-avslutt": side(lambda w: [(w.oppnevning.pk,)], L),
    "koordinering:oppnevning-bytt": side(lambda w: [(w.oppnevning.pk,)], L),
    "koordinering:behov-liste": side(ingen, L, LS, KE),
    "koordinering:pasient-tilgang": side(lambda w: [(w.astrid.pk,)], KE),
    "koordinering:innsyn-pdf": fil(lambda w: [(w.astrid.pk,)], "application/pdf", KE),
    "koordinering:innsyn-csv": fil(lambda w: [(w.astrid.pk,)], "text/csv", KE),
    "koordinering:sperring-opphev": handling(lambda w: [(w.sperring.pk,)], KE),
    "koordinering:behov-detalj": side(lambda w: [(w.behov.pk,)], L),
    "koordinering:behov-oppnevn": handling(lambda w: [(w.behov.pk,)], L),
    "koordinering:behov-avslaa": handling(lambda w: [(w.behov.pk,)], L),
    "koordinering:behov-beslutt": handling(lambda w: [(w.behov.pk,)], L),
    "koordinering:tilgangslogg-ansatte": side(ingen, KE),
    "koordinering:tilgangslogg-ansatt": side(lambda w: [(w.koordinator.pk,)], KE),
    # individuellplan
    "individuellplan:plan-opprett": side(lambda w: [(w.emma.pk,)], K),
    "individuellplan:plan-detalj": side(lambda w: [(w.plan.pk,)], K, L),
    "individuellplan:plan-endre": side(lambda w: [(w.plan.pk,)], K),
    "individuellplan:plan-aktiver": handling(lambda w: [(w.plan.pk,)], K),
    "individuellplan:plan-avslutt": side(lambda w: [(w.plan.pk,)], K),
    "individuellplan:plan-gjenaapne": handling(lambda w: [(w.plan.pk,)], K),
    "individuellplan:plan-publiser": handling(lambda w: [(w.plan.pk,)], K),
    "individuellplan:evaluering-ny": side(lambda w: [(w.plan.pk,)], K),
    "individuellplan:versjon-detalj": side(lambda w: [(w.plan.pk, 1)], K),
    "individuellplan:versjon-last-ned": fil(lambda w: [(w.plan.pk, 1)], "application/pdf", K),
    "individuellplan:utskrift-bestill": handling(lambda w: [(w.plan.pk,)], K),
    "individuellplan:utskrift-status": fragment(lambda w: [(w.plan.pk, w.planutskrift.pk)], K),
    "individuellplan:utskrift-last-ned": fil(
        lambda w: [(w.plan.pk, w.planutskrift.pk)], "application/pdf", K
    ),
    "individuellplan:deltaker-fjern": side(lambda w: [(w.plan.pk, w.deltaker.pk)], K),
    "individuellplan:innspill-ta-inn": handling(lambda w: [(w.plan.pk, w.innspill.pk)], K),
    "individuellplan:innspill-ikke-ta-inn": side(lambda w: [(w.plan.pk, w.innspill.pk)], K),
    "individuellplan:seksjon-ny": side(
        lambda w: [(w.plan.pk, s) for s in ("maal", "deltakere", "tiltak", "samarbeid")], K
    ),
    "individuellplan:seksjon-endre": side(
        lambda w: [(w.plan.pk, s, o.pk) for s, o in w.seksjonsobjekter.items()], K
    ),
    # meldinger
    "meldinger:melding-liste": side(ingen, K, S, KE),
    "meldinger:melding-opprett": side(lambda w: [(w.ola.pk,)], K, S),
    "meldinger:melding-detalj": side(lambda w: [(w.melding.pk,)], S, KE),
    "meldinger:melding-svar": handling(lambda w: [(w.melding.pk,)], KE),
    "meldinger:melding-videresend": handling(lambda w: [(w.melding.pk,)], KE),
    "meldinger:melding-behandlet": handling(lambda w: [(w.melding.pk,)], KE),
    "meldinger:melding-ta-imot": handling(lambda w: [(w.melding.pk,)], KE),
    "meldinger:innbyggertraad-liste": side(ingen, K),
    "meldinger:innbyggertraad-detalj": side(lambda w: [(w.innbyggertraad.pk,)], K),
    "meldinger:vedlegg": fil(lambda w: [(w.vedlegg.pk,)], "application/pdf", S, KE),
    # ansvarsgruppe
    "ansvarsgruppe:ansvarsgruppe-opprett": handling(lambda w: [(w.astrid.pk,)], K),
    "ansvarsgruppe:mote-med-kommunen": side(lambda w: [(w.ola.pk,)], S),
    "ansvarsgruppe:ansvarsgruppe-detalj": side(lambda w: [(w.gruppe.pk,)], K, L),
    "ansvarsgruppe:gruppemedlem-opprett": side(lambda w: [(w.gruppe.pk,)], K),
    "ansvarsgruppe:gruppemedlem-endre": side(lambda w: [(w.medlem.pk,)], K),
    "ansvarsgruppe:gruppemedlem-avslutt": side(lambda w: [(w.medlem.pk,)], K),
    "ansvarsgruppe:mote-opprett": side(lambda w: [(w.gruppe.pk,)], K),
    "ansvarsgruppe:mote-detalj": side(lambda w: [(w.mote.pk,), (w.holdt.pk,)], K, L),
    "ansvarsgruppe:mote-endre": side(lambda w: [(w.mote.pk,)], K),
    "ansvarsgruppe:mote-avlys": side(lambda w: [(w.mote.pk,)], K),
    "ansvarsgruppe:innkallingsbrev": fil(lambda w: [(w.mote.pk,)], "application/pdf", K),
    "ansvarsgruppe:referat-skjema": side(lambda w: [(w.uten_referat.pk,)], K),
    "ansvarsgruppe:referat-godkjenn": handling(lambda w: [(w.holdt.pk,)], K),
    "ansvarsgruppe:referat-ny-revisjon": handling(lambda w: [(w.holdt.pk,)], K),
    "ansvarsgruppe:referat-pdf": fil(lambda w: [(w.holdt.pk,)], "application/pdf", K),
    "ansvarsgruppe:oppgave-utfort": handling(lambda w: [(w.oppgave.pk,)], K),
    "ansvarsgruppe:oppgave-gjenaapne": handling(lambda w: [(w.oppgave.pk,)], K),
    "ansvarsgruppe:referat-autolagre": handling(lambda w: [(w.uten_referat.pk,)], K),
    "ansvarsgruppe:referat-oppgaverad": fragment(lambda w: [(w.uten_referat.pk,)], K),
    "ansvarsgruppe:neste-mote-innkall": handling(lambda w: [(w.holdt.pk,)], K),
    "ansvarsgruppe:motesvar": handling(lambda w: [(w.mote.pk,)], K),
    "ansvarsgruppe:mote-ics": fil(lambda w: [(w.mote.pk,)], "text/calendar", K, L),
    "ansvarsgruppe:mine-moter": side(ingen, K, S, L),
    "ansvarsgruppe:kalenderabonnement": handling(ingen, K),
    "ansvarsgruppe:kalender-feed": fil(lambda w: [(w.kalendertoken,)], "text/calendar", ANONYM),
    # varsler
    "varsler:varsel-liste": side(ingen, K, S, L, KE),
    "varsler:varsel-aapne": side(lambda w: [(w.varsel.pk,)], K),
    "varsler:varsler-les-alle": handling(ingen, K),
    "varsler:varslingsvalg": side(ingen, K, KE),
    # oversikt
    "oversikt:oversikt": side(ingen, KE),
    "oversikt:pasienter": side(ingen, KE),
    "oversikt:eksport": fil(ingen, "text/csv", KE),
    "oversikt:utskrift-bestill": handling(ingen, KE),
    "oversikt:utskrift-status": fragment(lambda w: [(w.oversiktutskrift.pk,)], KE),
    "oversikt:utskrift-last-ned": fil(lambda w: [(w.oversiktutskrift.pk,)], "application/pdf", KE),
    "oversikt:kontroll": side(ingen, KE),
    "oversikt:kontroll-gjennomga": handling(ingen, KE),
    # minplan
    "minplan:logg-inn": side(ingen, ANONYM),
    "minplan:oidc-start": videresending(ingen, ANONYM),
    "minplan:oidc-tilbake": avvisning(ingen, ANONYM),
    "minplan:logg-ut": handling(ingen, INNBYGGER),
    "minplan:sprak": handling(ingen, INNBYGGER),
    "minplan:start": side(ingen, INNBYGGER),
    "minplan:velg": side(ingen, INNBYGGER),
    "minplan:plan": side(ingen, INNBYGGER),
    "minplan:plan-pdf": fil(ingen, "application/pdf", INNBYGGER),
    "minplan:versjoner": side(ingen, INNBYGGER),
    "minplan:versjon": side(lambda w: [(1,)], INNBYGGER),
    "minplan:versjon-pdf": fil(lambda w: [(1,)], "application/pdf", INNBYGGER),
    "minplan:innspill": side(ingen, INNBYGGER),
    "minplan:innspill-kommentar": side(
        lambda w: [("maal", w.seksjonsobjekter["maal"].pk),
                   ("tiltak", w.seksjonsobjekter["tiltak"].pk)], INNBYGGER
    ),
    "minplan:innspill-endre": side(lambda w: [(w.innspill.pk,)], INNBYGGER),
    "minplan:innspill-trekk": handling(lambda w: [(w.innspill.pk,)], INNBYGGER),
    "minplan:innsyn": side(ingen, INNBYGGER),
    "minplan:kontakter": side(ingen, INNBYGGER),
    "minplan:moter": side(ingen, INNBYGGER),
    "minplan:mote": side(lambda w: [(w.mote.pk,), (w.holdt.pk,)], INNBYGGER),
    "minplan:mote-ics": fil(lambda w: [(w.mote.pk,)], "text/calendar", INNBYGGER),
    "minplan:referat": side(lambda w: [(w.holdt.pk,)], INNBYGGER),
    "minplan:referat-pdf": fil(lambda w: [(w.holdt.pk,)], "application/pdf", INNBYGGER),
    "minplan:samtykke": side(ingen, INNBYGGER),
    "minplan:samtykke-ny": side(ingen, INNBYGGER),
    "minplan:samtykke-trekk": side(lambda w: [(w.samtykke.pk,)], INNBYGGER),
    "minplan:innsyn-henvendelse": side(lambda w: [(_lesing_om(w.astrid),)], INNBYGGER),
    "representasjon:liste": side(lambda w: [(w.astrid.pk,)], K, KE),
    "representasjon:avslutt": side(lambda w: [(w.verge.pk,)], K),
    "minplan:meldinger": side(ingen, INNBYGGER),
    "minplan:melding-ny": side(ingen, INNBYGGER),
    "minplan:melding-traad": side(lambda w: [(w.innbyggertraad.pk,)], INNBYGGER),
    "minplan:varsler": side(ingen, INNBYGGER),
}
# fmt: on

# Query strings some addresses need to answer with their content rather than a form error.
SPORRING = {
    "oversikt:eksport": "?tabell=dekning-status&format=csv",
    "oversikt:pasienter": "?maal=behov_uten",
}


def _lesing_om(pasient) -> int:
    """A staff read of the patient (a row the citizen can ask the KE about)."""
    from felles.models import Tilgangslogg

    return (
        Tilgangslogg.objects.filter(pasient=pasient, organisasjon__isnull=False)
        .exclude(grunnlag__in=["pasienten", "representant"])
        .latest("id")
        .pk
    )


def url_moenstre(resolver=None, navnerom: str = "") -> set[str]:
    """Every named URL pattern as «namespace:name», through every include, recursively."""
    resolver = resolver or get_resolver()
    navn = set()
    for moenster in resolver.url_patterns:
        if isinstance(moenster, URLResolver):
            rom = moenster.namespace
            if rom in UTELATT_NAVNEROM:
                continue
            fullt = ":".join(n for n in (navnerom, rom) if n)
            navn |= url_moenstre(moenster, fullt)
        elif isinstance(moenster, URLPattern):
            if moenster.name is None:
                raise AssertionError(f"URL-mønsteret {moenster.pattern} har ikke navn")
            navn.add(f"{navnerom}:{moenster.name}" if navnerom else moenster.name)
    return navn


def test_hvert_url_moenster_har_et_stopp():
    moenstre = url_moenstre()
    mangler = sorted(moenstre - OMVISNING.keys())
    assert not mangler, (
        "Disse URL-mønstrene besøkes ikke av omvisningen i tests/e2e/test_omvisning.py; "
        f"legg til en linje i OMVISNING for hvert: {', '.join(mangler)}"
    )
    utdaterte = sorted(OMVISNING.keys() - moenstre)
    assert not utdaterte, f"OMVISNING nevner mønstre som ikke finnes lenger: {utdaterte}"


def bygg_verden() -> Verden:
    brukere = {u.username: u for u in get_user_model().objects.all()}
    k, ke = brukere[K], brukere[KE]
    astrid = Pasient.objects.get(fornavn="Astrid")
    ola = Pasient.objects.get(fornavn="Ola")
    emma = Pasient.objects.get(fornavn="Emma")
    idag = timezone.localdate()

    plan = plan_services.plan_opprett(
        actor=k,
        pasient=astrid,
        periode_fra=idag,
        periode_til=idag + timedelta(days=365),
        neste_evaluering=idag + timedelta(days=90),
        ressurser="Datteren hjelper til.",
        behov="Trygghet hjemme.",
    )
    maal = plan_services.maal_lagre(actor=k, plan=plan, tekst="Klare morgenstellet selv")
    deltaker = plan_services.deltaker_lagre(
        actor=k,
        plan=plan,
        type=Deltaker.Type.ANSATT,
        ansatt=Ansatt.objects.get(bruker=brukere[L]),
        rolle="Leder",
        bidrag="Følger opp tjenestene",
    )
    tiltak = plan_services.tiltak_lagre(
        actor=k,
        plan=plan,
        maal=[maal],
        beskrivelse="Hjemmesykepleie morgen",
        omfang="Daglig",
        ansvarlig=deltaker,
        gjennomforing="Morgenbesøk",
        fra=idag,
    )
    samarbeid = plan_services.samarbeid_lagre(
        actor=k, plan=plan, etat=Samarbeid.Etat.NAV, beskrivelse="Arbeidsavklaring"
    )
    plan_services.plan_aktiver(actor=k, plan=plan)
    plan_services.plan_publiser(actor=k, plan=plan)
    planutskrift = plan_services.utskrift_bestill(actor=k, plan=plan, deler=["maal", "tiltak"])

    gruppe = gruppe_services.ansvarsgruppe_opprett(actor=k, pasient=astrid)
    medlem = gruppe_services.medlem_legg_til(
        actor=k,
        gruppe=gruppe,
        type=Gruppemedlem.Type.ANSATT,
        ansatt=Ansatt.objects.get(bruker=brukere[L]),
        rolle="Leder hjemmetjenesten",
    )
    leder_av_gruppen = gruppe.medlemmer.get(ansatt__bruker=k)
    start = timezone.now().replace(microsecond=0) + timedelta(days=7)
    mote = gruppe_services.mote_innkall(
        actor=k,
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Fjordvik helsehus",
        sakspunkter=[("Status", None)],
    )
    holdt_start = timezone.now().replace(microsecond=0) - timedelta(days=2)
    with klokken(holdt_start - timedelta(hours=1)):
        holdt, uten_referat = (
            gruppe_services.mote_innkall(
                actor=k,
                gruppe=gruppe,
                start=holdt_start + timedelta(hours=time),
                slutt=holdt_start + timedelta(hours=time + 1),
                sted="Rådhuset",
                sakspunkter=[("Status", None)],
            )
            for time in (0, 2)
        )
    referat = gruppe_services.referat_lagre(
        actor=k,
        mote=holdt,
        til_stede=[leder_av_gruppen, medlem],
        notater={},
        nye_oppgaver=[
            {"beskrivelse": "Ring fastlegen", "ansvarlig": medlem, "frist": idag + timedelta(7)}
        ],
    )
    gruppe_services.referat_godkjenn(actor=k, referat=referat)

    parorende = koordinering_services.parorende_opprett(
        actor=k, pasient=astrid, navn="Kari Solberg", relasjon=Parorende.Relasjon.BARN
    )

    sykehus = brukere[S]
    ke_enhet = ke.ansatt.medlemskap.first().enhet
    melding = melding_send(
        actor=sykehus,
        pasient=Pasient.objects.get(fornavn="Nils"),
        type=Meldingstype.DIALOG,
        avsender_enhet=sykehus.ansatt.medlemskap.first().enhet,
        mottaker_enhet=ke_enhet,
        emne="Epikrise",
        tekst="Epikrisen ligger ved.",
        vedlegg=[SimpleUploadedFile("epikrise.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n%%EOF\n")],
    )

    verge = Representasjon.objects.create(
        pasient=astrid, fodselsnummer=PID_VERGE, navn="Vera Verge", art="verge"
    )
    innspill = plan_services.innspill_skriv(
        forfatter=plan_services.Forfatter(
            navn="Vera Verge", rolle="verge", representasjon_id=verge.pk, actor=teknisk_bruker()
        ),
        versjon=plan.versjoner.get(),
        art="kommentar",
        tekst="Astrid vil heller ha besøk etter frokost.",
        gjelder="tiltak",
        objekt_id=tiltak.pk,
    )

    ke_klient = Client()
    ke_klient.force_login(ke)
    svar = ke_klient.post(reverse("oversikt:utskrift-bestill"), {})
    assert svar.status_code == 302, svar

    return Verden(
        astrid=astrid,
        ola=ola,
        emma=emma,
        plan=plan,
        objekter={
            "deltaker": deltaker,
            "seksjonsobjekter": {
                "maal": maal,
                "deltakere": deltaker,
                "tiltak": tiltak,
                "samarbeid": samarbeid,
            },
            "planutskrift": planutskrift,
            "gruppe": gruppe,
            "medlem": medlem,
            "mote": mote,
            "holdt": holdt,
            "uten_referat": uten_referat,
            "oppgave": referat.oppgaver.get(),
            "parorende": parorende,
            "oppnevning": Oppnevning.objects.get(pasient=astrid),
            "behov": Behovsmelding.objects.get(pasient=emma),
            "koordinator": k.ansatt,
            "melding": melding,
            "vedlegg": melding.vedlegg.get(),
            "varsel": VarselFactory(mottaker=k),
            "oversiktutskrift": OversiktUtskrift.objects.get(bestilt_av=ke.ansatt),
            "kalendertoken": gruppe_services.kalenderabonnement_lag(actor=k),
            "sperring": sperring_opprett(
                actor=ke,
                pasient=astrid,
                begrunnelse="Pasienten ba om det",
                ansatt=AnsattFactory(organisasjon=k.ansatt.organisasjon),
            ),
            "samtykke": Samtykke.objects.filter(pasient=astrid).gyldige().first(),
            "verge": verge,
            "innspill": innspill,
            "innbyggertraad": innbyggertraad_start(
                actor=k,
                pasient=astrid,
                ansatt=k.ansatt,
                innbygger_navn="Vera Verge",
                emne="Spørsmål om møtet",
                tekst="Kan møtet flyttes til tirsdag?",
            ),
        },
    )


def _adresser(navn: str, stopp: Stopp, w: Verden) -> list[str]:
    return [reverse(navn, args=args) + SPORRING.get(navn, "") for args in stopp.argumenter(w)]


def test_omvisning_hver_side_som_hver_brukertype(besok, demo_live, media, helseid):
    w = bygg_verden()
    assert w.mote.status == Mote.Status.PLANLAGT
    assert Melding.objects.filter(vedlegg__isnull=False).exists()
    besokt: dict[str, set[str]] = {}
    feil_paa_veien: list[str] = []

    # One browser session per user type, visiting every stop that user type reaches.
    brukere = sorted({b for stopp in OMVISNING.values() for b in stopp.brukere})
    for bruker in brukere:
        if bruker == INNBYGGER:
            besok.logg_inn_innbygger("verge")
        elif bruker:
            besok.logg_inn(bruker)
        for navn, stopp in OMVISNING.items():
            if bruker not in stopp.brukere:
                continue
            for adresse in _adresser(navn, stopp, w):
                # Every stop is visited even when one fails: the report names them all.
                try:
                    _besok(besok, navn, stopp, adresse, bruker or "anonym")
                except AssertionError as feil:
                    feil_paa_veien.append(str(feil))
                besokt.setdefault(navn, set()).add(bruker)
        if bruker == INNBYGGER:
            feil_paa_veien += _min_plan_paa_mobil(besok, w)
        besok.context.clear_cookies()

    assert not feil_paa_veien, "\n\n".join(feil_paa_veien)
    ikke_besokt = sorted(url_moenstre() - besokt.keys())
    assert not ikke_besokt, f"Omvisningen besøkte ikke: {', '.join(ikke_besokt)}"


MOBIL = {"width": 360, "height": 780}


def _min_plan_paa_mobil(besok, w: Verden) -> list[str]:
    """Every Min plan page once more at 360 px (mobile first, issue 16): axe-clean and nothing
    wider than the screen."""
    feil = []
    besok.page.set_viewport_size(MOBIL)
    for navn, stopp in OMVISNING.items():
        if INNBYGGER not in stopp.brukere or stopp.art != SIDE:
            continue
        for adresse in _adresser(navn, stopp, w):
            try:
                _besok(besok, navn, stopp, adresse, "innbygger-360")
                bredde = besok.page.evaluate("document.documentElement.scrollWidth")
                assert bredde <= MOBIL["width"], f"{navn} ({adresse}) er {bredde} px bred"
            except AssertionError as avvik:
                feil.append(str(avvik))
    besok.page.set_viewport_size({"width": 1280, "height": 900})
    return feil


def _besok(besok, navn: str, stopp: Stopp, adresse: str, bruker: str) -> None:
    hvor = f"{navn} ({adresse}) som {bruker}"
    if stopp.art in (SIDE, AVVISNING):
        svar = besok.goto(adresse)
        forventet = 200 if stopp.art == SIDE else 403
        assert svar.status == forventet, f"{hvor}: HTTP {svar.status}"
        innlogging = ("login", "oidc-tilbake", "minplan:logg-inn", "minplan:oidc-tilbake")
        assert "/logg-inn/" not in besok.page.url or navn in innlogging, hvor
        besok.sjekk(f"{bruker}-{navn.replace(':', '-')}")
        return
    svar = besok.context.request.get(besok.base + adresse, max_redirects=0)
    if stopp.art == VIDERESENDING:
        assert svar.status == 302, f"{hvor}: ventet videresending, fikk {svar.status}"
    elif stopp.art == HANDLING:
        assert svar.status == 405, f"{hvor}: en handling skal avvise GET, fikk {svar.status}"
    elif stopp.art == FRAGMENT:
        assert svar.status == 200, f"{hvor}: HTTP {svar.status}"
        assert "<html" not in svar.text(), f"{hvor}: et fragment er ikke en hel side"
    else:
        assert svar.status == 200, f"{hvor}: HTTP {svar.status}"
        assert svar.headers["content-type"].startswith(stopp.innholdstype), (
            f"{hvor}: {svar.headers['content-type']}"
        )
