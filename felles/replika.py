"""Read-heavy work (the KE overview, its exports and drill-downs) reads from a PostgreSQL read
replica when `DATABASE_REPLICA_URL` is set (the database alias «replika»); every write goes to
the primary (`config.routers.ReplikaRouter`). Without a replica everything uses «default».

The replica lags the primary by a moment: a report may miss a change made a second ago, never a
committed one for longer. Reads in one `fra_replika()` block share one snapshot (a read-only
transaction on the replica), so the figures of one page agree with each other."""

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, transaction

REPLIKA = "replika"
_les_fra_replika: ContextVar[bool] = ContextVar("les_fra_replika", default=False)


def lesealias() -> str:
    """Where reads go now: the replica inside `fra_replika()` when one is configured."""
    if _les_fra_replika.get() and REPLIKA in settings.DATABASES:
        return REPLIKA
    return DEFAULT_DB_ALIAS


@contextmanager
def fra_replika() -> Iterator[None]:
    token = _les_fra_replika.set(True)
    try:
        if REPLIKA in settings.DATABASES:
            with transaction.atomic(using=REPLIKA):
                yield
        else:
            yield
    finally:
        _les_fra_replika.reset(token)


def leser_fra_replika(view):
    """View decorator: the view's reads (rendering included) go to the replica."""

    @functools.wraps(view)
    def innpakket(*args, **kwargs):
        with fra_replika():
            svar = view(*args, **kwargs)
            if hasattr(svar, "render") and not getattr(svar, "is_rendered", True):
                svar.render()
            return svar

    return innpakket
