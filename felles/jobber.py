"""Background work that must happen after a change is committed (e-mail, notifications, PDFs).

A service records the job *in its own transaction* as a row in the outbox (`felles.models.Jobb`)
and names the Celery task by name: the name keeps the service modules free of imports of their
own app's tasks, which call the services. The job is sent to the broker once the transaction
commits; when the broker is down the request still succeeds and the row waits. A beat sweep
(`felles.tasks.jobber_sveip`) sends again whatever waits or went stale, so a job lost between
commit and broker, or with a killed worker, still runs. The row's id is the Celery task id, and
`Jobboppgave` marks it done exactly once (a conditional UPDATE); a copy that arrives after that
does nothing. docs/adr/0013-jobber.md; `tests/felles/test_jobber.py` checks that every name
used in the code is a registered task."""

import logging
import uuid
from datetime import timedelta
from functools import cache

from celery import Task, current_app
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from felles.models import Jobb

logger = logging.getLogger(__name__)

# What a publish raises when the broker cannot be reached (kombu wraps most of them).
BROKER_FEIL = (OperationalError, ConnectionError, TimeoutError, OSError)
# A job sent this long ago and still not done is sent again, beyond its own time limit.
MARGIN_SEKUNDER = 15


@cache
def _oppgaver():
    """The registered tasks. A worker imports every app's `tasks` module when it starts (Celery
    autodiscovery); a web process does it here, once, the first time it queues something."""
    current_app.loader.import_default_modules()
    return current_app.tasks


def oppgave(navn: str):
    """The task registered as `navn` ("app.tasks.name"); `NotRegistered` if there is none."""
    return _oppgaver()[navn]


def etter_commit(navn: str, *args) -> Jobb:
    """Record the task `navn` with `args` (ids only) in this transaction; send it after commit."""
    oppgave(navn)  # an unknown name fails here, inside the transaction, not in a worker
    jobb = Jobb.objects.create(navn=navn, args=list(args))
    transaction.on_commit(lambda: jobb_send(jobb))
    return jobb


def jobb_send(jobb: Jobb) -> bool:
    """Publish the job (task id = the row's id). False, with the row left waiting and unchanged,
    when the broker does not answer: the sweep sends it later."""
    Jobb.objects.filter(pk=jobb.pk).update(
        koet=timezone.now(), forsok=jobb.forsok + 1
    )  # before the publish: in eager mode the task runs (and marks the row done) inside it
    if current_app.conf.task_always_eager:
        oppgave(jobb.navn).apply_async(args=jobb.args, task_id=str(jobb.pk))
        return True
    try:
        oppgave(jobb.navn).apply_async(args=jobb.args, task_id=str(jobb.pk))
    except BROKER_FEIL as feil:
        # Not a send: the row is as before, so the next sweep sends it at once and a long
        # outage never uses up its JOBB_MAKS_FORSOK.
        Jobb.objects.filter(pk=jobb.pk).update(koet=jobb.koet, forsok=jobb.forsok)
        logger.warning("Jobb %s (%s) venter: køen svarer ikke (%s)", jobb.pk, jobb.navn, feil)
        return False
    return True


def foreldet_etter(navn: str) -> timedelta:
    """How long a sent job may take before the sweep sends it again: the task's hard time
    limit (and its longest retry wait) plus a margin."""
    t = oppgave(navn)
    grense = t.time_limit or current_app.conf.task_time_limit or 0
    if getattr(t, "autoretry_for", None):
        grense = max(grense, getattr(t, "retry_backoff_max", 0) or 0)
    return timedelta(seconds=grense + MARGIN_SEKUNDER)


def jobber_sveip(*, naa=None) -> dict[str, int]:
    """Send again every waiting job never sent or sent longer ago than its task may take; give
    up (logged) after JOBB_MAKS_FORSOK sends."""
    naa = naa or timezone.now()
    maks = settings.JOBB_MAKS_FORSOK
    sendt = gitt_opp = 0
    for jobb in Jobb.objects.filter(tilstand=Jobb.Tilstand.VENTER).order_by("opprettet")[:500]:
        if jobb.koet and jobb.koet > naa - foreldet_etter(jobb.navn):
            continue
        if jobb.forsok >= maks:
            Jobb.objects.filter(pk=jobb.pk, tilstand=Jobb.Tilstand.VENTER).update(
                tilstand=Jobb.Tilstand.GITT_OPP
            )
            logger.error("Jobb %s (%s) gitt opp etter %s forsøk", jobb.pk, jobb.navn, maks)
            gitt_opp += 1
            continue
        if not jobb_send(jobb):
            break  # the broker is down: the next sweep tries again
        sendt += 1
    return {"sendt": sendt, "gitt_opp": gitt_opp}


def jobb_ferdig(jobb_id) -> bool:
    """Mark the job done; True for exactly one caller (a conditional UPDATE)."""
    return bool(
        Jobb.objects.filter(pk=jobb_id, tilstand=Jobb.Tilstand.VENTER).update(
            tilstand=Jobb.Tilstand.FERDIG, ferdig=timezone.now()
        )
    )


class Jobboppgave(Task):
    """Every task's base class (config/celery.py): a message whose task id names an outbox row
    already done does nothing; one that succeeds marks its row done."""

    def __call__(self, *args, **kwargs):
        jobb_id = self.request.id
        jobb = Jobb.objects.filter(pk=jobb_id).first() if _er_uuid(jobb_id) else None
        if jobb is not None and jobb.tilstand != Jobb.Tilstand.VENTER:
            logger.info("Jobb %s (%s) er allerede %s", jobb.pk, jobb.navn, jobb.tilstand)
            return None
        resultat = super().__call__(*args, **kwargs)
        if jobb is not None:
            jobb_ferdig(jobb.pk)
        return resultat


def _er_uuid(verdi) -> bool:
    try:
        uuid.UUID(str(verdi))
    except ValueError:
        return False
    return verdi is not None
