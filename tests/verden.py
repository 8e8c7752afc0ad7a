"""The test world every test module builds on: the clock, synthetic numbers, staff in units,
and the three organisations (two kommuner and a hospital) with their units.

Today, for every test that asks for the `fast_dag` fixture (tests/conftest.py), is Wednesday
11 March 2026 at noon in Oslo, winter time, with no public holiday near it.

Modules add what they test on top of `bygg_organisasjoner()`: the people (`ansatt_i`), the
patients, plans, groups and messages (through the services, so guardian grants, history users
and the consent rules are the real ones; or through the factories in tests/factories.py where
a state is wanted directly). A module whose tests only read (a permission matrix) builds its
world once with `en_gang_per_modul` instead of once per test.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.db import transaction

from felles.fodselsnummer import lag_identitetsnummer
from koordinering.models import Ansatt, Enhet, Organisasjon
from tests.factories import AnsattFactory, EnhetFactory, MedlemskapFactory, OrganisasjonFactory

OSLO = ZoneInfo("Europe/Oslo")
IDAG = date(2026, 3, 11)  # a Wednesday
IGAAR = IDAG - timedelta(days=1)
IMORGEN = IDAG + timedelta(days=1)


def middag(dag: date) -> datetime:
    return datetime(dag.year, dag.month, dag.day, 12, 0, tzinfo=OSLO)


NAA = middag(IDAG)


@contextmanager
def klokken(tidspunkt: datetime = NAA) -> Iterator[None]:
    """The clock stands still at `tidspunkt` (default: today at noon in Oslo)."""
    with time_machine.travel(tidspunkt, tick=False):
        yield


def fodselsnummer(fodselsdato: date, individ: int) -> str:
    """A valid synthetic number; individual numbers 000–499 mean born 1900–1999,
    500–749 born 2000–2039."""
    while True:
        nummer = lag_identitetsnummer(fodselsdato, individ, syntetisk=True)
        if nummer:
            return nummer
        individ += 1


def ansatt_i(enhet: Enhet, *, leder: bool = False, **felter) -> Ansatt:
    """A staff member of the unit's organisation, member (or leader) of the unit."""
    ansatt = AnsattFactory(organisasjon=enhet.organisasjon, **felter)
    MedlemskapFactory(ansatt=ansatt, enhet=enhet, leder=leder)
    return ansatt


@dataclass
class Organisasjoner:
    """Kommune A (KE, Hjemmetjenesten, Tildelingskontoret), Kommune B (Hjemmetjenesten B) and
    the hospital (KE, Medisinsk avdeling)."""

    kommune_a: Organisasjon
    a_ke: Enhet
    a_hjemme: Enhet
    a_tildeling: Enhet
    kommune_b: Organisasjon
    b_hjemme: Enhet
    sykehus: Organisasjon
    s_ke: Enhet
    s_medisinsk: Enhet


def bygg_organisasjoner(
    *,
    sykehusnavn: str = "Sykehuset HF",
    hjemmetjenesten: str = "Hjemmetjenesten",
    tildelingskontoret: str = "Tildelingskontoret",
) -> Organisasjoner:
    kommune_a = OrganisasjonFactory(navn="Kommune A")
    kommune_b = OrganisasjonFactory(navn="Kommune B")
    sykehus = OrganisasjonFactory(sykehus=True, navn=sykehusnavn)
    return Organisasjoner(
        kommune_a=kommune_a,
        a_ke=EnhetFactory(organisasjon=kommune_a, ke=True, navn="Koordinerende enhet A"),
        a_hjemme=EnhetFactory(organisasjon=kommune_a, navn=hjemmetjenesten),
        a_tildeling=EnhetFactory(
            organisasjon=kommune_a, navn=tildelingskontoret, type=Enhet.Type.TILDELINGSKONTOR
        ),
        kommune_b=kommune_b,
        b_hjemme=EnhetFactory(organisasjon=kommune_b, navn="Hjemmetjenesten B"),
        sykehus=sykehus,
        s_ke=EnhetFactory(organisasjon=sykehus, ke=True, navn="Koordinerende enhet sykehus"),
        s_medisinsk=EnhetFactory(organisasjon=sykehus, klinisk=True, navn="Medisinsk avdeling"),
    )


def en_gang_per_modul(django_db_blocker, bygg: Callable[[], object]) -> Iterator[object]:
    """Build a world once for a module whose tests only read it: inside a transaction that is
    rolled back after the module; each test's own `db` transaction is a savepoint inside it, so
    what a test writes is undone too. Not for modules with `transaction=True` tests.

        @pytest.fixture(scope="module")
        def v(django_db_setup, django_db_blocker):
            yield from en_gang_per_modul(django_db_blocker, bygg_verden)
    """
    with django_db_blocker.unblock(), transaction.atomic():
        with klokken():
            verden = bygg()
        yield verden
        transaction.set_rollback(True)
