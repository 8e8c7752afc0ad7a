"""Celery is set up for reliability: late acknowledgement, re-queue when a worker dies, one
beat schedule whose entries are all real tasks, separate queues and time limits."""

from django.conf import settings

from config.celery import app


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
