"""The plan as a PDF a person can read, sign and file (the safe renderer in `felles.pdf`).

A print holds only the parts its reader may see. When parts are missing (a reader of another
organisation, to whom a consent shares some parts), the document says so: it is an *extract*
(«Utdrag av individuell plan»), it names the parts left out, and it carries neither the
signature block nor the list of consents — those belong to the owner's full plan."""

from felles.pdf import mal_til_pdf
from koordinering.models import PlanDel


def utelatte_deler(innhold: dict) -> list[str]:
    """The labels of the plan parts that are not in `innhold` (see `filtrert_innhold`)."""
    return [str(d.label) for d in PlanDel if d.value not in innhold]


def plantittel(*, versjon: int | None = None, utdrag: bool = False) -> str:
    tittel = "Utdrag av individuell plan" if utdrag else "Individuell plan"
    return f"{tittel}, versjon {versjon}" if versjon else tittel


def _tiltak_med_maal(innhold: dict) -> list[dict]:
    """Each measure with the texts of the goals it serves (when the goals are in the print)."""
    maal = innhold.get(PlanDel.MAAL)
    tekster = {m["id"]: m["tekst"] for m in maal["maal"]} if maal else {}
    return [
        {**t, "maaltekster": [tekster[i] for i in t.get("maal", []) if i in tekster]}
        for t in innhold.get(PlanDel.TILTAK) or []
    ]


def render_plan_pdf(
    *, innhold: dict, versjon: int | None = None, fodselsnummer: str | None = None
) -> bytes:
    utelatt = utelatte_deler(innhold)
    return mal_til_pdf(
        "individuellplan/plan_pdf.html",
        {
            "innhold": innhold,
            "fodselsnummer": fodselsnummer,
            "deler": PlanDel,
            "utelatt": utelatt,
            "tiltak": _tiltak_med_maal(innhold),
            "maal_med": PlanDel.MAAL in innhold,
        },
        tittel=plantittel(versjon=versjon, utdrag=bool(utelatt)),
    )
