"""Working days in Norway: weekends and public holidays (the `holidays` package) are not."""

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _helligdager(aar: int) -> holidays.HolidayBase:
    return holidays.Norway(years=aar, include_sundays=False)


def er_arbeidsdag(dag: date) -> bool:
    return dag.weekday() < 5 and dag not in _helligdager(dag.year)


def neste_arbeidsdag(etter: date) -> date:
    """The first working day after `etter` (the kontaktlege deadline, sphl § 2-5 c)."""
    dag = etter + timedelta(days=1)
    while not er_arbeidsdag(dag):
        dag += timedelta(days=1)
    return dag
