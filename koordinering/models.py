"""Organisations, units and staff: who works where, in which role."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase
from simple_history.models import HistoricalRecords

from felles.fodselsnummer import maskert, tolk_identitetsnummer, validate_fodselsnummer
from felles.validators import (
    validate_hpr_nummer,
    validate_kommunenummer,
    validate_organisasjonsnummer,
)
from koordinering.querysets import PasientQuerySet


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


# ---------------------------------------------------------------------------------------------
# Patients and what connects staff to them
# ---------------------------------------------------------------------------------------------


class PlanDel(models.TextChoices):
    """The parts of an individual plan a consent can cover (forskrift om individuell plan § 19)."""

    MAAL = "maal", _("Mål, ressurser og behov")
    DELTAKERE = "deltakere", _("Deltakere og bidrag")
    TILTAK = "tiltak", _("Tiltak")
    EVALUERING = "evaluering", _("Evaluering og revisjon")
    SAMARBEID = "samarbeid", _("Samarbeid med andre tjenester og etater")


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

    def __str__(self) -> str:
        return f"{self.navn} ({self.get_relasjon_display().lower()})"


class AktivPeriodeQuerySet(models.QuerySet):
    def aktive(self, paa_dato: date | None = None):
        d = paa_dato or timezone.localdate()
        return self.filter(Q(fra__lte=d) & (Q(til__isnull=True) | Q(til__gte=d)))


class Tilknytning(models.Model):
    """A care episode: a unit follows the patient from–to. It gives that unit's staff, and the
    organisation's KE, a work-related need (tjenstlig behov) for the patient."""

    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="tilknytninger", verbose_name=_("pasient")
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


class Samtykke(models.Model):
    """The patient's consent: what it covers, who gave it, how, for how long, and its withdrawal."""

    class GittAv(models.TextChoices):
        PASIENTEN = "pasienten", _("Pasienten selv")
        FORELDER_ALENE = "forelder_alene", _("Forelder med foreldreansvar alene")
        FORELDRE_FELLES = "foreldre_felles", _("Foreldre med felles foreldreansvar")
        VERGE = "verge", _("Verge")
        FULLMEKTIG = "fullmektig", _("Fullmektig eller annen representant")

    class Form(models.TextChoices):
        SKRIFTLIG = "skriftlig", _("Skriftlig")
        MUNTLIG = "muntlig", _("Muntlig")

    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="samtykker", verbose_name=_("pasient")
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
    gitt_av = models.CharField(_("gitt av"), max_length=20, choices=GittAv.choices)
    gitt_av_navn = models.CharField(
        _("navn på den som samtykket"),
        max_length=200,
        blank=True,
        help_text=_("Fylles ut når andre enn pasienten samtykker."),
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices)
    dokumentert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("dokumentert av")
    )
    dokumentert_tid = models.DateTimeField(_("dokumentert"), default=timezone.now)
    gyldig_fra = models.DateField(_("gyldig fra"))
    gyldig_til = models.DateField(_("gyldig til"), null=True, blank=True)
    trukket_tid = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    trukket_grunn = models.CharField(_("grunn til tilbaketrekking"), max_length=500, blank=True)
    trukket_registrert_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merknad = models.TextField(_("merknad"), blank=True, max_length=2000)

    objects = SamtykkeQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[organisasjoner, personer])

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
        ]

    def __str__(self) -> str:
        return _("Samtykke fra %(dato)s") % {"dato": f"{self.gyldig_fra:%d.%m.%Y}"}

    def clean(self) -> None:
        ukjente = set(self.plandeler or []) - set(PlanDel.values)
        if ukjente:
            raise ValidationError({"plandeler": _("Ukjent del av planen.")})

    def er_gyldig(self, paa_dato: date | None = None) -> bool:
        d = paa_dato or timezone.localdate()
        return (
            self.trukket_tid is None
            and self.gyldig_fra <= d
            and (self.gyldig_til is None or self.gyldig_til >= d)
        )

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


class Behov(models.TextChoices):
    KOORDINATOR = "koordinator", _("Koordinator")
    INDIVIDUELL_PLAN = "individuell_plan", _("Individuell plan")
    KONTAKTLEGE = "kontaktlege", _("Kontaktlege")
    KONTAKTPSYKOLOG = "kontaktpsykolog", _("Kontaktpsykolog")
    BARNEKOORDINATOR = "barnekoordinator", _("Barnekoordinator")


class Behovsmelding(models.Model):
    """A reported need for a koordinator, plan, kontaktlege/-psykolog or barnekoordinator
    (forskrift § 23, helsepersonelloven § 38 a). The leader of `enhet` decides."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Venter på beslutning")
        OPPNEVNT = "oppnevnt", _("Oppnevnt")
        AVSLATT = "avslatt", _("Ikke oppnevnt")

    class Avslagsgrunn(models.TextChoices):
        # Kodeverk 9188 (status koordinator): ønsker ikke / fyller ikke vilkår.
        ONSKER_IKKE = "onsker_ikke", _("Pasienten ønsker ikke")
        FYLLER_IKKE_VILKAAR = "fyller_ikke_vilkaar", _("Fyller ikke vilkårene")

    class Kontakttype(models.TextChoices):
        INNLEGGELSE = "innleggelse", _("Innleggelse")
        POLIKLINISK = "poliklinisk", _("Poliklinisk undersøkelse")

    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="behovsmeldinger", verbose_name=_("pasient")
    )
    enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="behovsmeldinger", verbose_name=_("enhet")
    )
    organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", editable=False
    )
    behov = models.CharField(_("behov"), max_length=20, choices=Behov.choices)
    komplekse_behov = models.BooleanField(_("komplekse behov"), default=False)
    langvarige_behov = models.BooleanField(_("langvarige behov"), default=False)
    koordinerte_tjenester = models.BooleanField(_("behov for koordinerte tjenester"), default=False)
    alvorlig_sykdom = models.BooleanField(_("alvorlig sykdom, skade eller lidelse"), default=False)
    behandling_av_varighet = models.BooleanField(_("behandling av en viss varighet"), default=False)
    kontakttype = models.CharField(
        _("innleggelse eller poliklinikk"), max_length=20, choices=Kontakttype.choices, blank=True
    )
    kontaktdato = models.DateField(
        _("dato for innleggelse eller undersøkelse"), null=True, blank=True
    )
    frist = models.DateField(_("frist for oppnevning"), null=True, blank=True, editable=False)
    begrunnelse = models.TextField(_("begrunnelse"), max_length=2000)
    meldt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("meldt av")
    )
    opprettet = models.DateTimeField(_("meldt"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.VENTER
    )
    besluttet_tid = models.DateTimeField(_("besluttet"), null=True, blank=True)
    besluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    avslagsgrunn = models.CharField(
        _("grunn"), max_length=30, choices=Avslagsgrunn.choices, blank=True
    )
    avslag_kommentar = models.CharField(_("kommentar"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("behovsmelding")
        verbose_name_plural = _("behovsmeldinger")
        ordering = ["opprettet"]
        indexes = [
            models.Index(fields=["enhet", "status", "opprettet"], name="behov_enhet_status_idx"),
            models.Index(fields=["organisasjon", "status"], name="behov_org_status_idx"),
            models.Index(fields=["pasient", "status"], name="behov_pasient_idx"),
            models.Index(
                fields=["opprettet"], condition=Q(status="venter"), name="behov_venter_idx"
            ),
            models.Index(
                fields=["frist"], condition=Q(status="venter"), name="behov_venter_frist_idx"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient", "organisasjon", "behov"],
                condition=Q(status="venter"),
                name="behovsmelding_en_ventende_per_behov",
                violation_error_message=_(
                    "Det finnes allerede et ventende behov av denne typen for pasienten."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="avslatt") | ~Q(avslagsgrunn=""),
                name="behovsmelding_avslag_med_grunn",
                violation_error_message=_("Oppgi hvorfor det ikke oppnevnes."),
            ),
            models.CheckConstraint(
                condition=~Q(behov__in=["kontaktlege", "kontaktpsykolog"])
                | (Q(kontaktdato__isnull=False) & ~Q(kontakttype="")),
                name="behovsmelding_kontaktlege_har_kontaktdato",
                violation_error_message=_(
                    "Oppgi dato og type for innleggelse eller poliklinisk undersøkelse: "
                    "kontaktlege skal oppnevnes senest første virkedag etter."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_behov_display()} – {self.pasient}"

    def save(self, *args, **kwargs):
        self.organisasjon_id = self.enhet.organisasjon_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Copied before validation too, so the one-pending-per-need constraint gets its message.
        if self.enhet_id:
            self.organisasjon_id = self.enhet.organisasjon_id
        if self.behov == Behov.KONTAKTLEGE or self.behov == Behov.KONTAKTPSYKOLOG:
            if not (self.alvorlig_sykdom and self.behandling_av_varighet):
                raise ValidationError(
                    _(
                        "Kontaktlege eller kontaktpsykolog forutsetter alvorlig sykdom, skade "
                        "eller lidelse og behandling av en viss varighet."
                    )
                )
        elif not (self.komplekse_behov or self.langvarige_behov or self.koordinerte_tjenester):
            raise ValidationError(
                _(
                    "Kryss av for minst ett kriterium: komplekse, langvarige eller "
                    "koordinerte tjenester."
                )
            )

    @property
    def er_forsinket(self) -> bool:
        return (
            self.status == self.Status.VENTER
            and self.frist is not None
            and timezone.localdate() > self.frist
        )


class Rolle(models.TextChoices):
    """Roles an appointment gives.

    Kodeverk 9034: 8/18 koordinator, 19 kontaktlege, 20 kontaktpsykolog."""

    KOORDINATOR = "koordinator", _("Koordinator")
    BARNEKOORDINATOR = "barnekoordinator", _("Barnekoordinator")
    KONTAKTLEGE = "kontaktlege", _("Kontaktlege")
    KONTAKTPSYKOLOG = "kontaktpsykolog", _("Kontaktpsykolog")


class OppnevningQuerySet(models.QuerySet):
    def aktive(self):
        return self.filter(sluttdato__isnull=True)


class Oppnevning(models.Model):
    """An appointment of a staff member to a role for a patient, with a written mandate."""

    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="oppnevninger", verbose_name=_("pasient")
    )
    ansatt = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="oppnevninger", verbose_name=_("oppnevnt")
    )
    organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", editable=False
    )
    enhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        related_name="oppnevninger",
        verbose_name=_("oppnevnende enhet"),
    )
    rolle = models.CharField(_("rolle"), max_length=20, choices=Rolle.choices)
    behovsmelding = models.OneToOneField(
        Behovsmelding, on_delete=models.PROTECT, null=True, blank=True, related_name="oppnevning"
    )
    erstatter = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="erstattet_av",
        verbose_name=_("erstatter oppnevning"),
    )
    mandat = models.TextField(
        _("mandat"), max_length=4000, help_text=_("Hva koordineringen omfatter, skriftlig.")
    )
    startdato = models.DateField(_("startdato"))
    pasientens_onsker_hort = models.BooleanField(
        _("pasientens ønsker om hvem som skal oppnevnes er hørt"), default=False
    )
    pasient_informert_dato = models.DateField(
        _("dato pasienten fikk navn, rolle og kontaktinformasjon"), null=True, blank=True
    )
    frist = models.DateField(_("frist"), null=True, blank=True, editable=False)
    oppnevnt_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("oppnevnt av")
    )
    opprettet = models.DateTimeField(_("registrert"), default=timezone.now, editable=False)
    sluttdato = models.DateField(_("sluttdato"), null=True, blank=True)
    sluttgrunn = models.CharField(_("grunn til avslutning"), max_length=500, blank=True)

    objects = OppnevningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oppnevning")
        verbose_name_plural = _("oppnevninger")
        ordering = ["-startdato"]
        indexes = [
            models.Index(fields=["ansatt", "sluttdato"], name="oppnevning_ansatt_idx"),
            models.Index(fields=["pasient", "sluttdato"], name="oppnevning_pasient_idx"),
            models.Index(
                fields=["startdato"],
                condition=Q(sluttdato__isnull=True, rolle__in=["koordinator", "barnekoordinator"]),
                name="oppnevning_koordinator_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient", "organisasjon", "rolle"],
                condition=Q(sluttdato__isnull=True),
                name="oppnevning_en_aktiv_per_rolle",
                violation_error_message=_(
                    "Pasienten har allerede en aktiv oppnevning i denne rollen i organisasjonen. "
                    "Avslutt den eller bruk «Bytt»."
                ),
            ),
            models.CheckConstraint(
                condition=Q(sluttdato__isnull=True) | Q(sluttdato__gte=models.F("startdato")),
                name="oppnevning_slutt_etter_start",
                violation_error_message=_("Sluttdato kan ikke være før startdato."),
            ),
            models.CheckConstraint(
                condition=Q(sluttdato__isnull=True) | ~Q(sluttgrunn=""),
                name="oppnevning_slutt_med_grunn",
                violation_error_message=_("Oppgi grunnen til at oppnevningen avsluttes."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_rolle_display()}: {self.ansatt} for {self.pasient}"

    def save(self, *args, **kwargs):
        self.organisasjon_id = self.ansatt.organisasjon_id
        super().save(*args, **kwargs)

    @property
    def er_aktiv(self) -> bool:
        return self.sluttdato is None

    @property
    def er_forsinket(self) -> bool:
        """A kontaktlege/-psykolog appointed after the first working day (sphl § 2-5 c)."""
        return self.frist is not None and self.startdato > self.frist

    def clean(self) -> None:
        # Copied before validation too, so the one-active-per-role constraint gets its message.
        if self.ansatt_id:
            self.organisasjon_id = self.ansatt.organisasjon_id
        if not (self.ansatt_id and self.enhet_id and self.pasient_id):
            return
        ansatt, org = self.ansatt, self.enhet.organisasjon
        feil = []
        if ansatt.organisasjon_id != org.pk:
            feil.append(_("Den som oppnevnes må være ansatt i samme organisasjon som enheten."))
        if self.rolle in (Rolle.KONTAKTLEGE, Rolle.KONTAKTPSYKOLOG) and not org.er_sykehus:
            feil.append(_("Kontaktlege og kontaktpsykolog oppnevnes bare i sykehus."))
        if self.rolle == Rolle.KONTAKTLEGE and ansatt.yrke != Ansatt.Yrke.LEGE:
            feil.append(_("Kontaktlegen må være lege."))
        if self.rolle == Rolle.KONTAKTPSYKOLOG and ansatt.yrke != Ansatt.Yrke.PSYKOLOG:
            feil.append(_("Kontaktpsykologen må være psykolog."))
        if self.rolle == Rolle.KOORDINATOR and org.er_sykehus and not ansatt.helsepersonell:
            feil.append(_("Koordinator i sykehus må være helsepersonell."))
        if self.rolle == Rolle.BARNEKOORDINATOR:
            if not org.er_kommune:
                feil.append(_("Barnekoordinator oppnevnes bare i kommunen."))
            if self.startdato and self.pasient.alder(self.startdato) >= 18:
                feil.append(_("Barnekoordinator kan bare oppnevnes for barn under 18 år."))
        if feil:
            raise ValidationError(feil)


class PasientUserObjectPermission(UserObjectPermissionBase):
    """guardian's direct-foreign-key table for per-user grants on patients (appointments)."""

    content_object = models.ForeignKey(Pasient, on_delete=models.CASCADE)

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("tilgang til pasient for bruker")
        verbose_name_plural = _("tilganger til pasienter for brukere")


class PasientGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Pasient, on_delete=models.CASCADE)

    class Meta(GroupObjectPermissionBase.Meta):
        verbose_name = _("tilgang til pasient for gruppe")
        verbose_name_plural = _("tilganger til pasienter for grupper")


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


# ---------------------------------------------------------------------------------------------
# Ansvarsgruppe: the responsibility group, its meetings, minutes and action items
# ---------------------------------------------------------------------------------------------


class Ansvarsgruppe(models.Model):
    """The patient, relatives and service providers who meet 2–4 times a year, led by the
    koordinator. One active group per patient per organisation."""

    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="ansvarsgrupper", verbose_name=_("pasient")
    )
    organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisasjon")
    )
    leder = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("leder"),
        help_text=_("Koordinatoren, med mindre noe annet er avtalt."),
    )
    referent = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referent"),
        help_text=_("Skriver referatet når ingen koordinator er oppnevnt."),
    )
    opprettet = models.DateTimeField(default=timezone.now, editable=False)
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    avsluttet = models.DateField(_("avsluttet"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ansvarsgruppe")
        verbose_name_plural = _("ansvarsgrupper")
        constraints = [
            models.UniqueConstraint(
                fields=["pasient", "organisasjon"],
                condition=Q(avsluttet__isnull=True),
                name="ansvarsgruppe_en_aktiv_per_organisasjon",
                violation_error_message=_("Pasienten har allerede en ansvarsgruppe her."),
            ),
        ]

    def __str__(self) -> str:
        return _("Ansvarsgruppe for %(navn)s") % {"navn": self.pasient}


class Gruppemedlem(Medvirkende):
    gruppe = models.ForeignKey(Ansvarsgruppe, on_delete=models.CASCADE, related_name="medlemmer")
    epost = models.EmailField(_("e-post"), blank=True)
    fra = models.DateField(_("medlem fra"), default=timezone.localdate)
    til = models.DateField(_("medlem til"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmer")
        ordering = ["type", "id"]
        constraints = [
            *medvirkende_begrensninger(
                "medlem",
                ansatt=_("Velg hvilken ansatt som er medlem."),
                parorende=_("Velg hvilken pårørende som er medlem."),
            ),
            models.CheckConstraint(
                condition=~Q(type="ekstern") | (~Q(navn="") & ~Q(epost="")),
                name="medlem_ekstern_har_navn_og_epost",
                violation_error_message=_("Et eksternt medlem må ha navn og e-post."),
            ),
            models.CheckConstraint(
                condition=Q(til__isnull=True) | Q(til__gte=models.F("fra")),
                name="medlem_til_etter_fra",
                violation_error_message=_("Til-dato kan ikke være før fra-dato."),
            ),
        ]

    @property
    def pasient(self) -> Pasient:
        return self.gruppe.pasient

    @property
    def adresse(self) -> str:
        """Where notices and minutes go."""
        if self.type == self.Type.ANSATT and self.ansatt_id:
            return self.ansatt.bruker.email
        if self.type == self.Type.PARORENDE and self.parorende_id:
            return self.parorende.epost
        if self.type == self.Type.PASIENT:
            return self.gruppe.pasient.epost
        return self.epost


class Mote(models.Model):
    class Status(models.TextChoices):
        PLANLAGT = "planlagt", _("Planlagt")
        AVLYST = "avlyst", _("Avlyst")

    gruppe = models.ForeignKey(Ansvarsgruppe, on_delete=models.CASCADE, related_name="moter")
    start = models.DateTimeField(_("starter"))
    slutt = models.DateTimeField(_("slutter"))
    sted = models.CharField(_("sted"), max_length=200, blank=True)
    videolenke = models.URLField(_("lenke til videomøte"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANLAGT)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sekvens = models.PositiveIntegerField(default=0, editable=False)
    sendt_sekvens = models.IntegerField(default=-1, editable=False)
    innkalt_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["gruppe", "start"], name="mote_gruppe_start_idx"),
            models.Index(
                fields=["start"], condition=Q(status="planlagt"), name="mote_planlagt_idx"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(slutt__gt=models.F("start")),
                name="mote_slutter_etter_start",
                violation_error_message=_("Møtet må slutte etter at det starter."),
            ),
            models.CheckConstraint(
                condition=~Q(sted="") | ~Q(videolenke=""),
                name="mote_har_sted_eller_lenke",
                violation_error_message=_("Oppgi sted eller lenke til videomøte."),
            ),
        ]

    def __str__(self) -> str:
        return _("Ansvarsgruppemøte %(tid)s") % {
            "tid": f"{timezone.localtime(self.start):%d.%m.%Y %H:%M}"
        }


class Sakspunkt(models.Model):
    mote = models.ForeignKey(Mote, on_delete=models.CASCADE, related_name="sakspunkter")
    rekkefolge = models.PositiveIntegerField(default=0)
    tittel = models.CharField(_("sak"), max_length=300)
    maal = models.ForeignKey(
        "individuellplan.Maal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sakspunkter",
        verbose_name=_("mål i planen"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sakspunkt")
        verbose_name_plural = _("sakspunkter")
        ordering = ["rekkefolge", "id"]

    def __str__(self) -> str:
        return self.tittel


class Referat(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        GODKJENT = "godkjent", _("Godkjent")

    mote = models.OneToOneField(Mote, on_delete=models.CASCADE, related_name="referat")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UTKAST)
    revisjon = models.PositiveIntegerField(_("revisjon"), default=1)
    til_stede = models.ManyToManyField(
        Gruppemedlem, blank=True, related_name="+", verbose_name=_("til stede")
    )
    neste_mote = models.CharField(_("neste møte"), max_length=200, blank=True)
    maalvurderinger = models.JSONField(default=dict, blank=True)
    neste_evaluering = models.DateField(_("neste evaluering av planen"), null=True, blank=True)
    evaluering = models.OneToOneField(
        "individuellplan.Evaluering",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referat",
    )
    godkjent = models.DateTimeField(null=True, blank=True)
    godkjent_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    pdf = models.FileField(upload_to="referater/", blank=True)
    pdf_revisjon = models.PositiveIntegerField(default=0)
    sendt_revisjon = models.PositiveIntegerField(default=0)

    history = HistoricalRecords(m2m_fields=[til_stede])

    class Meta:
        verbose_name = _("referat")
        verbose_name_plural = _("referater")

    def __str__(self) -> str:
        return _("Referat fra %(mote)s") % {"mote": self.mote}

    @property
    def er_laast(self) -> bool:
        return self.status == self.Status.GODKJENT


class Sakspunktnotat(models.Model):
    referat = models.ForeignKey(Referat, on_delete=models.CASCADE, related_name="notater")
    sakspunkt = models.ForeignKey(Sakspunkt, on_delete=models.CASCADE, related_name="notater")
    notat = models.TextField(_("notat"), blank=True, max_length=4000)
    beslutning = models.TextField(_("beslutning"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["referat", "sakspunkt"], name="notat_ett_per_sak")
        ]

    def __str__(self) -> str:
        return f"{self.sakspunkt}: {self.beslutning[:40]}"


class OppgaveQuerySet(models.QuerySet):
    def aapne(self):
        return self.filter(status=Oppgave.Status.AAPEN)


class Oppgave(models.Model):
    """An action item from the minutes: what, who (a group member), by when."""

    class Status(models.TextChoices):
        AAPEN = "aapen", _("Åpen")
        UTFORT = "utfort", _("Utført")

    referat = models.ForeignKey(Referat, on_delete=models.CASCADE, related_name="oppgaver")
    beskrivelse = models.CharField(_("hva skal gjøres"), max_length=500)
    ansvarlig = models.ForeignKey(
        Gruppemedlem,
        on_delete=models.PROTECT,
        related_name="oppgaver",
        verbose_name=_("ansvarlig"),
    )
    frist = models.DateField(_("frist"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.AAPEN)

    objects = OppgaveQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("oppfølgingspunkt")
        verbose_name_plural = _("oppfølgingspunkter")
        ordering = ["frist", "id"]
        indexes = [
            models.Index(fields=["ansvarlig", "status", "frist"], name="oppgave_ansvarlig_idx"),
            models.Index(fields=["frist"], condition=Q(status="aapen"), name="oppgave_aapen_idx"),
        ]

    def __str__(self) -> str:
        return self.beskrivelse

    @property
    def forfalt(self) -> bool:
        return self.status == self.Status.AAPEN and self.frist < timezone.localdate()
