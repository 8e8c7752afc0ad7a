"""The dates an appointment may carry and what a kontaktlege is not asked for (`regler`, run by
`Oppnevning.clean()` in `oppnevning_opprett` and `oppnevning_bytt`). Each refusal: the
Norwegian message naming the field and the date, and nothing written (`avvises`).
Today is Wednesday 11 March 2026 (tests/verden.py)."""

from datetime import date, timedelta

import pytest

from koordinering import regler
from koordinering.models import Behovsmelding, Oppnevning, Rolle
from koordinering.services import oppnevning_avslutt, oppnevning_bytt
from tests.factories import AnsattFactory, BehovsmeldingFactory, OppnevningFactory
from tests.koordinering.verden_services import (
    Verden,
    avvises,
    bygg_verden,
    koordinator_fra_forrige_uke,
    oppnevn,
)
from tests.verden import IDAG, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

MELDT = date(2026, 3, 3)


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def koordinatorbehov(v) -> Behovsmelding:
    """A koordinator need reported in Hjemmetjenesten on Tuesday 3 March."""
    return BehovsmeldingFactory(enhet=v.hjemmetjeneste, opprettet=middag(MELDT))


@pytest.fixture
def kontaktlegebehov(v):
    """Admitted Monday 2 March, the need reported on Tuesday 3 March; a doctor to appoint."""
    behov = BehovsmeldingFactory(
        kontaktlege=True,
        enhet=v.medisinsk,
        kontaktdato=date(2026, 3, 2),
        opprettet=middag(MELDT),
    )
    return behov, AnsattFactory(organisasjon=v.sykehus, lege=True)


def test_grensene_staar_ett_sted():
    assert regler.MAKS_DAGER_FRAM == 30
    assert regler.TILBAKEDATERT_ETTER_DAGER == 1
    assert "30 dager fram i tid" in regler.startdato_hjelp()


def test_startdato_foer_behovet_ble_meldt(v, koordinatorbehov):
    ansatt = AnsattFactory(organisasjon=v.kommune)
    with avvises("Startdato kan ikke være før behovet ble meldt (03.03.2026).") as feil:
        oppnevn(v.kommuneleder, koordinatorbehov, ansatt, startdato=date(2026, 3, 2))
    assert list(feil.value.error_dict) == ["startdato"]
    assert not Oppnevning.objects.exists()


def test_startdato_foer_innleggelsen(v):
    """A need reported before the admission it is about (a planned admission)."""
    behov = BehovsmeldingFactory(
        kontaktlege=True,
        enhet=v.medisinsk,
        kontaktdato=date(2026, 3, 9),
        opprettet=middag(MELDT),
    )
    lege = AnsattFactory(organisasjon=v.sykehus, lege=True)
    with avvises("Startdato kan ikke være før innleggelsen (09.03.2026)."):
        oppnevn(v.sykehusleder, behov, lege, startdato=date(2026, 3, 5))


def test_startdato_foer_den_polikliniske_undersokelsen(v):
    behov = BehovsmeldingFactory(
        kontaktlege=True,
        enhet=v.medisinsk,
        kontakttype=Behovsmelding.Kontakttype.POLIKLINISK,
        kontaktdato=date(2026, 3, 9),
        opprettet=middag(MELDT),
    )
    lege = AnsattFactory(organisasjon=v.sykehus, lege=True)
    with avvises("Startdato kan ikke være før den polikliniske undersøkelsen (09.03.2026)."):
        oppnevn(v.sykehusleder, behov, lege, startdato=date(2026, 3, 5))


def test_startdato_hoyst_30_dager_fram(v, koordinatorbehov):
    ansatt = AnsattFactory(organisasjon=v.kommune)
    with avvises("Startdato kan ikke være mer enn 30 dager fram i tid (senest 10.04.2026)."):
        oppnevn(v.kommuneleder, koordinatorbehov, ansatt, startdato=date(2026, 4, 11))
    oppnevning = oppnevn(v.kommuneleder, koordinatorbehov, ansatt, startdato=date(2026, 4, 10))
    assert oppnevning.startdato == date(2026, 4, 10)


def test_pasienten_informert_foer_startdato(v, koordinatorbehov):
    ansatt = AnsattFactory(organisasjon=v.kommune)
    with avvises(
        "Datoen pasienten ble informert kan ikke være før startdato (05.03.2026)."
    ) as feil:
        oppnevn(
            v.kommuneleder,
            koordinatorbehov,
            ansatt,
            startdato=date(2026, 3, 5),
            pasient_informert_dato=date(2026, 3, 4),
        )
    assert list(feil.value.error_dict) == ["pasient_informert_dato"]


def test_pasienten_informert_fram_i_tid(v, koordinatorbehov):
    ansatt = AnsattFactory(organisasjon=v.kommune)
    with avvises("Datoen pasienten ble informert kan ikke være fram i tid (i dag er 11.03.2026)."):
        oppnevn(
            v.kommuneleder,
            koordinatorbehov,
            ansatt,
            startdato=IDAG,
            pasient_informert_dato=IDAG + timedelta(days=1),
        )


def test_sanne_datoer_lagres_med_registreringstidspunktet(v, koordinatorbehov):
    ansatt = AnsattFactory(organisasjon=v.kommune)
    oppnevning = oppnevn(
        v.kommuneleder,
        koordinatorbehov,
        ansatt,
        startdato=MELDT,
        pasient_informert_dato=date(2026, 3, 4),
    )
    # Registered now, whatever the start says (the overview flags it as back-dated).
    assert oppnevning.opprettet == middag(IDAG)


def test_kontaktlege_uten_mandat(v, kontaktlegebehov):
    behov, lege = kontaktlegebehov
    oppnevning = oppnevn(v.sykehusleder, behov, lege, startdato=MELDT, mandat="")
    assert (oppnevning.rolle, oppnevning.mandat) == (Rolle.KONTAKTLEGE, "")


def test_koordinator_uten_mandat_avvises(v, koordinatorbehov):
    ansatt = AnsattFactory(organisasjon=v.kommune)
    with avvises("Skriv mandatet: hva koordineringen omfatter.") as feil:
        oppnevn(v.kommuneleder, koordinatorbehov, ansatt, mandat="  ")
    assert list(feil.value.error_dict) == ["mandat"]


def test_eldre_oppnevning_kan_avsluttes_selv_om_datoene_ikke_holder(v, koordinatorbehov):
    """The dates are checked when an appointment is registered: one registered before the
    rule (here started before its need was reported) can still be ended."""
    gammel = OppnevningFactory(
        pasient=koordinatorbehov.pasient,
        enhet=v.hjemmetjeneste,
        behovsmelding=koordinatorbehov,
        startdato=date(2026, 3, 1),
        oppnevnt_av=v.kommuneleder,
    )
    avsluttet = oppnevning_avslutt(
        actor=v.kommuneleder.bruker, oppnevning=gammel, sluttdato=IDAG, grunn="Flyttet"
    )
    assert avsluttet.sluttdato == IDAG


def test_bytt_foer_den_naavaerende_oppnevningen_startet(v):
    koordinator = koordinator_fra_forrige_uke(v)  # started 04.03.2026
    with avvises(
        "«Overtar fra» kan ikke være før den nåværende oppnevningen startet (04.03.2026)."
    ):
        oppnevning_bytt(
            actor=v.kommuneleder.bruker,
            oppnevning=koordinator,
            ny_ansatt=AnsattFactory(organisasjon=v.kommune),
            mandat="Overta",
            startdato=date(2026, 3, 3),
            grunn="Permisjon",
            pasientens_onsker_hort=True,
        )


def test_bytt_koordinator_uten_mandat_avvises(v):
    koordinator = koordinator_fra_forrige_uke(v)
    with avvises("Skriv mandatet: hva koordineringen omfatter."):
        oppnevning_bytt(
            actor=v.kommuneleder.bruker,
            oppnevning=koordinator,
            ny_ansatt=AnsattFactory(organisasjon=v.kommune),
            startdato=IDAG,
            grunn="Permisjon",
            pasientens_onsker_hort=True,
        )
