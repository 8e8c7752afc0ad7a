"""SQL the ORM lacks, for the overview's aggregates: day and hour arithmetic, several
groupings of one scan (GROUPING SETS), and percentiles from counted histograms.

PostgreSQL is the target; everything also runs on SQLite (`make run`): the arithmetic uses
`julianday` there, and the groupings become a UNION ALL (docs/adr/0009-ke-oversikt.md)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import connections, models
from django.utils import timezone

from felles.replika import lesealias


class DagerMellom(models.Func):
    """Whole days from the date `fra` to the date `til` (til − fra), as an integer."""

    output_field = models.IntegerField()
    arity = 2

    def __init__(self, til, fra, **extra):
        super().__init__(til, fra, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


# --- several groupings in one scan ---------------------------------------------------------------


@dataclass(frozen=True)
class Aggregat:
    """An aggregate over the row columns of `grupperinger`, in plain SQL written in code (never
    user input): `uttrykk` such as "COUNT(*)" or "COUNT(DISTINCT k_pasient)", and `filter`
    boolean row columns that must all hold ("!k" for «not k»)."""

    uttrykk: str = "COUNT(*)"
    filter: tuple[str, ...] = ()

    def sql(self) -> str:
        if not self.filter:
            return self.uttrykk
        vilkaar = " AND ".join(
            f"NOT {_navn(k[1:])}" if k.startswith("!") else _navn(k) for k in self.filter
        )
        return f"{self.uttrykk} FILTER (WHERE {vilkaar})"


def _navn(navn: str) -> str:
    if not navn.isidentifier() or not navn.isascii() or navn != navn.lower():
        raise ValueError(f"Ugyldig kolonnenavn: {navn}")
    return navn


def grupperinger(
    rader: models.QuerySet,
    grupper: dict[str, tuple[str, ...]],
    aggregater: dict[str, Aggregat],
    *,
    grupperingssett: bool | None = None,
) -> dict[str, list[dict]]:
    """The rows of `rader` (a `values()` queryset of annotations with lower-case ASCII names)
    grouped several ways in one query: on PostgreSQL with GROUPING SETS, one scan; elsewhere
    a UNION ALL of one GROUP BY per grouping (`grupperingssett=False` forces that, to test it
    on PostgreSQL). Returns, per grouping, its rows as dicts with the grouping's keys and every
    aggregate (raw database values)."""
    connection = connections[rader.db]
    if grupperingssett is None:
        grupperingssett = connection.vendor == "postgresql"
    nokler = [_navn(k) for k in dict.fromkeys(k for g in grupper.values() for k in g)]
    aggregatsql = ", ".join(f"{a.sql()} AS {_navn(n)}" for n, a in aggregater.items())
    indre, params = rader.query.get_compiler(using=rader.db).as_sql()
    navn = list(grupper)
    if grupperingssett:
        # GROUPING(k1, k2, …) is a bit mask of the keys a row is NOT grouped by.
        maske = {
            sum(1 << (len(nokler) - 1 - i) for i, k in enumerate(nokler) if k not in g): n
            for n, g in grupper.items()
        }
        sett = ", ".join(f"({', '.join(g)})" for g in grupper.values())
        # Names are checked by _navn, aggregates are written in code, values are parameters.
        sql = (
            f"SELECT {', '.join(nokler)}, GROUPING({', '.join(nokler)}) AS gruppe_, "  # noqa: S608
            f"{aggregatsql} FROM ({indre}) AS rader GROUP BY GROUPING SETS ({sett})"
        )
        alle_params = params
    else:
        deler = []
        for i, g in enumerate(grupper.values()):
            kolonner = ", ".join(k if k in g else f"NULL AS {k}" for k in nokler)
            gruppering = f" GROUP BY {', '.join(g)}" if g else ""
            deler.append(
                f"SELECT {kolonner}, {i} AS gruppe_, {aggregatsql} FROM ({indre}) AS rader"  # noqa: S608
                f"{gruppering}"
            )
        sql = " UNION ALL ".join(deler)
        maske = dict(enumerate(navn))
        alle_params = tuple(params) * len(deler)
    resultat: dict[str, list[dict]] = {n: [] for n in navn}
    with connection.cursor() as cursor:
        cursor.execute(sql, alle_params)
        kolonner = [c[0] for c in cursor.description]
        for rad in cursor.fetchall():
            verdier = dict(zip(kolonner, rad, strict=True))
            gruppe = maske[verdier.pop("gruppe_")]
            resultat[gruppe].append(
                {k: v for k, v in verdier.items() if k in grupper[gruppe] or k in aggregater}
            )
    return resultat


def som_dato(verdi) -> date | None:
    """A date from the database: a date, a datetime, or (SQLite) text."""
    if verdi is None or type(verdi) is date:
        return verdi
    if isinstance(verdi, datetime):
        return timezone.localdate(verdi) if timezone.is_aware(verdi) else verdi.date()
    return date.fromisoformat(str(verdi)[:10])


def som_tidspunkt(verdi) -> datetime | None:
    """An aware datetime from the database (SQLite gives UTC text)."""
    if verdi is None:
        return None
    if not isinstance(verdi, datetime):
        verdi = datetime.fromisoformat(str(verdi))
    return verdi if timezone.is_aware(verdi) else verdi.replace(tzinfo=UTC)


def uten_jit(using: str | None = None) -> None:
    """Planner settings for the rest of the transaction, for queries that aggregate a few
    hundred thousand rows (measured at 100,000 patients): no JIT compilation (compiling took
    0.8 s of a 0.9 s query), room for hash tables in memory (`work_mem` 64 MB instead of 4 MB,
    which made groupings sort and spill to disk), and parallel workers for scans of that size
    (the default costs are tuned for short transactional queries). One statement."""
    connection = connections[using or lesealias()]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
                "set_config('parallel_setup_cost', '10', true), "
                "set_config('parallel_tuple_cost', '0.001', true)"
            )


class TimerMellom(models.Func):
    """Whole hours (rounded) from the moment `fra` to the moment `til`."""

    output_field = models.IntegerField()
    arity = 2

    def __init__(self, til, fra, **extra):
        super().__init__(til, fra, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="ROUND(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)::integer",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(ROUND((julianday(%(expressions)s)) * 24) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def persentil(histogram: dict[int, int], andel: float) -> float | None:
    """`percentile_cont` of the values a histogram (value → how many) counts: the same
    interpolation PostgreSQL uses. The database groups and counts; this only walks the
    buckets (a few hundred at most), so percentiles need no second scan and work on SQLite."""
    verdier = sorted((v, n) for v, n in histogram.items() if n)
    totalt = sum(n for _v, n in verdier)
    if not totalt:
        return None
    posisjon = andel * (totalt - 1)
    nedre_indeks = int(posisjon)

    def verdi_nr(indeks: int) -> int:
        for verdi, n in verdier:
            if indeks < n:
                return verdi
            indeks -= n
        return verdier[-1][0]

    nedre = verdi_nr(nedre_indeks)
    if posisjon == nedre_indeks:
        return float(nedre)
    return nedre + (posisjon - nedre_indeks) * (verdi_nr(nedre_indeks + 1) - nedre)
