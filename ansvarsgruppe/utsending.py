"""The background work the ansvarsgruppe services start, called by the tasks: the notice by
e-mail with an iCalendar attachment, the approved minutes as PDF and a notice that they can be
read. Each is idempotent: what was already sent for this sequence or revision is not sent again.

No health data by e-mail (Normen; issue 14 point 8): one recipient per e-mail, no patient, no
agenda, no reason for a cancellation, no minutes attached. A notice carries the time and place
(what the .ics carries) and a link to the meeting page behind the login; members who do not log
in get the printed invitation letter and the printed minutes (listed on the meeting page).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ansvarsgruppe import pdf
from ansvarsgruppe.kalender import innkalling_ics
from ansvarsgruppe.models import Mote, Referat
from ansvarsgruppe.selectors import med_innlogging, mottakere
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
        tekst = (
            f"{'Møtet er avlyst.' if avlyst else 'Du er innkalt til ansvarsgruppemøte.'}\n\n"
            f"Tid: {start:%d.%m.%Y kl. %H:%M}–{timezone.localtime(mote.slutt):%H:%M}\n"
            f"Sted: {mote.sted or mote.videolenke}\n\n"
            "Av personvernhensyn står det ikke i e-posten hvem møtet gjelder"
            f"{' eller hvorfor det er avlyst' if avlyst else ' eller hva som skal tas opp'}. "
            f"Ansatte logger inn for å se møtet: {_lenke('ansvarsgruppe:mote-detalj', mote.pk)}\n"
            "Andre får vite mer av koordinatoren."
        )
        for adresse in adresser:  # one recipient per e-mail: nobody sees who else is invited
            epost = EmailMessage(subject=emne, body=tekst, to=[adresse])
            epost.attach(
                "innkalling.ics",
                innkalling_ics(mote, mottakere=[adresse], avlyst=avlyst),
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


def _lenke(url_navn: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(url_navn, kwargs={"pk": pk})


def referat_send(*, referat_id: int, revisjon: int) -> bool:
    """Tell each entitled member who logs in, in an e-mail of their own, that approved minutes
    can be read, with a link: no content, no attachment. Once per revision. Members who do not
    log in get the printed minutes (the meeting page lists them)."""
    with transaction.atomic():
        referat = (
            Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat_id)
        )
        if referat.sendt_revisjon >= revisjon or not referat.pdf:
            return False
        start = timezone.localtime(referat.mote.start)
        for adresse in sorted({m.adresse for m in med_innlogging(referat.mote.gruppe)}):
            EmailMessage(
                subject=f"Nytt referat fra ansvarsgruppemøte {start:%d.%m.%Y}",
                body=(
                    "Det er godkjent et referat fra et ansvarsgruppemøte du er medlem av.\n\n"
                    "Av personvernhensyn står innholdet ikke i e-posten. Logg inn for å lese "
                    f"det: {_lenke('ansvarsgruppe:mote-detalj', referat.mote_id)}"
                ),
                to=[adresse],
            ).send()
        referat.sendt_revisjon = revisjon
        referat.save(update_fields=["sendt_revisjon"])
        return True
