"""The scan behind the session check in tests/conftest.py (issue 14 point 8): no log line and no
e-mail of a test run may hold a valid fødselsnummer or a demo patient's name, and no e-mail
may carry an attachment other than the calendar invitation."""

import re

from django.core.exceptions import ValidationError

from demo.oppsett import DEMO_PASIENTER
from felles.fodselsnummer import tolk_identitetsnummer

# Eleven digits, also «DDMMÅÅ NNNNN» with a space, dot or dash, standing alone: not part of a
# longer number or of an id such as a UUID (hex digits next to letters).
_KANDIDAT = re.compile(r"(?<![0-9A-Za-z])(\d{6})[ .\-]?(\d{5})(?![0-9A-Za-z])")
DEMO_NAVN = tuple(f"{p.fornavn} {p.etternavn}" for p in DEMO_PASIENTER)
TILLATTE_VEDLEGG = {"innkalling.ics"}


def funn_i_tekst(tekst: str) -> list[str]:
    """What in `tekst` is a valid fødselsnummer (synthetic numbers included) or a demo patient's
    name."""
    funn = []
    for treff in _KANDIDAT.finditer(tekst):
        try:
            tolk_identitetsnummer(treff[1] + treff[2], tillat_syntetisk=True)
        except ValidationError:
            continue
        funn.append(f"fødselsnummer {treff[0]}")
    return funn + [f"pasientnavn {navn}" for navn in DEMO_NAVN if navn in tekst]


def _tekst(innhold) -> str:
    return innhold.decode("utf-8", "replace") if isinstance(innhold, bytes) else str(innhold)


def funn_i_epost(epost) -> list[str]:
    """`epost` is an EmailMessage: its subject, body, alternatives and attachments are scanned."""
    deler = [epost.subject, epost.body]
    deler += [_tekst(innhold) for innhold, _type in getattr(epost, "alternatives", [])]
    funn = []
    for vedlegg in epost.attachments:
        navn, innhold = (
            (vedlegg[0], vedlegg[1])
            if isinstance(vedlegg, tuple)
            else (
                vedlegg.get_filename(),
                vedlegg.get_payload(decode=True),
            )
        )
        if navn not in TILLATTE_VEDLEGG:
            funn.append(f"vedlegg {navn}")
        deler += [navn or "", _tekst(innhold)]
    return funn + [f for del_ in deler for f in funn_i_tekst(del_)]
