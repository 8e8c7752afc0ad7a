from datetime import timedelta

import factory
from django.utils import timezone

from meldinger.models import Melding, Meldingstype
from tests.factories.koordinering import AnsattFactory, EnhetFactory, PasientFactory


class MeldingFactory(factory.django.DjangoModelFactory):
    """A question from one unit to another (by default in another organisation), delivered and
    unread, answer due in five days; `besvart=True`, `behandlet=True`, `forfalt=True` for the
    other states."""

    class Meta:
        model = Melding

    type = Meldingstype.DIALOG
    pasient = factory.SubFactory(PasientFactory)
    avsender_enhet = factory.SubFactory(EnhetFactory)
    avsender_organisasjon = factory.SelfAttribute("avsender_enhet.organisasjon")
    avsender = factory.SubFactory(
        AnsattFactory, organisasjon=factory.SelfAttribute("..avsender_organisasjon")
    )
    mottaker_enhet = factory.SubFactory(EnhetFactory)
    mottaker_organisasjon = factory.SelfAttribute("mottaker_enhet.organisasjon")
    emne = factory.Sequence(lambda n: f"Spørsmål {n}")
    tekst = "Kan dere svare på dette?"
    status = Melding.Status.LEVERT
    levert = factory.LazyFunction(timezone.now)
    svarfrist = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))

    class Params:
        behov_ip = factory.Trait(
            type=Meldingstype.BEHOV_IP_KOORDINATOR,
            emne="Behov for individuell plan og koordinator",
        )
        lest_melding = factory.Trait(
            status=Melding.Status.LEST, lest=factory.LazyFunction(timezone.now)
        )
        besvart = factory.Trait(
            status=Melding.Status.BESVART, avsluttet=factory.LazyFunction(timezone.now)
        )
        behandlet = factory.Trait(
            status=Melding.Status.BEHANDLET, avsluttet=factory.LazyFunction(timezone.now)
        )
        forfalt = factory.Trait(
            svarfrist=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
        )
