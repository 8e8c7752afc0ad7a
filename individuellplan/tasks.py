"""PDF rendering of plans on the `pdf` queue. Tasks take ids and call the services, which are
idempotent: running one again after the file exists does nothing."""

from celery import shared_task

from individuellplan import services


@shared_task(soft_time_limit=45, time_limit=60)
def pdf_plan_versjon(versjon_id: int) -> bool:
    """Render a published version once and store it with the version."""
    return services.plan_versjon_pdf_lag(versjon_id=versjon_id)


@shared_task(soft_time_limit=45, time_limit=60)
def pdf_plan_utskrift(utskrift_id: int) -> bool:
    """Render a requested print (the current plan, or a version limited to the reader's parts)."""
    return services.plan_utskrift_pdf_lag(utskrift_id=utskrift_id)
