"""The KE overview reads the other apps' tables; it stores only the PDF prints a KE orders."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koordinering.models import Ansatt, Enhet, Organisasjon


class OversiktUtskrift(models.Model):
    """A request to print the overview as PDF for a period and unit, rendered by a Celery task
    (`tasks.pdf_oversikt`). The parameters are stored so the worker renders exactly what was
    asked for, and only the person who ordered it may download it."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Lages")
        FERDIG = "ferdig", _("Klar")
        FEILET = "feilet", _("Feilet")

    organisasjon = models.ForeignKey(Organisasjon, on_delete=models.PROTECT, related_name="+")
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"))
    utenfor_organisasjonen = models.BooleanField(
        _("til bruk utenfor organisasjonen"),
        default=False,
        help_text=_("Tall fra 1 til 4 vises som «<5», og koordinatorer vises uten navn."),
    )
    bestilt_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    bestilt = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTER)
    fil = models.FileField(upload_to="oversikt/", blank=True)
    ferdig = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("utskrift av oversikten")
        verbose_name_plural = _("utskrifter av oversikten")
        ordering = ["-bestilt", "-id"]
        indexes = [models.Index(fields=["bestilt_av", "-bestilt"], name="oversikt_utskrift_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(til__gte=models.F("fra")),
                name="oversikt_utskrift_periode",
                violation_error_message=_("Til-dato kan ikke være før fra-dato."),
            ),
        ]

    def __str__(self) -> str:
        return _("Oversikt %(fra)s–%(til)s") % {
            "fra": f"{self.fra:%d.%m.%Y}",
            "til": f"{self.til:%d.%m.%Y}",
        }


class GjennomgattFunn(models.Model):
    """A finding of the snooping review (Kontroll av tilganger) that the KE has followed up:
    who, when and what they concluded. The finding is named by a stable key made of ids and a
    date (category, organisation, user, patient, day or hour), because the access log itself is
    append-only and is never marked."""

    organisasjon = models.ForeignKey(Organisasjon, on_delete=models.PROTECT, related_name="+")
    nokkel = models.CharField(_("funn"), max_length=100)
    merknad = models.TextField(_("merknad"), max_length=2000)
    gjennomgatt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("gjennomgått av")
    )
    tidspunkt = models.DateTimeField(_("gjennomgått"), default=timezone.now)

    class Meta:
        verbose_name = _("gjennomgått funn")
        verbose_name_plural = _("gjennomgåtte funn")
        constraints = [
            models.UniqueConstraint(
                fields=["organisasjon", "nokkel"],
                name="gjennomgatt_funn_en_gang",
                violation_error_message=_("Funnet er allerede merket som gjennomgått."),
            ),
        ]

    def __str__(self) -> str:
        return self.nokkel


class MeldingerPerMaaned(models.Model):
    """Messages sent in one closed month, counted per type and sender and receiver unit: the
    overview's message volumes for whole past months read these few thousand rows instead of
    scanning every message (docs/adr/0009-ke-oversikt.md). Made from `meldinger.Melding` by
    `services.maanedstall_oppdater` (nightly, Celery beat); months not yet counted, the current
    month and months the period splits are counted live."""

    maaned = models.DateField(_("måned"))  # the first day, local time
    type = models.CharField(_("type"), max_length=30)
    avsender_organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.CASCADE, related_name="+"
    )
    avsender_enhet = models.ForeignKey(Enhet, on_delete=models.CASCADE, related_name="+")
    mottaker_organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.CASCADE, related_name="+"
    )
    mottaker_enhet = models.ForeignKey(Enhet, on_delete=models.CASCADE, related_name="+")
    antall = models.PositiveIntegerField(_("antall"))

    class Meta:
        indexes = [models.Index(fields=["maaned"], name="meldinger_maaned_idx")]

    def __str__(self) -> str:
        return f"{self.maaned:%Y-%m} {self.type}: {self.antall}"


class OpptaltMaaned(models.Model):
    """A month whose messages `MeldingerPerMaaned` holds (counted after the month ended)."""

    maaned = models.DateField(_("måned"), primary_key=True)
    opptalt = models.DateTimeField(_("opptalt"), default=timezone.now)

    def __str__(self) -> str:
        return f"{self.maaned:%Y-%m}"
