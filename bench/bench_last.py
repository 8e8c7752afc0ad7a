"""HTTP load benchmark (issue 15 point 6): gunicorn with production-like settings against a
seeded scale database, a realistic page mix against the bare view at the same concurrency.

    .venv/bin/python bench/bench_last.py [--pasienter 100000] [--brukere 10 50 100]
                                         [--sekunder 30] [--workers N]

Only 127.0.0.1. Uses the kept database `bench_ytelse_100k` (or `_10k` with --pasienter 10000)
that bench/bench_skjermbilder.py seeds (this script seeds it the same way when it is missing,
and otherwise never drops it; it runs migrate, as the other benchmarks do). gunicorn runs sync
workers (default 2 × cores + 1) with bench/last_innstillinger.py: config.settings.production
with only HTTPS, HelseID/OTP and the cookie names changed, the bench URLconf (the bare view),
WhiteNoise with hashed static names (collectstatic into a temporary STATIC_ROOT), CONN_MAX_AGE
60 with health checks, no REDIS_URL (no job in the mix queues anything, and the shared Redis
is left alone).

Sessions are made in the database (force_login) for every user kind: koordinator
(`koordinator.kommune`), leader (`leder.kommune`) and KE (`ke.kommune`), one of each per
virtual user. Each virtual user is a thread with its own connection per request (gunicorn's
sync workers close it) and no think time, asking by weight for: start page 40 (the three kinds
in turn), patient page 25, plan 15 and inbox 15 (koordinator; a random one of up to 50 of its
patients with a plan), leader screen 5 (leader), and a form post 5 («mark all notifications
read», the three kinds in turn: a write that is a no-op after the first). The bare view
(bench/urls.py: the full middleware and one primary-key query) is asked for by the same number
of threads. Per level, bare and mix take turns in two rounds of --sekunder/2 each, so other
work on the machine falls on both alike.

Budgets, ratios from the same run (the client shares the 2 cores with gunicorn and PostgreSQL,
so milliseconds are not comparable between runs): 0 errors (anything but 200 on a page and 302
on the post, or no answer within 60 s); at every level the mix's throughput ≥ 25 % of the bare
view's; at 50 users the mix's p95 ≤ 4 × the bare view's p95. Prints the table and each budget;
exits 1 if one fails.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROT))

from bench._oppsett import _pg, _seedet, persentil, skaladatabase  # noqa: E402

BRUKERE = {"koordinator": "koordinator.kommune", "leder": "leder.kommune", "ke": "ke.kommune"}
MIX = [
    # (name, weight, user kinds taken in turn)
    ("Mine pasienter (start)", 40, ("koordinator", "leder", "ke")),
    ("Pasientside", 25, ("koordinator",)),
    ("Plan", 15, ("koordinator",)),
    ("Meldinger, innboks", 15, ("koordinator",)),
    ("Behov til behandling (leder)", 5, ("leder",)),
    ("POST les alle varsler", 5, ("koordinator", "leder", "ke")),
]
BAR = "Bar visning"
MIN_ANDEL_AV_BAR = 0.25  # mix throughput ÷ bare throughput, at every level
MAKS_P95_FORHOLD, P95_NIVAA = 4.0, 50  # mix p95 ÷ bare p95 at 50 users
TIDSAVBRUDD = 60

FORBERED = """
import json, sys
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from individuellplan.models import IndividuellPlan
from koordinering.models import Pasient
call_command("migrate", verbosity=0)
brukere, antall = json.loads(sys.argv[1]), int(sys.argv[2])
okter = {}
for art, navn in brukere.items():
    bruker = get_user_model().objects.get(username=navn)
    okter[art] = []
    for _ in range(antall):
        klient = Client()
        klient.force_login(bruker)
        okter[art].append(klient.cookies["sessionid"].value)
koordinator = get_user_model().objects.get(username=brukere["koordinator"])
synlige = Pasient.objects.visible_to(koordinator).values("pk")
planer = list(
    IndividuellPlan.objects.filter(pasient__in=synlige)
    .order_by("pasient_id", "pk").values_list("pasient_id", "pk")[:50]
)
print(json.dumps({"okter": okter, "planer": planer}))
"""

RYDD = """
import json, sys
import django
django.setup()
from django.contrib.sessions.models import Session
print(Session.objects.filter(session_key__in=json.loads(sys.stdin.read())).delete()[0])
"""


def ledig_port(fra: int) -> int:
    for port in range(fra, fra + 100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"ingen ledig port fra {fra}")


def vent_paa_port(port: int, prosess: subprocess.Popen, sekunder: float = 60) -> None:
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        if prosess.poll() is not None:
            raise SystemExit("gunicorn stoppet under oppstart (se loggen over)")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"gunicorn svarer ikke på port {port}")


class Klient:
    """Requests to gunicorn with a session cookie and a CSRF cookie/token pair (an unmasked
    secret is a valid token)."""

    def __init__(self, port: int, data: dict):
        self.port, self.okter = port, data["okter"]
        self.planer = data["planer"]
        self.csrf = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))

    def foresporsel(self, navn: str, okt: str, tilfeldig: random.Random) -> tuple[str, str, int]:
        """(method, path, expected status) for the mix's `navn`."""
        pasient, plan = tilfeldig.choice(self.planer)
        return {
            BAR: ("GET", "/bench/bar/", 200),
            "Mine pasienter (start)": ("GET", "/", 200),
            "Pasientside": ("GET", f"/pasienter/{pasient}/", 200),
            "Plan": ("GET", f"/planer/{plan}/", 200),
            "Meldinger, innboks": ("GET", "/meldinger/", 200),
            "Behov til behandling (leder)": ("GET", "/behov/", 200),
            "POST les alle varsler": ("POST", "/varsler/les-alle/", 302),
        }[navn]

    def send(self, metode: str, sti: str, okt: str) -> int | str:
        hoder = {"Cookie": f"sessionid={okt}; csrftoken={self.csrf}", "Host": "127.0.0.1"}
        kropp = ""
        if metode == "POST":
            hoder["Content-Type"] = "application/x-www-form-urlencoded"
            kropp = f"csrfmiddlewaretoken={self.csrf}"
        try:
            forbindelse = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIDSAVBRUDD)
            forbindelse.request(metode, sti, body=kropp, headers=hoder)
            svar = forbindelse.getresponse()
            svar.read()
            forbindelse.close()
            return svar.status
        except OSError as feil:
            return f"ingen svar ({type(feil).__name__})"


def kjor_fase(klient: Klient, brukere: int, sekunder: float, bar: bool, frø: int) -> list:
    """`brukere` threads without think time for `sekunder`; (name, status, ms, finished)."""
    resultater: list[tuple[str, int | str, float, bool]] = []
    slutt = time.monotonic() + sekunder

    def bruker(nummer: int) -> None:
        tilfeldig = random.Random(frø * 1000 + nummer)
        tur = Counter()
        while time.monotonic() < slutt:
            if bar:
                navn, arter = BAR, ("koordinator",)
            else:
                navn, _vekt, arter = tilfeldig.choices(MIX, weights=[v for _, v, _ in MIX])[0]
            art = arter[tur[navn] % len(arter)]
            tur[navn] += 1
            okt = klient.okter[art][nummer]
            metode, sti, forventet = klient.foresporsel(navn, okt, tilfeldig)
            start = time.perf_counter()
            status = klient.send(metode, sti, okt)
            ms = (time.perf_counter() - start) * 1000
            resultater.append((navn, status, ms, status == forventet))

    traader = [threading.Thread(target=bruker, args=(n,)) for n in range(brukere)]
    start = time.monotonic()
    for t in traader:
        t.start()
    for t in traader:
        t.join()
    return resultater, time.monotonic() - start


def sammendrag(resultater: list, sekunder: float) -> dict:
    tider = [ms for _navn, _status, ms, _ok in resultater] or [0.0]
    feil = Counter(str(status) for _navn, status, _ms, ok in resultater if not ok)
    return {
        "n": len(resultater),
        "feil": sum(feil.values()),
        "feiltyper": dict(feil),
        "rps": len(resultater) / sekunder,
        "p50": persentil(tider, 0.50),
        "p95": persentil(tider, 0.95),
        "p99": persentil(tider, 0.99),
    }


def varm_opp(klient: Klient) -> dict[tuple[str, str], float]:
    """Every worker has loaded Django and every request of the mix answers as expected. Returns
    the fastest of 5 sequential requests per page and user kind (ms, no queue)."""
    tilfeldig = random.Random(0)
    for _ in range(10):
        klient.send("GET", "/bench/bar/", klient.okter["koordinator"][0])
    alene = {}
    for navn, _vekt, arter in [(BAR, 1, ("koordinator",)), *MIX]:
        for art in arter:
            okt = klient.okter[art][0]
            metode, sti, forventet = klient.foresporsel(navn, okt, tilfeldig)
            tider = []
            for _ in range(5):
                start = time.perf_counter()
                status = klient.send(metode, sti, okt)
                tider.append((time.perf_counter() - start) * 1000)
                if status != forventet:
                    raise SystemExit(
                        f"{navn} ({art}): {metode} {sti} ga {status}, ikke {forventet}"
                    )
            alene[navn, art] = min(tider)
    return alene


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pasienter", type=int, default=100_000, choices=[10_000, 100_000])
    parser.add_argument("--brukere", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--sekunder", type=float, default=30, help="per level, bare and mix each")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    a = parser.parse_args()

    navn = skaladatabase(a.pasienter)
    if _seedet(navn) != a.pasienter:
        # Seeded as bench/bench_skjermbilder.py does (the 100k one starts as a copy of the 10k).
        print(f"{navn} er ikke seedet: seeder som bench/bench_skjermbilder.py …", flush=True)
        storrelser = sorted({10_000, a.pasienter})
        seed = f"from bench._oppsett import django_med_skaladatabaser as d; d({storrelser})"
        subprocess.run([sys.executable, "-c", seed], cwd=ROT, check=True)
    _pg_args, rot = _pg()
    statisk = Path(tempfile.mkdtemp(prefix="koordinering-last-"))
    miljo = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench.last_innstillinger",
        "DATABASE_URL": f"{rot}/{navn}",
        "SECRET_KEY": "last-" + secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "False",
        "STATIC_ROOT": str(statisk),
    }
    miljo.pop("REDIS_URL", None)
    python = str(ROT / ".venv/bin/python")
    print(f"{navn}: migrate, collectstatic, {3 * max(a.brukere)} økter …", flush=True)
    subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                   cwd=ROT, env=miljo, check=True)  # fmt: skip
    forbered = subprocess.run(
        [python, "-c", FORBERED, json.dumps(BRUKERE), str(max(a.brukere))],
        cwd=ROT, env=miljo, check=True, capture_output=True, text=True,
    )  # fmt: skip
    data = json.loads(forbered.stdout.strip().splitlines()[-1])
    if not data["planer"]:
        raise SystemExit(f"{BRUKERE['koordinator']} har ingen pasient med plan i {navn}")

    port = ledig_port(8190)
    gunicorn = subprocess.Popen(
        [str(ROT / ".venv/bin/gunicorn"), "config.wsgi:application", "-w", str(a.workers),
         "-b", f"127.0.0.1:{port}", "--timeout", "120", "--backlog", "2048",
         "--log-level", "warning"],
        cwd=ROT, env=miljo, start_new_session=True,
    )  # fmt: skip
    resultater = {}
    try:
        vent_paa_port(port, gunicorn)
        klient = Klient(port, data)
        alene = varm_opp(klient)
        for brukere in a.brukere:
            samlet = {BAR: ([], 0.0), "mix": ([], 0.0)}
            for runde in range(2):
                for hva in (BAR, "mix") if runde == 0 else ("mix", BAR):
                    svar, tid = kjor_fase(klient, brukere, a.sekunder / 2, hva == BAR, runde)
                    samlet[hva] = (samlet[hva][0] + svar, samlet[hva][1] + tid)
            for hva, (svar, tid) in samlet.items():
                resultater[brukere, hva] = {**sammendrag(svar, tid), "svar": svar}
            print(f"{brukere} brukere: ferdig", flush=True)
    finally:
        os.killpg(gunicorn.pid, signal.SIGTERM)
        gunicorn.wait(timeout=60)
        shutil.rmtree(statisk, ignore_errors=True)
        nokler = [okt for okter in data["okter"].values() for okt in okter]
        subprocess.run([python, "-c", RYDD], cwd=ROT, env=miljo, input=json.dumps(nokler),
                       text=True, check=True, capture_output=True)  # fmt: skip

    return rapport(resultater, alene, a)


def rapport(resultater: dict, alene: dict, a) -> int:
    print(f"\n{a.pasienter:,} pasienter, gunicorn {a.workers} sync workers på "
          f"{os.cpu_count()} kjerner, {a.sekunder:.0f} s per nivå og hva, "
          "klienten på samme maskin\n")  # fmt: skip
    print("| brukere | hva | svar | feil | req/s | p50 ms | p95 ms | p99 ms "
          "| req/s ÷ bar | p95 ÷ bar |")  # fmt: skip
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (brukere, hva), r in resultater.items():
        bar = resultater[brukere, BAR]
        print(f"| {brukere} | {hva} | {r['n']} | {r['feil']} | {r['rps']:.1f} | {r['p50']:.0f} "
              f"| {r['p95']:.0f} | {r['p99']:.0f} | {r['rps'] / bar['rps']:.2f} "
              f"| {r['p95'] / bar['p95']:.1f} |")  # fmt: skip

    print("\nMixen per side, p95 ms (andel av svarene):\n")
    nivaaer = sorted({b for b, _ in resultater})
    print("| side | " + " | ".join(f"{b} brukere" for b in nivaaer) + " |")
    print("|---|" + "---:|" * len(nivaaer))
    for navn, _vekt, _arter in MIX:
        celler = []
        for b in nivaaer:
            svar = resultater[b, "mix"]["svar"]
            tider = [ms for n, _s, ms, _ok in svar if n == navn]
            andel = len(tider) / max(1, len(svar))
            celler.append(f"{persentil(tider, 0.95):.0f} ({andel:.0%})" if tider else "–")
        print(f"| {navn} | " + " | ".join(celler) + " |")

    print("\nÉn forespørsel om gangen før lasten (raskeste av 5, ms; ÷ bar visning):\n")
    print("| side | brukerart | ms | ÷ bar |")
    print("|---|---|---:|---:|")
    for (navn, art), ms in alene.items():
        print(f"| {navn} | {art} | {ms:.0f} | {ms / alene[BAR, 'koordinator']:.1f} |")

    brudd, holder = [], []
    for (brukere, hva), r in resultater.items():
        linje = f"{brukere} brukere, {hva}: {r['feil']} feil"
        (brudd if r["feil"] else holder).append(
            linje + (f" {r['feiltyper']}" if r["feil"] else "") + " (budsjett 0)"
        )
    for brukere in nivaaer:
        andel = resultater[brukere, "mix"]["rps"] / resultater[brukere, BAR]["rps"]
        linje = (f"{brukere} brukere: mixens req/s {andel:.0%} av bar visning "
                 f"(budsjett ≥ {MIN_ANDEL_AV_BAR:.0%})")  # fmt: skip
        (holder if andel >= MIN_ANDEL_AV_BAR else brudd).append(linje)
    if P95_NIVAA in nivaaer:
        forhold = resultater[P95_NIVAA, "mix"]["p95"] / resultater[P95_NIVAA, BAR]["p95"]
        linje = (f"{P95_NIVAA} brukere: mixens p95 {forhold:.1f} × bar visning "
                 f"(budsjett ≤ {MAKS_P95_FORHOLD:g} ×)")  # fmt: skip
        (holder if forhold <= MAKS_P95_FORHOLD else brudd).append(linje)
    else:
        brudd.append(f"p95-budsjettet måles ved {P95_NIVAA} brukere, som ikke ble kjørt")
    print()
    for linje in holder:
        print("holder: " + linje)
    for linje in brudd:
        print("BUDSJETT BRUTT: " + linje)
    return 1 if brudd else 0


if __name__ == "__main__":
    sys.exit(main())
