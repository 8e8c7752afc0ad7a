"""What the /min/ pages show about one patient (read only)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.utils import timezone

from ansvarsgruppe.models import Mote
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from individuellplan.models import IndividuellPlan, PlanVersjon
from koordinering.models import Innsynshenvendelse, Oppnevning, Organisasjon, Pasient, Rolle
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


@dataclass
class Organisasjonsgruppe:
    organisasjon: Organisasjon | None  # None: reads in Min plan (the citizen's own)
    rader: list = field(default_factory=list)


@dataclass
class Dag:
    dato: date
    grupper: list[Organisasjonsgruppe] = field(default_factory=list)


def innsyn_side(*, pasient: Pasient, side: str | None, per_side: int = 50):
    """One page of the access log about the patient, newest first, grouped by day and, within
    a day, by organisation; each row carries the citizen's requests about it (`henvendelser`).
    Three queries whatever the page: the count, the rows, the requests."""
    siden = Paginator(innsyn_rader(pasient).reverse(), per_side).get_page(side)
    rader = list(siden.object_list)
    henvendelser: dict[int, list[Innsynshenvendelse]] = {}
    for h in Innsynshenvendelse.objects.filter(
        tilgangslogg_id__in=[r.pk for r in rader]
    ).select_related("organisasjon"):
        henvendelser.setdefault(h.tilgangslogg_id, []).append(h)
    dager: dict[date, dict[int | None, Organisasjonsgruppe]] = {}
    for r in rader:
        r.henvendelser = henvendelser.get(r.pk, [])
        r.i_min_plan = r.grunnlag in (Tilgangsgrunnlag.PASIENTEN, Tilgangsgrunnlag.REPRESENTANT)
        grupper = dager.setdefault(timezone.localtime(r.tidspunkt).date(), {})
        grupper.setdefault(r.organisasjon_id, Organisasjonsgruppe(r.organisasjon)).rader.append(r)
    return siden, [Dag(d, list(g.values())) for d, g in dager.items()]


def innsyn_rad(*, pasient: Pasient, rad_id: int) -> Tilgangslogg | None:
    """A row of the patient's access log that a request can be about (another organisation's
    read, not the citizen's own)."""
    return (
        innsyn_rader(pasient)
        .filter(pk=rad_id, organisasjon__isnull=False)
        .exclude(grunnlag__in=[Tilgangsgrunnlag.PASIENTEN, Tilgangsgrunnlag.REPRESENTANT])
        .first()
    )
