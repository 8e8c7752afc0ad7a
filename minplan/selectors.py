"""What the /min/ pages show about one patient (read only)."""

from django.db.models import Prefetch

from ansvarsgruppe.models import Mote
from individuellplan.models import IndividuellPlan, PlanVersjon
from koordinering.models import Ansatt, Oppnevning, Pasient, Rolle, Samtykke
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


def samtykker_qs(*, pasient: Pasient):
    """The patient's consents with everything the consent page names, in a fixed number of
    queries (one per relation, not per consent)."""
    return (
        Samtykke.objects.filter(pasient=pasient)
        .select_related("dokumentert_av__bruker", "dokumentert_av__organisasjon")
        .prefetch_related(
            "organisasjoner",
            Prefetch("personer", queryset=Ansatt.objects.select_related("bruker", "organisasjon")),
            "parorende",
            "eksterne",
        )
    )


def samtykker(*, pasient: Pasient) -> list[Samtykke]:
    """Valid and coming consents first, then those withdrawn or expired (newest first)."""
    rader = list(samtykker_qs(pasient=pasient))
    return sorted(rader, key=lambda s: (s.trukket_tid is not None or not s.er_aktuelt,))
