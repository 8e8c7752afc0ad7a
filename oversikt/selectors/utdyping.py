"""Drill-down: the patients behind a number on the overview, from the same records the number
counts (the figure's `Nokkeltall`)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery, Value

from koordinering.models import Pasient
from oversikt.selectors.dekning import NOKKELTALL as DEKNING
from oversikt.selectors.forfalt import NOKKELTALL as FORFALT
from oversikt.selectors.koordinatorer import NOKKELTALL as KOORDINATORER
from oversikt.selectors.meldinger import NOKKELTALL as MELDINGER
from oversikt.selectors.trender import NOKKELTALL as TRENDER
from oversikt.selectors.utvalg import Nokkeltall, Utvalg
from oversikt.selectors.ventetid import NOKKELTALL as VENTETID
from oversikt.sql import uten_jit

# Every figure that has a patient list, by its drill-down code (the `maal` URL parameter).
NOKKELTALL: dict[str, Nokkeltall] = (
    DEKNING | VENTETID | FORFALT | KOORDINATORER | MELDINGER | TRENDER
)


@dataclass
class Utdyping:
    nokkeltall: Nokkeltall
    pasienter: QuerySet  # visible to the user, with `dato` (the first record's date) and
    # `tilbakedatert` (one of the patient's records has a back-dated appointment)
    antall_i_tallet: int  # patients behind the number, visible or not


def utdyping(*, user, u: Utvalg, kode: str, parametre: dict) -> Utdyping:
    """The patients behind a number: the figure's records, restricted to patients the user may
    see now (`visible_to`, which also gives the access basis for the log). Raises KeyError or
    ValueError for an unknown figure or parameter."""
    nokkeltall = NOKKELTALL[kode]
    uten_jit()
    ukjente = set(parametre) - set(nokkeltall.parametre)
    if ukjente:
        raise ValueError(ukjente)
    poster = nokkeltall.poster(u, parametre)
    antall_i_tallet = poster.aggregate(n=Count(nokkeltall.pasientfelt, distinct=True))["n"]
    forste = (
        poster.filter(**{nokkeltall.pasientfelt: OuterRef("pk")})
        .order_by(nokkeltall.datofelt, "pk")
        .values(nokkeltall.datofelt)[:1]
    )
    tilbakedatert = (
        Exists(poster.filter(nokkeltall.tilbakedatert, **{nokkeltall.pasientfelt: OuterRef("pk")}))
        if nokkeltall.tilbakedatert is not None
        else Value(False)
    )
    pasienter = (
        Pasient.objects.visible_to(user)
        .filter(pk__in=poster.values(nokkeltall.pasientfelt))
        .annotate(dato=Subquery(forste), tilbakedatert=tilbakedatert)
        .order_by(F("dato").asc(nulls_last=True), "etternavn", "fornavn", "pk")
    )
    return Utdyping(nokkeltall=nokkeltall, pasienter=pasienter, antall_i_tallet=antall_i_tallet)
