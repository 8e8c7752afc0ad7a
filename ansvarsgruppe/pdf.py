"""The minutes as a PDF a family can read, sign and file (same safe renderer as the plan)."""

from ansvarsgruppe.models import Gruppemedlem, Mote, Referat
from felles.pdf import mal_til_pdf


def saker_med_notater(referat: Referat) -> list[tuple]:
    notater = {n.sakspunkt_id: n for n in referat.notater.all()}
    return [(sak, notater.get(sak.pk)) for sak in referat.mote.sakspunkter.all()]


def render_referat_pdf(referat: Referat) -> bytes:
    mote = referat.mote
    return mal_til_pdf(
        "ansvarsgruppe/referat_pdf.html",
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


def render_innkallingsbrev(mote: Mote, medlemmer: list[Gruppemedlem]) -> bytes:
    """One letter per member without e-mail: when and where, who calls, and how to reach the
    koordinator. Nothing about the patient's health."""
    gruppe = mote.gruppe
    return mal_til_pdf(
        "ansvarsgruppe/innkallingsbrev_pdf.html",
        {
            "mote": mote,
            "pasient": gruppe.pasient,
            "medlemmer": medlemmer,
            "innkalt_av": mote.innkalt_av,
            "koordinator": gruppe.leder or mote.innkalt_av,
        },
        tittel="Innkalling til ansvarsgruppemøte",
    )
