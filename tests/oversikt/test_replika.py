"""Read-heavy work goes to a read replica (issue 15 point 7): a real PostgreSQL streaming
replica of this machine's server, made with pg_basebackup, serves the KE overview, its
drill-down and its exports; writes (the access log of the drill-down) never go there, and the
figures are the same as from the primary.

Needs PostgreSQL's server binaries and a `host replication` line for 127.0.0.1 in pg_hba.conf
(`.ci/run` adds it). With REQUIRE_SERVICES=1 a missing prerequisite fails instead of skipping."""

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext

from felles.models import Tilgangslogg
from felles.replika import REPLIKA, fra_replika, lesealias
from oversikt import selectors
from tests.oversikt.conftest import rader, utvalg
from tests.oversikt.verden import bygg_verden

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, "replika"]),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="replikaen er PostgreSQL"),
]


def _mangler(grunn: str):
    if os.environ.get("REQUIRE_SERVICES"):
        pytest.fail(grunn)
    pytest.skip(grunn)


def _dsn(port: int, navn: str = "postgres") -> str:
    db = connection.settings_dict
    return f"host=127.0.0.1 port={port} user={db.get('USER') or 'postgres'} dbname={navn}"


def _som_eier(kommando: list[str]) -> subprocess.CompletedProcess:
    """PostgreSQL refuses to run as root: the server binaries then run as «postgres»."""
    if os.geteuid() == 0:
        kommando = ["runuser", "-u", "postgres", "--", *kommando]
    return subprocess.run(kommando, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def replika(replikaport):
    """The alias «replika» to the test database on the replica, set before each test's database
    setup (module scope). As a test mirror it is never flushed: the primary's flush reaches it
    by replication."""
    oppsett = {
        **connections.settings[DEFAULT_DB_ALIAS],
        "PORT": replikaport,
        "ATOMIC_REQUESTS": False,
        "TEST": {"MIRROR": DEFAULT_DB_ALIAS},
    }
    settings.DATABASES[REPLIKA] = oppsett
    connections.settings[REPLIKA] = oppsett
    try:
        yield connections[REPLIKA]
    finally:
        connections[REPLIKA].close()
        del connections[REPLIKA]
        connections.settings.pop(REPLIKA, None)
        settings.DATABASES.pop(REPLIKA, None)  # often the same dict


@pytest.fixture(scope="module")
def replikaport():
    binaer = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_basebackup"))
    if not binaer:
        _mangler("pg_basebackup finnes ikke (PostgreSQL-serveren er ikke installert)")
    bin_ = os.path.dirname(binaer[-1])
    primaer = connection.settings_dict
    # Not under pytest's tmp directory: the server user must reach it.
    rot = Path(tempfile.mkdtemp(prefix="koordinering-replika-"))
    data = rot / "data"
    if os.geteuid() == 0:
        shutil.chown(rot, "postgres")
    port = 5499
    laget = _som_eier(
        [
            f"{bin_}/pg_basebackup",
            f"--host={primaer.get('HOST') or '127.0.0.1'}",
            f"--port={primaer.get('PORT') or 5432}",
            f"--username={primaer.get('USER') or 'postgres'}",
            f"--pgdata={data}",
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
        ]
    )
    if laget.returncode:
        shutil.rmtree(rot, ignore_errors=True)
        _mangler(f"pg_basebackup feilet (pg_hba.conf må tillate replication): {laget.stderr}")
    # Debian keeps the configuration outside the data directory: the replica gets its own.
    (data / "postgresql.conf").write_text(
        f"listen_addresses = '127.0.0.1'\nport = {port}\n"
        f"unix_socket_directories = '{rot}'\nhot_standby = on\n"
    )
    (data / "pg_hba.conf").write_text("local all all trust\nhost all all 127.0.0.1/32 trust\n")
    if os.geteuid() == 0:
        for fil in ("postgresql.conf", "pg_hba.conf"):
            shutil.chown(data / fil, "postgres")
    startet = _som_eier([f"{bin_}/pg_ctl", "-D", str(data), "-l", str(rot / "logg"), "-w", "start"])
    if startet.returncode:
        pytest.fail(f"replikaen startet ikke: {startet.stderr} {(rot / 'logg').read_text()}")
    try:
        yield port
    finally:
        _som_eier([f"{bin_}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(rot, ignore_errors=True)


def _innhentet(replikaport: int) -> None:
    """Wait until the replica has replayed everything the primary has written."""
    with psycopg.connect(_dsn(connection.settings_dict.get("PORT") or 5432)) as p:
        lsn = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    with psycopg.connect(_dsn(replikaport)) as r:
        for _ in range(300):
            if r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn]).fetchone()[0]:
                return
            time.sleep(0.1)
    pytest.fail("replikaen tok ikke igjen primæren på 30 sekunder")


def _sporringer_mot_tabeller(fanget) -> list[str]:
    return [
        q["sql"]
        for q in fanget.captured_queries
        if q["sql"].lstrip().upper().startswith("SELECT") and "koordinering_" in q["sql"]
    ]


def test_replikaen_er_skrivebeskyttet_og_ruteren_leser_bare_der_i_blokken(replika):
    assert lesealias() == DEFAULT_DB_ALIAS
    with fra_replika():
        assert lesealias() == REPLIKA
        with replika.cursor() as c:
            c.execute("SELECT pg_is_in_recovery()")
            assert c.fetchone()[0] is True
    assert lesealias() == DEFAULT_DB_ALIAS


def test_oversikten_leses_fra_replikaen_og_skriver_aldri_dit(replika, replikaport, client):
    v = bygg_verden()
    _innhentet(replikaport)
    client.force_login(v.ansatte["ke_a"].bruker)
    logg_foer = Tilgangslogg.objects.count()

    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primaer,
        CaptureQueriesContext(replika) as fra_replikaen,
    ):
        for url in (
            "/oversikt/",
            "/oversikt/pasienter/?maal=fulgt",
            "/oversikt/eksport/?tabell=alle&format=xlsx",
        ):
            assert client.get(url).status_code == 200, url

    assert len(_sporringer_mot_tabeller(fra_replikaen)) >= 10
    # The primary answered only the session, the login and the access log of the drill-down.
    assert not [q for q in _sporringer_mot_tabeller(primaer) if "behovsmelding" in q]
    skrevet = [q["sql"] for q in primaer.captured_queries if q["sql"].startswith("INSERT")]
    assert any("felles_tilgangslogg" in q for q in skrevet)
    assert not [
        q
        for q in fra_replikaen.captured_queries
        if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert Tilgangslogg.objects.count() > logg_foer


def test_tallene_er_de_samme_fra_replikaen_som_fra_primaeren(replika, replikaport):
    v = bygg_verden()
    _innhentet(replikaport)
    u = utvalg(v.a)
    fra_primaeren = [rader(t) for t in selectors.dekning(u)]
    with fra_replika(), CaptureQueriesContext(replika) as fanget:
        fra_replikaen = [rader(t) for t in selectors.dekning(u)]
    assert fanget.captured_queries
    assert fra_replikaen == fra_primaeren
