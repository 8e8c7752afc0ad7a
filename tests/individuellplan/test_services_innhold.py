"""The services in `individuellplan.services`, against the database: goals, participants,
measures, cooperation, the period and evaluations.

Refusals are checked twice, as in the koordinering tests: the Norwegian message, and that
nothing in the database changed (`avvises`). The clock is frozen on 11 March 2026 (conftest)."""

from datetime import timedelta

import pytest

from individuellplan import services
from individuellplan.models import (
    Deltaker,
    IndividuellPlan,
    Maal,
    Tiltak,
)
from koordinering.models import Parorende
from tests.factories import PasientFactory
from tests.individuellplan.hjelpere import (
    avvises,
    sykehuspasient,
    tiltak_felter,
)
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    IDAG,
    IGAAR,
    IMORGEN,
    PERIODE_FRA,
    PERIODE_TIL,
    ny_plan,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Bad input is refused with a Norwegian message, and nothing is saved
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def plan(v) -> IndividuellPlan:
    return ny_plan(v)


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
