"""Services of their own for the end-to-end job tests: a redis-server on a free port, started and
stopped by the test (never the shared Redis on 6379), and a real `celery worker` subprocess
against the test database and that Redis.

With REQUIRE_SERVICES=1 (CI) a missing service fails the test instead of skipping it."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROT = Path(__file__).resolve().parents[2]


def mangler(grunn: str):
    melding = f"JOBBTESTEN KJØRES IKKE: {grunn}"
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(melding)
    pytest.skip(melding)


def ledig_port(fra: int) -> int:
    for port in range(fra, fra + 100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"ingen ledig port fra {fra}")


class EgenRedis:
    """A redis-server of the test's own, without persistence: stopped, it forgets its queues
    (as a Redis that lost its data would), and the outbox must make up for it."""

    def __init__(self, katalog: Path, port: int | None = None):
        self.binaer = shutil.which("redis-server")
        if not self.binaer:
            mangler("redis-server finnes ikke")
        self.port = port or ledig_port(6390)
        self.katalog = katalog
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.prosess = None

    def start(self):
        self.prosess = subprocess.Popen(
            [self.binaer, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.katalog)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        slutt = time.monotonic() + 10
        while time.monotonic() < slutt:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server svarer ikke på {self.port}")

    def stopp(self):
        if self.prosess and self.prosess.poll() is None:
            self.prosess.terminate()
            self.prosess.wait(timeout=10)


class Arbeider:
    """A `celery worker` subprocess (tests/integrasjon/start_arbeider.py) against the test
    database and `broker_url`; `miljo` adds environment variables (worker_settings.py)."""

    def __init__(self, broker_url: str, katalog: Path, *, samtidige: int = 1, **miljo: str):
        d = connection.settings_dict
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.integrasjon.worker_settings",
            "DATABASE_URL": (
                f"postgres://{d['USER']}:{d['PASSWORD'] or ''}@{d['HOST'] or '127.0.0.1'}:"
                f"{d['PORT'] or 5432}/{d['NAME']}"
            ),
            "REDIS_URL": broker_url,
            **miljo,
        }
        self.samtidige = samtidige
        self.prosess = None
        self.logg = katalog / "worker.log"

    def start(self):
        with open(self.logg, "ab") as logg:
            self.prosess = subprocess.Popen(
                [sys.executable, "-m", "tests.integrasjon.start_arbeider", "-A", "config",
                 "worker", "-Q", "default,pdf,epost", "--concurrency", str(self.samtidige),
                 "--pool", "prefork", "--without-gossip", "--without-mingle",
                 "--without-heartbeat", "-l", "INFO"],
                cwd=ROT, env=self.env, stdout=logg, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def drep(self):
        """SIGKILL to the whole process group: the main process and its pool children."""
        if self.prosess and self.prosess.poll() is None:
            os.killpg(self.prosess.pid, signal.SIGKILL)
            self.prosess.wait(timeout=10)

    def vent(self, betingelse, sekunder: float, hva: str, *, underveis=None):
        """Wait until `betingelse()`; `underveis()` runs on every round (a beat tick)."""
        slutt = time.monotonic() + sekunder
        while time.monotonic() < slutt:
            if underveis:
                underveis()
            if betingelse():
                return
            time.sleep(0.5)
        pytest.fail(f"Ventet {sekunder} s på {hva}.\n" + self.logg.read_text()[-4000:])
