"""factory_boy factories, one module per app, with traits for the domain states tests need
(`PlanFactory(aktiv=True)`, `OppgaveFactory(forfalt=True)`, `MeldingFactory(besvart=True)`).

Factories write rows directly: no guardian grants, no history user, no access-log rows. A test
about access or history builds through the services (tests/verden.py says how)."""

from tests.factories.ansvarsgruppe import (
    AnsvarsgruppeFactory,
    GruppemedlemFactory,
    MoteFactory,
    OppgaveFactory,
    ReferatFactory,
    SakspunktFactory,
)
from tests.factories.individuellplan import EvalueringFactory, MaalFactory, PlanFactory
from tests.factories.koordinering import (
    AnsattFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    MedlemskapFactory,
    OppnevningFactory,
    OrganisasjonFactory,
    PasientFactory,
    SamtykkeFactory,
    TilknytningFactory,
    UserFactory,
    gyldig_organisasjonsnummer,
    syntetisk_fodselsnummer,
)
from tests.factories.meldinger import MeldingFactory
from tests.factories.varsler import PaminnelseFactory, VarselFactory

__all__ = [
    "AnsattFactory",
    "AnsvarsgruppeFactory",
    "BehovsmeldingFactory",
    "EnhetFactory",
    "EvalueringFactory",
    "GruppemedlemFactory",
    "MaalFactory",
    "MedlemskapFactory",
    "MeldingFactory",
    "MoteFactory",
    "OppgaveFactory",
    "OppnevningFactory",
    "OrganisasjonFactory",
    "PaminnelseFactory",
    "PasientFactory",
    "PlanFactory",
    "ReferatFactory",
    "SakspunktFactory",
    "SamtykkeFactory",
    "TilknytningFactory",
    "UserFactory",
    "VarselFactory",
    "gyldig_organisasjonsnummer",
    "syntetisk_fodselsnummer",
]
