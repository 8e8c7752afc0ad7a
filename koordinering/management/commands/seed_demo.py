from django.conf import settings
from django.core.management.base import BaseCommand

from koordinering.demo import (
    DEMO_BRUKERE,
    demo_brukere_opprett,
    demo_organisasjoner_opprett,
    demo_pasienter_opprett,
)


class Command(BaseCommand):
    help = "Legger inn demodata: to kommuner og ett helseforetak, og demobrukere (passord «demo»)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-brukere",
            action="store_true",
            help="Opprett demobrukerne også når DEBUG er av (aldri i en ekte installasjon).",
        )

    def handle(self, *args, **options):
        organisasjoner = demo_organisasjoner_opprett()
        self.stdout.write(f"Organisasjoner og enheter: {len(organisasjoner)} organisasjoner.")
        if settings.DEBUG or options["demo_brukere"]:
            demo_brukere_opprett(organisasjoner)
            self.stdout.write(
                f"Demobrukere: {len(DEMO_BRUKERE)} + admin, passord «demo» for nye brukere."
            )
            self.stdout.write(f"Demopasienter: {demo_pasienter_opprett()} nye.")
        else:
            self.stdout.write("DEBUG er av: ingen demobrukere opprettet (bruk --demo-brukere).")
