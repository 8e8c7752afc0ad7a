"""The overview's tables as plain data. The page, the CSV and XLSX exports and the PDF all
render these objects, so an export always holds exactly what the screen shows.

A cell knows what kind of number it holds, which drill-down it opens, and which counts a
derived value (a share, a median) was computed from, so that small-number suppression can hide
a share of 3 out of 40 as well as the count 3 itself."""

from dataclasses import dataclass, field, replace
from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

TEKST, NAVN, ANTALL, ANDEL, DAGER, DATO = "tekst", "navn", "antall", "andel", "dager", "dato"
SKJULT = "<5"
# Withheld because it could be worked out from the others (Statistics Norway's symbol).
UTELATT = ":"
TOM = "–"


@dataclass(frozen=True)
class Celle:
    verdi: object = None
    type: str = TEKST
    # Drill-down: the parameters of the patient list behind the number (besides the filter).
    lenke: tuple[tuple[str, str], ...] | None = None
    # The counts a share or median is computed from (for suppression of small numbers).
    grunnlag: tuple[int | None, ...] = ()


def tekst(verdi) -> Celle:
    return Celle(str(verdi) if verdi is not None else None, TEKST)


def navn(verdi: str, noekkel: int | None = None) -> Celle:
    """A staff member's name (and id, so that two people with one name stay two): replaced by
    a neutral label in exports leaving the organisation."""
    return Celle(verdi, NAVN, None, (noekkel,))


def antall(verdi: int | None, **lenke) -> Celle:
    """A count; with `lenke`, the drill-down it opens (pages link it only when it is not 0)."""
    return Celle(int(verdi or 0), ANTALL, _lenke(lenke) if lenke else None)


def tom() -> Celle:
    """No figure here («–»), in a column of numbers."""
    return Celle(None, ANTALL)


def andel(teller: int | None, nevner: int | None) -> Celle:
    """A share. It reveals what it counts, the whole, and what it does not count (29 of 33
    tells that 4 are not): all three are kept for suppression."""
    teller, nevner = int(teller or 0), int(nevner or 0)
    return Celle(
        teller / nevner if nevner else None, ANDEL, None, (teller, nevner, nevner - teller)
    )


def dager(verdi: float | None, grunnlag: int | None) -> Celle:
    return Celle(verdi, DAGER, None, (int(grunnlag or 0),))


def dato(verdi: date | datetime | None) -> Celle:
    if isinstance(verdi, datetime):
        verdi = timezone.localdate(verdi)
    return Celle(verdi, DATO)


def _lenke(parametre: dict) -> tuple[tuple[str, str], ...]:
    return tuple((k, str(v)) for k, v in parametre.items() if v is not None)


@dataclass
class Tabell:
    noekkel: str  # the export name, e.g. "dekning-behov"
    tittel: str  # the caption
    kolonner: list[str]
    rader: list[list[Celle]] = field(default_factory=list)
    beskrivelse: str = ""
    sumrad: bool = False  # the last row is a total
    sumkolonne: int | None = None  # a column that is the sum of the other counts in its row

    @property
    def hoder(self) -> list[tuple[str, bool]]:
        """Column headers, each with whether the column holds numbers (right-aligned)."""
        forste = self.rader[0] if self.rader else []
        return [
            (navn, 0 < i < len(forste) and er_numerisk(forste[i]))
            for i, navn in enumerate(self.kolonner)
        ]


# --- formatting ----------------------------------------------------------------------------


def _desimal(verdi: float, siffer: int = 1) -> str:
    return f"{verdi:.{siffer}f}".replace(".", ",")


def vis(celle: Celle, *, tusenskille: bool = True) -> str:
    """The cell as Norwegian text: «1 234», «12,5 %», «3,0», «27.11.2026», «–»."""
    verdi = celle.verdi
    if verdi is None or verdi == "":
        return TOM
    if celle.type == ANTALL and isinstance(verdi, int):
        return f"{verdi:,}".replace(",", "\u00a0" if tusenskille else "")
    if celle.type == ANDEL and isinstance(verdi, float):
        return f"{_desimal(verdi * 100)}\u00a0%"
    if celle.type == DAGER and isinstance(verdi, int | float):
        return _desimal(float(verdi))
    if celle.type == DATO and isinstance(verdi, date):
        return f"{verdi:%d.%m.%Y}"
    return str(verdi)


def er_numerisk(celle: Celle) -> bool:
    return celle.type in (ANTALL, ANDEL, DAGER)


# --- small-number suppression --------------------------------------------------------------


def er_lite(n) -> bool:
    return isinstance(n, int) and 1 <= n <= 4


def skjul_smaa_tall(tabell: Tabell) -> Tabell:
    """For use outside the organisation: counts 1–4 become «<5», as do shares and medians
    computed from such counts (a share also when what it leaves out is 1–4); a total that
    would give a hidden count away becomes «:»; staff names become «Koordinator 1»,
    «Koordinator 2», … in the order of the table; drill-down links are dropped."""
    pseudonymer: dict[str, str] = {}

    def celle(c: Celle) -> Celle:
        if c.type == ANTALL and er_lite(c.verdi):
            return Celle(SKJULT, TEKST)
        if c.type in (ANDEL, DAGER) and any(er_lite(n) for n in c.grunnlag):
            return Celle(SKJULT, TEKST)
        if c.type == NAVN and c.verdi:
            navn_ = pseudonymer.setdefault(
                f"{c.verdi}#{c.grunnlag}", _("Koordinator %(n)s") % {"n": len(pseudonymer) + 1}
            )
            return Celle(navn_, NAVN)
        return replace(c, lenke=None)

    rader = [[celle(c) for c in rad] for rad in tabell.rader]
    # Secondary suppression: a total next to one hidden cell would give it away (total minus
    # the cells shown), so a row's sum column, and the total row's cell in a column, are hidden
    # too when a cell they add up was hidden.
    if tabell.sumkolonne is not None:
        for original, rad in zip(tabell.rader, rader, strict=True):
            if any(_skjult(o, r) for o, r in zip(original, rad, strict=True)) and isinstance(
                rad[tabell.sumkolonne].verdi, int
            ):
                rad[tabell.sumkolonne] = Celle(UTELATT, TEKST)
    if tabell.sumrad and len(rader) > 1:
        for kolonne in range(1, len(tabell.kolonner)):
            total = rader[-1][kolonne]
            if (
                tabell.rader[-1][kolonne].type == ANTALL
                and isinstance(total.verdi, int)
                and any(rad[kolonne].verdi in (SKJULT, UTELATT) for rad in rader[:-1])
            ):
                rader[-1][kolonne] = Celle(UTELATT, TEKST)
        if any(_skjult(o, r) for o, r in zip(tabell.rader[-1], rader[-1], strict=True)):
            # The total row's shares and medians would give the hidden totals away.
            for kolonne, original in enumerate(tabell.rader[-1]):
                if rader[-1][kolonne].verdi not in (None, SKJULT) and (
                    original.type in (ANDEL, DAGER) or kolonne == tabell.sumkolonne
                ):
                    rader[-1][kolonne] = Celle(UTELATT, TEKST)
    return replace(tabell, rader=rader)


def _skjult(original: Celle, celle: Celle) -> bool:
    return celle.verdi in (SKJULT, UTELATT) and original.type == ANTALL
