"""Screen benchmark: the koordinator dashboard, the leader screen, the mailboxes and the
notification centre at 10,000 and 100,000 patients.

    .venv/bin/python bench/bench_skjermbilder.py      (or `make bench`)

Drops and recreates the PostgreSQL database `koordinering_bench` on 127.0.0.1 as user postgres
(PGHOST/PGPORT/PGUSER change that), or uses BENCH_DATABASE_URL as it is. It does not read
DATABASE_URL, so that a developer's or CI's database never gets 100,000 synthetic patients and
their undeletable access-log rows. Then: migrate, `seed_demo --demo-brukere --patients 10000`,
`manage.py paminnelser` (the reminders beat would make), VACUUM ANALYZE, measure; `--patients
100000` (creates the missing 90,000), the same again. Each screen: 3 warm-up requests, one
request counting the SQL queries, then 30 timed requests with Django's test client
(force_login, DEBUG off).

Budgets, per screen: the same number of queries at both sizes, and p95 at 100,000 at most
1.5 × p95 at 10,000. Exits with status 1 if a budget fails.
"""

import math
import statistics
import sys
import time
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROT))

DATABASE = "koordinering_bench"
STORRELSER = [10_000, 100_000]
OPPVARMING, MAALINGER = 3, 30
SKJERMBILDER = [
    # (name, user, url)
    ("Mine pasienter, side 1", "koordinator.kommune", "/"),
    ("Mine pasienter, filtrert", "koordinator.kommune", "/?rolle=koordinator&samtykke=gyldig"),
    ("Behov til behandling", "leder.kommune", "/behov/"),
    ("Meldinger, innboks", "koordinator.kommune", "/meldinger/"),
    ("Meldinger, hele organisasjonen (KE)", "ke.kommune", "/meldinger/?boks=organisasjon"),
    ("Meldinger, filtrert på type", "ke.kommune", "/meldinger/?boks=organisasjon&type=uenighet"),
    ("Varsler", "leder.kommune", "/varsler/"),
]
MAKS_P95_FAKTOR = 1.5


from bench._oppsett import django_med_bench_database  # noqa: E402

django_med_bench_database(DATABASE)

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def _seed(antall: int) -> float:
    start = time.perf_counter()
    call_command("seed_demo", "--demo-brukere", "--patients", str(antall))
    sekunder = time.perf_counter() - start
    # The reminders beat would have made for the synthetic deadlines (not part of seeding time).
    call_command("paminnelser")
    # What autovacuum would do after a bulk load: statistics and visibility map.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return sekunder


def _rader(html: str) -> int:
    """Rows in the first table body of the page."""
    if "<tbody>" not in html:
        return 0
    return html.split("<tbody>", 1)[1].split("</tbody>", 1)[0].count("<tr")


def _persentil(verdier: list[float], p: float) -> float:
    ordnet = sorted(verdier)
    return ordnet[max(0, math.ceil(p * len(ordnet)) - 1)]


def _maal(brukernavn: str, url: str) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username=brukernavn))
    for _ in range(OPPVARMING):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as sporringer:
        svar = client.get(url)
    assert svar.status_code == 200
    antall_sporringer = len(sporringer)  # now: the next request empties the query log
    tider = []
    for _ in range(MAALINGER):
        start = time.perf_counter()
        client.get(url)
        tider.append((time.perf_counter() - start) * 1000)
    return {
        "p50": statistics.median(tider),
        "p95": _persentil(tider, 0.95),
        "sporringer": antall_sporringer,
        "rader": _rader(svar.content.decode()),
    }


def main() -> int:
    call_command("migrate", verbosity=0)
    seedtider, resultater = {}, {}
    for antall in STORRELSER:
        seedtider[antall] = _seed(antall)
        for navn, bruker, url in SKJERMBILDER:
            resultater[antall, navn] = _maal(bruker, url)

    print("\n| pasienter | skjermbilde | p50 ms | p95 ms | spørringer | rader vist |")
    print("|---:|---|---:|---:|---:|---:|")
    for (antall, navn), r in resultater.items():
        print(
            f"| {antall:,} | {navn} | {r['p50']:.1f} | {r['p95']:.1f} "
            f"| {r['sporringer']} | {r['rader']} |"
        )
    print()
    for antall, sekunder in seedtider.items():
        print(f"seed_demo --patients {antall}: {sekunder:.1f} s")

    liten, stor = STORRELSER
    feil = []
    for navn, _, _ in SKJERMBILDER:
        a, b = resultater[liten, navn], resultater[stor, navn]
        if a["sporringer"] != b["sporringer"]:
            feil.append(
                f"{navn}: {a['sporringer']} spørringer ved {liten}, {b['sporringer']} ved {stor}"
            )
        if b["p95"] > MAKS_P95_FAKTOR * a["p95"]:
            feil.append(
                f"{navn}: p95 {b['p95']:.1f} ms ved {stor} > {MAKS_P95_FAKTOR} × {a['p95']:.1f} ms"
            )
    print()
    for linje in feil or ["Alle budsjetter holder."]:
        print(("BUDSJETT BRUTT: " if feil else "") + linje)
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main())
