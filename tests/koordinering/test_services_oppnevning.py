"""`oppnevning_opprett` and `behovsmelding_opprett`: who is appointed with which role, and
the rules that refuse an appointment or a need report (the world:
tests/koordinering/verden_services.py)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from felles.models import Tilgangsgrunnlag
from koordinering.models import Ansatt, Behov, Behovsmelding, Oppnevning, Rolle
from koordinering.services import behovsmelding_avslaa, oppnevning_opprett
from tests.factories import (
    AnsattFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    OrganisasjonFactory,
    PasientFactory,
    TilknytningFactory,
    UserFactory,
)
from tests.koordinering.verden_services import (
    Verden,
    avvises,
    barn,
    bygg_verden,
    fodselsnummer_for,
    fulgt,
    grunnlag,
    har_tilgang,
    meld,
    oppnevn,
)
from tests.verden import IDAG, ansatt_i

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


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
