"""The overview as PDF, rendered on the `pdf` queue (`pdf_*` tasks are routed there). The task
takes an id and is idempotent: a finished print is not rendered again."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from oversikt.models import OversiktUtskrift
from oversikt.rapport import oversikt_pdf, utvalg_for_utskrift

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=120, time_limit=150)
def pdf_oversikt(utskrift_id: int) -> None:
    with transaction.atomic():
        utskrift = (
            OversiktUtskrift.objects.select_for_update(of=("self",))
            .select_related("organisasjon", "enhet")
            .get(pk=utskrift_id)
        )
        if utskrift.status == OversiktUtskrift.Status.FERDIG and utskrift.fil:
            return
        try:
            pdf = oversikt_pdf(
                utvalg_for_utskrift(utskrift), utenfor=utskrift.utenfor_organisasjonen
            )
        except Exception:
            logger.exception("PDF av oversikten %s feilet", utskrift_id)
            utskrift.status = OversiktUtskrift.Status.FEILET
            utskrift.save(update_fields=["status"])
            return
        utskrift.fil.save(
            f"ke-oversikt-{utskrift.pk}-{utskrift.fra:%Y%m%d}-{utskrift.til:%Y%m%d}.pdf",
            ContentFile(pdf),
            save=False,
        )
        utskrift.status = OversiktUtskrift.Status.FERDIG
        utskrift.ferdig = timezone.now()
        utskrift.save(update_fields=["fil", "status", "ferdig"])
