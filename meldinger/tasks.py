"""Worker tasks for messages. Tasks take ids, call services and are idempotent: running one
twice delivers nothing twice."""

from celery import shared_task

from meldinger import services


@shared_task(soft_time_limit=60, time_limit=90)
def melding_lever(melding_id: int) -> bool:
    return services.melding_lever(melding_id=melding_id)
