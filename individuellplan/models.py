"""The individual plan (individuell plan, IP): one per person, with what the law requires it to
contain (forskrift om individuell plan § 19): goals, resources and needs, participants and
their contributions, the koordinator, measures, the plan period, evaluation and revision, the
consents, and cooperation with other services."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koordinering.models import (
    Ansatt,
    Enhet,
    Medvirkende,
    Organisasjon,
    Pasient,
    medvirkende_begrensninger,
)


class IndividuellPlan(models.Model):
    class Status(models.TextChoices):
        UTKAST = "utkast", _("Utkast")
        AKTIV = "aktiv", _("Aktiv")
        AVSLUTTET = "avsluttet", _("Avsluttet")

    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, related_name="planer", verbose_name=_("pasient")
    )
    eier = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", verbose_name=_("planeier")
    )
    eier_enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="+", verbose_name=_("ansvarlig enhet")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UTKAST
    )
    avslutningsgrunn = models.CharField(_("grunn til avslutning"), max_length=500, blank=True)
    periode_fra = models.DateField(_("planperiode fra"))
    periode_til = models.DateField(_("planperiode til"))
    neste_evaluering = models.DateField(_("neste evaluering"))
    revisjon = models.DateField(_("revideres innen"), null=True, blank=True)
    ressurser = models.TextField(
        _("pasientens ressurser"),
        blank=True,
        max_length=4000,
        help_text=_("Hva pasienten selv og nettverket får til, med pasientens egne ord."),
    )
    behov = models.TextField(
        _("pasientens behov"),
        blank=True,
        max_length=4000,
        help_text=_("Hva pasienten trenger hjelp til, med pasientens egne ord."),
    )
    opprettet = models.DateTimeField(_("opprettet"), default=timezone.now, editable=False)
    opprettet_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("individuell plan")
        verbose_name_plural = _("individuelle planer")
        ordering = ["-opprettet"]
        indexes = [
            models.Index(fields=["eier", "status"], name="plan_eier_status_idx"),
            # The reminder scan reads only open plans; closed ones pile up over the years.
            models.Index(
                fields=["neste_evaluering"],
                condition=~Q(status="avsluttet"),
                name="plan_evaluering_aapen_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["pasient"],
                condition=~Q(status="avsluttet"),
                name="plan_en_aapen_per_pasient",
                violation_error_message=_(
                    "Pasienten har allerede en individuell plan. Det skal bare være én plan."
                ),
            ),
            models.CheckConstraint(
                condition=Q(periode_til__gte=models.F("periode_fra")),
                name="plan_periode_i_riktig_rekkefolge",
                violation_error_message=_("Planperioden kan ikke slutte før den begynner."),
            ),
            models.CheckConstraint(
                condition=~Q(status="avsluttet") | ~Q(avslutningsgrunn=""),
                name="plan_avsluttet_med_grunn",
                violation_error_message=_("Oppgi hvorfor planen avsluttes."),
            ),
        ]

    def __str__(self) -> str:
        return _("Individuell plan for %(navn)s") % {"navn": self.pasient}

    def clean(self) -> None:
        if self.eier_enhet_id and self.eier_id and self.eier_enhet.organisasjon_id != self.eier_id:
            raise ValidationError(
                {"eier_enhet": _("Den ansvarlige enheten må høre til planeieren.")}
            )

    @property
    def evaluering_forfalt(self) -> bool:
        return self.status != self.Status.AVSLUTTET and self.neste_evaluering < timezone.localdate()


class Maal(models.Model):
    """A goal in the patient's own words: a main goal (no parent) or a sub-goal."""

    class Status(models.TextChoices):
        IKKE_STARTET = "ikke_startet", _("Ikke startet")
        PAAGAAR = "paagaar", _("Pågår")
        NAADD = "naadd", _("Nådd")
        AVBRUTT = "avbrutt", _("Avbrutt")

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="maal")
    hovedmaal = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="delmaal",
        verbose_name=_("hovedmål"),
        help_text=_("Tomt for et hovedmål."),
    )
    tekst = models.TextField(_("målet med pasientens egne ord"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IKKE_STARTET
    )
    maldato = models.DateField(_("måldato"), null=True, blank=True)
    rekkefolge = models.PositiveIntegerField(_("rekkefølge"), default=0)
    egne_ord = models.BooleanField(
        _("skrevet av pasienten selv"),
        default=False,
        help_text=_("Målet kom fra pasienten i Min plan og står slik det ble skrevet."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["rekkefolge", "id"]

    def __str__(self) -> str:
        return self.tekst[:80]

    def clean(self) -> None:
        if self.hovedmaal_id:
            if self.hovedmaal.plan_id != self.plan_id:
                raise ValidationError({"hovedmaal": _("Hovedmålet må høre til samme plan.")})
            if self.hovedmaal.hovedmaal_id is not None:
                raise ValidationError({"hovedmaal": _("Et delmål kan ikke ha egne delmål.")})
        if self.maldato and self.plan_id:
            plan = self.plan
            if not (plan.periode_fra <= self.maldato <= plan.periode_til):
                raise ValidationError(
                    {
                        "maldato": _("Måldatoen må ligge innenfor planperioden (%(fra)s–%(til)s).")
                        % {
                            "fra": f"{plan.periode_fra:%d.%m.%Y}",
                            "til": f"{plan.periode_til:%d.%m.%Y}",
                        }
                    }
                )


class Deltaker(Medvirkende):
    """Someone who takes part in the planning, and what they will contribute."""

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="deltakere")
    bidrag = models.TextField(_("hva deltakeren skal bidra med"), max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deltaker")
        verbose_name_plural = _("deltakere")
        ordering = ["type", "id"]
        constraints = [
            *medvirkende_begrensninger(
                "deltaker",
                ansatt=_("Velg hvilken ansatt som deltar."),
                parorende=_("Velg hvilken pårørende som deltar."),
            ),
            models.CheckConstraint(
                condition=~Q(type="ekstern") | ~Q(navn=""),
                name="deltaker_ekstern_har_navn",
                violation_error_message=_("Oppgi navnet på den eksterne deltakeren."),
            ),
        ]

    @property
    def pasient(self):
        return self.plan.pasient


class Tiltak(models.Model):
    """A measure: what is done, how much, by whom, how, when, for which goals."""

    class Status(models.TextChoices):
        PLANLAGT = "planlagt", _("Planlagt")
        PAAGAAR = "paagaar", _("Pågår")
        FULLFORT = "fullfort", _("Fullført")
        AVSLUTTET = "avsluttet", _("Avsluttet")

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="tiltak")
    beskrivelse = models.CharField(_("tiltak"), max_length=300)
    omfang = models.CharField(_("omfang eller hyppighet"), max_length=200)
    ansvarlig = models.ForeignKey(
        Deltaker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tiltak",
        verbose_name=_("ansvarlig deltaker"),
    )
    ansvarlig_tjeneste = models.CharField(
        _("ansvarlig tjeneste"),
        max_length=200,
        blank=True,
        help_text=_("Når ansvaret ligger hos en tjeneste, ikke en navngitt deltaker."),
    )
    gjennomforing = models.TextField(_("hvordan tiltaket gjennomføres"), max_length=2000)
    fra = models.DateField(_("fra"))
    til = models.DateField(_("til"), null=True, blank=True)
    maal = models.ManyToManyField(Maal, blank=True, related_name="tiltak", verbose_name=_("mål"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANLAGT
    )

    history = HistoricalRecords(m2m_fields=[maal])

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["fra", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ansvarlig__isnull=False) | ~Q(ansvarlig_tjeneste=""),
                name="tiltak_har_ansvarlig",
                violation_error_message=_(
                    "Tiltaket må ha en ansvarlig: velg en deltaker eller skriv inn tjenesten."
                ),
            ),
            models.CheckConstraint(
                condition=Q(til__isnull=True) | Q(til__gte=models.F("fra")),
                name="tiltak_til_etter_fra",
                violation_error_message=_("Til-dato kan ikke være før fra-dato."),
            ),
        ]

    def __str__(self) -> str:
        return self.beskrivelse

    @property
    def ansvarlig_visning(self) -> str:
        return self.ansvarlig.visningsnavn if self.ansvarlig_id else self.ansvarlig_tjeneste


class Samarbeid(models.Model):
    """Cooperation with other services, institutions and agencies."""

    class Etat(models.TextChoices):
        NAV = "nav", _("NAV")
        SKOLE = "skole", _("Skole")
        BARNEHAGE = "barnehage", _("Barnehage")
        PPT = "ppt", _("PP-tjenesten")
        BARNEVERN = "barnevern", _("Barnevernet")
        FASTLEGE = "fastlege", _("Fastlege")
        SPESIALIST = "spesialist", _("Spesialisthelsetjenesten")
        ARBEIDSGIVER = "arbeidsgiver", _("Arbeidsgiver")
        ANNEN = "annen", _("Annen")

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="samarbeid")
    etat = models.CharField(_("tjeneste eller etat"), max_length=20, choices=Etat.choices)
    kontakt = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    beskrivelse = models.TextField(_("hva samarbeidet gjelder"), max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samarbeid")
        verbose_name_plural = _("samarbeid")
        ordering = ["etat", "id"]

    def __str__(self) -> str:
        return self.get_etat_display()


class Evaluering(models.Model):
    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="evalueringer")
    dato = models.DateField(_("dato"))
    utfort_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    samlet_vurdering = models.TextField(_("samlet vurdering"), max_length=4000)
    neste_evaluering = models.DateField(_("neste evaluering"))
    registrert = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluering")
        verbose_name_plural = _("evalueringer")
        ordering = ["-dato", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(neste_evaluering__gt=models.F("dato")),
                name="evaluering_neste_etter_dato",
                violation_error_message=_("Neste evaluering må være etter denne evalueringen."),
            ),
        ]

    def __str__(self) -> str:
        return _("Evaluering %(dato)s") % {"dato": f"{self.dato:%d.%m.%Y}"}


class Maalvurdering(models.Model):
    class Vurdering(models.TextChoices):
        NAADD = "naadd", _("Nådd")
        DELVIS = "delvis", _("Delvis nådd")
        IKKE = "ikke", _("Ikke nådd")

    evaluering = models.ForeignKey(Evaluering, on_delete=models.CASCADE, related_name="vurderinger")
    maal = models.ForeignKey(Maal, on_delete=models.CASCADE, related_name="vurderinger")
    vurdering = models.CharField(_("vurdering"), max_length=10, choices=Vurdering.choices)
    kommentar = models.TextField(_("kommentar"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vurdering av mål")
        verbose_name_plural = _("vurderinger av mål")
        constraints = [
            models.UniqueConstraint(fields=["evaluering", "maal"], name="vurdering_en_per_maal")
        ]

    def __str__(self) -> str:
        return f"{self.maal}: {self.get_vurdering_display()}"


class PlanVersjon(models.Model):
    """A published, numbered snapshot of the plan: frozen content, printed once."""

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.PROTECT, related_name="versjoner")
    nummer = models.PositiveIntegerField(_("versjon"))
    publisert = models.DateTimeField(_("publisert"), default=timezone.now)
    publisert_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    innhold = models.JSONField(_("innhold"))
    pdf = models.FileField(_("PDF"), upload_to="planer/versjoner/", blank=True)

    class Meta:
        verbose_name = _("publisert versjon")
        verbose_name_plural = _("publiserte versjoner")
        ordering = ["-nummer"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "nummer"], name="versjon_unikt_nummer")
        ]

    def __str__(self) -> str:
        return _("Versjon %(nummer)s") % {"nummer": self.nummer}


class PlanUtskrift(models.Model):
    """A request to print the current plan (or a version) as PDF, rendered by a Celery task."""

    class Status(models.TextChoices):
        VENTER = "venter", _("Lages")
        FERDIG = "ferdig", _("Klar")
        FEILET = "feilet", _("Feilet")

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="utskrifter")
    versjon = models.ForeignKey(
        PlanVersjon, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    bestilt_av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    bestilt = models.DateTimeField(default=timezone.now)
    med_fodselsnummer = models.BooleanField(_("vis hele fødselsnummeret"), default=False)
    plandeler = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VENTER)
    fil = models.FileField(upload_to="planer/utskrifter/", blank=True)
    ferdig = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("utskrift")
        verbose_name_plural = _("utskrifter")
        ordering = ["-bestilt"]

    def __str__(self) -> str:
        return _("Utskrift av %(plan)s") % {"plan": self.plan}


# A contribution from Min plan should be answered within two weeks (the start page's deadline).
INNSPILL_SVARFRIST_DAGER = 14


class Innspill(models.Model):
    """What the patient (or a parent, guardian or fullmektig) writes in Min plan: a goal in
    their own words, or a comment on a goal, measure or evaluation of the published plan. The
    koordinator takes it into the plan unchanged, or not (with a reason the citizen sees)."""

    class Art(models.TextChoices):
        MAAL = "maal", _("Eget mål")
        KOMMENTAR = "kommentar", _("Kommentar")

    class Gjelder(models.TextChoices):
        MAAL = "maal", _("Mål")
        TILTAK = "tiltak", _("Tiltak")
        EVALUERING = "evaluering", _("Evaluering")

    class Rolle(models.TextChoices):
        PASIENTEN = "pasienten", _("Pasienten selv")
        FORELDER = "forelder", _("Forelder")
        VERGE = "verge", _("Verge")
        FULLMEKTIG = "fullmektig", _("Fullmektig")

    class Status(models.TextChoices):
        NY = "ny", _("Ny")
        TATT_INN = "tatt_inn", _("Tatt inn i planen")
        IKKE_TATT_INN = "ikke_tatt_inn", _("Ikke tatt inn")
        TRUKKET = "trukket", _("Trukket tilbake")

    plan = models.ForeignKey(IndividuellPlan, on_delete=models.CASCADE, related_name="innspill")
    art = models.CharField(_("hva slags innspill"), max_length=10, choices=Art.choices)
    gjelder = models.CharField(
        _("kommentar til"), max_length=10, choices=Gjelder.choices, blank=True
    )
    # What the comment is about: the goal, measure or evaluation as it stood in the version the
    # citizen read (the ids in PlanVersjon.innhold are these rows' pks).
    maal = models.ForeignKey(
        Maal, on_delete=models.SET_NULL, null=True, blank=True, related_name="innspill"
    )
    tiltak = models.ForeignKey(
        Tiltak, on_delete=models.SET_NULL, null=True, blank=True, related_name="innspill"
    )
    evaluering = models.ForeignKey(
        Evaluering, on_delete=models.SET_NULL, null=True, blank=True, related_name="innspill"
    )
    gjelder_tekst = models.CharField(_("det kommentaren gjelder"), max_length=300, blank=True)
    versjon = models.ForeignKey(
        "PlanVersjon", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tekst = models.TextField(_("teksten"), max_length=2000)
    skrevet_av_navn = models.CharField(_("skrevet av"), max_length=200)
    skrevet_av_rolle = models.CharField(_("som"), max_length=12, choices=Rolle.choices)
    # Who may change it: minplan.Representasjon's pk for a representative, None for the patient
    # (a plain integer: individuellplan sits below minplan and may not point at it).
    representasjon_id = models.PositiveIntegerField(null=True, blank=True)
    skrevet = models.DateTimeField(_("skrevet"), default=timezone.now, editable=False)
    endret = models.DateTimeField(_("sist endret"), default=timezone.now)
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default="ny")
    behandlet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    behandlet = models.DateTimeField(_("behandlet"), null=True, blank=True)
    begrunnelse = models.CharField(_("hvorfor ikke"), max_length=500, blank=True)
    nytt_maal = models.ForeignKey(
        Maal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fra_innspill",
        verbose_name=_("målet i planen"),
    )
    innsending_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("innspill")
        verbose_name_plural = _("innspill")
        ordering = ["-skrevet", "-id"]
        indexes = [models.Index(fields=["plan", "status"], name="innspill_plan_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(art="maal", gjelder="") | (Q(art="kommentar") & ~Q(gjelder="")),
                name="innspill_kommentar_gjelder_noe",
                violation_error_message=_(
                    "En kommentar må gjelde et mål, et tiltak eller en evaluering."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="ikke_tatt_inn") | ~Q(begrunnelse=""),
                name="innspill_ikke_tatt_inn_med_grunn",
                violation_error_message=_("Skriv kort hvorfor innspillet ikke tas inn."),
            ),
        ]

    def __str__(self) -> str:
        return self.tekst[:80]

    @property
    def kan_endres(self) -> bool:
        return self.status == self.Status.NY

    @property
    def svarfrist(self):
        """When the koordinator should have dealt with it (the start page's deadline)."""
        return timezone.localdate(self.skrevet) + timedelta(days=INNSPILL_SVARFRIST_DAGER)
