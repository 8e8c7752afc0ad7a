"""On PostgreSQL the database itself refuses UPDATE and DELETE on the access log."""

from django.db import migrations

OPPRETT = """
CREATE OR REPLACE FUNCTION felles_tilgangslogg_uforanderlig() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Tilgangsloggen kan ikke endres eller slettes';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER felles_tilgangslogg_uforanderlig
    BEFORE UPDATE OR DELETE ON felles_tilgangslogg
    FOR EACH ROW EXECUTE FUNCTION felles_tilgangslogg_uforanderlig();
"""
FJERN = """
DROP TRIGGER IF EXISTS felles_tilgangslogg_uforanderlig ON felles_tilgangslogg;
DROP FUNCTION IF EXISTS felles_tilgangslogg_uforanderlig();
"""


def opprett(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(OPPRETT)


def fjern(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FJERN)


class Migration(migrations.Migration):
    dependencies = [("felles", "0002_initial")]
    operations = [migrations.RunPython(opprett, fjern)]
