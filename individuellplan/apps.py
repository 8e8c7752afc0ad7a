from django.apps import AppConfig


class IndividuellplanConfig(AppConfig):
    name = "individuellplan"
    verbose_name = "Individuell plan"
