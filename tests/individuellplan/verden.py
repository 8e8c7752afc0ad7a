"""The world the plan tests share, built with the services (so guardian grants, history users
and the consent rules are the real ones).

- Kommune A: KE, Hjemmetjenesten (the unit that follows the patient and owns the plan),
  Tildelingskontoret (where the appointed kommune koordinator works).
- Kommune B: Hjemmetjenesten B.
- Sykehuset HF: KE, Medisinsk avdeling (follows the patient too).
- The patient Åse Ørnebæk (born 17.04.1958), connected to both levels, with a consent to start
  the plan process that shares nothing with anyone, a relative, a kommune koordinator and a
  hospital koordinator (both appointed with `oppnevning_opprett`).

Users: `koordinator` (kommune, appointed), `kollega` (kommune, in the owning unit), `ke`
(kommune KE), `sykehuskoordinator` (appointed in the hospital), `sykehuskollega` (hospital,
Medisinsk avdeling, no appointment), `annen_kommune` (a koordinator in kommune B), `anonym`.

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo (see conftest.py).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AbstractBaseUser

from felles.models import Tilgangslogg
from individuellplan import services as plan_services
from individuellplan.models import (
    Deltaker,
    Evaluering,
    IndividuellPlan,
    Maal,
    Maalvurdering,
    Samarbeid,
    Tiltak,
)
from koordinering import services
from koordinering.models import (
    Ansatt,
    Behov,
    Oppnevning,
    Parorende,
    Pasient,
    PlanDel,
    Samtykke,
)
from tests.verden import (  # noqa: F401 -- the shared day and helpers, re-exported for the plan tests
    IDAG,
    IGAAR,
    IMORGEN,
    OSLO,
    Organisasjoner,
    ansatt_i,
    bygg_organisasjoner,
    fodselsnummer,
    klokken,
    middag,
)

PERIODE_FRA = IDAG
PERIODE_TIL = IDAG + timedelta(days=365)
FORSTE_EVALUERING = IDAG + timedelta(days=90)
FODSELSDATO = date(1958, 4, 17)
ALLE_DELER = [d.value for d in PlanDel]


@dataclass
class Verden(Organisasjoner):
    a_leder: Ansatt
    s_leder: Ansatt
    brukere: dict[str, AbstractBaseUser | None]
    pasient: Pasient
    plansamtykke: Samtykke
    parorende: Parorende
    kommune_oppnevning: Oppnevning
    sykehus_oppnevning: Oppnevning

    def ansatt(self, navn: str) -> Ansatt:
        return self.brukere[navn].ansatt


def bygg_verden() -> Verden:
    o = bygg_organisasjoner()
    a_leder = ansatt_i(o.a_hjemme, leder=True)
    s_leder = ansatt_i(o.s_medisinsk, leder=True, lege=True)
    koordinator = ansatt_i(o.a_tildeling, koordinatoropplaering_fullfort=date(2025, 1, 1))
    koordinator.bruker.first_name, koordinator.bruker.last_name = "Kari", "Koordinatorsen"
    koordinator.bruker.save()
    kollega = ansatt_i(o.a_hjemme)
    ke = ansatt_i(o.a_ke)
    sykehuskoordinator = ansatt_i(o.s_medisinsk)
    sykehuskoordinator.bruker.first_name = "Sindre"
    sykehuskoordinator.bruker.last_name = "Sykehusmann"
    sykehuskoordinator.bruker.save()
    sykehuskollega = ansatt_i(o.s_medisinsk)
    annen_kommune = ansatt_i(o.b_hjemme, koordinatoropplaering_fullfort=date(2025, 1, 1))

    pasient = services.pasient_opprett(
        actor=kollega.bruker,
        enhet=o.a_hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(FODSELSDATO, 123),
        fornavn="Åse",
        etternavn="Ørnebæk",
    )
    services.tilknytning_opprett(
        actor=s_leder.bruker,
        pasient=pasient,
        enhet=o.s_medisinsk,
        fra=IDAG - timedelta(days=5),
        til=None,
        begrunnelse="Innlagt med KOLS-forverring",
    )
    plansamtykke = services.samtykke_registrer(
        actor=kollega.bruker,
        pasient=pasient,
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG - timedelta(days=10),
        gyldig_til=IDAG + timedelta(days=365),
    )
    parorende = services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Pål Ørnebæk",
        relasjon=Parorende.Relasjon.EKTEFELLE,
    )
    with klokken(middag(IDAG - timedelta(days=21))):  # the day before the start
        kommune_behov = services.behovsmelding_opprett(
            actor=kollega.bruker,
            pasient=pasient,
            enhet=o.a_hjemme,
            behov=Behov.KOORDINATOR,
            komplekse_behov=True,
            begrunnelse="Mange tjenester som må samordnes",
        )
    kommune_oppnevning = services.oppnevning_opprett(
        actor=a_leder.bruker,
        behovsmelding=kommune_behov,
        ansatt=koordinator,
        mandat="Samordne tjenestene og lede ansvarsgruppen",
        startdato=IDAG - timedelta(days=20),
        pasientens_onsker_hort=True,
    )
    with klokken(middag(IDAG - timedelta(days=5))):  # the day before the start
        sykehus_behov = services.behovsmelding_opprett(
            actor=s_leder.bruker,
            pasient=pasient,
            enhet=o.s_medisinsk,
            behov=Behov.KOORDINATOR,
            langvarige_behov=True,
            begrunnelse="Langvarig oppfølging i sykehuset",
        )
    sykehus_oppnevning = services.oppnevning_opprett(
        actor=s_leder.bruker,
        behovsmelding=sykehus_behov,
        ansatt=sykehuskoordinator,
        mandat="Samordne sykehusets tjenester",
        startdato=IDAG - timedelta(days=4),
        pasientens_onsker_hort=True,
    )
    return Verden(
        **vars(o),
        a_leder=a_leder,
        s_leder=s_leder,
        brukere={
            "koordinator": koordinator.bruker,
            "kollega": kollega.bruker,
            "ke": ke.bruker,
            "sykehuskoordinator": sykehuskoordinator.bruker,
            "sykehuskollega": sykehuskollega.bruker,
            "annen_kommune": annen_kommune.bruker,
            "anonym": None,
        },
        pasient=pasient,
        plansamtykke=plansamtykke,
        parorende=parorende,
        kommune_oppnevning=kommune_oppnevning,
        sykehus_oppnevning=sykehus_oppnevning,
    )


def del_med(
    v: Verden,
    *,
    organisasjoner=(),
    personer=(),
    plandeler=ALLE_DELER,
    gyldig_til: date | None = None,
    gjelder_planprosess: bool = False,
) -> Samtykke:
    """A consent that shares plan parts with organisations and/or named people."""
    return services.samtykke_registrer(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        organisasjoner=list(organisasjoner),
        personer=list(personer),
        plandeler=list(plandeler),
        gjelder_planprosess=gjelder_planprosess,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG,
        gyldig_til=gyldig_til,
    )


def ny_plan(v: Verden, **felter) -> IndividuellPlan:
    felter.setdefault("periode_fra", PERIODE_FRA)
    felter.setdefault("periode_til", PERIODE_TIL)
    felter.setdefault("neste_evaluering", FORSTE_EVALUERING)
    return plan_services.plan_opprett(actor=v.brukere["kollega"], pasient=v.pasient, **felter)


# Unique texts, one per part of the plan, so a page or a PDF can be searched for each part.
HOVEDMAAL = "Jeg vil klare meg hjemme og gå til butikken"
DELMAAL = "Gå til postkassen hver dag før påske"
HOVEDMAAL_2 = "Fiske på brygga med barnebarna"
RESSURSER = "Kona Pål og sønnen hjelper til hver helg"
BEHOV = "Pust og energi i hverdagen, trygg hjemkomst"
BIDRAG_KOORDINATOR = "Leder ansvarsgruppen og følger opp planen"
BIDRAG_PARORENDE = "Kjører til kontroller på sykehuset"
BIDRAG_EKSTERN = "Trening to ganger i uka"
TILTAK_1 = "Hjemmesykepleie"
TILTAK_2 = "Fysioterapi"
TILTAK_3 = "Oksygenbehandling"
SAMARBEID = "Arbeidsavklaringspenger og møter"
EVALUERING = "Godt i gang, pusten er bedre"
KOMMENTAR = "Klarer butikken med følge"


@dataclass
class Planinnhold:
    plan: IndividuellPlan
    hovedmaal: Maal
    delmaal: Maal
    hovedmaal_2: Maal
    deltakere: dict[str, Deltaker]
    tiltak: list[Tiltak]
    samarbeid: Samarbeid
    evaluering: Evaluering
    vurderinger: list[Maalvurdering] = field(default_factory=list)


def fyll_plan(v: Verden, plan: IndividuellPlan, *, actor=None) -> Planinnhold:
    """Goals with a sub-goal, three participants, three measures, cooperation, an evaluation."""
    actor = actor or v.brukere["koordinator"]
    plan = plan_services.plan_oppdater(actor=actor, plan=plan, ressurser=RESSURSER, behov=BEHOV)
    h1 = plan_services.maal_lagre(
        actor=actor, plan=plan, tekst=HOVEDMAAL, maldato=IDAG + timedelta(days=180)
    )
    d1 = plan_services.maal_lagre(
        actor=actor, plan=plan, tekst=DELMAAL, hovedmaal=h1, maldato=IDAG + timedelta(days=30)
    )
    h2 = plan_services.maal_lagre(actor=actor, plan=plan, tekst=HOVEDMAAL_2, rekkefolge=1)
    deltakere = {
        "koordinator": plan_services.deltaker_lagre(
            actor=actor,
            plan=plan,
            type=Deltaker.Type.ANSATT,
            ansatt=v.ansatt("koordinator"),
            rolle="Koordinator",
            bidrag=BIDRAG_KOORDINATOR,
        ),
        "parorende": plan_services.deltaker_lagre(
            actor=actor,
            plan=plan,
            type=Deltaker.Type.PARORENDE,
            parorende=v.parorende,
            rolle="Ektefelle",
            bidrag=BIDRAG_PARORENDE,
        ),
        "ekstern": plan_services.deltaker_lagre(
            actor=actor,
            plan=plan,
            type=Deltaker.Type.EKSTERN,
            navn="Nils Fysiøterapeut",
            organisasjon="Fysioterapitjenesten",
            bidrag=BIDRAG_EKSTERN,
        ),
    }
    tiltak = [
        plan_services.tiltak_lagre(
            actor=actor,
            plan=plan,
            beskrivelse=TILTAK_1,
            omfang="Daglig",
            ansvarlig=deltakere["koordinator"],
            gjennomforing="Morgenbesøk",
            fra=IDAG,
            maal=[h1, d1],
        ),
        plan_services.tiltak_lagre(
            actor=actor,
            plan=plan,
            beskrivelse=TILTAK_2,
            omfang="To ganger i uka",
            ansvarlig=deltakere["ekstern"],
            gjennomforing="Gåtrening ute",
            fra=IDAG + timedelta(days=7),
            til=IDAG + timedelta(days=120),
            maal=[h1],
        ),
        plan_services.tiltak_lagre(
            actor=actor,
            plan=plan,
            beskrivelse=TILTAK_3,
            omfang="Ved behov",
            ansvarlig_tjeneste="Lungepoliklinikken",
            gjennomforing="Utstyr hjemme",
            fra=IDAG,
            maal=[h2],
        ),
    ]
    samarbeid = plan_services.samarbeid_lagre(
        actor=actor,
        plan=plan,
        etat=Samarbeid.Etat.NAV,
        kontakt="Kari i NAV",
        beskrivelse=SAMARBEID,
    )
    evaluering = plan_services.evaluering_registrer(
        actor=actor,
        plan=plan,
        dato=IDAG,
        samlet_vurdering=EVALUERING,
        neste_evaluering=FORSTE_EVALUERING,
        vurderinger={h1.pk: ("delvis", KOMMENTAR), h2.pk: ("ikke", "")},
    )
    plan.refresh_from_db()
    return Planinnhold(
        plan=plan,
        hovedmaal=h1,
        delmaal=d1,
        hovedmaal_2=h2,
        deltakere=deltakere,
        tiltak=tiltak,
        samarbeid=samarbeid,
        evaluering=evaluering,
        vurderinger=list(evaluering.vurderinger.all()),
    )


def siste_logg_id() -> int:
    siste = Tilgangslogg.objects.order_by("-pk").first()
    return siste.pk if siste else 0


def logget(pasient: Pasient, etter: int) -> list[Tilgangslogg]:
    return list(Tilgangslogg.objects.filter(pasient=pasient, pk__gt=etter).order_by("pk"))
