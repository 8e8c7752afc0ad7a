"""Waiting times from a reported need to the appointment (median and 90th percentile, by unit
and by need), needs waiting for a decision, and for hospitals kontaktlege/-psykolog by the
first working day. An appointment's time is the later of its stated start and the day it was
registered (server time), and a start stated more than a day before the registration is
counted as back-dated (`koordinering.regler.TILBAKEDATERT_ETTER_DAGER`)."""

from typing import TYPE_CHECKING

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Min, Q, QuerySet
from django.db.models.functions import Greatest, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from koordinering.models import Behov, Behovsmelding, Oppnevning
from koordinering.regler import TILBAKEDATERT_ETTER_DAGER
from oversikt.selectors.utvalg import (
    Nokkeltall,
    Utvalg,
    enhetsrader,
    id_eller_ingen,
    med_behov,
    rad_id,
    sortert,
    valg,
)
from oversikt.sql import Aggregat, DagerMellom, grupperinger, persentil
from oversikt.tabeller import Tabell, andel, antall, dager, dato, tekst

if TYPE_CHECKING:
    from oversikt.selectors import Beregning


def ventetider(u: Utvalg) -> QuerySet:
    """Appointments made from a need report of the organisation, started in the period."""
    return Oppnevning.objects.filter(
        u.i_enhetene("behovsmelding__enhet_id"),
        behovsmelding__organisasjon_id=u.org_id,
        startdato__gte=u.fra,
        startdato__lte=u.til,
    ).annotate(
        ventetid=DagerMellom(
            Greatest(F("startdato"), TruncDate("opprettet")), TruncDate("behovsmelding__opprettet")
        )
    )


def tilbakedatert(oppnevning: str = "") -> Q:
    """The appointment (at the path `oppnevning`, ending in "__") states a start more than
    `TILBAKEDATERT_ETTER_DAGER` before the day it was registered."""
    return Q(
        GreaterThan(
            DagerMellom(TruncDate(f"{oppnevning}opprettet"), F(f"{oppnevning}startdato")),
            TILBAKEDATERT_ETTER_DAGER,
        )
    )


def ventende_behov(u: Utvalg) -> QuerySet:
    """Need reports waiting for the leader's decision now."""
    return Behovsmelding.objects.filter(
        u.i_enhetene("enhet_id"), organisasjon_id=u.org_id, status=Behovsmelding.Status.VENTER
    )


def kontaktlegebehov(u: Utvalg) -> QuerySet:
    """Kontaktlege/-psykolog needs with an admission or examination in the period, decided or
    past the deadline (the first working day after), not declined."""
    return Behovsmelding.objects.filter(
        u.i_enhetene("enhet_id"),
        organisasjon_id=u.org_id,
        behov__in=[Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG],
        kontaktdato__gte=u.fra,
        kontaktdato__lte=u.til,
    ).filter(
        Q(status=Behovsmelding.Status.OPPNEVNT)
        | Q(status=Behovsmelding.Status.VENTER, frist__lt=u.idag)
    )


def _i_tide() -> Q:
    """Appointed by the deadline: the stated start and the registration both by then."""
    return Q(
        LessThanOrEqual(TruncDate("oppnevning__opprettet"), F("frist")),
        oppnevning__isnull=False,
        oppnevning__startdato__lte=F("frist"),
    )


def _enhet_rad(qs: QuerySet, p: dict, felt: str) -> QuerySet:
    if "rad_enhet" not in p:
        return qs
    verdi = id_eller_ingen(p["rad_enhet"])
    return qs.filter(**{f"{felt}__isnull": True} if verdi is None else {felt: verdi})


def _oppnevning_for_behov(qs: QuerySet, p: dict) -> QuerySet:
    if "behov" in p:
        return qs.filter(behovsmelding__behov=valg(p["behov"], Behov.values))
    return qs


NOKKELTALL: dict[str, Nokkeltall] = {
    "ventetid": Nokkeltall(
        _l("Pasienter oppnevnt etter meldt behov i perioden"),
        lambda u, p: _enhet_rad(
            _oppnevning_for_behov(ventetider(u), p), p, "behovsmelding__enhet_id"
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
        parametre=("rad_enhet", "behov"),
        tilbakedatert=tilbakedatert(),
    ),
    "tilbakedatert": Nokkeltall(
        _l("Pasienter med tilbakedatert oppnevning i perioden"),
        lambda u, p: _enhet_rad(
            _oppnevning_for_behov(ventetider(u).filter(tilbakedatert()), p),
            p,
            "behovsmelding__enhet_id",
        ),
        datofelt="startdato",
        datotittel=_l("Oppgitt startdato"),
        parametre=("rad_enhet", "behov"),
        tilbakedatert=tilbakedatert(),
    ),
    "behov_venter": Nokkeltall(
        _l("Pasienter med meldt behov som venter på beslutning"),
        lambda u, p: _enhet_rad(med_behov(ventende_behov(u), p), p, "enhet_id"),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        dagertittel=_l("Dager på vent"),
        parametre=("rad_enhet", "behov"),
    ),
    "kontaktlege": Nokkeltall(
        _l("Pasienter med behov for kontaktlege eller kontaktpsykolog"),
        lambda u, p: _enhet_rad(kontaktlegebehov(u), p, "enhet_id"),
        datofelt="frist",
        datotittel=_l("Frist"),
        parametre=("rad_enhet",),
        tilbakedatert=tilbakedatert("oppnevning__"),
    ),
    "kontaktlege_sent": Nokkeltall(
        _l("Pasienter som ikke fikk kontaktlege eller kontaktpsykolog innen første virkedag"),
        lambda u, p: _enhet_rad(kontaktlegebehov(u).exclude(_i_tide()), p, "enhet_id"),
        datofelt="frist",
        datotittel=_l("Frist"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet",),
        tilbakedatert=tilbakedatert("oppnevning__"),
    ),
    "kontaktlege_tilbakedatert": Nokkeltall(
        _l("Pasienter med tilbakedatert oppnevning av kontaktlege eller kontaktpsykolog"),
        lambda u, p: _enhet_rad(
            kontaktlegebehov(u).filter(tilbakedatert("oppnevning__")), p, "enhet_id"
        ),
        datofelt="frist",
        datotittel=_l("Frist"),
        parametre=("rad_enhet",),
        tilbakedatert=tilbakedatert("oppnevning__"),
    ),
}


def ventetid(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    # Completed waits counted per whole day, by unit and by need, in one scan: the median and
    # 90th percentile come from these histograms, exactly as percentile_cont would give them.
    grupper = grupperinger(
        ventetider(u)
        .order_by()
        .annotate(
            k_enhet=F("behovsmelding__enhet_id"),
            k_behov=F("behovsmelding__behov"),
            k_dager=F("ventetid"),
            k_tilbake=ExpressionWrapper(tilbakedatert(), output_field=BooleanField()),
        )
        .values("k_enhet", "k_behov", "k_dager", "k_tilbake"),
        {"enhet": ("k_enhet", "k_dager"), "behov": ("k_behov", "k_dager")},
        {"n": Aggregat("COUNT(*)"), "tilbake": Aggregat("COUNT(*)", filter=("k_tilbake",))},
    )

    def fordelinger(gruppe: str, noekkel: str) -> dict:
        histogrammer: dict = {}
        for r in grupper[gruppe]:
            histogram = histogrammer.setdefault(r[noekkel], {})
            histogram[r["k_dager"]] = histogram.get(r["k_dager"], 0) + r["n"]
        return histogrammer

    def tall(histogram: dict) -> dict:
        return {
            "antall": sum(histogram.values()),
            "median": persentil(histogram, 0.5),
            "p90": persentil(histogram, 0.9),
        }

    def tilbakedaterte(gruppe: str, noekkel: str) -> dict:
        antall_: dict = {}
        for r in grupper[gruppe]:
            antall_[r[noekkel]] = antall_.get(r[noekkel], 0) + (r["tilbake"] or 0)
        return antall_

    enheter_, behov_ = fordelinger("enhet", "k_enhet"), fordelinger("behov", "k_behov")
    tilbake_enhet, tilbake_behov = (
        tilbakedaterte("enhet", "k_enhet"),
        tilbakedaterte("behov", "k_behov"),
    )
    samlet: dict = {}
    for histogram in enheter_.values():
        for dager_, n in histogram.items():
            samlet[dager_] = samlet.get(dager_, 0) + n
    per_enhet = {e: tall(h) | {"tilbake": tilbake_enhet[e]} for e, h in enheter_.items()}
    per_behov = {k: tall(h) | {"tilbake": tilbake_behov[k]} for k, h in behov_.items()}
    alle = tall(samlet) | {"tilbake": sum(tilbake_enhet.values())}
    venter = ventende_behov(u).order_by()
    venter_enhet = {
        r["enhet_id"]: r
        for r in venter.values("enhet_id").annotate(n=Count("pk"), eldste=Min("opprettet"))
    }
    venter_behov = {
        r["behov"]: r
        for r in venter.values("behov").annotate(n=Count("pk"), eldste=Min("opprettet"))
    }
    kolonner = [
        _("Oppnevnt i perioden"),
        _("Median ventetid (dager)"),
        _("90-persentil (dager)"),
        _("Venter på beslutning nå"),
        _("Eldste ventende, meldt"),
        _("Tilbakedatert"),
    ]
    tom = {"antall": 0, "median": None, "p90": None, "tilbake": 0}
    ingen = {"n": 0, "eldste": None}

    def celler(r, v, **lenke):
        return [
            antall(r["antall"], maal="ventetid", **lenke),
            dager(r["median"], r["antall"]),
            dager(r["p90"], r["antall"]),
            antall(v["n"], maal="behov_venter", **lenke),
            dato(v["eldste"]),
            antall(r["tilbake"], maal="tilbakedatert", **lenke),
        ]

    beskrivelse = _(
        "Dager fra behovet ble meldt til oppnevningen startet, for oppnevninger som startet i "
        "perioden, regnet til oppgitt startdato eller dagen oppnevningen ble registrert, "
        "det som er senest. For individuell plan regnes oppnevning av koordinator. "
        "Tilbakedatert: startdatoen er mer enn %(dager)s dag før registreringen."
    ) % {"dager": TILBAKEDATERT_ETTER_DAGER}
    enhet = Tabell(
        "ventetid-enhet",
        _("Ventetid fra meldt behov til oppnevning, per enhet"),
        [_("Enhet"), *kolonner],
        beskrivelse=beskrivelse,
        sumrad=True,
    )
    for e in enhetsrader(u, [*per_enhet, *venter_enhet]):
        enhet.rader.append(
            [
                tekst(u.enhet_navn(e)),
                *celler(per_enhet.get(e, tom), venter_enhet.get(e, ingen), rad_enhet=rad_id(e)),
            ]
        )
    alle_venter = {
        "n": sum(v["n"] for v in venter_enhet.values()),
        "eldste": min((v["eldste"] for v in venter_enhet.values()), default=None),
    }
    enhet.rader.append([tekst(_("Alle enheter")), *celler(alle, alle_venter)])

    behov = Tabell(
        "ventetid-behov",
        _("Ventetid fra meldt behov til oppnevning, per behov"),
        [_("Behov"), *kolonner],
        beskrivelse=beskrivelse,
        sumrad=True,
    )
    for b in sortert(u.behovstyper, [*per_behov, *venter_behov]):
        behov.rader.append(
            [
                tekst(Behov(b).label),
                *celler(per_behov.get(b, tom), venter_behov.get(b, ingen), behov=b),
            ]
        )
    behov.rader.append([tekst(_("Alle behov")), *celler(alle, alle_venter)])
    tabeller = [enhet, behov]
    if u.er_sykehus:
        tabeller.append(_kontaktlege(u))
    return tabeller


def _kontaktlege(u: Utvalg) -> Tabell:
    rader = {
        r["enhet_id"]: r
        for r in kontaktlegebehov(u)
        .order_by()
        .values("enhet_id")
        .annotate(
            antall=Count("pk"),
            i_tide=Count("pk", filter=_i_tide()),
            tilbake=Count("pk", filter=tilbakedatert("oppnevning__")),
        )
    }
    tabell = Tabell(
        "kontaktlege",
        _("Kontaktlege og kontaktpsykolog oppnevnt innen første virkedag"),
        [
            _("Enhet"),
            _("Behov med frist i perioden"),
            _("Oppnevnt innen fristen"),
            _("For sent eller ikke oppnevnt"),
            _("Andel innen fristen"),
            _("Tilbakedatert"),
        ],
        beskrivelse=_(
            "Spesialisthelsetjenesteloven § 2-5 c: senest første virkedag etter innleggelse "
            "eller poliklinisk undersøkelse. Innen fristen betyr at både oppgitt startdato og "
            "registreringen av oppnevningen er innen fristen. Tilbakedatert: startdatoen er "
            "mer enn %(dager)s dag før registreringen. Behov som venter og ennå ikke har "
            "passert fristen, og avslåtte behov, er ikke med."
        )
        % {"dager": TILBAKEDATERT_ETTER_DAGER},
        sumrad=True,
    )
    sum_antall = sum_i_tide = sum_tilbake = 0
    for e in enhetsrader(u, rader):
        r = rader[e]
        sum_antall += r["antall"]
        sum_i_tide += r["i_tide"]
        sum_tilbake += r["tilbake"]
        tabell.rader.append(
            [
                tekst(u.enhet_navn(e)),
                antall(r["antall"], maal="kontaktlege", rad_enhet=rad_id(e)),
                antall(r["i_tide"]),
                antall(r["antall"] - r["i_tide"], maal="kontaktlege_sent", rad_enhet=rad_id(e)),
                andel(r["i_tide"], r["antall"]),
                antall(r["tilbake"], maal="kontaktlege_tilbakedatert", rad_enhet=rad_id(e)),
            ]
        )
    tabell.rader.append(
        [
            tekst(_("Alle enheter")),
            antall(sum_antall, maal="kontaktlege"),
            antall(sum_i_tide),
            antall(sum_antall - sum_i_tide, maal="kontaktlege_sent"),
            andel(sum_i_tide, sum_antall),
            antall(sum_tilbake, maal="kontaktlege_tilbakedatert"),
        ]
    )
    return tabell
