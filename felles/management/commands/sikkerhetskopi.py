"""`make backup`: the database (pg_dump custom format, or SQLite's online backup) and the
uploaded files (media) into one new directory. Restore with `make restore FRA=<directory>`."""

import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from felles.management.commands._kopi import DATABASEFIL, MEDIAFIL, media_rot, motor, pg_miljo


class Command(BaseCommand):
    help = "Ta sikkerhetskopi av databasen og opplastede filer til en ny katalog."

    def add_arguments(self, parser):
        parser.add_argument("--til", default="sikkerhetskopier", help="Katalog for kopiene.")

    def handle(self, *args, til: str, **options):
        katalog = Path(til) / timezone.localtime().strftime("%Y%m%d-%H%M%S")
        if katalog.exists():
            raise CommandError(f"{katalog} finnes allerede.")
        katalog.mkdir(parents=True)
        vendor = motor()
        if vendor == "postgresql":
            args, miljo = pg_miljo()
            fil = katalog / DATABASEFIL[vendor]
            resultat = subprocess.run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(fil), *args],
                env=miljo,
                capture_output=True,
                text=True,
            )
            if resultat.returncode:
                raise CommandError(f"pg_dump feilet: {resultat.stderr.strip()}")
        elif vendor == "sqlite":
            kilde = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            with sqlite3.connect(katalog / DATABASEFIL[vendor]) as maal:
                kilde.backup(maal)
            kilde.close()
        else:
            raise CommandError(f"Databasen {vendor} støttes ikke.")
        with tarfile.open(katalog / MEDIAFIL, "w:gz") as tar:
            if media_rot().is_dir():
                tar.add(media_rot(), arcname="media")
        self.stdout.write(str(katalog))
