"""Celery is set up for reliability: late acknowledgement, re-queue when a worker dies, one
beat schedule whose entries are all real tasks, separate queues and time limits."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from config.celery import app
from tests.test_settings import STRONG_KEY


def test_hver_beat_oppforing_peker_paa_en_ekte_oppgave():
    app.loader.import_default_modules()
    assert settings.CELERY_BEAT_SCHEDULE, "beat har ingen oppføringer"
    for navn, oppforing in settings.CELERY_BEAT_SCHEDULE.items():
        assert oppforing["task"] in app.tasks, f"{navn}: {oppforing['task']} finnes ikke"


def test_paminnelser_skannes_hvert_femte_minutt():
    oppforing = settings.CELERY_BEAT_SCHEDULE["paminnelser-skann"]
    assert oppforing["task"] == "varsler.tasks.paminnelser_skann"
    assert oppforing["schedule"] == 300


def test_paalitelighet():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    # Issue 15: the visibility timeout is just above the longest task time limit and the longest
    # e-mail retry wait (so Redis never hands a running task or a waiting retry to a second
    # worker), and no more: a killed worker's task comes back within minutes, not an hour.
    app.loader.import_default_modules()
    egne = [t for navn, t in app.tasks.items() if not navn.startswith("celery.")]
    lengste = max(
        max(t.time_limit or app.conf.task_time_limit for t in egne),
        max(
            getattr(t, "retry_backoff_max", 0) or 0
            for t in egne
            if getattr(t, "autoretry_for", None)
        ),
    )
    synlighet = app.conf.broker_transport_options["visibility_timeout"]
    assert lengste < synlighet <= lengste + 60
    assert all(t.time_limit for t in egne), "hver oppgave har en hard tidsgrense"


def test_utboksen_sveipes_hvert_halve_minutt():
    oppforing = settings.CELERY_BEAT_SCHEDULE["jobber-sveip"]
    assert oppforing["task"] == "felles.tasks.jobber_sveip"
    assert oppforing["schedule"] == 30
    # A down broker answers fast: the request that queues a job is not held up.
    assert app.conf.broker_connection_timeout <= 2
    assert app.conf.task_publish_retry_policy["max_retries"] <= 1


def test_koer_og_tidsgrenser():
    app.loader.import_default_modules()
    ruter = app.amqp.router

    def ko(oppgave: str) -> str:
        return ruter.route({}, oppgave)["queue"].name

    assert ko("varsler.tasks.epost_varsler") == "epost"
    assert ko("ansvarsgruppe.tasks.epost_innkalling") == "epost"
    assert ko("individuellplan.tasks.pdf_plan_utskrift") == "pdf"
    assert ko("varsler.tasks.paminnelser_skann") == "default"
    assert ko("varsler.tasks.paminnelser_lever") == "default"
    for navn in ("paminnelser_skann", "paminnelser_lever", "epost_varsler"):
        oppgave = app.tasks[f"varsler.tasks.{navn}"]
        assert oppgave.time_limit and oppgave.soft_time_limit < oppgave.time_limit
    epost = app.tasks["varsler.tasks.epost_varsler"]
    assert epost.retry_backoff and epost.max_retries == 8


PRODUKSJON = """
import json, django
django.setup()
from django.conf import settings
from config.celery import app
from felles.jobber import foreldet_etter
app.loader.import_default_modules()
egne = [t for n, t in app.tasks.items() if not n.startswith("celery.")]
print(json.dumps({
    "synlighet": settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"],
    "tidsgrenser": {t.name: t.time_limit for t in egne},
    "ventetid": max(t.retry_backoff_max or 0 for t in egne if getattr(t, "autoretry_for", 0)),
    "pdf": {t.name: foreldet_etter(t.name).total_seconds() for t in egne if ".pdf_" in t.name},
    "sveip": settings.CELERY_BEAT_SCHEDULE["jobber-sveip"]["schedule"],
    "acks_late": app.conf.task_acks_late,
    "reject_on_worker_lost": app.conf.task_reject_on_worker_lost,
    "annotations": app.conf.task_annotations,
}))
"""


def test_produksjonens_verdier_holder_samme_forhold_paa_minutter():
    """What the kill test (tests/integrasjon/test_jobber_arbeider.py) shows in seconds holds
    for config.settings.production in minutes: a killed worker's PDF is sent again by the sweep
    within two minutes of the order, and Redis never hands a running task (or a waiting retry)
    to a second worker."""
    miljo = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "SECRET_KEY")}
    miljo |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": STRONG_KEY}
    kjoring = subprocess.run(
        [sys.executable, "-c", PRODUKSJON], env=miljo, capture_output=True, text=True, timeout=60
    )
    if kjoring.returncode:
        pytest.fail(f"produksjonsinnstillingene lastet ikke: {kjoring.stderr[-2000:]}")
    p = json.loads(kjoring.stdout.strip().splitlines()[-1])
    assert p["acks_late"] is True and p["reject_on_worker_lost"] is True
    assert not p["annotations"], "produksjonen bruker oppgavenes egne tidsgrenser"
    assert all(p["tidsgrenser"].values()), "hver oppgave har en hard tidsgrense"
    lengste = max(*p["tidsgrenser"].values(), p["ventetid"])
    assert lengste < p["synlighet"] <= 120 + 30  # just above the longest; two minutes + margin
    assert p["pdf"] and all(foreldet + p["sveip"] <= 110 for foreldet in p["pdf"].values()), (
        "en drept arbeiders PDF sendes igjen innen 110 s, og er der innen to minutter"
    )
