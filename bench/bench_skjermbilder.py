"""Screen benchmark: the start page, the patient page, the leader screen and the inbox at
10,000 and 100,000 patients, against a bare view in the same run.

    .venv/bin/python bench/bench_skjermbilder.py      (or `make bench`)

Uses the PostgreSQL databases `bench_ytelse_10k` and `bench_ytelse_100k` on 127.0.0.1 as user
postgres (PGHOST/PGPORT/PGUSER change that), never DATABASE_URL. They are seeded once
(migrate, `seed_demo --demo-brukere --patients N`, the reminders, VACUUM ANALYZE; the 100k one
starts as a copy of the 10k one) and kept for the next run; BENCH_NY_DATABASE=1 seeds them again.

Each page is requested with Django's test client (force_login, DEBUG off, settings
bench/innstillinger.py) in 4 rounds of 20 requests per size, sizes and pages taken in turn, so
that other work on the machine falls on all alike; the bare view (bench/urls.py: the full
middleware and one primary-key query) is the yardstick.

Budgets, all ratios from the same run (the machine is shared, milliseconds are not comparable
between runs): at 100,000 patients the start page and the patient page p95 ≤ 12 × the bare
view's p95, the leader screen and the inbox ≤ 8 ×; every page's p95 at 100,000 ≤ 1.2 × its
own p95 at 10,000; the same number of SQL queries at both sizes. Exits with status 1 if a
budget fails.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._oppsett import (  # noqa: E402
    django_med_skaladatabaser,
    maal_sider,
    sjekk_budsjetter,
    skriv_tabell,
)

STORRELSER = [10_000, 100_000]
RUNDER, PER_RUNDE = 4, 20
MAKS_VEKST = 1.2
BAR = "Bar visning (én PK-spørring)"
SIDER = [
    # (name, user, url, budget as × the bare view's p95 at 100,000; None: no ratio budget)
    (BAR, "koordinator.kommune", "/bench/bar/", None),
    ("Mine pasienter, side 1", "koordinator.kommune", "/", 12),
    ("Pasientside", "koordinator.kommune", "/pasienter/{pasient}/", 12),
    ("Behov til behandling (leder)", "leder.kommune", "/behov/", 8),
    ("Meldinger, innboks", "koordinator.kommune", "/meldinger/", 8),
]


def main() -> int:
    seedtider = django_med_skaladatabaser(STORRELSER)
    resultater = maal_sider(
        [(navn, bruker, url) for navn, bruker, url, _ in SIDER],
        STORRELSER,
        runder=RUNDER,
        per_runde=PER_RUNDE,
    )
    skriv_tabell(resultater, bar=BAR)
    print()
    for antall, sekunder in seedtider.items():
        hva = "gjenbrukt" if sekunder is None else f"{sekunder:.0f} s"
        print(f"seed_demo --patients {antall}: {hva}")
    feil = sjekk_budsjetter(
        resultater,
        STORRELSER,
        bar=BAR,
        ganger_bar={navn: grense for navn, _, _, grense in SIDER},
        maks_vekst=MAKS_VEKST,
    )
    print()
    for linje in feil or ["Alle budsjetter holder."]:
        print(("BUDSJETT BRUTT: " if feil else "") + linje)
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main())
