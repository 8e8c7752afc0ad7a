from django.apps import AppConfig


class FellesConfig(AppConfig):
    name = "felles"
    verbose_name = "Felles"

    def ready(self):
        from felles import innlogging, okt  # noqa: F401 -- login log and session signals
