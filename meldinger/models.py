"""Messages between units of kommune and sykehus (`Melding`), with attachments and forwards.

In production the messages travel as national standard messages over the health network
(dialogmelding, PLO, EDI 2.0); here they are a typed, tracked inbox/outbox between units with
receipts and response deadlines. See docs/adr/0008-meldinger-og-paminnelser.md.
"""

import uuid
from dataclasses import dataclass

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from felles.arbeidsdager import arbeidsdager_etter
from felles.fodselsnummer import masker_fodselsnummer
from koordinering.models import Ansatt, Behov, Behovsmelding, Enhet, Organisasjon, Pasient
from meldinger.querysets import InnbyggertraadQuerySet, MeldingQuerySet


class Meldingstype(models.TextChoices):
    BEHOV_IP_KOORDINATOR = (
        "behov_ip_koordinator",
        _("Behov for individuell plan og koordinator (forskrift § 23)"),
    )
    INNLAGT = "innlagt", _("Pasient innlagt")
    UTSKRIVNINGSKLAR = "utskrivningsklar", _("Pasient utskrivningsklar")
    POLIKLINISK = "poliklinisk", _("Poliklinisk pasient med langvarige behov")
    DIALOG = "dialog", _("Spørsmål og svar (dialogmelding)")
    INVITASJON_ANSVARSGRUPPE = "invitasjon_ansvarsgruppe", _("Invitasjon til ansvarsgruppemøte")
    UENIGHET = "uenighet", _("Uenighet om videre behov (vurderes av begge koordinerende enheter)")
    FRITT_NOTAT = "fritt_notat", _("Fritt notat")


@dataclass(frozen=True)
class Typeregel:
    """What a message type demands: a default response deadline in working days (None: no
    deadline; 0: the same working day), and where it may go."""

    svarfrist_arbeidsdager: int | None
    kan_sendes_internt: bool = False
    til_koordinerende_enhet: bool = False
    fra_sykehus_til_kommune: bool = False


TYPEREGLER: dict[str, Typeregel] = {
    # Forskrift § 23: across levels the report goes to the kommune's koordinerende enhet.
    Meldingstype.BEHOV_IP_KOORDINATOR: Typeregel(5, til_koordinerende_enhet=True),
    Meldingstype.INNLAGT: Typeregel(None, fra_sykehus_til_kommune=True),
    # The kommune answers the same day whether it can receive the patient.
    Meldingstype.UTSKRIVNINGSKLAR: Typeregel(0, fra_sykehus_til_kommune=True),
    Meldingstype.POLIKLINISK: Typeregel(None, fra_sykehus_til_kommune=True),
    Meldingstype.DIALOG: Typeregel(3, kan_sendes_internt=True),
    Meldingstype.INVITASJON_ANSVARSGRUPPE: Typeregel(3),
    Meldingstype.UENIGHET: Typeregel(10, til_koordinerende_enhet=True),
    Meldingstype.FRITT_NOTAT: Typeregel(None, kan_sendes_internt=True),
}


# The messages that report a need: taken in or forwarded, each becomes a need in the receiving
# unit's leader queue, with the criteria the message type stands for.
BEHOV_FOR_MELDINGSTYPE: dict[str, tuple[str, dict[str, bool]]] = {
    Meldingstype.BEHOV_IP_KOORDINATOR: (
        Behov.KOORDINATOR,
        {"komplekse_behov": True, "langvarige_behov": True, "koordinerte_tjenester": True},
    ),
    Meldingstype.INNLAGT: (Behov.KOORDINATOR, {"koordinerte_tjenester": True}),
    Meldingstype.UTSKRIVNINGSKLAR: (Behov.KOORDINATOR, {"koordinerte_tjenester": True}),
    Meldingstype.POLIKLINISK: (Behov.KOORDINATOR, {"langvarige_behov": True}),
}


class Melding(models.Model):
    class Status(models.TextChoices):
        SENDT = "sendt", _("Sendt")
        LEVERT = "levert", _("Levert")
        LEST = "lest", _("Lest")
        BESVART = "besvart", _("Besvart")
        BEHANDLET = "behandlet", _("Behandlet")

    ULEST = (Status.SENDT, Status.LEVERT)
    VENTER_PAA_SVAR = (Status.SENDT, Status.LEVERT, Status.LEST)

    class Prioritet(models.TextChoices):
        NORMAL = "normal", _("Normal")
        HASTER = "haster", _("Haster")

    type = models.CharField(_("type"), max_length=30, choices=Meldingstype.choices)
    pasient = models.ForeignKey(
        Pasient, on_delete=models.PROTECT, related_name="meldinger", verbose_name=_("pasient")
    )
    avsender = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, related_name="+", verbose_name=_("avsender")
    )
    avsender_enhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        related_name="sendte_meldinger",
        verbose_name=_("fra enhet"),
    )
    avsender_organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", editable=False
    )
    mottaker_enhet = models.ForeignKey(
        Enhet,
        on_delete=models.PROTECT,
        related_name="mottatte_meldinger",
        verbose_name=_("til enhet"),
    )
    mottaker_organisasjon = models.ForeignKey(
        Organisasjon, on_delete=models.PROTECT, related_name="+", editable=False
    )
    mottaker_ansatt = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("til person"),
        help_text=_("Svar går til den som skrev meldingen det svares på."),
    )
    emne = models.CharField(_("emne"), max_length=200)
    tekst = models.TextField(_("tekst"), max_length=8000)
    prioritet = models.CharField(
        _("prioritet"), max_length=10, choices=Prioritet.choices, default=Prioritet.NORMAL
    )
    svarfrist = models.DateField(_("svarfrist"), null=True, blank=True)
    svar_paa = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="svar",
        verbose_name=_("svar på"),
    )
    traad = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Den første meldingen i tråden; tom for den første selv."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENDT
    )
    sendt = models.DateTimeField(_("sendt"), default=timezone.now, editable=False)
    levert = models.DateTimeField(_("levert"), null=True, blank=True, editable=False)
    lest = models.DateTimeField(_("lest"), null=True, blank=True, editable=False)
    lest_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    avsluttet = models.DateTimeField(_("besvart eller behandlet"), null=True, blank=True)
    avsluttet_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    behandlet_merknad = models.CharField(_("merknad"), max_length=500, blank=True)
    innsending_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    tatt_imot = models.DateTimeField(_("tatt imot"), null=True, blank=True, editable=False)
    tatt_imot_enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    behovsmelding = models.ForeignKey(
        Behovsmelding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text=_("Behovet meldingen ble til i lederens kø (den første meldingen i tråden)."),
    )

    objects = MeldingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldinger")
        ordering = ["-sendt", "-id"]
        indexes = [
            # Mailboxes list newest first: walking this index back stops after one page.
            models.Index(fields=["-sendt", "-id"], name="melding_sendt_idx"),
            models.Index(fields=["type", "-sendt"], name="melding_type_idx"),
            models.Index(fields=["mottaker_enhet", "-sendt"], name="melding_inn_idx"),
            # The menu's unread count on every page.
            models.Index(
                fields=["mottaker_enhet"],
                condition=Q(status__in=["sendt", "levert"]),
                name="melding_ulest_idx",
            ),
            models.Index(fields=["avsender_enhet", "-sendt"], name="melding_ut_idx"),
            models.Index(fields=["mottaker_organisasjon", "-sendt"], name="melding_inn_org_idx"),
            models.Index(fields=["avsender_organisasjon", "-sendt"], name="melding_ut_org_idx"),
            models.Index(fields=["mottaker_ansatt", "status"], name="melding_person_idx"),
            models.Index(fields=["pasient", "-sendt"], name="melding_pasient_idx"),
            models.Index(fields=["traad"], name="melding_traad_idx"),
            # The reminder rule «past its response deadline» reads only unanswered messages.
            models.Index(
                fields=["svarfrist"],
                condition=Q(status__in=["sendt", "levert", "lest"]),
                name="melding_svarfrist_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(avsender_enhet=models.F("mottaker_enhet")),
                name="melding_ikke_til_egen_enhet",
                violation_error_message=_("En melding kan ikke sendes til din egen enhet."),
            ),
            models.CheckConstraint(
                condition=Q(traad__isnull=True) | Q(svar_paa__isnull=False),
                name="melding_traad_bare_for_svar",
                violation_error_message=_("Bare svar hører til en tråd."),
            ),
        ]

    def __str__(self) -> str:
        return self.emne

    def save(self, *args, **kwargs):
        # A number typed into the subject is never stored (the subject is listed and logged).
        self.emne = masker_fodselsnummer(self.emne)
        self.avsender_organisasjon_id = self.avsender_enhet.organisasjon_id
        self.mottaker_organisasjon_id = self.mottaker_enhet.organisasjon_id
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # Copied before validation too, so checks that use them see the right organisations.
        if self.avsender_enhet_id:
            self.avsender_organisasjon_id = self.avsender_enhet.organisasjon_id
        if self.mottaker_enhet_id:
            self.mottaker_organisasjon_id = self.mottaker_enhet.organisasjon_id

    @property
    def traad_id_eller_egen(self) -> int:
        return self.traad_id or self.pk

    @property
    def er_ulest(self) -> bool:
        return self.status in self.ULEST

    @property
    def venter_paa_svar(self) -> bool:
        return self.svarfrist is not None and self.status in self.VENTER_PAA_SVAR

    @property
    def svarfrist_passert(self) -> bool:
        return self.venter_paa_svar and self.svarfrist < timezone.localdate()


def vedlegg_sti(vedlegg: "Vedlegg", filnavn: str) -> str:
    """A random name: the user's file name (which may hold a name or number) stays in the row."""
    endelse = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}.get(
        vedlegg.innholdstype, "bin"
    )
    return f"meldinger/vedlegg/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{endelse}"


class Vedlegg(models.Model):
    melding = models.ForeignKey(Melding, on_delete=models.PROTECT, related_name="vedlegg")
    fil = models.FileField(upload_to=vedlegg_sti)
    filnavn = models.CharField(_("filnavn"), max_length=255)
    innholdstype = models.CharField(_("filtype"), max_length=50)
    storrelse = models.PositiveIntegerField(_("størrelse (byte)"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filnavn

    def save(self, *args, **kwargs):
        # The user's file name may hold a fødselsnummer; it is listed and logged, so masked.
        self.filnavn = masker_fodselsnummer(self.filnavn)
        super().save(*args, **kwargs)


class Videresending(models.Model):
    """The receiving KE passes a thread on to a unit of its own organisation, which then sees
    the whole thread and may answer it."""

    traad = models.ForeignKey(
        Melding, on_delete=models.PROTECT, related_name="videresendinger", verbose_name=_("tråd")
    )
    til_enhet = models.ForeignKey(
        Enhet, on_delete=models.PROTECT, related_name="+", verbose_name=_("videresend til")
    )
    av = models.ForeignKey(Ansatt, on_delete=models.PROTECT, related_name="+")
    tid = models.DateTimeField(default=timezone.now, editable=False)
    kommentar = models.CharField(_("kommentar"), max_length=1000, blank=True)
    lest = models.DateTimeField(null=True, blank=True, editable=False)
    lest_av = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("videresending")
        verbose_name_plural = _("videresendinger")
        ordering = ["tid"]
        constraints = [
            models.UniqueConstraint(
                fields=["traad", "til_enhet"],
                name="videresending_en_gang_per_enhet",
                violation_error_message=_("Meldingen er allerede videresendt til denne enheten."),
            ),
        ]
        indexes = [models.Index(fields=["til_enhet", "lest"], name="videresending_enhet_idx")]

    def __str__(self) -> str:
        return _("Videresendt til %(enhet)s") % {"enhet": self.til_enhet}


# --- messages between the citizen (Min plan) and the staff who help them ----------------------


class Innbyggertraad(models.Model):
    """A conversation between the patient's side (the patient, or whoever acts for them in Min
    plan) and one staff member: the koordinator, the kontaktlege or a member of the
    responsibility group. docs/adr/0027-varsler-til-innbyggere.md."""

    pasient = models.ForeignKey(
        Pasient,
        on_delete=models.PROTECT,
        related_name="innbyggertraader",
        verbose_name=_("pasient"),
    )
    ansatt = models.ForeignKey(
        Ansatt,
        on_delete=models.PROTECT,
        related_name="innbyggertraader",
        verbose_name=_("til"),
    )
    emne = models.CharField(_("emne"), max_length=120)
    startet = models.DateTimeField(_("startet"), default=timezone.now, editable=False)
    sist = models.DateTimeField(_("siste melding"), default=timezone.now, editable=False)

    objects = InnbyggertraadQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("samtale med innbygger")
        verbose_name_plural = _("samtaler med innbyggere")
        ordering = ["-sist", "-id"]
        indexes = [
            models.Index(fields=["pasient", "-sist"], name="innbyggertraad_pasient_idx"),
            models.Index(fields=["ansatt", "-sist"], name="innbyggertraad_ansatt_idx"),
        ]

    def __str__(self) -> str:
        return self.emne

    def save(self, *args, **kwargs):
        self.emne = masker_fodselsnummer(self.emne)
        super().save(*args, **kwargs)

    @property
    def svarfrist(self):
        """When a citizen's last message should be answered: as a dialogue message between
        services (TYPEREGLER), counted from the day it came."""
        dager = TYPEREGLER[Meldingstype.DIALOG].svarfrist_arbeidsdager
        return arbeidsdager_etter(timezone.localdate(self.sist), dager)


class Innbyggermelding(models.Model):
    """One message in an `Innbyggertraad`. `lest` is the receipt: the first time the other side
    opened the thread after the message came, and by whom (a staff member, or the citizen's
    name as in the access log)."""

    traad = models.ForeignKey(Innbyggertraad, on_delete=models.PROTECT, related_name="meldinger")
    fra_innbygger = models.BooleanField(_("fra innbyggeren"))
    avsender_navn = models.CharField(_("fra"), max_length=200)
    avsender_ansatt = models.ForeignKey(
        Ansatt, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    tekst = models.TextField(_("melding"), max_length=4000)
    sendt = models.DateTimeField(_("sendt"), default=timezone.now, editable=False)
    lest = models.DateTimeField(_("lest"), null=True, blank=True, editable=False)
    lest_av_navn = models.CharField(_("lest av"), max_length=200, blank=True, editable=False)
    innsending_id = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("melding med innbygger")
        verbose_name_plural = _("meldinger med innbyggere")
        ordering = ["sendt", "id"]
        indexes = [
            models.Index(
                fields=["traad"],
                condition=Q(lest__isnull=True),
                name="innbyggermelding_ulest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(fra_innbygger=True) | Q(avsender_ansatt__isnull=False),
                name="innbyggermelding_ansatt_har_avsender",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.avsender_navn}, {self.sendt:%d.%m.%Y %H:%M}"
