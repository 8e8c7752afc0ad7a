"""Minutes benchmark: a 3-page ansvarsgruppe minutes PDF.

    .venv/bin/python bench/bench_referat.py      (or `make bench`)

Makes its own PostgreSQL database `koordinering_bench_referat` (or uses BENCH_DATABASE_URL),
loads the demo data and writes, through the services, minutes long enough for three pages:
ten agenda items with notes and decisions, and eight action items. Renders the PDF (the
same function the Celery task uses) 9 times after a warm-up, in turn with a bare WeasyPrint
render of the same HTML; budget: median ≤ 1.5 × the bare render's (a ratio, so that it holds
on a loaded machine), at least 3 pages.
"""

import subprocess
import sys
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench._oppsett import django_med_bench_database, pdf_mot_bar  # noqa: E402

django_med_bench_database("koordinering_bench_referat")

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from ansvarsgruppe import services  # noqa: E402
from ansvarsgruppe.pdf import render_referat_pdf  # noqa: E402
from koordinering.models import Pasient  # noqa: E402

GANGER_BAR = 1.5
SAKER, OPPGAVER = 10, 8


def lag_referat():
    koordinator = get_user_model().objects.get(username="koordinator.kommune")
    pasient = Pasient.objects.get(fornavn="Astrid")
    gruppe = services.ansvarsgruppe_opprett(actor=koordinator, pasient=pasient)
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(7), datetime.min.time()).replace(hour=10)
    )
    mote = services.mote_innkall(
        actor=koordinator,
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Fjordvik helsehus",
        sakspunkter=[(f"Sak {i + 1}: status og videre plan", None) for i in range(SAKER)],
    )
    medlemmer = list(gruppe.medlemmer.all())
    referat = services.referat_lagre(
        actor=koordinator,
        mote=mote,
        til_stede=medlemmer,
        notater={
            s.pk: (
                "Gjennomgang av hvordan det har gått siden sist, med innspill fra alle. " * 3,
                "Vi fortsetter som avtalt og justerer tidspunktene for besøk.",
            )
            for s in mote.sakspunkter.all()
        },
        nye_oppgaver=[
            {
                "beskrivelse": f"Oppfølgingspunkt {i + 1}: avklare tjenester med NAV og fastlege",
                "ansvarlig": medlemmer[i % len(medlemmer)],
                "frist": timezone.localdate() + timedelta(14),
            }
            for i in range(OPPGAVER)
        ],
        neste_mote="Om tre måneder",
    )
    return referat


def sider(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fil:
        fil.write(pdf)
        fil.flush()
        info = subprocess.run(["pdfinfo", fil.name], capture_output=True, text=True).stdout
    return int(next(linje.split()[-1] for linje in info.splitlines() if linje.startswith("Pages")))


def main() -> int:
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--demo-brukere", verbosity=0)
    referat = lag_referat()
    maalt = pdf_mot_bar(lambda: render_referat_pdf(referat), 9)
    antall_sider = sider(maalt["pdf"])
    print("| måling | resultat | budsjett |")
    print("|---|---|---|")
    print(
        f"| referat-PDF, {antall_sider} sider, median av 9 | {maalt['produkt']:.2f} s "
        f"= {maalt['forhold']:.2f} × bar WeasyPrint ({maalt['bar']:.2f} s) | ≤ {GANGER_BAR} × |"
    )
    ok = maalt["forhold"] <= GANGER_BAR and antall_sider >= 3
    print("\nBudsjett holdt." if ok else "\nBUDSJETT BRUTT.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
