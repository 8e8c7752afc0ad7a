"""KE overview benchmark: the overview and its drill-down and exports at 10,000 and 100,000
patients (about ten events each: connections, consents, need reports, appointments, plans,
evaluations, ansvarsgrupper, meetings, minutes, action items and messages).

    .venv/bin/python bench/bench_oversikt.py      (or `make bench`)

Drops and recreates the PostgreSQL database `bench_oversikt` on 127.0.0.1 as user postgres
(PGHOST/PGPORT/PGUSER change that), or uses BENCH_DATABASE_URL as it is; never DATABASE_URL.
Then: migrate, `seed_demo --demo-brukere --patients 10000`, VACUUM ANALYZE, measure;
`--patients 100000` (creates the missing 90,000), VACUUM ANALYZE, measure. Each page: 3 warm-up
requests, one request counting the SQL queries, then 30 timed requests with Django's test
client (force_login, DEBUG off).

Budgets: the overview at most 1,000 ms p95 at 100,000 patients, and every page the same
number of queries at both sizes. Exits with status 1 if a budget fails.
"""

import math
import statistics
import sys
import time
from pathlib import Path

ROT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROT))

DATABASE = "bench_oversikt"
STORRELSER = [10_000, 100_000]
OPPVARMING, MAALINGER = 3, 30
MAKS_P95_MS = 1000
SIDER = [
    # (name, user, url, budgeted)
    ("Oversikt, kommune, hele organisasjonen", "ke.kommune", "/oversikt/", True),
    ("Oversikt, kommune, Hjemmetjenesten", "ke.kommune", "/oversikt/?enhet={hjemme}", True),
    ("Oversikt, sykehus, hele organisasjonen", "ke.sykehus", "/oversikt/", True),
    (
        "Pasientliste: behov uten koordinator",
        "ke.kommune",
        "/oversikt/pasienter/?maal=behov_uten&behov=koordinator",
        False,
    ),
    (
        "CSV: meldte behov",
        "ke.kommune",
        "/oversikt/eksport/?tabell=dekning-behov&format=csv",
        False,
    ),
    ("XLSX: alle tabeller", "ke.kommune", "/oversikt/eksport/?tabell=alle&format=xlsx", False),
]
HENDELSER = [
    ("koordinering", "Tilknytning"),
    ("koordinering", "Samtykke"),
    ("koordinering", "Behovsmelding"),
    ("koordinering", "Oppnevning"),
    ("individuellplan", "IndividuellPlan"),
    ("individuellplan", "Evaluering"),
    ("koordinering", "Ansvarsgruppe"),
    ("koordinering", "Mote"),
    ("koordinering", "Referat"),
    ("koordinering", "Oppgave"),
    ("meldinger", "Melding"),
]


from bench._oppsett import django_med_bench_database  # noqa: E402

django_med_bench_database(DATABASE)

from django.apps import apps  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402


def _seed(antall: int) -> float:
    start = time.perf_counter()
    call_command("seed_demo", "--demo-brukere", "--patients", str(antall))
    sekunder = time.perf_counter() - start
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return sekunder


def _hendelser() -> int:
    return sum(apps.get_model(app, modell).objects.count() for app, modell in HENDELSER)


def _persentil(verdier: list[float], p: float) -> float:
    ordnet = sorted(verdier)
    return ordnet[max(0, math.ceil(p * len(ordnet)) - 1)]


def _maal(brukernavn: str, url: str) -> dict:
    client = Client()
    client.force_login(get_user_model().objects.get(username=brukernavn))
    for _ in range(OPPVARMING):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as sporringer:
        assert client.get(url).status_code == 200
    antall_sporringer = len(sporringer)
    tider = []
    for _ in range(MAALINGER):
        start = time.perf_counter()
        client.get(url)
        tider.append((time.perf_counter() - start) * 1000)
    return {
        "p50": statistics.median(tider),
        "p95": _persentil(tider, 0.95),
        "sporringer": antall_sporringer,
    }


def main() -> int:
    from koordinering.models import Enhet, Pasient

    call_command("migrate", verbosity=0)
    seedtider, resultater, storrelse = {}, {}, {}
    for antall in STORRELSER:
        seedtider[antall] = _seed(antall)
        storrelse[antall] = (Pasient.objects.count(), _hendelser())
        hjemme = Enhet.objects.get(organisasjon__navn="Fjordvik kommune", navn="Hjemmetjenesten")
        for navn, bruker, url, _budsjett in SIDER:
            resultater[antall, navn] = _maal(bruker, url.format(hjemme=hjemme.pk))

    print("\n| pasienter | side | p50 ms | p95 ms | spørringer |")
    print("|---:|---|---:|---:|---:|")
    for (antall, navn), r in resultater.items():
        print(f"| {antall:,} | {navn} | {r['p50']:.0f} | {r['p95']:.0f} | {r['sporringer']} |")
    print()
    for antall, sekunder in seedtider.items():
        pasienter, hendelser = storrelse[antall]
        print(
            f"seed_demo --patients {antall}: {sekunder:.0f} s; "
            f"{pasienter:,} pasienter, {hendelser:,} hendelser i alt"
        )

    liten, stor = STORRELSER
    feil = []
    for navn, _bruker, _url, budsjett in SIDER:
        a, b = resultater[liten, navn], resultater[stor, navn]
        if a["sporringer"] != b["sporringer"]:
            feil.append(
                f"{navn}: {a['sporringer']} spørringer ved {liten}, {b['sporringer']} ved {stor}"
            )
        if budsjett and b["p95"] > MAKS_P95_MS:
            feil.append(f"{navn}: p95 {b['p95']:.0f} ms ved {stor} > {MAKS_P95_MS} ms")
    if storrelse[stor][1] < 1_000_000:
        feil.append(f"{storrelse[stor][1]:,} hendelser ved {stor}: under 1 000 000")
    print()
    for linje in feil or ["Alle budsjetter holder."]:
        print(("BUDSJETT BRUTT: " if feil else "") + linje)
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main())
