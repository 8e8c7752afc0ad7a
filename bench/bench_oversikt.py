"""KE overview benchmark: the overview and its drill-down and exports at 10,000 and 100,000
patients (about ten events each: connections, consents, need reports, appointments, plans,
evaluations, ansvarsgrupper, meetings, minutes, action items and messages), against a bare view
in the same run.

    .venv/bin/python bench/bench_oversikt.py      (or `make bench`)

Uses the same kept databases as bench/bench_skjermbilder.py (`bench_ytelse_10k`,
`bench_ytelse_100k`; seeded once, BENCH_NY_DATABASE=1 seeds again), never DATABASE_URL. Each
page: 4 rounds of 20 requests per size with Django's test client (force_login, DEBUG off),
sizes and pages in turn.

Budgets, all ratios from the same run: the overview p95 at 100,000 patients ≤ 30 × the bare
view's p95; every page's p95 at 100,000 ≤ 1.3 × its own at 10,000; the same number of queries
at both sizes; at least 1,000,000 events. Exits with status 1 if a budget fails.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._oppsett import (  # noqa: E402
    bytt_database,
    django_med_skaladatabaser,
    maal_sider,
    sjekk_budsjetter,
    skaladatabase,
    skriv_tabell,
)

STORRELSER = [10_000, 100_000]
RUNDER, PER_RUNDE = 4, 20
MAKS_VEKST = 1.3
BAR = "Bar visning (én PK-spørring)"
SIDER = [
    # (name, user, url, budget as × the bare view's p95 at 100,000; None: no ratio budget)
    (BAR, "ke.kommune", "/bench/bar/", None),
    ("Oversikt, kommune, hele organisasjonen", "ke.kommune", "/oversikt/", 30),
    ("Oversikt, kommune, Hjemmetjenesten", "ke.kommune", "/oversikt/?enhet={hjemme}", 30),
    ("Oversikt, sykehus, hele organisasjonen", "ke.sykehus", "/oversikt/", 30),
    (
        "Pasientliste: behov uten koordinator",
        "ke.kommune",
        "/oversikt/pasienter/?maal=behov_uten&behov=koordinator",
        None,
    ),
    ("CSV: meldte behov", "ke.kommune", "/oversikt/eksport/?tabell=dekning-behov&format=csv", None),
    ("XLSX: alle tabeller", "ke.kommune", "/oversikt/eksport/?tabell=alle&format=xlsx", None),
]
HENDELSER = [
    ("koordinering", "Tilknytning"),
    ("koordinering", "Samtykke"),
    ("koordinering", "Behovsmelding"),
    ("koordinering", "Oppnevning"),
    ("individuellplan", "IndividuellPlan"),
    ("individuellplan", "Evaluering"),
    ("ansvarsgruppe", "Ansvarsgruppe"),
    ("ansvarsgruppe", "Mote"),
    ("ansvarsgruppe", "Referat"),
    ("ansvarsgruppe", "Oppgave"),
    ("meldinger", "Melding"),
]


def _hendelser() -> int:
    from django.apps import apps

    return sum(apps.get_model(app, modell).objects.count() for app, modell in HENDELSER)


def main() -> int:
    seedtider = django_med_skaladatabaser(STORRELSER)
    from koordinering.models import Pasient

    storrelse = {}
    for antall in STORRELSER:
        bytt_database(skaladatabase(antall))
        storrelse[antall] = (Pasient.objects.count(), _hendelser())
    resultater = maal_sider(
        [(navn, bruker, url) for navn, bruker, url, _ in SIDER],
        STORRELSER,
        runder=RUNDER,
        per_runde=PER_RUNDE,
    )
    skriv_tabell(resultater, bar=BAR)
    print()
    for antall, sekunder in seedtider.items():
        pasienter, hendelser = storrelse[antall]
        hva = "gjenbrukt" if sekunder is None else f"{sekunder:.0f} s"
        print(
            f"seed_demo --patients {antall}: {hva}; "
            f"{pasienter:,} pasienter, {hendelser:,} hendelser"
        )
    feil = sjekk_budsjetter(
        resultater,
        STORRELSER,
        bar=BAR,
        ganger_bar={navn: grense for navn, _, _, grense in SIDER},
        maks_vekst=MAKS_VEKST,
    )
    if storrelse[STORRELSER[-1]][1] < 1_000_000:
        feil.append(f"{storrelse[STORRELSER[-1]][1]:,} hendelser: under 1 000 000")
    print()
    for linje in feil or ["Alle budsjetter holder."]:
        print(("BUDSJETT BRUTT: " if feil else "") + linje)
    return 1 if feil else 0


if __name__ == "__main__":
    sys.exit(main())
