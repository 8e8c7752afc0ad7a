"""Organisations, units and staff: who works where, in which role."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.fodselsnummer import validate_fodselsnummer
from felles.validators import (
    validate_hpr_nummer,
    validate_kommunenummer,
    validate_organisasjonsnummer,
)


class Organisasjon(models.Model):
    class Type(models.TextChoices):
        KOMMUNE = "kommune", _("Kommune")
        HELSEFORETAK = "helseforetak", _("Helseforetak")
        PRIVAT_IDEELT_SYKEHUS = "privat_ideelt", _("Privat ideelt sykehus")

    navn = models.CharField(_("navn"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    organisasjonsnummer = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        unique=True,
        validators=[validate_organisasjonsnummer],
        error_messages={"unique": _("Det finnes allerede en organisasjon med dette nummeret.")},
    )
    kommunenummer = models.CharField(
        _("kommunenummer"), max_length=4, blank=True, validators=[validate_kommunenummer]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisasjon")
        verbose_name_plural = _("organisasjoner")
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(type="kommune", kommunenummer__regex=r"^[0-9]{4}$")
                | (~Q(type="kommune") & Q(kommunenummer="")),
                name="organisasjon_kommunenummer_bare_for_kommune",
                violation_error_message=_(
                    "En kommune må ha et kommunenummer på 4 sifre; "
                    "andre organisasjoner skal ikke ha det."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    @property
    def er_kommune(self) -> bool:
        return self.type == self.Type.KOMMUNE

    @property
    def er_sykehus(self) -> bool:
        return self.type in (self.Type.HELSEFORETAK, self.Type.PRIVAT_IDEELT_SYKEHUS)


class Enhet(models.Model):
    """A unit inside one organisation; units form a tree (department → section)."""

    class Type(models.TextChoices):
        KOORDINERENDE_ENHET = "ke", _("Koordinerende enhet")
        KLINISK = "klinisk", _("Klinisk avdeling/enhet")
        TJENESTE = "tjeneste", _("Tjeneste")
        TILDELINGSKONTOR = "tildelingskontor", _("Tildelingskontor")

    organisasjon = models.ForeignKey(
        Organisasjon,
        on_delete=models.PROTECT,
        related_name="enheter",
        verbose_name=_("organisasjon"),
    )
    navn = models.CharField(_("navn"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    overordnet = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="underenheter",
        verbose_name=_("overordnet enhet"),
    )
    epost = models.EmailField(_("e-post"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")
        ordering = ["organisasjon__navn", "navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisasjon", "navn"],
                name="enhet_unikt_navn_i_organisasjon",
                violation_error_message=_("Organisasjonen har allerede en enhet med dette navnet."),
            ),
            models.CheckConstraint(
                condition=~Q(overordnet=models.F("pk")),
                name="enhet_ikke_sin_egen_overordnede",
                violation_error_message=_("En enhet kan ikke være overordnet seg selv."),
            ),
        ]

    def __str__(self) -> str:
        return self.navn

    @property
    def er_koordinerende_enhet(self) -> bool:
        return self.type == self.Type.KOORDINERENDE_ENHET

    def clean(self) -> None:
        if self.overordnet_id is None:
            return
        if self.organisasjon_id and self.overordnet.organisasjon_id != self.organisasjon_id:
            raise ValidationError(
                {"overordnet": _("Den overordnede enheten må høre til samme organisasjon.")}
            )
        # The tree is a handful of levels deep, so walking up the parents is cheap.
        forelder = self.overordnet
        while forelder is not None:
            if self.pk is not None and forelder.pk == self.pk:
                raise ValidationError(
                    {"overordnet": _("Enheten kan ikke ligge under en av sine egne underenheter.")}
                )
            forelder = forelder.overordnet


class Ansatt(models.Model):
    """The staff profile of a user: employer, profession and coordinator training."""

    class Yrke(models.TextChoices):
        LEGE = "lege", _("Lege")
        PSYKOLOG = "psykolog", _("Psykolog")
        SYKEPLEIER = "sykepleier", _("Sykepleier")
        FYSIOTERAPEUT = "fysioterapeut", _("Fysioterapeut")
        ERGOTERAPEUT = "ergoterapeut", _("Ergoterapeut")
        SOSIONOM = "sosionom", _("Sosionom")
        VERNEPLEIER = "vernepleier", _("Vernepleier")
        ANNET = "annet", _("Annet")

    bruker = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="ansatt",
        verbose_name=_("bruker"),
    )
    organisasjon = models.ForeignKey(
        Organisasjon,
        on_delete=models.PROTECT,
        related_name="ansatte",
        verbose_name=_("organisasjon"),
    )
    yrke = models.CharField(_("yrke"), max_length=20, choices=Yrke.choices)
    helsepersonell = models.BooleanField(
        _("helsepersonell"), default=False, help_text=_("Autorisert helsepersonell (HPR).")
    )
    hpr_nummer = models.CharField(
        _("HPR-nummer"), max_length=9, blank=True, validators=[validate_hpr_nummer]
    )
    # HelseID sends the staff member's fødselsnummer (`pid`); it identifies those without an HPR
    # number and must agree with the HPR number when both are known. Never shown or logged.
    fodselsnummer = models.CharField(
        _("fødselsnummer"),
        max_length=11,
        blank=True,
        validators=[validate_fodselsnummer],
        help_text=_("Brukes bare til å kjenne igjen den ansatte ved innlogging med HelseID."),
    )
    koordinatoropplaering_fullfort = models.DateField(
        _("koordinatoropplæring fullført"), null=True, blank=True
    )
    enheter = models.ManyToManyField(
        Enhet, through="Medlemskap", related_name="ansatte", verbose_name=_("enheter")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ansatt")
        verbose_name_plural = _("ansatte")
        ordering = ["bruker__last_name", "bruker__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(yrke__in=["lege", "psykolog"]) | Q(helsepersonell=True),
                name="ansatt_lege_og_psykolog_er_helsepersonell",
                violation_error_message=_("Leger og psykologer er helsepersonell."),
            ),
        ]

    def __str__(self) -> str:
        return self.bruker.get_full_name() or self.bruker.get_username()

    @property
    def navn(self) -> str:
        return str(self)


class Medlemskap(models.Model):
    """A staff member's place in a unit, with their role there."""

    class Rolle(models.TextChoices):
        LEDER = "leder", _("Leder")
        MEDARBEIDER = "medarbeider", _("Medarbeider")

    ansatt = models.ForeignKey(
        Ansatt, on_delete=models.CASCADE, related_name="medlemskap", verbose_name=_("ansatt")
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="medlemskap", verbose_name=_("enhet")
    )
    rolle = models.CharField(
        _("rolle i enheten"), max_length=20, choices=Rolle.choices, default=Rolle.MEDARBEIDER
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlemskap i enhet")
        verbose_name_plural = _("medlemskap i enheter")
        ordering = ["enhet__navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["ansatt", "enhet"],
                name="medlemskap_en_gang_per_enhet",
                violation_error_message=_("Personen er allerede medlem av denne enheten."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ansatt} – {self.get_rolle_display()}, {self.enhet}"

    def clean(self) -> None:
        if (
            self.ansatt_id
            and self.enhet_id
            and self.enhet.organisasjon_id != self.ansatt.organisasjon_id
        ):
            raise ValidationError(
                {"enhet": _("Enheten må høre til samme organisasjon som den ansatte.")}
            )
