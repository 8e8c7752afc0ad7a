"""The outbox sweep (beat, every minute): send again every job that waits, because the broker
was down at commit or a worker died with it. docs/adr/0013-jobber.md."""

from celery import shared_task

from felles import jobber


@shared_task(soft_time_limit=50, time_limit=60)
def jobber_sveip() -> dict[str, int]:
    return jobber.jobber_sveip()
