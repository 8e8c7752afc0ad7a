"""Every state change in koordinering. Each service runs in one transaction, validates with
`full_clean()`, records the acting user in history (also outside a request), and raises
`ValidationError` with a Norwegian message when the change is not allowed."""

import uuid
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.arbeidsdager import neste_arbeidsdag
from felles.innsending import en_gang
from felles.services import lagre, oppdater, sett_felter
from koordinering import permissions
from koordinering.arbeidsrolle import ansatt_for
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Parorende,
    Pasient,
    Samtykke,
    Tilknytning,
)
from koordinering.regler import ROLLE_FOR_BEHOV

# What each service lets its callers set: everything else on the record is the service's own.
PASIENTFELTER = [
    "fornavn",
    "mellomnavn",
    "etternavn",
    "adresse",
    "postnummer",
    "poststed",
    "hjemkommune",
    "telefon",
    "epost",
    "foretrukket_spraak",
    "tolkebehov",
    "kulturelle_hensyn",
]
PARORENDEFELTER = [
    "navn",
    "relasjon",
    "telefon",
    "epost",
    "adresse",
    "er_barn",
    "er_verge",
    "kan_motta_informasjon",
    "merknad",
]
SAMTYKKEFELTER = [
    "gjelder_planprosess",
    "plandeler",
    "gitt_av",
    "gitt_av_navn",
    "form",
    "gyldig_fra",
    "gyldig_til",
    "merknad",
]
BEHOVSMELDINGSFELTER = [
    "behov",
    "komplekse_behov",
    "langvarige_behov",
    "koordinerte_tjenester",
    "alvorlig_sykdom",
    "behandling_av_varighet",
    "kontakttype",
    "kontaktdato",
    "begrunnelse",
]


# --- patients ---------------------------------------------------------------------------------


@transaction.atomic
def pasient_opprett(
    *,
    actor: AbstractBaseUser,
    enhet: Enhet,
    tilknytning_fra: date,
    begrunnelse: str,
    fodselsnummer: str,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Pasient:
    """Register a patient and connect them to the registering person's unit."""
    ansatt = ansatt_for(actor)
    if not ansatt.medlemskap.filter(enhet=enhet).exists():
        raise ValidationError(_("Du kan bare knytte pasienten til en enhet du selv tilhører."))

    def lag() -> Pasient:
        pasient = sett_felter(
            Pasient(fodselsnummer=fodselsnummer), felter=PASIENTFELTER, data=felter
        )
        lagre(pasient, actor=actor)
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

    return en_gang(innsending_id, actor=actor, lag=lag)


@transaction.atomic
def pasient_oppdater(*, actor: AbstractBaseUser, pasient: Pasient, **felter) -> Pasient:
    """Personal data; the fødselsnummer never changes (a wrong one is a new registration)."""
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    return oppdater(pasient, actor=actor, felter=PASIENTFELTER, data=felter)


@transaction.atomic
def parorende_opprett(
    *, actor: AbstractBaseUser, pasient: Pasient, innsending_id: uuid.UUID | None = None, **felter
) -> Parorende:
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    parorende = sett_felter(Parorende(pasient=pasient), felter=PARORENDEFELTER, data=felter)
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(parorende, actor=actor))


@transaction.atomic
def parorende_oppdater(*, actor: AbstractBaseUser, parorende: Parorende, **felter) -> Parorende:
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=parorende.pasient)
    return oppdater(parorende, actor=actor, felter=PARORENDEFELTER, data=felter)


@transaction.atomic
def parorende_fjern(*, actor: AbstractBaseUser, parorende: Parorende) -> None:
    """Remove a relative registered by mistake or no longer involved; history keeps the row.
    A relative who takes part in a plan or a group is removed there first."""
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=parorende.pasient)
    parorende._history_user = actor
    try:
        with transaction.atomic():
            parorende.delete()
    except ProtectedError as feil:
        raise ValidationError(
            _(
                "%(navn)s er deltaker i individuell plan eller medlem av en ansvarsgruppe. "
                "Fjern hen der først."
            )
            % {"navn": parorende.navn}
        ) from feil


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
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    organisasjoner=(),
    personer=(),
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Samtykke:
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    samtykke = sett_felter(
        Samtykke(pasient=pasient, dokumentert_av=ansatt_for(actor)),
        felter=SAMTYKKEFELTER,
        data=felter,
    )

    def lag() -> Samtykke:
        lagre(samtykke, actor=actor)
        samtykke.organisasjoner.set(organisasjoner)
        samtykke.personer.set(personer)
        return samtykke

    return en_gang(innsending_id, actor=actor, lag=lag)


@transaction.atomic
def samtykke_trekk_tilbake(*, actor: AbstractBaseUser, samtykke: Samtykke, grunn: str) -> Samtykke:
    """Withdrawal takes effect at once: every access check reads `trukket_tid`. Recorded by the
    organisation that documented the consent, the patient's koordinator or the KE."""
    permissions.sjekk_kan_trekke_samtykke(user=actor, samtykke=samtykke)
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
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    enhet: Enhet,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Behovsmelding:
    ansatt = ansatt_for(actor)
    if enhet.organisasjon_id != ansatt.organisasjon_id:
        raise ValidationError(_("Behovet meldes til en enhet i din egen organisasjon."))
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    # Which needs this organisation takes, and for whom: `regler`, run by model validation.
    melding = sett_felter(
        Behovsmelding(pasient=pasient, enhet=enhet, meldt_av=ansatt),
        felter=BEHOVSMELDINGSFELTER,
        data=felter,
    )
    if melding.kontaktdato and melding.behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG):
        melding.frist = neste_arbeidsdag(melding.kontaktdato)
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(melding, actor=actor))


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
        raise PermissionDenied
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


@transaction.atomic
def oppnevning_mandat_aksepter(*, actor: AbstractBaseUser, oppnevning: Oppnevning) -> Oppnevning:
    """The appointee accepts the written mandate; who and when are kept (and in history)."""
    ansatt = ansatt_for(actor)
    if oppnevning.ansatt_id != ansatt.pk:
        raise PermissionDenied
    oppnevning = Oppnevning.objects.select_for_update().get(pk=oppnevning.pk)
    if not oppnevning.er_aktiv:
        raise ValidationError(_("Oppnevningen er avsluttet."))
    if oppnevning.mandat_akseptert_tid is not None:
        raise ValidationError(_("Mandatet er allerede akseptert."))
    oppnevning.mandat_akseptert_tid = timezone.now()
    oppnevning.mandat_akseptert_av = ansatt
    return lagre(oppnevning, actor=actor)
