"""Every state change in koordinering. Each service runs in one transaction, validates with
`full_clean()`, records the acting user in history (also outside a request), and raises
`ValidationError` with a Norwegian message when the change is not allowed."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.arbeidsdager import neste_arbeidsdag
from felles.services import lagre, tilgangslogg_registrer
from koordinering import permissions
from koordinering.models import (
    Ansatt,
    Ansvarsgruppe,
    Behov,
    Behovsmelding,
    Enhet,
    Gruppemedlem,
    Mote,
    Oppgave,
    Oppnevning,
    Parorende,
    Pasient,
    Referat,
    Rolle,
    Sakspunkt,
    Sakspunktnotat,
    Samtykke,
    Tilknytning,
)
from koordinering.selectors import Arbeidsrolle

ROLLE_FOR_BEHOV = {
    Behov.KOORDINATOR: Rolle.KOORDINATOR,
    Behov.INDIVIDUELL_PLAN: Rolle.KOORDINATOR,
    Behov.KONTAKTLEGE: Rolle.KONTAKTLEGE,
    Behov.KONTAKTPSYKOLOG: Rolle.KONTAKTPSYKOLOG,
    Behov.BARNEKOORDINATOR: Rolle.BARNEKOORDINATOR,
}


def ansatt_for(actor: AbstractBaseUser) -> Ansatt:
    try:
        return actor.ansatt
    except Ansatt.DoesNotExist:
        raise ValidationError(_("Brukeren din er ikke registrert som ansatt.")) from None


# --- patients ---------------------------------------------------------------------------------


@transaction.atomic
def pasient_opprett(
    *, actor: AbstractBaseUser, enhet: Enhet, tilknytning_fra: date, begrunnelse: str, **felter
) -> Pasient:
    """Register a patient and connect them to the registering person's unit."""
    ansatt = ansatt_for(actor)
    if not ansatt.medlemskap.filter(enhet=enhet).exists():
        raise ValidationError(_("Du kan bare knytte pasienten til en enhet du selv tilhører."))
    pasient = lagre(Pasient(**felter), actor=actor)
    lagre(
        Tilknytning(
            pasient=pasient,
            enhet=enhet,
            fra=tilknytning_fra,
            begrunnelse=begrunnelse,
            opprettet_av=ansatt,
        ),
        actor=actor,
    )
    return pasient


@transaction.atomic
def pasient_oppdater(*, actor: AbstractBaseUser, pasient: Pasient, **felter) -> Pasient:
    for navn, verdi in felter.items():
        setattr(pasient, navn, verdi)
    return lagre(pasient, actor=actor)


@transaction.atomic
def parorende_opprett(*, actor: AbstractBaseUser, pasient: Pasient, **felter) -> Parorende:
    return lagre(Parorende(pasient=pasient, **felter), actor=actor)


@transaction.atomic
def parorende_oppdater(*, actor: AbstractBaseUser, parorende: Parorende, **felter) -> Parorende:
    for navn, verdi in felter.items():
        setattr(parorende, navn, verdi)
    return lagre(parorende, actor=actor)


# --- care episodes ---------------------------------------------------------------------------


@transaction.atomic
def tilknytning_opprett(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    enhet: Enhet,
    fra: date,
    til: date | None,
    begrunnelse: str,
) -> Tilknytning:
    ansatt = ansatt_for(actor)
    if enhet.organisasjon_id != ansatt.organisasjon_id:
        raise ValidationError(_("Du kan bare knytte pasienten til enheter i egen organisasjon."))
    return lagre(
        Tilknytning(
            pasient=pasient,
            enhet=enhet,
            fra=fra,
            til=til,
            begrunnelse=begrunnelse,
            opprettet_av=ansatt,
        ),
        actor=actor,
    )


@transaction.atomic
def tilknytning_avslutt(
    *, actor: AbstractBaseUser, tilknytning: Tilknytning, til: date, grunn: str
) -> Tilknytning:
    if tilknytning.organisasjon_id != ansatt_for(actor).organisasjon_id:
        raise ValidationError(_("Du kan bare avslutte tilknytninger i egen organisasjon."))
    tilknytning = Tilknytning.objects.select_for_update().get(pk=tilknytning.pk)
    if tilknytning.til is not None and tilknytning.til <= timezone.localdate():
        raise ValidationError(_("Tilknytningen er allerede avsluttet."))
    if not grunn.strip():
        raise ValidationError(_("Oppgi hvorfor tilknytningen avsluttes."))
    tilknytning.til = til
    tilknytning.avslutningsgrunn = grunn.strip()
    return lagre(tilknytning, actor=actor)


# --- consent ---------------------------------------------------------------------------------


@transaction.atomic
def samtykke_registrer(
    *, actor: AbstractBaseUser, pasient: Pasient, organisasjoner=(), personer=(), **felter
) -> Samtykke:
    samtykke = lagre(
        Samtykke(pasient=pasient, dokumentert_av=ansatt_for(actor), **felter), actor=actor
    )
    samtykke.organisasjoner.set(organisasjoner)
    samtykke.personer.set(personer)
    return samtykke


@transaction.atomic
def samtykke_trekk_tilbake(*, actor: AbstractBaseUser, samtykke: Samtykke, grunn: str) -> Samtykke:
    """Withdrawal takes effect at once: every access check reads `trukket_tid`."""
    samtykke = Samtykke.objects.select_for_update().get(pk=samtykke.pk)
    if samtykke.trukket_tid is not None:
        raise ValidationError(_("Samtykket er allerede trukket tilbake."))
    samtykke.trukket_tid = timezone.now()
    samtykke.trukket_grunn = grunn.strip()
    samtykke.trukket_registrert_av = ansatt_for(actor)
    return lagre(samtykke, actor=actor)


# --- need reports and appointments -----------------------------------------------------------


@transaction.atomic
def behovsmelding_opprett(
    *, actor: AbstractBaseUser, pasient: Pasient, enhet: Enhet, **felter
) -> Behovsmelding:
    ansatt = ansatt_for(actor)
    if enhet.organisasjon_id != ansatt.organisasjon_id:
        raise ValidationError(_("Behovet meldes til en enhet i din egen organisasjon."))
    melding = Behovsmelding(pasient=pasient, enhet=enhet, meldt_av=ansatt, **felter)
    org = enhet.organisasjon
    if melding.behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG) and not org.er_sykehus:
        raise ValidationError(_("Kontaktlege og kontaktpsykolog oppnevnes bare i sykehus."))
    if melding.behov == Behov.BARNEKOORDINATOR:
        if not org.er_kommune:
            raise ValidationError(_("Barnekoordinator oppnevnes bare i kommunen."))
        if pasient.alder() >= 18:
            raise ValidationError(_("Barnekoordinator gjelder bare barn under 18 år."))
    if melding.kontaktdato and melding.behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG):
        melding.frist = neste_arbeidsdag(melding.kontaktdato)
    return lagre(melding, actor=actor)


def _las_ventende(behovsmelding: Behovsmelding) -> Behovsmelding:
    melding = Behovsmelding.objects.select_for_update().get(pk=behovsmelding.pk)
    if melding.status != Behovsmelding.Status.VENTER:
        raise ValidationError(_("Behovet er allerede behandlet."))
    return melding


@transaction.atomic
def behovsmelding_avslaa(
    *, actor: AbstractBaseUser, behovsmelding: Behovsmelding, grunn: str, kommentar: str = ""
) -> Behovsmelding:
    permissions.sjekk_kan_beslutte(user=actor, behovsmelding=behovsmelding)
    melding = _las_ventende(behovsmelding)
    melding.status = Behovsmelding.Status.AVSLATT
    melding.avslagsgrunn = grunn
    melding.avslag_kommentar = kommentar
    melding.besluttet_av = ansatt_for(actor)
    melding.besluttet_tid = timezone.now()
    return lagre(melding, actor=actor)


@transaction.atomic
def oppnevning_opprett(
    *,
    actor: AbstractBaseUser,
    behovsmelding: Behovsmelding,
    ansatt: Ansatt,
    mandat: str,
    startdato: date,
    pasientens_onsker_hort: bool,
    pasient_informert_dato: date | None = None,
) -> Oppnevning:
    """The leader appoints a person for a reported need, with a written mandate."""
    permissions.sjekk_kan_beslutte(user=actor, behovsmelding=behovsmelding)
    melding = _las_ventende(behovsmelding)
    oppnevning = lagre(
        Oppnevning(
            pasient=melding.pasient,
            ansatt=ansatt,
            enhet=melding.enhet,
            rolle=ROLLE_FOR_BEHOV[melding.behov],
            behovsmelding=melding,
            mandat=mandat,
            startdato=startdato,
            pasientens_onsker_hort=pasientens_onsker_hort,
            pasient_informert_dato=pasient_informert_dato,
            frist=melding.frist,
            oppnevnt_av=ansatt_for(actor),
        ),
        actor=actor,
    )
    melding.status = Behovsmelding.Status.OPPNEVNT
    melding.besluttet_av = ansatt_for(actor)
    melding.besluttet_tid = timezone.now()
    lagre(melding, actor=actor)
    permissions.oppnevningstilgang_gi(oppnevning=oppnevning)
    return oppnevning


@transaction.atomic
def oppnevning_avslutt(
    *, actor: AbstractBaseUser, oppnevning: Oppnevning, sluttdato: date, grunn: str
) -> Oppnevning:
    if not permissions.kan_avslutte_oppnevning(user=actor, oppnevning=oppnevning):
        raise ValidationError(_("Bare leder for enheten eller koordinerende enhet kan avslutte."))
    oppnevning = Oppnevning.objects.select_for_update().get(pk=oppnevning.pk)
    if not oppnevning.er_aktiv:
        raise ValidationError(_("Oppnevningen er allerede avsluttet."))
    if sluttdato > timezone.localdate():
        raise ValidationError(_("Sluttdato kan ikke ligge fram i tid."))
    oppnevning.sluttdato = sluttdato
    oppnevning.sluttgrunn = grunn.strip()
    lagre(oppnevning, actor=actor)
    permissions.oppnevningstilgang_fjern(oppnevning=oppnevning)
    return oppnevning


@transaction.atomic
def oppnevning_bytt(
    *,
    actor: AbstractBaseUser,
    oppnevning: Oppnevning,
    ny_ansatt: Ansatt,
    mandat: str,
    startdato: date,
    grunn: str,
    pasientens_onsker_hort: bool,
) -> Oppnevning:
    """Reassign: end the current appointment and start a new one that points back to it."""
    gammel = oppnevning_avslutt(
        actor=actor, oppnevning=oppnevning, sluttdato=startdato, grunn=grunn
    )
    ny = lagre(
        Oppnevning(
            pasient=gammel.pasient,
            ansatt=ny_ansatt,
            enhet=gammel.enhet,
            rolle=gammel.rolle,
            erstatter=gammel,
            mandat=mandat,
            startdato=startdato,
            pasientens_onsker_hort=pasientens_onsker_hort,
            oppnevnt_av=ansatt_for(actor),
        ),
        actor=actor,
    )
    permissions.oppnevningstilgang_gi(oppnevning=ny)
    return ny


# --- access log ------------------------------------------------------------------------------


def pasienter_vist(
    *, user: AbstractBaseUser, arbeidsrolle: Arbeidsrolle, pasient_ider: list[int], dokument: str
) -> int:
    """Log that these patients were shown to the user, each with the basis that gave access.

    One query finds the basis (`visible_to`), one insert writes the rows. A patient the user
    cannot see is never shown, so it is never in `pasient_ider`."""
    grunnlag = Pasient.objects.visible_to(user).filter(pk__in=pasient_ider)
    return tilgangslogg_registrer(
        bruker=user,
        rolle=arbeidsrolle.beskrivelse,
        organisasjon_id=arbeidsrolle.ansatt.organisasjon_id if arbeidsrolle.ansatt else None,
        pasient_grunnlag=grunnlag.values_list("pk", "tilgangsgrunnlag"),
        dokument=dokument,
    )


# --- ansvarsgruppe, meetings and minutes -----------------------------------------------------


def _sjekk_medlem(gruppe: Ansvarsgruppe, medlem: Gruppemedlem | None) -> None:
    if medlem is None or medlem.gruppe_id != gruppe.pk:
        raise ValidationError(
            {"ansvarlig": _("Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen.")}
        )


@transaction.atomic
def ansvarsgruppe_opprett(*, actor: AbstractBaseUser, pasient: Pasient) -> Ansvarsgruppe:
    """The group is led by the koordinator by default; without one, the creator writes the
    minutes. The koordinator and the patient are members from the start."""
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


@transaction.atomic
def medlem_legg_til(*, actor: AbstractBaseUser, gruppe: Ansvarsgruppe, **felter) -> Gruppemedlem:
    return _lagre_medlem(actor, Gruppemedlem(gruppe=gruppe, **felter))


@transaction.atomic
def medlem_endre(*, actor: AbstractBaseUser, medlem: Gruppemedlem, **felter) -> Gruppemedlem:
    """Change a member, for example end the membership with a `til` date; history keeps it."""
    for navn, verdi in felter.items():
        setattr(medlem, navn, verdi)
    return _lagre_medlem(actor, medlem)


def _send_innkalling(mote: Mote) -> None:
    from koordinering.tasks import epost_innkalling

    mote_id, sekvens = mote.pk, mote.sekvens
    transaction.on_commit(lambda: epost_innkalling.delay(mote_id, sekvens))


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
    """Call a meeting: the notice with a calendar invitation is e-mailed after commit."""
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
    _send_innkalling(mote)
    return mote


@transaction.atomic
def mote_endre(*, actor: AbstractBaseUser, mote: Mote, **felter) -> Mote:
    """A change sends an update: the same UID with a higher SEQUENCE."""
    mote = Mote.objects.select_for_update().get(pk=mote.pk)
    if mote.status == Mote.Status.AVLYST:
        raise ValidationError(_("Møtet er avlyst og kan ikke endres."))
    for navn, verdi in felter.items():
        setattr(mote, navn, verdi)
    mote.sekvens += 1
    lagre(mote, actor=actor)
    _send_innkalling(mote)
    return mote


@transaction.atomic
def mote_avlys(*, actor: AbstractBaseUser, mote: Mote) -> Mote:
    mote = Mote.objects.select_for_update().get(pk=mote.pk)
    if mote.status == Mote.Status.AVLYST:
        raise ValidationError(_("Møtet er allerede avlyst."))
    if hasattr(mote, "referat"):
        raise ValidationError(_("Møtet har referat og kan ikke avlyses."))
    mote.status = Mote.Status.AVLYST
    mote.sekvens += 1
    lagre(mote, actor=actor)
    _send_innkalling(mote)
    return mote


@transaction.atomic
def referat_lagre(
    *,
    actor: AbstractBaseUser,
    mote: Mote,
    til_stede,
    notater: dict[int, tuple[str, str]],
    nye_oppgaver: list[dict],
    neste_mote: str = "",
    maalvurderinger: dict | None = None,
    neste_evaluering=None,
) -> Referat:
    """Attendance, notes and decisions per agenda item, new action items, the assessment of the
    plan's goals and the next meeting. Approved minutes are locked."""
    mote = Mote.objects.select_for_update().get(pk=mote.pk)
    if mote.status == Mote.Status.AVLYST:
        raise ValidationError(
            _("Møtet er avlyst. Det kan ikke skrives referat fra et avlyst møte.")
        )
    referat, _opprettet = Referat.objects.get_or_create(mote=mote)
    if referat.er_laast:
        raise ValidationError(
            _("Referatet er godkjent og låst. Lag en ny revisjon for å gjøre endringer.")
        )
    for data in nye_oppgaver:
        _sjekk_medlem(mote.gruppe, data.get("ansvarlig"))
    if any(m.gruppe_id != mote.gruppe_id for m in til_stede):
        raise ValidationError(_("Bare gruppens medlemmer kan føres som til stede."))
    referat.neste_mote = neste_mote
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
        lagre(Oppgave(referat=referat, **data), actor=actor)
    return referat


@transaction.atomic
def referat_godkjenn(*, actor: AbstractBaseUser, referat: Referat) -> Referat:
    """Lock the minutes; the goal assessments become a plan evaluation; the PDF is rendered and
    sent to the members entitled to it after commit."""
    from individuellplan.models import IndividuellPlan
    from individuellplan.services import evaluering_registrer
    from koordinering.tasks import pdf_referat

    referat = Referat.objects.select_for_update().select_related("mote__gruppe").get(pk=referat.pk)
    if referat.er_laast:
        raise ValidationError(_("Referatet er allerede godkjent."))
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
        if plan is not None:
            if referat.neste_evaluering is None:
                raise ValidationError(_("Oppgi neste evaluering av planen før du godkjenner."))
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
    referat_id = referat.pk
    transaction.on_commit(lambda: pdf_referat.delay(referat_id))
    return referat


@transaction.atomic
def referat_ny_revisjon(*, actor: AbstractBaseUser, referat: Referat) -> Referat:
    """Changes after approval: reopen as a new revision; history keeps the approved one."""
    referat = Referat.objects.select_for_update().get(pk=referat.pk)
    if not referat.er_laast:
        raise ValidationError(_("Referatet er ikke godkjent ennå."))
    referat.status = Referat.Status.UTKAST
    referat.revisjon += 1
    referat.godkjent = None
    referat.godkjent_av = None
    return lagre(referat, actor=actor)


@transaction.atomic
def oppgave_utfort(*, actor: AbstractBaseUser, oppgave: Oppgave) -> Oppgave:
    oppgave.status = Oppgave.Status.UTFORT
    return lagre(oppgave, actor=actor)


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
    from meldinger.models import Meldingstype
    from meldinger.services import melding_send, standard_svarfrist

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
