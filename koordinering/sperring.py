"""Blocks at the patient's request (pasientjournalloven § 17, pasient- og brukerrettighetsloven
§ 5-3): the KE shuts a named staff member or a whole unit out of the patient's data, and lifts
the block again. `visible_to` leaves blocked patients out (koordinering.querysets), so the block
covers every way in and every record made later. Creating and lifting are written to the
access log (action «sperring») and kept in the block's history."""

import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles import hendelser
from felles.innsending import en_gang
from felles.models import Handling, Tilgangslogg
from felles.services import lagre
from koordinering import permissions
from koordinering.arbeidsrolle import ansatt_for, arbeidsrolle_for
from koordinering.models import Ansatt, Enhet, Innsynshenvendelse, Pasient, Sperring
from koordinering.tilgangslogg import pasienter_vist


def _logg(*, actor, pasient: Pasient, sperring: Sperring, tekst: str) -> None:
    pasienter_vist(
        user=actor,
        arbeidsrolle=arbeidsrolle_for(user=actor),
        pasient_ider=[pasient.pk],
        dokument=tekst,
        handling=Handling.SPERRING,
        objekt={"objekt_type": Sperring._meta.label_lower, "objekt_id": sperring.pk},
    )


def sperring_opprett(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    begrunnelse: str,
    ansatt: Ansatt | None = None,
    enhet: Enhet | None = None,
) -> Sperring:
    permissions.sjekk_kan_forvalte_sperringer(user=actor, pasient=pasient)
    egen = ansatt_for(actor)
    if ansatt is not None and ansatt.pk == egen.pk:
        raise ValidationError(_("Du kan ikke sperre deg selv. Be en kollega i KE gjøre det."))
    if enhet is not None and enhet.er_koordinerende_enhet:
        raise ValidationError(
            _("En koordinerende enhet kan ikke sperres som helhet; sperr navngitte ansatte.")
        )
    with transaction.atomic():
        # The log row is written while the KE still sees the patient (before the block).
        sperring = lagre(
            Sperring(
                pasient=pasient,
                ansatt=ansatt,
                enhet=enhet,
                begrunnelse=begrunnelse,
                opprettet_av=egen,
            ),
            actor=actor,
        )
        _logg(
            actor=actor,
            pasient=pasient,
            sperring=sperring,
            tekst=_("Sperring opprettet for %(hvem)s") % {"hvem": sperring},
        )
    return sperring


def sperring_opphev(*, actor: AbstractBaseUser, sperring: Sperring, grunn: str) -> Sperring:
    permissions.sjekk_kan_forvalte_sperringer(user=actor, pasient=sperring.pasient)
    if sperring.opphevet is not None:
        raise ValidationError(_("Sperringen er allerede opphevet."))
    if not grunn.strip():
        raise ValidationError({"opphevingsgrunn": _("Skriv hvorfor sperringen oppheves.")})
    with transaction.atomic():
        sperring.opphevet, sperring.opphevet_av = timezone.now(), ansatt_for(actor)
        sperring.opphevingsgrunn = grunn
        lagre(sperring, actor=actor)
        _logg(
            actor=actor,
            pasient=sperring.pasient,
            sperring=sperring,
            tekst=_("Sperring opphevet for %(hvem)s") % {"hvem": sperring},
        )
    return sperring


def innsynshenvendelse_opprett(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    tilgangslogg: Tilgangslogg,
    art: str,
    tekst: str,
    sperre: str = "",
    fra_navn: str,
    fra_rolle: str,
    innsending_id: uuid.UUID | None = None,
) -> Innsynshenvendelse:
    """A citizen's question about a read, or wish for a block, to the KE of the organisation
    that read (`tilgangslogg.organisasjon`). The caller (Min plan) has checked that the citizen
    may see the patient's access log; `actor` is Min plan's technical user. The KE is told
    through `hendelser.innsyn_henvendt`; a double submit makes one request."""
    if tilgangslogg.pasient_id != pasient.pk or tilgangslogg.organisasjon_id is None:
        raise ValidationError(_("Denne lesingen kan du ikke spørre om."))

    def lag() -> Innsynshenvendelse:
        henvendelse = lagre(
            Innsynshenvendelse(
                pasient=pasient,
                tilgangslogg=tilgangslogg,
                organisasjon_id=tilgangslogg.organisasjon_id,
                art=art,
                sperre=sperre if art == Innsynshenvendelse.Art.SPERRING else "",
                tekst=tekst.strip(),
                fra_navn=fra_navn,
                fra_rolle=fra_rolle,
            ),
            actor=actor,
        )
        hendelser.innsyn_henvendt.send(sender=Innsynshenvendelse, instance=henvendelse, actor=actor)
        return henvendelse

    with transaction.atomic():
        return en_gang(innsending_id, actor=actor, lag=lag)
