"""The overview as PDF, rendered on the `pdf` queue (`pdf_*` tasks are routed there). The task
takes an id and calls the service, which is idempotent: a finished print is not rendered
again."""

from celery import shared_task

from oversikt import services


@shared_task(soft_time_limit=45, time_limit=60)
def pdf_oversikt(utskrift_id: int) -> bool:
    return services.utskrift_pdf_lag(utskrift_id=utskrift_id)


@shared_task(soft_time_limit=90, time_limit=100)
def maanedstall_oppdater() -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): the closed months' message counts for the overview."""
    return services.maanedstall_oppdater()
