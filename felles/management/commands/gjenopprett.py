"""`make restore FRA=<directory>`: a backup made by `sikkerhetskopi` into the configured, empty
database and media directory. Refuses a database that already has tables, so a restore never
mixes two states. Privileges are not restored from the copy (the roles may have other names
here): as the owner role, the runtime role gets its privileges again (felles/dbroller.py)."""

import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from felles.dbroller import EIER, Rollefeil, eieralias, kjorerolle, kjorerolle_rettigheter_gi
from felles.management.commands._kopi import DATABASEFIL, MEDIAFIL, media_rot, motor, pg_miljo


class Command(BaseCommand):
    help = "Gjenopprett en sikkerhetskopi til en tom database og mediekatalog."

    def add_arguments(self, parser):
        parser.add_argument("fra", help="Katalogen sikkerhetskopi laget.")

    def handle(self, *args, fra: str, **options):
        katalog = Path(fra)
        vendor = motor()
        dump = katalog / DATABASEFIL.get(vendor, "")
        if not dump.is_file():
            raise CommandError(f"Fant ingen databasekopi for {vendor} i {katalog}.")
        alias = eieralias()
        if connections[alias].introspection.table_names():
            raise CommandError("Databasen har allerede tabeller: gjenopprett til en tom database.")
        mediakopi = katalog / MEDIAFIL
        if media_rot().is_dir() and any(media_rot().iterdir()):
            raise CommandError(f"{media_rot()} er ikke tom: gjenopprett til en tom mediekatalog.")
        connections[alias].close()
        if vendor == "postgresql":
            args, miljo = pg_miljo()
            resultat = subprocess.run(
                ["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", *args, str(dump)],
                env=miljo,
                capture_output=True,
                text=True,
            )
            if resultat.returncode:
                raise CommandError(f"pg_restore feilet: {resultat.stderr.strip()}")
            if alias == EIER:
                try:
                    kjorerolle_rettigheter_gi(rolle=kjorerolle(), alias=EIER)
                except Rollefeil as feil:
                    raise CommandError(str(feil)) from feil
        else:
            shutil.copyfile(dump, settings.DATABASES["default"]["NAME"])
        if mediakopi.is_file():
            with tarfile.open(mediakopi) as tar:
                tar.extractall(media_rot().parent / ".gjenoppretting", filter="data")
            kilde = media_rot().parent / ".gjenoppretting" / "media"
            media_rot().mkdir(parents=True, exist_ok=True)
            if kilde.is_dir():
                shutil.copytree(kilde, media_rot(), dirs_exist_ok=True)
            # Nothing is extracted from a copy of an empty media directory.
            shutil.rmtree(media_rot().parent / ".gjenoppretting", ignore_errors=True)
        self.stdout.write(self.style.SUCCESS(f"Gjenopprettet fra {katalog}."))
