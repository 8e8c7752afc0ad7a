"""The KE overview counts each need once: waiting, or decided by its outcome (issue 12). A
world where every outcome occurs: the coverage table's columns add up to the needs reported,
and no waiting need is counted as covered."""

from datetime import date, timedelta

import pytest

from individuellplan.models import IndividuellPlan
from koordinering.models import Behov, Behovsmelding
from oversikt import selectors
from oversikt.selectors.dekning import _behov_dekket, _behov_uten, behov_i_perioden
from oversikt.selectors.ventetid import ventende_behov
from tests.factories import PasientFactory, PlanFactory, TilknytningFactory
from tests.oversikt.conftest import rader, utvalg
from tests.oversikt.verden import FRA, tid

pytestmark = pytest.mark.django_db
S = Behovsmelding.Status
IP, K = Behov.INDIVIDUELL_PLAN, Behov.KOORDINATOR
DAG = date(2025, 10, 1)


@pytest.fixture
def alle_utfall(v):
    """Besides the world's appointed, ended, declined and waiting needs: one new patient per
    remaining outcome, each with one need reported in the period."""
    h, k1 = v.enheter["H"], v.ansatte["koord1"]

    def behov(navn, type_, status, plan=False, **felter):
        pasient = PasientFactory(fornavn=navn)
        TilknytningFactory(pasient=pasient, enhet=h, fra=FRA)
        if plan:
            PlanFactory(
                pasient=pasient,
                eier_enhet=h,
                status=IndividuellPlan.Status.AKTIV,
                periode_fra=DAG,
                periode_til=DAG + timedelta(days=700),
                neste_evaluering=DAG + timedelta(days=90),
                opprettet=tid(DAG),
                opprettet_av=k1,
            )
        besluttet = {} if status == S.VENTER else {"besluttet_tid": tid(DAG), "besluttet_av": k1}
        return Behovsmelding.objects.create(
            pasient=pasient,
            enhet=h,
            meldt_av=k1,
            behov=type_,
            status=status,
            opprettet=tid(DAG),
            begrunnelse="Test",
            langvarige_behov=True,
            **besluttet,
            **felter,
        )

    behov("X1", IP, S.DEKKET)
    behov("X2", IP, S.PLAN_OPPRETTES, plan=True)
    behov("X3", IP, S.PLAN_OPPRETTES)  # decided, the plan not made yet: still open
    behov("X4", K, S.INFORMERT)
    behov("X5", K, S.AVSLATT, avslagsgrunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE)
    behov("X6", K, S.DEKKET)
    behov("X7", IP, S.VENTER, plan=True)  # waiting although a plan exists: waiting only
    behov("X8", K, S.AVSLATT, avslagsgrunn=Behovsmelding.Avslagsgrunn.FYLLER_IKKE_VILKAAR)
    behov("X9", IP, S.MELDT_KOMMUNEN, npr_kode=Behovsmelding.NprKode.MELDT_KOMMUNEN)
    behov("X10", K, S.AVSLATT, avslagsgrunn=Behovsmelding.Avslagsgrunn.IKKE_OPPNEVNT)
    return v


def test_hvert_utfall_forekommer(alle_utfall):
    u = utvalg(alle_utfall.a)
    statuser = set(behov_i_perioden(u).values_list("status", flat=True))
    assert statuser == set(S.values)


def test_dekket_uten_og_ikke_oppnevnt_er_hvert_behov_en_gang(alle_utfall):
    u = utvalg(alle_utfall.a)
    alle = behov_i_perioden(u)
    dekket = set(alle.filter(_behov_dekket(u)).values_list("pk", flat=True))
    uten = set(alle.filter(_behov_uten(u)).values_list("pk", flat=True))
    resten = set(alle.values_list("pk", flat=True)) - dekket - uten
    assert not dekket & uten
    assert dekket | uten | resten == set(alle.values_list("pk", flat=True))
    assert set(alle.filter(pk__in=resten).values_list("status", flat=True)) == {
        S.AVSLATT,
        S.INFORMERT,
    }
    venter = set(ventende_behov(u).values_list("pk", flat=True))
    assert venter and not venter & dekket
    assert venter & set(alle.values_list("pk", flat=True)) <= uten


def test_tabellene_summerer_seg_til_antall_behov(alle_utfall):
    u = utvalg(alle_utfall.a)
    t = rader(selectors.dekning(u)[1])
    for navn, behov in (("Koordinator", K), ("Individuell plan", IP)):
        meldt, dekket_, uten, ikke, *_ = t[navn]
        alle = behov_i_perioden(u).filter(behov=behov)
        assert meldt == alle.count() == alle.values("pasient").distinct().count()
        assert dekket_ + uten + ikke == meldt
    # By hand. Koordinator: P1, P2 appointed (covered), P3, P8 waiting and P4's appointment
    # ended (open), X6 covered by an existing koordinator; X4 informed, X5, X8 and X10 declined.
    assert t["Koordinator"][:4] == [10, 3, 3, 4]
    # Plan: X1 covered, X2 plan made, X9 handed to the kommune by a § 23 message; P6 appointed
    # but no plan, X3 plan not made yet, X7 waiting (open); P4 declined.
    assert t["Individuell plan"][:4] == [7, 3, 3, 1]
    venter = rader(selectors.ventetid(u)[1])
    assert venter["Koordinator"][3] == 2  # P3, P8
    assert venter["Individuell plan"][3] == 1  # X7, waiting, and not counted as covered
