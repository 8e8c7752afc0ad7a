import pytest

from oversikt.selectors import Enhetstre, Utvalg
from tests.oversikt.verden import FRA, IDAG, TIL, Verden, bygg_verden


@pytest.fixture(autouse=True)
def _fast_dag(fast_dag):
    """Every overview test runs on the shared day (tests/verden.py), clock frozen."""


@pytest.fixture
def v(db) -> Verden:
    return bygg_verden()


def utvalg(organisasjon, enhet=None, fra=FRA, til=TIL) -> Utvalg:
    tre = Enhetstre.les([organisasjon])
    return Utvalg(
        organisasjon=organisasjon,
        fra=fra,
        til=til,
        idag=IDAG,
        enhet=enhet,
        enheter=tre.underenheter(enhet.pk) if enhet else None,
        enhetsnavn=tre.navn(),
    )


def rader(tabell) -> dict:
    """The table as {row heading: [values of the other cells]}."""
    return {str(rad[0].verdi): [c.verdi for c in rad[1:]] for rad in tabell.rader}
