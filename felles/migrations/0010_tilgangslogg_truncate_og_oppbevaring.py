"""The access log refuses TRUNCATE as well, and lets the owner role delete only rows older than
the retention time (docs/adr/0017-databaseroller.md). The runtime role has no UPDATE, DELETE or
TRUNCATE privilege on the table at all (felles/dbroller.py); these triggers hold for the owner
too, so a slip in a psql session cannot erase recent rows either."""

from django.db import migrations

OPPRETT = """
CREATE OR REPLACE FUNCTION felles_tilgangslogg_uforanderlig() RETURNS trigger AS $$
BEGIN
    -- Retention (5 years): the owner role may delete rows older than that, nothing younger.
    IF TG_OP = 'DELETE' THEN
        IF OLD.tidspunkt < now() - interval '5 years'
           AND pg_has_role(current_user,
                           (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
            RETURN OLD;
        END IF;
    END IF;
    -- A superuser can disable triggers anyway; letting it TRUNCATE keeps Django's test flush
    -- working. No application role is a superuser (felles/dbroller.py refuses one).
    IF TG_OP = 'TRUNCATE' THEN
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RETURN NULL;
        END IF;
    END IF;
    RAISE EXCEPTION 'Tilgangsloggen kan ikke endres eller slettes';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER felles_tilgangslogg_ikke_tom
    BEFORE TRUNCATE ON felles_tilgangslogg
    FOR EACH STATEMENT EXECUTE FUNCTION felles_tilgangslogg_uforanderlig();
"""
FJERN = """
DROP TRIGGER IF EXISTS felles_tilgangslogg_ikke_tom ON felles_tilgangslogg;
CREATE OR REPLACE FUNCTION felles_tilgangslogg_uforanderlig() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Tilgangsloggen kan ikke endres eller slettes';
END;
$$ LANGUAGE plpgsql;
"""


def opprett(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OPPRETT)


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FJERN)


class Migration(migrations.Migration):
    dependencies = [("felles", "0009_jobb_utboks")]
    operations = [migrations.RunPython(opprett, fjern)]
