"""The services in `individuellplan.services`, against the database: creating a plan, its owner,
consent and status.

Refusals are checked twice, as in the koordinering tests: the Norwegian message, and that
nothing in the database changed (`avvises`). The clock is frozen on 11 March 2026 (conftest)."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse

from individuellplan import services
from individuellplan.models import (
    Deltaker,
    IndividuellPlan,
    Samarbeid,
)
from individuellplan.permissions import planeier
from koordinering import services as koordinering_services
from koordinering.models import PlanDel
from tests.individuellplan.hjelpere import (
    aktiv_plan,
    avvises,
    samtykke,
    sykehuspasient,
    uten_plansamtykke,
)
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    HOVEDMAAL,
    IDAG,
    IGAAR,
    IMORGEN,
    PERIODE_FRA,
    PERIODE_TIL,
    ansatt_i,
    fodselsnummer,
    ny_plan,
)

pytestmark = pytest.mark.django_db


EN_PLAN = "Pasienten har allerede en individuell plan. Det skal bare være én plan."
UTEN_SAMTYKKE = (
    "Planen kan ikke opprettes: pasienten har ikke gitt gyldig samtykke til oppstart av "
    "arbeidet med individuell plan."
)


# ---------------------------------------------------------------------------------------------
# One open plan per patient
# ---------------------------------------------------------------------------------------------


def test_plan_opprett_lager_utkast_eid_av_kommunen_med_pasienten_som_deltaker(v):
    plan = ny_plan(v, ressurser="Liker å fiske", behov="Hjelp med pusten")

    plan.refresh_from_db()
    assert plan.status == IndividuellPlan.Status.UTKAST
    assert (plan.eier, plan.eier_enhet) == (v.kommune_a, v.a_hjemme)
    assert plan.opprettet_av == v.ansatt("kollega")
    assert (plan.periode_fra, plan.periode_til) == (PERIODE_FRA, PERIODE_TIL)
    assert plan.neste_evaluering == FORSTE_EVALUERING
    assert list(plan.deltakere.values_list("type", flat=True)) == [Deltaker.Type.PASIENT]
    assert plan.history.get().history_user == v.brukere["kollega"]


def test_samme_innsending_gir_en_plan_og_ingen_feilmelding(v):
    token = uuid.uuid4()
    forste, andre = ny_plan(v, innsending_id=token), ny_plan(v, innsending_id=token)
    assert forste == andre
    assert IndividuellPlan.objects.filter(pasient=v.pasient).count() == 1


def test_dobbel_post_av_planskjemaet_gir_en_plan(client, v):
    client.force_login(v.brukere["kollega"])
    url = reverse("individuellplan:plan-opprett", args=[v.pasient.pk])
    token = client.get(url).context["form"].initial["innsending_id"]
    data = {
        "periode_fra": PERIODE_FRA.isoformat(),
        "periode_til": PERIODE_TIL.isoformat(),
        "neste_evaluering": FORSTE_EVALUERING.isoformat(),
        "innsending_id": token,
    }
    forste, andre = client.post(url, data), client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    assert forste["Location"] == andre["Location"]
    assert IndividuellPlan.objects.filter(pasient=v.pasient).count() == 1


def test_andre_aapne_plan_for_samme_pasient_avvises(v):
    ny_plan(v)
    with avvises(EN_PLAN):
        ny_plan(v)
    assert IndividuellPlan.objects.filter(pasient=v.pasient).count() == 1


def test_aktiv_plan_hindrer_ny_plan_ogsaa(v):
    aktiv_plan(v)
    with avvises(EN_PLAN):
        ny_plan(v)


def test_ny_plan_kan_lages_etter_avslutning_men_den_gamle_kan_ikke_gjenaapnes(v):
    gammel = aktiv_plan(v)
    services.plan_avslutt(
        actor=v.brukere["koordinator"], plan=gammel, grunn="Ny plan etter flytting"
    )

    ny = ny_plan(v)

    assert ny.pk != gammel.pk
    assert set(IndividuellPlan.objects.filter(pasient=v.pasient).values_list("pk", "status")) == {
        (gammel.pk, IndividuellPlan.Status.AVSLUTTET),
        (ny.pk, IndividuellPlan.Status.UTKAST),
    }
    gammel.refresh_from_db()
    with avvises(EN_PLAN):
        services.plan_gjenaapne(actor=v.brukere["koordinator"], plan=gammel)
    gammel.refresh_from_db()
    assert gammel.status == IndividuellPlan.Status.AVSLUTTET
    assert gammel.avslutningsgrunn == "Ny plan etter flytting"


# ---------------------------------------------------------------------------------------------
# Who owns the plan
# ---------------------------------------------------------------------------------------------


def test_kommunen_eier_planen_naar_pasienten_har_tjenester_fra_begge_nivaaer(v):
    assert planeier(v.pasient) == v.kommune_a
    plan = ny_plan(v)
    assert plan.eier == v.kommune_a


def test_sykehuset_eier_planen_naar_bare_sykehuset_foelger_pasienten(v):
    pasient = sykehuspasient(v)
    assert planeier(pasient) == v.sykehus
    sykehusansatt = ansatt_i(v.s_medisinsk)

    plan = services.plan_opprett(
        actor=sykehusansatt.bruker,
        pasient=pasient,
        periode_fra=PERIODE_FRA,
        periode_til=PERIODE_TIL,
        neste_evaluering=FORSTE_EVALUERING,
    )

    assert (plan.eier, plan.eier_enhet) == (v.sykehus, v.s_medisinsk)


def test_avsluttet_tilknytning_til_kommunen_gjor_sykehuset_til_eier(v):
    tilknytning = v.pasient.tilknytninger.get(enhet=v.a_hjemme)
    koordinering_services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=tilknytning, til=IGAAR, grunn="Flyttet"
    )
    assert planeier(v.pasient) == v.sykehus


def test_sykehusansatt_kan_ikke_lage_plan_som_kommunen_skal_eie(v):
    with avvises("Det er Kommune A som skal lage planen"):
        services.plan_opprett(
            actor=v.s_leder.bruker,
            pasient=v.pasient,
            periode_fra=PERIODE_FRA,
            periode_til=PERIODE_TIL,
            neste_evaluering=FORSTE_EVALUERING,
        )
    assert not IndividuellPlan.objects.exists()


def test_kommuneansatt_uten_enhet_som_foelger_pasienten_kan_ikke_eie_planen(v):
    with avvises("Enheten din følger ikke pasienten"):
        services.plan_opprett(
            actor=v.brukere["koordinator"],  # works in Tildelingskontoret, not Hjemmetjenesten
            pasient=v.pasient,
            periode_fra=PERIODE_FRA,
            periode_til=PERIODE_TIL,
            neste_evaluering=FORSTE_EVALUERING,
        )


def test_forste_evaluering_maa_ligge_i_planperioden(v):
    with avvises("Første evaluering må ligge innenfor planperioden."):
        ny_plan(v, neste_evaluering=PERIODE_TIL + timedelta(days=1))


# ---------------------------------------------------------------------------------------------
# No plan without consent
# ---------------------------------------------------------------------------------------------


def test_ingen_plan_uten_samtykke(v):
    pasient = koordinering_services.pasient_opprett(
        actor=v.brukere["kollega"],
        enhet=v.a_hjemme,
        tilknytning_fra=IDAG,
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(IDAG.replace(year=1944), 300),
        fornavn="Uten",
        etternavn="Samtykke",
    )
    with avvises(UTEN_SAMTYKKE):
        services.plan_opprett(
            actor=v.brukere["kollega"],
            pasient=pasient,
            periode_fra=PERIODE_FRA,
            periode_til=PERIODE_TIL,
            neste_evaluering=FORSTE_EVALUERING,
        )
    assert not IndividuellPlan.objects.exists()


def test_trukket_samtykke_avvises(v):
    uten_plansamtykke(v)
    with avvises(UTEN_SAMTYKKE):
        ny_plan(v)


@pytest.mark.parametrize(
    "felter",
    [
        pytest.param({"gyldig_fra": IDAG - timedelta(days=400), "gyldig_til": IGAAR}, id="utlopt"),
        pytest.param({"gyldig_fra": IMORGEN}, id="ikke-begynt"),
        pytest.param(
            {"gjelder_planprosess": False, "plandeler": [d.value for d in PlanDel]},
            id="bare-deling-med-organisasjoner",
        ),
    ],
)
def test_samtykke_som_ikke_gjelder_planprosessen_i_dag_avvises(v, felter):
    uten_plansamtykke(v)
    samtykke(v, organisasjoner=[v.sykehus, v.kommune_a], **felter)
    with avvises(UTEN_SAMTYKKE):
        ny_plan(v)


def test_samtykke_som_gjelder_til_og_med_i_dag_er_gyldig(v):
    uten_plansamtykke(v)
    samtykke(v, gyldig_til=IDAG)
    assert ny_plan(v).pk


# ---------------------------------------------------------------------------------------------
# Status: draft → active → closed → reopened
# ---------------------------------------------------------------------------------------------


def test_statusloep_med_historikk(v):
    koordinator = v.brukere["koordinator"]
    plan = ny_plan(v)

    with avvises("Planen må ha minst ett hovedmål før den tas i bruk."):
        services.plan_aktiver(actor=koordinator, plan=plan)

    services.maal_lagre(actor=koordinator, plan=plan, tekst=HOVEDMAAL)
    services.plan_aktiver(actor=koordinator, plan=plan)
    plan.refresh_from_db()
    assert plan.status == IndividuellPlan.Status.AKTIV

    with avvises("Bare et utkast kan tas i bruk."):
        services.plan_aktiver(actor=koordinator, plan=plan)
    for grunn in ("", "   "):
        with avvises("Oppgi hvorfor planen avsluttes."):
            services.plan_avslutt(actor=koordinator, plan=plan, grunn=grunn)
        plan.refresh_from_db()

    services.plan_avslutt(actor=koordinator, plan=plan, grunn="  Flyttet til annen kommune ")
    plan.refresh_from_db()
    assert plan.status == IndividuellPlan.Status.AVSLUTTET
    assert plan.avslutningsgrunn == "Flyttet til annen kommune"
    with avvises("Planen er allerede avsluttet."):
        services.plan_avslutt(actor=koordinator, plan=plan, grunn="Igjen")

    services.plan_gjenaapne(actor=koordinator, plan=plan)
    plan.refresh_from_db()
    assert plan.status == IndividuellPlan.Status.AKTIV
    with avvises("Planen er ikke avsluttet."):
        services.plan_gjenaapne(actor=koordinator, plan=plan)

    historikk = list(plan.history.order_by("history_id"))
    assert [h.status for h in historikk] == ["utkast", "aktiv", "avsluttet", "aktiv"]
    assert historikk[2].avslutningsgrunn == "Flyttet til annen kommune"
    assert [h.history_user for h in historikk] == [v.brukere["kollega"]] + [koordinator] * 3


def test_plan_med_hovedmaal_og_delmaal_kan_tas_i_bruk(v):
    plan = ny_plan(v)
    koordinator = v.brukere["koordinator"]
    hoved = services.maal_lagre(actor=koordinator, plan=plan, tekst=HOVEDMAAL)
    services.maal_lagre(actor=koordinator, plan=plan, tekst="Delmål", hovedmaal=hoved)
    services.plan_aktiver(actor=koordinator, plan=plan)
    plan.refresh_from_db()
    assert plan.status == IndividuellPlan.Status.AKTIV


@pytest.mark.parametrize(
    "endring",
    ["maal", "deltaker", "tiltak", "samarbeid", "evaluering", "publiser"],
)
def test_avsluttet_plan_kan_ikke_endres(v, endring):
    koordinator = v.brukere["koordinator"]
    plan = aktiv_plan(v)
    services.plan_avslutt(actor=koordinator, plan=plan, grunn="Målene er nådd")
    plan.refresh_from_db()
    kall = {
        "maal": lambda: services.maal_lagre(actor=koordinator, plan=plan, tekst="Nytt"),
        "deltaker": lambda: services.deltaker_lagre(
            actor=koordinator, plan=plan, type=Deltaker.Type.EKSTERN, navn="X", bidrag="Y"
        ),
        "tiltak": lambda: services.tiltak_lagre(
            actor=koordinator,
            plan=plan,
            beskrivelse="Nytt",
            omfang="Daglig",
            ansvarlig_tjeneste="Hjemmetjenesten",
            gjennomforing="Besøk",
            fra=IDAG,
        ),
        "samarbeid": lambda: services.samarbeid_lagre(
            actor=koordinator, plan=plan, etat=Samarbeid.Etat.NAV, beskrivelse="Arbeid"
        ),
        "evaluering": lambda: services.evaluering_registrer(
            actor=koordinator,
            plan=plan,
            dato=IDAG,
            samlet_vurdering="Ferdig",
            neste_evaluering=IMORGEN,
            vurderinger={},
        ),
        "publiser": lambda: services.plan_publiser(actor=koordinator, plan=plan),
    }[endring]
    with avvises("Planen er avsluttet. Gjenåpne den for å gjøre endringer."):
        kall()
