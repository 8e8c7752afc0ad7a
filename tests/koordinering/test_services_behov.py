"""Need reports: the kontaktlege deadline and `behovsmelding_avslaa` (the world:
tests/koordinering/verden_services.py)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from koordinering.models import Behov, Behovsmelding, Oppnevning, PasientUserObjectPermission
from koordinering.services import behovsmelding_avslaa
from tests.factories import AnsattFactory, BehovsmeldingFactory, PasientFactory
from tests.koordinering.verden_services import Verden, avvises, bygg_verden, fulgt, meld, oppnevn
from tests.verden import IDAG, IMORGEN, ansatt_i, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


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
