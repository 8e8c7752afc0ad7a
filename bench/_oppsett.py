"""Shared set-up for the benchmarks: databases of their own, and Django configured for them.

The benchmarks never read DATABASE_URL, so a developer's or CI's database never gets their
synthetic data (and the access-log rows that cannot be deleted)."""

import math
import os
import statistics
import subprocess
import time


def _pg() -> tuple[list[str], str]:
    vert = os.environ.get("PGHOST", "127.0.0.1")
    port = os.environ.get("PGPORT", "5432")
    bruker = os.environ.get("PGUSER", "postgres")
    return ["-h", vert, "-p", port, "-U", bruker], f"postgres://{bruker}@{vert}:{port}"


def _django(url: str, innstillinger: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = innstillinger
    os.environ["DEBUG"] = "False"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.pop("REDIS_URL", None)

    import django

    django.setup()


def django_med_bench_database(navn: str) -> str:
    """Drop and recreate database `navn` (or use BENCH_DATABASE_URL), then set up Django."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        pg, rot = _pg()
        subprocess.run(["dropdb", *pg, "--if-exists", navn], check=True)
        subprocess.run(["createdb", *pg, navn], check=True)
        url = f"{rot}/{navn}"
    _django(url, "config.settings.local")
    return url


# --- the scale benchmarks: one seeded database per size, kept between runs --------------------

SKALA_PREFIKS = "bench_ytelse"


def skaladatabase(antall: int) -> str:
    return f"{SKALA_PREFIKS}_{antall // 1000}k"


def _psql(sql: str, database: str = "postgres") -> str:
    pg, _rot = _pg()
    svar = subprocess.run(
        ["psql", *pg, "-d", database, "-tAc", sql], check=True, capture_output=True, text=True
    )
    return svar.stdout.strip()


def _seedet(navn: str) -> int:
    """The patient count the database was seeded to, from its comment (0: none, or unfinished)."""
    kommentar = _psql(
        f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{navn}'"
    )
    return int(kommentar.removeprefix("seedet ")) if kommentar.startswith("seedet ") else 0


def bytt_database(navn: str) -> None:
    """Point Django's default connection at database `navn` (the next query reconnects)."""
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = navn


def django_med_skaladatabaser(storrelser: list[int]) -> dict[int, float | None]:
    """One database per size (`bench_ytelse_10k`, `bench_ytelse_100k`), seeded with
    `seed_demo --demo-brukere --patients N` and the reminders, and kept: a later run reuses a
    database whose comment says it was seeded to N (BENCH_NY_DATABASE=1 seeds again). A larger
    size starts as a copy of the smaller one. Returns the seconds seeding took per size (None:
    reused). Migrations run every time, so new indexes reach a kept database, and so does the
    nightly recount of the overview's closed months (`oppdater_maanedstall`)."""
    pg, rot = _pg()
    _django(f"{rot}/{skaladatabase(storrelser[0])}", "bench.innstillinger")
    from django.core.management import call_command
    from django.db import connection

    ny = os.environ.get("BENCH_NY_DATABASE") == "1"
    tider: dict[int, float | None] = {}
    forrige = None
    for antall in storrelser:
        navn = skaladatabase(antall)
        if ny or _seedet(navn) != antall:
            connection.close()
            subprocess.run(["dropdb", *pg, "--if-exists", navn], check=True)
            mal = ["-T", forrige] if forrige else []
            subprocess.run(["createdb", *pg, *mal, navn], check=True)
            bytt_database(navn)
            call_command("migrate", verbosity=0)
            start = time.perf_counter()
            call_command("seed_demo", "--demo-brukere", "--patients", str(antall), verbosity=0)
            tider[antall] = time.perf_counter() - start
            # The reminders beat would have made for the synthetic deadlines.
            call_command("paminnelser")
            with connection.cursor() as cursor:
                # What autovacuum would do after a bulk load: statistics and visibility map.
                cursor.execute("VACUUM ANALYZE")
            connection.close()
            _psql(f"COMMENT ON DATABASE {navn} IS 'seedet {antall}'")
        else:
            bytt_database(navn)
            call_command("migrate", verbosity=0)
            tider[antall] = None
        # What the nightly beat does: the KE overview's counts of the closed months.
        call_command("oppdater_maanedstall", verbosity=0)
        forrige = navn
    return tider


def persentil(verdier: list[float], p: float) -> float:
    ordnet = sorted(verdier)
    return ordnet[max(0, math.ceil(p * len(ordnet)) - 1)]


def sammendrag(tider: list[float]) -> dict:
    return {
        "p50": statistics.median(tider),
        "p95": persentil(tider, 0.95),
        "p99": persentil(tider, 0.99),
        "n": len(tider),
    }


def maal_sider(sider: list[tuple], storrelser: list[int], *, runder: int, per_runde: int) -> dict:
    """Time each page at each size with Django's test client (force_login, DEBUG off), in
    `runder` rounds that go through every size and page in turn, so that a burst of other work
    on the machine falls on all of them alike. `sider`: (name, username, url) with `{pasient}`
    and `{hjemme}` filled in. Per page and size: the SQL query count of one request, and p50,
    p95 and p99 over runder × per_runde requests (in milliseconds)."""
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from koordinering.models import Enhet, Pasient

    klienter, urler, tider, sporringer = {}, {}, {}, {}
    for antall in storrelser:
        bytt_database(skaladatabase(antall))
        verdier = {
            "pasient": Pasient.objects.filter(fornavn="Astrid").order_by("pk").first().pk,
            "hjemme": Enhet.objects.get(
                organisasjon__navn="Fjordvik kommune", navn="Hjemmetjenesten"
            ).pk,
        }
        for navn, bruker, url in sider:
            klient = Client()
            klient.force_login(get_user_model().objects.get(username=bruker))
            klienter[antall, navn], urler[antall, navn] = klient, url.format(**verdier)
            for _ in range(3):
                svar = klient.get(urler[antall, navn])
                assert svar.status_code == 200, (navn, svar.status_code)
            with CaptureQueriesContext(connection) as fanget:
                assert klient.get(urler[antall, navn]).status_code == 200
            sporringer[antall, navn] = len(fanget)
            tider[antall, navn] = []
    for _runde in range(runder):
        for antall in storrelser:
            bytt_database(skaladatabase(antall))
            for navn, _bruker, _url in sider:
                klient, url = klienter[antall, navn], urler[antall, navn]
                klient.get(url)  # the first request after the switch opens the connection
                for _ in range(per_runde):
                    start = time.perf_counter()
                    klient.get(url)
                    tider[antall, navn].append((time.perf_counter() - start) * 1000)
    return {
        noekkel: {**sammendrag(verdier), "sporringer": sporringer[noekkel]}
        for noekkel, verdier in tider.items()
    }


def sjekk_budsjetter(
    resultater: dict,
    storrelser: list[int],
    *,
    bar: str,
    ganger_bar: dict[str, float],
    maks_vekst: float,
) -> list[str]:
    """The budgets, all ratios measured in the same run: at the largest size each page's p95 at
    most `ganger_bar[page]` × the bare view's p95; every page's p95 at the largest size at most
    `maks_vekst` × its own p95 at the smallest; the same query count at every size."""
    liten, stor = storrelser[0], storrelser[-1]
    sider = sorted({navn for _antall, navn in resultater}, key=list(ganger_bar).index)
    feil = []
    for navn in sider:
        a, b = resultater[liten, navn], resultater[stor, navn]
        if a["sporringer"] != b["sporringer"]:
            feil.append(
                f"{navn}: {a['sporringer']} spørringer ved {liten}, {b['sporringer']} ved {stor}"
            )
        if navn != bar and b["p95"] > maks_vekst * a["p95"]:
            feil.append(
                f"{navn}: p95 {b['p95']:.1f} ms ved {stor} > "
                f"{maks_vekst} × {a['p95']:.1f} ms ved {liten}"
            )
        grense = ganger_bar[navn]
        forhold = b["p95"] / resultater[stor, bar]["p95"]
        if grense is not None and forhold > grense:
            feil.append(f"{navn}: p95 {forhold:.1f} × bar visning ved {stor} > {grense} ×")
    return feil


def skriv_tabell(resultater: dict, *, bar: str) -> None:
    print("\n| pasienter | side | p50 ms | p95 ms | p99 ms | p95 ÷ bar | spørringer | n |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    for (antall, navn), r in resultater.items():
        forhold = r["p95"] / resultater[antall, bar]["p95"]
        print(
            f"| {antall:,} | {navn} | {r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} "
            f"| {forhold:.1f} | {r['sporringer']} | {r['n']} |"
        )


# --- the PDF benchmarks: against a bare WeasyPrint render of the same HTML ----------------------


def pdf_mot_bar(lag_pdf, ganger: int) -> dict:
    """Median seconds of `lag_pdf()` (the product's path: template, tagged PDF/UA-1) and of a
    bare WeasyPrint render of the HTML it makes (the same stylesheets, no tagging), taken in
    turn after one warm-up of each, so that load on the machine falls on both alike."""
    from weasyprint import HTML

    import felles.pdf

    fanget = []
    original = felles.pdf.html_til_pdf
    felles.pdf.html_til_pdf = lambda html: fanget.append(html) or b""
    try:
        lag_pdf()
    finally:
        felles.pdf.html_til_pdf = original
    html = fanget[0]

    def bar() -> bytes:
        fetcher = felles.pdf.BareStatiskeFiler()
        return HTML(string=html, base_url=felles.pdf.BASE_URL, url_fetcher=fetcher).write_pdf()

    lag_pdf(), bar()  # warm-up: fonts and CSS are loaded once per process
    tider = {"produkt": [], "bar": []}
    pdf = b""
    for _ in range(ganger):
        for navn, funksjon in (("produkt", lag_pdf), ("bar", bar)):
            start = time.perf_counter()
            resultat = funksjon()
            tider[navn].append(time.perf_counter() - start)
            if navn == "produkt":
                pdf = resultat
    produkt, bar_ = statistics.median(tider["produkt"]), statistics.median(tider["bar"])
    return {"produkt": produkt, "bar": bar_, "forhold": produkt / bar_, "pdf": pdf}
