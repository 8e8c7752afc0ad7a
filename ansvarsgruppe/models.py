"""The ansvarsgruppe: the patient, relatives and service providers who meet 2–4 times a year,
led by the koordinator; its meetings, agenda items, minutes and action items.

The tables were made when these models lived in `koordinering`; they keep their names
(`db_table`, `table_name`), so moving the code moved no data (ADR 0010)."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ansvarsgruppe.querysets import OppgaveQuerySet
from koordinering.models import (
    Ansatt,
    Medvirkende,
    Organisasjon,
    Pasient,
    medvirkende_begrensninger,
)


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

    history = HistoricalRecords(table_name="koordinering_historicalansvarsgruppe")

    class Meta:
        db_table = "koordinering_ansvarsgruppe"
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

    history = HistoricalRecords(table_name="koordinering_historicalgruppemedlem")

    class Meta:
        db_table = "koordinering_gruppemedlem"
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
    avlysningsgrunn = models.CharField(_("grunn til avlysning"), max_length=500, blank=True)

    history = HistoricalRecords(table_name="koordinering_historicalmote")

    class Meta:
        db_table = "koordinering_mote"
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        ordering = ["start"]
        indexes = [
            models.Index(fields=["gruppe", "start"], name="mote_gruppe_start_idx"),
            # «Kalte inn» on the start page: my meetings of a period, not all I ever called.
            models.Index(fields=["innkalt_av", "start"], name="mote_innkalt_start_idx"),
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

    history = HistoricalRecords(table_name="koordinering_historicalsakspunkt")

    class Meta:
        db_table = "koordinering_sakspunkt"
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
        Gruppemedlem,
        blank=True,
        related_name="+",
        verbose_name=_("til stede"),
        db_table="koordinering_referat_til_stede",
    )
    neste_mote = models.CharField(_("merknad om neste møte"), max_length=200, blank=True)
    neste_mote_start = models.DateTimeField(_("neste møte starter"), null=True, blank=True)
    neste_mote_slutt = models.DateTimeField(_("neste møte slutter"), null=True, blank=True)
    neste_mote_innkalt = models.OneToOneField(
        Mote,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="innkalt_fra_referat",
        editable=False,
        help_text=_("Innkallingen til neste møte, laget fra referatet (én gang)."),
    )
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

    history = HistoricalRecords(table_name="koordinering_historicalreferat", m2m_fields=[til_stede])

    class Meta:
        db_table = "koordinering_referat"
        verbose_name = _("referat")
        verbose_name_plural = _("referater")
        constraints = [
            models.CheckConstraint(
                condition=Q(neste_mote_start__isnull=True)
                | Q(neste_mote_slutt__isnull=True)
                | Q(neste_mote_slutt__gt=models.F("neste_mote_start")),
                name="referat_neste_mote_slutter_etter_start",
                violation_error_message=_("Neste møte må slutte etter at det starter."),
            ),
        ]

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

    history = HistoricalRecords(table_name="koordinering_historicalsakspunktnotat")

    class Meta:
        db_table = "koordinering_sakspunktnotat"
        constraints = [
            models.UniqueConstraint(fields=["referat", "sakspunkt"], name="notat_ett_per_sak")
        ]

    def __str__(self) -> str:
        return f"{self.sakspunkt}: {self.beslutning[:40]}"


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
    history = HistoricalRecords(table_name="koordinering_historicaloppgave")

    class Meta:
        db_table = "koordinering_oppgave"
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


class Motesvar(models.Model):
    """A member's answer to a notice: coming or not. No row: not answered.

    Staff answer for themselves on «Mine møter» (kanal ANSATT). A citizen answers in Min plan
    for the patient's member of the group (kanal MINPLAN), with an optional note, and
    `besvart_av` says who it was (the patient, or the parent, guardian or attorney by name)."""

    class Svar(models.TextChoices):
        KOMMER = "kommer", _("Kommer")
        KOMMER_IKKE = "kommer_ikke", _("Kommer ikke")

    class Kanal(models.TextChoices):
        ANSATT = "ansatt", _("Svart av den ansatte")
        MINPLAN = "minplan", _("Svart i Min plan")

    MERKNAD_MAKS = 500

    mote = models.ForeignKey(Mote, on_delete=models.CASCADE, related_name="svar")
    medlem = models.ForeignKey(Gruppemedlem, on_delete=models.CASCADE, related_name="motesvar")
    svar = models.CharField(_("svar"), max_length=12, choices=Svar.choices)
    besvart = models.DateTimeField(default=timezone.now)
    merknad = models.TextField(_("merknad"), blank=True, max_length=MERKNAD_MAKS)
    kanal = models.CharField(
        _("svart gjennom"), max_length=10, choices=Kanal.choices, default=Kanal.ANSATT
    )
    besvart_av = models.CharField(_("svart av"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("svar på innkalling")
        verbose_name_plural = _("svar på innkallinger")
        constraints = [
            models.UniqueConstraint(fields=["mote", "medlem"], name="motesvar_ett_per_medlem")
        ]

    def __str__(self) -> str:
        return self.get_svar_display()


class Kalenderabonnement(models.Model):
    """A user's personal calendar feed: a secret URL whose token is stored only as its SHA-256
    hash. Regenerating replaces the hash (the old URL stops working); revoking deletes the row."""

    ansatt = models.OneToOneField(
        Ansatt, on_delete=models.CASCADE, related_name="kalenderabonnement"
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    opprettet = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("kalenderabonnement")
        verbose_name_plural = _("kalenderabonnementer")

    def __str__(self) -> str:
        return _("Kalenderabonnement for %(ansatt)s") % {"ansatt": self.ansatt}
