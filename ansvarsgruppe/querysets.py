"""Reusable filters for the ansvarsgruppe."""

from django.db import models


class OppgaveQuerySet(models.QuerySet):
    def aapne(self):
        return self.filter(status="aapen")
