"""The world of the ansvarsgruppe tests (test_mote.py, test_referat.py, test_gruppe.py,
test_avvist.py, test_oppgaver.py), built on `bygg_organisasjoner()` and with the services (so
guardian grants, history users and the consent rules are the real ones):

- Kommune A: Koordinerende enhet A (with a shared e-mail address), Hjemmetjenesten (follows the
  patient; the kommune koordinator works here and is appointed by its leader) and
  Tildelingskontoret.
- Kommune B: Hjemmetjenesten B, with a koordinator who has nothing to do with the patient.
- Sykehuset HF: its KE and Medisinsk avdeling (follows the patient too; the hospital
  koordinator is appointed by its leader).
- The patient Åse Ørnebæk (born 17.04.1958), with a valid consent to the plan process that
  shares with both the kommune and the hospital, and two relatives: Pål (may receive
  information) and Siri (may not).
- `bygg_gruppe`: the kommune's group, led by the koordinator, with the patient, Pål, Siri, the
  hospital koordinator and an external member from NAV.

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo (winter time; summer time starts
on 29 March 2026).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.messages import get_messages
from django.utils import timezone

from ansvarsgruppe import services
from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Referat
from koordinering import services as koordinering_services
from koordinering.models import Behov, Enhet, Oppnevning, Organisasjon, Parorende, Pasient, Samtykke
from tests.verden import IDAG, OSLO, bygg_organisasjoner, fodselsnummer, klokken, middag
from tests.verden import ansatt_i as ansatt_i_enhet

I_DAG_KL_10 = datetime(2026, 3, 11, 10, 0, tzinfo=OSLO)  # a meeting held this morning
VINTER = datetime(2026, 3, 18, 10, 0, tzinfo=OSLO)  # UTC+1
SOMMER = datetime(2026, 6, 17, 10, 0, tzinfo=OSLO)  # UTC+2
EN_TIME = timedelta(hours=1)

EPOST = {
    "koordinator": "kari.koordinatorsen@kommune-a.no",
    "kollega": "kollega@kommune-a.no",
    "ke": "ke.ansatt@kommune-a.no",
    "sykehuskoordinator": "sindre.sykehusmann@sykehuset.no",
    "sykehuskollega": "sykehuskollega@sykehuset.no",
    "annen_kommune": "koordinator@kommune-b.no",
}
KE_EPOST = "postmottak.ke@kommune-a.no"
PASIENT_EPOST = "ase@example.no"
PAAL_EPOST = "paal@example.no"
SIRI_EPOST = "siri@example.no"
NAV_EPOST = "nils@nav.example.no"
GRUNN = "Møterommet er dobbeltbooket"  # why a meeting is cancelled


def ansatt_i(enhet: Enhet, navn: str, *, leder: bool = False, fornavn="", etternavn=""):
    """A staff member of the unit, with the e-mail address `EPOST` gives `navn`."""
    ansatt = ansatt_i_enhet(enhet, leder=leder)
    bruker = ansatt.bruker
    bruker.email = EPOST.get(navn, f"{bruker.username}@example.no")
    if fornavn:
        bruker.first_name, bruker.last_name = fornavn, etternavn
    bruker.save()
    return ansatt


@dataclass
class Verden:
    kommune: Organisasjon
    ke_enhet: Enhet
    hjemme: Enhet
    sykehus: Organisasjon
    medisinsk: Enhet
    kommune_b: Organisasjon
    brukere: dict[str, AbstractBaseUser | None]
    pasient: Pasient
    samtykke: Samtykke
    paal: Parorende
    siri: Parorende
    kommune_oppnevning: Oppnevning
    sykehus_oppnevning: Oppnevning

    def ansatt(self, navn: str):
        return self.brukere[navn].ansatt


def bygg_verden() -> Verden:
    o = bygg_organisasjoner()
    kommune, kommune_b, sykehus = o.kommune_a, o.kommune_b, o.sykehus
    ke_enhet, hjemme, b_hjemme, medisinsk = o.a_ke, o.a_hjemme, o.b_hjemme, o.s_medisinsk
    ke_enhet.epost = KE_EPOST
    ke_enhet.save(update_fields=["epost"])

    leder = ansatt_i(hjemme, "leder", leder=True)
    s_leder = ansatt_i(medisinsk, "s_leder", leder=True)
    koordinator = ansatt_i(hjemme, "koordinator", fornavn="Kari", etternavn="Koordinatorsen")
    kollega = ansatt_i(hjemme, "kollega")
    ke = ansatt_i(ke_enhet, "ke")
    sykehuskoordinator = ansatt_i(
        medisinsk, "sykehuskoordinator", fornavn="Sindre", etternavn="Sykehusmann"
    )
    sykehuskollega = ansatt_i(medisinsk, "sykehuskollega")
    annen_kommune = ansatt_i(b_hjemme, "annen_kommune")

    pasient = koordinering_services.pasient_opprett(
        actor=kollega.bruker,
        enhet=hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(date(1958, 4, 17), 123),
        fornavn="Åse",
        etternavn="Ørnebæk",
        epost=PASIENT_EPOST,
    )
    koordinering_services.tilknytning_opprett(
        actor=s_leder.bruker,
        pasient=pasient,
        enhet=medisinsk,
        fra=IDAG - timedelta(days=5),
        til=None,
        begrunnelse="Innlagt med KOLS-forverring",
    )
    samtykke = koordinering_services.samtykke_registrer(
        actor=kollega.bruker,
        pasient=pasient,
        organisasjoner=[kommune, sykehus],
        plandeler=[],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG - timedelta(days=10),
        gyldig_til=IDAG + timedelta(days=365),
    )
    paal = koordinering_services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Pål Ørnebæk",
        relasjon=Parorende.Relasjon.EKTEFELLE,
        epost=PAAL_EPOST,
        kan_motta_informasjon=True,
    )
    siri = koordinering_services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Siri Ørnebæk",
        relasjon=Parorende.Relasjon.BARN,
        epost=SIRI_EPOST,
        kan_motta_informasjon=False,
    )
    with klokken(middag(IDAG - timedelta(days=21))):  # the day before the start
        kommune_behov = koordinering_services.behovsmelding_opprett(
            actor=kollega.bruker,
            pasient=pasient,
            enhet=hjemme,
            behov=Behov.KOORDINATOR,
            komplekse_behov=True,
            begrunnelse="Mange tjenester som må samordnes",
        )
    kommune_oppnevning = koordinering_services.oppnevning_opprett(
        actor=leder.bruker,
        behovsmelding=kommune_behov,
        ansatt=koordinator,
        mandat="Samordne tjenestene og lede ansvarsgruppen",
        startdato=IDAG - timedelta(days=20),
        pasientens_onsker_hort=True,
    )
    with klokken(middag(IDAG - timedelta(days=5))):  # the day before the start
        sykehus_behov = koordinering_services.behovsmelding_opprett(
            actor=s_leder.bruker,
            pasient=pasient,
            enhet=medisinsk,
            behov=Behov.KOORDINATOR,
            langvarige_behov=True,
            begrunnelse="Langvarig oppfølging i sykehuset",
        )
    sykehus_oppnevning = koordinering_services.oppnevning_opprett(
        actor=s_leder.bruker,
        behovsmelding=sykehus_behov,
        ansatt=sykehuskoordinator,
        mandat="Samordne sykehusets tjenester",
        startdato=IDAG - timedelta(days=4),
        pasientens_onsker_hort=True,
    )
    return Verden(
        kommune=kommune,
        ke_enhet=ke_enhet,
        hjemme=hjemme,
        sykehus=sykehus,
        medisinsk=medisinsk,
        kommune_b=kommune_b,
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
        samtykke=samtykke,
        paal=paal,
        siri=siri,
        kommune_oppnevning=kommune_oppnevning,
        sykehus_oppnevning=sykehus_oppnevning,
    )


@dataclass
class Gruppe:
    """The kommune's group: the koordinator (leader), the patient, Pål, Siri, the hospital
    koordinator and an external member from NAV."""

    v: Verden
    gruppe: Ansvarsgruppe
    koordinator: Gruppemedlem
    paal: Gruppemedlem
    siri: Gruppemedlem
    sykehus: Gruppemedlem
    nav: Gruppemedlem

    @property
    def actor(self):
        return self.v.brukere["koordinator"]


def bygg_gruppe(v: Verden) -> Gruppe:
    koordinator = v.brukere["koordinator"]
    gruppe = services.ansvarsgruppe_opprett(actor=koordinator, pasient=v.pasient)

    def legg_til(**felter):
        return services.medlem_legg_til(actor=koordinator, gruppe=gruppe, **felter)

    return Gruppe(
        v=v,
        gruppe=gruppe,
        koordinator=gruppe.medlemmer.get(ansatt=v.ansatt("koordinator")),
        paal=legg_til(type=Gruppemedlem.Type.PARORENDE, parorende=v.paal),
        siri=legg_til(type=Gruppemedlem.Type.PARORENDE, parorende=v.siri),
        sykehus=legg_til(type=Gruppemedlem.Type.ANSATT, ansatt=v.ansatt("sykehuskoordinator")),
        nav=legg_til(
            type=Gruppemedlem.Type.EKSTERN,
            navn="Nils Navesen",
            organisasjon="NAV Kommune A",
            epost=NAV_EPOST,
            rolle="Veileder",
        ),
    )


# Notices go to the members entitled to information about the patient: Siri, a relative who
# may not receive information, is a member but gets no notice.
ALLE_MEDLEMMER = sorted(
    [
        EPOST["koordinator"],
        PASIENT_EPOST,
        PAAL_EPOST,
        EPOST["sykehuskoordinator"],
        NAV_EPOST,
    ]
)


def innkall(g: Gruppe, start: datetime, *, saker=("Status", "Veien videre"), **felter) -> Mote:
    """Call a meeting; one that has started (such as `I_DAG_KL_10`) was called an hour before
    it started, since a notice for a time that has passed is refused."""
    felter.setdefault("sted", "Møterom Ørnen, rådhuset")
    with klokken(min(start - EN_TIME, timezone.now())):
        return services.mote_innkall(
            actor=g.actor,
            gruppe=g.gruppe,
            start=start,
            slutt=start + EN_TIME,
            sakspunkter=[(s, None) for s in saker],
            **felter,
        )


def skriv_referat(g: Gruppe, mote: Mote, **felter) -> Referat:
    felter.setdefault("til_stede", [g.koordinator, g.paal])
    felter.setdefault("notater", {})
    felter.setdefault("nye_oppgaver", [])
    return services.referat_lagre(actor=g.actor, mote=mote, **felter)


def oppgave(ansvarlig: Gruppemedlem, beskrivelse: str = "Ring fastlegen", dager: int = 7):
    return {"beskrivelse": beskrivelse, "ansvarlig": ansvarlig, "frist": IDAG + timedelta(dager)}


def meldinger(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]
