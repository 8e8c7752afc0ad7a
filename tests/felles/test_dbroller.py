"""A log no one can erase (issue 14 point 5, docs/adr/0017-databaseroller.md): connected as the
runtime role, the app may add to and read the access log and write its own tables, but every way
of erasing the log is refused by PostgreSQL itself. The roles are made here, in the test
database, with unique names, and dropped afterwards."""

import uuid
from datetime import datetime, timedelta
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from felles.dbroller import LOGGTABELL, Rollefeil, kjorerolle_rettigheter_gi, oppbevaringsgrense
from felles.models import Tilgangslogg
from tests.factories import AnsattFactory
from tests.koordinering.verden import bygg_verden, logget, siste_logg_id, url_for

postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="databaseroller og triggere finnes bare i PostgreSQL (CI kjører testen mot PostgreSQL)",
)

NY_LOGGRAD = """
INSERT INTO felles_tilgangslogg (tidspunkt, bruker_id, brukernavn, hpr_nummer, rolle, enheter,
    dokument, objekt_type, handling, grunnlag, foresporsel_id)
VALUES (now(), %s, 'Kari Nordmann', '', 'Koordinator', '', 'Pasientside', '', 'vist', '', '')
RETURNING id
"""


def _dsn(rolle: str) -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"],
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=rolle,
        password=db.get("PASSWORD") or None,
    )


@pytest.fixture(scope="module")
def kjorerolle(django_db_setup, django_db_blocker):
    """A runtime role that owns nothing, given its privileges by the same code `migrate` runs.
    The password is the superuser's, so that the test runs with password authentication too."""
    rolle = f"koord_test_app_{uuid.uuid4().hex[:8]}"
    passord = connection.settings_dict.get("PASSWORD") or None
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(
                f'CREATE ROLE "{rolle}" LOGIN' + (" PASSWORD %s" if passord else ""),
                [passord] if passord else [],
            )
        kjorerolle_rettigheter_gi(rolle=rolle, alias="default")
    yield rolle
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{rolle}"')
        cursor.execute(f'DROP ROLE "{rolle}"')


@pytest.fixture
def som_kjorerolle(kjorerolle):
    """A psycopg connection as the runtime role, inside a transaction that is rolled back."""
    with psycopg.connect(_dsn(kjorerolle)) as c, c.transaction(force_rollback=True):
        yield c


def _bruker_id(c) -> int:
    """An ordinary table is writable: the runtime role makes a user for its log row."""
    return c.execute(
        "INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email,"
        " is_staff, is_active, date_joined) VALUES ('!', false, %s, 'Kari', 'Nordmann', '',"
        " false, true, now()) RETURNING id",
        [f"kari-{uuid.uuid4().hex[:8]}"],
    ).fetchone()[0]


@postgres
def test_kjorerollen_skriver_og_leser_loggen_og_appens_tabeller(som_kjorerolle):
    c = som_kjorerolle
    bruker_id = _bruker_id(c)
    (rad_id,) = c.execute(NY_LOGGRAD, [bruker_id]).fetchone()
    assert c.execute(
        "SELECT brukernavn, dokument FROM felles_tilgangslogg WHERE id = %s", [rad_id]
    ).fetchone() == ("Kari Nordmann", "Pasientside")
    c.execute("UPDATE auth_user SET first_name = 'Kåre' WHERE id = %s", [bruker_id])
    c.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date)"
        " VALUES ('dbroller-test', '', now())"
    )
    c.execute("DELETE FROM django_session WHERE session_key = 'dbroller-test'")
    c.execute("DELETE FROM auth_user WHERE id = %s", [bruker_id])


@postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE felles_tilgangslogg SET dokument = 'Endret'",
        "DELETE FROM felles_tilgangslogg",
        "TRUNCATE felles_tilgangslogg",
        "TRUNCATE felles_tilgangslogg, auth_user CASCADE",
        "ALTER TABLE felles_tilgangslogg DISABLE TRIGGER ALL",
        "ALTER TABLE felles_tilgangslogg DISABLE TRIGGER felles_tilgangslogg_ikke_tom",
        "DROP TRIGGER felles_tilgangslogg_uforanderlig ON felles_tilgangslogg",
        "DROP TRIGGER felles_tilgangslogg_ikke_tom ON felles_tilgangslogg",
        "CREATE OR REPLACE FUNCTION felles_tilgangslogg_uforanderlig() RETURNS trigger"
        " AS $$ BEGIN RETURN OLD; END; $$ LANGUAGE plpgsql",
        "DROP TABLE felles_tilgangslogg CASCADE",
        "ALTER TABLE felles_tilgangslogg RENAME TO gammel_logg",
        "SET session_replication_role = replica",
        "SET LOCAL session_replication_role = replica",
        "CREATE TABLE felles_tilgangslogg_kopi (id bigint)",
    ],
)
def test_kjorerollen_kan_ikke_slette_eller_endre_loggen(som_kjorerolle, sql):
    c = som_kjorerolle
    (rad_id,) = c.execute(NY_LOGGRAD, [_bruker_id(c)]).fetchone()
    with pytest.raises(psycopg.errors.InsufficientPrivilege), c.transaction():
        c.execute(sql)
    assert c.execute("SELECT count(*) FROM felles_tilgangslogg WHERE id = %s", [rad_id]).fetchone()
    assert c.execute("SHOW session_replication_role").fetchone() == ("origin",)
    triggere = c.execute(
        "SELECT tgname, tgenabled FROM pg_trigger"
        " WHERE tgrelid = %s::regclass AND NOT tgisinternal ORDER BY tgname",
        [LOGGTABELL],
    ).fetchall()
    assert triggere == [
        ("felles_tilgangslogg_ikke_tom", "O"),
        ("felles_tilgangslogg_uforanderlig", "O"),
    ]


@pytest.mark.django_db
@postgres
def test_rettighetene_gis_ikke_til_en_superbruker():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        (meg,) = cursor.fetchone()
    with pytest.raises(Rollefeil, match="superbruker eller eier tilgangsloggen"):
        kjorerolle_rettigheter_gi(rolle=meg, alias="default")
    with pytest.raises(Rollefeil, match="finnes ikke"):
        kjorerolle_rettigheter_gi(rolle=f"finnes_ikke_{uuid.uuid4().hex[:8]}", alias="default")


@pytest.fixture
def appen_som_kjorerolle(kjorerolle, transactional_db):
    """Django's own connection as the runtime role for the test's requests; the world is
    built first, as the superuser, and committed (a transactional test)."""
    v = bygg_verden()
    innstillinger = connection.settings_dict
    bruker = innstillinger["USER"]
    connection.close()
    innstillinger["USER"] = kjorerolle
    try:
        yield v
    finally:
        connection.close()
        innstillinger["USER"] = bruker


@pytest.mark.usefixtures("fast_dag")
@postgres
def test_appen_virker_som_kjorerollen(client, appen_som_kjorerolle, kjorerolle):
    """An ordinary request as the runtime role: the login writes the session and last_login,
    the patient page reads and writes the log; erasing the log through the ORM is refused by
    the database (the ORM's own guard is skipped with `_raw_delete`)."""
    v = appen_som_kjorerolle
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        assert cursor.fetchone() == (kjorerolle,)
    client.force_login(v.brukere["kollega"])
    foer = siste_logg_id()
    assert client.get(url_for(v, "pasient-detalj")).status_code == 200
    (rad,) = logget(v.pasient, foer)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        Tilgangslogg._base_manager.filter(pk=rad.pk)._raw_delete(connection.alias)
    assert Tilgangslogg.objects.filter(pk=rad.pk).exists()


@pytest.mark.django_db
def test_eieren_sletter_bare_rader_eldre_enn_fem_aar():
    """Retention: `slett_gammel_tilgangslogg` (run as the owner) deletes rows older than five
    years; the trigger refuses deleting a younger row even for the owner."""
    ansatt = AnsattFactory()
    naa = timezone.now()

    def rad(tidspunkt: datetime) -> Tilgangslogg:
        return Tilgangslogg.objects.create(
            tidspunkt=tidspunkt,
            bruker=ansatt.bruker,
            brukernavn=str(ansatt),
            rolle="Koordinator",
            dokument="Pasientside",
        )

    gammel = rad(oppbevaringsgrense(naa) - timedelta(days=1))
    ung = rad(oppbevaringsgrense(naa) + timedelta(days=1))
    call_command("slett_gammel_tilgangslogg", stdout=StringIO())
    assert not Tilgangslogg.objects.filter(pk=gammel.pk).exists()
    assert Tilgangslogg.objects.filter(pk=ung.pk).exists()
    if connection.vendor != "postgresql":
        return  # SQLite has no trigger; the model refuses deletes (tests/koordinering)
    with (
        pytest.raises(DatabaseError, match="Tilgangsloggen kan ikke endres eller slettes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM felles_tilgangslogg WHERE id = %s", [ung.pk])
    assert Tilgangslogg.objects.filter(pk=ung.pk).exists()


def test_oppbevaringsgrensen_er_fem_kalenderaar():
    assert oppbevaringsgrense(datetime(2031, 3, 11, 12)) == datetime(2026, 3, 11, 12)
    assert oppbevaringsgrense(datetime(2028, 2, 29, 12)) == datetime(2023, 2, 28, 12)


def test_datamigreringer_bruker_migreringens_egen_forbindelse():
    """`migrate` runs as the owner role on the «eier» alias; a data migration that queried the
    default alias (the runtime role) would wait for the migration's own lock for ever (CI hung
    on it once). Every RunPython function that uses a manager names the schema editor's alias."""
    import ast
    from pathlib import Path

    from django.conf import settings

    feil = []
    for fil in sorted(Path(settings.BASE_DIR).glob("*/migrations/0*.py")):
        tre = ast.parse(fil.read_text())
        for funksjon in (n for n in ast.walk(tre) if isinstance(n, ast.FunctionDef)):
            kilde = ast.get_source_segment(fil.read_text(), funksjon) or ""
            if ".objects" in kilde and "schema_editor.connection.alias" not in kilde:
                feil.append(f"{fil.relative_to(settings.BASE_DIR)}: {funksjon.name}")
    assert feil == []
