"""Staff record and end mandates (Representasjon) for a patient. The same permission as the
patient's other records: the koordinator, the patient's unit or the KE that may change the
patient (`Pasient.objects.editable_by`)."""

import uuid
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.innsending import en_gang
from felles.services import lagre
from koordinering import permissions
from koordinering.arbeidsrolle import ansatt_for
from koordinering.models import Pasient
from minplan.models import Representasjon

FELTER = ("fodselsnummer", "navn", "art", "gyldig_fra", "gyldig_til", "omfang", "merknad")


@transaction.atomic
def representasjon_opprett(
    *,
    actor: AbstractBaseUser,
    pasient: Pasient,
    innsending_id: uuid.UUID | None = None,
    **felter,
) -> Representasjon:
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=pasient)
    data = {k: felter[k] for k in FELTER if k in felter}
    if data.get("art") != Representasjon.Art.FULLMAKT:
        data["omfang"] = []  # parental responsibility and guardianship cover everything
    rep = Representasjon(pasient=pasient, registrert_av=ansatt_for(actor), **data)
    return en_gang(innsending_id, actor=actor, lag=lambda: lagre(rep, actor=actor))


@transaction.atomic
def representasjon_avslutt(
    *, actor: AbstractBaseUser, representasjon: Representasjon, gyldig_til: date
) -> Representasjon:
    """End a mandate on `gyldig_til` (the last day it holds). The row stays; history shows
    who ended it and when."""
    permissions.sjekk_kan_redigere_pasient(user=actor, pasient=representasjon.pasient)
    rep = Representasjon.objects.select_for_update().get(pk=representasjon.pk)
    if rep.gyldig_til is not None and rep.gyldig_til < timezone.localdate():
        raise ValidationError(_("Mandatet er allerede avsluttet."))
    if gyldig_til < rep.gyldig_fra:
        raise ValidationError({"gyldig_til": _("Sluttdatoen kan ikke være før startdatoen.")})
    rep.gyldig_til = gyldig_til
    return lagre(rep, actor=actor)
