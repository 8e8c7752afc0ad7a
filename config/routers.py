"""Database routing (ADR 0015-replika): reads inside `felles.replika.fra_replika()` go to the read
replica when one is configured; writes and migrations always go to the primary."""

from django.db import DEFAULT_DB_ALIAS

from felles.replika import lesealias


class ReplikaRouter:
    def db_for_read(self, model, **hints):
        return lesealias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS
