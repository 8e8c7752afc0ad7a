import pytest
import time_machine

from oversikt.selectors import Enhetstre, Utvalg
from tests.oversikt.verden import FRA, IDAG, TIL, Verden, bygg_verden, middag


@pytest.fixture(autouse=True)
def fast_dag():
    """Every overview test runs on Wednesday 11 March 2026 at noon in Oslo, clock frozen."""
    with time_machine.travel(middag(IDAG), tick=False):
        yield


@pytest.fixture
def v(db) -> Verden:
    return bygg_verden()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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
