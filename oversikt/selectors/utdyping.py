"""Drill-down: the patients behind a number on the overview, from the same records the number
counts (the figure's `Maal`)."""

from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, QuerySet, Subquery

from koordinering.models import Pasient
from oversikt.selectors.dekning import MAAL as DEKNING
from oversikt.selectors.forfalt import MAAL as FORFALT
from oversikt.selectors.koordinatorer import MAAL as KOORDINATORER
from oversikt.selectors.meldinger import MAAL as MELDINGER
from oversikt.selectors.trender import MAAL as TRENDER
from oversikt.selectors.utvalg import Maal, Utvalg
from oversikt.selectors.ventetid import MAAL as VENTETID
from oversikt.sql import uten_jit

# Every figure that has a patient list, by its drill-down code (the `maal` URL parameter).
MAAL: dict[str, Maal] = DEKNING | VENTETID | FORFALT | KOORDINATORER | MELDINGER | TRENDER


@dataclass
class Utdyping:
    maal: Maal
    pasienter: QuerySet  # visible to the user, with `dato` (the first record's date)
    antall_i_tallet: int  # patients behind the number, visible or not


def utdyping(*, user, u: Utvalg, kode: str, parametre: dict) -> Utdyping:
    """The patients behind a number: the figure's records, restricted to patients the user may
    see now (`visible_to`, which also gives the access basis for the log). Raises KeyError or
    ValueError for an unknown figure or parameter."""
    maal = MAAL[kode]
    uten_jit()
    ukjente = set(parametre) - set(maal.parametre)
    if ukjente:
        raise ValueError(ukjente)
    poster = maal.poster(u, parametre)
    antall_i_tallet = poster.aggregate(n=Count(maal.pasientfelt, distinct=True))["n"]
    forste = (
        poster.filter(**{maal.pasientfelt: OuterRef("pk")})
        .order_by(maal.datofelt, "pk")
        .values(maal.datofelt)[:1]
    )
    pasienter = (
        Pasient.objects.visible_to(user)
        .filter(pk__in=poster.values(maal.pasientfelt))
        .annotate(dato=Subquery(forste))
        .order_by(F("dato").asc(nulls_last=True), "etternavn", "fornavn", "pk")
    )
    return Utdyping(maal=maal, pasienter=pasienter, antall_i_tallet=antall_i_tallet)
