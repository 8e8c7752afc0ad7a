import pytest
import time_machine

from tests.individuellplan.verden import (
    IDAG,
    Planinnhold,
    Verden,
    bygg_verden,
    fyll_plan,
    middag,
    ny_plan,
)


@pytest.fixture(autouse=True)
def fast_dag():
    """Every plan test runs on Wednesday 11 March 2026 at noon in Oslo, clock frozen."""
    with time_machine.travel(middag(IDAG), tick=False):
        yield


@pytest.fixture
def v(db) -> Verden:
    return bygg_verden()


@pytest.fixture
def innhold(v) -> Planinnhold:
    """The kommune-owned plan, filled in by the kommune koordinator."""
    return fyll_plan(v, ny_plan(v))


@pytest.fixture
def media(settings, tmp_path):
    """Stored files go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
