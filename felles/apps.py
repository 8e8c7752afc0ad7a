from django.apps import AppConfig


class FellesConfig(AppConfig):
    name = "felles"
    verbose_name = "Felles"
