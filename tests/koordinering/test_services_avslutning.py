"""Ending an appointment (`oppnevning_avslutt`) and reassigning it (`oppnevning_bytt`)
(the world:
tests/koordinering/verden_services.py)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied

from felles.models import Tilgangsgrunnlag
from koordinering.models import Ansatt, Oppnevning, Rolle
from koordinering.services import oppnevning_avslutt, oppnevning_bytt
from tests.factories import (
    AnsattFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    MedlemskapFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.koordinering.verden_services import (
    Verden,
    avvises,
    bygg_verden,
    grunnlag,
    har_tilgang,
    koordinator_fra_forrige_uke,
    med_enhet,
    oppnevn,
)
from tests.verden import IDAG, IGAAR, IMORGEN, ansatt_i

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


# ---------------------------------------------------------------------------------------------
# oppnevning_avslutt
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def koordinator(v) -> Oppnevning:
    return koordinator_fra_forrige_uke(v)


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
    ny_ansatt = med_enhet(AnsattFactory(organisasjon=v.kommune))

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
    # The form's field is «Overtar fra»; the current appointment would end that day.
    with avvises("«Overtar fra» kan ikke være fram i tid (i dag er 11.03.2026)."):
        oppnevning_bytt(
            actor=v.kommuneleder.bruker,
            oppnevning=koordinator,
            ny_ansatt=ny_ansatt,
            mandat="Overta",
            startdato=IMORGEN,
            grunn="Permisjon",
            pasientens_onsker_hort=True,
        )
