"""Who may act for a patient in Min plan: a parent with parental responsibility, a guardian
(verge) or someone with a power of attorney (fullmakt), recorded by staff."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.fodselsnummer import validate_fodselsnummer
from koordinering.models import Ansatt, Pasient


class Omraade(models.TextChoices):
    """What a citizen can do in Min plan. The patient, a parent with parental responsibility and
    a guardian may do all of it; a power of attorney (fullmakt) covers only what it names."""

    PLAN = "plan", _("Lese planen")
    INNSPILL = "innspill", _("Skrive mål og innspill til planen")
    MOTER = "moter", _("Møter og referater")
    MELDINGER = "meldinger", _("Meldinger")
    SAMTYKKE = "samtykke", _("Gi og trekke samtykke")
    INNSYN = "innsyn", _("Se hvem som har lest opplysningene")


class Representasjon(models.Model):
    class Art(models.TextChoices):
        FORELDREANSVAR = "foreldreansvar", _("Foreldreansvar")
        VERGE = "verge", _("Verge")
        FULLMAKT = "fullmakt", _("Fullmakt")

    pasient = models.ForeignKey(
        Pasient,
        on_delete=models.PROTECT,
        related_name="representasjoner",
        verbose_name=_("pasient"),
    )
    fodselsnummer = models.CharField(
        _("representantens fødselsnummer"),
        max_length=11,
        validators=[validate_fodselsnummer],
    )
    navn = models.CharField(_("representantens navn"), max_length=200)
    art = models.CharField(_("grunnlag"), max_length=20, choices=Art.choices)
    gyldig_fra = models.DateField(_("gjelder fra"), default=timezone.localdate)
    gyldig_til = models.DateField(
        _("gjelder til og med"),
        null=True,
        blank=True,
        help_text=_(
            "Tom: til den oppheves. Foreldreansvar gir uansett tilgang bare til barnet fyller 16."
        ),
    )
    omfang = models.JSONField(
        _("hva fullmakten gjelder"),
        default=list,
        blank=True,
        help_text=_("For fullmakt: det fullmektigen får gjøre i Min plan (minst ett)."),
    )
    merknad = models.TextField(
        _("merknad"),
        blank=True,
        max_length=1000,
        help_text=_("For eksempel hvor fullmakten eller vergemålet er dokumentert."),
    )
    registrert = models.DateTimeField(_("registrert"), default=timezone.now, editable=False)
    registrert_av = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("representasjon")
        verbose_name_plural = _("representasjoner")
        ordering = ["pasient", "gyldig_fra"]
        indexes = [models.Index(fields=["fodselsnummer"], name="representasjon_fnr_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=F("gyldig_fra")),
                name="representasjon_datoer_i_rekkefolge",
                violation_error_message=_("Sluttdatoen kan ikke være før startdatoen."),
            ),
            models.CheckConstraint(
                condition=~Q(art="fullmakt") | ~Q(omfang=[]),
                name="representasjon_fullmakt_med_omraader",
                violation_error_message=_("Kryss av for hva fullmakten gjelder."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.get_art_display()}) for {self.pasient}"

    def dekker(self, omraade: str) -> bool:
        """Whether this mandate lets the representative do `omraade` (an Omraade value).
        Parental responsibility and guardianship cover everything; a power of attorney covers
        only the areas it names."""
        if self.art != self.Art.FULLMAKT:
            return True
        return omraade in (self.omfang or [])

    @property
    def omfang_visning(self) -> list[str]:
        """The names of the areas a power of attorney covers, in Omraade's order."""
        valgt = set(self.omfang or [])
        return [str(o.label) for o in Omraade if o.value in valgt]

    def clean(self) -> None:
        feil = {}
        if self.pasient_id and self.fodselsnummer == self.pasient.fodselsnummer:
            feil["fodselsnummer"] = _("Pasienten kan ikke representere seg selv.")
        if self.gyldig_fra and self.gyldig_til and self.gyldig_til < self.gyldig_fra:
            feil["gyldig_til"] = _("Sluttdatoen kan ikke være før startdatoen.")
        if self.omfang and not set(self.omfang) <= set(Omraade.values):
            feil["omfang"] = _("Velg blant områdene i listen.")
        elif self.art == self.Art.FULLMAKT and not self.omfang:
            feil["omfang"] = _("Kryss av for hva fullmakten gjelder.")
        if feil:
            raise ValidationError(feil)


class Varselinnstilling(models.Model):
    """How a citizen wants to be told that something new is in Min plan (a message, a meeting,
    a new version of the plan): by e-mail, by SMS, or not at all. One row per citizen (by
    fødselsnummer, as in the session), for everyone they see in Min plan. No row: no
    notifications (the citizen has not given an address)."""

    class Kanal(models.TextChoices):
        AV = "av", _("Ikke send varsler")
        EPOST = "epost", _("E-post")
        SMS = "sms", _("SMS")

    fodselsnummer = models.CharField(
        _("fødselsnummer"), max_length=11, unique=True, validators=[validate_fodselsnummer]
    )
    kanal = models.CharField(_("varsle meg"), max_length=10, choices=Kanal.choices)
    epost = models.EmailField(_("e-postadresse"), blank=True)
    mobil = models.CharField(_("mobilnummer"), max_length=11, blank=True)  # +47 and 8 digits
    # The language the citizen read Min plan in when choosing: the notification is written in it.
    sprak = models.CharField(
        _("språk"), max_length=2, choices=[("nb", "Bokmål"), ("nn", "Nynorsk")], default="nb"
    )
    endret = models.DateTimeField(_("endret"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("varselinnstilling")
        verbose_name_plural = _("varselinnstillinger")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kanal="epost") | ~Q(epost=""),
                name="varselinnstilling_epost_har_adresse",
                violation_error_message=_("Skriv e-postadressen din."),
            ),
            models.CheckConstraint(
                condition=~Q(kanal="sms") | ~Q(mobil=""),
                name="varselinnstilling_sms_har_nummer",
                violation_error_message=_("Skriv mobilnummeret ditt."),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kanal_display()


class Innbyggervarsel(models.Model):
    """One notification to one citizen, recorded in the transaction of what it tells about and
    sent by the task `minplan.tasks.innbyggervarsel_send` (idempotent: `sendt` is set once).
    Only the kind is stored: the text is fixed (minplan.varsler.tekst)."""

    class Hva(models.TextChoices):
        MELDING = "melding", _("Ny melding")
        MOTE = "mote", _("Nytt møte")
        PLAN = "plan", _("Ny versjon av planen")

    innstilling = models.ForeignKey(
        Varselinnstilling, on_delete=models.CASCADE, related_name="varsler"
    )
    hva = models.CharField(max_length=10, choices=Hva.choices)
    opprettet = models.DateTimeField(default=timezone.now, editable=False)
    sendt = models.DateTimeField(null=True, blank=True, editable=False)
    kanal = models.CharField(max_length=10, blank=True, editable=False)  # how it went, if sent

    class Meta:
        verbose_name = _("varsel til innbygger")
        verbose_name_plural = _("varsler til innbyggere")
        ordering = ["-opprettet"]

    def __str__(self) -> str:
        return self.get_hva_display()
