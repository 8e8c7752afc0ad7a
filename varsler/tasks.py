"""Worker tasks for reminders and notifications. Tasks call services and are idempotent:
running one twice, or after a worker was killed in the middle, delivers nothing twice. Reminders
are database rows found by the periodic scan (never long ETAs or countdowns); delivery takes
rows with SKIP LOCKED, so any number of workers can run side by side."""

from time import monotonic

from celery import shared_task

from felles.epost import EPOST_FEIL
from varsler import services
from varsler.models import Paminnelse, Varsel

# A task works through the backlog for this long, then hands the rest to a fresh task, well
# inside the time limits.
ARBEIDSTID_SEKUNDER = 30


@shared_task(soft_time_limit=90, time_limit=110)
def paminnelser_skann() -> dict[str, int]:
    """Every few minutes (beat): make the reminders that are due, then make sure delivery runs
    for everything not yet delivered, also what a killed worker left behind."""
    resultat = services.paminnelser_skann()
    if Paminnelse.objects.filter(levert__isnull=True).exists():
        paminnelser_lever.delay()
    elif Varsel.objects.filter(epost=Varsel.Epost.VENTER).exists():
        epost_varsler.delay()
    return resultat


@shared_task(soft_time_limit=60, time_limit=90)
def paminnelser_lever() -> int:
    levert, slutt = 0, monotonic() + ARBEIDSTID_SEKUNDER
    while True:
        antall = services.paminnelser_lever(antall=100)
        levert += antall
        if antall == 0:
            break
        if monotonic() > slutt:
            paminnelser_lever.delay()
            break
    if levert:
        epost_varsler.delay()
    return levert


@shared_task(
    autoretry_for=EPOST_FEIL,
    retry_backoff=True,
    retry_backoff_max=100,  # below the broker visibility timeout
    max_retries=8,
    soft_time_limit=60,
    time_limit=90,
)
def epost_varsler() -> int:
    """Send waiting reminder e-mails one by one, each marked sent in its own transaction."""
    sendt, slutt = 0, monotonic() + ARBEIDSTID_SEKUNDER
    while services.varsel_epost_send_neste():
        sendt += 1
        if monotonic() > slutt:
            epost_varsler.delay()
            break
    return sendt
