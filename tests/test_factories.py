"""The factories' traits make the states their names say, as the domain code reads them: a
valid row (`full_clean()`), and for deadlines the reminder rule that must find it does."""

import pytest
from django.utils import timezone

from ansvarsgruppe.models import Oppgave
from individuellplan.models import IndividuellPlan, Maal
from meldinger.models import Melding
from tests.factories import (
    EvalueringFactory,
    GruppemedlemFactory,
    MaalFactory,
    MeldingFactory,
    MoteFactory,
    OppgaveFactory,
    PlanFactory,
    ReferatFactory,
    SakspunktFactory,
    VarselFactory,
)
from varsler.models import Paminnelsestype, Varsel
from varsler.regler import REGLER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


def funnet_av(paminnelsestype: str) -> set[int]:
    """The ids the reminder rule of this type finds due today."""
    (regel,) = [r for r in REGLER if r.type == paminnelsestype]
    return set(regel.kandidater(timezone.localdate()).values_list("pk", flat=True))


@pytest.mark.parametrize(
    ("factory", "trekk"),
    [
        (PlanFactory, {}),
        (PlanFactory, {"aktiv": True}),
        (PlanFactory, {"avsluttet": True}),
        (PlanFactory, {"evaluering_forfalt": True}),
        (MaalFactory, {}),
        (MaalFactory, {"naadd": True}),
        (MaalFactory, {"delmaal_av": True}),
        (EvalueringFactory, {}),
        (GruppemedlemFactory, {}),
        (GruppemedlemFactory, {"ekstern": True}),
        (MoteFactory, {}),
        (MoteFactory, {"holdt": True}),
        (MoteFactory, {"avlyst": True}),
        (SakspunktFactory, {}),
        (ReferatFactory, {}),
        (ReferatFactory, {"er_godkjent": True}),
        (OppgaveFactory, {}),
        (OppgaveFactory, {"forfalt": True}),
        (OppgaveFactory, {"utfort": True}),
        (MeldingFactory, {}),
        (MeldingFactory, {"behov_ip": True, "besvart": True}),
        (MeldingFactory, {"forfalt": True}),
        (VarselFactory, {}),
        (VarselFactory, {"lest_varsel": True}),
    ],
    ids=lambda verdi: ",".join(verdi) if isinstance(verdi, dict) else verdi.__name__,
)
def test_hvert_trekk_gir_en_gyldig_rad(factory, trekk):
    objekt = factory(**trekk)
    objekt.full_clean()


def test_plan_med_forfalt_evaluering_finnes_av_paminnelsen():
    forfalt = PlanFactory(evaluering_forfalt=True)
    ikke_forfalt = PlanFactory(aktiv=True)
    assert forfalt.status == IndividuellPlan.Status.AKTIV
    funnet = funnet_av(Paminnelsestype.EVALUERING_FORFALT)
    assert forfalt.pk in funnet
    assert ikke_forfalt.pk not in funnet


def test_forfalt_oppgave_finnes_av_paminnelsen_og_utfort_ikke():
    forfalt = OppgaveFactory(forfalt=True)
    utfort = OppgaveFactory(forfalt=True, utfort=True)
    assert forfalt.ansvarlig.gruppe == forfalt.referat.mote.gruppe
    assert list(Oppgave.objects.aapne()) == [forfalt]
    funnet = funnet_av(Paminnelsestype.OPPGAVE_FORFALT)
    assert forfalt.pk in funnet
    assert utfort.pk not in funnet


def test_meldingenes_tilstander():
    assert MeldingFactory().er_ulest
    assert MeldingFactory(besvart=True).status not in Melding.VENTER_PAA_SVAR
    assert MeldingFactory(forfalt=True).svarfrist < timezone.localdate()


def test_maal_og_varsel_tilstander():
    hovedmaal = MaalFactory()
    delmaal = MaalFactory(delmaal_av=True, plan=hovedmaal.plan)
    assert delmaal.hovedmaal.plan == delmaal.plan
    assert MaalFactory(naadd=True).status == Maal.Status.NAADD
    assert VarselFactory().lest is None
    assert VarselFactory().epost == Varsel.Epost.VENTER
    assert VarselFactory(lest_varsel=True).lest is not None
