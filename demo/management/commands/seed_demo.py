import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.bulk import demo_pasienter_bulk
from demo.minplan_innbyggere import demo_minplan_innbyggere
from demo.minplan_meldinger import demo_minplan_meldinger
from demo.minplan_moter import demo_minplan_moter
from demo.oppsett import (
    DEMO_BRUKERE,
    demo_brukere_opprett,
    demo_organisasjoner_opprett,
    demo_pasienter_opprett,
)
from varsler.services import paminnelser_lever, paminnelser_skann


class Command(BaseCommand):
    help = "Legger inn demodata: to kommuner og ett helseforetak, og demobrukere (passord «demo»)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo-brukere",
            action="store_true",
            help="Opprett demobrukerne også når DEBUG er av (aldri i en ekte installasjon).",
        )
        parser.add_argument(
            "--patients",
            type=int,
            default=0,
            metavar="N",
            help="Sørg for at N syntetiske pasienter finnes (lastdata; bare de som mangler lages).",
        )

    def handle(self, *args, **options):
        demobrukere = settings.DEBUG or options["demo_brukere"]
        # Checked before anything is written: the demo patients have synthetic numbers, which a
        # real installation refuses (and used to refuse half-way, after the users were made).
        if demobrukere and not getattr(settings, "TILLAT_SYNTETISKE_FODSELSNUMMER", False):
            raise CommandError(
                "Demobrukerne får demopasienter med syntetiske fødselsnumre, og denne "
                "installasjonen tillater dem ikke. Sett TILLAT_SYNTETISKE_FODSELSNUMMER=true bare "
                "i en demo- eller testinstallasjon, aldri der det finnes ekte pasienter. "
                "Ingenting er lagret."
            )
        # All or nothing; the bulk load after it commits in batches and makes only what is missing.
        with transaction.atomic():
            organisasjoner = demo_organisasjoner_opprett()
            self.stdout.write(f"Organisasjoner og enheter: {len(organisasjoner)} organisasjoner.")
            if not demobrukere:
                self.stdout.write("DEBUG er av: ingen demobrukere opprettet (bruk --demo-brukere).")
                return
            demo_brukere_opprett(organisasjoner)
            self.stdout.write(
                f"Demobrukere: {len(DEMO_BRUKERE)} + admin, passord «demo» for nye brukere."
            )
            self.stdout.write(f"Demopasienter: {demo_pasienter_opprett()} nye.")
            self.stdout.write(f"Møter i Min plan: {demo_minplan_moter()} nye.")
            mandater = demo_minplan_innbyggere()
            self.stdout.write(f"Innbyggere som handler for andre i Min plan: {mandater} mandater.")
            self.stdout.write(f"Meldinger i Min plan: {demo_minplan_meldinger()} nye tråder.")
            paminnelser = sum(paminnelser_skann(alle=True).values())
            self.stdout.write(f"Påminnelser som har forfalt: {paminnelser} nye.")
            paminnelser_lever(antall=10_000)
        if options["patients"] > 0:
            start = time.perf_counter()
            resultat = demo_pasienter_bulk(options["patients"])
            detaljer = ", ".join(f"{navn} {antall}" for navn, antall in resultat.items())
            self.stdout.write(
                f"Syntetiske pasienter: {detaljer} ({time.perf_counter() - start:.1f} s)."
            )
