"""State changes of the overview: ordering a PDF print, and rendering it."""

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from felles.jobber import etter_commit
from felles.replika import fra_replika
from felles.utskrift import utskrift_lag
from oversikt.models import OversiktUtskrift
from oversikt.rapport import oversikt_pdf, utvalg_for_utskrift
from oversikt.selectors import Utvalg


def utskrift_bestill(
    *, actor: AbstractBaseUser, utvalg: Utvalg, utenfor_organisasjonen: bool
) -> OversiktUtskrift:
    """Store what to print and render it on the `pdf` queue after commit."""
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
    etter_commit("oversikt.tasks.pdf_oversikt", utskrift.pk)
    return utskrift


def utskrift_pdf_lag(*, utskrift_id: int) -> bool:
    """Render the ordered overview once and store it; a finished print is not rendered again.
    A render failure marks the print as failed instead of raising."""
    utskrift = utskrift_lag(
        queryset=OversiktUtskrift.objects.select_related("organisasjon", "enhet"),
        pk=utskrift_id,
        filfelt="fil",
        er_laget=lambda u: u.status == OversiktUtskrift.Status.FERDIG and bool(u.fil),
        lag_pdf=_pdf,
        filnavn=lambda u: f"ke-oversikt-{u.pk}-{u.fra:%Y%m%d}-{u.til:%Y%m%d}.pdf",
        ferdig=_ferdig,
        feilet=_feilet,
    )
    return utskrift is not None


def _pdf(utskrift: OversiktUtskrift) -> bytes:
    with fra_replika():
        return oversikt_pdf(utvalg_for_utskrift(utskrift), utenfor=utskrift.utenfor_organisasjonen)


def _ferdig(utskrift: OversiktUtskrift) -> list[str]:
    utskrift.status = OversiktUtskrift.Status.FERDIG
    utskrift.ferdig = timezone.now()
    return ["status", "ferdig"]


def _feilet(utskrift: OversiktUtskrift) -> list[str]:
    utskrift.status = OversiktUtskrift.Status.FEILET
    return ["status"]
