"""One way to make a PDF for a stored print job (a plan version, a plan print, minutes, the
KE overview): lock the row, skip it if its file is already made (a redelivered task does
nothing), render, store the file and the fields that say it is done, with history where the
model keeps it. Tasks call this through their app's services."""

import logging
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model, QuerySet

logger = logging.getLogger(__name__)


def utskrift_lag(
    *,
    queryset: QuerySet,
    pk: int,
    filfelt: str,
    er_laget: Callable[[Model], bool],
    lag_pdf: Callable[[Model], bytes],
    filnavn: Callable[[Model], str],
    ferdig: Callable[[Model], list[str]] = lambda obj: [],
    feilet: Callable[[Model], list[str]] | None = None,
) -> Model | None:
    """Make the PDF of job `pk` once. Returns the job when a file was made, else None.

    `ferdig(obj)` sets the fields that mark the job done and names them; `feilet(obj)`, if
    given, marks a render failure (logged without the document's content) instead of raising.
    Only the named fields are saved (`save(update_fields=…)`, which history records)."""
    with transaction.atomic():
        # Lock only the job's row: a nullable join is an outer join, whose nullable side
        # PostgreSQL cannot lock.
        obj = queryset.select_for_update(of=("self",)).get(pk=pk)
        if er_laget(obj):
            return None
        try:
            pdf = lag_pdf(obj)
        except Exception:
            if feilet is None:
                raise
            logger.exception("PDF for %s %s feilet", obj._meta.model_name, pk)
            obj.save(update_fields=feilet(obj))
            return None
        getattr(obj, filfelt).save(filnavn(obj), ContentFile(pdf), save=False)
        obj.save(update_fields=[filfelt, *ferdig(obj)])
        return obj
