"""What connects staff to a patient besides an appointment: the patient's connections to units
(`Tilknytning`), consents (`Samtykke`), and guardian's grant tables for appointments.

Patients are referred to by name ("koordinering.Pasient"): the patient queryset reads these
models to decide who sees whom, so this module must not import the patient's."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from koordinering.kodeverk import PlanDel
from koordinering.models.organisasjon import Ansatt, Enhet, Organisasjon


class AktivPeriodeQuerySet(models.QuerySet):
    def aktive(self, paa_dato: date | None = None):
        d = paa_dato or timezone.localdate()
        return self.filter(Q(fra__lte=d) & (Q(til__isnull=True) | Q(til__gte=d)))


class Tilknytning(models.Model):
    """A care episode: a unit follows the patient from–to. It gives that unit's staff, and the
    organisation's KE, a work-related need (tjenstlig behov) for the patient."""

    pasient = models.ForeignKey(
        "koordinering.Pasient",
        on_delete=models.CASCADE,
        related_name="tilknytninger",
        verbose_name=_("pasient"),
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="tilknytninger", verbose_name=_("enhet")
    )
    organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", editable=False
    )
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    begrunnelse = models.CharField(_("begrunnelse"), max_length=500)
    opprettet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, related_name="+", editable=False
    )
    avslutningsgrunn = models.CharField(_("grunn til avslutning"), max_length=500, blank=True)

    objects = AktivPeriodeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tilknytning")
        verbose_name_plural = _("tilknytninger")
        ordering = ["-fra"]
        indexes = [
            models.Index(fields=["enhet", "pasient"], name="tilknytning_enhet_idx"),
            models.Index(fields=["organisasjon", "pasient"], name="tilknytning_org_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(til__isnull=True) | Q(til__gte=models.F("fra")),
                name="tilknytning_til_etter_fra",
                violation_error_message=_("Til-dato kan ikke være før fra-dato."),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.enhet}, {self.fra:%d.%m.%Y}–{self.til:%d.%m.%Y}"
            if self.til
            else (f"{self.enhet}, fra {self.fra:%d.%m.%Y}")
        )

    def save(self, *args, **kwargs):
        self.organisasjon_id = self.enhet.organisasjon_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Copied before validation too, so constraints that use it are checked with a message.
        if self.enhet_id:
            self.organisasjon_id = self.enhet.organisasjon_id

    def er_aktiv(self, paa_dato: date | None = None) -> bool:
        d = paa_dato or timezone.localdate()
        return self.fra <= d and (self.til is None or self.til >= d)


class SamtykkeQuerySet(models.QuerySet):
    def gyldige(self, paa_dato: date | None = None):
        d = paa_dato or timezone.localdate()
        return self.filter(
            Q(gyldig_fra__lte=d),
            Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=d),
            trukket_tid__isnull=True,
        )


ROLLE_KORT = {
    "pasienten": _("pasienten selv"),
    "forelder": _("forelder"),
    "forelder_alene": _("forelder"),
    "foreldre_felles": _("foreldre"),
    "verge": _("verge"),
    "fullmektig": _("fullmektig"),
}


class Samtykke(models.Model):
    """The patient's consent: what it covers, who gave it, how, for how long, and its withdrawal."""

    class GittAv(models.TextChoices):
        PASIENTEN = "pasienten", _("Pasienten selv")
        FORELDER_ALENE = "forelder_alene", _("Forelder med foreldreansvar alene")
        FORELDRE_FELLES = "foreldre_felles", _("Foreldre med felles foreldreansvar")
        VERGE = "verge", _("Verge")
        FULLMEKTIG = "fullmektig", _("Fullmektig eller annen representant")
        # Min plan: one parent logged in with ID-porten (sole or shared responsibility unknown).
        FORELDER = "forelder", _("Forelder med foreldreansvar")

    class Form(models.TextChoices):
        SKRIFTLIG = "skriftlig", _("Skriftlig")
        MUNTLIG = "muntlig", _("Muntlig")
        # Given (and documented) by the citizen in Min plan: no staff member documented it.
        DIGITALT = "idporten", _("Digitalt med ID-porten")

    pasient = models.ForeignKey(
        "koordinering.Pasient",
        on_delete=models.CASCADE,
        related_name="samtykker",
        verbose_name=_("pasient"),
    )
    gjelder_planprosess = models.BooleanField(
        _("oppstart av arbeid med individuell plan og utveksling av informasjon"), default=False
    )
    plandeler = models.JSONField(
        _("deler av planen som kan deles"), default=list, blank=True, help_text=PlanDel.choices
    )
    organisasjoner = models.ManyToManyField(
        Organisasjon, blank=True, related_name="+", verbose_name=_("deling med organisasjoner")
    )
    personer = models.ManyToManyField(
        Ansatt,
        blank=True,
        related_name="samtykker_til_deling",
        verbose_name=_("deling med personer"),
    )
    parorende = models.ManyToManyField(
        "koordinering.Parorende",
        blank=True,
        related_name="samtykker_til_deling",
        verbose_name=_("deling med pårørende"),
    )
    gitt_av = models.CharField(_("gitt av"), max_length=20, choices=GittAv.choices)
    gitt_av_navn = models.CharField(
        _("navn på den som samtykket"),
        max_length=200,
        blank=True,
        help_text=_("Fylles ut når andre enn pasienten samtykker."),
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    dokumentert_av = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dokumentert av"),
        help_text=_("Tom bare når samtykket er gitt digitalt med ID-porten."),
    )
    dokumentert_tid = models.DateTimeField(_("dokumentert"), default=timezone.now)
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)
    trukket_tid = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    trukket_grunn = models.CharField(_("grunn til tilbaketrekking"), max_length=500, blank=True)
    trukket_registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Withdrawn by the citizen in Min plan (ID-porten): who, and in what role (GittAv).
    trukket_av_navn = models.CharField(_("trukket tilbake digitalt av"), max_length=200, blank=True)
    trukket_av = models.CharField(
        _("trukket tilbake digitalt som"), max_length=20, choices=GittAv.choices, blank=True
    )
    merknad = models.TextField(_("merknad"), blank=True, max_length=2000)

    objects = SamtykkeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisasjoner, personer, parorende])

    class Meta:
        verbose_name = _("samtykke")
        verbose_name_plural = _("samtykker")
        ordering = ["-gyldig_fra", "-dokumentert_tid"]
        indexes = [
            models.Index(fields=["pasient", "gyldig_til"], name="samtykke_pasient_idx"),
            models.Index(
                fields=["gyldig_til"],
                condition=Q(trukket_tid__isnull=True),
                name="samtykke_utloper_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(gyldig_til__isnull=True) | Q(gyldig_til__gte=models.F("gyldig_fra")),
                name="samtykke_til_etter_fra",
                violation_error_message=_("Gyldig til kan ikke være før gyldig fra."),
            ),
            models.CheckConstraint(
                condition=Q(trukket_tid__isnull=True) | ~Q(trukket_grunn=""),
                name="samtykke_trukket_med_grunn",
                violation_error_message=_("Oppgi hvorfor samtykket trekkes tilbake."),
            ),
            models.CheckConstraint(
                condition=Q(gitt_av="pasienten") | ~Q(gitt_av_navn=""),
                name="samtykke_representant_har_navn",
                violation_error_message=_(
                    "Oppgi navnet på den som samtykket når det ikke er pasienten selv."
                ),
            ),
            # Staff document a written or oral consent; a digital one is documented by the
            # ID-porten login itself, so it names the citizen and no staff member.
            models.CheckConstraint(
                condition=(Q(form="idporten", dokumentert_av__isnull=True) & ~Q(gitt_av_navn=""))
                | (~Q(form="idporten") & Q(dokumentert_av__isnull=False)),
                name="samtykke_dokumentert_av_ansatt_eller_idporten",
                violation_error_message=_(
                    "Et samtykke er enten dokumentert av en ansatt, eller gitt digitalt med "
                    "ID-porten av en navngitt person."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Samtykke fra %(dato)s") % {"dato": f"{self.gyldig_fra:%d.%m.%Y}"}

    def clean(self) -> None:
        ukjente = set(self.plandeler or []) - set(PlanDel.values)
        if ukjente:
            raise ValidationError({"plandeler": _("Ukjent del av planen.")})

    @property
    def er_digitalt(self) -> bool:
        return self.form == self.Form.DIGITALT

    @property
    def gitt_av_kort(self) -> str:
        """The giver's role in a few words, for «Gitt digitalt av NN (forelder)»."""
        return str(ROLLE_KORT.get(self.gitt_av, self.get_gitt_av_display())).lower()

    @property
    def trukket_av_kort(self) -> str:
        return str(ROLLE_KORT.get(self.trukket_av, self.get_trukket_av_display())).lower()

    def er_gyldig(self, paa_dato: date | None = None) -> bool:
        d = paa_dato or timezone.localdate()
        return (
            self.trukket_tid is None
            and self.gyldig_fra <= d
            and (self.gyldig_til is None or self.gyldig_til >= d)
        )

    @property
    def er_aktuelt(self) -> bool:
        """Valid now or from a later day: not withdrawn and not run out."""
        idag = timezone.localdate()
        return self.trukket_tid is None and (self.gyldig_til is None or self.gyldig_til >= idag)

    @property
    def utloper_snart(self) -> bool:
        """Valid today but ends within 30 days: time to renew it."""
        idag = timezone.localdate()
        return (
            self.er_gyldig(idag)
            and self.gyldig_til is not None
            and (self.gyldig_til - idag).days <= 30
        )

    @property
    def plandeler_visning(self) -> list[str]:
        return [PlanDel(v).label for v in self.plandeler if v in PlanDel.values]


class EksternDeling(models.Model):
    """A person outside the organisations named in a consent's sharing (a teacher, a NAV
    contact): a name and a role or organisation, as text. They do not log in; the consent
    records that the patient allows the participants to share information with them."""

    samtykke = models.ForeignKey(
        Samtykke, on_delete=models.CASCADE, related_name="eksterne", verbose_name=_("samtykke")
    )
    navn = models.CharField(_("navn"), max_length=200)
    rolle = models.CharField(_("rolle eller virksomhet"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ekstern deltaker i samtykke")
        verbose_name_plural = _("eksterne deltakere i samtykke")
        ordering = ["samtykke", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(navn=""),
                name="ekstern_deling_har_navn",
                violation_error_message=_("Skriv navnet på personen."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.navn} ({self.rolle})" if self.rolle else self.navn


class PasientUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct-foreign-key table for per-user grants on patients (appointments)."""

    content_object = models.ForeignKey("koordinering.Pasient", on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("tilgang til pasient for bruker")
        verbose_name_plural = _("tilganger til pasienter for brukere")


class PasientGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey("koordinering.Pasient", on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("tilgang til pasient for gruppe")
        verbose_name_plural = _("tilganger til pasienter for grupper")


class SperringQuerySet(models.QuerySet):
    def aktive(self):
        return self.filter(opphevet__isnull=True)


class Sperring(models.Model):
    """The patient's right to block (pasientjournalloven § 17, pasient- og brukerrettighetsloven
    § 5-3): at the patient's request the KE shuts a named staff member, or every member of a
    unit, out of the patient's data. An active block wins over every way in (`visible_to`), also
    for records made later; lifting it keeps the row (history)."""

    pasient = models.ForeignKey(
        "koordinering.Pasient",
        on_delete=models.PROTECT,
        related_name="sperringer",
        verbose_name=_("pasient"),
    )
    ansatt = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ansatt"),
    )
    enhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enhet"),
    )
    begrunnelse = models.TextField(
        _("pasientens ønske"),
        help_text=_("Når og hvordan pasienten ba om sperringen (ikke helseopplysninger)."),
    )
    opprettet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("opprettet av")
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now)
    opphevet = models.DateTimeField(_("opphevet"), null=True, blank=True)
    opphevet_av = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opphevet av"),
    )
    opphevingsgrunn = models.TextField(_("grunn til oppheving"), blank=True)

    objects = SperringQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sperring")
        verbose_name_plural = _("sperringer")
        ordering = ["-opprettet", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ansatt__isnull=False, enhet__isnull=True)
                | Q(ansatt__isnull=True, enhet__isnull=False),
                name="sperring_ansatt_eller_enhet",
                violation_error_message=_("Velg enten én ansatt eller én enhet som skal sperres."),
            ),
            models.UniqueConstraint(
                fields=["pasient", "ansatt"],
                condition=Q(opphevet__isnull=True, ansatt__isnull=False),
                name="sperring_en_aktiv_per_ansatt",
                violation_error_message=_("Den ansatte er allerede sperret for pasienten."),
            ),
            models.UniqueConstraint(
                fields=["pasient", "enhet"],
                condition=Q(opphevet__isnull=True, enhet__isnull=False),
                name="sperring_en_aktiv_per_enhet",
                violation_error_message=_("Enheten er allerede sperret for pasienten."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.ansatt or self.enhet)


class Innsynshenvendelse(models.Model):
    """A citizen in Min plan asks the KE of an organisation about one read in the access log
    (pasientjournalloven § 18), or asks for a block (§ 17, pbrl § 5-3) of the person or unit
    behind it. The KE is told in the notification centre (no content in any e-mail) and sees
    the text on the patient's «Tilganger og sperringer»; the KE sets the block itself."""

    class Art(models.TextChoices):
        SPORSMAL = "sporsmal", _("Spørsmål om en lesing")
        SPERRING = "sperring", _("Ønske om sperring")

    class Sperre(models.TextChoices):
        PERSON = "person", _("Bare personen som leste")
        ENHET = "enhet", _("Hele enheten personen jobber i")

    pasient = models.ForeignKey(
        "koordinering.Pasient",
        on_delete=models.PROTECT,
        related_name="innsynshenvendelser",
        verbose_name=_("pasient"),
    )
    tilgangslogg = models.ForeignKey(
        "felles.Tilgangslogg",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("lesingen det gjelder"),
    )
    organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", verbose_name=_("til")
    )
    art = models.CharField(_("gjelder"), max_length=10, choices=Art.choices)
    sperre = models.CharField(_("sperre"), max_length=10, choices=Sperre.choices, blank=True)
    tekst = models.TextField(_("melding"), max_length=1000, blank=True)
    fra_navn = models.CharField(_("fra"), max_length=200)
    fra_rolle = models.CharField(_("rolle"), max_length=200)
    opprettet = models.DateTimeField(_("sendt"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("henvendelse fra Min plan")
        verbose_name_plural = _("henvendelser fra Min plan")
        ordering = ["-opprettet", "-id"]
        indexes = [models.Index(fields=["pasient", "-opprettet"], name="innsynshenv_pasient_idx")]

    def __str__(self) -> str:
        return f"{self.get_art_display()} ({self.opprettet:%d.%m.%Y})"
