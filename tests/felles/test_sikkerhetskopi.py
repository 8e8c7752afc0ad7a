"""`make backup` / `make restore` (issue 15 point 8): pg_dump and the media directory into one
directory, restored into a fresh database and an empty media directory; row counts of every
table and the newest access-log row are the same afterwards. A restore refuses a database that
already has tables."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from felles.models import Tilgangsgrunnlag, Tilgangslogg
from tests.factories import AnsattFactory, PasientFactory

ROT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump/pg_restore trenger PostgreSQL (CI kjører testen mot PostgreSQL)",
    ),
]


def _url(navn: str) -> str:
    db = connection.settings_dict
    bruker = db.get("USER") or "postgres"
    passord = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    vert = f"{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}"
    return f"postgres://{bruker}{passord}@{vert}/{navn}"


def _manage(*args: str, database: str, media: Path) -> subprocess.CompletedProcess:
    miljo = dict(os.environ, DATABASE_URL=_url(database), MEDIA_ROOT=str(media))
    miljo.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROT, env=miljo, capture_output=True, text=True
    )


def _tall(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as c:
        tabeller = [
            r[0]
            for r in c.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {t: c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tabeller}


def _nyeste_logg(dsn: str) -> tuple:
    with psycopg.connect(dsn) as c:
        return c.execute(
            "SELECT id, tidspunkt, brukernavn, pasient_id, dokument FROM felles_tilgangslogg "
            "ORDER BY tidspunkt DESC, id DESC LIMIT 1"
        ).fetchone()


@pytest.fixture
def tom_database():
    navn = f"{connection.settings_dict['NAME']}_gjenopprett_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(_url("postgres"), autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{navn}"')
    yield navn
    with psycopg.connect(_url("postgres"), autocommit=True) as c:
        c.execute(f'DROP DATABASE IF EXISTS "{navn}" WITH (FORCE)')


def test_kopi_gjenopprettes_med_samme_rader_og_filer(tmp_path, tom_database):
    ansatt = AnsattFactory()
    pasient = PasientFactory()
    for dokument in ("Pasientside", "Plan"):
        Tilgangslogg.objects.create(
            bruker=ansatt.bruker,
            brukernavn=str(ansatt),
            rolle="Koordinator",
            organisasjon=ansatt.organisasjon,
            pasient=pasient,
            dokument=dokument,
            grunnlag=Tilgangsgrunnlag.OPPNEVNING,
        )
    media = tmp_path / "media"
    (media / "vedlegg").mkdir(parents=True)
    (media / "vedlegg" / "epikrise.pdf").write_bytes(b"%PDF-1.4 test")
    kilde = connection.settings_dict["NAME"]

    kopier = str(tmp_path / "kopier")
    laget = _manage("sikkerhetskopi", "--til", kopier, database=kilde, media=media)
    assert laget.returncode == 0, laget.stderr
    katalog = Path(laget.stdout.strip())
    assert (katalog / "database.dump").stat().st_size > 0

    ny_media = tmp_path / "ny-media"
    gjenopprettet = _manage("gjenopprett", str(katalog), database=tom_database, media=ny_media)
    assert gjenopprettet.returncode == 0, gjenopprettet.stderr

    assert _tall(_url(tom_database)) == _tall(_url(kilde))
    assert _tall(_url(tom_database))["felles_tilgangslogg"] == 2
    assert _nyeste_logg(_url(tom_database)) == _nyeste_logg(_url(kilde))
    assert (ny_media / "vedlegg" / "epikrise.pdf").read_bytes() == b"%PDF-1.4 test"

    igjen = _manage("gjenopprett", str(katalog), database=tom_database, media=tmp_path / "tredje")
    assert igjen.returncode != 0
    assert "Databasen har allerede tabeller" in igjen.stderr
