from django.apps import AppConfig


class MeldingerConfig(AppConfig):
    name = "meldinger"
    verbose_name = "Meldinger"

    def ready(self) -> None:
        from felles import hendelser
        from koordinering.models import Behovsmelding
        from meldinger.services import behov_besvar

        hendelser.behov_besluttet.connect(
            behov_besvar, sender=Behovsmelding, dispatch_uid="meldinger.behov_besvar"
        )
