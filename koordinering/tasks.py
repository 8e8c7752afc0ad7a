"""E-mail and PDF tasks for ansvarsgruppe meetings. Tasks take ids, are idempotent (a notice
or minutes already sent for this sequence/revision is not sent again), and e-mail is retried
with backoff when the mail server fails. Bookkeeping fields are saved with `save()`, so the
history shows when notices and minutes went out."""

import logging
import smtplib

from celery import shared_task
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from felles.pdf import mal_til_pdf
from koordinering.kalender import innkalling_ics
from koordinering.models import Gruppemedlem, Mote, Referat, Samtykke

logger = logging.getLogger(__name__)
EPOST_FEIL = (smtplib.SMTPException, OSError)


def mottakere(gruppe) -> list[str]:
    """Addresses of the active members entitled to notices and minutes: the group's own
    organisation, the patient, relatives who may receive information, staff of another
    organisation only while a valid consent shares with them, and external members only while a
    valid consent to the plan process and information exchange exists."""
    idag = timezone.localdate()
    medlemmer = (
        gruppe.medlemmer.filter(fra__lte=idag)
        .exclude(til__lt=idag)
        .select_related("ansatt__bruker", "parorende", "gruppe__pasient")
    )
    samtykker = Samtykke.objects.gyldige(idag).filter(pasient_id=gruppe.pasient_id)
    delt_med_org = set(samtykker.values_list("organisasjoner", flat=True))
    delt_med_person = set(samtykker.values_list("personer", flat=True))
    planprosess = samtykker.filter(gjelder_planprosess=True).exists()

    def har_rett(m: Gruppemedlem) -> bool:
        if m.type == Gruppemedlem.Type.PARORENDE:
            return m.parorende.kan_motta_informasjon
        if (
            m.type == Gruppemedlem.Type.ANSATT
            and m.ansatt.organisasjon_id != gruppe.organisasjon_id
        ):
            return m.ansatt.organisasjon_id in delt_med_org or m.ansatt_id in delt_med_person
        if m.type == Gruppemedlem.Type.EKSTERN:
            return planprosess
        return True

    adresser = [m.adresse for m in medlemmer if m.adresse and har_rett(m)]
    return sorted(set(adresser))


@shared_task(
    autoretry_for=EPOST_FEIL,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    soft_time_limit=30,
    time_limit=60,
)
def epost_innkalling(mote_id: int, sekvens: int) -> None:
    """The notice, update or cancellation with an iCalendar attachment, sent once per SEQUENCE."""
    with transaction.atomic():
        mote = Mote.objects.select_for_update().select_related("gruppe__pasient").get(pk=mote_id)
        if mote.sendt_sekvens >= sekvens:
            return
        adresser = mottakere(mote.gruppe)
        avlyst = mote.status == Mote.Status.AVLYST
        start = timezone.localtime(mote.start)
        emne = ("Avlyst: " if avlyst else ("Endret: " if sekvens else "")) + (
            f"Ansvarsgruppemøte {start:%d.%m.%Y kl. %H:%M}"
        )
        tekst = (
            f"{'Møtet er avlyst.' if avlyst else 'Du er innkalt til ansvarsgruppemøte.'}\n\n"
            f"Tid: {start:%d.%m.%Y kl. %H:%M}–{timezone.localtime(mote.slutt):%H:%M}\n"
            f"Sted: {mote.sted or mote.videolenke}\n\n"
            + "\n".join(f"{i}. {s.tittel}" for i, s in enumerate(mote.sakspunkter.all(), 1))
        )
        if adresser:
            epost = EmailMessage(subject=emne, body=tekst, to=adresser)
            epost.attach(
                "innkalling.ics",
                innkalling_ics(mote, mottakere=adresser, avlyst=avlyst),
                f"text/calendar; charset=utf-8; method={'CANCEL' if avlyst else 'REQUEST'}",
            )
            epost.send()
        mote.sendt_sekvens = sekvens
        mote.save(update_fields=["sendt_sekvens"])


def saker_med_notater(referat: Referat) -> list[tuple]:
    notater = {n.sakspunkt_id: n for n in referat.notater.all()}
    return [(sak, notater.get(sak.pk)) for sak in referat.mote.sakspunkter.all()]


def render_referat_pdf(referat: Referat) -> bytes:
    mote = referat.mote
    return mal_til_pdf(
        "koordinering/referat_pdf.html",
        {
            "referat": referat,
            "mote": mote,
            "pasient": mote.gruppe.pasient,
            "til_stede": list(referat.til_stede.all()),
            "medlemmer": list(mote.gruppe.medlemmer.all()),
            "saker": saker_med_notater(referat),
            "oppgaver": list(referat.oppgaver.select_related("ansvarlig__ansatt__bruker")),
            "evaluering": referat.evaluering,
        },
        tittel="Referat fra ansvarsgruppemøte",
    )


@shared_task(soft_time_limit=60, time_limit=90)
def pdf_referat(referat_id: int) -> None:
    """Render the approved minutes once per revision, store them, then send them."""
    with transaction.atomic():
        referat = (
            Referat.objects.select_for_update()
            .select_related("mote__gruppe__pasient")
            .get(pk=referat_id)
        )
        if referat.pdf and referat.pdf_revisjon == referat.revisjon:
            return
        pdf = render_referat_pdf(referat)
        referat.pdf.save(
            f"referat-{referat.mote_id}-r{referat.revisjon}.pdf", ContentFile(pdf), save=False
        )
        Referat.objects.filter(pk=referat.pk).update(
            pdf=referat.pdf.name, pdf_revisjon=referat.revisjon
        )
        revisjon = referat.revisjon
        transaction.on_commit(lambda: epost_referat.delay(referat_id, revisjon))


@shared_task(
    autoretry_for=EPOST_FEIL,
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    soft_time_limit=30,
    time_limit=60,
)
def epost_referat(referat_id: int, revisjon: int) -> None:
    with transaction.atomic():
        referat = (
            Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat_id)
        )
        if referat.sendt_revisjon >= revisjon or not referat.pdf:
            return
        adresser = mottakere(referat.mote.gruppe)
        if adresser:
            start = timezone.localtime(referat.mote.start)
            epost = EmailMessage(
                subject=f"Referat fra ansvarsgruppemøte {start:%d.%m.%Y}",
                body="Vedlagt er det godkjente referatet fra ansvarsgruppemøtet.",
                to=adresser,
            )
            with referat.pdf.open("rb") as fil:
                epost.attach("referat.pdf", fil.read(), "application/pdf")
            epost.send()
        referat.sendt_revisjon = revisjon
        referat.save(update_fields=["sendt_revisjon"])
