"""The reminders end to end with the real Redis and a real Celery worker process: due deadlines
become exactly one notification and one e-mail each, also when the worker is killed with SIGKILL
in the middle of delivery and started again.

Runs where DATABASE_URL points at PostgreSQL and REDIS_URL at Redis (CI sets both, and
REQUIRE_SERVICES=1 makes a missing service a failure instead of a skip)."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from individuellplan.models import IndividuellPlan
from tests.factories import PasientFactory, SamtykkeFactory
from varsler.models import Paminnelse, Varsel

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = 13  # a database of its own, flushed before the test


def _redis_url() -> str | None:
    url = os.environ.get("REDIS_URL")
    return url.rsplit("/", 1)[0] + f"/{REDIS_DB}" if url else None


@pytest.fixture
def tjenester():
    problem = None
    if connection.vendor != "postgresql":
        problem = "trenger PostgreSQL (DATABASE_URL)"
    elif not _redis_url():
        problem = "trenger Redis (REDIS_URL)"
    else:
        import redis

        try:
            redis.Redis.from_url(_redis_url()).flushdb()
        except redis.ConnectionError as feil:
            problem = f"Redis svarer ikke: {feil}"
    if problem:
        melding = f"CELERY-INTEGRASJONSTESTEN KJØRES IKKE: {problem}"
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(melding)
        pytest.skip(melding)


class Arbeider:
    """A `celery worker` subprocess against the test database and Redis."""

    def __init__(self, epostkatalog: Path):
        d = connection.settings_dict
        self.env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "tests.integrasjon.worker_settings",
            "DATABASE_URL": (
                f"postgres://{d['USER']}:{d['PASSWORD'] or ''}@{d['HOST'] or '127.0.0.1'}:"
                f"{d['PORT'] or 5432}/{d['NAME']}"
            ),
            "REDIS_URL": _redis_url(),
            "EPOST_KATALOG": str(epostkatalog),
        }
        self.prosess = None
        self.logg = epostkatalog.parent / "worker.log"

    def start(self):
        with open(self.logg, "ab") as logg:
            self.prosess = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q",
                 "default,pdf,epost", "--concurrency", "1", "--pool", "prefork",
                 "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
                cwd=ROOT, env=self.env, stdout=logg, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def drep(self):
        """SIGKILL to the whole process group: the main process and its pool child."""
        if self.prosess and self.prosess.poll() is None:
            os.killpg(self.prosess.pid, signal.SIGKILL)
            self.prosess.wait(timeout=10)


def _vent(betingelse, sekunder: float, hva: str, arbeider: Arbeider):
    slutt = time.monotonic() + sekunder
    while time.monotonic() < slutt:
        if betingelse():
            return
        time.sleep(0.2)
    pytest.fail(f"Ventet {sekunder} s på {hva}.\n" + arbeider.logg.read_text()[-4000:])


def test_forfalte_frister_gir_ett_varsel_hver_ogsaa_naar_arbeideren_drepes(tjenester, v, tmp_path):
    idag = timezone.localdate()
    enhet = v.enhet("sykehus", "Medisinsk avdeling")
    for _ in range(4):  # overdue evaluations: to the responsible unit's leader
        IndividuellPlan.objects.create(
            pasient=PasientFactory(), eier=enhet.organisasjon, eier_enhet=enhet,
            periode_fra=idag - timedelta(days=200), periode_til=idag + timedelta(days=200),
            neste_evaluering=idag - timedelta(days=2), opprettet_av=v.leder_sykehus.ansatt,
        )  # fmt: skip
    for bruker in (v.koordinator_sykehus, v.koordinator_kommune):  # consents about to expire
        SamtykkeFactory(gyldig_til=idag + timedelta(days=10), dokumentert_av=bruker.ansatt)
    SamtykkeFactory(gyldig_til=idag + timedelta(days=400))  # not due

    epost = tmp_path / "epost"
    epost.mkdir()
    arbeider = Arbeider(epost)
    app = Celery(broker=_redis_url())
    try:
        arbeider.start()
        app.send_task("varsler.tasks.paminnelser_skann", queue="default")

        # Delivery has begun: the first e-mail is out. Kill the worker in the middle.
        _vent(lambda: any(epost.iterdir()), 60, "første e-post", arbeider)
        arbeider.drep()
        assert Varsel.objects.filter(epost=Varsel.Epost.VENTER).exists(), "drept for sent"

        # Started again, and the next beat tick: everything left is delivered once.
        arbeider.start()
        app.send_task("varsler.tasks.paminnelser_skann", queue="default")
        _vent(
            lambda: (
                not Varsel.objects.filter(epost=Varsel.Epost.VENTER).exists()
                and Varsel.objects.count() == 6
            ),
            90,
            "at alle e-poster er sendt",
            arbeider,
        )
        # A redelivered task (visibility timeout) finds nothing left to do.
        time.sleep(12)
    finally:
        arbeider.drep()
        app.close()

    assert Paminnelse.objects.count() == 6
    assert not Paminnelse.objects.filter(levert__isnull=True).exists()
    varsler = Counter(Varsel.objects.values_list("paminnelse_id", "mottaker__username"))
    assert set(varsler.values()) == {1}
    assert sorted(n for _p, n in varsler) == [
        "koordinator.kommune", "koordinator.sykehus", *["leder.sykehus"] * 4,
    ]  # fmt: skip
    sendt = Counter(f.name.split("-")[0] for f in epost.iterdir())
    assert sendt == Counter({str(pk): 1 for pk in Varsel.objects.values_list("pk", flat=True)})
