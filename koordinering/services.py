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

from felles import hendelser
from felles.arbeidsdager import neste_arbeidsdag
from felles.innsending import en_gang
from felles.services import lagre, oppdater, sett_felter
from koordinering import permissions, selectors
from koordinering.arbeidsrolle import ansatt_for
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    EksternDeling,
    Enhet,
    Medlemskap,
    Oppnevning,
    Parorende,
    Pasient,
    Samtykke,
    Tilknytning,
)
from koordinering.models.oppnevning import UTFALL_FOR_BEHOV
from koordinering.regler import ROLLE_FOR_BEHOV, byttedatofeil, tjenesteenhet_velg

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
    "fodselsnummer",
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
    innsending_id: uuid.UUID | None = None,
) -> Tilknytning:
    ansatt = ansatt_for(actor)
    if enhet.organisasjon_id != ansatt.organisasjon_id:
        raise ValidationError(_("Du kan bare knytte pasienten til enheter i egen organisasjon."))
    ny = Tilknytning(
        pasient=pasient, enhet=enhet, fra=fra, til=til, begrunnelse=begrunnelse, opprettet_av=ansatt
    )
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(ny, actor=actor))


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


def _samtykke_deling_sett(
    samtykke: Samtykke, *, actor, organisasjoner, personer, parorende, eksterne
) -> Samtykke:
    """Write the consent's sharing: the organisations, staff members, relatives (only the
    patient's own) and people outside the organisations (name, role) it names."""
    parorende = list(parorende)
    if any(r.pasient_id != samtykke.pasient_id for r in parorende):
        raise ValidationError({"parorende": _("Velg bare pasientens egne pårørende.")})
    samtykke.organisasjoner.set(organisasjoner)
    samtykke.personer.set(personer)
    samtykke.parorende.set(parorende)
    for navn, rolle in eksterne:
        lagre(EksternDeling(samtykke=samtykke, navn=navn, rolle=rolle), actor=actor)
    return samtykke


@transaction.atomic
def samtykke_registrer(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    organisasjoner=(),
    personer=(),
    parorende=(),
    eksterne=(),
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Samtykke:
    """A consent given in writing or orally, documented by the acting staff member. `eksterne`
    are (name, role or organisation) pairs for people outside the organisations."""
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    if felter.get("form") == Samtykke.Form.DIGITALT:
        raise ValidationError({"form": _("Bare innbyggeren selv kan samtykke med ID-porten.")})
    samtykke = sett_felter(
        Samtykke(pasient=pasient, dokumentert_av=ansatt_for(actor)),
        felter=SAMTYKKEFELTER,
        data=felter,
    )

    def lag() -> Samtykke:
        lagre(samtykke, actor=actor)
        return _samtykke_deling_sett(
            samtykke,
            actor=actor,
            organisasjoner=organisasjoner,
            personer=personer,
            parorende=parorende,
            eksterne=eksterne,
        )

    return en_gang(innsending_id, actor=actor, lag=lag)


DIGITALE_SAMTYKKEFELTER = ["gjelder_planprosess", "plandeler", "gyldig_til"]


@transaction.atomic
def samtykke_gi_digitalt(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    gitt_av: str,
    gitt_av_navn: str,
    organisasjoner=(),
    personer=(),
    parorende=(),
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Samtykke:
    """A consent the citizen gives in Min plan, logged in with ID-porten: the login documents
    it (form DIGITALT, no staff member), with the citizen's own name and the role they act in.
    The caller (minplan) has checked that the citizen may consent for `pasient`; `actor` is the
    technical user that carries the citizen's changes in the history. Whom it may name is the
    choice `selectors.samtykke_valg` offers (the organisations and staff involved in the
    patient's care, and the patient's relatives); anything else is refused."""
    valg = selectors.samtykke_valg(pasient=pasient)
    organisasjoner, personer, parorende = list(organisasjoner), list(personer), list(parorende)
    if (
        not {o.pk for o in organisasjoner} <= {o.pk for o in valg.organisasjoner}
        or not {a.pk for a in personer} <= {a.pk for a in valg.personer}
        or not {r.pk for r in parorende} <= {r.pk for r in valg.parorende}
    ):
        raise ValidationError(_("Du kan bare dele med dem som er med i oppfølgingen."))
    samtykke = sett_felter(
        Samtykke(
            pasient=pasient,
            form=Samtykke.Form.DIGITALT,
            dokumentert_av=None,
            gitt_av=gitt_av,
            gitt_av_navn=gitt_av_navn,
            gyldig_fra=timezone.localdate(),
            dokumentert_tid=timezone.now(),
        ),
        felter=DIGITALE_SAMTYKKEFELTER,
        data=felter,
    )

    def lag() -> Samtykke:
        lagre(samtykke, actor=actor)
        return _samtykke_deling_sett(
            samtykke,
            actor=actor,
            organisasjoner=organisasjoner,
            personer=personer,
            parorende=parorende,
            eksterne=(),
        )

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


@transaction.atomic
def samtykke_trekk_digitalt(
    *, actor: AbstractBaseUser, samtykke: Samtykke, trukket_av: str, trukket_av_navn: str, grunn=""
) -> Samtykke:
    """The citizen withdraws a consent in Min plan (the caller has checked they may act for the
    patient). Effective at once. Withdrawing one already withdrawn changes nothing (a double
    submit is harmless): the first withdrawal stands."""
    samtykke = Samtykke.objects.select_for_update().get(pk=samtykke.pk)
    if samtykke.trukket_tid is not None:
        return samtykke
    samtykke.trukket_tid = timezone.now()
    samtykke.trukket_grunn = grunn.strip() or _("Trukket tilbake digitalt i Min plan.")
    samtykke.trukket_av = trukket_av
    samtykke.trukket_av_navn = trukket_av_navn
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
    return _meld(melding, actor=actor, innsending_id=innsending_id)


def _meld(
    melding: Behovsmelding, *, actor, innsending_id: uuid.UUID | None = None
) -> Behovsmelding:
    if melding.kontaktdato and melding.behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG):
        melding.frist = neste_arbeidsdag(melding.kontaktdato)

    def meld() -> Behovsmelding:
        lagre(melding, actor=actor)
        hendelser.behov_meldt.send(sender=Behovsmelding, instance=melding, actor=actor)
        return melding

    return en_gang(innsending_id, actor=actor, lag=meld)


@transaction.atomic
def behovsmelding_fra_melding(
    *, actor: AbstractBaseUser, pasient: Pasient, enhet: Enhet, behov: str, **felter
) -> Behovsmelding:
    """A message taken in or forwarded by the receiving KE becomes a need in `enhet`'s leader
    queue; if the patient already waits for that kind of need in the organisation, that one is
    returned instead (the message then answers to it). The caller (meldinger) has checked that
    the actor is on the receiving side; the unit must be in the actor's own organisation."""
    if ansatt_for(actor).organisasjon_id != enhet.organisasjon_id:
        raise PermissionDenied
    ventende = (
        Behovsmelding.objects.select_for_update()
        .filter(
            pasient=pasient,
            organisasjon_id=enhet.organisasjon_id,
            behov=behov,
            status=Behovsmelding.Status.VENTER,
        )
        .first()
    )
    if ventende is not None:
        return ventende
    melding = sett_felter(
        Behovsmelding(pasient=pasient, enhet=enhet, meldt_av=ansatt_for(actor)),
        felter=BEHOVSMELDINGSFELTER,
        data={"behov": behov, **felter},
    )
    return _meld(melding, actor=actor)


def _las_ventende(behovsmelding: Behovsmelding) -> Behovsmelding:
    melding = Behovsmelding.objects.select_for_update().get(pk=behovsmelding.pk)
    if melding.status != Behovsmelding.Status.VENTER:
        raise ValidationError(_("Behovet er allerede behandlet."))
    return melding


def _sjekk_utfall(melding: Behovsmelding, utfall: str) -> None:
    if utfall not in UTFALL_FOR_BEHOV[melding.behov]:
        raise ValidationError(
            {
                "utfall": _("«%(utfall)s» passer ikke for behov for %(behov)s.")
                % {
                    "utfall": Behovsmelding.Status(utfall).label,
                    "behov": melding.get_behov_display().lower(),
                }
            }
        )


def _besluttet(
    melding: Behovsmelding, *, actor, status: str, npr_kode: int | None = None
) -> Behovsmelding:
    """Record the decision and tell the apps above (the message thread, the notifications)."""
    melding.status = status
    melding.npr_kode = npr_kode
    melding.besluttet_av = ansatt_for(actor)
    melding.besluttet_tid = timezone.now()
    lagre(melding, actor=actor)
    hendelser.behov_besluttet.send(sender=Behovsmelding, instance=melding, actor=actor)
    return melding


@transaction.atomic
def behovsmelding_avslaa(
    *, actor: AbstractBaseUser, behovsmelding: Behovsmelding, grunn: str, kommentar: str = ""
) -> Behovsmelding:
    """Not appointed, with a reason from kodeverk 9188; «ønsker ikke» is NPR code 2."""
    permissions.sjekk_kan_beslutte(user=actor, behovsmelding=behovsmelding)
    melding = _las_ventende(behovsmelding)
    _sjekk_utfall(melding, Behovsmelding.Status.AVSLATT)
    if grunn not in Behovsmelding.Avslagsgrunn.values:
        raise ValidationError({"grunn": _("Oppgi hvorfor det ikke oppnevnes.")})
    if grunn == Behovsmelding.Avslagsgrunn.IKKE_OPPNEVNT and not kommentar.strip():
        raise ValidationError(
            {"kommentar": _("Skriv hvorfor det ikke oppnevnes når grunnen er «annen grunn».")}
        )
    melding.avslagsgrunn = grunn
    melding.avslag_kommentar = kommentar.strip()
    onsker_ikke = grunn == Behovsmelding.Avslagsgrunn.ONSKER_IKKE
    return _besluttet(
        melding,
        actor=actor,
        status=Behovsmelding.Status.AVSLATT,
        npr_kode=Behovsmelding.NprKode.TAKKET_NEI if onsker_ikke else None,
    )


# The outcomes decided without an appointment or a reason, and the NPR code each answers.
UTEN_OPPNEVNING = {
    Behovsmelding.Status.DEKKET: Behovsmelding.NprKode.HAR_IP,
    Behovsmelding.Status.PLAN_OPPRETTES: Behovsmelding.NprKode.ONSKER_IP,
    Behovsmelding.Status.INFORMERT: None,
}


@transaction.atomic
def behovsmelding_beslutt(
    *, actor: AbstractBaseUser, behovsmelding: Behovsmelding, utfall: str
) -> Behovsmelding:
    """Covered by an existing koordinator or plan, a plan is to be made, or the patient was
    informed of the right to a plan and a koordinator."""
    permissions.sjekk_kan_beslutte(user=actor, behovsmelding=behovsmelding)
    melding = _las_ventende(behovsmelding)
    if utfall not in UTEN_OPPNEVNING:
        raise ValidationError({"utfall": _("Velg en beslutning.")})
    _sjekk_utfall(melding, utfall)
    npr_kode = UTEN_OPPNEVNING[utfall]
    if utfall == Behovsmelding.Status.DEKKET and melding.behov != Behov.INDIVIDUELL_PLAN:
        npr_kode = None
    return _besluttet(melding, actor=actor, status=utfall, npr_kode=npr_kode)


def behov_meldt_kommunen(*, actor: AbstractBaseUser, pasient: Pasient) -> list[Behovsmelding]:
    """A hospital sent the kommune a § 23 message («behov for individuell plan og koordinator»):
    the hospital's waiting plan needs for the patient are decided «melding er sendt til
    kommunen», NPR code 31 (called inside the message service's transaction)."""
    organisasjon = ansatt_for(actor).organisasjon
    if not organisasjon.er_sykehus:
        return []
    ventende = Behovsmelding.objects.select_for_update().filter(
        pasient=pasient,
        organisasjon_id=organisasjon.pk,
        behov=Behov.INDIVIDUELL_PLAN,
        status=Behovsmelding.Status.VENTER,
    )
    return [
        _besluttet(
            melding,
            actor=actor,
            status=Behovsmelding.Status.MELDT_KOMMUNEN,
            npr_kode=Behovsmelding.NprKode.MELDT_KOMMUNEN,
        )
        for melding in ventende
    ]


def behov_plan_opprettet(*, actor: AbstractBaseUser, pasient: Pasient) -> list[Behovsmelding]:
    """A plan was made for the patient: the waiting plan needs of the actor's organisation are
    decided «plan opprettes» (called inside the plan service's transaction)."""
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    ventende = Behovsmelding.objects.select_for_update().filter(
        pasient=pasient,
        organisasjon_id=ansatt_for(actor).organisasjon_id,
        behov=Behov.INDIVIDUELL_PLAN,
        status=Behovsmelding.Status.VENTER,
    )
    return [
        _besluttet(
            melding,
            actor=actor,
            status=Behovsmelding.Status.PLAN_OPPRETTES,
            npr_kode=Behovsmelding.NprKode.ONSKER_IP,
        )
        for melding in ventende
    ]


def _tjenesteenhet(*, ansatt: Ansatt, enhet: Enhet, leder: Ansatt) -> int:
    return tjenesteenhet_velg(
        egne=list(
            ansatt.medlemskap.filter(enhet__organisasjon_id=ansatt.organisasjon_id).values_list(
                "enhet_id", flat=True
            )
        ),
        enhet_id=enhet.pk,
        ledet=set(
            leder.medlemskap.filter(rolle=Medlemskap.Rolle.LEDER).values_list("enhet_id", flat=True)
        ),
    )


@transaction.atomic
def oppnevning_opprett(
    *,
    actor: AbstractBaseUser,
    behovsmelding: Behovsmelding,
    ansatt: Ansatt,
    startdato: date,
    pasientens_onsker_hort: bool,
    mandat: str = "",
    pasient_informert_dato: date | None = None,
) -> Oppnevning:
    """The leader appoints a person for a reported need, with a written mandate (a koordinator;
    a kontaktlege or kontaktpsykolog has none). The dates must be true (`regler`): not before
    the need was reported or the admission it answers, the patient informed after the start."""
    permissions.sjekk_kan_beslutte(user=actor, behovsmelding=behovsmelding)
    melding = _las_ventende(behovsmelding)
    oppnevning = lagre(
        Oppnevning(
            pasient=melding.pasient,
            ansatt=ansatt,
            enhet=melding.enhet,
            tjenesteenhet_id=_tjenesteenhet(
                ansatt=ansatt, enhet=melding.enhet, leder=ansatt_for(actor)
            ),
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
    permissions.oppnevningstilgang_gi(oppnevning=oppnevning)
    hendelser.oppnevning_opprettet.send(sender=Oppnevning, instance=oppnevning, actor=actor)
    _besluttet(melding, actor=actor, status=Behovsmelding.Status.OPPNEVNT)
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
    startdato: date,
    grunn: str,
    pasientens_onsker_hort: bool,
    mandat: str = "",
) -> Oppnevning:
    """Reassign: end the current appointment and start a new one that points back to it, on a
    day between the current one's start and today."""
    feil = byttedatofeil(startdato=startdato, gammel=oppnevning)
    if feil:
        raise ValidationError(feil)
    gammel = oppnevning_avslutt(
        actor=actor, oppnevning=oppnevning, sluttdato=startdato, grunn=grunn
    )
    ny = lagre(
        Oppnevning(
            pasient=gammel.pasient,
            ansatt=ny_ansatt,
            enhet=gammel.enhet,
            tjenesteenhet_id=_tjenesteenhet(
                ansatt=ny_ansatt, enhet=gammel.enhet, leder=ansatt_for(actor)
            ),
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
    hendelser.oppnevning_opprettet.send(sender=Oppnevning, instance=ny, actor=actor)
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
    lagre(oppnevning, actor=actor)
    hendelser.mandat_akseptert.send(sender=Oppnevning, instance=oppnevning, actor=actor)
    return oppnevning
