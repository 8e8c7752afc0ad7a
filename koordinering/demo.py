"""Demo data: two kommuner and a helseforetak with units and one user per role.

Everything is looked up by a natural key and updated in place, so running it again changes nothing.
"""

from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from koordinering.models import Ansatt, Enhet, Medlemskap, Organisasjon

DEMO_PASSORD = "demo"

ORGANISASJONER = [
    # (organisasjonsnummer, navn, type, kommunenummer)
    ("964000018", "Fjordvik kommune", Organisasjon.Type.KOMMUNE, "9901"),
    ("964000026", "Åsdal kommune", Organisasjon.Type.KOMMUNE, "9902"),
    ("983000010", "Helse Vestfjord HF", Organisasjon.Type.HELSEFORETAK, ""),
]

KOMMUNE_ENHETER = [
    ("Koordinerende enhet", Enhet.Type.KOORDINERENDE_ENHET),
    ("Hjemmetjenesten", Enhet.Type.TJENESTE),
    ("Tildelingskontoret", Enhet.Type.TILDELINGSKONTOR),
]
SYKEHUS_ENHETER = [
    ("Koordinerende enhet", Enhet.Type.KOORDINERENDE_ENHET),
    ("Medisinsk avdeling", Enhet.Type.KLINISK),
    ("Nevrologisk avdeling", Enhet.Type.KLINISK),
    ("Barne- og ungdomsklinikken", Enhet.Type.KLINISK),
]


@dataclass(frozen=True)
class DemoBruker:
    brukernavn: str
    fornavn: str
    etternavn: str
    organisasjonsnummer: str
    enhet: str
    rolle: str
    yrke: str
    helsepersonell: bool
    opplaering: date | None
    beskrivelse: str


L, M = Medlemskap.Rolle.LEDER, Medlemskap.Rolle.MEDARBEIDER
Y = Ansatt.Yrke
DEMO_BRUKERE = [
    DemoBruker(
        "koordinator.kommune",
        "Solveig",
        "Haugen",
        "964000018",
        "Hjemmetjenesten",
        M,
        Y.SYKEPLEIER,
        True,
        date(2025, 3, 14),
        "Koordinator i hjemmetjenesten, Fjordvik",
    ),
    DemoBruker(
        "leder.kommune",
        "Bjørn",
        "Lie",
        "964000018",
        "Hjemmetjenesten",
        L,
        Y.SYKEPLEIER,
        True,
        date(2024, 9, 2),
        "Leder for hjemmetjenesten, Fjordvik",
    ),
    DemoBruker(
        "ke.kommune",
        "Ingrid",
        "Dahl",
        "964000018",
        "Koordinerende enhet",
        L,
        Y.SOSIONOM,
        False,
        date(2023, 5, 10),
        "Koordinerende enhet, Fjordvik",
    ),
    DemoBruker(
        "koordinator.kommune2",
        "Øystein",
        "Berg",
        "964000026",
        "Hjemmetjenesten",
        M,
        Y.ERGOTERAPEUT,
        True,
        date(2025, 1, 20),
        "Koordinator i hjemmetjenesten, Åsdal",
    ),
    DemoBruker(
        "koordinator.sykehus",
        "Marte",
        "Ødegård",
        "983000010",
        "Medisinsk avdeling",
        M,
        Y.SYKEPLEIER,
        True,
        date(2025, 6, 1),
        "Koordinator ved medisinsk avdeling",
    ),
    DemoBruker(
        "kontaktlege.sykehus",
        "Håkon",
        "Aas",
        "983000010",
        "Medisinsk avdeling",
        M,
        Y.LEGE,
        True,
        None,
        "Kontaktlege ved medisinsk avdeling",
    ),
    DemoBruker(
        "leder.sykehus",
        "Randi",
        "Strand",
        "983000010",
        "Medisinsk avdeling",
        L,
        Y.LEGE,
        True,
        date(2024, 2, 5),
        "Avdelingsleder, medisinsk avdeling",
    ),
    DemoBruker(
        "ke.sykehus",
        "Emil",
        "Johansen",
        "983000010",
        "Koordinerende enhet",
        L,
        Y.SYKEPLEIER,
        True,
        date(2022, 11, 30),
        "Koordinerende enhet, Helse Vestfjord",
    ),
]


@transaction.atomic
def demo_organisasjoner_opprett() -> dict[str, Organisasjon]:
    organisasjoner = {}
    for nummer, navn, type_, kommunenummer in ORGANISASJONER:
        org, _ = Organisasjon.objects.get_or_create(
            organisasjonsnummer=nummer,
            defaults={"navn": navn, "type": type_, "kommunenummer": kommunenummer},
        )
        enheter = KOMMUNE_ENHETER if org.er_kommune else SYKEHUS_ENHETER
        for enhet_navn, enhet_type in enheter:
            Enhet.objects.get_or_create(
                organisasjon=org, navn=enhet_navn, defaults={"type": enhet_type}
            )
        organisasjoner[nummer] = org
    return organisasjoner


@transaction.atomic
def demo_brukere_opprett(organisasjoner: dict[str, Organisasjon]) -> None:
    User = get_user_model()
    for d in DEMO_BRUKERE:
        bruker, opprettet = User.objects.get_or_create(
            username=d.brukernavn, defaults={"first_name": d.fornavn, "last_name": d.etternavn}
        )
        if opprettet:
            bruker.set_password(DEMO_PASSORD)
            bruker.save(update_fields=["password"])
        org = organisasjoner[d.organisasjonsnummer]
        ansatt, _ = Ansatt.objects.get_or_create(
            bruker=bruker,
            defaults={
                "organisasjon": org,
                "yrke": d.yrke,
                "helsepersonell": d.helsepersonell,
                "koordinatoropplaering_fullfort": d.opplaering,
            },
        )
        Medlemskap.objects.get_or_create(
            ansatt=ansatt, enhet=org.enheter.get(navn=d.enhet), defaults={"rolle": d.rolle}
        )
    admin, opprettet = User.objects.get_or_create(
        username="admin", defaults={"is_staff": True, "is_superuser": True, "first_name": "Admin"}
    )
    if opprettet:
        admin.set_password(DEMO_PASSORD)
        admin.save(update_fields=["password"])
