"""Worker tasks for Min plan. Tasks take ids and are idempotent."""

from celery import shared_task

from minplan import varsler


@shared_task(soft_time_limit=30, time_limit=60)
def innbyggervarsel_send(varsel_id: int) -> bool:
    return varsler.innbyggervarsel_send(varsel_id=varsel_id)
