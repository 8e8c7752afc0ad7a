"""Deadline reminders (`Paminnelse`), made by the periodic scan (`varsler.regler`), and events
(`Hendelse`: you were appointed, a need landed in your queue …, told by the services through
`felles.hendelser`), delivered as in-app notifications (`Varsel`) and, if the person wants it,
e-mail (`Varslingsvalg`). See docs/adr/0008-meldinger-og-paminnelser.md.

The tables were made when these models lived in `meldinger`; they keep their names
(`db_table`, `table_name`), so moving the code moved no data (ADR 0010)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koordinering.models import Pasient


class Paminnelsestype(models.TextChoices):
    EVALUERING_FORFALLER = "evaluering_forfaller", _("Evaluering av individuell plan nærmer seg")
    EVALUERING_FORFALT = "evaluering_forfalt", _("Evaluering av individuell plan er forfalt")
    SAMTYKKE_UTLOPER = "samtykke_utloper", _("Samtykke utløper innen 30 dager")
    SAMTYKKE_UTLOPT = "samtykke_utlopt", _("Samtykke er utløpt")
    OPPGAVE_FORFALLER = "oppgave_forfaller", _("Oppfølgingspunkt har frist snart")
    OPPGAVE_FORFALT = "oppgave_forfalt", _("Oppfølgingspunkt er forfalt")
    REFERAT_IKKE_GODKJENT = (
        "referat_ikke_godkjent",
        _("Referat ikke godkjent 7 dager etter møtet"),
    )
    MELDING_SVARFRIST = "melding_svarfrist", _("Melding har passert svarfristen")
    BEHOV_UBEHANDLET = "behov_ubehandlet", _("Meldt behov uten beslutning etter 7 dager")
    KONTAKTLEGE_FRIST = (
        "kontaktlege_frist",
        _("Kontaktlege eller kontaktpsykolog ikke oppnevnt innen første virkedag"),
    )
    KOORDINATOR_OPPLAERING = (
        "koordinator_opplaering",
        _("Koordinator uten fullført opplæring 3 måneder etter oppnevning"),
    )


class Hendelsestype(models.TextChoices):
    OPPNEVNT = "oppnevnt", _("Du er oppnevnt: les og godta mandatet")
    BEHOV_MELDT = "behov_meldt", _("Nytt meldt behov i køen din")
    BEHOV_BESLUTTET = "behov_besluttet", _("Behovet du meldte er besluttet")
    OPPGAVE_TILDELT = "oppgave_tildelt", _("Du har fått et oppfølgingspunkt")
    MELDING_MOTTATT = "melding_mottatt", _("Ny melding til enheten din")
    MOTE_INNKALT = "mote_innkalt", _("Du er innkalt til et ansvarsgruppemøte")
    REFERAT_GODKJENT = "referat_godkjent", _("Referatet fra et møte du var på er godkjent")
    TILGANG_FORESPURT = "tilgang_forespurt", _("En ansatt ber om tilgang til en pasient")
    INNSYN_HENVENDT = (
        "innsyn_henvendt",
        _("En pasient spør om en lesing i tilgangsloggen eller ber om sperring"),
    )


# Every kind of notification, for the e-mail choices.
VARSLINGSTYPER = [*Paminnelsestype.choices, *Hendelsestype.choices]
# E-mail when the person has made no choice: on for every reminder and for the two events that
# start a legal deadline for the receiver (an appointment, a need waiting for a decision); off for
# the others (the meeting notice and the approved minutes already come by e-mail, and messages
# and action items are seen in the app every day).
EPOST_UTEN_VALG = {*Paminnelsestype.values, Hendelsestype.OPPNEVNT, Hendelsestype.BEHOV_MELDT}


class Paminnelse(models.Model):
    """One reminder per (kind, object, due date), made by the periodic scan
    (`varsler.regler`) and delivered once by a worker as notifications."""

    type = models.CharField(_("type"), max_length=30, choices=Paminnelsestype.choices)
    objekt_id = models.PositiveBigIntegerField(_("gjelder"))
    forfallsdato = models.DateField(_("frist"))
    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="+", verbose_name=_("pasient")
    )
    opprettet = models.DateTimeField(default=timezone.now, editable=False)
    lenke = models.CharField(max_length=200, blank=True)
    levert = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "meldinger_paminnelse"
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["-forfallsdato", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["type", "objekt_id", "forfallsdato"], name="paminnelse_en_per_frist"
            ),
        ]
        indexes = [
            models.Index(
                fields=["opprettet"],
                condition=Q(levert__isnull=True),
                name="paminnelse_ulevert_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} ({self.forfallsdato:%d.%m.%Y})"


class Skannestatus(models.Model):
    """The last complete run of one reminder rule: the day it ran for and when it started."""

    regel = models.CharField(max_length=30, choices=Paminnelsestype.choices, unique=True)
    dato = models.DateField()
    startet = models.DateTimeField()

    class Meta:
        db_table = "meldinger_skannestatus"
        verbose_name = _("skannestatus")
        verbose_name_plural = _("skannestatus")

    def __str__(self) -> str:
        return f"{self.regel}: {self.dato:%d.%m.%Y}"


class Hendelse(models.Model):
    """Something that happened to an object (`type`, `objekt_id`) that people are told about,
    made by the receivers in `varsler.hendelsesvarsler`. `utloper`: after this time the
    notifications are done by themselves (an invitation, once the meeting is over)."""

    type = models.CharField(_("type"), max_length=30, choices=Hendelsestype.choices)
    objekt_id = models.PositiveBigIntegerField(_("gjelder"))
    pasient = models.ForeignKey(
        Pasient, on_delete=models.CASCADE, related_name="+", verbose_name=_("pasient")
    )
    opprettet = models.DateTimeField(default=timezone.now, editable=False)
    lenke = models.CharField(max_length=200)
    utloper = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        indexes = [models.Index(fields=["type", "objekt_id"], name="hendelse_objekt_idx")]

    def __str__(self) -> str:
        return self.get_type_display()


class Varsel(models.Model):
    """A reminder or an event in one person's notification centre, and its e-mail. `ferdig`:
    the thing it is about is done (see `varsler.hendelsesvarsler`); reminders are never done."""

    class Epost(models.TextChoices):
        VENTER = "venter", _("Venter på sending")
        SENDT = "sendt", _("Sendt")
        IKKE_ONSKET = "ikke_onsket", _("Ikke ønsket")

    paminnelse = models.ForeignKey(
        Paminnelse, on_delete=models.CASCADE, related_name="varsler", null=True, blank=True
    )
    hendelse = models.ForeignKey(
        Hendelse, on_delete=models.CASCADE, related_name="varsler", null=True, blank=True
    )
    mottaker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="varsler"
    )
    opprettet = models.DateTimeField(default=timezone.now, editable=False)
    lest = models.DateTimeField(null=True, blank=True)
    epost = models.CharField(max_length=12, choices=Epost.choices, default=Epost.VENTER)
    epost_sendt = models.DateTimeField(null=True, blank=True)
    ferdig = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "meldinger_varsel"
        verbose_name = _("varsel")
        verbose_name_plural = _("varsler")
        ordering = ["-opprettet", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paminnelse", "mottaker"], name="varsel_en_per_mottaker"
            ),
            models.UniqueConstraint(
                fields=["hendelse", "mottaker"], name="varsel_en_per_hendelse_og_mottaker"
            ),
            models.CheckConstraint(
                condition=Q(paminnelse__isnull=True, hendelse__isnull=False)
                | Q(paminnelse__isnull=False, hendelse__isnull=True),
                name="varsel_paminnelse_eller_hendelse",
            ),
        ]
        indexes = [
            # The notification centre, newest first, one page at a time.
            models.Index(fields=["mottaker", "-opprettet", "-id"], name="varsel_mottaker_idx"),
            # The menu's unread count.
            models.Index(
                fields=["mottaker"], condition=Q(lest__isnull=True), name="varsel_ulest_idx"
            ),
            models.Index(
                fields=["opprettet"], condition=Q(epost="venter"), name="varsel_epost_idx"
            ),
        ]

    def __str__(self) -> str:
        return str(self.kilde)

    @property
    def kilde(self) -> Paminnelse | Hendelse:
        """What the notification is about: the reminder or the event (type, patient, link)."""
        return self.paminnelse or self.hendelse

    @property
    def er_ferdig(self) -> bool:
        utloper = self.hendelse.utloper if self.hendelse else None
        return self.ferdig is not None or (utloper is not None and utloper <= timezone.now())


class Varslingsvalg(models.Model):
    """A person's choice of e-mail per kind of notification. No row: `EPOST_UTEN_VALG`."""

    bruker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="varslingsvalg"
    )
    type = models.CharField(max_length=30, choices=VARSLINGSTYPER)
    epost = models.BooleanField(_("e-post"), default=True)

    history = HistoricalRecords(table_name="meldinger_historicalvarslingsvalg")

    class Meta:
        db_table = "meldinger_varslingsvalg"
        verbose_name = _("varslingsvalg")
        verbose_name_plural = _("varslingsvalg")
        constraints = [
            models.UniqueConstraint(fields=["bruker", "type"], name="varslingsvalg_en_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.bruker}: {self.get_type_display()}"
