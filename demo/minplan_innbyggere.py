"""Demo data for Min plan's citizens (issue 16): published plans for Astrid, Emma and her little
brother Jonas, and the people who act for them, so every kind of citizen can be tried with
`make run-helseid` (local ID-porten on 127.0.0.1:9400, each citizen picked by `sub`):

- «astrid»: the patient herself (every demo patient logs in by first name);
- «hanne»: Hanne Lie, mother with parental responsibility for Emma (10) and Jonas (7): she
  chooses whom she acts for;
- «per»: Per Solberg, Astrid's son, with a fullmakt for the plan and the meetings only;
- «geir»: Geir Berg, Sigrid's guardian until a month ago: refused with the reason.

Made through the services (history, grants and the rules as in real use); skipped when there."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo.oppsett import demo_pasient
from felles.fodselsnummer import lag_identitetsnummer
from individuellplan import services as plan
from individuellplan.models import IndividuellPlan, Maal
from koordinering import services
from koordinering.models import Pasient, PlanDel, Samtykke
from minplan import services as minplan
from minplan.models import Omraade, Representasjon


@dataclass(frozen=True)
class DemoInnbygger:
    sub: str  # what to pick at the local ID-porten
    fornavn: str
    etternavn: str
    fodselsdato: date
    individnummer: int


HANNE = DemoInnbygger("hanne", "Hanne", "Lie", date(1986, 2, 14), 402)
PER = DemoInnbygger("per", "Per", "Solberg", date(1972, 8, 3), 377)
GEIR = DemoInnbygger("geir", "Geir", "Berg", date(1958, 11, 21), 291)
DEMO_INNBYGGERE = (HANNE, PER, GEIR)
JONAS = ("Jonas", "Lie", date(2019, 4, 2), 544)

# The goals and measures each demo plan gets: (goal, [(measure, how much, how)]).
PLANER = {
    "Astrid": [
        (
            "Jeg vil bo hjemme og klare morgenstellet selv",
            [("Hjemmesykepleie", "Hver morgen, 30 minutter", "Hjelp til dusj og påkledning")],
        ),
        (
            "Komme meg ut og treffe folk to ganger i uka",
            [("Dagsenter", "Tirsdag og torsdag", "Henting med drosje klokka 9")],
        ),
    ],
    "Emma": [
        (
            "Emma skal kunne gå på skolen hele dagen",
            [
                ("Assistent i klassen", "Hele skoledagen", "Skolen har ansatt assistenten"),
                ("Fysioterapi", "En gang i uka", "På skolen i storefri"),
            ],
        ),
    ],
    "Jonas": [
        (
            "Jonas skal få leke med andre barn i barnehagen",
            [("Spesialpedagog", "Fire timer i uka", "I barnehagen, sammen med de andre barna")],
        ),
    ],
}


def fodselsnummer(fodselsdato: date, individ: int) -> str:
    while not (nummer := lag_identitetsnummer(fodselsdato, individ, syntetisk=True)):
        individ += 1
    return nummer


def innbygger_nummer(innbygger: DemoInnbygger) -> str:
    return fodselsnummer(innbygger.fodselsdato, innbygger.individnummer)


def _jonas(actor, idag: date) -> Pasient:
    fornavn, etternavn, fodt, individ = JONAS
    nummer = fodselsnummer(fodt, individ)
    if pasient := Pasient.objects.filter(fodselsnummer=nummer).first():
        return pasient
    pasient = services.pasient_opprett(
        actor=actor,
        enhet=actor.ansatt.medlemskap.first().enhet,
        tilknytning_fra=idag - timedelta(days=40),
        begrunnelse="Oppfølging i barnehagen, søsken av Emma",
        fodselsnummer=nummer,
        fornavn=fornavn,
        etternavn=etternavn,
        adresse="Storgata 1",
        postnummer="9990",
        poststed="Fjordvik",
    )
    services.samtykke_registrer(
        actor=actor,
        pasient=pasient,
        gjelder_planprosess=True,
        plandeler=[d.value for d in PlanDel],
        gitt_av=Samtykke.GittAv.FORELDER,
        gitt_av_navn=f"{HANNE.fornavn} {HANNE.etternavn}",
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=idag - timedelta(days=30),
        gyldig_til=idag + timedelta(days=330),
        organisasjoner=[actor.ansatt.organisasjon],
    )
    return pasient


def _publisert_plan(actor, pasient: Pasient, idag: date) -> None:
    """A plan with goals in the patient's words and measures, published once."""
    if IndividuellPlan.objects.filter(pasient=pasient).exists():
        return
    ip = plan.plan_opprett(
        actor=actor,
        pasient=pasient,
        periode_fra=idag - timedelta(days=20),
        periode_til=idag + timedelta(days=345),
        neste_evaluering=idag + timedelta(days=70),
        ressurser="Familien og naboene hjelper til.",
        behov="Tjenester som henger sammen, og én å spørre.",
    )
    for nr, (maal, tiltak) in enumerate(PLANER[pasient.fornavn]):
        m = plan.maal_lagre(
            actor=actor, plan=ip, tekst=maal, status=Maal.Status.PAAGAAR, rekkefolge=nr
        )
        for beskrivelse, omfang, gjennomforing in tiltak:
            plan.tiltak_lagre(
                actor=actor,
                plan=ip,
                maal=[m],
                beskrivelse=beskrivelse,
                omfang=omfang,
                gjennomforing=gjennomforing,
                ansvarlig_tjeneste="Fjordvik kommune",
                fra=idag - timedelta(days=10),
            )
    plan.plan_aktiver(actor=actor, plan=ip)
    plan.plan_publiser(actor=actor, plan=ip)


def _representasjon(actor, pasient: Pasient, innbygger: DemoInnbygger, art: str, **felter):
    nummer = innbygger_nummer(innbygger)
    if Representasjon.objects.filter(pasient=pasient, fodselsnummer=nummer).exists():
        return
    minplan.representasjon_opprett(
        actor=actor,
        pasient=pasient,
        fodselsnummer=nummer,
        navn=f"{innbygger.fornavn} {innbygger.etternavn}",
        art=art,
        **felter,
    )


@transaction.atomic
def demo_minplan_innbyggere() -> int:
    """Returns how many mandates exist for the demo citizens afterwards (0: no demo users)."""
    brukere = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=["koordinator.kommune", "koordinator.kommune2"]
        )
    }
    pasienter = {navn: demo_pasient(navn) for navn in ("Astrid", "Emma", "Sigrid")}
    if len(brukere) < 2 or None in pasienter.values():
        return 0
    idag = timezone.localdate()
    kommune = brukere["koordinator.kommune"]
    jonas = _jonas(kommune, idag)
    for pasient in (pasienter["Astrid"], pasienter["Emma"], jonas):
        _publisert_plan(kommune, pasient, idag)
    for barn in (pasienter["Emma"], jonas):
        _representasjon(
            kommune,
            barn,
            HANNE,
            Representasjon.Art.FORELDREANSVAR,
            gyldig_fra=barn.fodselsdato,
            merknad="Opplyst av mor, bekreftet mot folkeregisteret.",
        )
    _representasjon(
        kommune,
        pasienter["Astrid"],
        PER,
        Representasjon.Art.FULLMAKT,
        gyldig_fra=idag - timedelta(days=90),
        gyldig_til=idag + timedelta(days=275),
        omfang=[Omraade.PLAN, Omraade.MOTER],
        merknad="Skriftlig fullmakt fra Astrid, skannet inn i journalen.",
    )
    _representasjon(
        brukere["koordinator.kommune2"],
        pasienter["Sigrid"],
        GEIR,
        Representasjon.Art.VERGE,
        gyldig_fra=idag - timedelta(days=400),
        gyldig_til=idag - timedelta(days=30),
        merknad="Vergemålet opphørte etter vedtak fra Statsforvalteren.",
    )
    return Representasjon.objects.filter(
        fodselsnummer__in=[innbygger_nummer(i) for i in DEMO_INNBYGGERE]
    ).count()
