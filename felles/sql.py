"""Small SQL helpers the ORM lacks."""

from django.db import models


class DatoPluss(models.Func):
    """A date plus whole months and days, as a date, on PostgreSQL and SQLite alike."""

    output_field = models.DateField()

    def __init__(self, uttrykk, *, maaneder: int = 0, dager: int = 0):
        self.maaneder, self.dager = int(maaneder), int(dager)
        super().__init__(uttrykk)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=(
                f"(%(expressions)s + make_interval(months => {self.maaneder}, "
                f"days => {self.dager}))::date"
            ),
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template=f"date(%(expressions)s, '{self.maaneder:+d} months', '{self.dager:+d} days')",
            **extra,
        )


class Antall(models.Subquery):
    """COUNT(*) of a queryset, as a value in another query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) antall)"
    output_field = models.IntegerField()


class BlantIder(models.Func):
    """`felt` is one of the ids the queryset gives. On PostgreSQL `felt = ANY(ARRAY(…))`: the
    array is computed once, and the condition can be an index condition, also as one arm of
    an OR (a plain `IN (subquery)` there becomes a filter on every row). Elsewhere `IN (…)`."""

    output_field = models.BooleanField()

    def __init__(self, felt: str, queryset):
        super().__init__(models.F(felt), models.Subquery(queryset))

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="%(expressions)s", arg_joiner=" IN ", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="%(expressions)s)", arg_joiner=" = ANY(ARRAY", **extra
        )
