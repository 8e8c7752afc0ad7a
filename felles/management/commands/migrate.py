"""`manage.py migrate` as the owner role when `DATABASE_MIGRATE_URL` is set (the alias «eier»),
then the runtime role's privileges (felles/dbroller.py). Without it, Django's migrate unchanged."""

from django.core.management.base import CommandError
from django.core.management.commands.migrate import Command as DjangoMigrate

from felles.dbroller import EIER, Rollefeil, eieralias, kjorerolle, kjorerolle_rettigheter_gi


class Command(DjangoMigrate):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(database=eieralias())

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if options["database"] == EIER:
            try:
                kjorerolle_rettigheter_gi(rolle=kjorerolle(), alias=EIER)
            except Rollefeil as feil:
                raise CommandError(str(feil)) from feil
            if options["verbosity"]:
                self.stdout.write(f"Rettigheter gitt til kjørerollen «{kjorerolle()}».")
