"""Patients: withdrawing consent, registering, connecting to units, and who sees the
patient through `Pasient.objects.visible_to` (the world:
tests/koordinering/verden_services.py)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from felles.models import Tilgangsgrunnlag
from koordinering.models import (
    Ansatt,
    Enhet,
    Medlemskap,
    Oppnevning,
    Pasient,
    Samtykke,
    Tilknytning,
)
from koordinering.services import (
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
    PasientFactory,
    SamtykkeFactory,
    TilknytningFactory,
    UserFactory,
)
from tests.koordinering.verden_services import (
    Verden,
    avvises,
    bygg_verden,
    fodselsnummer_for,
    fulgt,
    grunnlag,
    koordinator_fra_forrige_uke,
    oppnevn,
)
from tests.verden import IDAG, IGAAR, IMORGEN, ansatt_i, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def koordinator(v) -> Oppnevning:
    return koordinator_fra_forrige_uke(v)


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
