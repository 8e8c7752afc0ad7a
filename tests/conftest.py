import pytest

from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett


@pytest.fixture
def demo(db):
    """The demo organisations, units and users (password «demo»), as `make run` loads them."""
    organisasjoner = demo_organisasjoner_opprett()
    demo_brukere_opprett(organisasjoner)
    return organisasjoner
