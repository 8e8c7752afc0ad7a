"""The write path of `individuellplan.services`: each service changes only the fields it names,
and checks itself that the actor may make the change (`PermissionDenied`), whoever calls it.
Either refusal leaves the database as it was, history included (`tilstand`)."""

import pytest

from individuellplan import services
from individuellplan.models import Samarbeid
from tests.individuellplan.hjelpere import tilstand, tiltak_felter

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
