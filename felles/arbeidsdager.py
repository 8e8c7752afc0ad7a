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


def arbeidsdager_etter(fra: date, antall: int) -> date:
    """`antall` working days after `fra`; 0 means `fra` itself if it is a working day, else the
    next one (a same-day answer asked for on a Saturday is due on Monday)."""
    dag = fra if er_arbeidsdag(fra) else neste_arbeidsdag(fra)
    for _ in range(antall):
        dag = neste_arbeidsdag(dag)
    return dag
