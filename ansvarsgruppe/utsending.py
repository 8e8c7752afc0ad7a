"""The background work the ansvarsgruppe services start, called by the tasks: the notice by
e-mail with an iCalendar attachment, the approved minutes as PDF and by e-mail. Each is
idempotent: what was already sent for this sequence or revision is not sent again."""

from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from ansvarsgruppe import pdf
from ansvarsgruppe.kalender import innkalling_ics
from ansvarsgruppe.models import Mote, Referat
from ansvarsgruppe.selectors import mottakere
from felles.jobber import etter_commit
from felles.utskrift import utskrift_lag


def innkalling_send(*, mote_id: int, sekvens: int) -> bool:
    """E-mail the notice, update or cancellation with an iCalendar attachment, once per
    SEQUENCE. Returns whether it was sent now."""
    with transaction.atomic():
        mote = Mote.objects.select_for_update().select_related("gruppe__pasient").get(pk=mote_id)
        if mote.sendt_sekvens >= sekvens:
            return False
        adresser = mottakere(mote.gruppe)
        avlyst = mote.status == Mote.Status.AVLYST
        start = timezone.localtime(mote.start)
        emne = ("Avlyst: " if avlyst else ("Endret: " if sekvens else "")) + (
            f"Ansvarsgruppemøte {start:%d.%m.%Y kl. %H:%M}"
        )
        grunn = f"Grunn: {mote.avlysningsgrunn}\n" if avlyst and mote.avlysningsgrunn else ""
        tekst = (
            f"{'Møtet er avlyst.' if avlyst else 'Du er innkalt til ansvarsgruppemøte.'}\n"
            f"{grunn}\n"
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
        return True


def referat_pdf_lag(*, referat_id: int) -> bool:
    """Render the approved minutes once per revision and store them; then send them."""
    referat = utskrift_lag(
        queryset=Referat.objects.select_related("mote__gruppe__pasient"),
        pk=referat_id,
        filfelt="pdf",
        er_laget=lambda r: bool(r.pdf) and r.pdf_revisjon == r.revisjon,
        lag_pdf=pdf.render_referat_pdf,
        filnavn=lambda r: f"referat-{r.mote_id}-r{r.revisjon}.pdf",
        ferdig=_pdf_revisjon_laget,
    )
    if referat is None:
        return False
    etter_commit("ansvarsgruppe.tasks.epost_referat", referat.pk, referat.revisjon)
    return True


def _pdf_revisjon_laget(referat: Referat) -> list[str]:
    referat.pdf_revisjon = referat.revisjon
    return ["pdf_revisjon"]


def referat_send(*, referat_id: int, revisjon: int) -> bool:
    """E-mail the approved minutes to the members entitled to them, once per revision."""
    with transaction.atomic():
        referat = (
            Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat_id)
        )
        if referat.sendt_revisjon >= revisjon or not referat.pdf:
            return False
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
        return True
