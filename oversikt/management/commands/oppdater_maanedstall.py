"""Count the closed months' messages for the KE overview again (what the nightly beat task
does), e.g. right after a bulk import or seeding."""

from django.core.management.base import BaseCommand

from oversikt.services import maanedstall_oppdater


class Command(BaseCommand):
    help = "Teller meldingene i avsluttede måneder på nytt for KE-oversikten."

    def handle(self, *args, **options):
        maaneder = maanedstall_oppdater()
        self.stdout.write(f"{maaneder} måneder opptalt.")
