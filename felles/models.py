"""The access log (tilgangslogg): one row per patient shown, written by the code that shows it.

Rows are append-only. The model refuses updates and deletes, and on PostgreSQL a trigger refuses
them in the database as well (migration 0002), so the application cannot change the log.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tilgangsgrunnlag(models.TextChoices):
    OPPNEVNING = "oppnevning", _("Oppnevnt for pasienten")
    ENHET = "enhet", _("Enheten følger pasienten")
    KE = "ke", _("Koordinerende enhet i organisasjonen som følger pasienten")
    SAMTYKKE = "samtykke", _("Navngitt i pasientens samtykke til deling")
    TILSYN = "tilsyn", _("Koordinerende enhets oppfølging av tilgangsloggen")
    MELDING = "melding", _("Avsender, mottaker eller videresendt melding om pasienten")
    VARSEL = "varsel", _("Påminnelse til den som har fristen")
    PASIENTEN = "pasienten", _("Pasienten selv, innlogget i Min plan")
    REPRESENTANT = "representant", _("Foreldreansvar, verge eller fullmakt, innlogget i Min plan")
    PARORENDE = "parorende", _("Pårørende navngitt i pasientens samtykke, innlogget i Min plan")


class Handling(models.TextChoices):
    """What was done: a read, a change, a refused attempt, a fødselsnummer look-up, a block."""

    VIST = "vist", _("Lest")
    ENDRET = "endret", _("Endret")
    AVVIST = "avvist", _("Avvist forsøk")
    FNR_OPPSLAG = "fnr_oppslag", _("Oppslag på fødselsnummer uten tilgang")
    SPERRING = "sperring", _("Sperring opprettet eller opphevet")


class LoggenKanIkkeEndres(Exception):
    pass


class TilgangsloggQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise LoggenKanIkkeEndres("Tilgangsloggen kan ikke endres.")

    def delete(self):
        raise LoggenKanIkkeEndres("Tilgangsloggen kan ikke slettes.")


class Tilgangslogg(models.Model):
    tidspunkt = models.DateTimeField(_("tidspunkt"), default=timezone.now, db_index=True)
    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("bruker"),
    )
    brukernavn = models.CharField(_("navn"), max_length=200)
    hpr_nummer = models.CharField(_("HPR-nummer"), max_length=9, blank=True)
    rolle = models.CharField(_("rolle"), max_length=200)
    enheter = models.CharField(_("enhet"), max_length=300, blank=True)
    organisasjon = models.ForeignKey(
        "koordinering.Organisasjon",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("organisasjon"),
    )
    # Empty only for a refused attempt at something that names no patient.
    pasient = models.ForeignKey(
        "koordinering.Pasient",
        on_delete=models.PROTECT,
        null=True,
        related_name="tilgangslogg",
        verbose_name=_("pasient"),
    )
    dokument = models.CharField(_("hva ble vist"), max_length=200)
    objekt_type = models.CharField(_("objekttype"), max_length=100, blank=True)
    objekt_id = models.PositiveBigIntegerField(_("objekt-id"), null=True, blank=True)
    handling = models.CharField(
        _("handling"), max_length=20, choices=Handling.choices, default=Handling.VIST
    )
    grunnlag = models.CharField(
        _("grunnlag"), max_length=20, choices=Tilgangsgrunnlag.choices, blank=True
    )
    foresporsel_id = models.CharField(_("forespørsel-id"), max_length=32, blank=True)

    objects = TilgangsloggQuerySet.as_manager()

    class Meta:
        verbose_name = _("tilgangslogg")
        verbose_name_plural = _("tilgangslogg")
        ordering = ["-tidspunkt", "-id"]
        indexes = [
            models.Index(fields=["pasient", "-tidspunkt"], name="tilgangslogg_pasient_idx"),
            models.Index(fields=["bruker", "-tidspunkt"], name="tilgangslogg_bruker_idx"),
            # The KE's snooping review reads its organisation's rows for a period.
            models.Index(fields=["organisasjon", "tidspunkt"], name="tilgangslogg_org_idx"),
            models.Index(
                fields=["handling", "-tidspunkt"],
                condition=~models.Q(handling="vist"),
                name="tilgangslogg_avvik_idx",
            ),
        ]
        default_permissions = ("view",)

    def __str__(self) -> str:
        return f"{self.tidspunkt:%d.%m.%Y %H:%M} {self.brukernavn}: {self.dokument}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise LoggenKanIkkeEndres("Tilgangsloggen kan ikke endres.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LoggenKanIkkeEndres("Tilgangsloggen kan ikke slettes.")


class Innsending(models.Model):
    """A form submission already handled: its token (a UUID in a hidden field) and what it
    created, so a double submit finds the first result instead of creating a second row."""

    token = models.UUIDField(unique=True)
    bruker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    objekt_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, null=True, related_name="+"
    )
    objekt_id = models.PositiveBigIntegerField(null=True)
    tid = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("innsending")
        verbose_name_plural = _("innsendinger")

    def __str__(self) -> str:
        return str(self.token)


class Jobb(models.Model):
    """The outbox: work that must happen after a commit (e-mail, PDF, delivery), written in the
    same transaction as the change that needs it (docs/adr/0013-jobber.md). Its id is the Celery
    task id, so every copy of the message, also one the sweep sent again, names the same row."""

    class Tilstand(models.TextChoices):
        VENTER = "venter", _("Venter")
        FERDIG = "ferdig", _("Ferdig")
        GITT_OPP = "gitt_opp", _("Gitt opp")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    navn = models.CharField(_("oppgave"), max_length=200)
    args = models.JSONField(_("argumenter"), default=list)
    tilstand = models.CharField(
        _("tilstand"), max_length=10, choices=Tilstand.choices, default=Tilstand.VENTER
    )
    forsok = models.PositiveIntegerField(_("sendt til køen"), default=0)
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    koet = models.DateTimeField(_("sist sendt til køen"), null=True, blank=True)
    ferdig = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        verbose_name = _("jobb")
        verbose_name_plural = _("jobber")
        indexes = [
            models.Index(
                fields=["opprettet"],
                name="jobb_venter_idx",
                condition=models.Q(tilstand="venter"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.get_tilstand_display()})"
