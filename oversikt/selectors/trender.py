"""Trends: at least twelve full months of reported needs, appointments, plans, evaluations,
meetings and messages, and the patients with an appointment at each month's end."""

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, DateField, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ansvarsgruppe.models import Mote
from individuellplan.models import Evaluering, IndividuellPlan
from koordinering.models import Behovsmelding, Oppnevning, Rolle, Tilknytning
from oversikt.selectors.meldinger import INTERN, MOTTATT, SENDT, meldingsdata
from oversikt.selectors.utvalg import Nokkeltall, Utvalg, aktiv_paa, dagstart
from oversikt.tabeller import Tabell, antall, tekst

if TYPE_CHECKING:
    from oversikt.selectors import Beregning


def evalueringer(u: Utvalg, fra: date, til: date) -> QuerySet:
    return Evaluering.objects.filter(
        u.i_enhetene("plan__eier_enhet_id"), plan__eier_id=u.org_id, dato__gte=fra, dato__lte=til
    )


def moter(u: Utvalg, fra: datetime, til: datetime) -> QuerySet:
    """Meetings held (not cancelled, already started) in [fra, til)."""
    motene = Mote.objects.filter(
        gruppe__organisasjon_id=u.org_id,
        status=Mote.Status.PLANLAGT,
        start__gte=fra,
        start__lt=min(til, timezone.now()),
    )
    if u.enheter is not None:
        motene = motene.filter(
            Exists(
                Tilknytning.objects.filter(
                    u.i_enhetene("enhet_id"),
                    Q(til__isnull=True) | Q(til__gte=timezone.localdate(fra)),
                    organisasjon_id=u.org_id,
                    pasient_id=OuterRef("gruppe__pasient_id"),
                    fra__lt=timezone.localdate(til) + timedelta(days=1),
                )
            )
        )
    return motene


NOKKELTALL: dict[str, Nokkeltall] = {
    "oppnevning_ny": Nokkeltall(
        _l("Pasienter med nye oppnevninger"),
        lambda u, p: Oppnevning.objects.filter(
            u.i_enhetene("enhet_id"),
            organisasjon_id=u.org_id,
            startdato__gte=u.fra,
            startdato__lte=u.til,
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
    ),
    "plan_ny": Nokkeltall(
        _l("Pasienter med nye individuelle planer"),
        lambda u, p: IndividuellPlan.objects.filter(
            u.i_enhetene("eier_enhet_id"),
            eier_id=u.org_id,
            opprettet__gte=u.start,
            opprettet__lt=u.slutt,
        ),
        datofelt="opprettet",
        datotittel=_l("Plan opprettet"),
    ),
    "evaluering": Nokkeltall(
        _l("Pasienter med evaluering av planen"),
        lambda u, p: evalueringer(u, u.fra, u.til),
        pasientfelt="plan__pasient_id",
        datofelt="dato",
        datotittel=_l("Evaluert"),
    ),
    "mote": Nokkeltall(
        _l("Pasienter med ansvarsgruppemøte"),
        lambda u, p: moter(u, u.start, u.slutt),
        pasientfelt="gruppe__pasient_id",
        datofelt="start",
        datotittel=_l("Møte"),
    ),
}


def _per_maaned(poster: QuerySet, felt: str, *grupper: str) -> dict:
    rader = (
        poster.order_by()
        .annotate(maaned=TruncMonth(felt, output_field=DateField()))
        .values("maaned", *grupper)
        .annotate(n=Count("pk"))
    )
    return {(r["maaned"], *(r[g] for g in grupper)): r["n"] for r in rader}


def trender(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    maaneder = u.maaneder
    forste, start = maaneder[0], dagstart(maaneder[0])
    behov = _per_maaned(
        Behovsmelding.objects.filter(
            u.i_enhetene("enhet_id"),
            organisasjon_id=u.org_id,
            opprettet__gte=start,
            opprettet__lt=u.slutt,
        ),
        "opprettet",
    )
    nye = _per_maaned(
        Oppnevning.objects.filter(
            u.i_enhetene("enhet_id"),
            organisasjon_id=u.org_id,
            startdato__gte=forste,
            startdato__lte=u.til,
        ),
        "startdato",
    )
    planer = _per_maaned(
        IndividuellPlan.objects.filter(
            u.i_enhetene("eier_enhet_id"),
            eier_id=u.org_id,
            opprettet__gte=start,
            opprettet__lt=u.slutt,
        ),
        "opprettet",
    )
    evaluert = _per_maaned(evalueringer(u, forste, u.til), "dato")
    motene = _per_maaned(moter(u, start, u.slutt), "start")
    meldt = (b.meldinger if b else meldingsdata(u)).per_maaned
    # Appointments active at each month's end: one scan, one FILTER per month and role. An
    # organisation has at most one active appointment per patient and role, so this counts
    # patients.
    bestand = (
        Oppnevning.objects.filter(
            Q(sluttdato__isnull=True) | Q(sluttdato__gt=forste),
            u.i_enhetene("enhet_id"),
            organisasjon_id=u.org_id,
            startdato__lte=u.til,
        )
        .order_by()
        .aggregate(
            **{
                f"{rolle}_{i}": Count("pk", filter=Q(rolle=rolle) & aktiv_paa(u.maanedsslutt(m)))
                for i, m in enumerate(maaneder)
                for rolle in u.roller
            }
        )
    )
    rollenavn = {
        Rolle.KOORDINATOR: _("Pasienter med koordinator ved månedsslutt"),
        Rolle.BARNEKOORDINATOR: _("Pasienter med barnekoordinator ved månedsslutt"),
        Rolle.KONTAKTLEGE: _("Pasienter med kontaktlege ved månedsslutt"),
        Rolle.KONTAKTPSYKOLOG: _("Pasienter med kontaktpsykolog ved månedsslutt"),
    }
    tabell = Tabell(
        "trender",
        _("Utvikling per måned"),
        [
            _("Måned"),
            _("Meldte behov"),
            _("Nye oppnevninger"),
            *(str(rollenavn[r]) for r in u.roller),
            _("Nye individuelle planer"),
            _("Evalueringer av planer"),
            _("Ansvarsgruppemøter"),
            _("Meldinger sendt"),
            _("Meldinger mottatt"),
            _("Interne meldinger"),
        ],
        beskrivelse=_("Minst tolv hele måneder bakover. Siste måned teller til periodens slutt."),
    )
    for i, m in enumerate(maaneder):
        slutt = u.maanedsslutt(m)
        periode = {"fra": f"{m:%Y-%m-%d}", "til": f"{slutt:%Y-%m-%d}"}
        tabell.rader.append(
            [
                tekst(dateformat.format(m, "F Y").capitalize()),
                antall(behov.get((m,), 0), maal="behov", **periode),
                antall(nye.get((m,), 0), maal="oppnevning_ny", **periode),
                *(
                    antall(bestand[f"{rolle}_{i}"], maal="oppnevning", rolle=rolle, **periode)
                    for rolle in u.roller
                ),
                antall(planer.get((m,), 0), maal="plan_ny", **periode),
                antall(evaluert.get((m,), 0), maal="evaluering", **periode),
                antall(motene.get((m,), 0), maal="mote", **periode),
                *(
                    antall(meldt.get((m, r), 0), maal="melding", retning=r, **periode)
                    for r in (SENDT, MOTTATT, INTERN)
                ),
            ]
        )
    return [tabell]
