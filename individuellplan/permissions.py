"""Who may read and change which parts of an individual plan.

The owner organisation's staff with a work-related need for the patient read the whole plan;
the owner's koordinator and the owning unit edit it. Staff of another organisation read only
the parts that a valid consent shares with their organisation or with them by name, and
contribute to those parts when they work with the patient (an active appointment). Consent is
read on every request, so withdrawal or expiry ends access at once."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from felles.models import Tilgangsgrunnlag
from individuellplan.models import IndividuellPlan
from koordinering.models import (
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Pasient,
    PlanDel,
    Rolle,
    Samtykke,
    Tilknytning,
)

ALLE_DELER = frozenset(PlanDel.values)


def planeier(pasient: Pasient) -> Organisasjon | None:
    """The kommune owns the plan when the patient gets services from both levels; the hospital
    when only the hospital serves the patient (hol § 7-1, sphl § 2-5)."""
    organisasjoner = {
        t.organisasjon
        for t in Tilknytning.objects.aktive().filter(pasient=pasient).select_related("organisasjon")
    }
    kommuner = sorted((o for o in organisasjoner if o.er_kommune), key=lambda o: o.pk)
    if pasient.hjemkommune in kommuner:
        return pasient.hjemkommune
    if kommuner:
        return kommuner[0]
    sykehus = sorted((o for o in organisasjoner if o.er_sykehus), key=lambda o: o.pk)
    return sykehus[0] if sykehus else None


def har_gyldig_samtykke_til_plan(pasient: Pasient) -> bool:
    """A plan is started only with a valid consent that covers the plan process."""
    return Samtykke.objects.gyldige().filter(pasient=pasient, gjelder_planprosess=True).exists()


@dataclass(frozen=True)
class Plantilgang:
    plan: IndividuellPlan
    er_eier: bool
    deler: frozenset[str]
    redigerbare_deler: frozenset[str]
    grunnlag: str

    @property
    def kan_redigere_planen(self) -> bool:
        """Status, period and publishing belong to the owner's koordinator and unit."""
        return self.er_eier and self.redigerbare_deler == ALLE_DELER

    def ser(self, del_: str) -> bool:
        return del_ in self.deler

    def redigerer(self, del_: str) -> bool:
        return del_ in self.redigerbare_deler


def _delte_deler(*, ansatt, pasient_id: int) -> frozenset[str]:
    """The plan parts valid consents share with the person's organisation or with them."""
    delinger = (
        Samtykke.objects.gyldige()
        .filter(pasient_id=pasient_id)
        .filter(Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt))
        .values_list("plandeler", flat=True)
    )
    deler = {del_ for plandeler in delinger for del_ in (plandeler or [])}
    return frozenset(deler) & ALLE_DELER


def plantilgang(
    *, user, plan: IndividuellPlan, synlig_pasient: Pasient | None = None
) -> Plantilgang | None:
    """`synlig_pasient`: the plan's patient as `visible_to(user)` gave it in this request (with
    `tilgangsgrunnlag`), when the caller already has it: the patient page does, and then the
    same visibility query is not run twice."""
    ansatt = getattr(user, "ansatt", None)
    if ansatt is None:
        return None
    if synlig_pasient is not None and synlig_pasient.pk == plan.pasient_id:
        pasient = synlig_pasient
    else:
        pasient = Pasient.objects.visible_to(user).filter(pk=plan.pasient_id).first()
    if pasient is None:
        return None
    aktiv_oppnevning = Oppnevning.objects.aktive().filter(ansatt=ansatt, pasient_id=plan.pasient_id)
    if ansatt.organisasjon_id == plan.eier_id:
        redigerer = (
            aktiv_oppnevning.filter(rolle=Rolle.KOORDINATOR).exists()
            or Medlemskap.objects.filter(ansatt=ansatt, enhet_id=plan.eier_enhet_id).exists()
        )
        return Plantilgang(
            plan=plan,
            er_eier=True,
            deler=ALLE_DELER,
            redigerbare_deler=ALLE_DELER if redigerer else frozenset(),
            grunnlag=pasient.tilgangsgrunnlag,
        )
    deler = _delte_deler(ansatt=ansatt, pasient_id=plan.pasient_id)
    if not deler:
        return None
    return Plantilgang(
        plan=plan,
        er_eier=False,
        deler=deler,
        redigerbare_deler=deler if aktiv_oppnevning.exists() else frozenset(),
        grunnlag=Tilgangsgrunnlag.SAMTYKKE,
    )


def plan_for(*, user, plan_id: int, del_: str | None = None, redigere: bool = False):
    """The plan and the user's access to it, or 404 — also when the part asked for is not
    shared with the user, or may not be changed by them."""
    plan = (
        IndividuellPlan.objects.select_related("pasient", "eier", "eier_enhet")
        .filter(pk=plan_id)
        .first()
    )
    tilgang = plantilgang(user=user, plan=plan) if plan else None
    if not _tillater(tilgang, del_=del_, redigere=redigere):
        raise Http404
    return plan, tilgang


def sjekk_plantilgang(
    *, user, plan: IndividuellPlan, del_: str | None = None, redigere: bool = True
) -> Plantilgang:
    """For services: the same rule as `plan_for` (by default, to change the whole plan; with
    `del_`, one part of it; with `redigere=False`, to read it), `PermissionDenied` if not."""
    tilgang = plantilgang(user=user, plan=plan)
    if not _tillater(tilgang, del_=del_, redigere=redigere):
        raise PermissionDenied
    return tilgang


def _tillater(tilgang: Plantilgang | None, *, del_: str | None, redigere: bool) -> bool:
    if tilgang is None:
        return False
    if del_ is not None:
        return tilgang.redigerer(del_) if redigere else tilgang.ser(del_)
    return tilgang.kan_redigere_planen or not redigere
