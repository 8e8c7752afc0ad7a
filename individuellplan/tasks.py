"""PDF rendering of plans on the `pdf` queue. Tasks take ids and are idempotent: running one
again after the file exists does nothing."""

import logging

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from felles.pdf import mal_til_pdf
from individuellplan.innhold import filtrert_innhold, plan_innhold
from individuellplan.models import PlanUtskrift, PlanVersjon
from koordinering.models import PlanDel

logger = logging.getLogger(__name__)


def render_plan_pdf(*, innhold: dict, tittel: str, fodselsnummer: str | None = None) -> bytes:
    return mal_til_pdf(
        "individuellplan/plan_pdf.html",
        {"innhold": innhold, "fodselsnummer": fodselsnummer, "deler": PlanDel},
        tittel=tittel,
    )


@shared_task(soft_time_limit=60, time_limit=90)
def pdf_plan_versjon(versjon_id: int) -> None:
    """Render a published version once and store it with the version."""
    with transaction.atomic():
        versjon = PlanVersjon.objects.select_for_update(of=("self",)).get(pk=versjon_id)
        if versjon.pdf:
            return
        pdf = render_plan_pdf(
            innhold=versjon.innhold,
            tittel=f"Individuell plan, versjon {versjon.nummer}",
        )
        versjon.pdf.save(f"plan-{versjon.plan_id}-v{versjon.nummer}.pdf", ContentFile(pdf))


@shared_task(soft_time_limit=60, time_limit=90)
def pdf_plan_utskrift(utskrift_id: int) -> None:
    """Render a requested print (the current plan, or a version limited to the reader's parts)."""
    with transaction.atomic():
        utskrift = (
            # Lock only the print row: the version join is nullable (an outer join), and
            # PostgreSQL cannot lock the nullable side of an outer join.
            PlanUtskrift.objects.select_for_update(of=("self",))
            .select_related("plan__pasient", "plan__eier", "plan__eier_enhet", "versjon")
            .get(pk=utskrift_id)
        )
        if utskrift.status == PlanUtskrift.Status.FERDIG and utskrift.fil:
            return
        plan = utskrift.plan
        innhold = utskrift.versjon.innhold if utskrift.versjon else plan_innhold(plan)
        tittel = (
            f"Individuell plan, versjon {utskrift.versjon.nummer}"
            if utskrift.versjon
            else "Individuell plan"
        )
        try:
            pdf = render_plan_pdf(
                innhold=filtrert_innhold(innhold, utskrift.plandeler),
                tittel=tittel,
                fodselsnummer=plan.pasient.fodselsnummer if utskrift.med_fodselsnummer else None,
            )
        except Exception:
            logger.exception("PDF for utskrift %s feilet", utskrift_id)
            utskrift.status = PlanUtskrift.Status.FEILET
            utskrift.save(update_fields=["status"])
            return
        utskrift.fil.save(
            f"plan-{plan.pk}-utskrift-{utskrift.pk}.pdf", ContentFile(pdf), save=False
        )
        utskrift.status = PlanUtskrift.Status.FERDIG
        utskrift.ferdig = timezone.now()
        utskrift.save(update_fields=["fil", "status", "ferdig"])
