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
