"""The patient and the patient's relatives."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.fodselsnummer import maskert, tolk_identitetsnummer, validate_fodselsnummer
from koordinering.models.organisasjon import Organisasjon
from koordinering.querysets import PasientQuerySet


class Pasient(models.Model):
    fodselsnummer = models.CharField(
        _("fødselsnummer eller D-nummer"),
        max_length=11,
        unique=True,
        validators=[validate_fodselsnummer],
        error_messages={
            "unique": _(
                "En pasient med dette fødselsnummeret er allerede registrert. Kontakt enheten som "
                "følger pasienten, eller koordinerende enhet, for å bli knyttet til pasienten."
            )
        },
    )
    fornavn = models.CharField(_("fornavn"), max_length=100)
    mellomnavn = models.CharField(_("mellomnavn"), max_length=100, blank=True)
    etternavn = models.CharField(_("etternavn"), max_length=100)
    fodselsdato = models.DateField(_("fødselsdato"), editable=False)
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    postnummer = models.CharField(_("postnummer"), max_length=4, blank=True)
    poststed = models.CharField(_("poststed"), max_length=100, blank=True)
    hjemkommune = models.ForeignKey(
        Organisasjon,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"type": Organisasjon.Type.KOMMUNE},
        related_name="+",
        verbose_name=_("hjemkommune"),
    )
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    epost = models.EmailField(_("e-post"), blank=True)
    foretrukket_spraak = models.CharField(
        _("foretrukket språk"), max_length=50, default="norsk", blank=True
    )
    tolkebehov = models.BooleanField(_("behov for tolk"), default=False)
    kulturelle_hensyn = models.TextField(
        _("kulturelle eller språklige hensyn"), blank=True, max_length=2000
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now, editable=False)

    objects = PasientQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pasient")
        verbose_name_plural = _("pasienter")
        ordering = ["etternavn", "fornavn"]
        indexes = [models.Index(fields=["etternavn", "fornavn"], name="pasient_navn_idx")]

    def __str__(self) -> str:
        return self.navn

    def save(self, *args, **kwargs):
        # The birth date is derived from the number (validated by the field validator).
        self.fodselsdato = tolk_identitetsnummer(
            self.fodselsnummer, tillat_syntetisk=True
        ).fodselsdato
        super().save(*args, **kwargs)

    @property
    def navn(self) -> str:
        return " ".join(n for n in (self.fornavn, self.mellomnavn, self.etternavn) if n)

    @property
    def fodselsnummer_maskert(self) -> str:
        """The birth-date part only: what screens show until the user asks for the number."""
        return maskert(self.fodselsnummer)

    def alder(self, paa_dato: date | None = None) -> int:
        d = paa_dato or timezone.localdate()
        f = self.fodselsdato
        return d.year - f.year - ((d.month, d.day) < (f.month, f.day))


class Parorende(models.Model):
    class Relasjon(models.TextChoices):
        FORELDER = "forelder", _("Forelder")
        EKTEFELLE = "ektefelle", _("Ektefelle, samboer eller partner")
        BARN = "barn", _("Barn")
        SOSKEN = "sosken", _("Søsken")
        ANNEN_FAMILIE = "annen_familie", _("Annen familie")
        VENN = "venn", _("Venn eller nabo")
        ANNEN = "annen", _("Annen")

    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="parorende", verbose_name=_("pasient")
    )
    navn = models.CharField(_("navn"), max_length=200)
    relasjon = models.CharField(_("relasjon"), max_length=20, choices=Relasjon.choices)
    fodselsnummer = models.CharField(
        _("fødselsnummer (for innlogging i Min plan)"),
        max_length=11,
        blank=True,
        validators=[validate_fodselsnummer],
        help_text=_(
            "Bare hvis den pårørende skal kunne logge inn i Min plan og se de delene av planen "
            "et samtykke gir dem."
        ),
    )
    telefon = models.CharField(_("telefon"), max_length=20, blank=True)
    epost = models.EmailField(_("e-post"), blank=True)
    adresse = models.CharField(_("adresse"), max_length=200, blank=True)
    er_barn = models.BooleanField(
        _("barn som pårørende"), default=False, help_text=_("Under 18 år: trenger egen oppfølging.")
    )
    er_verge = models.BooleanField(_("verge"), default=False)
    kan_motta_informasjon = models.BooleanField(_("kan motta informasjon"), default=False)
    merknad = models.TextField(_("merknad"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pårørende")
        verbose_name_plural = _("pårørende")
        ordering = ["navn"]
        indexes = [
            models.Index(
                fields=["fodselsnummer"],
                condition=~models.Q(fodselsnummer=""),
                name="parorende_fnr_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.get_relasjon_display().lower()})"

    def clean(self) -> None:
        egen = self.pasient.fodselsnummer if self.pasient_id else None
        if self.fodselsnummer and self.fodselsnummer == egen:
            raise ValidationError({"fodselsnummer": _("Dette er pasientens eget fødselsnummer.")})
