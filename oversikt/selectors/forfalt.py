"""Overdue work: plan evaluations, action items, unanswered messages and expired consents,
by unit and by the patient's koordinator."""

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ansvarsgruppe.models import Oppgave
from koordinering.models import Samtykke
from meldinger.models import Melding
from oversikt.selectors.utvalg import (
    Nokkeltall,
    Utvalg,
    aapne_planer,
    ansattnavn,
    enhetsrader,
    id_eller_ingen,
    pasientens_enhet,
    pasientens_koordinator,
    rad_id,
    tilknytninger,
)
from oversikt.tabeller import Tabell, antall, navn, tekst

if TYPE_CHECKING:
    from oversikt.selectors import Beregning


def forfalte_evalueringer(u: Utvalg) -> QuerySet:
    return (
        aapne_planer(u, u.per)
        .filter(neste_evaluering__lt=u.per)
        .annotate(
            rad_enhet=F("eier_enhet_id"), rad_koordinator=pasientens_koordinator(u, "pasient_id")
        )
    )


def forfalte_oppgaver(u: Utvalg) -> QuerySet:
    felt = "referat__mote__gruppe__pasient_id"
    oppgaver = Oppgave.objects.aapne().filter(
        referat__mote__gruppe__organisasjon_id=u.org_id, frist__lt=u.per
    )
    if u.enheter is not None:
        oppgaver = oppgaver.filter(
            Exists(tilknytninger(u, u.idag).filter(pasient_id=OuterRef(felt)))
        )
    return oppgaver.annotate(
        rad_enhet=pasientens_enhet(u, felt, u.idag),
        rad_koordinator=pasientens_koordinator(u, felt),
    )


def ubesvarte_meldinger(u: Utvalg) -> QuerySet:
    return Melding.objects.filter(
        u.i_enhetene("mottaker_enhet_id"),
        mottaker_organisasjon_id=u.org_id,
        status__in=Melding.VENTER_PAA_SVAR,
        svarfrist__lt=u.per,
    ).annotate(
        rad_enhet=F("mottaker_enhet_id"),
        rad_koordinator=pasientens_koordinator(u, "pasient_id"),
    )


def utlopte_samtykker(u: Utvalg) -> QuerySet:
    """Consents that had expired by `per`, of patients the organisation follows today who have
    no valid consent today."""
    return (
        Samtykke.objects.filter(trukket_tid__isnull=True, gyldig_til__lt=u.per)
        .filter(Exists(tilknytninger(u, u.idag).filter(pasient_id=OuterRef("pasient_id"))))
        .exclude(Exists(Samtykke.objects.gyldige(u.idag).filter(pasient_id=OuterRef("pasient_id"))))
        .annotate(
            rad_enhet=pasientens_enhet(u, "pasient_id", u.idag),
            rad_koordinator=pasientens_koordinator(u, "pasient_id"),
        )
    )


def _rad(qs: QuerySet, p: dict) -> QuerySet:
    """Narrow overdue work to one row of its table: a unit or a koordinator («ingen»: none)."""
    for navn_, felt in (("rad_enhet", "rad_enhet"), ("koordinator", "rad_koordinator")):
        if navn_ in p:
            verdi = id_eller_ingen(p[navn_])
            qs = qs.filter(**{f"{felt}__isnull": True} if verdi is None else {felt: verdi})
    return qs


NOKKELTALL: dict[str, Nokkeltall] = {
    "forfalt_evaluering": Nokkeltall(
        _l("Pasienter med forfalt evaluering av individuell plan"),
        lambda u, p: _rad(forfalte_evalueringer(u), p),
        datofelt="neste_evaluering",
        datotittel=_l("Evaluering forfalt"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "forfalt_oppgave": Nokkeltall(
        _l("Pasienter med forfalte oppfølgingspunkter"),
        lambda u, p: _rad(forfalte_oppgaver(u), p),
        pasientfelt="referat__mote__gruppe__pasient_id",
        datofelt="frist",
        datotittel=_l("Eldste frist"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "forfalt_melding": Nokkeltall(
        _l("Pasienter med ubesvarte meldinger etter svarfristen"),
        lambda u, p: _rad(ubesvarte_meldinger(u), p),
        datofelt="svarfrist",
        datotittel=_l("Eldste svarfrist"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "forfalt_samtykke": Nokkeltall(
        _l("Pasienter uten gyldig samtykke (utløpt)"),
        lambda u, p: _rad(utlopte_samtykker(u), p),
        datofelt="gyldig_til",
        datotittel=_l("Samtykket utløp"),
        dagertittel=_l("Dager siden"),
        parametre=("rad_enhet", "koordinator"),
    ),
}


FORFALT = [
    # (drill-down, records, how they are counted, column)
    ("forfalt_evaluering", forfalte_evalueringer, Count("pk"), _l("Forfalte evalueringer")),
    ("forfalt_oppgave", forfalte_oppgaver, Count("pk"), _l("Forfalte oppfølgingspunkter")),
    ("forfalt_melding", ubesvarte_meldinger, Count("pk"), _l("Ubesvarte meldinger")),
    (
        "forfalt_samtykke",
        utlopte_samtykker,
        Count("pasient_id", distinct=True),
        _l("Pasienter med utløpt samtykke"),
    ),
]


def forfalt(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    """Open work whose deadline passed before the end of the period, by unit and by the
    patient's koordinator: one GROUP BY query per kind of work."""
    navn_ = b.ansattnavn if b else ansattnavn(u)
    per_enhet: dict = {}
    per_koordinator: dict = {}
    totalt = dict.fromkeys((kode for kode, *_ in FORFALT), 0)
    for kode, poster, telling, _kolonne in FORFALT:
        for r in poster(u).order_by().values("rad_enhet", "rad_koordinator").annotate(n=telling):
            per_enhet.setdefault(r["rad_enhet"], dict.fromkeys(totalt, 0))[kode] += r["n"]
            per_koordinator.setdefault(r["rad_koordinator"], dict.fromkeys(totalt, 0))[kode] += r[
                "n"
            ]
            totalt[kode] += r["n"]
    kolonner = [str(kolonne) for *_, kolonne in FORFALT]
    beskrivelse = _(
        "Åpent arbeid med frist før %(dato)s: evalueringer av planer vi eier, "
        "oppfølgingspunkter fra våre ansvarsgrupper, meldinger til oss som venter på svar, og "
        "pasienter vi følger som ikke har gyldig samtykke fordi det har utløpt."
    ) % {"dato": f"{u.per:%d.%m.%Y}"}

    def rad(tittel: str, tall: dict, **lenke):
        return [tekst(tittel), *(antall(tall[kode], maal=kode, **lenke) for kode in totalt)]

    enhet = Tabell(
        "forfalt-enhet",
        _("Forfalt arbeid per enhet"),
        [_("Enhet"), *kolonner],
        beskrivelse=beskrivelse,
        sumrad=True,
    )
    for e in enhetsrader(u, per_enhet):
        enhet.rader.append(rad(u.enhet_navn(e), per_enhet[e], rad_enhet=rad_id(e)))
    enhet.rader.append(rad(_("Alle enheter"), totalt))

    koordinator = Tabell(
        "forfalt-koordinator",
        _("Forfalt arbeid per koordinator"),
        [_("Koordinator"), *kolonner],
        beskrivelse=_("Koordinator: pasientens aktive koordinator eller barnekoordinator."),
        sumrad=True,
    )
    for k in sorted(
        per_koordinator,
        key=lambda k: (
            k is None,
            -sum(per_koordinator[k].values()),
            navn_.get(k, "").casefold(),
            k or 0,
        ),
    ):
        tittel = navn(navn_.get(k, str(k)), k) if k is not None else tekst(_("Ingen koordinator"))
        koordinator.rader.append(
            [
                tittel,
                *(
                    antall(per_koordinator[k][kode], maal=kode, koordinator=rad_id(k))
                    for kode in totalt
                ),
            ]
        )
    koordinator.rader.append(rad(_("Alle"), totalt))
    return [enhet, koordinator]
