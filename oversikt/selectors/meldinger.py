"""Messages the organisation's units sent and received: volume by type and direction, and
answers to messages with a deadline (share on time, median and 90th percentile response
time)."""

import operator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from meldinger.models import Melding, Meldingstype
from oversikt.models import MeldingerPerMaaned, OpptaltMaaned
from oversikt.selectors.utvalg import Nokkeltall, Utvalg, dagstart, valg
from oversikt.sql import TimerMellom, persentil, som_dato
from oversikt.tabeller import Tabell, andel, antall, dager, tekst

if TYPE_CHECKING:
    from oversikt.selectors import Beregning

SENDT, MOTTATT, INTERN = "sendt", "mottatt", "intern"
RETNINGER = {SENDT: _l("Sendt"), MOTTATT: _l("Mottatt"), INTERN: _l("Intern")}


def meldinger(u: Utvalg, fra: datetime, til: datetime) -> QuerySet:
    """Messages the organisation's (selected) units sent or received in [fra, til), with their
    direction seen from the organisation."""
    return Melding.objects.filter(_ut_eller_inn(u), sendt__gte=fra, sendt__lt=til).annotate(
        retning=_retning(u)
    )


def meldinger_med_frist(u: Utvalg) -> QuerySet:
    """Messages of the period that asked for an answer by a deadline (not the answers)."""
    return meldinger(u, u.start, u.slutt).filter(svarfrist__isnull=False, svar_paa__isnull=True)


BESVART = Q(avsluttet__isnull=False)
SVARUTFALL = {
    "innen": BESVART & Q(LessThanOrEqual(TruncDate("avsluttet"), F("svarfrist"))),
    "etter": BESVART & Q(GreaterThan(TruncDate("avsluttet"), F("svarfrist"))),
}


def _svarutfall(utfall: str, idag: date) -> Q:
    if utfall == "ubesvart":
        return Q(avsluttet__isnull=True, svarfrist__lt=idag)
    if utfall == "ikke_forfalt":
        return Q(avsluttet__isnull=True, svarfrist__gte=idag)
    return SVARUTFALL[utfall]


def _meldingsfilter(qs: QuerySet, p: dict) -> QuerySet:
    if "retning" in p:
        qs = qs.filter(retning=valg(p["retning"], RETNINGER))
    if "type" in p:
        qs = qs.filter(type=valg(p["type"], Meldingstype.values))
    return qs


def _periode(u: Utvalg) -> tuple[datetime, datetime]:
    return u.start, u.slutt


NOKKELTALL: dict[str, Nokkeltall] = {
    "melding": Nokkeltall(
        _l("Pasienter med meldinger i perioden"),
        lambda u, p: _meldingsfilter(meldinger(u, *_periode(u)), p),
        datofelt="sendt",
        datotittel=_l("Første melding"),
        parametre=("retning", "type"),
    ),
    "melding_svar": Nokkeltall(
        _l("Pasienter med meldinger med svarfrist"),
        lambda u, p: _meldingsfilter(meldinger_med_frist(u), p).filter(
            _svarutfall(valg(p["utfall"], (*SVARUTFALL, "ubesvart", "ikke_forfalt")), u.idag)
            if "utfall" in p
            else Q()
        ),
        datofelt="svarfrist",
        datotittel=_l("Svarfrist"),
        parametre=("retning", "type", "utfall"),
    ),
}


SVARTALL = ("antall", "innen", "etter", "ubesvart", "ikke_forfalt", "besvart")


@dataclass
class Meldingsdata:
    """The organisation's messages, counted in two queries for both sections that use them."""

    volum: dict  # (type, direction) -> messages in the period
    per_maaned: dict  # (month, direction) -> messages in the trend window
    svar_type: dict  # (direction, type) -> counts and percentiles for those with a deadline
    svar_retning: dict  # direction -> the same, all types


def _hele_maaneder(u: Utvalg) -> list[tuple[date, date]]:
    """The trend window's months that `MeldingerPerMaaned` may give: ended before today's month
    and not split by the period's start or end. (first day, first day of the next month)"""
    denne = u.idag.replace(day=1)
    maaneder = []
    for m in u.maaneder:
        neste = m + relativedelta(months=1)
        if m < denne and neste <= u.til + timedelta(days=1) and (neste <= u.fra or m >= u.fra):
            maaneder.append((m, neste))
    return maaneder


def _live_intervaller(u: Utvalg, opptalt: list[tuple[date, date]]) -> Q:
    """The parts of the trend window not given by counted months, as ranges of `sendt`."""
    intervaller, fra = [], dagstart(u.maaneder[0])
    for m, neste in opptalt:
        if dagstart(m) > fra:
            intervaller.append((fra, dagstart(m)))
        fra = dagstart(neste)
    if fra < u.slutt:
        intervaller.append((fra, u.slutt))
    return reduce(
        operator.or_, (Q(sendt__gte=a, sendt__lt=b) for a, b in intervaller), Q(pk__in=[])
    )


def _retning(u: Utvalg) -> Case:
    return Case(
        When(
            avsender_organisasjon_id=u.org_id,
            mottaker_organisasjon_id=u.org_id,
            then=Value(INTERN),
        ),
        When(avsender_organisasjon_id=u.org_id, then=Value(SENDT)),
        default=Value(MOTTATT),
    )


def _ut_eller_inn(u: Utvalg) -> Q:
    ut = Q(avsender_organisasjon_id=u.org_id) & u.i_enhetene("avsender_enhet_id")
    inn = Q(mottaker_organisasjon_id=u.org_id) & u.i_enhetene("mottaker_enhet_id")
    return ut | inn


def meldingsdata(u: Utvalg) -> Meldingsdata:
    """The messages' counts per month, type and direction, from the closed months' counts
    (`MeldingerPerMaaned`, a few thousand rows) where they cover a whole month of the trend
    window, and from the messages themselves for the rest (today's month, a month the period
    splits, a month not yet counted); and the messages with a deadline in the period, live,
    by direction, type, outcome and response time in whole hours (a histogram for the median
    and 90th percentile). Four queries; the same figures as counting every message live."""
    # Whole-window filters (never an empty IN list), so the number of queries is fixed.
    vindu = {"maaned__gte": u.maaneder[0], "maaned__lte": u.maaneder[-1]}
    opptalte = set(OpptaltMaaned.objects.filter(**vindu).values_list("maaned", flat=True))
    opptalt = [(m, n) for m, n in _hele_maaneder(u) if m in opptalte]
    fra_tellingen = [
        r
        for r in MeldingerPerMaaned.objects.filter(_ut_eller_inn(u), **vindu)
        .annotate(retning=_retning(u))
        .order_by()
        .values("maaned", "type", "retning")
        .annotate(n=Sum("antall"))
        if (r["maaned"], r["maaned"] + relativedelta(months=1)) in opptalt
    ]
    live = (
        meldinger(u, dagstart(u.maaneder[0]), u.slutt)
        .filter(_live_intervaller(u, opptalt))
        .order_by()
        .annotate(
            maaned=TruncMonth("sendt", output_field=DateField()),
            i_perioden=ExpressionWrapper(Q(sendt__gte=u.start), output_field=BooleanField()),
        )
        .values("maaned", "type", "retning", "i_perioden")
        .annotate(n=Count("pk"))
    )
    volum, per_maaned = {}, {}
    rader = [(r, r["maaned"] >= u.fra) for r in fra_tellingen] + [
        (r, r["i_perioden"]) for r in live
    ]
    for r, i_perioden in rader:
        noekkel = (som_dato(r["maaned"]), r["retning"])
        per_maaned[noekkel] = per_maaned.get(noekkel, 0) + r["n"]
        if i_perioden:
            noekkel = (r["type"], r["retning"])
            volum[noekkel] = volum.get(noekkel, 0) + r["n"]
    utfall = Case(
        When(SVARUTFALL["innen"], then=Value("innen")),
        When(SVARUTFALL["etter"], then=Value("etter")),
        When(_svarutfall("ubesvart", u.idag), then=Value("ubesvart")),
        default=Value("ikke_forfalt"),
    )
    svar = (
        meldinger_med_frist(u)
        .order_by()
        .annotate(utfall=utfall, timer=TimerMellom(F("avsluttet"), F("sendt")))
        .values("retning", "type", "utfall", "timer")
        .annotate(n=Count("pk"))
    )
    svar_type, svar_retning, timer_type, timer_retning = {}, {}, {}, {}
    for r in svar:
        for summer, histogram in (
            (
                svar_type.setdefault((r["retning"], r["type"]), dict.fromkeys(SVARTALL, 0)),
                timer_type.setdefault((r["retning"], r["type"]), {}),
            ),
            (
                svar_retning.setdefault(r["retning"], dict.fromkeys(SVARTALL, 0)),
                timer_retning.setdefault(r["retning"], {}),
            ),
        ):
            summer["antall"] += r["n"]
            summer[r["utfall"]] += r["n"]
            if r["utfall"] in SVARUTFALL:
                summer["besvart"] += r["n"]
                histogram[r["timer"]] = histogram.get(r["timer"], 0) + r["n"]
    for summer_, histogrammer in ((svar_type, timer_type), (svar_retning, timer_retning)):
        for noekkel, rad in summer_.items():
            for navn_, andel_ in (("median", 0.5), ("p90", 0.9)):
                timer = persentil(histogrammer.get(noekkel, {}), andel_)
                rad[navn_] = None if timer is None else timer / 24
    return Meldingsdata(
        volum=volum, per_maaned=per_maaned, svar_type=svar_type, svar_retning=svar_retning
    )


def meldingstall(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    data = b.meldinger if b else meldingsdata(u)
    volum = data.volum
    retninger = [SENDT, MOTTATT, INTERN]
    tabell = Tabell(
        "meldinger-volum",
        _("Meldinger i perioden etter type og retning"),
        [
            _("Meldingstype"),
            _("Sendt til andre organisasjoner"),
            _("Mottatt fra andre organisasjoner"),
            _("Interne"),
            _("Totalt"),
        ],
        beskrivelse=_("Alle meldinger enheten(e) sendte eller mottok, svar medregnet."),
        sumrad=True,
        sumkolonne=4,
    )
    for type_ in Meldingstype.values:
        tall = [volum.get((type_, r), 0) for r in retninger]
        tabell.rader.append(
            [
                tekst(Meldingstype(type_).label),
                *(
                    antall(n, maal="melding", type=type_, retning=r)
                    for n, r in zip(tall, retninger, strict=True)
                ),
                antall(sum(tall), maal="melding", type=type_),
            ]
        )
    summer = [sum(volum.get((t, r), 0) for t in Meldingstype.values) for r in retninger]
    tabell.rader.append(
        [
            tekst(_("Alle typer")),
            *(antall(n, maal="melding", retning=r) for n, r in zip(summer, retninger, strict=True)),
            antall(sum(summer), maal="melding"),
        ]
    )
    per_type, per_retning = data.svar_type, data.svar_retning
    svar = Tabell(
        "meldinger-svar",
        _("Svar på meldinger med svarfrist"),
        [
            _("Retning"),
            _("Meldingstype"),
            _("Med svarfrist"),
            _("Besvart innen fristen"),
            _("Besvart etter fristen"),
            _("Ubesvart, fristen passert"),
            _("Ubesvart, ikke forfalt"),
            _("Andel besvart innen fristen"),
            _("Median svartid (døgn)"),
            _("90-persentil svartid (døgn)"),
        ],
        beskrivelse=_(
            "Meldinger sendt i perioden som ba om svar innen en frist. «Mottatt»: vår svartid. "
            "«Sendt»: svartiden hos mottakeren. Besvart: svar skrevet eller merket behandlet. "
            "Andelen regnes av meldinger som er besvart eller har passert fristen."
        ),
    )
    retningsnavn = {
        MOTTATT: _("Mottatt (vi svarer)"),
        SENDT: _("Sendt (de svarer)"),
        INTERN: _("Interne"),
    }

    def celler(r, **lenke):
        return [
            antall(r["antall"], maal="melding_svar", **lenke),
            antall(r["innen"], maal="melding_svar", utfall="innen", **lenke),
            antall(r["etter"], maal="melding_svar", utfall="etter", **lenke),
            antall(r["ubesvart"], maal="melding_svar", utfall="ubesvart", **lenke),
            antall(r["ikke_forfalt"], maal="melding_svar", utfall="ikke_forfalt", **lenke),
            andel(r["innen"], r["antall"] - r["ikke_forfalt"]),
            dager(r.get("median"), r["besvart"]),
            dager(r.get("p90"), r["besvart"]),
        ]

    for retning in (MOTTATT, SENDT, INTERN):
        if retning not in per_retning:
            continue
        for type_ in Meldingstype.values:
            if (retning, type_) in per_type:
                svar.rader.append(
                    [
                        tekst(retningsnavn[retning]),
                        tekst(Meldingstype(type_).label),
                        *celler(per_type[retning, type_], retning=retning, type=type_),
                    ]
                )
        svar.rader.append(
            [
                tekst(retningsnavn[retning]),
                tekst(_("Alle typer")),
                *celler(per_retning[retning], retning=retning),
            ]
        )
    return [tabell, svar]
