"""What the /min/ pages show about one patient (read only)."""

from ansvarsgruppe.models import Mote
from individuellplan.models import IndividuellPlan, PlanVersjon
from koordinering.models import Oppnevning, Pasient, Rolle
from koordinering.selectors import innsyn_rader

KONTAKTROLLER = (
    Rolle.KOORDINATOR,
    Rolle.BARNEKOORDINATOR,
    Rolle.KONTAKTLEGE,
    Rolle.KONTAKTPSYKOLOG,
)


def kontaktpersoner(*, pasient: Pasient) -> list[Oppnevning]:
    """The patient's koordinator and kontaktlege (or -psykolog) now, with their unit."""
    return list(
        Oppnevning.objects.aktive()
        .filter(pasient=pasient, rolle__in=KONTAKTROLLER)
        .select_related("ansatt__bruker", "enhet", "organisasjon")
        .order_by("rolle", "startdato")
    )


def gjeldende_versjon(*, pasient: Pasient) -> PlanVersjon | None:
    """The newest published version of the patient's open plan (a draft is never shown)."""
    return (
        PlanVersjon.objects.filter(plan__pasient=pasient)
        .exclude(plan__status=IndividuellPlan.Status.AVSLUTTET)
        .select_related("plan")
        .order_by("-publisert", "-nummer")
        .first()
    )


def kommende_moter(*, pasient: Pasient, fra, grense: int = 5) -> list[Mote]:
    return list(
        Mote.objects.filter(
            gruppe__pasient=pasient, status=Mote.Status.PLANLAGT, slutt__gte=fra
        ).order_by("start")[:grense]
    )


def hvem_har_sett(*, pasient: Pasient, grense: int = 500):
    """The access log about the patient, newest first (the KE's innsyn rows)."""
    return list(innsyn_rader(pasient).reverse()[:grense])
