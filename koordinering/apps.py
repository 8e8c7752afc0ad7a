from django.apps import AppConfig


class KoordineringConfig(AppConfig):
    name = "koordinering"
    verbose_name = "Koordinering"

    def ready(self) -> None:
        from koordinering.permissions import koble_livslop

        koble_livslop()
