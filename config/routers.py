"""Database routing (ADR 0015-replika): reads inside `felles.replika.fra_replika()` go to the read
replica when one is configured; writes always go to the primary, migrations to the primary as the
runtime or (when configured) the owner role (felles/dbroller.py)."""

from django.db import DEFAULT_DB_ALIAS

from felles.dbroller import EIER
from felles.replika import lesealias


class ReplikaRouter:
    def db_for_read(self, model, **hints):
        return lesealias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db in (DEFAULT_DB_ALIAS, EIER)
