"""Every state change for messages, reminders and notifications. Services validate, run in one
transaction, record the acting user in history, and raise `ValidationError` with a Norwegian
message when the change is not allowed."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import PurePath

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.arbeidsdager import arbeidsdager_etter
from felles.services import lagre
from koordinering.models import Enhet, Pasient
from koordinering.services import ansatt_for
from meldinger import permissions
from meldinger.models import (
    TYPEREGLER,
    Melding,
    Meldingstype,
    Paminnelse,
    Paminnelsestype,
    Skannestatus,
    Varsel,
    Varslingsvalg,
    Vedlegg,
    Videresending,
)
from meldinger.paminnelser import REGEL_FOR_TYPE, REGLER, Regel

# --- attachments ---------------------------------------------------------------------------------

MAKS_VEDLEGG = 5
MAKS_VEDLEGG_MB = 10
FILTYPER = {
    # content type: (file name endings, the first bytes of such a file)
    "application/pdf": ((".pdf",), (b"%PDF-",)),
    "image/png": ((".png",), (b"\x89PNG\r\n\x1a\n",)),
    "image/jpeg": ((".jpg", ".jpeg"), (b"\xff\xd8\xff",)),
}


@dataclass(frozen=True)
class KontrollertVedlegg:
    fil: UploadedFile
    filnavn: str
    innholdstype: str
    storrelse: int


def vedlegg_kontroller(filer: Sequence[UploadedFile]) -> list[KontrollertVedlegg]:
    """Refuse the whole message if one file is too large, empty, or not really a PDF, PNG or
    JPEG (the first bytes decide, not the name or the browser's word)."""
    if len(filer) > MAKS_VEDLEGG:
        raise ValidationError(
            {"vedlegg": _("Du kan legge ved høyst %(antall)s filer.") % {"antall": MAKS_VEDLEGG}}
        )
    kontrollert = []
    for fil in filer:
        navn = PurePath(fil.name or "vedlegg").name[:255]
        if fil.size > MAKS_VEDLEGG_MB * 1024 * 1024:
            raise ValidationError(
                {
                    "vedlegg": _("«%(navn)s» er større enn %(mb)s MB.")
                    % {"navn": navn, "mb": MAKS_VEDLEGG_MB}
                }
            )
        if fil.size == 0:
            raise ValidationError({"vedlegg": _("«%(navn)s» er tom.") % {"navn": navn}})
        fil.seek(0)
        start = fil.read(16)
        fil.seek(0)
        innholdstype = next(
            (
                type_
                for type_, (endelser, signaturer) in FILTYPER.items()
                if navn.lower().endswith(endelser) and start.startswith(signaturer)
            ),
            None,
        )
        if innholdstype is None:
            raise ValidationError(
                {
                    "vedlegg": _(
                        "«%(navn)s» kan ikke legges ved: bare PDF og bilder (PNG, JPEG) er tillatt."
                    )
                    % {"navn": navn}
                }
            )
        kontrollert.append(KontrollertVedlegg(fil, navn, innholdstype, fil.size))
    return kontrollert


def _lagre_vedlegg(melding: Melding, vedlegg: list[KontrollertVedlegg], actor) -> None:
    for v in vedlegg:
        rad = Vedlegg(
            melding=melding, filnavn=v.filnavn, innholdstype=v.innholdstype, storrelse=v.storrelse
        )
        rad.fil.save(v.filnavn, v.fil, save=False)
        rad._history_user = actor
        rad.save()


# --- sending -------------------------------------------------------------------------------------


def standard_svarfrist(type_: str, fra: date | None = None) -> date | None:
    dager = TYPEREGLER[type_].svarfrist_arbeidsdager
    return None if dager is None else arbeidsdager_etter(fra or timezone.localdate(), dager)


def _sjekk_typeregel(type_: str, avsender_enhet: Enhet, mottaker_enhet: Enhet) -> None:
    regel = TYPEREGLER[type_]
    navn = Meldingstype(type_).label
    fra, til = avsender_enhet.organisasjon, mottaker_enhet.organisasjon
    if not regel.kan_sendes_internt and fra.pk == til.pk:
        raise ValidationError(
            {
                "mottaker_enhet": _(
                    "«%(type)s» sendes til en enhet i en annen organisasjon, ikke internt."
                )
                % {"type": navn}
            }
        )
    if regel.til_koordinerende_enhet and not mottaker_enhet.er_koordinerende_enhet:
        raise ValidationError(
            {
                "mottaker_enhet": _(
                    "«%(type)s» sendes til koordinerende enhet i den andre organisasjonen."
                )
                % {"type": navn}
            }
        )
    if regel.fra_sykehus_til_kommune and not (fra.er_sykehus and til.er_kommune):
        raise ValidationError(
            {"type": _("«%(type)s» sendes fra sykehus til kommune.") % {"type": navn}}
        )


def _avsenders_enhet(actor, avsender_enhet: Enhet) -> None:
    if not avsender_enhet.medlemskap.filter(ansatt__bruker=actor).exists():
        raise ValidationError({"avsender_enhet": _("Du kan bare sende fra en enhet du er med i.")})


@transaction.atomic
def melding_send(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    type: str,
    avsender_enhet: Enhet,
    mottaker_enhet: Enhet,
    emne: str,
    tekst: str,
    prioritet: str = Melding.Prioritet.NORMAL,
    svarfrist: date | None = None,
    vedlegg: Sequence[UploadedFile] = (),
    innsending_id: uuid.UUID | None = None,
) -> Melding:
    """Send a new message about a patient the sender may see. A second submit of the same
    form (same `innsending_id`) returns the message already sent."""
    ansatt = ansatt_for(actor)
    if innsending_id is not None:
        sendt = Melding.objects.filter(innsending_id=innsending_id, avsender=ansatt).first()
        if sendt is not None:
            return sendt
    if type not in Meldingstype.values:
        raise ValidationError({"type": _("Ukjent meldingstype.")})
    _avsenders_enhet(actor, avsender_enhet)
    if avsender_enhet.pk == mottaker_enhet.pk:
        raise ValidationError({"mottaker_enhet": _("Velg en annen enhet enn den du sender fra.")})
    _sjekk_typeregel(type, avsender_enhet, mottaker_enhet)
    if svarfrist is None:
        svarfrist = standard_svarfrist(type)
    elif svarfrist < timezone.localdate():
        raise ValidationError({"svarfrist": _("Svarfristen kan ikke være før i dag.")})
    kontrollert = vedlegg_kontroller(vedlegg)
    melding = lagre(
        Melding(
            type=type,
            pasient=pasient,
            avsender=ansatt,
            avsender_enhet=avsender_enhet,
            mottaker_enhet=mottaker_enhet,
            emne=emne.strip(),
            tekst=tekst.strip(),
            prioritet=prioritet,
            svarfrist=svarfrist,
            innsending_id=innsending_id,
        ),
        actor=actor,
    )
    _lagre_vedlegg(melding, kontrollert, actor)
    _lever_etter_commit(melding)
    return melding


def _lever_etter_commit(melding: Melding) -> None:
    from meldinger.tasks import melding_lever

    melding_id = melding.pk
    transaction.on_commit(lambda: melding_lever.delay(melding_id))


@transaction.atomic
def melding_lever(*, melding_id: int) -> bool:
    """The message has reached the receiving unit's inbox (the transport's receipt). Idempotent."""
    melding = Melding.objects.select_for_update().filter(pk=melding_id).first()
    if melding is None or melding.status != Melding.Status.SENDT:
        return False
    melding.status = Melding.Status.LEVERT
    melding.levert = timezone.now()
    melding.save(update_fields=["status", "levert"])
    return True


@transaction.atomic
def melding_les(*, actor: AbstractBaseUser, melding: Melding) -> bool:
    """Opening a message: the first reader on the receiving side is the read receipt the
    sender sees; a unit the thread was forwarded to gets its own receipt. True when the
    message itself changed (it was read now)."""
    naa = timezone.now()
    lest_naa = False
    if permissions.er_mottaker(user=actor, melding=melding) and melding.er_ulest:
        laast = Melding.objects.select_for_update().get(pk=melding.pk)
        if laast.er_ulest:
            laast.levert = laast.levert or naa
            laast.lest, laast.lest_av = naa, ansatt_for(actor)
            laast.status = Melding.Status.LEST
            lagre(laast, actor=actor)
            lest_naa = True
    for videresending in permissions.videresendt_til_meg(user=actor, melding=melding).filter(
        lest__isnull=True
    ):
        videresending.lest, videresending.lest_av = naa, ansatt_for(actor)
        lagre(videresending, actor=actor)
    return lest_naa


def _svarenhet(actor, mot_organisasjon_id: int, foretrukket: Enhet | None) -> Enhet:
    """The unit a reply is sent from: the one the message concerned if the person is in it,
    otherwise the person's first unit in that organisation."""
    enheter = Enhet.objects.filter(
        medlemskap__ansatt__bruker=actor, organisasjon_id=mot_organisasjon_id
    ).order_by("navn")
    if foretrukket is not None and enheter.filter(pk=foretrukket.pk).exists():
        return foretrukket
    enhet = enheter.first()
    if enhet is None:
        raise ValidationError(_("Du er ikke med i noen enhet som kan svare på meldingen."))
    return enhet


@transaction.atomic
def melding_svar(
    *,
    actor: AbstractBaseUser,
    melding: Melding,
    tekst: str,
    vedlegg: Sequence[UploadedFile] = (),
    innsending_id: uuid.UUID | None = None,
) -> Melding:
    """A reply in the thread. From the receiving side it goes back to the sender (unit and
    person) and marks the message answered; from the sending side it is a follow-up to the
    receiving unit."""
    ansatt = ansatt_for(actor)
    if not Melding.objects.visible_to(actor).filter(pk=melding.pk).exists():
        raise ValidationError(_("Du kan bare svare på meldinger du har tilgang til."))
    if innsending_id is not None:
        sendt = Melding.objects.filter(innsending_id=innsending_id, avsender=ansatt).first()
        if sendt is not None:
            return sendt
    fra_mottaker = permissions.paa_mottakersiden(user=actor, melding=melding)
    if fra_mottaker:
        fra = _svarenhet(actor, melding.mottaker_organisasjon_id, melding.mottaker_enhet)
        til, til_person = melding.avsender_enhet, melding.avsender
    else:
        fra = _svarenhet(actor, melding.avsender_organisasjon_id, melding.avsender_enhet)
        til, til_person = melding.mottaker_enhet, melding.mottaker_ansatt
    if fra.pk == til.pk:
        raise ValidationError(_("Svaret ville gått til din egen enhet. Skriv et notat i stedet."))
    kontrollert = vedlegg_kontroller(vedlegg)
    svar = lagre(
        Melding(
            type=melding.type,
            pasient_id=melding.pasient_id,
            avsender=ansatt,
            avsender_enhet=fra,
            mottaker_enhet=til,
            mottaker_ansatt=til_person,
            emne=melding.emne if melding.emne.startswith("Sv: ") else f"Sv: {melding.emne}"[:200],
            tekst=tekst.strip(),
            prioritet=melding.prioritet,
            svar_paa=melding,
            traad_id=melding.traad_id_eller_egen,
            innsending_id=innsending_id,
        ),
        actor=actor,
    )
    _lagre_vedlegg(svar, kontrollert, actor)
    if fra_mottaker:
        _avslutt(actor, melding, Melding.Status.BESVART)
    _lever_etter_commit(svar)
    return svar


def _avslutt(actor, melding: Melding, status: str, merknad: str = "") -> Melding:
    melding = Melding.objects.select_for_update().get(pk=melding.pk)
    if melding.status not in Melding.VENTER_PAA_SVAR:
        return melding
    naa = timezone.now()
    melding.levert = melding.levert or naa
    if melding.lest is None:
        melding.lest, melding.lest_av = naa, ansatt_for(actor)
    melding.status = status
    melding.avsluttet, melding.avsluttet_av = naa, ansatt_for(actor)
    melding.behandlet_merknad = merknad.strip()
    return lagre(melding, actor=actor)


@transaction.atomic
def melding_behandlet(*, actor: AbstractBaseUser, melding: Melding, merknad: str = "") -> Melding:
    """The receiving side has dealt with the message without a written answer."""
    if not permissions.paa_mottakersiden(user=actor, melding=melding):
        raise ValidationError(_("Bare mottakeren kan merke meldingen som behandlet."))
    if melding.status not in Melding.VENTER_PAA_SVAR:
        raise ValidationError(_("Meldingen er allerede besvart eller behandlet."))
    return _avslutt(actor, melding, Melding.Status.BEHANDLET, merknad)


@transaction.atomic
def melding_videresend(
    *, actor: AbstractBaseUser, melding: Melding, til_enhet: Enhet, kommentar: str = ""
) -> Videresending:
    """The receiving KE passes the thread on to a unit of its own organisation."""
    if not permissions.kan_videresende(user=actor, melding=melding):
        raise ValidationError(_("Bare koordinerende enhet hos mottakeren kan videresende."))
    if til_enhet.organisasjon_id != melding.mottaker_organisasjon_id:
        raise ValidationError(
            {"til_enhet": _("Meldingen kan bare videresendes innen din egen organisasjon.")}
        )
    traad = melding.traad or melding
    if til_enhet.pk in (traad.mottaker_enhet_id, traad.avsender_enhet_id):
        raise ValidationError({"til_enhet": _("Enheten har allerede meldingen.")})
    if Videresending.objects.filter(traad=traad, til_enhet=til_enhet).exists():
        raise ValidationError({"til_enhet": _("Meldingen er allerede videresendt hit.")})
    return lagre(
        Videresending(traad=traad, til_enhet=til_enhet, av=ansatt_for(actor), kommentar=kommentar),
        actor=actor,
    )


# --- reminders ---------------------------------------------------------------------------------


def paminnelser_for_regel(regel: Regel, idag: date) -> int:
    """Create the reminders one rule finds due today: one query for what is due and has no
    reminder for this deadline yet, one insert. Running it again creates nothing."""
    har_paminnelse = Paminnelse.objects.filter(
        type=regel.type, objekt_id=OuterRef("pk"), forfallsdato=OuterRef("forfall")
    )
    rader = (
        regel.kandidater(idag)
        .annotate(forfall=regel.forfall)
        .exclude(Exists(har_paminnelse))
        .order_by()
        .values_list("pk", "forfall", regel.pasient)
    )
    nye = [
        Paminnelse(type=regel.type, objekt_id=pk, forfallsdato=forfall, pasient_id=pasient_id)
        for pk, forfall, pasient_id in rader
    ]
    # A scan running at the same moment may have made some: the unique constraint decides.
    Paminnelse.objects.bulk_create(nye, batch_size=1000, ignore_conflicts=True)
    return len(nye)


# Longer than any transaction can run (task time limits are at most 3 minutes), so a change
# saved before a scan started but committed after it is still seen by the next scan.
ENDRINGSMARGIN = timedelta(minutes=10)


def _endret_siden(modell, tidspunkt) -> bool:
    return modell.history.filter(history_date__gte=tidspunkt).exists()


def paminnelser_skann(*, idag: date | None = None, alle: bool = False) -> dict[str, int]:
    """Run every rule that may have something new: all of them on a new day, otherwise those
    whose tables changed since their last run. `alle` runs every rule (after bulk loads that
    write no history)."""
    idag = idag or timezone.localdate()
    status = {s.regel: s for s in Skannestatus.objects.all()}
    resultat = {}
    for regel in REGLER:
        forrige = status.get(regel.type)
        if not alle and forrige is not None and forrige.dato == idag:
            siden = forrige.startet - ENDRINGSMARGIN
            if not any(_endret_siden(modell, siden) for modell in regel.tabeller):
                resultat[regel.type] = 0
                continue
        startet = timezone.now()
        with transaction.atomic():
            resultat[regel.type] = paminnelser_for_regel(regel, idag)
            Skannestatus.objects.update_or_create(
                regel=regel.type, defaults={"dato": idag, "startet": startet}
            )
    return resultat


def _lever_paminnelse(paminnelse: Paminnelse) -> int:
    regel = REGEL_FOR_TYPE[paminnelse.type]
    obj = (
        regel.modell.objects.select_related(*regel.select_related)
        .filter(pk=paminnelse.objekt_id)
        .first()
    )
    mottaker_ider = regel.mottakere(obj) if obj is not None else set()
    uten_epost = set(
        Varslingsvalg.objects.filter(
            bruker_id__in=mottaker_ider, type=paminnelse.type, epost=False
        ).values_list("bruker_id", flat=True)
    )
    brukere = get_user_model().objects.filter(pk__in=mottaker_ider, is_active=True)
    Varsel.objects.bulk_create(
        [
            Varsel(
                paminnelse=paminnelse,
                mottaker_id=bruker_id,
                epost=(
                    Varsel.Epost.VENTER
                    if epost and bruker_id not in uten_epost
                    else Varsel.Epost.IKKE_ONSKET
                ),
            )
            for bruker_id, epost in brukere.values_list("pk", "email")
        ],
        ignore_conflicts=True,
    )
    paminnelse.lenke = regel.lenke(obj) if obj is not None else ""
    paminnelse.levert = timezone.now()
    paminnelse.save(update_fields=["lenke", "levert"])
    return len(mottaker_ider)


def paminnelser_lever(*, antall: int = 100) -> int:
    """Deliver up to `antall` reminders as notifications, in one transaction. Rows are taken
    with SKIP LOCKED: workers side by side never take the same reminder, and a worker killed
    in the middle rolls back, so the next run delivers those reminders once."""
    with transaction.atomic():
        paminnelser = list(
            Paminnelse.objects.select_for_update(skip_locked=True)
            .filter(levert__isnull=True)
            .order_by("opprettet", "id")[:antall]
        )
        for paminnelse in paminnelser:
            _lever_paminnelse(paminnelse)
    return len(paminnelser)


def varsel_epost_send_neste() -> bool:
    """Send the next waiting e-mail and mark it sent in the same transaction. The e-mail names
    no patient (e-mail is not a safe channel for health data); it points to the notification
    centre. Returns False when nothing waits."""
    with transaction.atomic():
        varsel = (
            Varsel.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("paminnelse", "mottaker")
            .filter(epost=Varsel.Epost.VENTER)
            .order_by("opprettet", "id")
            .first()
        )
        if varsel is None:
            return False
        p = varsel.paminnelse
        EmailMessage(
            subject=_("Påminnelse: %(type)s") % {"type": p.get_type_display()},
            body=_(
                "Du har en ny påminnelse i Koordinering:\n\n%(type)s, frist %(frist)s.\n\n"
                "Av personvernhensyn står det ikke i e-posten hvem det gjelder. Logg inn for å "
                "se påminnelsen: %(url)s\n\nDu kan slå av e-post for denne typen påminnelser "
                "under Varsler → Innstillinger."
            )
            % {
                "type": p.get_type_display(),
                "frist": f"{p.forfallsdato:%d.%m.%Y}",
                "url": settings.SITE_URL.rstrip("/") + reverse("meldinger:varsel-liste"),
            },
            to=[varsel.mottaker.email],
            # Lets the mail log be matched with the notification, without naming anyone.
            headers={"X-Koordinering-Varsel": str(varsel.pk)},
        ).send()
        varsel.epost, varsel.epost_sendt = Varsel.Epost.SENDT, timezone.now()
        varsel.save(update_fields=["epost", "epost_sendt"])
    return True


# --- the notification centre -------------------------------------------------------------------


def varsel_les(*, actor: AbstractBaseUser, varsel: Varsel) -> Varsel:
    if varsel.mottaker_id != actor.pk:
        raise ValidationError(_("Varselet er ikke ditt."))
    if varsel.lest is None:
        varsel.lest = timezone.now()
        varsel.save(update_fields=["lest"])
    return varsel


def varsler_les_alle(*, actor: AbstractBaseUser) -> int:
    uleste = list(Varsel.objects.filter(mottaker=actor, lest__isnull=True))
    naa = timezone.now()
    for varsel in uleste:
        varsel.lest = naa
    Varsel.objects.bulk_update(uleste, ["lest"])
    return len(uleste)


@transaction.atomic
def varslingsvalg_lagre(*, actor: AbstractBaseUser, epost_for: set[str]) -> None:
    """E-mail on for the kinds in `epost_for`, off for the others."""
    for type_ in Paminnelsestype.values:
        valg, _opprettet = Varslingsvalg.objects.get_or_create(bruker=actor, type=type_)
        onsket = type_ in epost_for
        if valg.epost != onsket:
            valg.epost = onsket
            lagre(valg, actor=actor)


@transaction.atomic
def melding_ta_imot(*, actor: AbstractBaseUser, melding: Melding, enhet: Enhet):
    """The receiving side takes the patient in: a unit of its own organisation starts following
    the patient (a `Tilknytning`), which gives that unit and its KE ordinary access."""
    from koordinering.services import tilknytning_opprett

    if not permissions.paa_mottakersiden(user=actor, melding=melding):
        raise ValidationError(_("Bare mottakeren kan ta imot pasienten."))
    if enhet.organisasjon_id != melding.mottaker_organisasjon_id:
        raise ValidationError({"enhet": _("Velg en enhet i din egen organisasjon.")})
    return tilknytning_opprett(
        actor=actor,
        pasient=melding.pasient,
        enhet=enhet,
        fra=timezone.localdate(),
        til=None,
        begrunnelse=_("%(type)s fra %(enhet)s, %(org)s")
        % {
            "type": melding.get_type_display(),
            "enhet": melding.avsender_enhet.navn,
            "org": melding.avsender_enhet.organisasjon.navn,
        },
    )
