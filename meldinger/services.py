"""Every state change for messages between units. Services check that the actor is one of the
message's parties (`PermissionDenied` otherwise), validate, run in one transaction, record the
acting user in history, and raise `ValidationError` with a Norwegian message when the change is
not allowed."""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles import hendelser
from felles.arbeidsdager import arbeidsdager_etter
from felles.jobber import etter_commit
from felles.services import lagre
from koordinering.arbeidsrolle import ansatt_for
from koordinering.models import Ansatt, Behovsmelding, Enhet, Pasient
from koordinering.services import (
    behov_meldt_kommunen,
    behovsmelding_fra_melding,
    tilknytning_opprett,
)
from meldinger import permissions
from meldinger.models import (
    BEHOV_FOR_MELDINGSTYPE,
    TYPEREGLER,
    Innbyggermelding,
    Innbyggertraad,
    Melding,
    Meldingstype,
    Vedlegg,
    Videresending,
)

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
    permissions.sjekk_kan_skrive_om(user=actor, pasient=pasient)
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
    if type == Meldingstype.BEHOV_IP_KOORDINATOR:
        behov_meldt_kommunen(actor=actor, pasient=pasient)
    _lever_etter_commit(melding)
    return melding


def _lever_etter_commit(melding: Melding) -> None:
    etter_commit("meldinger.tasks.melding_lever", melding.pk)


@transaction.atomic
def melding_lever(*, melding_id: int) -> bool:
    """The message has reached the receiving unit's inbox (the transport's receipt). Idempotent."""
    melding = Melding.objects.select_for_update().filter(pk=melding_id).first()
    if melding is None or melding.status != Melding.Status.SENDT:
        return False
    melding.status = Melding.Status.LEVERT
    melding.levert = timezone.now()
    melding.save(update_fields=["status", "levert"])
    hendelser.melding_mottatt.send(sender=Melding, instance=melding, actor=None)
    return True


@transaction.atomic
def melding_les(*, actor: AbstractBaseUser, melding: Melding) -> bool:
    """Opening a message: the first reader on the receiving side is the read receipt the
    sender sees; a unit the thread was forwarded to gets its own receipt. True when the
    message itself changed (it was read now)."""
    permissions.sjekk_kan_behandle(user=actor, melding=melding)
    naa = timezone.now()
    lest_naa = False
    if permissions.er_mottaker(user=actor, melding=melding) and melding.er_ulest:
        laast = Melding.objects.select_for_update().get(pk=melding.pk)
        if laast.er_ulest:
            laast.levert = laast.levert or naa
            laast.lest, laast.lest_av = naa, ansatt_for(actor)
            laast.status = Melding.Status.LEST
            lagre(laast, actor=actor)
            hendelser.melding_lest.send(sender=Melding, instance=laast, actor=actor)
            lest_naa = True
    for videresending in permissions.videresendt_til_meg(user=actor, melding=melding).filter(
        lest__isnull=True
    ):
        videresending.lest, videresending.lest_av = naa, ansatt_for(actor)
        lagre(videresending, actor=actor)
        hendelser.melding_lest.send(sender=Melding, instance=videresending.traad, actor=actor)
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
    permissions.sjekk_kan_behandle(user=actor, melding=melding)
    ansatt = ansatt_for(actor)
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
    permissions.sjekk_kan_behandle(user=actor, melding=melding)
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
    permissions.sjekk_kan_behandle(user=actor, melding=melding)
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
    videresending = lagre(
        Videresending(traad=traad, til_enhet=til_enhet, av=ansatt_for(actor), kommentar=kommentar),
        actor=actor,
    )
    _behov_fra_melding(actor, traad, til_enhet)
    hendelser.melding_videresendt.send(sender=Videresending, instance=videresending, actor=actor)
    return videresending


@transaction.atomic
def melding_ta_imot(*, actor: AbstractBaseUser, melding: Melding, enhet: Enhet):
    """The receiving side takes the patient in: a unit of its own organisation starts following
    the patient (a `Tilknytning`), which gives that unit and its KE ordinary access."""
    permissions.sjekk_kan_behandle(user=actor, melding=melding)
    if not permissions.paa_mottakersiden(user=actor, melding=melding):
        raise ValidationError(_("Bare mottakeren kan ta imot pasienten."))
    if enhet.organisasjon_id != melding.mottaker_organisasjon_id:
        raise ValidationError({"enhet": _("Velg en enhet i din egen organisasjon.")})
    traad = Melding.objects.select_for_update().get(pk=melding.traad_id_eller_egen)
    tilknytning = tilknytning_opprett(
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
    traad.tatt_imot, traad.tatt_imot_enhet = timezone.now(), enhet
    lagre(traad, actor=actor)
    _behov_fra_melding(actor, traad, enhet)
    return tilknytning


def _behov_fra_melding(actor, traad: Melding, enhet: Enhet) -> None:
    """A need-reporting message becomes a need in `enhet`'s leader queue, once per thread, with
    the sender's text (the decision is answered in the thread: `behov_besvar`)."""
    if traad.type not in BEHOV_FOR_MELDINGSTYPE:
        return
    traad = Melding.objects.select_for_update().get(pk=traad.pk)
    if traad.behovsmelding_id is not None:
        return
    behov, kriterier = BEHOV_FOR_MELDINGSTYPE[traad.type]
    traad.behovsmelding = behovsmelding_fra_melding(
        actor=actor,
        pasient=traad.pasient,
        enhet=enhet,
        behov=behov,
        begrunnelse=traad.tekst[:2000],
        **kriterier,
    )
    lagre(traad, actor=actor)


# --- answers to the decisions of needs that came as messages ---------------------------------


def _beslutningstekst(behov: Behovsmelding) -> str:
    status = Behovsmelding.Status
    if behov.status == status.OPPNEVNT:
        oppnevning = behov.oppnevning
        return _("Oppnevnt: %(navn)s som %(rolle)s.") % {
            "navn": oppnevning.ansatt,
            "rolle": oppnevning.get_rolle_display().lower(),
        }
    if behov.status == status.AVSLATT:
        tekst = _("Ikke oppnevnt: %(grunn)s.") % {"grunn": behov.get_avslagsgrunn_display()}
        return f"{tekst} {behov.avslag_kommentar}".strip()
    if behov.status == status.DEKKET:
        return _("Dekkes av eksisterende koordinator/plan.")
    if behov.status == status.PLAN_OPPRETTES:
        return _("Individuell plan opprettes.")
    if behov.status == status.MELDT_KOMMUNEN:
        return _("Melding om behov for individuell plan og koordinator er sendt til kommunen.")
    return _("Pasienten er informert om retten til individuell plan og koordinator.")


def behov_besvar(*, sender, instance: Behovsmelding, actor: AbstractBaseUser, **kwargs) -> None:
    """Receiver of `felles.hendelser.behov_besluttet`: every thread that became this need gets
    the decision as a reply from the deciding unit to the sender, and is closed. Once per
    thread and need: the reply's submission id is derived from both."""
    ansatt = ansatt_for(actor)
    for traad in Melding.objects.filter(behovsmelding=instance).select_related("avsender_enhet"):
        innsending_id = uuid.uuid5(uuid.NAMESPACE_URL, f"behov/{instance.pk}/melding/{traad.pk}")
        if Melding.objects.filter(innsending_id=innsending_id).exists():
            continue
        fra = (
            instance.enhet if instance.enhet_id != traad.avsender_enhet_id else traad.mottaker_enhet
        )
        svar = lagre(
            Melding(
                type=traad.type,
                pasient_id=traad.pasient_id,
                avsender=ansatt,
                avsender_enhet=fra,
                mottaker_enhet=traad.avsender_enhet,
                mottaker_ansatt=traad.avsender,
                emne=f"Sv: {traad.emne}"[:200],
                tekst=_beslutningstekst(instance),
                prioritet=traad.prioritet,
                svar_paa=traad,
                traad_id=traad.pk,
                innsending_id=innsending_id,
            ),
            actor=actor,
        )
        _avslutt(actor, traad, Melding.Status.BESVART)
        _lever_etter_commit(svar)


# --- messages with the citizen (Min plan) --------------------------------------------------------
#
# The citizen is not a Django user: Min plan passes its technical user as `actor` (the history
# user) and the citizen's own name. Min plan decides whom the citizen may write to (the
# koordinator, the kontaktlege, the staff members of the responsibility group) and which
# patient they act for; these services keep the rest: the text, one message per submission,
# the receipts, and that only the staff member a thread is with answers it.

MAKS_INNBYGGERTEKST = 4000


def _innbyggertekst(tekst: str) -> str:
    tekst = (tekst or "").strip()
    if not tekst:
        raise ValidationError({"tekst": _("Skriv en melding.")})
    if len(tekst) > MAKS_INNBYGGERTEKST:
        raise ValidationError(
            {"tekst": _("Meldingen kan være høyst %(n)s tegn lang.") % {"n": MAKS_INNBYGGERTEKST}}
        )
    return tekst


def _tidligere(innsending_id: uuid.UUID | None) -> Innbyggermelding | None:
    if innsending_id is None:
        return None
    return (
        Innbyggermelding.objects.select_related("traad").filter(innsending_id=innsending_id).first()
    )


def _ny_innbyggermelding(traad: Innbyggertraad, *, actor, **felter) -> Innbyggermelding:
    melding = lagre(Innbyggermelding(traad=traad, **felter), actor=actor)
    traad.sist = melding.sendt
    traad._history_user = actor
    traad.save(update_fields=["sist"])
    return melding


@transaction.atomic
def innbyggertraad_start(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    ansatt: Ansatt,
    innbygger_navn: str,
    emne: str,
    tekst: str,
    innsending_id: uuid.UUID | None = None,
) -> Innbyggertraad:
    """The citizen writes a new message to `ansatt` about `pasient`. The same submission again
    returns the thread already started."""
    tidligere = _tidligere(innsending_id)
    if tidligere is not None:
        return tidligere.traad
    emne = (emne or "").strip()
    if not emne:
        raise ValidationError({"emne": _("Skriv hva meldingen gjelder.")})
    tekst = _innbyggertekst(tekst)
    traad = lagre(Innbyggertraad(pasient=pasient, ansatt=ansatt, emne=emne[:120]), actor=actor)
    _ny_innbyggermelding(
        traad,
        actor=actor,
        fra_innbygger=True,
        avsender_navn=innbygger_navn,
        tekst=tekst,
        innsending_id=innsending_id,
    )
    return traad


@transaction.atomic
def innbyggermelding_skriv(
    *,
    actor: AbstractBaseUser,
    traad: Innbyggertraad,
    innbygger_navn: str,
    tekst: str,
    innsending_id: uuid.UUID | None = None,
) -> Innbyggermelding:
    """The citizen writes again in a thread of the patient they act for."""
    tidligere = _tidligere(innsending_id)
    if tidligere is not None:
        return tidligere
    return _ny_innbyggermelding(
        traad,
        actor=actor,
        fra_innbygger=True,
        avsender_navn=innbygger_navn,
        tekst=_innbyggertekst(tekst),
        innsending_id=innsending_id,
    )


@transaction.atomic
def innbyggermelding_svar(
    *,
    actor: AbstractBaseUser,
    traad: Innbyggertraad,
    tekst: str,
    innsending_id: uuid.UUID | None = None,
) -> Innbyggermelding:
    """The staff member the thread is with answers. The citizen is told there is a new message
    (`hendelser.innbyggermelding_sendt`: Min plan sends a notification without content)."""
    if not Innbyggertraad.objects.visible_to(actor).filter(pk=traad.pk).exists():
        raise PermissionDenied
    tidligere = _tidligere(innsending_id)
    if tidligere is not None:
        return tidligere
    ansatt = ansatt_for(actor)
    melding = _ny_innbyggermelding(
        traad,
        actor=actor,
        fra_innbygger=False,
        avsender_ansatt=ansatt,
        avsender_navn=str(ansatt),
        tekst=_innbyggertekst(tekst),
        innsending_id=innsending_id,
    )
    hendelser.innbyggermelding_sendt.send(sender=Innbyggermelding, instance=melding, actor=actor)
    return melding


def _les(traad: Innbyggertraad, *, fra_innbygger: bool, leser: str) -> int:
    """Receipts for the other side's unread messages in the thread (each saved, so the
    history has them). The number marked read."""
    uleste = list(
        Innbyggermelding.objects.select_for_update().filter(
            traad=traad, fra_innbygger=fra_innbygger, lest__isnull=True
        )
    )
    naa = timezone.now()
    for melding in uleste:
        melding.lest, melding.lest_av_navn = naa, leser
        melding.save(update_fields=["lest", "lest_av_navn"])
    return len(uleste)


@transaction.atomic
def innbyggertraad_les_ansatt(*, actor: AbstractBaseUser, traad: Innbyggertraad) -> int:
    """The staff member opened the thread: the citizen's messages are read («Lest av …»)."""
    if not Innbyggertraad.objects.visible_to(actor).filter(pk=traad.pk).exists():
        raise PermissionDenied
    return _les(traad, fra_innbygger=True, leser=str(ansatt_for(actor)))


@transaction.atomic
def innbyggertraad_les_innbygger(*, traad: Innbyggertraad, innbygger_navn: str) -> int:
    """The citizen opened the thread: the staff's messages are read."""
    return _les(traad, fra_innbygger=False, leser=innbygger_navn)
