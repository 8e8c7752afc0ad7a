from datetime import datetime, time, timedelta

import factory
from django.utils import timezone

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Oppgave, Referat, Sakspunkt
from tests.factories.koordinering import AnsattFactory, OrganisasjonFactory, PasientFactory


def _om_dager(dager: int, klokken: int = 10) -> datetime:
    dag = timezone.localdate() + timedelta(days=dager)
    return timezone.make_aware(datetime.combine(dag, time(klokken)))


class AnsvarsgruppeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ansvarsgruppe

    pasient = factory.SubFactory(PasientFactory)
    organisasjon = factory.SubFactory(OrganisasjonFactory)
    opprettet_av = factory.SubFactory(
        AnsattFactory, organisasjon=factory.SelfAttribute("..organisasjon")
    )
    leder = factory.SelfAttribute("opprettet_av")

    class Params:
        lukket = factory.Trait(
            avsluttet=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
        )


class GruppemedlemFactory(factory.django.DjangoModelFactory):
    """A staff member of the group's organisation; `ekstern=True` for someone outside."""

    class Meta:
        model = Gruppemedlem

    gruppe = factory.SubFactory(AnsvarsgruppeFactory)
    type = Gruppemedlem.Type.ANSATT
    ansatt = factory.SubFactory(
        AnsattFactory, organisasjon=factory.SelfAttribute("..gruppe.organisasjon")
    )

    class Params:
        ekstern = factory.Trait(
            type=Gruppemedlem.Type.EKSTERN,
            ansatt=None,
            navn=factory.Sequence(lambda n: f"Ekstern deltaker {n}"),
            epost=factory.Sequence(lambda n: f"ekstern{n}@example.no"),
        )


class MoteFactory(factory.django.DjangoModelFactory):
    """A meeting in a week at 10:00; `holdt=True` for one held yesterday."""

    class Meta:
        model = Mote

    gruppe = factory.SubFactory(AnsvarsgruppeFactory)
    start = factory.LazyFunction(lambda: _om_dager(7))
    slutt = factory.LazyAttribute(lambda m: m.start + timedelta(hours=1))
    sted = "Møterom 1"
    innkalt_av = factory.SelfAttribute("gruppe.opprettet_av")

    class Params:
        holdt = factory.Trait(start=factory.LazyFunction(lambda: _om_dager(-1)))
        avlyst = factory.Trait(status=Mote.Status.AVLYST)


class SakspunktFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sakspunkt

    mote = factory.SubFactory(MoteFactory)
    tittel = factory.Sequence(lambda n: f"Sak {n}")
    rekkefolge = factory.Sequence(lambda n: n)


class ReferatFactory(factory.django.DjangoModelFactory):
    """Draft minutes of a held meeting; `er_godkjent=True` for approved ones."""

    class Meta:
        model = Referat
        skip_postgeneration_save = True

    mote = factory.SubFactory(MoteFactory, holdt=True)

    class Params:
        er_godkjent = factory.Trait(
            status=Referat.Status.GODKJENT,
            godkjent=factory.LazyFunction(timezone.now),
            godkjent_av=factory.SelfAttribute("mote.innkalt_av"),
        )

    @factory.post_generation
    def til_stede(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.til_stede.set(extracted)


class OppgaveFactory(factory.django.DjangoModelFactory):
    """An open action item due in two weeks; `forfalt=True` overdue, `utfort=True` done."""

    class Meta:
        model = Oppgave

    referat = factory.SubFactory(ReferatFactory)
    beskrivelse = factory.Sequence(lambda n: f"Oppfølgingspunkt {n}")
    ansvarlig = factory.SubFactory(
        GruppemedlemFactory, gruppe=factory.SelfAttribute("..referat.mote.gruppe")
    )
    frist = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))

    class Params:
        forfalt = factory.Trait(
            frist=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
        )
        utfort = factory.Trait(status=Oppgave.Status.UTFORT)
