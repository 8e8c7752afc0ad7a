"""The services in `koordinering.services`, against the database.

Every test runs on a fixed day (Wednesday 11 March 2026, noon in Oslo, clock frozen), so dates,
deadlines and "today" are deterministic. Refusals are checked twice: the Norwegian message, and
that nothing in the database changed (`avvises`).
"""

import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from felles.fodselsnummer import lag_identitetsnummer
from felles.models import Tilgangsgrunnlag
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Pasient,
    PasientUserObjectPermission,
    Rolle,
    Samtykke,
    Tilknytning,
)
from koordinering.services import (
    behovsmelding_avslaa,
    behovsmelding_opprett,
    oppnevning_avslutt,
    oppnevning_bytt,
    oppnevning_opprett,
    pasient_opprett,
    samtykke_trekk_tilbake,
    tilknytning_avslutt,
    tilknytning_opprett,
)
from tests.factories import (
    AnsattFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    MedlemskapFactory,
    OrganisasjonFactory,
    PasientFactory,
    SamtykkeFactory,
    TilknytningFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
IDAG = date(2026, 3, 11)  # a Wednesday with no public holiday near it
IGAAR = IDAG - timedelta(days=1)
IMORGEN = IDAG + timedelta(days=1)


def middag(dag: date) -> datetime:
    return datetime(dag.year, dag.month, dag.day, 12, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def fast_dag():
    with time_machine.travel(middag(IDAG), tick=False):
        yield


# ---------------------------------------------------------------------------------------------
# The world and helpers
# ---------------------------------------------------------------------------------------------


@dataclass
class Verden:
    kommune: Organisasjon
    kommune_ke: Enhet
    hjemmetjeneste: Enhet
    kommuneleder: Ansatt  # leader of hjemmetjeneste
    sykehus: Organisasjon
    sykehus_ke: Enhet
    medisinsk: Enhet
    sykehusleder: Ansatt  # leader of medisinsk


_individnummer = itertools.count()


def fodselsnummer_for(fodselsdato: date) -> str:
    """A synthetic number with this birth date. Individual numbers 500–749 mean born 2000–2039
    (000–499 mean 1900–1999), so the century is right. (The factory's `barn` trait uses 000–399
    and so makes patients born in 1915.)"""
    forste = 500 if fodselsdato.year >= 2000 else 100
    while True:
        nummer = lag_identitetsnummer(
            fodselsdato, forste + next(_individnummer) % 250, syntetisk=True
        )
        if nummer:
            return nummer


_enheter_i_verden: list[Enhet] = []


def fulgt(pasient: Pasient) -> Pasient:
    """The patient, followed by the world's Hjemmetjenesten and Medisinsk avdeling: services
    change only patients the actor works with."""
    for enhet in _enheter_i_verden:
        TilknytningFactory(pasient=pasient, enhet=enhet)
    return pasient


def barn() -> Pasient:
    return PasientFactory(fodselsnummer=fodselsnummer_for(date(2015, 6, 1)))


def ansatt_i(enhet: Enhet, *, leder: bool = False, **felter) -> Ansatt:
    """A staff member of `enhet`'s organisation with a membership in `enhet`."""
    ansatt = AnsattFactory(organisasjon=enhet.organisasjon, **felter)
    MedlemskapFactory(ansatt=ansatt, enhet=enhet, leder=leder)
    return ansatt


@pytest.fixture
def v() -> Verden:
    kommune = OrganisasjonFactory()
    hjemmetjeneste = EnhetFactory(organisasjon=kommune, navn="Hjemmetjenesten")
    sykehus = OrganisasjonFactory(sykehus=True)
    medisinsk = EnhetFactory(organisasjon=sykehus, klinisk=True, navn="Medisinsk avdeling")
    _enheter_i_verden[:] = [hjemmetjeneste, medisinsk]
    return Verden(
        kommune=kommune,
        kommune_ke=EnhetFactory(organisasjon=kommune, ke=True, navn="KE kommune"),
        hjemmetjeneste=hjemmetjeneste,
        kommuneleder=ansatt_i(hjemmetjeneste, leder=True),
        sykehus=sykehus,
        sykehus_ke=EnhetFactory(organisasjon=sykehus, ke=True, navn="KE sykehus"),
        medisinsk=medisinsk,
        sykehusleder=ansatt_i(medisinsk, leder=True),
    )


KRITERIER = {"komplekse_behov": True, "langvarige_behov": True}


def kontakt(dag: date = IDAG) -> dict:
    """Criteria and admission for a kontaktlege/-psykolog need."""
    return {
        "alvorlig_sykdom": True,
        "behandling_av_varighet": True,
        "kontakttype": Behovsmelding.Kontakttype.INNLEGGELSE,
        "kontaktdato": dag,
    }


def meld(actor: Ansatt, pasient: Pasient, enhet: Enhet, behov: str, **felter) -> Behovsmelding:
    """Report a need through the service."""
    kriterier = (
        kontakt() if behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG) else dict(KRITERIER)
    )
    kriterier.update(felter)
    return behovsmelding_opprett(
        actor=actor.bruker,
        pasient=pasient,
        enhet=enhet,
        behov=behov,
        begrunnelse="Trenger samordning",
        **kriterier,
    )


def oppnevn(actor: Ansatt, melding: Behovsmelding, ansatt: Ansatt, **felter) -> Oppnevning:
    felter.setdefault("startdato", IDAG)
    felter.setdefault("pasientens_onsker_hort", True)
    return oppnevning_opprett(
        actor=actor.bruker,
        behovsmelding=melding,
        ansatt=ansatt,
        mandat="Samordne tjenestene og lede ansvarsgruppen",
        **felter,
    )


def grunnlag(ansatt_eller_bruker, pasient: Pasient) -> str | None:
    """On what basis the user sees the patient through `visible_to`, or None."""
    bruker = getattr(ansatt_eller_bruker, "bruker", ansatt_eller_bruker)
    funnet = Pasient.objects.visible_to(bruker).filter(pk=pasient.pk).first()
    return funnet.tilgangsgrunnlag if funnet else None


def har_tilgang(ansatt: Ansatt, pasient: Pasient) -> bool:
    """The guardian grant an appointment makes, read from guardian's table."""
    return PasientUserObjectPermission.objects.filter(
        user=ansatt.bruker, content_object=pasient, permission__codename="view_pasient"
    ).exists()


def tilstand() -> dict:
    """Everything the services change, to prove a refusal left the database as it was."""
    return {
        "pasienter": sorted(Pasient.objects.values_list("pk", "fodselsnummer")),
        "tilknytninger": sorted(Tilknytning.objects.values_list("pk", "til", "avslutningsgrunn")),
        "behovsmeldinger": sorted(
            Behovsmelding.objects.values_list(
                "pk", "status", "besluttet_av_id", "besluttet_tid", "avslagsgrunn"
            )
        ),
        "oppnevninger": sorted(
            Oppnevning.objects.values_list("pk", "ansatt_id", "rolle", "sluttdato", "sluttgrunn")
        ),
        "samtykker": sorted(Samtykke.objects.values_list("pk", "trukket_tid", "trukket_grunn")),
        "tilganger": sorted(
            PasientUserObjectPermission.objects.values_list(
                "user_id", "content_object_id", "permission__codename"
            )
        ),
        "historikk": [
            modell.history.count()
            for modell in (Pasient, Tilknytning, Behovsmelding, Oppnevning, Samtykke)
        ],
    }


@contextmanager
def avvises(tekst: str | None = None, *, unntak: type[Exception] = ValidationError):
    """Expect `unntak` (with `tekst` in its message) and an unchanged database."""
    foer = tilstand()
    with pytest.raises(unntak) as feil:
        yield feil
    if tekst is not None:
        meldinger = " ".join(feil.value.messages)
        assert tekst in meldinger, meldinger
    assert tilstand() == foer


# ---------------------------------------------------------------------------------------------
# oppnevning_opprett: happy path
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("behov", "i_sykehus", "ansatt_felter", "rolle"),
    [
        (Behov.KOORDINATOR, False, {}, Rolle.KOORDINATOR),
        (Behov.INDIVIDUELL_PLAN, False, {}, Rolle.KOORDINATOR),
        (Behov.KOORDINATOR, True, {}, Rolle.KOORDINATOR),
        (Behov.KONTAKTLEGE, True, {"lege": True}, Rolle.KONTAKTLEGE),
        (Behov.KONTAKTPSYKOLOG, True, {"psykolog": True}, Rolle.KONTAKTPSYKOLOG),
        (Behov.BARNEKOORDINATOR, False, {}, Rolle.BARNEKOORDINATOR),
    ],
)
def test_oppnevning_opprett_oppnevner_med_rolle_fra_behovet(
    v, behov, i_sykehus, ansatt_felter, rolle
):
    enhet, leder = (
        (v.medisinsk, v.sykehusleder) if i_sykehus else (v.hjemmetjeneste, v.kommuneleder)
    )
    pasient = barn() if behov == Behov.BARNEKOORDINATOR else PasientFactory()
    ekstra = {"kontaktlege": True} if behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG) else {}
    melding = BehovsmeldingFactory(pasient=pasient, enhet=enhet, behov=behov, **ekstra)
    ansatt = AnsattFactory(organisasjon=enhet.organisasjon, **ansatt_felter)
    assert grunnlag(ansatt, pasient) is None

    oppnevning = oppnevn(leder, melding, ansatt, pasient_informert_dato=IDAG)

    oppnevning.refresh_from_db()
    assert oppnevning.rolle == rolle
    assert (oppnevning.pasient, oppnevning.ansatt, oppnevning.enhet) == (pasient, ansatt, enhet)
    assert oppnevning.organisasjon == enhet.organisasjon
    assert oppnevning.behovsmelding == melding
    assert oppnevning.oppnevnt_av == leder
    assert oppnevning.startdato == IDAG
    assert oppnevning.pasient_informert_dato == IDAG
    assert oppnevning.er_aktiv

    melding.refresh_from_db()
    assert melding.status == Behovsmelding.Status.OPPNEVNT
    assert melding.besluttet_av == leder
    assert melding.besluttet_tid == timezone.now()

    assert har_tilgang(ansatt, pasient)
    assert ansatt.bruker.has_perm("koordinering.view_pasient", pasient)
    assert grunnlag(ansatt, pasient) == Tilgangsgrunnlag.OPPNEVNING

    historikk = oppnevning.history.first()
    assert historikk.history_type == "+"
    assert historikk.history_user == leder.bruker
    assert melding.history.first().history_user == leder.bruker


def test_koordinator_i_kommunen_kan_vaere_hvilken_som_helst_yrkesgruppe(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    sosionom = AnsattFactory(
        organisasjon=v.kommune, yrke=Ansatt.Yrke.SOSIONOM, helsepersonell=False
    )
    oppnevning = oppnevn(v.kommuneleder, melding, sosionom)
    assert oppnevning.rolle == Rolle.KOORDINATOR


def test_pasienten_kan_ha_koordinator_baade_i_kommunen_og_i_sykehuset(v):
    pasient = PasientFactory()
    i_kommunen = oppnevn(
        v.kommuneleder,
        BehovsmeldingFactory(pasient=pasient, enhet=v.hjemmetjeneste),
        AnsattFactory(organisasjon=v.kommune),
    )
    i_sykehuset = oppnevn(
        v.sykehusleder,
        BehovsmeldingFactory(pasient=pasient, enhet=v.medisinsk),
        AnsattFactory(organisasjon=v.sykehus),
    )
    assert set(Oppnevning.objects.aktive().filter(pasient=pasient)) == {i_kommunen, i_sykehuset}


# ---------------------------------------------------------------------------------------------
# oppnevning_opprett and behovsmelding_opprett: the rules
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def aktiv_koordinator(v) -> Oppnevning:
    """A patient with an active koordinator in the kommune."""
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    return oppnevn(v.kommuneleder, melding, AnsattFactory(organisasjon=v.kommune))


@pytest.mark.parametrize("behov", [Behov.KOORDINATOR, Behov.INDIVIDUELL_PLAN])
def test_andre_aktive_koordinator_i_samme_organisasjon_avvises(v, aktiv_koordinator, behov):
    ny_melding = BehovsmeldingFactory(
        pasient=aktiv_koordinator.pasient,
        enhet=EnhetFactory(organisasjon=v.kommune),
        behov=behov,
    )
    leder = ansatt_i(ny_melding.enhet, leder=True)
    annen = AnsattFactory(organisasjon=v.kommune)

    with avvises():
        oppnevn(leder, ny_melding, annen)

    ny_melding.refresh_from_db()
    assert ny_melding.status == Behovsmelding.Status.VENTER
    assert not har_tilgang(annen, aktiv_koordinator.pasient)


def test_andre_aktive_koordinator_avvises_med_forklarende_melding(v, aktiv_koordinator):
    ny_melding = BehovsmeldingFactory(pasient=aktiv_koordinator.pasient, enhet=v.hjemmetjeneste)
    kandidat = AnsattFactory(organisasjon=v.kommune)
    with avvises("allerede en aktiv oppnevning i denne rollen"):
        oppnevn(v.kommuneleder, ny_melding, kandidat)


def test_kontaktlege_som_er_sykepleier_avvises(v):
    melding = BehovsmeldingFactory(kontaktlege=True, enhet=v.medisinsk)
    sykepleier = AnsattFactory(organisasjon=v.sykehus, yrke=Ansatt.Yrke.SYKEPLEIER)
    with avvises("Kontaktlegen må være lege"):
        oppnevn(v.sykehusleder, melding, sykepleier)
    assert not har_tilgang(sykepleier, melding.pasient)


def test_kontaktpsykolog_som_ikke_er_psykolog_avvises(v):
    melding = BehovsmeldingFactory(kontaktlege=True, behov=Behov.KONTAKTPSYKOLOG, enhet=v.medisinsk)
    lege = AnsattFactory(organisasjon=v.sykehus, lege=True)
    with avvises("Kontaktpsykologen må være psykolog"):
        oppnevn(v.sykehusleder, melding, lege)


@pytest.mark.parametrize("behov", [Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG])
def test_kontaktlege_i_kommunen_kan_ikke_meldes(v, behov):
    pasient = fulgt(PasientFactory())
    with avvises("oppnevnes bare i sykehus"):
        meld(v.kommuneleder, pasient, v.hjemmetjeneste, behov)


def test_kontaktlege_i_kommunen_avvises_ogsaa_ved_oppnevning(v):
    # A need that slipped past the service (made directly) is still stopped at appointment.
    melding = BehovsmeldingFactory(kontaktlege=True, enhet=v.hjemmetjeneste)
    lege = AnsattFactory(organisasjon=v.kommune, lege=True)
    with avvises("oppnevnes bare i sykehus"):
        oppnevn(v.kommuneleder, melding, lege)


def test_koordinator_i_sykehus_som_ikke_er_helsepersonell_avvises(v):
    melding = BehovsmeldingFactory(enhet=v.medisinsk)
    sosionom = AnsattFactory(
        organisasjon=v.sykehus, yrke=Ansatt.Yrke.SOSIONOM, helsepersonell=False
    )
    with avvises("Koordinator i sykehus må være helsepersonell"):
        oppnevn(v.sykehusleder, melding, sosionom)


def test_barnekoordinator_i_sykehus_kan_ikke_meldes(v):
    pasient = fulgt(barn())
    with avvises("Barnekoordinator oppnevnes bare i kommunen"):
        meld(v.sykehusleder, pasient, v.medisinsk, Behov.BARNEKOORDINATOR)


def test_barnekoordinator_i_sykehus_avvises_ogsaa_ved_oppnevning(v):
    melding = BehovsmeldingFactory(pasient=barn(), enhet=v.medisinsk, behov=Behov.BARNEKOORDINATOR)
    ansatt = AnsattFactory(organisasjon=v.sykehus)
    with avvises("Barnekoordinator oppnevnes bare i kommunen"):
        oppnevn(v.sykehusleder, melding, ansatt)


def test_barnekoordinator_for_voksen_kan_ikke_meldes(v):
    voksen = fulgt(PasientFactory(fodselsnummer=fodselsnummer_for(date(2008, 3, 11))))
    assert voksen.alder() == 18
    with avvises("Barnekoordinator gjelder bare barn under 18 år"):
        meld(v.kommuneleder, voksen, v.hjemmetjeneste, Behov.BARNEKOORDINATOR)


def test_barnekoordinator_avvises_naar_barnet_er_fylt_18_ved_startdato(v):
    snart_voksen = fulgt(PasientFactory(fodselsnummer=fodselsnummer_for(date(2008, 3, 20))))
    assert snart_voksen.alder() == 17
    melding = meld(v.kommuneleder, snart_voksen, v.hjemmetjeneste, Behov.BARNEKOORDINATOR)
    ansatt = AnsattFactory(organisasjon=v.kommune)

    with avvises("Barnekoordinator gjelder bare barn under 18 år"):
        oppnevn(v.kommuneleder, melding, ansatt, startdato=date(2026, 3, 20))

    oppnevning = oppnevn(v.kommuneleder, melding, ansatt, startdato=date(2026, 3, 19))
    assert oppnevning.rolle == Rolle.BARNEKOORDINATOR


def test_oppnevning_av_ansatt_i_annen_organisasjon_avvises(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    fra_nabokommunen = AnsattFactory(organisasjon=OrganisasjonFactory())
    with avvises("må være ansatt i samme organisasjon som enheten"):
        oppnevn(v.kommuneleder, melding, fra_nabokommunen)


def test_oppnevning_av_sykehusansatt_for_kommunens_behov_avvises(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    sykehusansatt = AnsattFactory(organisasjon=v.sykehus)
    with avvises("må være ansatt i samme organisasjon som enheten"):
        oppnevn(v.kommuneleder, melding, sykehusansatt)


@pytest.mark.parametrize(
    "hvem", ["medarbeider_i_enheten", "leder_av_annen_enhet", "ke", "annen_kommunes_leder"]
)
def test_bare_leder_av_enheten_kan_oppnevne(v, hvem):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    actor = {
        "medarbeider_i_enheten": lambda: ansatt_i(v.hjemmetjeneste),
        "leder_av_annen_enhet": lambda: ansatt_i(EnhetFactory(organisasjon=v.kommune), leder=True),
        "ke": lambda: ansatt_i(v.kommune_ke, leder=True),
        "annen_kommunes_leder": lambda: ansatt_i(EnhetFactory(), leder=True),
    }[hvem]()
    kandidat = AnsattFactory(organisasjon=v.kommune)
    with avvises(unntak=PermissionDenied):
        oppnevn(actor, melding, kandidat)


def test_superbruker_uten_lederrolle_kan_ikke_oppnevne(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    superbruker = UserFactory(is_superuser=True, is_staff=True)
    kandidat = AnsattFactory(organisasjon=v.kommune)
    with avvises(unntak=PermissionDenied):
        oppnevning_opprett(
            actor=superbruker,
            behovsmelding=melding,
            ansatt=kandidat,
            mandat="Samordne",
            startdato=IDAG,
            pasientens_onsker_hort=True,
        )


def test_dobbel_innsending_avvises_som_allerede_behandlet(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    foerste = AnsattFactory(organisasjon=v.kommune)
    andre = AnsattFactory(organisasjon=v.kommune)
    oppnevn(v.kommuneleder, melding, foerste)

    # `melding` is the same stale object the second submit would carry (status still "venter").
    assert melding.status == Behovsmelding.Status.VENTER
    with avvises("Behovet er allerede behandlet"):
        oppnevn(v.kommuneleder, melding, andre)

    assert Oppnevning.objects.get(behovsmelding=melding).ansatt == foerste
    assert not har_tilgang(andre, melding.pasient)


def test_avslaatt_behov_kan_ikke_oppnevnes(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    behovsmelding_avslaa(
        actor=v.kommuneleder.bruker,
        behovsmelding=melding,
        grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE,
    )
    kandidat = AnsattFactory(organisasjon=v.kommune)
    with avvises("Behovet er allerede behandlet"):
        oppnevn(v.kommuneleder, melding, kandidat)


def test_to_ventende_behov_av_samme_type_for_samme_pasient_i_organisasjonen_avvises(v):
    pasient = fulgt(PasientFactory())
    meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)
    annen_enhet = EnhetFactory(organisasjon=v.kommune)
    melder = ansatt_i(annen_enhet)
    TilknytningFactory(pasient=pasient, enhet=annen_enhet)

    with avvises():
        meld(melder, pasient, annen_enhet, Behov.KOORDINATOR)

    assert Behovsmelding.objects.filter(pasient=pasient).count() == 1


def test_ventende_behov_av_annen_type_eller_i_annen_organisasjon_er_lov(v):
    pasient = fulgt(PasientFactory())
    meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)
    meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.INDIVIDUELL_PLAN)
    meld(v.sykehusleder, pasient, v.medisinsk, Behov.KOORDINATOR)
    assert Behovsmelding.objects.filter(pasient=pasient, status="venter").count() == 3


def test_nytt_behov_kan_meldes_naar_det_forrige_er_behandlet(v):
    pasient = fulgt(PasientFactory())
    forrige = meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)
    behovsmelding_avslaa(
        actor=v.kommuneleder.bruker,
        behovsmelding=forrige,
        grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE,
    )
    ny = meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)
    assert ny.status == Behovsmelding.Status.VENTER


def test_to_ventende_behov_avvises_med_forklarende_melding(v):
    pasient = fulgt(PasientFactory())
    meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)
    with avvises("allerede et ventende behov"):
        meld(v.kommuneleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)


def test_behov_meldes_bare_til_enhet_i_egen_organisasjon(v):
    pasient = PasientFactory()
    with avvises("enhet i din egen organisasjon"):
        meld(v.sykehusleder, pasient, v.hjemmetjeneste, Behov.KOORDINATOR)


def test_behov_uten_kriterier_avvises(v):
    pasient = fulgt(PasientFactory())
    with avvises("Kryss av for minst ett kriterium"):
        meld(
            v.kommuneleder,
            pasient,
            v.hjemmetjeneste,
            Behov.KOORDINATOR,
            komplekse_behov=False,
            langvarige_behov=False,
        )


def test_kontaktlege_uten_innleggelsesdato_avvises(v):
    pasient = fulgt(PasientFactory())
    with avvises("Oppgi dato og type for innleggelse"):
        meld(v.sykehusleder, pasient, v.medisinsk, Behov.KONTAKTLEGE, kontaktdato=None)


# ---------------------------------------------------------------------------------------------
# The kontaktlege deadline: the first working day after admission (sphl § 2-5 c)
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kontaktdato", "frist"),
    [
        (date(2026, 3, 11), date(2026, 3, 12)),  # Wednesday → Thursday
        (date(2026, 3, 13), date(2026, 3, 16)),  # Friday → Monday
        (date(2026, 3, 14), date(2026, 3, 16)),  # Saturday → Monday
        (date(2026, 4, 1), date(2026, 4, 7)),  # Wednesday before Easter → Tuesday after
        (date(2026, 5, 13), date(2026, 5, 15)),  # Ascension Day (14 May) is skipped
    ],
)
def test_kontaktlege_faar_frist_neste_arbeidsdag(v, kontaktdato, frist):
    with time_machine.travel(middag(kontaktdato), tick=False):
        melding = meld(
            v.sykehusleder,
            fulgt(PasientFactory()),
            v.medisinsk,
            Behov.KONTAKTLEGE,
            kontaktdato=kontaktdato,
        )
    melding.refresh_from_db()
    assert melding.frist == frist


def test_kontaktpsykolog_faar_ogsaa_frist(v):
    melding = meld(v.sykehusleder, fulgt(PasientFactory()), v.medisinsk, Behov.KONTAKTPSYKOLOG)
    assert melding.frist == IMORGEN


def test_koordinatorbehov_har_ingen_frist(v):
    melding = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.KOORDINATOR)
    assert melding.frist is None
    assert not melding.er_forsinket


@pytest.mark.parametrize(
    ("startdato", "forsinket"),
    [(IDAG, False), (IMORGEN, False), (IMORGEN + timedelta(days=1), True)],
)
def test_oppnevning_etter_fristen_er_forsinket(v, startdato, forsinket):
    melding = meld(v.sykehusleder, fulgt(PasientFactory()), v.medisinsk, Behov.KONTAKTLEGE)
    assert melding.frist == IMORGEN
    lege = AnsattFactory(organisasjon=v.sykehus, lege=True)

    oppnevning = oppnevn(v.sykehusleder, melding, lege, startdato=startdato)

    oppnevning.refresh_from_db()
    assert oppnevning.frist == IMORGEN
    assert oppnevning.er_forsinket is forsinket


def test_ventende_kontaktlegebehov_blir_forsinket_dagen_etter_fristen(v):
    melding = meld(v.sykehusleder, fulgt(PasientFactory()), v.medisinsk, Behov.KONTAKTLEGE)
    assert not melding.er_forsinket
    with time_machine.travel(middag(IMORGEN), tick=False):
        assert not melding.er_forsinket
    with time_machine.travel(middag(IMORGEN + timedelta(days=1)), tick=False):
        assert melding.er_forsinket
        lege = AnsattFactory(organisasjon=v.sykehus, lege=True)
        oppnevn(v.sykehusleder, melding, lege, startdato=timezone.localdate())
        melding.refresh_from_db()
        assert not melding.er_forsinket  # decided, so no longer waiting


# ---------------------------------------------------------------------------------------------
# oppnevning_avslutt
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def koordinator(v) -> Oppnevning:
    """An active kommune koordinator, appointed a week ago."""
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    return oppnevn(
        v.kommuneleder,
        melding,
        AnsattFactory(organisasjon=v.kommune),
        startdato=IDAG - timedelta(days=7),
    )


def test_oppnevning_avslutt_registrerer_slutt_og_fjerner_tilgangen(v, koordinator):
    assert grunnlag(koordinator.ansatt, koordinator.pasient) == Tilgangsgrunnlag.OPPNEVNING

    avsluttet = oppnevning_avslutt(
        actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IDAG, grunn="  Flyttet  "
    )

    avsluttet.refresh_from_db()
    assert avsluttet.sluttdato == IDAG
    assert avsluttet.sluttgrunn == "Flyttet"
    assert not avsluttet.er_aktiv
    assert not Oppnevning.objects.aktive().filter(pk=koordinator.pk).exists()
    assert not har_tilgang(koordinator.ansatt, koordinator.pasient)
    assert grunnlag(koordinator.ansatt, koordinator.pasient) is None
    assert avsluttet.history.first().history_user == v.kommuneleder.bruker


def test_oppnevning_avslutt_med_sluttdato_tilbake_i_tid(v, koordinator):
    oppnevning_avslutt(
        actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IGAAR, grunn="Flyttet"
    )
    koordinator.refresh_from_db()
    assert koordinator.sluttdato == IGAAR


def test_avsluttet_oppnevning_gir_fortsatt_tilgang_gjennom_enheten(v, koordinator):
    enhet = EnhetFactory(organisasjon=v.kommune)
    MedlemskapFactory(ansatt=koordinator.ansatt, enhet=enhet)
    TilknytningFactory(pasient=koordinator.pasient, enhet=enhet)
    assert grunnlag(koordinator.ansatt, koordinator.pasient) == Tilgangsgrunnlag.OPPNEVNING

    oppnevning_avslutt(
        actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IDAG, grunn="Ny rolle"
    )

    assert not har_tilgang(koordinator.ansatt, koordinator.pasient)
    assert grunnlag(koordinator.ansatt, koordinator.pasient) == Tilgangsgrunnlag.ENHET


def test_avsluttet_oppnevning_beholder_tilgangen_naar_personen_har_en_annen_aktiv(v):
    pasient = PasientFactory()
    lege = AnsattFactory(organisasjon=v.sykehus, lege=True)
    som_koordinator = oppnevn(
        v.sykehusleder, BehovsmeldingFactory(pasient=pasient, enhet=v.medisinsk), lege
    )
    oppnevn(
        v.sykehusleder,
        BehovsmeldingFactory(kontaktlege=True, pasient=pasient, enhet=v.medisinsk),
        lege,
    )

    oppnevning_avslutt(
        actor=v.sykehusleder.bruker, oppnevning=som_koordinator, sluttdato=IDAG, grunn="Byttet"
    )

    assert har_tilgang(lege, pasient)
    assert grunnlag(lege, pasient) == Tilgangsgrunnlag.OPPNEVNING


def test_oppnevning_avslutt_avviser_sluttdato_fram_i_tid(v, koordinator):
    with avvises("Sluttdato kan ikke ligge fram i tid"):
        oppnevning_avslutt(
            actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IMORGEN, grunn="Flytter"
        )
    assert har_tilgang(koordinator.ansatt, koordinator.pasient)


def test_oppnevning_avslutt_avviser_sluttdato_foer_startdato(v, koordinator):
    with avvises("Sluttdato kan ikke være før startdato"):
        oppnevning_avslutt(
            actor=v.kommuneleder.bruker,
            oppnevning=koordinator,
            sluttdato=koordinator.startdato - timedelta(days=1),
            grunn="Feilregistrert",
        )


def test_oppnevning_avslutt_krever_grunn(v, koordinator):
    with avvises("Oppgi grunnen til at oppnevningen avsluttes"):
        oppnevning_avslutt(
            actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IDAG, grunn="   "
        )


def test_oppnevning_kan_ikke_avsluttes_to_ganger(v, koordinator):
    oppnevning_avslutt(
        actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IGAAR, grunn="Flyttet"
    )
    # The stale object (sluttdato still None in memory), as a second submit would carry it.
    assert koordinator.sluttdato is None
    with avvises("Oppnevningen er allerede avsluttet"):
        oppnevning_avslutt(
            actor=v.kommuneleder.bruker, oppnevning=koordinator, sluttdato=IDAG, grunn="Igjen"
        )
    koordinator.refresh_from_db()
    assert (koordinator.sluttdato, koordinator.sluttgrunn) == (IGAAR, "Flyttet")


@pytest.mark.parametrize("hvem", ["ke_medarbeider", "ke_leder"])
def test_koordinerende_enhet_kan_avslutte(v, koordinator, hvem):
    ke = ansatt_i(v.kommune_ke, leder=hvem == "ke_leder")
    oppnevning_avslutt(actor=ke.bruker, oppnevning=koordinator, sluttdato=IDAG, grunn="Avklart")
    koordinator.refresh_from_db()
    assert koordinator.sluttdato == IDAG
    assert koordinator.history.first().history_user == ke.bruker


@pytest.mark.parametrize(
    "hvem",
    [
        "den_oppnevnte",
        "medarbeider_i_enheten",
        "leder_av_annen_enhet",
        "sykehusets_ke",
        "annen_kommunes_ke",
    ],
)
def test_bare_leder_eller_ke_kan_avslutte(v, koordinator, hvem):
    actor = {
        "den_oppnevnte": lambda: koordinator.ansatt,
        "medarbeider_i_enheten": lambda: ansatt_i(v.hjemmetjeneste),
        "leder_av_annen_enhet": lambda: ansatt_i(EnhetFactory(organisasjon=v.kommune), leder=True),
        "sykehusets_ke": lambda: ansatt_i(v.sykehus_ke, leder=True),
        "annen_kommunes_ke": lambda: ansatt_i(EnhetFactory(ke=True), leder=True),
    }[hvem]()
    with avvises(unntak=PermissionDenied):
        oppnevning_avslutt(
            actor=actor.bruker, oppnevning=koordinator, sluttdato=IDAG, grunn="Uten rett"
        )
    assert grunnlag(koordinator.ansatt, koordinator.pasient) == Tilgangsgrunnlag.OPPNEVNING


# ---------------------------------------------------------------------------------------------
# oppnevning_bytt (reassignment)
# ---------------------------------------------------------------------------------------------


def test_oppnevning_bytt_avslutter_den_gamle_og_peker_tilbake_til_den(v, koordinator):
    gammel_ansatt, pasient = koordinator.ansatt, koordinator.pasient
    ny_ansatt = AnsattFactory(organisasjon=v.kommune)

    ny = oppnevning_bytt(
        actor=v.kommuneleder.bruker,
        oppnevning=koordinator,
        ny_ansatt=ny_ansatt,
        mandat="Overta samordningen",
        startdato=IDAG,
        grunn="Permisjon",
        pasientens_onsker_hort=True,
    )

    koordinator.refresh_from_db()
    assert (koordinator.sluttdato, koordinator.sluttgrunn) == (IDAG, "Permisjon")
    ny.refresh_from_db()
    assert ny.erstatter == koordinator
    assert koordinator.erstattet_av == ny
    assert (ny.pasient, ny.enhet, ny.rolle, ny.ansatt) == (
        pasient,
        v.hjemmetjeneste,
        Rolle.KOORDINATOR,
        ny_ansatt,
    )
    assert ny.oppnevnt_av == v.kommuneleder
    assert ny.er_aktiv
    assert list(Oppnevning.objects.aktive().filter(pasient=pasient)) == [ny]

    assert grunnlag(ny_ansatt, pasient) == Tilgangsgrunnlag.OPPNEVNING
    assert grunnlag(gammel_ansatt, pasient) is None
    assert not har_tilgang(gammel_ansatt, pasient)

    versjoner = list(
        koordinator.history.order_by("history_date", "history_id").values_list(
            "history_type", "sluttdato", "sluttgrunn"
        )
    )
    assert versjoner == [("+", None, ""), ("~", IDAG, "Permisjon")]
    assert koordinator.history.first().history_user == v.kommuneleder.bruker
    assert ny.history.first().history_user == v.kommuneleder.bruker


def test_oppnevning_bytt_uten_rett_endrer_ingenting(v, koordinator):
    medarbeider = ansatt_i(v.hjemmetjeneste)
    with avvises(unntak=PermissionDenied):
        oppnevning_bytt(
            actor=medarbeider.bruker,
            oppnevning=koordinator,
            ny_ansatt=medarbeider,
            mandat="Overta",
            startdato=IDAG,
            grunn="Vil selv",
            pasientens_onsker_hort=False,
        )


def test_oppnevning_bytt_til_ugyldig_person_ruller_tilbake_avslutningen(v):
    melding = BehovsmeldingFactory(enhet=v.medisinsk)
    gammel = oppnevn(v.sykehusleder, melding, AnsattFactory(organisasjon=v.sykehus))
    sosionom = AnsattFactory(
        organisasjon=v.sykehus, yrke=Ansatt.Yrke.SOSIONOM, helsepersonell=False
    )
    with avvises("Koordinator i sykehus må være helsepersonell"):
        oppnevning_bytt(
            actor=v.sykehusleder.bruker,
            oppnevning=gammel,
            ny_ansatt=sosionom,
            mandat="Overta",
            startdato=IDAG,
            grunn="Sykmeldt",
            pasientens_onsker_hort=True,
        )
    gammel.refresh_from_db()
    assert gammel.er_aktiv
    assert grunnlag(gammel.ansatt, gammel.pasient) == Tilgangsgrunnlag.OPPNEVNING


def test_oppnevning_bytt_kan_ikke_starte_fram_i_tid(v, koordinator):
    ny_ansatt = AnsattFactory(organisasjon=v.kommune)
    with avvises("Sluttdato kan ikke ligge fram i tid"):
        oppnevning_bytt(
            actor=v.kommuneleder.bruker,
            oppnevning=koordinator,
            ny_ansatt=ny_ansatt,
            mandat="Overta",
            startdato=IMORGEN,
            grunn="Permisjon",
            pasientens_onsker_hort=True,
        )


# ---------------------------------------------------------------------------------------------
# behovsmelding_avslaa
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("grunn", Behovsmelding.Avslagsgrunn.values)
def test_behovsmelding_avslaa_med_grunn_fra_kodeverk_9188(v, grunn):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)

    behovsmelding_avslaa(
        actor=v.kommuneleder.bruker,
        behovsmelding=melding,
        grunn=grunn,
        kommentar="Drøftet med pasienten",
    )

    melding.refresh_from_db()
    assert melding.status == Behovsmelding.Status.AVSLATT
    assert melding.avslagsgrunn == grunn
    assert melding.avslag_kommentar == "Drøftet med pasienten"
    assert melding.besluttet_av == v.kommuneleder
    assert melding.besluttet_tid == timezone.now()
    assert not melding.er_forsinket
    assert not Oppnevning.objects.exists()
    assert not PasientUserObjectPermission.objects.exists()
    assert melding.history.first().history_user == v.kommuneleder.bruker


@pytest.mark.parametrize("grunn", ["", "tull"])
def test_behovsmelding_avslaa_avviser_grunn_utenfor_kodeverket(v, grunn):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    with avvises() as feil:
        behovsmelding_avslaa(actor=v.kommuneleder.bruker, behovsmelding=melding, grunn=grunn)
    meldinger = " ".join(feil.value.messages)
    assert "Oppgi hvorfor det ikke oppnevnes" in meldinger or "gyldig valg" in meldinger


def test_behovsmelding_avslaa_uten_rett_avvises(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    medarbeider = ansatt_i(v.hjemmetjeneste)
    with avvises(unntak=PermissionDenied):
        behovsmelding_avslaa(
            actor=medarbeider.bruker,
            behovsmelding=melding,
            grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE,
        )
    with avvises(unntak=PermissionDenied):
        behovsmelding_avslaa(
            actor=v.sykehusleder.bruker,
            behovsmelding=melding,
            grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE,
        )


def test_behovsmelding_kan_ikke_avslaas_to_ganger(v):
    melding = BehovsmeldingFactory(enhet=v.hjemmetjeneste)
    behovsmelding_avslaa(
        actor=v.kommuneleder.bruker,
        behovsmelding=melding,
        grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE,
    )
    with avvises("Behovet er allerede behandlet"):
        behovsmelding_avslaa(
            actor=v.kommuneleder.bruker,
            behovsmelding=melding,
            grunn=Behovsmelding.Avslagsgrunn.FYLLER_IKKE_VILKAAR,
        )


# ---------------------------------------------------------------------------------------------
# samtykke_trekk_tilbake
# ---------------------------------------------------------------------------------------------


def test_samtykke_trekk_tilbake_virker_straks(v):
    samtykke = SamtykkeFactory(dokumentert_av=v.kommuneleder, pasient=fulgt(PasientFactory()))
    assert Samtykke.objects.gyldige().filter(pk=samtykke.pk).exists()
    registrerer = ansatt_i(v.hjemmetjeneste)

    samtykke_trekk_tilbake(
        actor=registrerer.bruker, samtykke=samtykke, grunn="  Ønsker ikke deling  "
    )

    samtykke.refresh_from_db()
    assert samtykke.trukket_tid == timezone.now()
    assert samtykke.trukket_grunn == "Ønsker ikke deling"
    assert samtykke.trukket_registrert_av == registrerer
    assert not samtykke.er_gyldig()
    assert not Samtykke.objects.gyldige().filter(pk=samtykke.pk).exists()
    assert samtykke.history.first().history_user == registrerer.bruker


def test_samtykke_kan_ikke_trekkes_tilbake_to_ganger(v):
    samtykke = SamtykkeFactory(dokumentert_av=v.kommuneleder, pasient=fulgt(PasientFactory()))
    samtykke_trekk_tilbake(actor=v.kommuneleder.bruker, samtykke=samtykke, grunn="Første")
    with (
        time_machine.travel(middag(IMORGEN), tick=False),
        avvises("Samtykket er allerede trukket tilbake"),
    ):
        samtykke_trekk_tilbake(actor=v.kommuneleder.bruker, samtykke=samtykke, grunn="Andre")
    samtykke.refresh_from_db()
    assert samtykke.trukket_grunn == "Første"
    assert samtykke.trukket_tid == middag(IDAG)


def test_samtykke_trekk_tilbake_krever_grunn(v):
    samtykke = SamtykkeFactory(dokumentert_av=v.kommuneleder, pasient=fulgt(PasientFactory()))
    with avvises("Oppgi hvorfor samtykket trekkes tilbake"):
        samtykke_trekk_tilbake(actor=v.kommuneleder.bruker, samtykke=samtykke, grunn="  ")
    assert Samtykke.objects.gyldige().filter(pk=samtykke.pk).exists()


# ---------------------------------------------------------------------------------------------
# pasient_opprett
# ---------------------------------------------------------------------------------------------


def registrer(actor: Ansatt, enhet: Enhet, fodselsnummer: str) -> Pasient:
    return pasient_opprett(
        actor=actor.bruker,
        enhet=enhet,
        tilknytning_fra=IDAG,
        begrunnelse="Søkt om hjemmetjenester",
        fodselsnummer=fodselsnummer,
        fornavn="Kari",
        etternavn="Nordmann",
    )


def test_pasient_opprett_lagrer_pasient_og_tilknytning(v):
    medarbeider = ansatt_i(v.hjemmetjeneste)
    nummer = fodselsnummer_for(date(1961, 5, 17))

    pasient = registrer(medarbeider, v.hjemmetjeneste, nummer)

    pasient.refresh_from_db()
    assert (pasient.fodselsnummer, pasient.navn) == (nummer, "Kari Nordmann")
    assert pasient.fodselsdato == date(1961, 5, 17)
    tilknytning = pasient.tilknytninger.get()
    assert tilknytning.enhet == v.hjemmetjeneste
    assert tilknytning.organisasjon == v.kommune
    assert (tilknytning.fra, tilknytning.til) == (IDAG, None)
    assert tilknytning.begrunnelse == "Søkt om hjemmetjenester"
    assert tilknytning.opprettet_av == medarbeider
    assert grunnlag(medarbeider, pasient) == Tilgangsgrunnlag.ENHET
    assert pasient.history.first().history_user == medarbeider.bruker
    assert tilknytning.history.first().history_user == medarbeider.bruker


def test_pasient_opprett_avviser_samme_fodselsnummer_to_ganger(v):
    nummer = fodselsnummer_for(date(1980, 1, 1))
    registrer(v.kommuneleder, v.hjemmetjeneste, nummer)
    sykehusansatt = ansatt_i(v.medisinsk)
    with avvises("allerede registrert"):
        registrer(sykehusansatt, v.medisinsk, nummer)
    assert Pasient.objects.count() == 1
    assert Tilknytning.objects.count() == 1
    assert grunnlag(sykehusansatt, Pasient.objects.get()) is None


@pytest.mark.parametrize(
    ("nummer", "tekst"),
    [
        ("feil_kontrollsiffer", "kontrollsifrene stemmer ikke"),
        ("1234567890", "nøyaktig 11 sifre"),
        ("1234567890a", "nøyaktig 11 sifre"),
    ],
)
def test_pasient_opprett_avviser_ugyldig_fodselsnummer(v, nummer, tekst):
    if nummer == "feil_kontrollsiffer":
        gyldig = fodselsnummer_for(date(1980, 1, 1))
        nummer = gyldig[:-1] + str((int(gyldig[-1]) + 1) % 10)
    with avvises(tekst):
        registrer(v.kommuneleder, v.hjemmetjeneste, nummer)
    assert not Pasient.objects.exists()
    assert not Tilknytning.objects.exists()


def test_pasient_opprett_avviser_enhet_man_ikke_er_medlem_av(v):
    annen_enhet = EnhetFactory(organisasjon=v.kommune)
    with avvises("enhet du selv tilhører"):
        registrer(v.kommuneleder, annen_enhet, fodselsnummer_for(date(1980, 1, 1)))
    assert not Pasient.objects.exists()


def test_pasient_opprett_avviser_bruker_uten_ansattprofil(v):
    superbruker = UserFactory(is_superuser=True, is_staff=True)
    with avvises("ikke registrert som ansatt"):
        pasient_opprett(
            actor=superbruker,
            enhet=v.hjemmetjeneste,
            tilknytning_fra=IDAG,
            begrunnelse="Test",
            fodselsnummer=fodselsnummer_for(date(1980, 1, 1)),
            fornavn="Ola",
            etternavn="Nordmann",
        )


# ---------------------------------------------------------------------------------------------
# tilknytning_opprett and tilknytning_avslutt
# ---------------------------------------------------------------------------------------------


def test_tilknytning_opprett_gir_enhetens_kolleger_tilgang(v):
    pasient = PasientFactory()
    kollega = ansatt_i(v.hjemmetjeneste)
    assert grunnlag(kollega, pasient) is None

    tilknytning = tilknytning_opprett(
        actor=v.kommuneleder.bruker,
        pasient=pasient,
        enhet=v.hjemmetjeneste,
        fra=IDAG,
        til=None,
        begrunnelse="Vedtak om hjemmesykepleie",
    )

    assert tilknytning.organisasjon == v.kommune
    assert tilknytning.opprettet_av == v.kommuneleder
    assert grunnlag(kollega, pasient) == Tilgangsgrunnlag.ENHET
    assert tilknytning.history.first().history_user == v.kommuneleder.bruker


def test_tilknytning_opprett_avviser_til_foer_fra(v):
    pasient = PasientFactory()
    with avvises("før fra-dato"):
        tilknytning_opprett(
            actor=v.kommuneleder.bruker,
            pasient=pasient,
            enhet=v.hjemmetjeneste,
            fra=IDAG,
            til=IGAAR,
            begrunnelse="Feil datoer",
        )


def test_tilknytning_opprett_avviser_enhet_i_annen_organisasjon(v):
    pasient = PasientFactory()
    with avvises("enheter i egen organisasjon"):
        tilknytning_opprett(
            actor=v.kommuneleder.bruker,
            pasient=pasient,
            enhet=v.medisinsk,
            fra=IDAG,
            til=None,
            begrunnelse="Innlagt",
        )


def test_tilknytning_avslutt_fjerner_tilgangen_fra_dagen_etter_til(v):
    pasient = PasientFactory()
    kollega = ansatt_i(v.hjemmetjeneste)
    ke = ansatt_i(v.kommune_ke)
    tilknytning = TilknytningFactory(pasient=pasient, enhet=v.hjemmetjeneste)

    tilknytning_avslutt(
        actor=v.kommuneleder.bruker, tilknytning=tilknytning, til=IDAG, grunn="Flyttet"
    )

    tilknytning.refresh_from_db()
    assert (tilknytning.til, tilknytning.avslutningsgrunn) == (IDAG, "Flyttet")
    assert grunnlag(kollega, pasient) == Tilgangsgrunnlag.ENHET
    assert grunnlag(ke, pasient) == Tilgangsgrunnlag.KE
    with time_machine.travel(middag(IMORGEN), tick=False):
        assert grunnlag(kollega, pasient) is None
        assert grunnlag(ke, pasient) is None
        assert grunnlag(v.kommuneleder, pasient) is None


def test_tilknytning_avslutt_tilbake_i_tid_fjerner_tilgangen_straks(v):
    pasient = PasientFactory()
    kollega = ansatt_i(v.hjemmetjeneste)
    tilknytning = TilknytningFactory(pasient=pasient, enhet=v.hjemmetjeneste)

    tilknytning_avslutt(
        actor=v.kommuneleder.bruker, tilknytning=tilknytning, til=IGAAR, grunn="Død"
    )

    assert grunnlag(kollega, pasient) is None


def test_tilknytning_avslutt_krever_grunn(v):
    tilknytning = TilknytningFactory(enhet=v.hjemmetjeneste)
    with avvises("Oppgi hvorfor tilknytningen avsluttes"):
        tilknytning_avslutt(
            actor=v.kommuneleder.bruker, tilknytning=tilknytning, til=IDAG, grunn=" "
        )


def test_tilknytning_avslutt_avviser_til_foer_fra(v):
    tilknytning = TilknytningFactory(enhet=v.hjemmetjeneste, fra=IDAG)
    with avvises("før fra-dato"):
        tilknytning_avslutt(
            actor=v.kommuneleder.bruker, tilknytning=tilknytning, til=IGAAR, grunn="Feil"
        )


def test_avsluttet_tilknytning_kan_ikke_avsluttes_igjen(v):
    tilknytning = TilknytningFactory(enhet=v.hjemmetjeneste, til=IGAAR)
    with avvises("Tilknytningen er allerede avsluttet"):
        tilknytning_avslutt(
            actor=v.kommuneleder.bruker, tilknytning=tilknytning, til=IDAG, grunn="Igjen"
        )


# ---------------------------------------------------------------------------------------------
# Visibility: Pasient.objects.visible_to
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def fulgt_pasient(v) -> Pasient:
    """A patient the kommune's hjemmetjeneste follows."""
    pasient = PasientFactory()
    TilknytningFactory(pasient=pasient, enhet=v.hjemmetjeneste)
    return pasient


def test_kollega_i_tilknyttet_enhet_ser_pasienten_gjennom_enheten(v, fulgt_pasient):
    assert grunnlag(ansatt_i(v.hjemmetjeneste), fulgt_pasient) == Tilgangsgrunnlag.ENHET
    assert grunnlag(v.kommuneleder, fulgt_pasient) == Tilgangsgrunnlag.ENHET


def test_ke_i_samme_organisasjon_ser_pasienten_som_ke(v, fulgt_pasient):
    assert grunnlag(ansatt_i(v.kommune_ke), fulgt_pasient) == Tilgangsgrunnlag.KE


def test_oppnevning_gaar_foran_enhet_som_tilgangsgrunnlag(v, fulgt_pasient):
    kollega = ansatt_i(v.hjemmetjeneste)
    melding = BehovsmeldingFactory(pasient=fulgt_pasient, enhet=v.hjemmetjeneste)
    oppnevn(v.kommuneleder, melding, kollega)
    rader = list(Pasient.objects.visible_to(kollega.bruker))
    assert [(p.pk, p.tilgangsgrunnlag) for p in rader] == [
        (fulgt_pasient.pk, Tilgangsgrunnlag.OPPNEVNING)
    ]


@pytest.mark.parametrize(
    "hvem",
    [
        "annen_enhet_i_samme_kommune",
        "annen_kommunes_ke",
        "annen_kommunes_tjeneste",
        "sykehusets_ke",
        "sykehusets_avdeling",
        "ansatt_uten_enhet",
    ],
)
def test_uten_tjenstlig_behov_ser_man_ikke_pasienten(v, fulgt_pasient, hvem):
    ansatt = {
        "annen_enhet_i_samme_kommune": lambda: ansatt_i(EnhetFactory(organisasjon=v.kommune)),
        "annen_kommunes_ke": lambda: ansatt_i(EnhetFactory(ke=True)),
        "annen_kommunes_tjeneste": lambda: ansatt_i(EnhetFactory()),
        "sykehusets_ke": lambda: ansatt_i(v.sykehus_ke),
        "sykehusets_avdeling": lambda: ansatt_i(v.medisinsk, leder=True),
        "ansatt_uten_enhet": lambda: AnsattFactory(organisasjon=v.kommune),
    }[hvem]()
    assert not Pasient.objects.visible_to(ansatt.bruker).exists()


@pytest.mark.parametrize(
    ("fra", "til"),
    [
        (IDAG - timedelta(days=60), IGAAR),  # ended
        (IMORGEN, None),  # not started yet
    ],
)
def test_tilknytning_utenfor_perioden_gir_ingen_tilgang(v, fra, til):
    pasient = PasientFactory()
    TilknytningFactory(pasient=pasient, enhet=v.hjemmetjeneste, fra=fra, til=til)
    assert grunnlag(ansatt_i(v.hjemmetjeneste), pasient) is None
    assert grunnlag(ansatt_i(v.kommune_ke), pasient) is None


def test_superbruker_uten_relasjoner_ser_ingen_pasienter(v, fulgt_pasient, koordinator):
    superbruker = UserFactory(is_superuser=True, is_staff=True)
    assert superbruker.has_perm("koordinering.view_pasient", fulgt_pasient)
    assert not Pasient.objects.visible_to(superbruker).exists()

    med_profil = AnsattFactory(organisasjon=v.kommune, bruker__is_superuser=True)
    assert not Pasient.objects.visible_to(med_profil.bruker).exists()


def test_medlemskap_i_flere_enheter_gir_en_rad_per_pasient(v, fulgt_pasient):
    begge = ansatt_i(v.hjemmetjeneste)
    MedlemskapFactory(ansatt=begge, enhet=v.kommune_ke, rolle=Medlemskap.Rolle.MEDARBEIDER)
    rader = list(Pasient.objects.visible_to(begge.bruker))
    assert [(p.pk, p.tilgangsgrunnlag) for p in rader] == [
        (fulgt_pasient.pk, Tilgangsgrunnlag.ENHET)
    ]
