"""Read models for the plan screens."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery

from felles.sql import Antall, BlantIder
from individuellplan.innhold import filtrert_innhold, plan_innhold, sammenlign
from individuellplan.models import (
    Deltaker,
    Evaluering,
    IndividuellPlan,
    Innspill,
    Maal,
    Tiltak,
)
from individuellplan.permissions import Plantilgang, planeier, plantilgang
from koordinering.models import Oppnevning, PlanDel, Rolle, Samtykke
from koordinering.permissions import KOORDINATORROLLER


@dataclass
class Planside:
    plan: IndividuellPlan
    tilgang: Plantilgang
    koordinator: Oppnevning | None
    hovedmaal: list[Maal]
    deltakere: list[Deltaker]
    tiltak: list[Tiltak]
    samarbeid: list
    evalueringer: list[Evaluering]
    versjoner: list
    samtykker: list
    utskrifter: list
    innspill: list

    @property
    def nye_innspill(self) -> list:
        return [i for i in self.innspill if i.status == Innspill.Status.NY]

    @property
    def behandlede_innspill(self) -> list:
        return [i for i in self.innspill if i.status != Innspill.Status.NY]


def planside(*, plan: IndividuellPlan, tilgang: Plantilgang, user) -> Planside:
    """The plan page in a fixed number of queries, whatever the number of goals and measures.
    Parts the reader may not see are not even read."""
    ser = tilgang.ser
    delmaal = Prefetch("delmaal", queryset=Maal.objects.order_by("rekkefolge", "id"))
    return Planside(
        plan=plan,
        tilgang=tilgang,
        koordinator=(
            Oppnevning.objects.aktive()
            .filter(
                pasient_id=plan.pasient_id, organisasjon_id=plan.eier_id, rolle=Rolle.KOORDINATOR
            )
            .select_related("ansatt__bruker", "enhet")
            .first()
        ),
        hovedmaal=(
            list(plan.maal.filter(hovedmaal=None).prefetch_related(delmaal))
            if ser(PlanDel.MAAL)
            else []
        ),
        deltakere=(
            list(
                plan.deltakere.select_related("ansatt__bruker", "ansatt__organisasjon", "parorende")
            )
            if ser(PlanDel.DELTAKERE)
            else []
        ),
        tiltak=(
            list(
                plan.tiltak.select_related(
                    "ansvarlig__ansatt__bruker",
                    "ansvarlig__ansatt__organisasjon",
                    "ansvarlig__parorende",
                ).prefetch_related("maal")
            )
            if ser(PlanDel.TILTAK)
            else []
        ),
        samarbeid=list(plan.samarbeid.all()) if ser(PlanDel.SAMARBEID) else [],
        evalueringer=(
            list(
                plan.evalueringer.select_related("utfort_av__bruker").prefetch_related(
                    "vurderinger__maal"
                )
            )
            if ser(PlanDel.EVALUERING)
            else []
        ),
        versjoner=list(plan.versjoner.select_related("publisert_av__bruker")),
        samtykker=(
            list(
                Samtykke.objects.gyldige()
                .filter(pasient_id=plan.pasient_id)
                .prefetch_related("organisasjoner", "personer__bruker")
            )
            if tilgang.er_eier
            else []
        ),
        utskrifter=list(
            plan.utskrifter.filter(bestilt_av__bruker=user).select_related("versjon")[:5]
        ),
        # The citizen's contributions from Min plan, for the owner's staff: new ones first.
        innspill=(
            list(
                plan.innspill.exclude(status=Innspill.Status.TRUKKET)
                .select_related("behandlet_av__bruker")
                .order_by("-skrevet", "-pk")[:50]
            )
            if tilgang.er_eier
            else []
        ),
    )


def endringer_siden(*, versjon, plan: IndividuellPlan, deler) -> dict[str, list[str]]:
    """What changed in the current plan since a published version, limited to the reader's
    parts."""
    return sammenlign(
        filtrert_innhold(versjon.innhold, deler), filtrert_innhold(plan_innhold(plan), deler)
    )


@dataclass(frozen=True)
class PlanPaaPasientside:
    plan: IndividuellPlan | None
    tilgang: Plantilgang | None
    kan_opprette: bool

    @property
    def delte_deler(self) -> list[str]:
        """The labels of the parts the reader sees, in the plan's order."""
        deler = self.tilgang.deler if self.tilgang else frozenset()
        return [str(d.label) for d in PlanDel if d.value in deler]


def plan_paa_pasientside(
    *, user, ansatt, pasient, kan_redigere_pasient: bool
) -> PlanPaaPasientside:
    """The patient page's plan box: the open plan if the user may see it, or whether the user
    may start one (the owner organisation's staff who work with the patient). `pasient` comes
    from `visible_to(user)`."""
    plan = (
        IndividuellPlan.objects.filter(pasient=pasient)
        .exclude(status=IndividuellPlan.Status.AVSLUTTET)
        .first()
    )
    if plan is not None:
        return PlanPaaPasientside(
            plan, plantilgang(user=user, plan=plan, synlig_pasient=pasient), False
        )
    eier = planeier(pasient)
    kan_opprette = kan_redigere_pasient and eier is not None and eier.pk == ansatt.organisasjon_id
    return PlanPaaPasientside(None, None, kan_opprette)


def med_egen_plan(oppnevninger, *, ansatt):
    """Annotate appointment rows with the patient's open plan, if the appointment's organisation
    owns it (`plan_id`, `plan_status`, `plan_evaluering`, and the progress `maal_naadd` of
    `maal_totalt`, goals given up not counted), and else with a plan of another organisation
    that a valid consent shares with `ansatt` or their organisation (`delt_plan_id`,
    `delt_plan_eier`): the hospital koordinator sees the kommune's plan as shared. Correlated
    subqueries, so the cost follows the rows shown."""
    aapen = IndividuellPlan.objects.filter(pasient_id=OuterRef("pasient_id")).exclude(
        status=IndividuellPlan.Status.AVSLUTTET
    )
    plan = aapen.filter(eier_id=OuterRef("organisasjon_id"))
    maal = (
        Maal.objects.filter(
            plan__pasient_id=OuterRef("pasient_id"), plan__eier_id=OuterRef("organisasjon_id")
        )
        .exclude(plan__status=IndividuellPlan.Status.AVSLUTTET)
        .exclude(status=Maal.Status.AVBRUTT)
    )
    deling = (
        Samtykke.objects.gyldige()
        .filter(pasient_id=OuterRef("pasient_id"))
        .filter(Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt))
        .exclude(plandeler=[])
    )
    delt = aapen.exclude(eier_id=OuterRef("organisasjon_id")).filter(Exists(deling))
    return oppnevninger.annotate(
        plan_id=Subquery(plan.values("pk")[:1]),
        plan_status=Subquery(plan.values("status")[:1]),
        plan_evaluering=Subquery(plan.values("neste_evaluering")[:1]),
        maal_totalt=Antall(maal.values("pk")),
        maal_naadd=Antall(maal.filter(status=Maal.Status.NAADD).values("pk")),
        delt_plan_id=Subquery(delt.values("pk")[:1]),
        delt_plan_eier=Subquery(delt.values("eier__navn")[:1]),
    )


def _mine_koordinatorpasienter(ansatt):
    """The patients I am the active koordinator of in my organisation, for `pasient_id =
    ANY(ARRAY(…))`: the queries below probe the plans of my own caseload through the one
    open plan per patient index, instead of every plan of the database due by a date."""
    return (
        Oppnevning.objects.aktive()
        .filter(
            ansatt=ansatt,
            organisasjon_id=ansatt.organisasjon_id,
            rolle__in=KOORDINATORROLLER,
        )
        .order_by()
        .values("pasient_id")
    )


def evalueringer_til_forfall(*, ansatt, innen, grense: int = 20) -> list[IndividuellPlan]:
    """Active plans of my organisation whose next evaluation is due by `innen` (or overdue),
    for patients I am the active koordinator of: the evaluation is mine to call."""
    return list(
        IndividuellPlan.objects.filter(
            BlantIder("pasient_id", _mine_koordinatorpasienter(ansatt)),
            status=IndividuellPlan.Status.AKTIV,
            eier_id=ansatt.organisasjon_id,
            neste_evaluering__lte=innen,
        )
        .select_related("pasient")
        .order_by("neste_evaluering", "pk")[:grense]
    )


def innspill_til_behandling(*, ansatt, grense: int = 20) -> list[Innspill]:
    """New contributions from Min plan on open plans of my organisation, for patients I am the
    active koordinator of: taking them into the plan is mine to do. One query."""
    return list(
        Innspill.objects.filter(
            BlantIder("plan__pasient_id", _mine_koordinatorpasienter(ansatt)),
            status=Innspill.Status.NY,
            plan__eier_id=ansatt.organisasjon_id,
        )
        .exclude(plan__status=IndividuellPlan.Status.AVSLUTTET)
        .select_related("plan__pasient")
        .order_by("skrevet", "pk")[:grense]
    )
