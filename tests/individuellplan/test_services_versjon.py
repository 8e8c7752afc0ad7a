"""The services in `individuellplan.services`, against the database: published versions and
the history of who changed what.

Refusals are checked twice, as in the koordinering tests: the Norwegian message, and that
nothing in the database changed (`avvises`). The clock is frozen on 11 March 2026 (conftest)."""

import copy
from datetime import timedelta

import pytest

from individuellplan import services
from individuellplan.innhold import plan_innhold, sammenlign
from individuellplan.models import (
    Maal,
    PlanVersjon,
    Tiltak,
)
from individuellplan.permissions import ALLE_DELER
from individuellplan.selectors import endringer_siden
from koordinering.models import PlanDel
from tests.individuellplan.hjelpere import (
    tiltak_felter,
)
from tests.individuellplan.verden import (
    HOVEDMAAL,
    HOVEDMAAL_2,
    IDAG,
    TILTAK_1,
    TILTAK_2,
    TILTAK_3,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Publishing versions
# ---------------------------------------------------------------------------------------------


def test_versjoner_nummereres_1_2_3(v, innhold, django_capture_on_commit_callbacks):
    koordinator = v.brukere["koordinator"]
    versjoner = []
    with django_capture_on_commit_callbacks() as callbacks:
        for i in range(3):
            # A changed plan each time: an unchanged one gets no new version.
            services.plan_oppdater(actor=koordinator, plan=innhold.plan, behov=f"Behov {i}")
            versjoner.append(services.plan_publiser(actor=koordinator, plan=innhold.plan))
    assert [versjon.nummer for versjon in versjoner] == [1, 2, 3]
    assert all(versjon.publisert_av == v.ansatt("koordinator") for versjon in versjoner)
    assert len(callbacks) == 3  # one PDF each, queued only after commit
    assert not any(versjon.pdf for versjon in PlanVersjon.objects.all())


def test_publisert_versjon_er_frosset(v, innhold):
    koordinator = v.brukere["koordinator"]
    versjon = services.plan_publiser(actor=koordinator, plan=innhold.plan)
    foer = copy.deepcopy(PlanVersjon.objects.get(pk=versjon.pk).innhold)
    assert foer == plan_innhold(innhold.plan)

    services.maal_lagre(
        actor=koordinator, plan=innhold.plan, maal=innhold.hovedmaal, tekst="Helt nytt mål"
    )
    services.tiltak_lagre(
        actor=koordinator, plan=innhold.plan, tiltak=innhold.tiltak[0], omfang="To ganger daglig"
    )
    services.plan_oppdater(actor=koordinator, plan=innhold.plan, behov="Nye behov")

    versjon.refresh_from_db()
    assert versjon.innhold == foer
    assert versjon.innhold[PlanDel.MAAL]["maal"][0]["tekst"] == HOVEDMAAL
    assert versjon.innhold != plan_innhold(innhold.plan)


def test_endringer_siden_versjon_1(v, innhold):
    koordinator = v.brukere["koordinator"]
    plan = innhold.plan
    versjon = services.plan_publiser(actor=koordinator, plan=plan)
    assert endringer_siden(versjon=versjon, plan=plan, deler=ALLE_DELER) == {}

    # Goals: one added, one changed, one removed (there is no delete service: straight ORM).
    services.maal_lagre(actor=koordinator, plan=plan, tekst="Lære å bruke nettbrett")
    services.maal_lagre(
        actor=koordinator, plan=plan, maal=innhold.hovedmaal_2, status=Maal.Status.PAAGAAR
    )
    Maal.objects.filter(pk=innhold.delmaal.pk).delete()
    # Measures: one added, one changed, one removed.
    services.tiltak_lagre(
        actor=koordinator, plan=plan, **tiltak_felter(beskrivelse="Trygghetsalarm")
    )
    services.tiltak_lagre(
        actor=koordinator,
        plan=plan,
        tiltak=innhold.tiltak[1],
        maal=[innhold.hovedmaal],
        omfang="Tre ganger i uka",
    )
    Tiltak.objects.filter(pk=innhold.tiltak[2].pk).delete()

    endringer = endringer_siden(versjon=versjon, plan=plan, deler=ALLE_DELER)

    assert sorted(endringer[PlanDel.MAAL]) == sorted(
        [
            "Lagt til: Lære å bruke nettbrett",
            f"Endret: {HOVEDMAAL_2} (status)",
            "Fjernet: Gå til postkassen hver dag før påske",
        ]
    )
    assert sorted(endringer[PlanDel.TILTAK]) == sorted(
        [
            "Lagt til: Trygghetsalarm",
            f"Endret: {TILTAK_2} (omfang)",
            f"Endret: {TILTAK_1} (mål)",  # its link to the removed sub-goal is gone
            f"Fjernet: {TILTAK_3}",
        ]
    )
    assert set(endringer) == {PlanDel.MAAL, PlanDel.TILTAK}

    # Limited to the reader's parts: a reader of measures only sees the measures' changes.
    assert set(endringer_siden(versjon=versjon, plan=plan, deler={PlanDel.TILTAK})) == {
        PlanDel.TILTAK
    }


def test_sammenlign_meldte_endringer_i_hodet_og_nye_evalueringer(v, innhold):
    koordinator = v.brukere["koordinator"]
    gammel = plan_innhold(innhold.plan)
    services.plan_oppdater(
        actor=koordinator,
        plan=innhold.plan,
        periode_til=IDAG + timedelta(days=300),
        ressurser="Nye ressurser",
    )
    services.evaluering_registrer(
        actor=koordinator,
        plan=innhold.plan,
        dato=IDAG,
        samlet_vurdering="Ny runde",
        neste_evaluering=IDAG + timedelta(days=60),
        vurderinger={},
    )
    endringer = sammenlign(gammel, plan_innhold(innhold.plan))
    assert endringer["plan"] == [
        "planperiode til: 2027-03-11 → 2027-01-05",
        "neste evaluering: 2026-06-09 → 2026-05-10",
    ]
    assert endringer[PlanDel.MAAL] == ["ressurser er endret"]
    assert endringer[PlanDel.EVALUERING] == ["1 ny(e) evaluering(er)"]


# ---------------------------------------------------------------------------------------------
# History records the acting user
# ---------------------------------------------------------------------------------------------


def test_historikken_viser_hvem_som_endret(v, innhold):
    koordinator, kollega = v.brukere["koordinator"], v.brukere["kollega"]
    for objekt in (
        innhold.hovedmaal,
        innhold.deltakere["ekstern"],
        innhold.tiltak[0],
        innhold.samarbeid,
        innhold.evaluering,
        innhold.vurderinger[0],
    ):
        assert objekt.history.first().history_user == koordinator, objekt

    services.maal_lagre(
        actor=kollega, plan=innhold.plan, maal=innhold.hovedmaal, status=Maal.Status.PAAGAAR
    )
    services.tiltak_lagre(
        actor=kollega,
        plan=innhold.plan,
        tiltak=innhold.tiltak[0],
        maal=[innhold.hovedmaal],
        omfang="To ganger daglig",
    )

    siste = innhold.hovedmaal.history.first()
    assert (siste.status, siste.history_user, siste.history_type) == ("paagaar", kollega, "~")
    tiltak_historikk = innhold.tiltak[0].history.first()
    assert (tiltak_historikk.omfang, tiltak_historikk.history_user) == ("To ganger daglig", kollega)
    assert [h.history_user for h in innhold.plan.history.order_by("history_id")] == [kollega] + [
        koordinator
    ] * 2  # created; ressurser/behov; moved next evaluation
