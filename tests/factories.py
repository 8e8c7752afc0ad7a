import factory
from django.contrib.auth import get_user_model

from felles.validators import organisasjonsnummer_kontrollsiffer
from koordinering.models import Ansatt, Enhet, Medlemskap, Organisasjon


def gyldig_organisasjonsnummer(n: int) -> str:
    """The n-th valid organisasjonsnummer in a test range, skipping bases without a check digit."""
    base = 910_000_000 // 10 + n * 3
    while organisasjonsnummer_kontrollsiffer(str(base)) is None:
        base += 1
    return f"{base}{organisasjonsnummer_kontrollsiffer(str(base))}"


class OrganisasjonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisasjon

    navn = factory.Sequence(lambda n: f"Testkommune {n}")
    type = Organisasjon.Type.KOMMUNE
    organisasjonsnummer = factory.Sequence(gyldig_organisasjonsnummer)
    kommunenummer = factory.Sequence(lambda n: f"{5000 + n % 4000:04d}")

    class Params:
        sykehus = factory.Trait(
            navn=factory.Sequence(lambda n: f"Testsykehus {n} HF"),
            type=Organisasjon.Type.HELSEFORETAK,
            kommunenummer="",
        )


class EnhetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enhet

    organisasjon = factory.SubFactory(OrganisasjonFactory)
    navn = factory.Sequence(lambda n: f"Enhet {n}")
    type = Enhet.Type.TJENESTE

    class Params:
        ke = factory.Trait(type=Enhet.Type.KOORDINERENDE_ENHET)
        klinisk = factory.Trait(type=Enhet.Type.KLINISK)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"bruker{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Testesen{n}")
    password = factory.django.Password("demo")


class AnsattFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ansatt

    bruker = factory.SubFactory(UserFactory)
    organisasjon = factory.SubFactory(OrganisasjonFactory)
    yrke = Ansatt.Yrke.SYKEPLEIER
    helsepersonell = True

    class Params:
        lege = factory.Trait(yrke=Ansatt.Yrke.LEGE, helsepersonell=True)
        psykolog = factory.Trait(yrke=Ansatt.Yrke.PSYKOLOG, helsepersonell=True)


class MedlemskapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Medlemskap

    ansatt = factory.SubFactory(AnsattFactory)
    enhet = factory.SubFactory(
        EnhetFactory, organisasjon=factory.SelfAttribute("..ansatt.organisasjon")
    )
    rolle = Medlemskap.Rolle.MEDARBEIDER

    class Params:
        leder = factory.Trait(rolle=Medlemskap.Rolle.LEDER)
