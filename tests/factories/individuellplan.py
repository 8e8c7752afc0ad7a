from datetime import timedelta

import factory
from django.utils import timezone

from individuellplan.models import Evaluering, IndividuellPlan, Maal
from tests.factories.koordinering import AnsattFactory, EnhetFactory, PasientFactory


def _idag():
    return timezone.localdate()


class PlanFactory(factory.django.DjangoModelFactory):
    """A plan owned by a unit's organisation; a draft unless a trait says otherwise."""

    class Meta:
        model = IndividuellPlan

    pasient = factory.SubFactory(PasientFactory)
    eier_enhet = factory.SubFactory(EnhetFactory)
    eier = factory.SelfAttribute("eier_enhet.organisasjon")
    opprettet_av = factory.SubFactory(AnsattFactory, organisasjon=factory.SelfAttribute("..eier"))
    periode_fra = factory.LazyFunction(_idag)
    periode_til = factory.LazyFunction(lambda: _idag() + timedelta(days=365))
    neste_evaluering = factory.LazyFunction(lambda: _idag() + timedelta(days=90))

    class Params:
        aktiv = factory.Trait(status=IndividuellPlan.Status.AKTIV)
        avsluttet = factory.Trait(
            status=IndividuellPlan.Status.AVSLUTTET, avslutningsgrunn="Målene er nådd"
        )
        evaluering_forfalt = factory.Trait(
            status=IndividuellPlan.Status.AKTIV,
            neste_evaluering=factory.LazyFunction(lambda: _idag() - timedelta(days=2)),
        )


class MaalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Maal

    plan = factory.SubFactory(PlanFactory)
    tekst = factory.Sequence(lambda n: f"Jeg vil klare mål nummer {n} selv")
    maldato = factory.LazyFunction(lambda: _idag() + timedelta(days=180))

    class Params:
        paagaar = factory.Trait(status=Maal.Status.PAAGAAR)
        naadd = factory.Trait(status=Maal.Status.NAADD)
        avbrutt = factory.Trait(status=Maal.Status.AVBRUTT)
        delmaal_av = factory.Trait(
            hovedmaal=factory.SubFactory("tests.factories.individuellplan.MaalFactory",
                                         plan=factory.SelfAttribute("..plan")),
        )  # fmt: skip


class EvalueringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evaluering

    plan = factory.SubFactory(PlanFactory, aktiv=True)
    dato = factory.LazyFunction(_idag)
    utfort_av = factory.SelfAttribute("plan.opprettet_av")
    samlet_vurdering = "Godt i gang"
    neste_evaluering = factory.LazyFunction(lambda: _idag() + timedelta(days=90))
