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
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Parorende,
    Pasient,
    Rolle,
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
