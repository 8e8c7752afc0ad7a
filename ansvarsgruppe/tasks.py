"""E-mail and PDF tasks for ansvarsgruppe meetings. Tasks take ids and call
`ansvarsgruppe.utsending`, which is idempotent (a notice or minutes already sent for this
sequence/revision is not sent again); e-mail is retried with backoff when the mail server fails."""

from celery import shared_task

from ansvarsgruppe import utsending
from felles.epost import EPOST_FEIL

EPOST = {
    "autoretry_for": EPOST_FEIL,
    "retry_backoff": True,
    "retry_backoff_max": 100,  # below the broker visibility timeout
    "max_retries": 8,
    "soft_time_limit": 30,
    "time_limit": 60,
}


@shared_task(**EPOST)
def epost_innkalling(mote_id: int, sekvens: int) -> bool:
    """The notice, update or cancellation with an iCalendar attachment, sent once per SEQUENCE."""
    return utsending.innkalling_send(mote_id=mote_id, sekvens=sekvens)


@shared_task(soft_time_limit=45, time_limit=60)
def pdf_referat(referat_id: int) -> bool:
    """Render the approved minutes once per revision, store them, then send them."""
    return utsending.referat_pdf_lag(referat_id=referat_id)


@shared_task(**EPOST)
def epost_referat(referat_id: int, revisjon: int) -> bool:
    return utsending.referat_send(referat_id=referat_id, revisjon=revisjon)
