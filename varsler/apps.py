from django.apps import AppConfig


class VarslerConfig(AppConfig):
    name = "varsler"
    verbose_name = "Varsler"
