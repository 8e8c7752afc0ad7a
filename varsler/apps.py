from django.apps import AppConfig


class VarslerConfig(AppConfig):
    name = "varsler"
    verbose_name = "Varsler"

    def ready(self) -> None:
        from varsler import hendelsesvarsler

        hendelsesvarsler.koble_til()
