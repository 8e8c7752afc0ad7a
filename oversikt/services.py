"""State changes of the overview: ordering a PDF print."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from oversikt.models import OversiktUtskrift
from oversikt.selectors import Utvalg


def utskrift_bestill(
    *, actor: AbstractBaseUser, utvalg: Utvalg, utenfor_organisasjonen: bool
) -> OversiktUtskrift:
    """Store what to print and render it on the `pdf` queue after commit."""
    from oversikt.tasks import pdf_oversikt

    utskrift = OversiktUtskrift(
        organisasjon=utvalg.organisasjon,
        enhet=utvalg.enhet,
        fra=utvalg.fra,
        til=utvalg.til,
        utenfor_organisasjonen=utenfor_organisasjonen,
        bestilt_av=actor.ansatt,
    )
    utskrift.full_clean()
    utskrift.save()
    transaction.on_commit(lambda: pdf_oversikt.delay(utskrift.pk))
    return utskrift
