from django.apps import AppConfig


class MinplanConfig(AppConfig):
    name = "minplan"
    verbose_name = "Min plan"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from minplan import varsler

        varsler.koble_til()
