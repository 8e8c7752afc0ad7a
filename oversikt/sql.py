"""SQL the ORM lacks, for the overview's aggregates.

PostgreSQL is the target. `make run` uses SQLite, where these degrade instead of failing: the
day arithmetic uses `julianday`, and percentiles are NULL (SQLite has no ordered-set
aggregates), shown as «–» (docs/adr/0009-ke-oversikt.md)."""

from django.db import models


class Persentil(models.Aggregate):
    """`percentile_cont(andel) WITHIN GROUP (ORDER BY uttrykk)`: the median with andel 0.5.
    Interpolates between the two middle values, as statistics tools do."""

    function = "percentile_cont"
    name = "Persentil"
    output_field = models.FloatField()
    template = "%(function)s(%(andel)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, uttrykk, andel: float, **extra):
        andel = float(andel)
        if not 0 <= andel <= 1:
            raise ValueError("Andelen må være mellom 0 og 1.")
        super().__init__(uttrykk, andel=andel, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return "NULL", []


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


class DognMellom(models.Func):
    """Days, with fractions, from the moment `fra` to the moment `til`."""

    output_field = models.FloatField()
    arity = 2

    def __init__(self, til, fra, **extra):
        super().__init__(til, fra, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)::float8",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )
