"""Someone who takes part around a patient, as a plan participant or a group member."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koordinering.models.organisasjon import Ansatt
from koordinering.models.pasient import Parorende


def medvirkende_begrensninger(prefiks: str, *, ansatt: str, parorende: str) -> list:
    """The checks every `Medvirkende` subclass needs, with messages in its own words."""
    return [
        models.CheckConstraint(
            condition=~Q(type="ansatt") | Q(ansatt__isnull=False),
            name=f"{prefiks}_ansatt_har_ansatt",
            violation_error_message=ansatt,
        ),
        models.CheckConstraint(
            condition=~Q(type="parorende") | Q(parorende__isnull=False),
            name=f"{prefiks}_parorende_har_parorende",
            violation_error_message=parorende,
        ),
    ]


class Medvirkende(models.Model):
    """Someone who takes part around a patient: the patient, a relative, staff of either level
    or an external person. Plan participants and ansvarsgruppe members are both this."""

    class Type(models.TextChoices):
        PASIENT = "pasient", _("Pasienten")
        PARORENDE = "parorende", _("Pårørende")
        ANSATT = "ansatt", _("Ansatt i kommune eller sykehus")
        EKSTERN = "ekstern", _("Ekstern (for eksempel NAV, skole, fastlege)")

    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    ansatt = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansatt"),
    )
    parorende = models.ForeignKey(
        Parorende,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pårørende"),
    )
    navn = models.CharField(_("navn"), max_length=200, blank=True)
    organisasjon = models.CharField(_("virksomhet eller tjeneste"), max_length=200, blank=True)
    rolle = models.CharField(_("rolle"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.visningsnavn

    @property
    def visningsnavn(self) -> str:
        """Subclasses say whose patient it is with a `pasient` property."""
        if self.type == self.Type.ANSATT and self.ansatt_id:
            return f"{self.ansatt} ({self.ansatt.organisasjon})"
        if self.type == self.Type.PARORENDE and self.parorende_id:
            return str(self.parorende)
        if self.type == self.Type.PASIENT:
            return f"{self.pasient} ({_('pasienten')})"
        return f"{self.navn}, {self.organisasjon}" if self.organisasjon else self.navn
