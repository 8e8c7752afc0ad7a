"""Failure drill (issue 15 point 8): under a bounded load, restart Redis and then PostgreSQL,
and report the 5xx answers during and after each outage.

    .venv/bin/python bench/ovelse_feil.py [--brukere 4] [--nede 10] [--etter 30]

Everything is the drill's own, so nothing shared is ever stopped: a PostgreSQL cluster made with
initdb on a free port (5497+; the shared server on 5432 is never touched), a redis-server on a
free port (6395+), and gunicorn (3 sync workers) with production-like settings
(bench/ovelse_settings.py) on a free port. The load is a few threads, each a logged-in demo
user, asking for the start page, a patient page and posting «mark all notifications read».

Budgets (the script exits 1 when one fails):
- during an outage every 5xx is the Norwegian 503 page «Tjenesten er midlertidig
  utilgjengelig», never a 500 or a dropped connection;
- after Redis is back: 0 × 5xx; after PostgreSQL is back: 0 × 5xx within the next 30 s."""

import argparse
import contextlib
import glob
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROT))
NORSK_503 = "Tjenesten er midlertidig utilgjengelig"
NOKKEL = "ovelse-" + "k7#Qz!2vR9mX@pL4wT8nY$eB6cH1jF5dG3sA0uV^iO*rE&tW-yQ_"


def ledig_port(fra: int) -> int:
    for port in range(fra, fra + 100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"ingen ledig port fra {fra}")


def vent_paa_port(port: int, sekunder: float = 30) -> None:
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"ingenting svarer på port {port}")


class Postgres:
    """A cluster of the drill's own (initdb), run as «postgres» when we are root."""

    def __init__(self, rot: Path):
        binaer = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaer:
            raise SystemExit("PostgreSQL-serverens programmer (initdb) finnes ikke")
        self.bin = Path(binaer[-1]).parent
        self.rot, self.data, self.port = rot, rot / "data", ledig_port(5497)
        if os.geteuid() == 0:
            shutil.chown(rot, "postgres")
        self._kjor("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nlisten_addresses = '127.0.0.1'\nport = {self.port}\n"
                f"unix_socket_directories = '{rot}'\nfsync = off\n"
            )
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/koord_ovelse"

    def _kjor(self, program: str, *args: str) -> None:
        kommando = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            kommando = ["runuser", "-u", "postgres", "--", *kommando]
        subprocess.run(kommando, check=True, capture_output=True, timeout=120)

    def start(self):
        self._kjor("pg_ctl", "-D", str(self.data), "-l", str(self.rot / "logg"), "-w", "start")

    def stopp(self):
        self._kjor("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")


class Redis:
    def __init__(self, rot: Path):
        self.port, self.rot, self.prosess = ledig_port(6395), rot, None
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.prosess = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.rot)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        vent_paa_port(self.port)

    def stopp(self):
        self.prosess.terminate()
        self.prosess.wait(timeout=10)


def miljo(pg: Postgres, redis: Redis, innstillinger: str) -> dict[str, str]:
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": innstillinger,
        "DATABASE_URL": pg.url,
        "REDIS_URL": redis.url,
        "SECRET_KEY": NOKKEL,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DEBUG": "False",
    }


FORBERED = """
import django, json
django.setup()
from django.core.management import call_command
from django.test import Client
from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett, demo_pasienter_opprett
from django.contrib.auth import get_user_model
from koordinering.models import Pasient
call_command("migrate", verbosity=0)
demo_brukere_opprett(demo_organisasjoner_opprett())
demo_pasienter_opprett()
bruker = get_user_model().objects.get(username="koordinator.kommune")
pasient = Pasient.objects.visible_to(bruker).order_by("pk").first()
okter = []
for _ in range(int(__import__("sys").argv[1])):
    klient = Client()
    klient.force_login(bruker)
    okter.append(klient.cookies["sessionid"].value)
print(json.dumps({"pasient": pasient.pk, "okter": okter}))
"""


class Last:
    """A few threads of logged-in requests; every answer is stored with its time."""

    def __init__(self, port: int, okter: list[str], pasient: int):
        self.port, self.okter, self.pasient = port, okter, pasient
        # (sent at, answered at, what, status): a request that overlaps an outage counts
        # there; any other in the phase it was sent in.
        self.svar: list[tuple[float, float, str, int | str]] = []
        self.stopp = threading.Event()
        self.traader = [threading.Thread(target=self._bruker, args=(o,)) for o in okter]

    def _spor(self, metode: str, sti: str, okt: str, csrf: str = "", kropp: str = ""):
        hoder = {"Cookie": f"sessionid={okt}; csrftoken={csrf}", "Host": "127.0.0.1"}
        if kropp:
            hoder["Content-Type"] = "application/x-www-form-urlencoded"
        sendt = time.time()
        try:
            forbindelse = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            forbindelse.request(metode, sti, body=kropp, headers=hoder)
            svar = forbindelse.getresponse()
            tekst = svar.read().decode("utf-8", "replace")
            status = svar.status
            if status == 503 and NORSK_503 not in tekst:
                status = "503 uten norsk side"
            forbindelse.close()
        except OSError as feil:
            tekst, status = "", f"ingen forbindelse ({type(feil).__name__})"
        self.svar.append((sendt, time.time(), f"{metode} {sti.split('/')[1] or '/'}", status))
        return status, tekst, svar if isinstance(status, int) else None

    def _bruker(self, okt: str):
        csrf = ""
        while not self.stopp.is_set():
            self._spor("GET", "/", okt)
            self._spor("GET", f"/pasienter/{self.pasient}/", okt)
            if not csrf:
                status, tekst, svar = self._spor("GET", "/varsler/", okt)
                funnet = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', tekst)
                informasjonskapsel = svar.getheader("Set-Cookie", "") if svar else ""
                verdi = re.search(r"csrftoken=([^;]+)", informasjonskapsel)
                if funnet and verdi:
                    csrf = verdi.group(1)
                    token = funnet.group(1)
            if csrf:
                self._spor("POST", "/varsler/les-alle/", okt, csrf, f"csrfmiddlewaretoken={token}")
            time.sleep(0.05)

    def varm_opp(self):
        """Every gunicorn worker has loaded Django and answered once before anything counts."""
        for _ in range(20):
            for okt in self.okter:
                self._spor("GET", "/", okt)
        self.svar.clear()

    def start(self):
        for t in self.traader:
            t.start()

    def slutt(self):
        self.stopp.set()
        for t in self.traader:
            t.join(timeout=60)


def tabell(last: Last, faser: list[tuple[str, float, float]]) -> tuple[str, list[str]]:
    linjer = [
        "| fase | s | svar | 2xx/3xx | 4xx | 503 norsk | annen 5xx / brudd | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    brudd = []
    nede = [(navn, fra, til) for navn, fra, til in faser if "nede" in navn]

    def fase_for(sendt: float, svart: float) -> str:
        for navn, fra, til in nede:
            if sendt < til and svart >= fra:
                return navn
        return next((navn for navn, fra, til in faser if fra <= sendt < til), "")

    for navn, fra, til in faser:
        svar = [s for s in last.svar if fase_for(s[0], s[1]) == navn]
        status = Counter(s[3] for s in svar)
        ok = sum(n for k, n in status.items() if isinstance(k, int) and k < 400)
        fire = sum(n for k, n in status.items() if isinstance(k, int) and 400 <= k < 500)
        norsk = status.get(503, 0)
        annen = sum(n for k, n in status.items() if not (isinstance(k, int) and k < 500)) - norsk
        tider = sorted((s[1] - s[0]) * 1000 for s in svar) or [0]
        p95 = tider[min(len(tider) - 1, int(len(tider) * 0.95))]
        linjer.append(
            f"| {navn} | {til - fra:.0f} | {len(svar)} | {ok} | {fire} | {norsk} | {annen} | "
            f"{statistics.median(tider):.0f} | {p95:.0f} |"
        )
        if annen:
            brudd.append(f"{navn}: {annen} svar som verken er 2xx–4xx eller den norske 503-siden "
                         f"({dict(status)})")  # fmt: skip
        if "etter" in navn and norsk:
            brudd.append(f"{navn}: {norsk} × 503 etter at tjenesten var tilbake")
        if not svar:
            brudd.append(f"{navn}: ingen svar i det hele tatt")
    return "\n".join(linjer), brudd


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--brukere", type=int, default=4, help="samtidige innloggede brukere")
    parser.add_argument("--nede", type=float, default=15, help="sekunder hver tjeneste er nede")
    parser.add_argument("--etter", type=float, default=30, help="sekunder målt etter hver retur")
    a = parser.parse_args()

    rot = Path(tempfile.mkdtemp(prefix="koordinering-ovelse-"))
    pg, redis, gunicorn = Postgres(rot), Redis(rot), None
    try:
        pg.start()
        redis.start()
        subprocess.run(["createdb", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "postgres",
                        "koord_ovelse"], check=True)  # fmt: skip
        print(f"PostgreSQL på {pg.port}, Redis på {redis.port}: migrerer og legger inn demodata …")
        forbered = subprocess.run(
            [sys.executable, "-c", FORBERED, str(a.brukere)], cwd=ROT, check=True,
            env=miljo(pg, redis, "config.settings.local"), capture_output=True, text=True,
        )  # fmt: skip
        data = json.loads(forbered.stdout.strip().splitlines()[-1])
        port = ledig_port(8090)
        logg = (rot / "gunicorn.log").open("wb")
        gunicorn = subprocess.Popen(
            [str(ROT / ".venv/bin/gunicorn"), "config.wsgi:application", "-w", "3",
             "-b", f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
            cwd=ROT, env=miljo(pg, redis, "bench.ovelse_settings"),
            stdout=logg, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        vent_paa_port(port)
        last = Last(port, data["okter"], data["pasient"])
        faser = []

        def fase(navn: str, sekunder: float, foer=None, etter=None):
            """An outage phase runs from before the stop to when the start has returned."""
            fra = time.time()
            if foer:
                foer()
            time.sleep(sekunder)
            if etter:
                etter()
            faser.append((navn, fra, time.time()))

        last.varm_opp()
        last.start()
        fase("før (alt oppe)", 10)
        fase("Redis nede", a.nede, redis.stopp, redis.start)
        fase("Redis etter retur", a.etter)
        fase("PostgreSQL nede", a.nede, pg.stopp, pg.start)
        fase("PostgreSQL etter retur", a.etter)
        last.slutt()
    finally:
        if gunicorn and gunicorn.poll() is None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            gunicorn.wait(timeout=30)
        if redis.prosess and redis.prosess.poll() is None:
            redis.stopp()
        with contextlib.suppress(subprocess.CalledProcessError):
            pg.stopp()
        shutil.rmtree(rot, ignore_errors=True)

    tekst, brudd = tabell(last, faser)
    print(f"\n{a.brukere} brukere (forside, pasientside, POST «les alle varsler»), "
          f"gunicorn 3 sync workers, config.settings.production-lik\n")  # fmt: skip
    print(tekst)
    print("\nBudsjett: " + ("OK" if not brudd else "BRUTT\n- " + "\n- ".join(brudd)))
    return 1 if brudd else 0


if __name__ == "__main__":
    sys.exit(main())
