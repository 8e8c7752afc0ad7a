"""The selection the KE looks at (organisation, unit with sub-units, period), the unit tree
it is chosen from, the organisation's records that several sections count, the figure
definition (`Nokkeltall`) and small helpers the sections share."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from individuellplan.models import IndividuellPlan
from koordinering.models import (
    Ansatt,
    Behov,
    Enhet,
    Oppnevning,
    Organisasjon,
    Rolle,
    Tilknytning,
)

KOORDINATORROLLER = (Rolle.KOORDINATOR, Rolle.BARNEKOORDINATOR)
INGEN = "ingen"  # drill-down value for «no unit» / «no koordinator»
TRENDMAANEDER = 13  # the trend charts go at least 12 full months back
OPPLAERING_MAANEDER = 3  # a koordinator should be trained within 3 months (meldinger reminder)


def dagstart(dag: date) -> datetime:
    return timezone.make_aware(datetime.combine(dag, time.min))


# --- the selection -------------------------------------------------------------------------


@dataclass(frozen=True)
class Utvalg:
    """What the KE looks at: its organisation, a unit with its sub-units (or all), a period."""

    organisasjon: Organisasjon
    fra: date
    til: date
    idag: date
    enhet: Enhet | None = None
    # The chosen unit and all units below it; None: the whole organisation.
    enheter: tuple[int, ...] | None = None
    # Names of the organisation's units, for the tables (loaded with the unit tree).
    enhetsnavn: dict[int, str] = field(default_factory=dict, compare=False, hash=False)

    @property
    def org_id(self) -> int:
        return self.organisasjon.pk

    @property
    def per(self) -> date:
        """The day status figures are taken: the end of the period, or today."""
        return min(self.til, self.idag)

    @property
    def start(self) -> datetime:
        return dagstart(self.fra)

    @property
    def slutt(self) -> datetime:
        """The first moment after the period."""
        return dagstart(self.til + timedelta(days=1))

    def i_enhetene(self, felt: str) -> Q:
        return Q() if self.enheter is None else Q(**{f"{felt}__in": self.enheter})

    @property
    def maaneder(self) -> list[date]:
        """First days of the trend months: the period's months, and at least 12 full months
        before the month the period ends in."""
        siste = self.til.replace(day=1)
        forste = min(self.fra.replace(day=1), siste - relativedelta(months=TRENDMAANEDER - 1))
        maaneder = []
        while forste <= siste:
            maaneder.append(forste)
            forste += relativedelta(months=1)
        return maaneder

    def maanedsslutt(self, maaned: date) -> date:
        """The last day of the month that counts: not after the period's end or today."""
        return min(maaned + relativedelta(months=1) - timedelta(days=1), self.til, self.idag)

    def enhet_navn(self, enhet_id) -> str:
        if enhet_id is None:
            return _("Ingen aktiv tilknytning")
        return self.enhetsnavn.get(enhet_id, str(enhet_id))

    @property
    def er_sykehus(self) -> bool:
        return self.organisasjon.er_sykehus

    @property
    def behovstyper(self) -> list[str]:
        if self.er_sykehus:
            return [
                Behov.KOORDINATOR,
                Behov.INDIVIDUELL_PLAN,
                Behov.KONTAKTLEGE,
                Behov.KONTAKTPSYKOLOG,
            ]
        return [Behov.KOORDINATOR, Behov.INDIVIDUELL_PLAN, Behov.BARNEKOORDINATOR]

    @property
    def roller(self) -> list[str]:
        if self.er_sykehus:
            return [Rolle.KOORDINATOR, Rolle.KONTAKTLEGE, Rolle.KONTAKTPSYKOLOG]
        return [Rolle.KOORDINATOR, Rolle.BARNEKOORDINATOR]


def aktiv_paa(dag: date, start: str = "startdato", slutt: str = "sluttdato") -> Q:
    """Started on or before `dag` and not ended by it (an end date is the first day without)."""
    return Q(**{f"{start}__lte": dag}) & (
        Q(**{f"{slutt}__isnull": True}) | Q(**{f"{slutt}__gt": dag})
    )


@dataclass(frozen=True)
class Enhetstre:
    """The units of the KE's organisations, depth first, read in one query."""

    organisasjoner: list[Organisasjon]
    enheter: list[tuple[Enhet, int]]  # (unit, depth)

    @classmethod
    def les(cls, organisasjoner: list[Organisasjon]) -> "Enhetstre":
        alle = list(Enhet.objects.filter(organisasjon__in=organisasjoner).order_by("navn", "pk"))
        barn: dict[int | None, list[Enhet]] = {}
        ider = {e.pk for e in alle}
        for e in alle:
            forelder = e.overordnet_id if e.overordnet_id in ider else None
            barn.setdefault(forelder, []).append(e)
        rekkefolge: list[tuple[Enhet, int]] = []

        def besok(enhet: Enhet, dybde: int) -> None:
            rekkefolge.append((enhet, dybde))
            for underenhet in barn.get(enhet.pk, []):
                besok(underenhet, dybde + 1)

        for org in organisasjoner:
            for rot in barn.get(None, []):
                if rot.organisasjon_id == org.pk:
                    besok(rot, 0)
        return cls(organisasjoner, rekkefolge)

    def underenheter(self, enhet_id: int) -> tuple[int, ...]:
        """The unit and every unit below it."""
        ider, inne, grense = [], False, 0
        for enhet, dybde in self.enheter:
            if enhet.pk == enhet_id:
                ider, inne, grense = [enhet.pk], True, dybde
            elif inne and dybde > grense:
                ider.append(enhet.pk)
            elif inne:
                break
        return tuple(ider)

    def enhet(self, enhet_id: int) -> Enhet | None:
        return next((e for e, _d in self.enheter if e.pk == enhet_id), None)

    def navn(self) -> dict[int, str]:
        return {e.pk: e.navn for e, _d in self.enheter}

    def valg(self) -> list:
        """Choices: the whole organisation first, then its units as paths («A › B»); grouped
        by organisation when the person is KE in more than one."""
        stier: dict[int, str] = {}
        grupper = []
        for org in self.organisasjoner:
            valg = [(f"o{org.pk}", _("Hele organisasjonen (%(navn)s)") % {"navn": org.navn})]
            for enhet, _dybde in self.enheter:
                if enhet.organisasjon_id != org.pk:
                    continue
                forelder = stier.get(enhet.overordnet_id)
                stier[enhet.pk] = f"{forelder} › {enhet.navn}" if forelder else enhet.navn
                valg.append((str(enhet.pk), stier[enhet.pk]))
            grupper.append((org.navn, valg))
        return grupper[0][1] if len(grupper) == 1 else grupper


# --- the organisation's records --------------------------------------------------------------


def tilknytninger(u: Utvalg, dag: date) -> QuerySet:
    """Active connections to the organisation's units (in the selection) on `dag`."""
    return Tilknytning.objects.filter(
        u.i_enhetene("enhet_id"),
        Q(til__isnull=True) | Q(til__gte=dag),
        organisasjon_id=u.org_id,
        fra__lte=dag,
    )


def pasientens_enhet(u: Utvalg, felt: str, dag: date) -> Subquery:
    """The unit a patient-level record counts under: the patient's earliest active connection
    in the organisation (in the selected units) on `dag`; NULL when there is none."""
    return Subquery(
        tilknytninger(u, dag)
        .filter(pasient_id=OuterRef(felt))
        .order_by("fra", "pk")
        .values("enhet_id")[:1]
    )


def pasientens_koordinator(u: Utvalg, felt: str) -> Subquery:
    """The patient's active koordinator (or barnekoordinator) in the organisation today."""
    return Subquery(
        Oppnevning.objects.filter(
            aktiv_paa(u.idag),
            organisasjon_id=u.org_id,
            pasient_id=OuterRef(felt),
            rolle__in=KOORDINATORROLLER,
        )
        .order_by("startdato", "pk")
        .values("ansatt_id")[:1]
    )


def aktive_oppnevninger(u: Utvalg, dag: date) -> QuerySet:
    return Oppnevning.objects.filter(
        aktiv_paa(dag), u.i_enhetene("enhet_id"), organisasjon_id=u.org_id
    )


def aapne_planer(u: Utvalg, dag: date) -> QuerySet:
    """Plans the organisation owns that existed on `dag` and are not closed. A closed plan has
    no closing date, so the status is today's (see the ADR)."""
    return IndividuellPlan.objects.filter(
        u.i_enhetene("eier_enhet_id"),
        eier_id=u.org_id,
        opprettet__lt=dagstart(dag + timedelta(days=1)),
    ).exclude(status=IndividuellPlan.Status.AVSLUTTET)


# --- figures and their drill-down parameters ------------------------------------------------


@dataclass(frozen=True)
class Nokkeltall:
    """One figure: its records, where their patient is, and the date shown in the list."""

    tittel: object  # a lazy string
    poster: Callable[[Utvalg, dict], QuerySet]
    pasientfelt: str = "pasient_id"
    datofelt: str = ""
    datotittel: str = ""
    dagertittel: str = ""  # a «days since» column (waiting, overdue), or none
    parametre: tuple[str, ...] = ()
    tilbakedatert: Q | None = None  # records whose appointment is back-dated, flagged in the list


def valg(verdi: str, gyldige) -> str:
    if verdi not in gyldige:
        raise ValueError(verdi)
    return verdi


def id_eller_ingen(verdi: str) -> int | None:
    if verdi == INGEN:
        return None
    if not verdi.isdigit():
        raise ValueError(verdi)
    return int(verdi)


def med_behov(qs: QuerySet, p: dict) -> QuerySet:
    return qs.filter(behov=valg(p["behov"], Behov.values)) if "behov" in p else qs


# --- table helpers -------------------------------------------------------------------------------


def ansattnavn(u: Utvalg) -> dict[int, str]:
    """Names of the organisation's staff: one query, whatever is in the tables."""
    return {
        pk: " ".join(n for n in (fornavn, etternavn) if n) or brukernavn
        for pk, fornavn, etternavn, brukernavn in Ansatt.objects.filter(
            organisasjon_id=u.org_id
        ).values_list("pk", "bruker__first_name", "bruker__last_name", "bruker__username")
    }


def enhetsrader(u: Utvalg, noekler) -> list:
    """Unit ids in the order of their names, units without a name (none) last."""
    return sorted(set(noekler), key=lambda e: (e is None, u.enhet_navn(e).casefold()))


def rad_id(verdi) -> str:
    return INGEN if verdi is None else str(verdi)


def sortert(forventet: list[str], funnet) -> list[str]:
    """The expected kinds in their order, then any other kind that has data."""
    return list(forventet) + sorted(set(funnet) - set(forventet))
