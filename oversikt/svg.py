"""Server-rendered charts as inline SVG: no JavaScript, the same markup on the page and in the
PDF (WeasyPrint draws inline SVG).

Each chart is `role="img"` with a `<title>` and a `<desc>` that sums the data up in words, and
comes with the table it was drawn from (the page shows it in a `<details>`): a screen reader
user gets the same numbers as a sighted one. Series differ by colour *and* by line dash and
marker shape, so colour is never the only cue (WCAG 1.4.1); every colour has at least 4.5:1
contrast against white (1.4.11 asks 3:1). All text is escaped (`format_html`).

Values that are not numbers (such as «<5» in an export for use outside the organisation) are
left out: a line has a gap there, and the description says so.
"""

import math
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from oversikt.tabeller import ANDEL, ANTALL, TOM, Celle, Tabell, vis

BREDDE, HOYDE = 720, 300
VENSTRE, HOYRE, BUNN = 56, 16, 44
TEKST = "#1e2b3c"
RUTENETT = "#c9d1db"
FARGER = ["#1f4e8c", "#a33a00", "#2e6b30", "#6a1b9a", "#5d4037"]  # all ≥ 4.5:1 on white
STREK = ["", "7 4", "2 3", "9 3 2 3", "4 2"]
MERKER = ["sirkel", "kvadrat", "trekant", "rombe", "kryss"]


@dataclass
class Diagram:
    id: str
    tittel: str
    beskrivelse: str
    svg: SafeString
    tabell: Tabell  # the data, for the table alternative


def _tall(celle: Celle) -> float | None:
    if celle.type in (ANTALL, ANDEL) and isinstance(celle.verdi, int | float):
        return float(celle.verdi)
    return None


def _pent_steg(maks: float, antall: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most `antall` gridlines."""
    if maks <= 0:
        return 1
    raa = maks / antall
    potens = 10 ** math.floor(math.log10(raa))
    steg = next(f * potens for f in (1, 2, 5, 10) if f * potens >= raa)
    return max(1, steg)


def _tall_tekst(verdi: float, prosent: bool = False) -> str:
    if prosent:
        return f"{verdi * 100:.0f} %"
    return f"{int(verdi):,}".replace(",", "\u00a0") if verdi == int(verdi) else f"{verdi:.1f}"


def _merke(form: str, x: float, y: float, farge: str) -> SafeString:
    if form == "sirkel":
        return format_html('<circle cx="{}" cy="{}" r="4" fill="{}"/>', _k(x), _k(y), farge)
    if form == "kvadrat":
        return format_html(
            '<rect x="{}" y="{}" width="8" height="8" fill="{}"/>', _k(x - 4), _k(y - 4), farge
        )
    if form == "trekant":
        punkter = f"{_k(x)},{_k(y - 5)} {_k(x + 5)},{_k(y + 4)} {_k(x - 5)},{_k(y + 4)}"
        return format_html('<polygon points="{}" fill="{}"/>', punkter, farge)
    if form == "rombe":
        punkter = f"{_k(x)},{_k(y - 5)} {_k(x + 5)},{_k(y)} {_k(x)},{_k(y + 5)} {_k(x - 5)},{_k(y)}"
        return format_html('<polygon points="{}" fill="{}"/>', punkter, farge)
    return format_html(
        '<path d="M{} {}l8 8m0 -8l-8 8" stroke="{}" stroke-width="2"/>', _k(x - 4), _k(y - 4), farge
    )


def _k(verdi: float) -> str:
    return f"{verdi:.1f}"


def _ramme(id_: str, tittel: str, beskrivelse: str, innhold: SafeString, hoyde: int) -> SafeString:
    return format_html(
        '<svg class="diagram-svg" role="img" aria-labelledby="{id}-tittel {id}-beskrivelse" '
        'viewBox="0 0 {b} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="12" fill="{tekst}">'
        '<title id="{id}-tittel">{tittel}</title><desc id="{id}-beskrivelse">{beskrivelse}</desc>'
        "{innhold}</svg>",
        id=id_,
        b=BREDDE,
        h=hoyde,
        tekst=TEKST,
        tittel=tittel,
        beskrivelse=beskrivelse,
        innhold=innhold,
    )


def _legende(serier: list[str], y: float = 16) -> tuple[SafeString, float]:
    """Line samples with marker and name, wrapped over as many rows as needed."""
    deler, x, rad_y = [], VENSTRE, y
    for i, navn in enumerate(serier):
        bredde = 34 + 7.2 * len(navn) + 18
        if x + bredde > BREDDE - HOYRE and x > VENSTRE:
            x, rad_y = VENSTRE, rad_y + 20
        farge, strek = FARGER[i % len(FARGER)], STREK[i % len(STREK)]
        deler.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2.5"'
                ' stroke-dasharray="{}"/>{}<text x="{}" y="{}">{}</text>',
                _k(x),
                _k(rad_y),
                _k(x + 28),
                _k(rad_y),
                farge,
                strek,
                _merke(MERKER[i % len(MERKER)], x + 14, rad_y, farge),
                _k(x + 34),
                _k(rad_y + 4),
                navn,
            )
        )
        x += bredde
    return mark_safe("".join(deler)), rad_y + 20  # the parts are format_html


def _akse(topp: float, bunn: float, maks: float, prosent: bool = False) -> tuple[SafeString, float]:
    """Horizontal gridlines with labels; returns the top value of the axis."""
    steg = 0.2 if prosent else _pent_steg(maks)
    topp_verdi = 1.0 if prosent else max(steg, math.ceil(maks / steg) * steg)
    linjer, verdi = [], 0.0
    while verdi <= topp_verdi + 1e-9:
        y = bunn - (bunn - topp) * verdi / topp_verdi
        linjer.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                VENSTRE,
                _k(y),
                BREDDE - HOYRE,
                _k(y),
                RUTENETT,
                VENSTRE - 6,
                _k(y + 4),
                _tall_tekst(verdi, prosent),
            )
        )
        verdi += steg
    return mark_safe("".join(linjer)), topp_verdi  # the parts are format_html


def _oppsummering(kategorier: list[str], serier: list[tuple[str, list]]) -> str:
    """The chart in words: each series' first, last and highest value."""
    deler = []
    for navn, verdier in serier:
        tall = [(v, k) for v, k in zip(verdier, kategorier, strict=True) if v is not None]
        if not tall:
            deler.append(_("%(navn)s: ingen tall.") % {"navn": navn})
            continue
        hoyest = max(tall, key=lambda t: t[0])
        deler.append(
            _("%(navn)s: %(forste)s i %(fra)s, %(siste)s i %(til)s, høyest %(maks)s i %(naar)s.")
            % {
                "navn": navn,
                "forste": _tall_tekst(tall[0][0]),
                "fra": tall[0][1],
                "siste": _tall_tekst(tall[-1][0]),
                "til": tall[-1][1],
                "maks": _tall_tekst(hoyest[0]),
                "naar": hoyest[1],
            }
        )
    if any(v is None for _navn, verdier in serier for v in verdier):
        deler.append(_("Tall under 5 er ikke vist."))
    return " ".join(deler)


def linjediagram(
    *, id_: str, tittel: str, kategorier: list[str], tabell: Tabell, kolonner: list[int]
) -> Diagram:
    """One line per column of `tabell` (its first column holds the categories)."""
    serier = [(tabell.kolonner[k], [_tall(rad[k]) for rad in tabell.rader]) for k in kolonner]
    legende, topp = _legende([navn for navn, _v in serier])
    bunn = HOYDE - BUNN
    maks = max((v for _n, verdier in serier for v in verdier if v is not None), default=0)
    akse, topp_verdi = _akse(topp, bunn, maks)
    n = len(kategorier)
    bredde = BREDDE - VENSTRE - HOYRE

    def x(i):
        return VENSTRE + bredde * (i + 0.5) / n

    def y(v):
        return bunn - (bunn - topp) * v / topp_verdi

    deler = [legende, akse]
    hver = max(1, math.ceil(n / 13))
    for i, kategori in enumerate(kategorier):
        if i % hver == 0:
            deler.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                    _k(x(i)),
                    bunn + 18,
                    kategori,
                )
            )
    for s, (_navn, verdier) in enumerate(serier):
        farge, strek = FARGER[s % len(FARGER)], STREK[s % len(STREK)]
        strekk, gjeldende = [], []
        for i, v in enumerate(verdier):
            if v is None:
                if gjeldende:
                    strekk.append(gjeldende)
                gjeldende = []
            else:
                gjeldende.append(f"{_k(x(i))},{_k(y(v))}")
        if gjeldende:
            strekk.append(gjeldende)
        for punkter in strekk:
            deler.append(
                format_html(
                    '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"'
                    ' stroke-dasharray="{}" stroke-linejoin="round"/>',
                    " ".join(punkter),
                    farge,
                    strek,
                )
            )
        for i, v in enumerate(verdier):
            if v is not None:
                deler.append(_merke(MERKER[s % len(MERKER)], x(i), y(v), farge))
    beskrivelse = _oppsummering(kategorier, serier)
    innhold = mark_safe("".join(deler))  # the parts are format_html
    return Diagram(
        id_, tittel, beskrivelse, _ramme(id_, tittel, beskrivelse, innhold, HOYDE), tabell
    )


def stolpediagram(*, id_: str, tittel: str, tabell: Tabell, kolonne: int = 1) -> Diagram:
    """Vertical bars, one per row of `tabell`, labelled with their value."""
    kategorier = [vis(rad[0]) for rad in tabell.rader]
    verdier = [_tall(rad[kolonne]) for rad in tabell.rader]
    topp, bunn = 24, HOYDE - BUNN
    akse, topp_verdi = _akse(topp, bunn, max((v for v in verdier if v is not None), default=0))
    n = len(kategorier)
    felt = (BREDDE - VENSTRE - HOYRE) / max(n, 1)
    deler = [akse]
    for i, (kategori, v) in enumerate(zip(kategorier, verdier, strict=True)):
        x = VENSTRE + felt * i + felt * 0.2
        deler.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                _k(x + felt * 0.3),
                bunn + 18,
                kategori,
            )
        )
        if v is None:
            deler.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                    _k(x + felt * 0.3),
                    bunn - 6,
                    vis(tabell.rader[i][kolonne]),
                )
            )
            continue
        hoyde = (bunn - topp) * v / topp_verdi
        deler.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle">{}</text>',
                _k(x),
                _k(bunn - hoyde),
                _k(felt * 0.6),
                _k(hoyde),
                FARGER[0],
                _k(x + felt * 0.3),
                _k(bunn - hoyde - 6),
                _tall_tekst(v),
            )
        )
    beskrivelse = " ".join(
        f"{k}: {vis(rad[kolonne])}." for k, rad in zip(kategorier, tabell.rader, strict=True)
    )
    innhold = mark_safe("".join(deler))  # the parts are format_html
    return Diagram(
        id_, tittel, beskrivelse, _ramme(id_, tittel, beskrivelse, innhold, HOYDE), tabell
    )


def andelsdiagram(*, id_: str, tittel: str, tabell: Tabell, kolonne: int) -> Diagram:
    """Horizontal bars from 0 to 100 %, one per row of `tabell` (not the total row)."""
    rader = tabell.rader[:-1] if tabell.sumrad else tabell.rader
    venstre, rad_hoyde, topp = 190, 34, 12
    hoyde = topp + rad_hoyde * len(rader) + 30
    bredde = BREDDE - venstre - HOYRE - 50
    deler = []
    for prosent in range(0, 101, 20):
        x = venstre + bredde * prosent / 100
        deler.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle">{} %</text>',
                _k(x),
                topp,
                _k(x),
                topp + rad_hoyde * len(rader),
                RUTENETT,
                _k(x),
                topp + rad_hoyde * len(rader) + 18,
                prosent,
            )
        )
    for i, rad in enumerate(rader):
        y = topp + rad_hoyde * i
        verdi = _tall(rad[kolonne])
        deler.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end">{}</text>',
                venstre - 8,
                _k(y + rad_hoyde / 2 + 4),
                vis(rad[0]),
            )
        )
        lengde = bredde * (verdi or 0)
        if verdi is not None:
            deler.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                    venstre,
                    _k(y + 7),
                    _k(lengde),
                    rad_hoyde - 14,
                    FARGER[0],
                )
            )
        deler.append(
            format_html(
                '<text x="{}" y="{}">{}</text>',
                _k(venstre + lengde + 6),
                _k(y + rad_hoyde / 2 + 4),
                _("ingen tall") if vis(rad[kolonne]) == TOM else vis(rad[kolonne]),
            )
        )
    beskrivelse = " ".join(f"{vis(rad[0])}: {vis(rad[kolonne])}." for rad in rader)
    innhold = mark_safe("".join(deler))  # the parts are format_html
    return Diagram(
        id_, tittel, beskrivelse, _ramme(id_, tittel, beskrivelse, innhold, hoyde), tabell
    )


def _utdrag(tabell: Tabell, kolonner: list[int], noekkel: str, tittel: str) -> Tabell:
    """Some columns of a table (the first, with the categories, always)."""
    return Tabell(
        noekkel,
        tittel,
        [tabell.kolonner[0], *(tabell.kolonner[k] for k in kolonner)],
        [[rad[0], *(rad[k] for k in kolonner)] for rad in tabell.rader],
        sumrad=tabell.sumrad,
    )


def diagrammer(tabeller: dict[str, Tabell], maanedsnavn: list[str]) -> dict[str, Diagram]:
    """The overview's charts, drawn from its tables (which may already be suppressed)."""
    diagrammer_ = {}
    if "dekning-behov" in tabeller:
        t = tabeller["dekning-behov"]
        diagrammer_["dekningsgrad"] = andelsdiagram(
            id_="diagram-dekningsgrad",
            tittel=_("Dekningsgrad per behov"),
            tabell=_utdrag(t, [5], "diagram-dekningsgrad", _("Dekningsgrad per behov")),
            kolonne=1,
        )
    if "belastning" in tabeller:
        t = tabeller["belastning"]
        diagrammer_["belastning"] = stolpediagram(
            id_="diagram-belastning",
            tittel=_("Ansatte etter antall aktive oppnevninger"),
            tabell=t,
        )
    if "trender" in tabeller:
        t = tabeller["trender"]
        k = {navn: i for i, navn in enumerate(t.kolonner)}
        roller = [i for navn, i in k.items() if navn.startswith(_("Pasienter med "))]

        def trend(noekkel, tittel, kolonner):
            utdrag = _utdrag(t, kolonner, f"diagram-{noekkel}", tittel)
            diagrammer_[noekkel] = linjediagram(
                id_=f"diagram-{noekkel}",
                tittel=tittel,
                kategorier=maanedsnavn,
                tabell=utdrag,
                kolonner=list(range(1, len(kolonner) + 1)),
            )

        trend(
            "behov-og-oppnevninger",
            _("Meldte behov og nye oppnevninger per måned"),
            [k[_("Meldte behov")], k[_("Nye oppnevninger")]],
        )
        trend("bestand", _("Pasienter med oppnevning ved utgangen av hver måned"), roller)
        trend(
            "planarbeid",
            _("Nye planer, evalueringer og ansvarsgruppemøter per måned"),
            [
                k[_("Nye individuelle planer")],
                k[_("Evalueringer av planer")],
                k[_("Ansvarsgruppemøter")],
            ],
        )
        trend(
            "meldinger",
            _("Meldinger per måned"),
            [k[_("Meldinger sendt")], k[_("Meldinger mottatt")], k[_("Interne meldinger")]],
        )
    return diagrammer_
