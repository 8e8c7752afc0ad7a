from django.apps import AppConfig


class KoordineringConfig(AppConfig):
    name = "koordinering"
    verbose_name = "Koordinering"
