"""Every state change of the ansvarsgruppe: groups, members, meetings, minutes, action items.

Each service runs in one transaction, checks that the actor may make the change
(`PermissionDenied`), validates with `full_clean()` and records the actor in history. Work
after commit (the notice by e-mail, the minutes as PDF and e-mail) is queued by task name
(`felles.jobber`); the tasks call `ansvarsgruppe.utsending`."""

import hashlib
import re
import secrets
import uuid
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvarsgruppe.models import (
    Ansvarsgruppe,
    Gruppemedlem,
    Kalenderabonnement,
    Mote,
    Motesvar,
    Oppgave,
    Referat,
    Sakspunkt,
    Sakspunktnotat,
)
from ansvarsgruppe.permissions import kan_redigere, sjekk_kan_redigere
from ansvarsgruppe.selectors import mine_aapne_oppgaver, referat_mangler
from felles import hendelser
from felles.innsending import en_gang, sendt_foer
from felles.jobber import etter_commit
from felles.services import lagre, sett_felter
from individuellplan.models import IndividuellPlan
from individuellplan.services import evaluering_registrer
from koordinering.arbeidsrolle import ansatt_for
from koordinering.models import Enhet, Oppnevning, Pasient, Rolle, Samtykke, Tilknytning
from koordinering.permissions import sjekk_kan_redigere_pasient
from meldinger.models import Meldingstype
from meldinger.services import melding_send, standard_svarfrist


def _sjekk_medlem(gruppe: Ansvarsgruppe, medlem: Gruppemedlem | None) -> None:
    if medlem is None or medlem.gruppe_id != gruppe.pk:
        raise ValidationError(
            {"ansvarlig": _("Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen.")}
        )


@transaction.atomic
def ansvarsgruppe_opprett(*, actor: AbstractBaseUser, pasient: Pasient) -> Ansvarsgruppe:
    """The group is led by the koordinator by default; without one, the creator writes the
    minutes. The koordinator and the patient are members from the start."""
    sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    ansatt = ansatt_for(actor)
    koordinator = (
        Oppnevning.objects.aktive()
        .filter(pasient=pasient, organisasjon_id=ansatt.organisasjon_id, rolle=Rolle.KOORDINATOR)
        .select_related("ansatt")
        .first()
    )
    leder = koordinator.ansatt if koordinator else None
    gruppe = lagre(
        Ansvarsgruppe(
            pasient=pasient,
            organisasjon_id=ansatt.organisasjon_id,
            leder=leder,
            referent=None if leder else ansatt,
            opprettet_av=ansatt,
        ),
        actor=actor,
    )
    for medlem in {leder or ansatt, ansatt}:
        lagre(
            Gruppemedlem(
                gruppe=gruppe,
                type=Gruppemedlem.Type.ANSATT,
                ansatt=medlem,
                rolle=_("Koordinator") if medlem == leder else "",
            ),
            actor=actor,
        )
    lagre(Gruppemedlem(gruppe=gruppe, type=Gruppemedlem.Type.PASIENT), actor=actor)
    return gruppe


def _lagre_medlem(actor, medlem: Gruppemedlem) -> Gruppemedlem:
    gruppe = medlem.gruppe
    if medlem.parorende_id and medlem.parorende.pasient_id != gruppe.pasient_id:
        raise ValidationError({"parorende": _("Velg en av pasientens pårørende.")})
    andre_aktive = gruppe.medlemmer.filter(ansatt_id=medlem.ansatt_id, til=None).exclude(
        pk=medlem.pk
    )
    if medlem.ansatt_id and medlem.til is None and andre_aktive.exists():
        raise ValidationError({"ansatt": _("Personen er allerede medlem av gruppen.")})
    return lagre(medlem, actor=actor)


MEDLEMSFELTER = [
    "type",
    "ansatt",
    "parorende",
    "navn",
    "organisasjon",
    "rolle",
    "epost",
    "fra",
    "til",
]


@transaction.atomic
def medlem_legg_til(
    *,
    actor: AbstractBaseUser,
    gruppe: Ansvarsgruppe,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Gruppemedlem:
    sjekk_kan_redigere(user=actor, gruppe=gruppe)
    medlem = sett_felter(Gruppemedlem(gruppe=gruppe), felter=MEDLEMSFELTER, data=felter)
    return en_gang(innsending_id, actor=actor, lag=lambda: _lagre_medlem(actor, medlem))


@transaction.atomic
def medlem_endre(*, actor: AbstractBaseUser, medlem: Gruppemedlem, **felter) -> Gruppemedlem:
    """Change a member, for example end the membership with a `til` date; history keeps it."""
    sjekk_kan_redigere(user=actor, gruppe=medlem.gruppe)
    return _lagre_medlem(actor, sett_felter(medlem, felter=MEDLEMSFELTER, data=felter))


TIDSPUNKT_HAR_VAERT = _("Møtet kan ikke legges til et tidspunkt som har vært.")


def _sjekk_ikke_passert(start) -> None:
    if start <= timezone.now():
        raise ValidationError({"dato": TIDSPUNKT_HAR_VAERT})


@transaction.atomic
def medlem_avslutt(*, actor: AbstractBaseUser, medlem: Gruppemedlem, til: date) -> Gruppemedlem:
    """End a membership on `til`; the member stays in the list and in history."""
    sjekk_kan_redigere(user=actor, gruppe=medlem.gruppe)
    medlem = Gruppemedlem.objects.select_for_update().get(pk=medlem.pk)
    if medlem.til is not None and medlem.til <= timezone.localdate():
        raise ValidationError(_("Medlemskapet er allerede avsluttet."))
    if til < medlem.fra:
        raise ValidationError(
            {
                "til": _("Til-dato kan ikke være før medlemmet ble med (%(fra)s).")
                % {"fra": f"{medlem.fra:%d.%m.%Y}"}
            }
        )
    medlem.til = til
    return lagre(medlem, actor=actor)


def _send_innkalling(mote: Mote) -> None:
    etter_commit("ansvarsgruppe.tasks.epost_innkalling", mote.pk, mote.sekvens)


@transaction.atomic
def mote_innkall(
    *,
    actor: AbstractBaseUser,
    gruppe: Ansvarsgruppe,
    start,
    slutt,
    sted: str = "",
    videolenke: str = "",
    sakspunkter: list[tuple[str, object]] = (),
) -> Mote:
    """Call a meeting: the notice with a calendar invitation is e-mailed after commit. A
    meeting is called ahead: a time that has passed is refused."""
    sjekk_kan_redigere(user=actor, gruppe=gruppe)
    _sjekk_ikke_passert(start)
    mote = lagre(
        Mote(
            gruppe=gruppe,
            start=start,
            slutt=slutt,
            sted=sted,
            videolenke=videolenke,
            innkalt_av=ansatt_for(actor),
        ),
        actor=actor,
    )
    for i, (tittel, maal) in enumerate(sakspunkter):
        if maal is not None and maal.plan.pasient_id != gruppe.pasient_id:
            raise ValidationError(_("Sakspunktet kan bare vise til mål i pasientens plan."))
        lagre(Sakspunkt(mote=mote, rekkefolge=i, tittel=tittel, maal=maal), actor=actor)
    hendelser.mote_innkalt.send(sender=Mote, instance=mote, actor=actor)
    _send_innkalling(mote)
    return mote


MOTEFELTER = ["start", "slutt", "sted", "videolenke"]
REFERAT_GODKJENT_MOTET_LAAST = _(
    "Referatet er godkjent, så tid og sted kan ikke lenger endres. Lag en ny revisjon av "
    "referatet for å rette møtet."
)


@transaction.atomic
def mote_endre(*, actor: AbstractBaseUser, mote: Mote, **felter) -> Mote:
    """A change sends an update: the same UID with a higher SEQUENCE. Time and place can be
    corrected until the minutes are approved. A meeting is moved to a time that has passed only
    to correct when it was held, that is while it has draft minutes."""
    mote = Mote.objects.select_for_update().select_related("gruppe").get(pk=mote.pk)
    sjekk_kan_redigere(user=actor, gruppe=mote.gruppe)
    if mote.status == Mote.Status.AVLYST:
        raise ValidationError(_("Møtet er avlyst og kan ikke endres."))
    referat = Referat.objects.filter(mote=mote).first()
    if referat is not None and referat.er_laast:
        raise ValidationError(REFERAT_GODKJENT_MOTET_LAAST)
    forrige_start = mote.start
    sett_felter(mote, felter=MOTEFELTER, data=felter)
    if mote.start != forrige_start and referat is None:
        _sjekk_ikke_passert(mote.start)
    mote.sekvens += 1
    lagre(mote, actor=actor)
    _send_innkalling(mote)
    return mote


@transaction.atomic
def mote_avlys(*, actor: AbstractBaseUser, mote: Mote, grunn: str) -> Mote:
    """Cancel with a reason, shown on the meeting page the cancellation e-mail links to (the
    e-mail and the .ics never carry it). It is read out to members who do not log in, so it
    may not name the patient."""
    mote = Mote.objects.select_for_update().select_related("gruppe__pasient").get(pk=mote.pk)
    sjekk_kan_redigere(user=actor, gruppe=mote.gruppe)
    if mote.status == Mote.Status.AVLYST:
        raise ValidationError(_("Møtet er allerede avlyst."))
    if hasattr(mote, "referat"):
        raise ValidationError(_("Møtet har referat og kan ikke avlyses."))
    grunn = grunn.strip()
    if not grunn:
        raise ValidationError({"avlysningsgrunn": _("Oppgi hvorfor møtet avlyses.")})
    pasient = mote.gruppe.pasient
    ord_i_grunnen = set(re.findall(r"\w+", grunn.casefold()))
    if any(
        n.casefold() in ord_i_grunnen
        for del_ in (pasient.fornavn, pasient.mellomnavn, pasient.etternavn)
        for n in re.findall(r"\w+", del_ or "")
    ):
        raise ValidationError({"avlysningsgrunn": _("Grunnen kan ikke inneholde pasientens navn.")})
    mote.status = Mote.Status.AVLYST
    mote.avlysningsgrunn = grunn
    mote.sekvens += 1
    lagre(mote, actor=actor)
    hendelser.mote_avlyst.send(sender=Mote, instance=mote, actor=actor)
    _send_innkalling(mote)
    return mote


NESTE_MOTE_HAR_VAERT = _("Neste møte kan ikke legges til et tidspunkt som har vært.")
NESTE_MOTE_FOER_DETTE = _("Neste møte må være etter dette møtet.")


@transaction.atomic
def referat_lagre(
    *,
    actor: AbstractBaseUser,
    mote: Mote,
    til_stede,
    notater: dict[int, tuple[str, str]],
    nye_oppgaver: list[dict] = (),
    oppgaver: list[dict] = (),
    neste_mote: str = "",
    neste_mote_tid: tuple | None = None,
    maalvurderinger: dict | None = None,
    neste_evaluering=None,
) -> Referat:
    """Attendance, notes and decisions per agenda item, the action items, the assessment of the
    plan's goals and the next meeting (a note, and its time as (start, end) or None). Approved
    minutes are locked.

    `nye_oppgaver` are created on every call. `oppgaver` are the rows of the form, which is
    saved again and again while it is written: a row is `{"oppgave": the saved item or None,
    "innsending_id": the row's submission token, "beskrivelse", "ansvarlig", "frist",
    "slett": bool}`; a new row is created once per token (a later save with the same token
    changes what the first one created), and a row marked `slett` is removed."""
    mote = Mote.objects.select_for_update().select_related("gruppe").get(pk=mote.pk)
    sjekk_kan_redigere(user=actor, gruppe=mote.gruppe)
    if mote.status == Mote.Status.AVLYST:
        raise ValidationError(
            _("Møtet er avlyst. Det kan ikke skrives referat fra et avlyst møte.")
        )
    referat, _opprettet = Referat.objects.get_or_create(mote=mote)
    if referat.er_laast:
        raise ValidationError(
            _("Referatet er godkjent og låst. Lag en ny revisjon for å gjøre endringer.")
        )
    for data in [*nye_oppgaver, *(r for r in oppgaver if not r.get("slett"))]:
        _sjekk_medlem(mote.gruppe, data.get("ansvarlig"))
    if any(m.gruppe_id != mote.gruppe_id for m in til_stede):
        raise ValidationError(_("Bare gruppens medlemmer kan føres som til stede."))
    referat.neste_mote = neste_mote
    if referat.neste_mote_innkalt_id is None:  # once called, the notice is the next meeting
        start, slutt = neste_mote_tid or (None, None)
        if start is not None:
            if start <= mote.start:
                raise ValidationError({"neste_mote_dato": NESTE_MOTE_FOER_DETTE})
            if start != referat.neste_mote_start and start <= timezone.now():
                raise ValidationError({"neste_mote_dato": NESTE_MOTE_HAR_VAERT})
        referat.neste_mote_start, referat.neste_mote_slutt = start, slutt
    if maalvurderinger is not None:  # None: the writer may not assess the goals; keep them
        referat.maalvurderinger = {str(k): list(v) for k, v in maalvurderinger.items()}
        referat.neste_evaluering = neste_evaluering
    lagre(referat, actor=actor)
    referat.til_stede.set(til_stede)
    for sak in mote.sakspunkter.all():
        notat, beslutning = notater.get(sak.pk, ("", ""))
        rad, _ny = Sakspunktnotat.objects.get_or_create(referat=referat, sakspunkt=sak)
        rad.notat, rad.beslutning = notat, beslutning
        lagre(rad, actor=actor)
    for data in nye_oppgaver:
        _oppgave_opprett(actor, referat, data)
    for rad in oppgaver:
        _oppgaverad_lagre(actor, referat, rad)
    return referat


OPPGAVEFELTER = ["beskrivelse", "ansvarlig", "frist"]


def _oppgave_opprett(actor, referat: Referat, data: dict) -> Oppgave:
    oppgave = lagre(Oppgave(referat=referat, **data), actor=actor)
    hendelser.oppgave_tildelt.send(sender=Oppgave, instance=oppgave, actor=actor)
    return oppgave


def _oppgaverad_lagre(actor, referat: Referat, rad: dict) -> None:
    oppgave, token = rad.get("oppgave"), rad.get("innsending_id")
    if oppgave is None:
        sendt, oppgave = sendt_foer(token, actor=actor, modell=Oppgave)
        if sendt and oppgave is None:
            return  # created by an earlier save and removed since: stays removed
    if oppgave is not None and oppgave.referat_id != referat.pk:
        raise ValidationError(_("Oppfølgingspunktet hører til et annet referat."))
    if rad.get("slett"):
        if oppgave is not None:
            hendelser.oppgave_fjernet.send(sender=Oppgave, instance=oppgave, actor=actor)
            oppgave._history_user = actor
            oppgave.delete()
        return
    data = {f: rad[f] for f in OPPGAVEFELTER}
    if oppgave is None:
        en_gang(token, actor=actor, lag=lambda: _oppgave_opprett(actor, referat, data))
        return
    if all(getattr(oppgave, f) == v for f, v in data.items()):
        return
    ny_ansvarlig = oppgave.ansvarlig_id != data["ansvarlig"].pk
    if ny_ansvarlig:
        hendelser.oppgave_fjernet.send(sender=Oppgave, instance=oppgave, actor=actor)
    lagre(sett_felter(oppgave, felter=OPPGAVEFELTER, data=data), actor=actor)
    if ny_ansvarlig:
        hendelser.oppgave_tildelt.send(sender=Oppgave, instance=oppgave, actor=actor)


@transaction.atomic
def neste_mote_innkall(*, actor: AbstractBaseUser, referat: Referat) -> Mote | None:
    """Call the next meeting the minutes name, at the same place (or video link) as this one,
    once: a second call returns the notice made by the first. None when the minutes name no
    time. A time that has passed is refused, as for every notice."""
    referat = Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat.pk)
    sjekk_kan_redigere(user=actor, gruppe=referat.mote.gruppe)
    if referat.neste_mote_innkalt_id is not None:
        return referat.neste_mote_innkalt
    if referat.neste_mote_start is None:
        return None
    mote = referat.mote
    if referat.neste_mote_start <= timezone.now():
        raise ValidationError({"neste_mote_dato": NESTE_MOTE_HAR_VAERT})
    neste = mote_innkall(
        actor=actor,
        gruppe=mote.gruppe,
        start=referat.neste_mote_start,
        slutt=referat.neste_mote_slutt or referat.neste_mote_start + (mote.slutt - mote.start),
        sted=mote.sted,
        videolenke=mote.videolenke,
        sakspunkter=[(_("Oppfølging fra forrige møte"), None)],
    )
    referat.neste_mote_innkalt = neste
    lagre(referat, actor=actor)
    return neste


@transaction.atomic
def referat_godkjenn(*, actor: AbstractBaseUser, referat: Referat) -> Referat:
    """Lock the minutes once nothing is missing (`referat_mangler`); the goal assessments
    become a plan evaluation; the PDF is rendered and sent to the members entitled to it
    after commit."""
    referat = Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat.pk)
    sjekk_kan_redigere(user=actor, gruppe=referat.mote.gruppe)
    if referat.er_laast:
        raise ValidationError(_("Referatet er allerede godkjent."))
    mangler = referat_mangler(referat)
    if mangler:
        raise ValidationError(mangler)
    vurderinger = {int(k): tuple(v) for k, v in referat.maalvurderinger.items()}
    forrige = referat.evaluering
    uendret = (
        forrige is not None
        and forrige.neste_evaluering == referat.neste_evaluering
        and {v.maal_id: (v.vurdering, v.kommentar) for v in forrige.vurderinger.all()}
        == vurderinger
    )
    if vurderinger and not uendret:
        # A new revision with changed assessments evaluates the plan again; the earlier
        # evaluation stays in the plan's history.
        plan = (
            IndividuellPlan.objects.filter(pasient_id=referat.mote.gruppe.pasient_id)
            .exclude(status=IndividuellPlan.Status.AVSLUTTET)
            .first()
        )
        if plan is not None:  # referat_mangler made sure the next evaluation is set
            referat.evaluering = evaluering_registrer(
                actor=actor,
                plan=plan,
                dato=timezone.localtime(referat.mote.start).date(),
                samlet_vurdering=_("Evaluert i ansvarsgruppemøte."),
                neste_evaluering=referat.neste_evaluering,
                vurderinger=vurderinger,
            )
    referat.status = Referat.Status.GODKJENT
    referat.godkjent = timezone.now()
    referat.godkjent_av = ansatt_for(actor)
    lagre(referat, actor=actor)
    hendelser.referat_godkjent.send(sender=Referat, instance=referat, actor=actor)
    neste_mote_innkall(actor=actor, referat=referat)  # the next notice, in the same step
    etter_commit("ansvarsgruppe.tasks.pdf_referat", referat.pk)
    return referat


@transaction.atomic
def referat_ny_revisjon(*, actor: AbstractBaseUser, referat: Referat) -> Referat:
    """Changes after approval: reopen as a new revision; history keeps the approved one."""
    referat = Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat.pk)
    sjekk_kan_redigere(user=actor, gruppe=referat.mote.gruppe)
    if not referat.er_laast:
        raise ValidationError(_("Referatet er ikke godkjent ennå."))
    referat.status = Referat.Status.UTKAST
    referat.revisjon += 1
    referat.godkjent = None
    referat.godkjent_av = None
    return lagre(referat, actor=actor)


@transaction.atomic
def oppgave_utfort(*, actor: AbstractBaseUser, oppgave: Oppgave) -> Oppgave:
    """The person responsible marks their action item done."""
    if not mine_aapne_oppgaver(user=actor).filter(pk=oppgave.pk).exists():
        raise PermissionDenied
    oppgave.status = Oppgave.Status.UTFORT
    lagre(oppgave, actor=actor)
    hendelser.oppgave_utfort.send(sender=Oppgave, instance=oppgave, actor=actor)
    return oppgave


@transaction.atomic
def oppgave_gjenaapne(*, actor: AbstractBaseUser, oppgave: Oppgave) -> Oppgave:
    """Undo «utført»: the person responsible, or someone who may change the group."""
    oppgave = (
        Oppgave.objects.select_for_update()
        .select_related("referat__mote__gruppe", "ansvarlig")
        .get(pk=oppgave.pk)
    )
    gruppe = oppgave.referat.mote.gruppe
    ansatt = getattr(actor, "ansatt", None)
    ansvarlig = ansatt is not None and oppgave.ansvarlig.ansatt_id == ansatt.pk
    if not (ansvarlig or kan_redigere(user=actor, gruppe=gruppe)):
        raise PermissionDenied
    if oppgave.status != Oppgave.Status.UTFORT:
        raise ValidationError(_("Oppfølgingspunktet er ikke markert som utført."))
    oppgave.status = Oppgave.Status.AAPEN
    return lagre(oppgave, actor=actor)


@transaction.atomic
def motesvar_registrer(*, actor: AbstractBaseUser, mote: Mote, svar: str) -> Motesvar:
    """My answer to a notice (coming or not), as the group's active member that I am."""
    mote = Mote.objects.select_related("gruppe").get(pk=mote.pk)
    if mote.status != Mote.Status.PLANLAGT:
        raise ValidationError(_("Møtet er avlyst."))
    idag = timezone.localdate()
    medlem = (
        mote.gruppe.medlemmer.filter(ansatt__bruker=actor, fra__lte=idag)
        .exclude(til__lt=idag)
        .first()
    )
    if medlem is None:
        raise PermissionDenied
    if svar not in Motesvar.Svar.values:
        raise ValidationError(_("Velg om du kommer eller ikke."))
    rad = Motesvar.objects.filter(mote=mote, medlem=medlem).first() or Motesvar(
        mote=mote, medlem=medlem
    )
    rad.svar, rad.besvart = svar, timezone.now()
    return lagre(rad, actor=actor)


@transaction.atomic
def motesvar_fra_innbygger(
    *,
    actor: AbstractBaseUser,
    mote: Mote,
    medlem: Gruppemedlem,
    svar: str,
    merknad: str,
    besvart_av: str,
) -> Motesvar:
    """The citizen's answer in Min plan, for the patient's member of the group: coming or not,
    with an optional note. It can be changed until the meeting starts; the same answer twice
    (a double submit) changes nothing but the time. `actor` is Min plan's technical user (the
    history's user); `besvart_av` names the citizen and the role they answered in. The caller
    has checked that the citizen may see this patient's meetings."""
    mote = Mote.objects.select_for_update().select_related("gruppe").get(pk=mote.pk)
    if medlem.gruppe_id != mote.gruppe_id or medlem.type != Gruppemedlem.Type.PASIENT:
        raise PermissionDenied
    if mote.status != Mote.Status.PLANLAGT:
        raise ValidationError(_("Møtet er avlyst."))
    if mote.start <= timezone.now():
        raise ValidationError(_("Møtet har startet. Da kan du ikke endre svaret lenger."))
    if svar not in Motesvar.Svar.values:
        raise ValidationError({"svar": _("Velg om du kommer eller ikke.")})
    rad = Motesvar.objects.filter(mote=mote, medlem=medlem).first() or Motesvar(
        mote=mote, medlem=medlem
    )
    rad.svar, rad.merknad, rad.besvart_av = svar, merknad.strip(), besvart_av[:300]
    rad.kanal, rad.besvart = Motesvar.Kanal.MINPLAN, timezone.now()
    return lagre(rad, actor=actor)


def kalendertoken_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def kalenderabonnement_lag(*, actor: AbstractBaseUser) -> str:
    """A new secret for my calendar feed (the old URL stops working). Only its hash is kept:
    the token is returned to be shown once."""
    token = secrets.token_urlsafe(32)
    Kalenderabonnement.objects.update_or_create(
        ansatt=ansatt_for(actor),
        defaults={"token_hash": kalendertoken_hash(token), "opprettet": timezone.now()},
    )
    return token


@transaction.atomic
def kalenderabonnement_trekk(*, actor: AbstractBaseUser) -> None:
    Kalenderabonnement.objects.filter(ansatt=ansatt_for(actor)).delete()


STANDARD_SAKER_FOR_UTSKRIVNING = [
    _("Status og videre behandling i sykehuset"),
    _("Utskrivning og oppfølging i kommunen"),
    _("Koordinator og individuell plan i kommunen"),
]


@transaction.atomic
def ansvarsgruppemote_med_kommunen(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    start,
    slutt,
    sted: str = "",
    videolenke: str = "",
) -> Mote:
    """Before treatment ends, the hospital koordinator calls the kommune to an ansvarsgruppe
    meeting in one step: the hospital's group (made if missing), the kommune's appointed staff
    and its koordinerende enhet as members, a standard agenda, and the notice."""
    sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    ansatt = ansatt_for(actor)
    if not ansatt.organisasjon.er_sykehus:
        raise ValidationError(_("Dette er sykehusets innkalling av kommunen."))
    kommuner = {
        t.organisasjon
        for t in Tilknytning.objects.aktive().filter(pasient=pasient).select_related("organisasjon")
        if t.organisasjon.er_kommune
    }
    if not kommuner:
        raise ValidationError(
            _(
                "Pasienten er ikke knyttet til noen kommune. Send melding til kommunens "
                "koordinerende enhet først."
            )
        )
    delt = Samtykke.objects.gyldige().filter(pasient=pasient, organisasjoner__in=kommuner)
    if not delt.exists():
        raise ValidationError(
            _("Pasienten har ikke samtykket til at kommunen får opplysninger. Registrer samtykke.")
        )
    gruppe = Ansvarsgruppe.objects.filter(
        pasient=pasient, organisasjon_id=ansatt.organisasjon_id, avsluttet__isnull=True
    ).first() or ansvarsgruppe_opprett(actor=actor, pasient=pasient)
    medlemmer = set(gruppe.medlemmer.exclude(ansatt=None).values_list("ansatt_id", flat=True))
    for oppnevning in (
        Oppnevning.objects.aktive()
        .filter(pasient=pasient, organisasjon__in=kommuner)
        .exclude(ansatt_id__in=medlemmer)
    ):
        lagre(
            Gruppemedlem(
                gruppe=gruppe,
                type=Gruppemedlem.Type.ANSATT,
                ansatt=oppnevning.ansatt,
                rolle=oppnevning.get_rolle_display(),
            ),
            actor=actor,
        )
    for ke in (
        Enhet.objects.filter(organisasjon__in=kommuner, type=Enhet.Type.KOORDINERENDE_ENHET)
        .exclude(epost="")
        .select_related("organisasjon")
    ):
        if not gruppe.medlemmer.filter(epost=ke.epost).exists():
            lagre(
                Gruppemedlem(
                    gruppe=gruppe,
                    type=Gruppemedlem.Type.EKSTERN,
                    navn=str(ke),
                    organisasjon=str(ke.organisasjon),
                    epost=ke.epost,
                    rolle=_("Kommunens koordinerende enhet"),
                ),
                actor=actor,
            )
    mote = mote_innkall(
        actor=actor,
        gruppe=gruppe,
        start=start,
        slutt=slutt,
        sted=sted,
        videolenke=videolenke,
        sakspunkter=[(str(sak), None) for sak in STANDARD_SAKER_FOR_UTSKRIVNING],
    )
    _meld_invitasjon(actor, mote, kommuner)
    return mote


def _meld_invitasjon(actor, mote: Mote, kommuner) -> None:
    """The invitation is also a documented message to each kommune's koordinerende enhet,
    answered in the message thread (the calendar invitation only reaches e-mail)."""
    avsender_enhet = (
        Enhet.objects.filter(
            medlemskap__ansatt__bruker=actor, tilknytninger__pasient=mote.gruppe.pasient
        )
        .order_by("navn")
        .first()
        or Enhet.objects.filter(medlemskap__ansatt__bruker=actor).order_by("navn").first()
    )
    start = timezone.localtime(mote.start)
    svarfrist = min(standard_svarfrist(Meldingstype.INVITASJON_ANSVARSGRUPPE), start.date())
    for ke in Enhet.objects.filter(
        organisasjon__in=kommuner, type=Enhet.Type.KOORDINERENDE_ENHET
    ).order_by("pk"):
        melding_send(
            actor=actor,
            pasient=mote.gruppe.pasient,
            type=Meldingstype.INVITASJON_ANSVARSGRUPPE,
            avsender_enhet=avsender_enhet,
            mottaker_enhet=ke,
            emne=_("Invitasjon til ansvarsgruppemøte %(tid)s")
            % {"tid": f"{start:%d.%m.%Y kl. %H:%M}"},
            tekst=_(
                "Sykehuset kaller inn til ansvarsgruppemøte før utskrivning.\n\n"
                "Tid: %(tid)s\nSted: %(sted)s\n\nSaker:\n%(saker)s\n\n"
                "Svar i meldingen om dere kan stille, og hvem som kommer."
            )
            % {
                "tid": f"{start:%d.%m.%Y kl. %H:%M}",
                "sted": mote.sted or mote.videolenke,
                "saker": "\n".join(
                    f"{i}. {s.tittel}" for i, s in enumerate(mote.sakspunkter.all(), 1)
                ),
            },
            svarfrist=svarfrist,
        )
