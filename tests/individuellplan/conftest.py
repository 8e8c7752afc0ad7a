import pytest

from tests.individuellplan.verden import (
    Planinnhold,
    Verden,
    bygg_verden,
    fyll_plan,
    ny_plan,
)


@pytest.fixture(autouse=True)
def _fast_dag(fast_dag):
    """Every plan test runs on the shared day (tests/verden.py), clock frozen."""


@pytest.fixture
def v(db) -> Verden:
    return bygg_verden()


@pytest.fixture
def innhold(v) -> Planinnhold:
    """The kommune-owned plan, filled in by the kommune koordinator."""
    return fyll_plan(v, ny_plan(v))
