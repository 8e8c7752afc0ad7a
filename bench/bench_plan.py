"""Plan benchmark: a 20-page plan PDF and the plan page with 50 goals and 200 measures.

    .venv/bin/python bench/bench_plan.py      (or `make bench`)

Drops and recreates the PostgreSQL database `koordinering_bench_plan` on 127.0.0.1 as user
postgres (or uses BENCH_DATABASE_URL), migrates, loads the demo data and builds one large plan
through the services. Then:
- renders the plan PDF (WeasyPrint, the same function the Celery task uses) 7 times, in turn
  with a bare WeasyPrint render of the same HTML, and reports both medians and the page count;
  budget: the plan PDF's median ≤ 1.5 × the bare render's, for at least 20 pages (a ratio, so
  that it holds on a loaded machine);
- requests the plan page 30 times after 3 warm-ups as the koordinator and reports p50/p95 and
  the number of SQL queries.
Exits with status 1 if the PDF budget fails.
"""

import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._oppsett import django_med_bench_database, pdf_mot_bar  # noqa: E402

django_med_bench_database("koordinering_bench_plan")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from individuellplan import services  # noqa: E402
from individuellplan.innhold import plan_innhold  # noqa: E402
from individuellplan.pdf import render_plan_pdf  # noqa: E402
from koordinering.models import Pasient  # noqa: E402

HOVEDMAAL, DELMAAL_PER_HOVEDMAAL, TILTAK = 10, 4, 200
PDF_TILTAK = 80
PDF_GANGER_BAR = 1.5


def lag_stor_plan():
    koordinator = get_user_model().objects.get(username="koordinator.kommune")
    pasient = Pasient.objects.get(fornavn="Astrid")
    idag = timezone.localdate()
    plan = services.plan_opprett(
        actor=koordinator,
        pasient=pasient,
        periode_fra=idag,
        periode_til=idag + timedelta(365),
        neste_evaluering=idag + timedelta(90),
        ressurser="Glad i å gå tur. " * 10,
        behov="Hjelp til medisiner, innkjøp og å holde kontakt med familien. " * 5,
    )
    maal = []
    for i in range(HOVEDMAAL):
        hoved = services.maal_lagre(
            actor=koordinator,
            plan=plan,
            tekst=f"Hovedmål {i + 1}: jeg vil klare meg selv hjemme",
            maldato=idag + timedelta(100 + i),
        )
        maal.append(hoved)
        for j in range(DELMAAL_PER_HOVEDMAAL):
            maal.append(
                services.maal_lagre(
                    actor=koordinator,
                    plan=plan,
                    hovedmaal=hoved,
                    tekst=f"Delmål {i + 1}.{j + 1}: gå tur til butikken på egen hånd",
                )
            )
    for k in range(TILTAK):
        services.tiltak_lagre(
            actor=koordinator,
            plan=plan,
            beskrivelse=f"Tiltak {k + 1}: hjemmesykepleie",
            omfang="To ganger daglig",
            ansvarlig_tjeneste="Hjemmetjenesten, Fjordvik",
            gjennomforing="Tilsyn, medisinhåndtering og samtale om dagen. " * 2,
            fra=idag,
            maal=maal[k % len(maal) : k % len(maal) + 2],
        )
    return plan, koordinator


def sider(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fil:
        fil.write(pdf)
        fil.flush()
        info = subprocess.run(["pdfinfo", fil.name], capture_output=True, text=True).stdout
    return int(next(linje.split()[-1] for linje in info.splitlines() if linje.startswith("Pages")))


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--demo-brukere", verbosity=0)
    plan, koordinator = lag_stor_plan()
    print(f"Plan med {plan.maal.count()} mål og {plan.tiltak.count()} tiltak.\n")

    def pdf_av_planen() -> bytes:
        # The PDF budget is for a plan of about 20 pages: the first PDF_TILTAK measures.
        innhold = plan_innhold(plan)
        innhold["tiltak"] = innhold["tiltak"][:PDF_TILTAK]
        return render_plan_pdf(innhold=innhold)

    maalt = pdf_mot_bar(pdf_av_planen, 7)
    pdf = maalt["pdf"]
    antall_sider = sider(pdf)

    klient = Client()
    klient.force_login(koordinator)
    url = f"/planer/{plan.pk}/"
    for _ in range(3):
        assert klient.get(url).status_code == 200
    sporringer = []
    with connection.execute_wrapper(
        lambda execute, sql, *args: sporringer.append(sql) or execute(sql, *args)
    ):
        svar = klient.get(url)
    assert svar.status_code == 200, svar.status_code
    sidetider = []
    for _ in range(30):
        start = time.perf_counter()
        klient.get(url)
        sidetider.append((time.perf_counter() - start) * 1000)
    sidetider.sort()
    p95 = sidetider[int(0.95 * len(sidetider)) - 1]

    print("| måling | resultat | budsjett |")
    print("|---|---|---|")
    print(
        f"| plan-PDF, {antall_sider} sider, median av 7 | {maalt['produkt']:.2f} s "
        f"= {maalt['forhold']:.2f} × bar WeasyPrint ({maalt['bar']:.2f} s) | ≤ {PDF_GANGER_BAR} × |"
    )
    print(
        f"| planside ({plan.maal.count()} mål, {TILTAK} tiltak), p50 / p95 | "
        f"{statistics.median(sidetider):.0f} ms / {p95:.0f} ms | – |"
    )
    print(f"| planside, SQL-spørringer | {len(sporringer)} | konstant (test) |")
    ok = maalt["forhold"] <= PDF_GANGER_BAR and antall_sider >= 20
    print("\nBudsjett holdt." if ok else "\nBUDSJETT BRUTT.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
