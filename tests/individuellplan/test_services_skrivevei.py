"""The write path of `individuellplan.services`: each service changes only the fields it names,
and checks itself that the actor may make the change (`PermissionDenied`), whoever calls it.
Either refusal leaves the database as it was, history included (`tilstand`)."""

import pytest
from django.core.exceptions import PermissionDenied

from individuellplan import services
from individuellplan.models import Deltaker, Samarbeid
from koordinering.models import PlanDel
from tests.individuellplan.hjelpere import tilstand, tiltak_felter
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    IDAG,
    IMORGEN,
    PERIODE_FRA,
    PERIODE_TIL,
    del_med,
)

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# Unknown fields are a programming error
# ---------------------------------------------------------------------------------------------


UKJENTE_FELTER = {
    "plan_oppdater": lambda actor, innhold: services.plan_oppdater(
        actor=actor, plan=innhold.plan, behov="Nytt", pasient=innhold.plan.pasient
    ),
    "maal_lagre": lambda actor, innhold: services.maal_lagre(
        actor=actor, plan=innhold.plan, tekst="Nytt mål", plan_id=innhold.plan.pk + 1
    ),
    "deltaker_lagre": lambda actor, innhold: services.deltaker_lagre(
        actor=actor,
        plan=innhold.plan,
        deltaker=innhold.deltakere["ekstern"],
        bidrag="Nytt",
        id=innhold.deltakere["koordinator"].pk,
    ),
    "tiltak_lagre": lambda actor, innhold: services.tiltak_lagre(
        actor=actor, plan=innhold.plan, **tiltak_felter(id=innhold.tiltak[0].pk)
    ),
    "samarbeid_lagre": lambda actor, innhold: services.samarbeid_lagre(
        actor=actor,
        plan=innhold.plan,
        etat=Samarbeid.Etat.NAV,
        beskrivelse="Nytt",
        pasient=innhold.plan.pasient,
    ),
}


@pytest.mark.parametrize("service", UKJENTE_FELTER)
def test_ukjent_felt_er_typeerror_og_ingenting_lagres(v, innhold, service):
    foer = tilstand()
    with pytest.raises(TypeError, match="kan ikke endre"):
        UKJENTE_FELTER[service](v.brukere["koordinator"], innhold)
    assert tilstand() == foer


# ---------------------------------------------------------------------------------------------
# Every write service checks the actor itself
# ---------------------------------------------------------------------------------------------


SKRIVINGER = {
    "plan_opprett": lambda actor, innhold: services.plan_opprett(
        actor=actor,
        pasient=innhold.plan.pasient,
        periode_fra=PERIODE_FRA,
        periode_til=PERIODE_TIL,
        neste_evaluering=FORSTE_EVALUERING,
    ),
    "plan_oppdater": lambda actor, innhold: services.plan_oppdater(
        actor=actor, plan=innhold.plan, behov="Nytt"
    ),
    "plan_aktiver": lambda actor, innhold: services.plan_aktiver(actor=actor, plan=innhold.plan),
    "plan_avslutt": lambda actor, innhold: services.plan_avslutt(
        actor=actor, plan=innhold.plan, grunn="Flyttet"
    ),
    "plan_gjenaapne": lambda actor, innhold: services.plan_gjenaapne(
        actor=actor, plan=innhold.plan
    ),
    "maal_lagre": lambda actor, innhold: services.maal_lagre(
        actor=actor, plan=innhold.plan, maal=innhold.hovedmaal, tekst="Endret"
    ),
    "deltaker_lagre": lambda actor, innhold: services.deltaker_lagre(
        actor=actor, plan=innhold.plan, type=Deltaker.Type.EKSTERN, navn="X", bidrag="Y"
    ),
    "tiltak_lagre": lambda actor, innhold: services.tiltak_lagre(
        actor=actor, plan=innhold.plan, tiltak=innhold.tiltak[0], omfang="Endret"
    ),
    "samarbeid_lagre": lambda actor, innhold: services.samarbeid_lagre(
        actor=actor, plan=innhold.plan, samarbeid=innhold.samarbeid, kontakt="Endret"
    ),
    "evaluering_registrer": lambda actor, innhold: services.evaluering_registrer(
        actor=actor,
        plan=innhold.plan,
        dato=IDAG,
        samlet_vurdering="Ny runde",
        neste_evaluering=IMORGEN,
        vurderinger={innhold.hovedmaal.pk: ("naadd", "")},
    ),
    "plan_publiser": lambda actor, innhold: services.plan_publiser(actor=actor, plan=innhold.plan),
    "utskrift_bestill": lambda actor, innhold: services.utskrift_bestill(
        actor=actor, plan=innhold.plan, deler=[PlanDel.MAAL]
    ),
}

# Readers of the plan (the owner's KE) may print it, and may not change it.
LESING = {"utskrift_bestill"}


def avvist(actor, innhold, service: str) -> None:
    foer = tilstand()
    with pytest.raises(PermissionDenied):
        SKRIVINGER[service](actor, innhold)
    assert tilstand() == foer


@pytest.mark.parametrize(
    ("bruker", "service"),
    [
        *(("annen_kommune", service) for service in SKRIVINGER),
        # Hospital staff may change the patient, so a new plan is refused them as not the
        # owner (a ValidationError, test_services_plan); the plan itself is not theirs.
        *(("sykehuskollega", service) for service in SKRIVINGER if service != "plan_opprett"),
    ],
)
def test_den_som_ikke_har_planen_faar_permissiondenied(v, innhold, bruker, service):
    """Another kommune's koordinator, and hospital staff who follow the patient but with whom
    the plan is not shared."""
    avvist(v.brukere[bruker], innhold, service)


@pytest.mark.parametrize("service", sorted(set(SKRIVINGER) - LESING))
def test_eierens_ke_uten_oppnevning_eller_enhet_faar_permissiondenied(v, innhold, service):
    """Same organisation as the plan, without the relationship that gives edit rights."""
    avvist(v.brukere["ke"], innhold, service)


def test_eierens_ke_kan_bestille_utskrift(v, innhold):
    assert SKRIVINGER["utskrift_bestill"](v.brukere["ke"], innhold).pk


def test_leser_av_en_del_endrer_bare_den_delen_og_skriver_ut_bare_det_som_er_delt(v, innhold):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.TILTAK])
    sykehuskoordinator = v.brukere["sykehuskoordinator"]  # appointed: contributes to measures

    SKRIVINGER["tiltak_lagre"](sykehuskoordinator, innhold)
    for service in ("maal_lagre", "samarbeid_lagre", "plan_oppdater", "plan_publiser"):
        avvist(sykehuskoordinator, innhold, service)
    avvist(sykehuskoordinator, innhold, "utskrift_bestill")  # asks for the goals
    assert services.utskrift_bestill(
        actor=sykehuskoordinator, plan=innhold.plan, deler=[PlanDel.TILTAK]
    ).pk
