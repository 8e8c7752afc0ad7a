from django.apps import AppConfig


class AnsvarsgruppeConfig(AppConfig):
    name = "ansvarsgruppe"
    verbose_name = "Ansvarsgruppe"
