from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories.koordinering import PasientFactory, UserFactory
from varsler.models import Paminnelse, Paminnelsestype, Varsel


class PaminnelseFactory(factory.django.DjangoModelFactory):
    """A reminder that an evaluation is overdue (the object id is not checked)."""

    class Meta:
        model = Paminnelse

    type = Paminnelsestype.EVALUERING_FORFALT
    objekt_id = factory.Sequence(lambda n: n + 1)
    forfallsdato = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    pasient = factory.SubFactory(PasientFactory)

    class Params:
        levert_paminnelse = factory.Trait(levert=factory.LazyFunction(timezone.now))


class VarselFactory(factory.django.DjangoModelFactory):
    """An unread notification whose e-mail is still to be sent; `lest_varsel=True` read,
    `epost_sendt_varsel=True` e-mailed, `uten_epost=True` for a user who wants none."""

    class Meta:
        model = Varsel

    paminnelse = factory.SubFactory(PaminnelseFactory, levert_paminnelse=True)
    mottaker = factory.SubFactory(UserFactory)

    class Params:
        lest_varsel = factory.Trait(lest=factory.LazyFunction(timezone.now))
        epost_sendt_varsel = factory.Trait(
            epost=Varsel.Epost.SENDT, epost_sendt=factory.LazyFunction(timezone.now)
        )
        uten_epost = factory.Trait(epost=Varsel.Epost.IKKE_ONSKET)
