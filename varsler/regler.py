"""The reminder rules: which deadlines are due today, who is reminded and where the reminder
points. Each rule is one indexed query over one table (see the partial indexes named in each
rule's model); `services.paminnelser_skann` runs them all, `services.paminnelser_lever` delivers.

A new rule is one `Regel(...)` in `REGLER` and one `Paminnelsestype` value.

What is due depends only on the date and on the rows of the rule's tables, so a scan skips a
rule that already ran today when none of its tables has changed since (their history tables
say so; every case model keeps history, and services only change rows with `save()`). An idle
tick is then a handful of index probes, however many deadlines are due.

Due means «the deadline has been reached» (or is near, for the «snart» kinds). Deadlines older
than `TILBAKEBLIKK` days are not looked at: the scan runs every few minutes, so they were
reminded about long ago, and the scan stays proportional to what is due, not to history.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from ansvarsgruppe.models import Mote, Oppgave, Referat
from felles.sql import DatoPluss
from individuellplan.models import IndividuellPlan
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Oppnevning,
    Rolle,
    Samtykke,
)
from meldinger.models import Melding
from varsler.models import Paminnelsestype

TILBAKEBLIKK = 30
EVALUERING_VARSEL_DAGER = 14
SAMTYKKE_VARSEL_DAGER = 30
OPPGAVE_VARSEL_DAGER = 3
REFERAT_DAGER = 7
BEHOV_DAGER = 7
OPPLAERING_MAANEDER = 3
KOORDINATORROLLER = [Rolle.KOORDINATOR, Rolle.BARNEKOORDINATOR]


@dataclass(frozen=True)
class Regel:
    type: str
    modell: type[models.Model]
    # The due objects today (`idag`), as a queryset over `modell`.
    kandidater: Callable[[date], models.QuerySet]
    # The deadline as an SQL date expression, and the path to the patient id (a field path,
    # or an annotation `kandidater` makes).
    forfall: models.Expression
    pasient: str
    # Who is reminded (user ids) and the page the reminder opens, from one object.
    mottakere: Callable[[models.Model], set[int]]
    lenke: Callable[[models.Model], str]
    select_related: tuple[str, ...] = ()
    # Other tables whose rows decide what is due (beyond `modell`): a change in any of them
    # makes the next scan run the rule again, even on the same day.
    avhenger_ogsaa_av: tuple[type[models.Model], ...] = ()

    @property
    def tabeller(self) -> tuple[type[models.Model], ...]:
        return (self.modell, *self.avhenger_ogsaa_av)


def _dagstart(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


def _bak(idag: date) -> date:
    return idag - timedelta(days=TILBAKEBLIKK)


# --- who is reminded ---------------------------------------------------------------------------


def koordinatorer(pasient_id: int, organisasjon_id: int | None = None) -> set[int]:
    oppnevninger = Oppnevning.objects.aktive().filter(
        pasient_id=pasient_id, rolle__in=KOORDINATORROLLER
    )
    if organisasjon_id is not None:
        oppnevninger = oppnevninger.filter(organisasjon_id=organisasjon_id)
    return set(oppnevninger.values_list("ansatt__bruker_id", flat=True))


def ledere(enhet_id: int) -> set[int]:
    return set(
        Medlemskap.objects.filter(enhet_id=enhet_id, rolle=Medlemskap.Rolle.LEDER).values_list(
            "ansatt__bruker_id", flat=True
        )
    )


def ledere_ellers_alle(enhet_id: int) -> set[int]:
    return ledere(enhet_id) or set(
        Medlemskap.objects.filter(enhet_id=enhet_id).values_list("ansatt__bruker_id", flat=True)
    )


def koordinerende_enhet(organisasjon_id: int) -> set[int]:
    return set(
        Medlemskap.objects.filter(
            enhet__organisasjon_id=organisasjon_id, enhet__type=Enhet.Type.KOORDINERENDE_ENHET
        ).values_list("ansatt__bruker_id", flat=True)
    )


def _plan_mottakere(plan: IndividuellPlan) -> set[int]:
    return koordinatorer(plan.pasient_id, plan.eier_id) or ledere(plan.eier_enhet_id)


def _samtykke_mottakere(samtykke: Samtykke) -> set[int]:
    # A consent given digitally with ID-porten has no staff member who documented it.
    dokumentert = {samtykke.dokumentert_av.bruker_id} if samtykke.dokumentert_av else set()
    return koordinatorer(samtykke.pasient_id) | dokumentert


def _oppgave_mottakere(oppgave: Oppgave) -> set[int]:
    if oppgave.ansvarlig.ansatt_id:
        return {oppgave.ansvarlig.ansatt.bruker_id}
    gruppe = oppgave.referat.mote.gruppe
    return {(gruppe.leder or gruppe.opprettet_av).bruker_id}


def _referat_mottakere(mote: Mote) -> set[int]:
    ansatte = [mote.innkalt_av, mote.gruppe.leder, mote.gruppe.referent]
    return {a.bruker_id for a in ansatte if a is not None}


def _melding_mottakere(melding: Melding) -> set[int]:
    if melding.mottaker_ansatt_id:
        return {melding.mottaker_ansatt.bruker_id}
    return ledere_ellers_alle(melding.mottaker_enhet_id)


def _opplaering_mottakere(oppnevning: Oppnevning) -> set[int]:
    return koordinerende_enhet(oppnevning.organisasjon_id) | {oppnevning.oppnevnt_av.bruker_id}


def _plan_lenke(plan: IndividuellPlan) -> str:
    return reverse("individuellplan:plan-detalj", kwargs={"pk": plan.pk})


def _pasient_lenke(obj) -> str:
    return reverse("koordinering:pasient-detalj", kwargs={"pk": obj.pasient_id})


def _behov_lenke(behov: Behovsmelding) -> str:
    return reverse("koordinering:behov-detalj", kwargs={"pk": behov.pk})


# --- which deadlines are due -----------------------------------------------------------------


def _uten(kandidater: models.QuerySet, navn: str, finnes: models.QuerySet) -> models.QuerySet:
    """The candidates for which `finnes` (correlated through OuterRef) has no row.

    Written as «(SELECT id … LIMIT 1) IS NULL», not NOT EXISTS: PostgreSQL runs the subquery
    once per candidate through an index, so the cost follows the candidates in the date window.
    NOT EXISTS becomes an anti-join, which the planner ran as a hash of every consent or every
    approved minutes at 1,000,000 deadlines (cost growing with history; bench/bench_paminnelser.py).
    """
    return kandidater.alias(**{navn: Subquery(finnes.order_by().values("pk")[:1])}).filter(
        **{f"{navn}__isnull": True}
    )


def _med_gruppens_pasient(oppgaver: models.QuerySet) -> models.QuerySet:
    """The action item's patient (minutes → meeting → group), looked up per due item rather
    than joined: the three-table join made the planner hash every minutes row (a Seq Scan that
    grows with history) and move the anti-join between 100,000 and 1,000,000 deadlines."""
    sti = Referat.objects.filter(pk=OuterRef("referat_id")).values("mote__gruppe__pasient_id")
    return oppgaver.annotate(gruppens_pasient=Subquery(sti[:1]))


def _aapne_planer():
    return IndividuellPlan.objects.exclude(status=IndividuellPlan.Status.AVSLUTTET)


def _samtykker_uten_etterfolger(idag: date):
    etterfolger = Samtykke.objects.filter(
        pasient_id=OuterRef("pasient_id"),
        trukket_tid__isnull=True,
        gyldig_fra__lte=DatoPluss(OuterRef("gyldig_til"), dager=1),
    ).filter(Q(gyldig_til__isnull=True) | Q(gyldig_til__gt=OuterRef("gyldig_til")))
    kandidater = Samtykke.objects.filter(
        trukket_tid__isnull=True,
        gyldig_fra__lte=idag,
        gyldig_til__range=(idag, idag + timedelta(days=SAMTYKKE_VARSEL_DAGER)),
    )
    return _uten(kandidater, "etterfolger", etterfolger)


def _utlopte_samtykker(idag: date):
    gyldig_naa = Samtykke.objects.gyldige(idag).filter(pasient_id=OuterRef("pasient_id"))
    kandidater = Samtykke.objects.filter(
        trukket_tid__isnull=True, gyldig_til__range=(_bak(idag), idag - timedelta(days=1))
    )
    return _uten(kandidater, "gyldig_naa", gyldig_naa)


def _moter_uten_godkjent_referat(idag: date):
    godkjent_en_gang = Referat.objects.filter(mote_id=OuterRef("pk")).filter(
        Q(status=Referat.Status.GODKJENT) | Q(revisjon__gt=1)
    )
    siste_motedag = idag - timedelta(days=REFERAT_DAGER)
    kandidater = Mote.objects.filter(
        status=Mote.Status.PLANLAGT,
        start__gte=_dagstart(_bak(siste_motedag)),
        start__lt=_dagstart(siste_motedag + timedelta(days=1)),
    )
    return _uten(kandidater, "godkjent_referat", godkjent_en_gang)


def _ubehandlede_behov(idag: date):
    siste_dag = idag - timedelta(days=BEHOV_DAGER)
    return Behovsmelding.objects.filter(
        status=Behovsmelding.Status.VENTER,
        opprettet__gte=_dagstart(_bak(siste_dag)),
        opprettet__lt=_dagstart(siste_dag + timedelta(days=1)),
    )


def _koordinatorer_uten_opplaering(idag: date):
    siste_start = idag - relativedelta(months=OPPLAERING_MAANEDER)
    return Oppnevning.objects.filter(
        sluttdato__isnull=True,
        rolle__in=KOORDINATORROLLER,
        startdato__range=(_bak(siste_start), siste_start),
        ansatt__koordinatoropplaering_fullfort__isnull=True,
    )


def _i_gaar(idag: date) -> date:
    return idag - timedelta(days=1)


def _planregel(type_: str, kandidater) -> "Regel":
    return Regel(
        type=type_,
        modell=IndividuellPlan,
        kandidater=kandidater,
        forfall=F("neste_evaluering"),
        pasient="pasient_id",
        mottakere=_plan_mottakere,
        lenke=_plan_lenke,
    )


def _samtykkeregel(type_: str, kandidater) -> "Regel":
    return Regel(
        type=type_,
        modell=Samtykke,
        kandidater=kandidater,
        forfall=F("gyldig_til"),
        pasient="pasient_id",
        mottakere=_samtykke_mottakere,
        lenke=_pasient_lenke,
        select_related=("dokumentert_av",),
    )


def _oppgaveregel(type_: str, kandidater) -> "Regel":
    return Regel(
        type=type_,
        modell=Oppgave,
        kandidater=lambda idag: _med_gruppens_pasient(kandidater(idag)),
        forfall=F("frist"),
        pasient="gruppens_pasient",
        mottakere=_oppgave_mottakere,
        lenke=lambda o: reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": o.referat.mote_id}),
        select_related=("ansvarlig__ansatt", "referat__mote__gruppe"),
    )


REGLER: list[Regel] = [
    _planregel(
        Paminnelsestype.EVALUERING_FORFALLER,
        lambda idag: _aapne_planer().filter(
            neste_evaluering__range=(idag, idag + timedelta(days=EVALUERING_VARSEL_DAGER))
        ),
    ),
    _planregel(
        Paminnelsestype.EVALUERING_FORFALT,
        lambda idag: _aapne_planer().filter(neste_evaluering__range=(_bak(idag), _i_gaar(idag))),
    ),
    _samtykkeregel(Paminnelsestype.SAMTYKKE_UTLOPER, _samtykker_uten_etterfolger),
    _samtykkeregel(Paminnelsestype.SAMTYKKE_UTLOPT, _utlopte_samtykker),
    _oppgaveregel(
        Paminnelsestype.OPPGAVE_FORFALLER,
        lambda idag: Oppgave.objects.aapne().filter(
            frist__range=(idag, idag + timedelta(days=OPPGAVE_VARSEL_DAGER))
        ),
    ),
    _oppgaveregel(
        Paminnelsestype.OPPGAVE_FORFALT,
        lambda idag: Oppgave.objects.aapne().filter(frist__range=(_bak(idag), _i_gaar(idag))),
    ),
    Regel(
        type=Paminnelsestype.REFERAT_IKKE_GODKJENT,
        modell=Mote,
        kandidater=_moter_uten_godkjent_referat,
        forfall=DatoPluss(TruncDate("start"), dager=REFERAT_DAGER),
        pasient="gruppe__pasient_id",
        mottakere=_referat_mottakere,
        lenke=lambda m: reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": m.pk}),
        select_related=("innkalt_av", "gruppe__leder", "gruppe__referent"),
        avhenger_ogsaa_av=(Referat,),
    ),
    Regel(
        type=Paminnelsestype.MELDING_SVARFRIST,
        modell=Melding,
        kandidater=lambda idag: Melding.objects.filter(
            status__in=Melding.VENTER_PAA_SVAR, svarfrist__range=(_bak(idag), _i_gaar(idag))
        ),
        forfall=F("svarfrist"),
        pasient="pasient_id",
        mottakere=_melding_mottakere,
        lenke=lambda m: reverse("meldinger:melding-detalj", kwargs={"pk": m.pk}),
        select_related=("mottaker_ansatt",),
    ),
    Regel(
        type=Paminnelsestype.BEHOV_UBEHANDLET,
        modell=Behovsmelding,
        kandidater=_ubehandlede_behov,
        forfall=DatoPluss(TruncDate("opprettet"), dager=BEHOV_DAGER),
        pasient="pasient_id",
        mottakere=lambda b: ledere(b.enhet_id),
        lenke=_behov_lenke,
    ),
    Regel(
        type=Paminnelsestype.KONTAKTLEGE_FRIST,
        modell=Behovsmelding,
        kandidater=lambda idag: Behovsmelding.objects.filter(
            status=Behovsmelding.Status.VENTER, frist__range=(_bak(idag), _i_gaar(idag))
        ),
        forfall=F("frist"),
        pasient="pasient_id",
        mottakere=lambda b: ledere(b.enhet_id),
        lenke=_behov_lenke,
    ),
    Regel(
        type=Paminnelsestype.KOORDINATOR_OPPLAERING,
        modell=Oppnevning,
        kandidater=_koordinatorer_uten_opplaering,
        forfall=DatoPluss(F("startdato"), maaneder=OPPLAERING_MAANEDER),
        pasient="pasient_id",
        mottakere=_opplaering_mottakere,
        lenke=_pasient_lenke,
        select_related=("oppnevnt_av",),
        avhenger_ogsaa_av=(Ansatt,),
    ),
]

REGEL_FOR_TYPE: dict[str, Regel] = {r.type: r for r in REGLER}
