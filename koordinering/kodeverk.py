"""The code lists the other modules share: kinds of need and the roles an appointment gives."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Behov(models.TextChoices):
    KOORDINATOR = "koordinator", _("Koordinator")
    INDIVIDUELL_PLAN = "individuell_plan", _("Individuell plan")
    KONTAKTLEGE = "kontaktlege", _("Kontaktlege")
    KONTAKTPSYKOLOG = "kontaktpsykolog", _("Kontaktpsykolog")
    BARNEKOORDINATOR = "barnekoordinator", _("Barnekoordinator")


class Rolle(models.TextChoices):
    """Roles an appointment gives.

    Kodeverk 9034: 8/18 koordinator, 19 kontaktlege, 20 kontaktpsykolog."""

    KOORDINATOR = "koordinator", _("Koordinator")
    BARNEKOORDINATOR = "barnekoordinator", _("Barnekoordinator")
    KONTAKTLEGE = "kontaktlege", _("Kontaktlege")
    KONTAKTPSYKOLOG = "kontaktpsykolog", _("Kontaktpsykolog")


class PlanDel(models.TextChoices):
    """The parts of an individual plan a consent can cover (forskrift om individuell plan § 19)."""

    MAAL = "maal", _("Mål, ressurser og behov")
    DELTAKERE = "deltakere", _("Deltakere og bidrag")
    TILTAK = "tiltak", _("Tiltak")
    EVALUERING = "evaluering", _("Evaluering og revisjon")
    SAMARBEID = "samarbeid", _("Samarbeid med andre tjenester og etater")
