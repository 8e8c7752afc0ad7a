"""Reported needs (`Behovsmelding`) and the appointments that answer them (`Oppnevning`)."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koordinering import regler
from koordinering.kodeverk import Behov, Rolle
from koordinering.models.organisasjon import Ansatt, Enhet, Organisasjon
from koordinering.models.pasient import Pasient


class Behovsmelding(models.Model):
    """A reported need for a koordinator, plan, kontaktlege/-psykolog or barnekoordinator
    (forskrift § 23, helsepersonelloven § 38 a). The leader of `enhet` decides."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Venter på beslutning")
        OPPNEVNT = "oppnevnt", _("Oppnevnt")
        AVSLATT = "avslatt", _("Ikke oppnevnt")
        DEKKET = "dekket", _("Dekkes av eksisterende koordinator eller plan")
        PLAN_OPPRETTES = "plan_opprettes", _("Individuell plan opprettes")
        INFORMERT = "informert", _("Informert om retten til individuell plan og koordinator")
        MELDT_KOMMUNEN = "meldt_kommunen", _("Melding er sendt til kommunen")

    class NprKode(models.IntegerChoices):
        """NPR's individuellplan codes, where a decision answers them."""

        TAKKET_NEI = 2, _("2 Pasienten har takket nei")
        HAR_IP = 5, _("5 Pasienten har allerede individuell plan")
        ONSKER_IP = 21, _("21 Pasienten ønsker individuell plan og har samtykket")
        MELDT_KOMMUNEN = 31, _("31 Melding er sendt til kommunen")

    class Avslagsgrunn(models.TextChoices):
        # Kodeverk 9188 (status koordinator) besides «oppnevnt»: ikke oppnevnt, ønsker ikke,
        # fyller ikke vilkår. «Ikke oppnevnt» for another reason asks for the reason in words.
        ONSKER_IKKE = "onsker_ikke", _("Pasienten ønsker ikke")
        FYLLER_IKKE_VILKAAR = "fyller_ikke_vilkaar", _("Fyller ikke vilkårene")
        IKKE_OPPNEVNT = "ikke_oppnevnt", _("Ikke oppnevnt av en annen grunn")

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
    npr_kode = models.PositiveSmallIntegerField(
        _("NPR-kode individuell plan"), choices=NprKode.choices, null=True, blank=True
    )

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
            if self.behov in Behov.values and self.pasient_id:
                feil = regler.behovsfeil(
                    behov=self.behov,
                    organisasjon=self.enhet.organisasjon,
                    pasient=self.pasient,
                    dato=timezone.localdate(self.opprettet),
                )
                if feil:
                    raise ValidationError(feil)
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


# The decisions that fit each kind of need (forskrift § 23, sphl § 2-5 c, hol § 7-2 a). A plan
# need is answered by a plan, not by an appointment; «ønsker ikke» is a decline with that reason.
UTFALL_FOR_BEHOV = {
    Behov.INDIVIDUELL_PLAN: (
        Behovsmelding.Status.PLAN_OPPRETTES,
        Behovsmelding.Status.DEKKET,
        Behovsmelding.Status.INFORMERT,
        Behovsmelding.Status.AVSLATT,
    ),
    Behov.KOORDINATOR: (
        Behovsmelding.Status.OPPNEVNT,
        Behovsmelding.Status.AVSLATT,
        Behovsmelding.Status.DEKKET,
        Behovsmelding.Status.INFORMERT,
    ),
    Behov.BARNEKOORDINATOR: (
        Behovsmelding.Status.OPPNEVNT,
        Behovsmelding.Status.AVSLATT,
        Behovsmelding.Status.DEKKET,
        Behovsmelding.Status.INFORMERT,
    ),
    Behov.KONTAKTLEGE: (
        Behovsmelding.Status.OPPNEVNT,
        Behovsmelding.Status.AVSLATT,
        Behovsmelding.Status.DEKKET,
    ),
    Behov.KONTAKTPSYKOLOG: (
        Behovsmelding.Status.OPPNEVNT,
        Behovsmelding.Status.AVSLATT,
        Behovsmelding.Status.DEKKET,
    ),
}


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
    tjenesteenhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("den oppnevntes enhet"),
        help_text=_(
            "Enheten den oppnevnte arbeidet i da oppnevningen ble gjort. Oppnevningen gir "
            "tilgang bare så lenge personen fortsatt er medlem av denne enheten."
        ),
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
        _("mandat"),
        max_length=4000,
        blank=True,  # a kontaktlege or kontaktpsykolog has none (`regler.mandatfeil`)
        help_text=_("Hva koordineringen omfatter, skriftlig."),
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
    mandat_akseptert_tid = models.DateTimeField(_("mandatet akseptert"), null=True, blank=True)
    mandat_akseptert_av = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mandatet akseptert av"),
    )

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
        if self.rolle == Rolle.KONTAKTLEGE and ansatt.yrke != Ansatt.Yrke.LEGE:
            feil.append(_("Kontaktlegen må være lege."))
        if self.rolle == Rolle.KONTAKTPSYKOLOG and ansatt.yrke != Ansatt.Yrke.PSYKOLOG:
            feil.append(_("Kontaktpsykologen må være psykolog."))
        if self.rolle == Rolle.KOORDINATOR and org.er_sykehus and not ansatt.helsepersonell:
            feil.append(_("Koordinator i sykehus må være helsepersonell."))
        feil += regler.rollefeil(
            rolle=self.rolle, organisasjon=org, pasient=self.pasient, dato=self.startdato
        )
        feltfeil = regler.mandatfeil(rolle=self.rolle, mandat=self.mandat)
        if self._state.adding:
            # The dates are checked when the appointment is registered, against that day.
            feltfeil |= regler.oppnevningsdatofeil(
                startdato=self.startdato,
                pasient_informert_dato=self.pasient_informert_dato,
                behovsmelding=self.behovsmelding,
                idag=timezone.localdate(self.opprettet),
            )
        if feil or feltfeil:
            raise ValidationError({NON_FIELD_ERRORS: feil, **feltfeil} if feil else feltfeil)
