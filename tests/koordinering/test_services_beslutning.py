"""Every kind of need has the decisions that fit it (issue 12): appoint, decline with a
kodeverk-9188 reason, «ønsker ikke», covered by an existing koordinator or plan, «plan
opprettes», informed of the right; each sends `behov_besluttet` once, with its NPR code."""

import pytest
from django.core.exceptions import PermissionDenied

from felles import hendelser
from koordinering.models import UTFALL_FOR_BEHOV, Behov, Behovsmelding
from koordinering.services import behovsmelding_avslaa, behovsmelding_beslutt
from tests.factories import AnsattFactory, PasientFactory
from tests.koordinering.verden_services import Verden, avvises, bygg_verden, fulgt, meld, oppnevn

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]
S = Behovsmelding.Status


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def hendelser_sendt():
    sendt = []

    def mottak(signal, sender, instance, actor, **kwargs):
        sendt.append((signal, instance.pk, instance.status))

    hendelser.behov_meldt.connect(mottak, sender=Behovsmelding, dispatch_uid="test-meldt")
    hendelser.behov_besluttet.connect(mottak, sender=Behovsmelding, dispatch_uid="test-besl")
    yield sendt
    hendelser.behov_meldt.disconnect(dispatch_uid="test-meldt", sender=Behovsmelding)
    hendelser.behov_besluttet.disconnect(dispatch_uid="test-besl", sender=Behovsmelding)


def planbehov(v: Verden) -> Behovsmelding:
    return meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.INDIVIDUELL_PLAN)


def test_hver_behovstype_har_sine_beslutninger():
    assert UTFALL_FOR_BEHOV[Behov.INDIVIDUELL_PLAN] == (
        S.PLAN_OPPRETTES,
        S.DEKKET,
        S.INFORMERT,
        S.AVSLATT,
    )
    for behov in (Behov.KOORDINATOR, Behov.BARNEKOORDINATOR):
        assert set(UTFALL_FOR_BEHOV[behov]) == {S.OPPNEVNT, S.AVSLATT, S.DEKKET, S.INFORMERT}
    for behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG):
        assert set(UTFALL_FOR_BEHOV[behov]) == {S.OPPNEVNT, S.AVSLATT, S.DEKKET}


def test_meldt_behov_sender_behov_meldt(v, hendelser_sendt):
    behov = planbehov(v)
    assert hendelser_sendt == [(hendelser.behov_meldt, behov.pk, S.VENTER)]


@pytest.mark.parametrize(
    ("utfall", "npr_kode"),
    [
        (S.PLAN_OPPRETTES, Behovsmelding.NprKode.ONSKER_IP),
        (S.DEKKET, Behovsmelding.NprKode.HAR_IP),
        (S.INFORMERT, None),
    ],
)
def test_planbehov_kan_alltid_besluttes(v, hendelser_sendt, utfall, npr_kode):
    # The patient already has a koordinator: «Oppnevn» would refuse, these do not.
    behov = planbehov(v)
    oppnevn(
        v.kommuneleder,
        meld(v.kommuneleder, behov.pasient, v.hjemmetjeneste, Behov.KOORDINATOR),
        AnsattFactory(organisasjon=v.kommune),
    )
    hendelser_sendt.clear()

    behovsmelding_beslutt(actor=v.kommuneleder.bruker, behovsmelding=behov, utfall=utfall)

    behov.refresh_from_db()
    assert (behov.status, behov.npr_kode, behov.besluttet_av) == (utfall, npr_kode, v.kommuneleder)
    assert behov.besluttet_tid is not None
    assert hendelser_sendt == [(hendelser.behov_besluttet, behov.pk, utfall)]


@pytest.mark.parametrize("utfall", [S.DEKKET, S.INFORMERT])
def test_koordinatorbehov_dekket_eller_informert(v, utfall):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.KOORDINATOR)
    behovsmelding_beslutt(actor=v.kommuneleder.bruker, behovsmelding=behov, utfall=utfall)
    behov.refresh_from_db()
    assert (behov.status, behov.npr_kode) == (utfall, None)


def test_oppnevning_sender_behov_besluttet(v, hendelser_sendt):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.KOORDINATOR)
    hendelser_sendt.clear()
    oppnevn(v.kommuneleder, behov, AnsattFactory(organisasjon=v.kommune))
    assert hendelser_sendt == [(hendelser.behov_besluttet, behov.pk, S.OPPNEVNT)]


@pytest.mark.parametrize(
    ("grunn", "npr_kode"),
    [
        (Behovsmelding.Avslagsgrunn.ONSKER_IKKE, Behovsmelding.NprKode.TAKKET_NEI),
        (Behovsmelding.Avslagsgrunn.FYLLER_IKKE_VILKAAR, None),
        (Behovsmelding.Avslagsgrunn.IKKE_OPPNEVNT, None),
    ],
)
def test_avslag_med_grunn_og_npr_kode(v, grunn, npr_kode):
    behov = planbehov(v)
    behovsmelding_avslaa(
        actor=v.kommuneleder.bruker, behovsmelding=behov, grunn=grunn, kommentar="Flytter"
    )
    behov.refresh_from_db()
    assert (behov.status, behov.avslagsgrunn, behov.npr_kode) == (S.AVSLATT, grunn, npr_kode)


def test_avslag_uten_grunn_avvises(v, hendelser_sendt):
    behov = planbehov(v)
    hendelser_sendt.clear()
    with avvises("Oppgi hvorfor det ikke oppnevnes."):
        behovsmelding_avslaa(actor=v.kommuneleder.bruker, behovsmelding=behov, grunn="")
    assert hendelser_sendt == []


def test_annen_grunn_krever_kommentar(v, hendelser_sendt):
    behov = planbehov(v)
    hendelser_sendt.clear()
    with avvises("Skriv hvorfor det ikke oppnevnes når grunnen er «annen grunn»."):
        behovsmelding_avslaa(
            actor=v.kommuneleder.bruker,
            behovsmelding=behov,
            grunn=Behovsmelding.Avslagsgrunn.IKKE_OPPNEVNT,
            kommentar="  ",
        )
    behov.refresh_from_db()
    assert (behov.status, hendelser_sendt) == (S.VENTER, [])


def test_beslutning_som_ikke_passer_behovet_avvises(v):
    behov = meld(v.sykehusleder, fulgt(PasientFactory()), v.medisinsk, Behov.KONTAKTLEGE)
    with avvises("«Individuell plan opprettes» passer ikke for behov for kontaktlege."):
        behovsmelding_beslutt(
            actor=v.sykehusleder.bruker, behovsmelding=behov, utfall=S.PLAN_OPPRETTES
        )
    with avvises("Velg en beslutning."):
        behovsmelding_beslutt(actor=v.sykehusleder.bruker, behovsmelding=behov, utfall=S.OPPNEVNT)


def test_en_beslutning_per_behov(v, hendelser_sendt):
    behov = planbehov(v)
    behovsmelding_beslutt(actor=v.kommuneleder.bruker, behovsmelding=behov, utfall=S.DEKKET)
    hendelser_sendt.clear()
    with avvises("Behovet er allerede behandlet."):
        behovsmelding_beslutt(actor=v.kommuneleder.bruker, behovsmelding=behov, utfall=S.INFORMERT)
    assert hendelser_sendt == []


def test_fremmed_kan_ikke_beslutte(v):
    behov = planbehov(v)
    with avvises(unntak=PermissionDenied):
        behovsmelding_beslutt(actor=v.sykehusleder.bruker, behovsmelding=behov, utfall=S.DEKKET)
