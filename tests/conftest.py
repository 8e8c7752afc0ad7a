import pytest
from django.db.models import QuerySet

from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett


class HistorikkOmgaatt(AssertionError):
    """A bulk write to a model with history: simple-history records only `save()`/`delete()`."""


def har_historikk(modell) -> bool:
    return hasattr(modell, "history") or modell.__name__.startswith("Historical")


_update, _bulk_update = QuerySet.update, QuerySet.bulk_update


def _vokt_update(self, **kwargs):
    if har_historikk(self.model):
        raise HistorikkOmgaatt(f"QuerySet.update() på {self.model.__name__} omgår historikken")
    return _update(self, **kwargs)


def _vokt_bulk_update(self, objs, fields, batch_size=None):
    if har_historikk(self.model):
        raise HistorikkOmgaatt(f"bulk_update() på {self.model.__name__} omgår historikken")
    return _bulk_update(self, objs, fields, batch_size=batch_size)


@pytest.fixture(autouse=True, scope="session")
def ingen_masseendring_av_historikk():
    """Through the whole suite, `QuerySet.update()` and `bulk_update()` on a historied model
    fail the test that reaches them (CONVENTIONS: use the `*_with_history` helpers or save())."""
    QuerySet.update, QuerySet.bulk_update = _vokt_update, _vokt_bulk_update
    yield
    QuerySet.update, QuerySet.bulk_update = _update, _bulk_update


@pytest.fixture
def demo(db):
    """The demo organisations, units and users (password «demo»), as `make run` loads them."""
    organisasjoner = demo_organisasjoner_opprett()
    demo_brukere_opprett(organisasjoner)
    return organisasjoner
