from django.apps import AppConfig


class OversiktConfig(AppConfig):
    name = "oversikt"
    verbose_name = "Oversikt for koordinerende enhet"
