"""Retention (docs/adr/0017-databaseroller.md): delete access-log rows older than five years.
Runs as the owner role (the alias «eier» when `DATABASE_MIGRATE_URL` is set): the runtime role
has no DELETE privilege on the log, and the log's trigger lets the owner delete nothing younger."""

from django.core.management.base import BaseCommand
from django.db import connections, transaction
from django.utils import timezone

from felles.dbroller import OPPBEVARING_AAR, eieralias, oppbevaringsgrense


class Command(BaseCommand):
    help = f"Slett rader i tilgangsloggen som er eldre enn {OPPBEVARING_AAR} år (som eierrollen)."

    def handle(self, *args, **options):
        alias = eieralias()
        grense = oppbevaringsgrense(timezone.now())
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            cursor.execute("DELETE FROM felles_tilgangslogg WHERE tidspunkt < %s", [grense])
            antall = cursor.rowcount
        self.stdout.write(f"Slettet {antall} rader eldre enn {grense:%d.%m.%Y}.")
