from django.core.management.base import BaseCommand

from varsler.services import paminnelser_lever, paminnelser_skann


class Command(BaseCommand):
    help = (
        "Skanner alle fristene og leverer påminnelsene som varsler nå (det beat gjør hvert "
        "femte minutt). Nyttig uten Redis, for eksempel med `make run`, og etter masseimport."
    )

    def handle(self, *args, **options):
        nye = {
            str(type_): antall for type_, antall in paminnelser_skann(alle=True).items() if antall
        }
        self.stdout.write(f"Nye påminnelser: {sum(nye.values())} {nye or ''}".rstrip())
        levert = 0
        while antall := paminnelser_lever():
            levert += antall
        self.stdout.write(f"Levert som varsler: {levert}.")
