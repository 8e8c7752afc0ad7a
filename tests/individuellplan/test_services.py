"""The services in `individuellplan.services`, against the database.

Refusals are checked twice, as in the koordinering tests: the Norwegian message, and that
nothing in the database changed (`avvises`). The clock is frozen on 11 March 2026 (conftest)."""

import copy
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from individuellplan import services
from individuellplan.innhold import plan_innhold, sammenlign
from individuellplan.models import (
    Deltaker,
    Evaluering,
    IndividuellPlan,
    Maal,
    Maalvurdering,
    PlanUtskrift,
    PlanVersjon,
    Samarbeid,
    Tiltak,
)
from individuellplan.permissions import ALLE_DELER
from individuellplan.selectors import endringer_siden
from koordinering import services as koordinering_services
from koordinering.models import Parorende, PlanDel, Samtykke
from tests.factories import PasientFactory
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    HOVEDMAAL,
    HOVEDMAAL_2,
    IDAG,
    IGAAR,
    IMORGEN,
    PERIODE_FRA,
    PERIODE_TIL,
    TILTAK_1,
    TILTAK_2,
    TILTAK_3,
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
# Helpers
# ---------------------------------------------------------------------------------------------

PLANMODELLER = (IndividuellPlan, Maal, Deltaker, Tiltak, Samarbeid, Evaluering, Maalvurdering)


def tilstand() -> dict:
    """Everything the plan services change, to prove a refusal left the database as it was."""
    rader = {
        modell.__name__: sorted(modell.objects.values_list(), key=lambda r: r[0])
        for modell in (*PLANMODELLER, PlanVersjon, PlanUtskrift)
    }
    rader["tiltak_maal"] = sorted(Tiltak.maal.through.objects.values_list("tiltak_id", "maal_id"))
    rader["historikk"] = [modell.history.count() for modell in PLANMODELLER]
    return rader


@contextmanager
def avvises(tekst: str | None = None):
    """Expect a ValidationError (with `tekst` in its message) and an unchanged database."""
    foer = tilstand()
    with pytest.raises(ValidationError) as feil:
        yield feil
    if tekst is not None:
        meldinger = " ".join(feil.value.messages)
        assert tekst in meldinger, meldinger
    assert tilstand() == foer


def samtykke(v, **felter) -> Samtykke:
    felter.setdefault("gjelder_planprosess", True)
    felter.setdefault("gyldig_fra", IDAG - timedelta(days=10))
    return koordinering_services.samtykke_registrer(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        **felter,
    )


def uten_plansamtykke(v) -> None:
    koordinering_services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=v.plansamtykke, grunn="Ønsker ikke plan nå"
    )


def sykehuspasient(v):
    """A patient followed only by the hospital, with a consent to the plan process."""
    pasient = koordinering_services.pasient_opprett(
        actor=v.s_leder.bruker,
        enhet=v.s_medisinsk,
        tilknytning_fra=IDAG - timedelta(days=3),
        begrunnelse="Poliklinisk oppfølging",
        fodselsnummer=fodselsnummer(IDAG.replace(year=1970), 200),
        fornavn="Sverre",
        etternavn="Sykehusfolk",
    )
    koordinering_services.samtykke_registrer(
        actor=v.s_leder.bruker,
        pasient=pasient,
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.MUNTLIG,
        gyldig_fra=IDAG,
    )
    return pasient


def aktiv_plan(v) -> IndividuellPlan:
    plan = ny_plan(v)
    services.maal_lagre(actor=v.brukere["koordinator"], plan=plan, tekst=HOVEDMAAL)
    return services.plan_aktiver(actor=v.brukere["koordinator"], plan=plan)


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
    assert services.planeier(v.pasient) == v.kommune_a
    plan = ny_plan(v)
    assert plan.eier == v.kommune_a


def test_sykehuset_eier_planen_naar_bare_sykehuset_foelger_pasienten(v):
    pasient = sykehuspasient(v)
    assert services.planeier(pasient) == v.sykehus
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
    assert services.planeier(v.pasient) == v.sykehus


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


# ---------------------------------------------------------------------------------------------
# Bad input is refused with a Norwegian message, and nothing is saved
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def plan(v) -> IndividuellPlan:
    return ny_plan(v)


def tiltak_felter(**felter) -> dict:
    return {
        "beskrivelse": "Hjemmesykepleie",
        "omfang": "Daglig",
        "ansvarlig_tjeneste": "Hjemmetjenesten",
        "gjennomforing": "Morgenbesøk",
        "fra": IDAG,
    } | felter


@pytest.mark.parametrize(
    "maldato", [PERIODE_FRA - timedelta(days=1), PERIODE_TIL + timedelta(days=1)]
)
def test_maaldato_utenfor_planperioden_avvises(v, plan, maldato):
    with avvises("Måldatoen må ligge innenfor planperioden (11.03.2026–11.03.2027)."):
        services.maal_lagre(actor=v.brukere["koordinator"], plan=plan, tekst="Mål", maldato=maldato)


@pytest.mark.parametrize("maldato", [PERIODE_FRA, PERIODE_TIL])
def test_maaldato_paa_periodens_grenser_godtas(v, plan, maldato):
    maal = services.maal_lagre(
        actor=v.brukere["koordinator"], plan=plan, tekst="Mål", maldato=maldato
    )
    assert maal.pk


def test_endret_maal_utenfor_perioden_avvises_og_beholdes(v, plan):
    maal = services.maal_lagre(actor=v.brukere["koordinator"], plan=plan, tekst="Mål", maldato=IDAG)
    with avvises("Måldatoen må ligge innenfor planperioden"):
        services.maal_lagre(
            actor=v.brukere["koordinator"],
            plan=plan,
            maal=Maal.objects.get(pk=maal.pk),
            maldato=PERIODE_TIL + timedelta(days=1),
        )
    assert Maal.objects.get(pk=maal.pk).maldato == IDAG


def test_delmaal_av_delmaal_avvises(v, plan):
    koordinator = v.brukere["koordinator"]
    hoved = services.maal_lagre(actor=koordinator, plan=plan, tekst="Hovedmål")
    delmaal = services.maal_lagre(actor=koordinator, plan=plan, tekst="Delmål", hovedmaal=hoved)
    with avvises("Et delmål kan ikke ha egne delmål."):
        services.maal_lagre(actor=koordinator, plan=plan, tekst="Del-delmål", hovedmaal=delmaal)


def test_hovedmaal_fra_en_annen_plan_avvises(v, plan):
    annen_plan = sykehusplan(v)
    fremmed = services.maal_lagre(actor=v.s_leder.bruker, plan=annen_plan, tekst="Fremmed mål")
    with avvises("Hovedmålet må høre til samme plan."):
        services.maal_lagre(
            actor=v.brukere["koordinator"], plan=plan, tekst="Delmål", hovedmaal=fremmed
        )


def test_tiltak_uten_ansvarlig_avvises(v, plan):
    with avvises("Tiltaket må ha en ansvarlig: velg en deltaker eller skriv inn tjenesten."):
        services.tiltak_lagre(
            actor=v.brukere["koordinator"],
            plan=plan,
            **tiltak_felter(ansvarlig=None, ansvarlig_tjeneste=""),
        )


@pytest.mark.parametrize(
    "datoer",
    [
        pytest.param({"fra": PERIODE_FRA - timedelta(days=1)}, id="starter-foer"),
        pytest.param({"fra": PERIODE_TIL + timedelta(days=1)}, id="starter-etter"),
        pytest.param({"til": PERIODE_TIL + timedelta(days=1)}, id="slutter-etter"),
    ],
)
def test_tiltak_utenfor_planperioden_avvises(v, plan, datoer):
    with avvises("Tiltaket må ligge innenfor planperioden."):
        services.tiltak_lagre(actor=v.brukere["koordinator"], plan=plan, **tiltak_felter(**datoer))


def test_tiltak_som_slutter_foer_det_begynner_avvises(v, plan):
    with avvises("Til-dato kan ikke være før fra-dato."):
        services.tiltak_lagre(
            actor=v.brukere["koordinator"],
            plan=plan,
            **tiltak_felter(fra=IDAG + timedelta(days=5), til=IDAG + timedelta(days=4)),
        )


def sykehusplan(v) -> IndividuellPlan:
    return services.plan_opprett(
        actor=v.s_leder.bruker,
        pasient=sykehuspasient(v),
        periode_fra=PERIODE_FRA,
        periode_til=PERIODE_TIL,
        neste_evaluering=FORSTE_EVALUERING,
    )


def test_ansvarlig_deltaker_fra_en_annen_plan_avvises(v, plan):
    fremmed = sykehusplan(v).deltakere.get()
    with avvises("Den ansvarlige må være deltaker i planen."):
        services.tiltak_lagre(
            actor=v.brukere["koordinator"],
            plan=plan,
            **tiltak_felter(ansvarlig=fremmed, ansvarlig_tjeneste=""),
        )


def test_maal_fra_en_annen_plan_paa_tiltak_avvises(v, plan):
    annen = sykehusplan(v)
    fremmed = services.maal_lagre(actor=v.s_leder.bruker, plan=annen, tekst="Fremmed")
    with avvises("Målene må høre til planen."):
        services.tiltak_lagre(
            actor=v.brukere["koordinator"], plan=plan, maal=[fremmed], **tiltak_felter()
        )


def test_parorende_til_en_annen_pasient_avvises(v, plan):
    fremmed = Parorende.objects.create(
        pasient=PasientFactory(), navn="Ukjent", relasjon=Parorende.Relasjon.VENN
    )
    with avvises("Velg en av pasientens pårørende."):
        services.deltaker_lagre(
            actor=v.brukere["koordinator"],
            plan=plan,
            type=Deltaker.Type.PARORENDE,
            parorende=fremmed,
            bidrag="Hjelper til",
        )


@pytest.mark.parametrize(
    ("felter", "melding"),
    [
        ({"type": Deltaker.Type.ANSATT}, "Velg hvilken ansatt som deltar."),
        ({"type": Deltaker.Type.PARORENDE}, "Velg hvilken pårørende som deltar."),
        ({"type": Deltaker.Type.EKSTERN}, "Oppgi navnet på den eksterne deltakeren."),
    ],
)
def test_deltaker_uten_hvem_avvises(v, plan, felter, melding):
    with avvises(melding):
        services.deltaker_lagre(
            actor=v.brukere["koordinator"], plan=plan, bidrag="Bidrar", **felter
        )


def test_ny_periode_som_utelater_en_maaldato_avvises(v, plan):
    services.maal_lagre(
        actor=v.brukere["koordinator"],
        plan=plan,
        tekst="Gå på ski i vinter",
        maldato=IDAG + timedelta(days=300),
    )
    with avvises("Disse målene har måldato utenfor den nye perioden: Gå på ski i vinter"):
        services.plan_oppdater(
            actor=v.brukere["koordinator"],
            plan=IndividuellPlan.objects.get(pk=plan.pk),
            periode_til=IDAG + timedelta(days=200),
        )
    plan.refresh_from_db()
    assert plan.periode_til == PERIODE_TIL


def test_ny_periode_som_rommer_maalene_godtas(v, plan):
    services.maal_lagre(
        actor=v.brukere["koordinator"], plan=plan, tekst="Mål", maldato=IDAG + timedelta(days=100)
    )
    services.plan_oppdater(
        actor=v.brukere["koordinator"], plan=plan, periode_til=IDAG + timedelta(days=200)
    )
    plan.refresh_from_db()
    assert plan.periode_til == IDAG + timedelta(days=200)


def test_ny_periode_som_utelater_et_tiltak_avvises(v, plan):
    services.tiltak_lagre(
        actor=v.brukere["koordinator"],
        plan=plan,
        **tiltak_felter(beskrivelse="Sommerleir", fra=IDAG + timedelta(days=300)),
    )
    with avvises("Sommerleir"):
        services.plan_oppdater(
            actor=v.brukere["koordinator"],
            plan=IndividuellPlan.objects.get(pk=plan.pk),
            periode_til=IDAG + timedelta(days=200),
        )


def test_periode_som_slutter_foer_den_begynner_avvises(v, plan):
    with avvises("Planperioden kan ikke slutte før den begynner."):
        services.plan_oppdater(
            actor=v.brukere["koordinator"],
            plan=plan,
            periode_fra=IDAG,
            periode_til=IGAAR,
            neste_evaluering=IDAG,
        )


def test_endring_av_tiltak_uten_maal_beholder_koblingen_til_maalene(v, innhold):
    tiltak = innhold.tiltak[0]
    foer = set(tiltak.maal.values_list("pk", flat=True))
    assert foer == {innhold.hovedmaal.pk, innhold.delmaal.pk}
    services.tiltak_lagre(
        actor=v.brukere["koordinator"], plan=innhold.plan, tiltak=tiltak, omfang="To ganger daglig"
    )
    assert set(Tiltak.objects.get(pk=tiltak.pk).maal.values_list("pk", flat=True)) == foer


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def test_evaluering_lagrer_vurdering_per_maal_og_flytter_neste_evaluering(v, innhold):
    plan = innhold.plan
    neste = IDAG + timedelta(days=180)

    evaluering = services.evaluering_registrer(
        actor=v.brukere["koordinator"],
        plan=plan,
        dato=IGAAR,
        samlet_vurdering="Bedre enn sist",
        neste_evaluering=neste,
        vurderinger={
            innhold.hovedmaal.pk: ("naadd", "Klarer butikken alene"),
            innhold.delmaal.pk: ("delvis", ""),
            innhold.hovedmaal_2.pk: ("ikke", "For kaldt"),
        },
    )

    assert sorted(
        evaluering.vurderinger.values_list("maal__tekst", "vurdering", "kommentar")
    ) == sorted(
        [
            (innhold.hovedmaal.tekst, "naadd", "Klarer butikken alene"),
            (innhold.delmaal.tekst, "delvis", ""),
            (innhold.hovedmaal_2.tekst, "ikke", "For kaldt"),
        ]
    )
    assert (evaluering.dato, evaluering.utfort_av) == (IGAAR, v.ansatt("koordinator"))
    plan.refresh_from_db()
    assert plan.neste_evaluering == neste
    assert plan.history.first().history_user == v.brukere["koordinator"]
    assert plan.evalueringer.count() == 2


def test_evaluering_fram_i_tid_avvises(v, innhold):
    with avvises("En evaluering kan ikke dateres fram i tid."):
        services.evaluering_registrer(
            actor=v.brukere["koordinator"],
            plan=innhold.plan,
            dato=IMORGEN,
            samlet_vurdering="Forhåndsvurdering",
            neste_evaluering=IDAG + timedelta(days=90),
            vurderinger={innhold.hovedmaal.pk: ("naadd", "")},
        )


@pytest.mark.parametrize("neste", [IDAG, IGAAR])
def test_neste_evaluering_maa_vaere_etter_evalueringen(v, innhold, neste):
    with avvises("Neste evaluering må være etter denne evalueringen."):
        services.evaluering_registrer(
            actor=v.brukere["koordinator"],
            plan=innhold.plan,
            dato=IDAG,
            samlet_vurdering="Ok",
            neste_evaluering=neste,
            vurderinger={innhold.hovedmaal.pk: ("naadd", "")},
        )


def test_vurdering_av_maal_i_en_annen_plan_avvises(v, innhold):
    annen = sykehusplan(v)
    fremmed = services.maal_lagre(actor=v.s_leder.bruker, plan=annen, tekst="Fremmed")
    with avvises("Vurderingene må gjelde planens mål."):
        services.evaluering_registrer(
            actor=v.brukere["koordinator"],
            plan=innhold.plan,
            dato=IDAG,
            samlet_vurdering="Ok",
            neste_evaluering=IMORGEN,
            vurderinger={fremmed.pk: ("naadd", "")},
        )


def test_ugyldig_vurdering_avvises_uten_at_noe_lagres(v, innhold):
    with avvises():
        services.evaluering_registrer(
            actor=v.brukere["koordinator"],
            plan=innhold.plan,
            dato=IDAG,
            samlet_vurdering="Ok",
            neste_evaluering=IMORGEN,
            vurderinger={innhold.hovedmaal.pk: ("kanskje", "")},
        )


# ---------------------------------------------------------------------------------------------
# Publishing versions
# ---------------------------------------------------------------------------------------------


def test_versjoner_nummereres_1_2_3(v, innhold, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        versjoner = [
            services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)
            for _ in range(3)
        ]
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
