"""The plan as a PDF a person can read, sign and file (the safe renderer in `felles.pdf`)."""

from felles.pdf import mal_til_pdf
from koordinering.models import PlanDel


def render_plan_pdf(*, innhold: dict, tittel: str, fodselsnummer: str | None = None) -> bytes:
    return mal_til_pdf(
        "individuellplan/plan_pdf.html",
        {"innhold": innhold, "fodselsnummer": fodselsnummer, "deler": PlanDel},
        tittel=tittel,
    )
