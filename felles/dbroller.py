"""The two PostgreSQL roles (docs/adr/0017-databaseroller.md).

The app runs as the *runtime* role (`DATABASE_URL`): it owns no table, may read and write the
app's tables, and may only INSERT into and SELECT from the access log. Migrations run as the
*owner* role (`DATABASE_MIGRATE_URL`, the database alias «eier»); `manage.py migrate` picks it
when it is configured and then gives the runtime role its privileges, also on tables later
migrations create (ALTER DEFAULT PRIVILEGES). Without `DATABASE_MIGRATE_URL` (`make run`, the test
suite) there is one role and nothing to grant.

Only the owner can disable or drop the access log's triggers; a non-superuser cannot set
`session_replication_role`. The runtime role must therefore be neither the owner nor a superuser.
"""

from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from psycopg import sql

EIER = "eier"
LOGGTABELL = "felles_tilgangslogg"
OPPBEVARING_AAR = 5  # the access log is kept five years (docs/adr/0017-databaseroller.md)


class Rollefeil(Exception):
    pass


def eieralias() -> str:
    """The alias migrations and the owner's commands use: «eier» when configured."""
    return EIER if EIER in settings.DATABASES else DEFAULT_DB_ALIAS


def kjorerolle() -> str:
    return settings.DATABASES[DEFAULT_DB_ALIAS].get("USER") or ""


def kjorerolle_rettigheter_gi(*, rolle: str, alias: str | None = None) -> None:
    """As the owner: give `rolle` what the app needs and nothing that can erase the log.
    Idempotent, so `migrate` runs it every time."""
    connection = connections[alias or eieralias()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.rolsuper, pg_has_role(r.oid, c.relowner, 'USAGE'), current_schema()"
            " FROM pg_roles r, pg_class c"
            " WHERE r.rolname = %s AND c.oid = %s::regclass",
            [rolle, LOGGTABELL],
        )
        rad = cursor.fetchone()
        if rad is None:
            raise Rollefeil(f"Databaserollen «{rolle}» finnes ikke.")
        superbruker, eier, skjema = rad
        if superbruker or eier:
            raise Rollefeil(
                f"Kjørerollen «{rolle}» er superbruker eller eier tilgangsloggen, og kan da "
                "slette den. Bruk en egen rolle uten eierskap i DATABASE_URL."
            )
        navn = {"rolle": sql.Identifier(rolle), "skjema": sql.Identifier(skjema)}
        for setning in [
            "GRANT USAGE ON SCHEMA {skjema} TO {rolle}",
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {skjema} TO {rolle}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {skjema} TO {rolle}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {skjema}"
            " GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {rolle}",
            "ALTER DEFAULT PRIVILEGES IN SCHEMA {skjema}"
            " GRANT USAGE, SELECT ON SEQUENCES TO {rolle}",
            # Last, so that it also holds right after a later migration's default grant.
            "REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {logg} FROM {rolle}, PUBLIC",
        ]:
            cursor.execute(
                sql.SQL(setning)
                .format(logg=sql.Identifier(LOGGTABELL), **navn)
                .as_string(connection.connection)
            )


def oppbevaringsgrense(naa: datetime) -> datetime:
    """The oldest moment a log row must still be kept: five calendar years back (29 February
    becomes 28 February, as PostgreSQL's `now() - interval '5 years'`)."""
    try:
        return naa.replace(year=naa.year - OPPBEVARING_AAR)
    except ValueError:
        return naa.replace(year=naa.year - OPPBEVARING_AAR, day=28)
