"""Demo data: two kommuner and a helseforetak with units and one user per role.

Everything is looked up by a natural key and updated in place, so running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from felles.fodselsnummer import lag_identitetsnummer
from koordinering import services
from koordinering.models import (
    Ansatt,
    Behov,
    Enhet,
    Medlemskap,
    Organisasjon,
    Pasient,
    PlanDel,
    Samtykke,
)
from meldinger.models import Meldingstype
from meldinger.services import melding_send, melding_svar

DEMO_PASSORD = "demo"

ORGANISASJONER = [
    # (organisasjonsnummer, navn, type, kommunenummer)
    ("964000018", "Fjordvik kommune", Organisasjon.Type.KOMMUNE, "9901"),
    ("964000026", "Åsdal kommune", Organisasjon.Type.KOMMUNE, "9902"),
    ("983000010", "Helse Vestfjord HF", Organisasjon.Type.HELSEFORETAK, ""),
]

KOMMUNE_ENHETER = [
    ("Koordinerende enhet", Enhet.Type.KOORDINERENDE_ENHET),
    ("Hjemmetjenesten", Enhet.Type.TJENESTE),
    ("Tildelingskontoret", Enhet.Type.TILDELINGSKONTOR),
]
SYKEHUS_ENHETER = [
    ("Koordinerende enhet", Enhet.Type.KOORDINERENDE_ENHET),
    ("Medisinsk avdeling", Enhet.Type.KLINISK),
    ("Nevrologisk avdeling", Enhet.Type.KLINISK),
    ("Barne- og ungdomsklinikken", Enhet.Type.KLINISK),
]


@dataclass(frozen=True)
class DemoBruker:
    brukernavn: str
    fornavn: str
    etternavn: str
    organisasjonsnummer: str
    enhet: str
    rolle: str
    yrke: str
    helsepersonell: bool
    opplaering: date | None
    beskrivelse: str


L, M = Medlemskap.Rolle.LEDER, Medlemskap.Rolle.MEDARBEIDER
Y = Ansatt.Yrke
# fmt: off
DEMO_BRUKERE = [
    DemoBruker("koordinator.kommune", "Solveig", "Haugen", "964000018", "Hjemmetjenesten", M,
               Y.SYKEPLEIER, True, date(2025, 3, 14), "Koordinator i hjemmetjenesten, Fjordvik"),
    DemoBruker("leder.kommune", "Bjørn", "Lie", "964000018", "Hjemmetjenesten", L,
               Y.SYKEPLEIER, True, date(2024, 9, 2), "Leder for hjemmetjenesten, Fjordvik"),
    DemoBruker("ke.kommune", "Ingrid", "Dahl", "964000018", "Koordinerende enhet", L,
               Y.SOSIONOM, False, date(2023, 5, 10), "Koordinerende enhet, Fjordvik"),
    DemoBruker("koordinator.kommune2", "Øystein", "Berg", "964000026", "Hjemmetjenesten", M,
               Y.ERGOTERAPEUT, True, date(2025, 1, 20), "Koordinator i hjemmetjenesten, Åsdal"),
    DemoBruker("leder.kommune2", "Kristin", "Nilsen", "964000026", "Hjemmetjenesten", L,
               Y.SYKEPLEIER, True, date(2023, 8, 21), "Leder for hjemmetjenesten, Åsdal"),
    DemoBruker("koordinator.sykehus", "Marte", "Ødegård", "983000010", "Medisinsk avdeling", M,
               Y.SYKEPLEIER, True, date(2025, 6, 1), "Koordinator ved medisinsk avdeling"),
    DemoBruker("kontaktlege.sykehus", "Håkon", "Aas", "983000010", "Medisinsk avdeling", M,
               Y.LEGE, True, None, "Kontaktlege ved medisinsk avdeling"),
    DemoBruker("leder.sykehus", "Randi", "Strand", "983000010", "Medisinsk avdeling", L,
               Y.LEGE, True, date(2024, 2, 5), "Avdelingsleder, medisinsk avdeling"),
    DemoBruker("ke.sykehus", "Emil", "Johansen", "983000010", "Koordinerende enhet", L,
               Y.SYKEPLEIER, True, date(2022, 11, 30), "Koordinerende enhet, Helse Vestfjord"),
]
# fmt: on


def demo_hpr_nummer(d: DemoBruker) -> str:
    """A made-up HPR number for the demo's health personnel (HelseID logs in by it)."""
    return f"9{DEMO_BRUKERE.index(d) + 1:06d}" if d.helsepersonell else ""


@transaction.atomic
def demo_organisasjoner_opprett() -> dict[str, Organisasjon]:
    organisasjoner = {}
    for nummer, navn, type_, kommunenummer in ORGANISASJONER:
        org, _ = Organisasjon.objects.get_or_create(
            organisasjonsnummer=nummer,
            defaults={"navn": navn, "type": type_, "kommunenummer": kommunenummer},
        )
        enheter = KOMMUNE_ENHETER if org.er_kommune else SYKEHUS_ENHETER
        for enhet_navn, enhet_type in enheter:
            epost = (
                f"koordinerende.enhet@{nummer}.example.no"
                if enhet_type == Enhet.Type.KOORDINERENDE_ENHET
                else ""
            )
            Enhet.objects.get_or_create(
                organisasjon=org, navn=enhet_navn, defaults={"type": enhet_type, "epost": epost}
            )
        organisasjoner[nummer] = org
    return organisasjoner


@transaction.atomic
def demo_brukere_opprett(organisasjoner: dict[str, Organisasjon]) -> None:
    User = get_user_model()
    for d in DEMO_BRUKERE:
        bruker, opprettet = User.objects.get_or_create(
            username=d.brukernavn,
            defaults={
                "first_name": d.fornavn,
                "last_name": d.etternavn,
                "email": f"{d.brukernavn}@example.no",
            },
        )
        if opprettet:
            bruker.set_password(DEMO_PASSORD)
            bruker.save(update_fields=["password"])
        org = organisasjoner[d.organisasjonsnummer]
        ansatt, _ = Ansatt.objects.get_or_create(
            bruker=bruker,
            defaults={
                "organisasjon": org,
                "yrke": d.yrke,
                "helsepersonell": d.helsepersonell,
                "koordinatoropplaering_fullfort": d.opplaering,
                "hpr_nummer": demo_hpr_nummer(d),
            },
        )
        Medlemskap.objects.get_or_create(
            ansatt=ansatt, enhet=org.enheter.get(navn=d.enhet), defaults={"rolle": d.rolle}
        )
    admin, opprettet = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "Admin"}
    )
    if opprettet:
        admin.set_password(DEMO_PASSORD)
        admin.save(update_fields=["password"])


@dataclass(frozen=True)
class DemoPasient:
    fornavn: str
    etternavn: str
    fodselsdato: date
    individnummer: int
    registrert_av: str
    begrunnelse: str


# fmt: off
DEMO_PASIENTER = [
    DemoPasient("Astrid", "Solberg", date(1948, 3, 2), 412, "koordinator.kommune",
                "Vedtak om hjemmesykepleie og praktisk bistand"),
    DemoPasient("Ola", "Hansen", date(1961, 9, 17), 233, "koordinator.sykehus",
                "Innlagt medisinsk avdeling, KOLS og hjertesvikt"),
    DemoPasient("Emma", "Lie", date(2016, 5, 11), 505, "koordinator.kommune",
                "Oppfølging etter hjerneslag i barnealder"),
    DemoPasient("Nils", "Bakke", date(1975, 12, 24), 310, "koordinator.sykehus",
                "Innlagt med nyoppdaget ALS"),
    DemoPasient("Sigrid", "Moen", date(1983, 7, 30), 118, "koordinator.kommune2",
                "Psykisk helse og rus, flere tjenester"),
]
# fmt: on


def _demo_nummer(p: DemoPasient) -> str:
    individ = p.individnummer
    while not (nummer := lag_identitetsnummer(p.fodselsdato, individ, syntetisk=True)):
        individ += 1
    return nummer


def demo_pasient(fornavn: str) -> Pasient | None:
    """The demo patient with this first name, found by the demo fødselsnummer: synthetic
    patients (`--patients N`) have the same first and last names."""
    p = next(p for p in DEMO_PASIENTER if p.fornavn == fornavn)
    return Pasient.objects.filter(fodselsnummer=_demo_nummer(p)).first()


@transaction.atomic
def demo_pasienter_opprett() -> int:
    """A handful of patients in different states, made through the services (so history,
    grants and the access rules are as in real use). Skips patients that already exist."""
    User = get_user_model()
    bruker = {
        u.username: u
        for u in User.objects.filter(username__in=[d.brukernavn for d in DEMO_BRUKERE])
    }
    idag = timezone.localdate()
    opprettet = 0
    for p in DEMO_PASIENTER:
        nummer = _demo_nummer(p)
        if Pasient.objects.filter(fodselsnummer=nummer).exists():
            continue
        actor = bruker[p.registrert_av]
        pasient = services.pasient_opprett(
            actor=actor,
            enhet=actor.ansatt.medlemskap.first().enhet,
            tilknytning_fra=idag - timedelta(days=60),
            begrunnelse=p.begrunnelse,
            fodselsnummer=nummer,
            fornavn=p.fornavn,
            etternavn=p.etternavn,
            adresse="Storgata 1",
            postnummer="9990",
            poststed="Fjordvik",
        )
        opprettet += 1
        samtykke = services.samtykke_registrer(
            actor=actor,
            pasient=pasient,
            gjelder_planprosess=True,
            plandeler=[d.value for d in PlanDel],
            gitt_av=Samtykke.GittAv.PASIENTEN,
            form=Samtykke.Form.SKRIFTLIG,
            gyldig_fra=idag - timedelta(days=50),
            gyldig_til=idag + timedelta(days=20 if p.fornavn == "Astrid" else 300),
            organisasjoner=[actor.ansatt.organisasjon],
        )
        _demo_forlop(bruker, pasient, p, samtykke, idag)
    return opprettet


def _demo_forlop(bruker, pasient, p, samtykke, idag) -> None:
    """Need reports, appointments and messages that put each demo patient in a different
    state."""

    def meld(brukernavn, behov, **kriterier):
        actor = bruker[brukernavn]
        return services.behovsmelding_opprett(
            actor=actor,
            pasient=pasient,
            enhet=actor.ansatt.medlemskap.first().enhet,
            behov=behov,
            begrunnelse="Trenger samordning av flere tjenester over tid.",
            komplekse_behov=True,
            langvarige_behov=True,
            koordinerte_tjenester=True,
            **kriterier,
        )

    def oppnevn(leder, melding, ansatt, mandat):
        services.oppnevning_opprett(
            actor=bruker[leder],
            behovsmelding=melding,
            ansatt=bruker[ansatt].ansatt,
            mandat=mandat,
            startdato=idag,
            pasientens_onsker_hort=True,
            pasient_informert_dato=idag,
        )

    kontaktlege = {
        "alvorlig_sykdom": True,
        "behandling_av_varighet": True,
        "kontakttype": "innleggelse",
    }
    if p.fornavn == "Astrid":
        oppnevn(
            "leder.kommune",
            meld("koordinator.kommune", Behov.KOORDINATOR),
            "koordinator.kommune",
            "Samordne hjemmetjenester, fastlege og dagsenter.",
        )
    elif p.fornavn == "Ola":
        # Served by both levels: the kommune follows him too, and the consent shares with it.
        kommune = bruker["koordinator.kommune"]
        services.tilknytning_opprett(
            actor=kommune,
            pasient=pasient,
            enhet=kommune.ansatt.medlemskap.first().enhet,
            fra=idag - timedelta(days=30),
            til=None,
            begrunnelse="Hjemmesykepleie etter utskrivning",
        )
        samtykke.organisasjoner.add(kommune.ansatt.organisasjon)
        oppnevn(
            "leder.sykehus",
            meld("koordinator.sykehus", Behov.KOORDINATOR),
            "koordinator.sykehus",
            "Koordinere utskrivning og samarbeid med kommunen.",
        )
        oppnevn(
            "leder.sykehus",
            meld(
                "koordinator.sykehus",
                Behov.KONTAKTLEGE,
                kontaktdato=idag - timedelta(days=21),
                **kontaktlege,
            ),
            "kontaktlege.sykehus",
            "Medisinske spørsmål og kontakt med fastlegen.",
        )
        sporsmaal = melding_send(
            actor=kommune,
            pasient=pasient,
            type=Meldingstype.DIALOG,
            avsender_enhet=kommune.ansatt.medlemskap.first().enhet,
            mottaker_enhet=bruker["koordinator.sykehus"].ansatt.medlemskap.first().enhet,
            emne="Oppdatert medisinliste før utskrivning?",
            tekst="Hjemmesykepleien trenger oppdatert medisinliste og plan for oksygen.",
        )
        melding_svar(
            actor=bruker["koordinator.sykehus"],
            melding=sporsmaal,
            tekst="Medisinlisten følger epikrisen. Oksygen er bestilt fra hjelpemiddelsentralen.",
        )
    elif p.fornavn == "Emma":
        meld("koordinator.kommune", Behov.BARNEKOORDINATOR)
    elif p.fornavn == "Nils":
        meld(
            "koordinator.sykehus",
            Behov.KONTAKTLEGE,
            kontaktdato=idag - timedelta(days=1),
            **kontaktlege,
        )
        meld("koordinator.sykehus", Behov.INDIVIDUELL_PLAN)
        sykehus = bruker["koordinator.sykehus"]
        melding_send(
            actor=sykehus,
            pasient=pasient,
            type=Meldingstype.INNLAGT,
            avsender_enhet=sykehus.ansatt.medlemskap.first().enhet,
            mottaker_enhet=Enhet.objects.get(
                organisasjon=bruker["ke.kommune"].ansatt.organisasjon,
                type=Enhet.Type.KOORDINERENDE_ENHET,
            ),
            emne="Innlagt med nyoppdaget ALS",
            tekst="Pasienten er innlagt på medisinsk avdeling og vil trenge tjenester i kommunen.",
        )
    elif p.fornavn == "Sigrid":
        oppnevn(
            "leder.kommune2",
            meld("koordinator.kommune2", Behov.KOORDINATOR),
            "koordinator.kommune2",
            "Samordne psykisk helse- og rustjenester.",
        )
