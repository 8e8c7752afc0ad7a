"""Read model of the KE overview: coverage, waiting times, overdue work, coordinators,
messages and trends for one organisation, a unit with its sub-units, and a period.

Every figure is aggregated in SQL (GROUP BY, FILTER, `percentile_cont`) over the organisation's
own records, so the number of queries is fixed whatever the number of patients, and nothing
loops over patients in Python. Each figure is defined once, as a queryset of records (a
`Nokkeltall`), and both the number on the overview and the patient list behind it (`utdyping`)
come from that same queryset: the list cannot disagree with the number.

What belongs to the organisation: its need reports, appointments, plans it owns (and plans of
another organisation that a valid consent shares with it), its ansvarsgrupper with their
meetings and action items, messages it sent or received, and the consents of patients it
follows (an active `Tilknytning`). Records of other organisations are never counted.

Units: a record counts under the unit it names (need report → the unit it was reported to,
appointment → the appointing unit, plan → the responsible unit, message → the receiving or
sending unit). Records without a unit of their own (ansvarsgruppe, meetings, action items,
consents) count under the patient's unit: the unit of the patient's active connection in the
organisation (the earliest, when there are several). «Koordinator» in the overdue tables is
the patient's active koordinator or barnekoordinator in the organisation.

The sections live in their own modules (`dekning`, `ventetid`, `forfalt`, `koordinatorer`,
`meldinger`, `trender`) on the shared selection and records in `utvalg`; `utdyping` lists the
patients behind a number. This module holds the registry of sections and tables and what the
rest of the app imports.
"""

from collections.abc import Callable
from functools import cached_property

from django.db import transaction

from oversikt.selectors.dekning import dekning
from oversikt.selectors.forfalt import forfalt
from oversikt.selectors.koordinatorer import koordinatorer
from oversikt.selectors.meldinger import RETNINGER, Meldingsdata, meldingsdata, meldingstall
from oversikt.selectors.trender import trender
from oversikt.selectors.utdyping import NOKKELTALL, Utdyping, utdyping
from oversikt.selectors.utvalg import INGEN, Enhetstre, Nokkeltall, Utvalg, ansattnavn
from oversikt.selectors.ventetid import ventetid
from oversikt.sql import uten_jit
from oversikt.tabeller import Tabell

__all__ = [
    "INGEN",
    "NOKKELTALL",
    "RETNINGER",
    "SEKSJONER",
    "TABELLER",
    "Beregning",
    "Enhetstre",
    "Nokkeltall",
    "Utdyping",
    "Utvalg",
    "dekning",
    "forfalt",
    "koordinatorer",
    "meldingstall",
    "oversikt_tabeller",
    "tabell_for",
    "trender",
    "utdyping",
    "ventetid",
]

SEKSJONER: dict[str, Callable[..., list[Tabell]]] = {
    "dekning": dekning,
    "ventetid": ventetid,
    "forfalt": forfalt,
    "koordinatorer": koordinatorer,
    "meldinger": meldingstall,
    "trender": trender,
}
TABELLER = {
    # table → the section that makes it
    "dekning-status": "dekning",
    "dekning-behov": "dekning",
    "ventetid-enhet": "ventetid",
    "ventetid-behov": "ventetid",
    "kontaktlege": "ventetid",
    "forfalt-enhet": "forfalt",
    "forfalt-koordinator": "forfalt",
    "koordinatorer": "koordinatorer",
    "belastning": "koordinatorer",
    "meldinger-volum": "meldinger",
    "meldinger-svar": "meldinger",
    "trender": "trender",
}


class Beregning:
    """What several sections share, computed at most once per overview."""

    def __init__(self, u: Utvalg):
        self.u = u

    @cached_property
    def ansattnavn(self) -> dict[int, str]:
        return ansattnavn(self.u)

    @cached_property
    def meldinger(self) -> Meldingsdata:
        return meldingsdata(self.u)


def oversikt_tabeller(u: Utvalg, seksjoner=None) -> dict[str, Tabell]:
    """Every table of the overview (or of the named sections), by export name. The number of
    queries is the same whatever the amount of data."""
    b = Beregning(u)
    tabeller = {}
    with transaction.atomic():
        uten_jit()
        for seksjon in seksjoner or SEKSJONER:
            tabeller |= {t.noekkel: t for t in SEKSJONER[seksjon](u, b)}
    return tabeller


def tabell_for(u: Utvalg, noekkel: str) -> Tabell:
    return oversikt_tabeller(u, [TABELLER[noekkel]])[noekkel]
