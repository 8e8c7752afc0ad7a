from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from felles.fodselsnummer import lag_identitetsnummer
from felles.validators import organisasjonsnummer_kontrollsiffer
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Pasient,
    PlanDel,
    Rolle,
    Samtykke,
    Tilknytning,
)
from koordinering.regler import tjenesteenhet_velg


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


def syntetisk_fodselsnummer(n: int, *, fodselsdato: date | None = None) -> str:
    """A valid synthetic number (month + 80) for the n-th test patient."""
    fodselsdato = fodselsdato or date(1950, 1, 1) + timedelta(days=(n * 37) % 20000)
    # The individual number decides the century: 000-499 for the 1900s, 500-749 for 2000-2039.
    individ = n % 400 if fodselsdato.year < 2000 else 500 + n % 250
    while True:
        nummer = lag_identitetsnummer(fodselsdato, individ, syntetisk=True)
        if nummer:
            return nummer
        individ += 1


class PasientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pasient

    fodselsnummer = factory.Sequence(syntetisk_fodselsnummer)
    fornavn = factory.Sequence(lambda n: f"Pasient{n}")
    etternavn = "Testesen"

    class Params:
        barn = factory.Trait(
            fodselsnummer=factory.Sequence(
                lambda n: syntetisk_fodselsnummer(n, fodselsdato=date(2015, 6, 1))
            )
        )


class TilknytningFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tilknytning

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    fra = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    til = None
    begrunnelse = "Følges opp av enheten"


class SamtykkeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Samtykke
        skip_postgeneration_save = True

    pasient = factory.SubFactory(PasientFactory)
    gjelder_planprosess = True
    plandeler = factory.LazyFunction(lambda: [d.value for d in PlanDel])
    gitt_av = Samtykke.GittAv.PASIENTEN
    form = Samtykke.Form.SKRIFTLIG
    dokumentert_av = factory.SubFactory(AnsattFactory)
    gyldig_fra = factory.LazyFunction(lambda: date.today() - timedelta(days=10))
    gyldig_til = factory.LazyFunction(lambda: date.today() + timedelta(days=365))

    class Params:
        utloper_snart = factory.Trait(
            gyldig_til=factory.LazyFunction(lambda: date.today() + timedelta(days=10))
        )
        utlopt = factory.Trait(
            gyldig_fra=factory.LazyFunction(lambda: date.today() - timedelta(days=400)),
            gyldig_til=factory.LazyFunction(lambda: date.today() - timedelta(days=1)),
        )
        trukket = factory.Trait(
            trukket_tid=factory.LazyFunction(timezone.now), trukket_grunn="Ønsker ikke lenger"
        )

    @factory.post_generation
    def organisasjoner(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.organisasjoner.set(extracted)

    @factory.post_generation
    def personer(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.personer.set(extracted)


class BehovsmeldingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Behovsmelding

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    meldt_av = factory.SubFactory(
        AnsattFactory, organisasjon=factory.SelfAttribute("..enhet.organisasjon")
    )
    behov = Behov.KOORDINATOR
    komplekse_behov = True
    langvarige_behov = True
    begrunnelse = "Mange tjenester som må samordnes"

    class Params:
        kontaktlege = factory.Trait(
            behov=Behov.KONTAKTLEGE,
            alvorlig_sykdom=True,
            behandling_av_varighet=True,
            kontakttype=Behovsmelding.Kontakttype.INNLEGGELSE,
            kontaktdato=factory.LazyFunction(date.today),
        )


class OppnevningFactory(factory.django.DjangoModelFactory):
    """An appointment made directly (no service): remember the guardian grant if access matters;
    `tests.koordinering.helpers.oppnevn` goes through the service instead."""

    class Meta:
        model = Oppnevning

    pasient = factory.SubFactory(PasientFactory)
    enhet = factory.SubFactory(EnhetFactory)
    ansatt = factory.SubFactory(
        AnsattFactory, organisasjon=factory.SelfAttribute("..enhet.organisasjon")
    )
    rolle = Rolle.KOORDINATOR
    mandat = "Samordne tjenestene og lede ansvarsgruppen"
    startdato = factory.LazyFunction(date.today)
    oppnevnt_av = factory.SelfAttribute("ansatt")
    # The appointee's unit, by the services' rule (a bare appointee: the appointing unit).
    tjenesteenhet_id = factory.LazyAttribute(
        lambda o: tjenesteenhet_velg(
            egne=list(
                o.ansatt.medlemskap.filter(
                    enhet__organisasjon_id=o.ansatt.organisasjon_id
                ).values_list("enhet_id", flat=True)
            ),
            enhet_id=o.enhet.pk,
            ledet=set(
                o.oppnevnt_av.medlemskap.filter(rolle=Medlemskap.Rolle.LEDER).values_list(
                    "enhet_id", flat=True
                )
            ),
        )
    )
