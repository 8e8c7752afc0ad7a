"""Read model of the KE overview: coverage, waiting times, overdue work, coordinators,
messages and trends for one organisation, a unit with its sub-units, and a period.

Every figure is aggregated in SQL (GROUP BY, FILTER, `percentile_cont`) over the organisation's
own records, so the number of queries is fixed whatever the number of patients, and nothing
loops over patients in Python. Each figure is defined once, as a queryset of records (a
`Maal`), and both the number on the overview and the patient list behind it (`utdyping`) come
from that same queryset: the list cannot disagree with the number.

What belongs to the organisation: its need reports, appointments, plans it owns (and plans of
another organisation that a valid consent shares with it), its ansvarsgrupper with their
meetings and action items, messages it sent or received, and the consents of patients it
follows (an active `Tilknytning`). Records of other organisations are never counted.

Units: a record counts under the unit it names (need report → the unit it was reported to,
appointment → the appointing unit, plan → the responsible unit, message → the receiving or
sending unit). Records without a unit of their own (ansvarsgruppe, meetings, action items,
consents) count under the patient's unit: the unit of the patient's active connection in the
organisation (the earliest, when there are several). «Koordinator» in the overdue tables is
the patient's active koordinator or barnekoordinator in the organisation.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ansvarsgruppe.models import Ansvarsgruppe, Mote, Oppgave
from felles.models import Tilgangslogg
from individuellplan.models import Evaluering, IndividuellPlan
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Rolle,
    Samtykke,
    Tilknytning,
)
from meldinger.models import Melding, Meldingstype
from oversikt.sql import (
    Aggregat,
    DagerMellom,
    TimerMellom,
    grupperinger,
    persentil,
    som_dato,
    som_tidspunkt,
    uten_jit,
)
from oversikt.tabeller import Tabell, andel, antall, dager, dato, navn, tekst, tom

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


def _delt_med_organisasjonen(u: Utvalg, felt: str, dag: date) -> Exists:
    """A consent valid on `dag` shares (some part of) the plan with the organisation."""
    return Exists(
        Samtykke.objects.gyldige(dag)
        .filter(pasient_id=OuterRef(felt), organisasjoner=u.org_id)
        .exclude(plandeler=[])
    )


def delte_planer(u: Utvalg, dag: date) -> QuerySet:
    """Another organisation's open plans that a valid consent shares with this one, for
    patients this organisation (the selected units) follows."""
    return (
        IndividuellPlan.objects.exclude(eier_id=u.org_id)
        .exclude(status=IndividuellPlan.Status.AVSLUTTET)
        .filter(opprettet__lt=dagstart(dag + timedelta(days=1)))
        .filter(_delt_med_organisasjonen(u, "pasient_id", dag))
        .filter(Exists(tilknytninger(u, dag).filter(pasient_id=OuterRef("pasient_id"))))
    )


def aktive_grupper(u: Utvalg, dag: date) -> QuerySet:
    grupper = Ansvarsgruppe.objects.filter(
        Q(avsluttet__isnull=True) | Q(avsluttet__gt=dag),
        organisasjon_id=u.org_id,
        opprettet__lt=dagstart(dag + timedelta(days=1)),
    )
    if u.enheter is not None:
        grupper = grupper.filter(
            Exists(tilknytninger(u, dag).filter(pasient_id=OuterRef("pasient_id")))
        )
    return grupper


def behov_i_perioden(u: Utvalg) -> QuerySet:
    return Behovsmelding.objects.filter(
        u.i_enhetene("enhet_id"),
        organisasjon_id=u.org_id,
        opprettet__gte=u.start,
        opprettet__lt=u.slutt,
    )


def _behov_dekket(u: Utvalg) -> Q:
    """For a need-report row: on `per` the patient has what was asked for in this
    organisation — an active appointment in the role, or for a plan need an open plan the
    organisation owns or that a consent shares with it."""
    dag = u.per
    rolle = Exists(
        Oppnevning.objects.filter(
            aktiv_paa(dag),
            organisasjon_id=u.org_id,
            pasient_id=OuterRef("pasient_id"),
            rolle=OuterRef("behov"),
        )
    )
    planer = IndividuellPlan.objects.filter(
        pasient_id=OuterRef("pasient_id"), opprettet__lt=dagstart(dag + timedelta(days=1))
    ).exclude(status=IndividuellPlan.Status.AVSLUTTET)
    plan = Exists(
        planer.filter(Q(eier_id=u.org_id) | _delt_med_organisasjonen(u, "pasient_id", dag))
    )
    return (Q(behov=Behov.INDIVIDUELL_PLAN) & Q(plan)) | (
        ~Q(behov=Behov.INDIVIDUELL_PLAN) & Q(rolle)
    )


def _behov_uten(u: Utvalg) -> Q:
    """Not covered, and not declined: waiting for a decision, or the appointment has ended."""
    return ~_behov_dekket(u) & ~Q(status=Behovsmelding.Status.AVSLATT)


def ventetider(u: Utvalg) -> QuerySet:
    """Appointments made from a need report of the organisation, started in the period."""
    return Oppnevning.objects.filter(
        u.i_enhetene("behovsmelding__enhet_id"),
        behovsmelding__organisasjon_id=u.org_id,
        startdato__gte=u.fra,
        startdato__lte=u.til,
    ).annotate(ventetid=DagerMellom(F("startdato"), TruncDate("behovsmelding__opprettet")))


def ventende_behov(u: Utvalg) -> QuerySet:
    """Need reports waiting for the leader's decision now."""
    return Behovsmelding.objects.filter(
        u.i_enhetene("enhet_id"), organisasjon_id=u.org_id, status=Behovsmelding.Status.VENTER
    )


def kontaktlegebehov(u: Utvalg) -> QuerySet:
    """Kontaktlege/-psykolog needs with an admission or examination in the period, decided or
    past the deadline (the first working day after), not declined."""
    return (
        Behovsmelding.objects.filter(
            u.i_enhetene("enhet_id"),
            organisasjon_id=u.org_id,
            behov__in=[Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG],
            kontaktdato__gte=u.fra,
            kontaktdato__lte=u.til,
        )
        .exclude(status=Behovsmelding.Status.AVSLATT)
        .filter(Q(status=Behovsmelding.Status.OPPNEVNT) | Q(frist__lt=u.idag))
    )


def _i_tide() -> Q:
    return Q(oppnevning__isnull=False, oppnevning__startdato__lte=F("frist"))


# --- overdue work ------------------------------------------------------------------------------


def forfalte_evalueringer(u: Utvalg) -> QuerySet:
    return (
        aapne_planer(u, u.per)
        .filter(neste_evaluering__lt=u.per)
        .annotate(
            rad_enhet=F("eier_enhet_id"), rad_koordinator=pasientens_koordinator(u, "pasient_id")
        )
    )


def forfalte_oppgaver(u: Utvalg) -> QuerySet:
    felt = "referat__mote__gruppe__pasient_id"
    oppgaver = Oppgave.objects.aapne().filter(
        referat__mote__gruppe__organisasjon_id=u.org_id, frist__lt=u.per
    )
    if u.enheter is not None:
        oppgaver = oppgaver.filter(
            Exists(tilknytninger(u, u.idag).filter(pasient_id=OuterRef(felt)))
        )
    return oppgaver.annotate(
        rad_enhet=pasientens_enhet(u, felt, u.idag),
        rad_koordinator=pasientens_koordinator(u, felt),
    )


def ubesvarte_meldinger(u: Utvalg) -> QuerySet:
    return Melding.objects.filter(
        u.i_enhetene("mottaker_enhet_id"),
        mottaker_organisasjon_id=u.org_id,
        status__in=Melding.VENTER_PAA_SVAR,
        svarfrist__lt=u.per,
    ).annotate(
        rad_enhet=F("mottaker_enhet_id"),
        rad_koordinator=pasientens_koordinator(u, "pasient_id"),
    )


def utlopte_samtykker(u: Utvalg) -> QuerySet:
    """Consents that had expired by `per`, of patients the organisation follows today who have
    no valid consent today."""
    return (
        Samtykke.objects.filter(trukket_tid__isnull=True, gyldig_til__lt=u.per)
        .filter(Exists(tilknytninger(u, u.idag).filter(pasient_id=OuterRef("pasient_id"))))
        .exclude(Exists(Samtykke.objects.gyldige(u.idag).filter(pasient_id=OuterRef("pasient_id"))))
        .annotate(
            rad_enhet=pasientens_enhet(u, "pasient_id", u.idag),
            rad_koordinator=pasientens_koordinator(u, "pasient_id"),
        )
    )


# --- messages ----------------------------------------------------------------------------------

SENDT, MOTTATT, INTERN = "sendt", "mottatt", "intern"
RETNINGER = {SENDT: _l("Sendt"), MOTTATT: _l("Mottatt"), INTERN: _l("Intern")}


def meldinger(u: Utvalg, fra: datetime, til: datetime) -> QuerySet:
    """Messages the organisation's (selected) units sent or received in [fra, til), with their
    direction seen from the organisation."""
    ut = Q(avsender_organisasjon_id=u.org_id) & u.i_enhetene("avsender_enhet_id")
    inn = Q(mottaker_organisasjon_id=u.org_id) & u.i_enhetene("mottaker_enhet_id")
    return Melding.objects.filter(ut | inn, sendt__gte=fra, sendt__lt=til).annotate(
        retning=Case(
            When(
                avsender_organisasjon_id=u.org_id,
                mottaker_organisasjon_id=u.org_id,
                then=Value(INTERN),
            ),
            When(avsender_organisasjon_id=u.org_id, then=Value(SENDT)),
            default=Value(MOTTATT),
        )
    )


def meldinger_med_frist(u: Utvalg) -> QuerySet:
    """Messages of the period that asked for an answer by a deadline (not the answers)."""
    return meldinger(u, u.start, u.slutt).filter(svarfrist__isnull=False, svar_paa__isnull=True)


BESVART = Q(avsluttet__isnull=False)
SVARUTFALL = {
    "innen": BESVART & Q(LessThanOrEqual(TruncDate("avsluttet"), F("svarfrist"))),
    "etter": BESVART & Q(GreaterThan(TruncDate("avsluttet"), F("svarfrist"))),
}


def _svarutfall(utfall: str, idag: date) -> Q:
    if utfall == "ubesvart":
        return Q(avsluttet__isnull=True, svarfrist__lt=idag)
    if utfall == "ikke_forfalt":
        return Q(avsluttet__isnull=True, svarfrist__gte=idag)
    return SVARUTFALL[utfall]


# --- drill-down: the records behind each number --------------------------------------------------


@dataclass(frozen=True)
class Maal:
    """One figure: its records, where their patient is, and the date shown in the list."""

    tittel: object  # a lazy string
    poster: Callable[[Utvalg, dict], QuerySet]
    pasientfelt: str = "pasient_id"
    datofelt: str = ""
    datotittel: str = ""
    dagertittel: str = ""  # a «days since» column (waiting, overdue), or none
    parametre: tuple[str, ...] = ()


def _valg(verdi: str, gyldige) -> str:
    if verdi not in gyldige:
        raise ValueError(verdi)
    return verdi


def _id_eller_ingen(verdi: str) -> int | None:
    if verdi == INGEN:
        return None
    if not verdi.isdigit():
        raise ValueError(verdi)
    return int(verdi)


def _rad(qs: QuerySet, p: dict) -> QuerySet:
    """Narrow overdue work to one row of its table: a unit or a koordinator («ingen»: none)."""
    for navn_, felt in (("rad_enhet", "rad_enhet"), ("koordinator", "rad_koordinator")):
        if navn_ in p:
            verdi = _id_eller_ingen(p[navn_])
            qs = qs.filter(**{f"{felt}__isnull": True} if verdi is None else {felt: verdi})
    return qs


def _behov(qs: QuerySet, p: dict) -> QuerySet:
    return qs.filter(behov=_valg(p["behov"], Behov.values)) if "behov" in p else qs


def _enhet_rad(qs: QuerySet, p: dict, felt: str) -> QuerySet:
    if "rad_enhet" not in p:
        return qs
    verdi = _id_eller_ingen(p["rad_enhet"])
    return qs.filter(**{f"{felt}__isnull": True} if verdi is None else {felt: verdi})


def _meldingsfilter(qs: QuerySet, p: dict) -> QuerySet:
    if "retning" in p:
        qs = qs.filter(retning=_valg(p["retning"], RETNINGER))
    if "type" in p:
        qs = qs.filter(type=_valg(p["type"], Meldingstype.values))
    return qs


def _periode(u: Utvalg) -> tuple[datetime, datetime]:
    return u.start, u.slutt


MAAL: dict[str, Maal] = {
    "fulgt": Maal(
        _l("Pasienter enheten følger"),
        lambda u, p: tilknytninger(u, u.per),
        datofelt="fra",
        datotittel=_l("Fulgt fra"),
    ),
    "oppnevning": Maal(
        _l("Pasienter med aktiv oppnevning"),
        lambda u, p: (
            aktive_oppnevninger(u, u.per).filter(rolle=_valg(p["rolle"], Rolle.values))
            if "rolle" in p
            else aktive_oppnevninger(u, u.per)
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
        parametre=("rolle",),
    ),
    "plan": Maal(
        _l("Pasienter med individuell plan"),
        lambda u, p: (
            aapne_planer(u, u.per).filter(status=_valg(p["status"], IndividuellPlan.Status.values))
            if "status" in p
            else aapne_planer(u, u.per)
        ),
        datofelt="opprettet",
        datotittel=_l("Plan opprettet"),
        parametre=("status",),
    ),
    "plan_delt": Maal(
        _l("Pasienter med individuell plan i en annen organisasjon, delt med oss"),
        lambda u, p: delte_planer(u, u.per),
        datofelt="opprettet",
        datotittel=_l("Plan opprettet"),
    ),
    "gruppe": Maal(
        _l("Pasienter med ansvarsgruppe"),
        lambda u, p: aktive_grupper(u, u.per),
        datofelt="opprettet",
        datotittel=_l("Gruppen opprettet"),
    ),
    "behov": Maal(
        _l("Pasienter med meldt behov i perioden"),
        lambda u, p: _behov(behov_i_perioden(u), p),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        parametre=("behov",),
    ),
    "behov_dekket": Maal(
        _l("Pasienter med meldt behov som er dekket"),
        lambda u, p: _behov(behov_i_perioden(u).filter(_behov_dekket(u)), p),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        parametre=("behov",),
    ),
    "behov_uten": Maal(
        _l("Pasienter med meldt behov uten oppnevning, eldste først"),
        lambda u, p: _behov(behov_i_perioden(u).filter(_behov_uten(u)), p),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        dagertittel=_l("Dager siden meldt"),
        parametre=("behov",),
    ),
    "behov_avslatt": Maal(
        _l("Pasienter med meldt behov som ikke er oppnevnt (avslått)"),
        lambda u, p: _behov(
            behov_i_perioden(u)
            .filter(~_behov_dekket(u))
            .exclude(
                Exists(
                    behov_i_perioden(u)
                    .filter(pasient_id=OuterRef("pasient_id"), behov=OuterRef("behov"))
                    .exclude(status=Behovsmelding.Status.AVSLATT)
                )
            ),
            p,
        ),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        parametre=("behov",),
    ),
    "ventetid": Maal(
        _l("Pasienter oppnevnt etter meldt behov i perioden"),
        lambda u, p: _enhet_rad(
            _oppnevning_for_behov(ventetider(u), p), p, "behovsmelding__enhet_id"
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
        parametre=("rad_enhet", "behov"),
    ),
    "behov_venter": Maal(
        _l("Pasienter med meldt behov som venter på beslutning"),
        lambda u, p: _enhet_rad(_behov(ventende_behov(u), p), p, "enhet_id"),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        dagertittel=_l("Dager på vent"),
        parametre=("rad_enhet", "behov"),
    ),
    "kontaktlege": Maal(
        _l("Pasienter med behov for kontaktlege eller kontaktpsykolog"),
        lambda u, p: _enhet_rad(kontaktlegebehov(u), p, "enhet_id"),
        datofelt="frist",
        datotittel=_l("Frist"),
        parametre=("rad_enhet",),
    ),
    "kontaktlege_sent": Maal(
        _l("Pasienter som ikke fikk kontaktlege eller kontaktpsykolog innen første virkedag"),
        lambda u, p: _enhet_rad(kontaktlegebehov(u).exclude(_i_tide()), p, "enhet_id"),
        datofelt="frist",
        datotittel=_l("Frist"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet",),
    ),
    "forfalt_evaluering": Maal(
        _l("Pasienter med forfalt evaluering av individuell plan"),
        lambda u, p: _rad(forfalte_evalueringer(u), p),
        datofelt="neste_evaluering",
        datotittel=_l("Evaluering forfalt"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "forfalt_oppgave": Maal(
        _l("Pasienter med forfalte oppfølgingspunkter"),
        lambda u, p: _rad(forfalte_oppgaver(u), p),
        pasientfelt="referat__mote__gruppe__pasient_id",
        datofelt="frist",
        datotittel=_l("Eldste frist"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "forfalt_melding": Maal(
        _l("Pasienter med ubesvarte meldinger etter svarfristen"),
        lambda u, p: _rad(ubesvarte_meldinger(u), p),
        datofelt="svarfrist",
        datotittel=_l("Eldste svarfrist"),
        dagertittel=_l("Dager over fristen"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "forfalt_samtykke": Maal(
        _l("Pasienter uten gyldig samtykke (utløpt)"),
        lambda u, p: _rad(utlopte_samtykker(u), p),
        datofelt="gyldig_til",
        datotittel=_l("Samtykket utløp"),
        dagertittel=_l("Dager siden"),
        parametre=("rad_enhet", "koordinator"),
    ),
    "koordinator_pasienter": Maal(
        _l("Pasienter med aktiv oppnevning for den ansatte"),
        lambda u, p: (
            aktive_oppnevninger(u, u.per)
            .filter(ansatt_id=_id_eller_ingen(p["ansatt"]))
            .filter(**({"rolle": _valg(p["rolle"], Rolle.values)} if "rolle" in p else {}))
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
        parametre=("ansatt", "rolle"),
    ),
    "melding": Maal(
        _l("Pasienter med meldinger i perioden"),
        lambda u, p: _meldingsfilter(meldinger(u, *_periode(u)), p),
        datofelt="sendt",
        datotittel=_l("Første melding"),
        parametre=("retning", "type"),
    ),
    "melding_svar": Maal(
        _l("Pasienter med meldinger med svarfrist"),
        lambda u, p: _meldingsfilter(meldinger_med_frist(u), p).filter(
            _svarutfall(_valg(p["utfall"], (*SVARUTFALL, "ubesvart", "ikke_forfalt")), u.idag)
            if "utfall" in p
            else Q()
        ),
        datofelt="svarfrist",
        datotittel=_l("Svarfrist"),
        parametre=("retning", "type", "utfall"),
    ),
    "oppnevning_ny": Maal(
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
    "plan_ny": Maal(
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
    "evaluering": Maal(
        _l("Pasienter med evaluering av planen"),
        lambda u, p: evalueringer(u, u.fra, u.til),
        pasientfelt="plan__pasient_id",
        datofelt="dato",
        datotittel=_l("Evaluert"),
    ),
    "mote": Maal(
        _l("Pasienter med ansvarsgruppemøte"),
        lambda u, p: moter(u, u.start, u.slutt),
        pasientfelt="gruppe__pasient_id",
        datofelt="start",
        datotittel=_l("Møte"),
    ),
}


def _oppnevning_for_behov(qs: QuerySet, p: dict) -> QuerySet:
    if "behov" in p:
        return qs.filter(behovsmelding__behov=_valg(p["behov"], Behov.values))
    return qs


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


# --- the tables ----------------------------------------------------------------------------------


def ansattnavn(u: Utvalg) -> dict[int, str]:
    """Names of the organisation's staff: one query, whatever is in the tables."""
    return {
        pk: " ".join(n for n in (fornavn, etternavn) if n) or brukernavn
        for pk, fornavn, etternavn, brukernavn in Ansatt.objects.filter(
            organisasjon_id=u.org_id
        ).values_list("pk", "bruker__first_name", "bruker__last_name", "bruker__username")
    }


def _enhetsrader(u: Utvalg, noekler) -> list:
    """Unit ids in the order of their names, units without a name (none) last."""
    return sorted(set(noekler), key=lambda e: (e is None, u.enhet_navn(e).casefold()))


def _rad_id(verdi) -> str:
    return INGEN if verdi is None else str(verdi)


def dekning(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    per = u.per
    fulgt = tilknytninger(u, per).aggregate(n=Count("pasient_id", distinct=True))["n"]
    roller = dict(
        aktive_oppnevninger(u, per)
        .order_by()
        .values("rolle")
        .annotate(n=Count("pasient_id", distinct=True))
        .values_list("rolle", "n")
    )
    planer = dict(
        aapne_planer(u, per)
        .order_by()
        .values("status")
        .annotate(n=Count("pasient_id", distinct=True))
        .values_list("status", "n")
    )
    delt = delte_planer(u, per).aggregate(n=Count("pasient_id", distinct=True))["n"]
    grupper = aktive_grupper(u, per).aggregate(n=Count("pasient_id", distinct=True))["n"]

    status = Tabell(
        "dekning-status",
        _("Pasientene per %(dato)s") % {"dato": f"{per:%d.%m.%Y}"},
        [_("Pasienter"), _("Antall"), _("Andel av pasientene som følges")],
        beskrivelse=_(
            "Pasienter som følges: aktiv tilknytning til enheten(e). Oppnevninger, planer og "
            "ansvarsgrupper er organisasjonens egne."
        ),
    )
    status.rader.append(
        [tekst(_("Følges av enheten(e)")), antall(fulgt, maal="fulgt"), andel(0, 0)]
    )
    rollenavn = {
        Rolle.KOORDINATOR: _("Har koordinator"),
        Rolle.BARNEKOORDINATOR: _("Har barnekoordinator"),
        Rolle.KONTAKTLEGE: _("Har kontaktlege"),
        Rolle.KONTAKTPSYKOLOG: _("Har kontaktpsykolog"),
    }
    for rolle in u.roller:
        n = roller.get(rolle, 0)
        status.rader.append(
            [tekst(rollenavn[rolle]), antall(n, maal="oppnevning", rolle=rolle), andel(n, fulgt)]
        )
    for plan_status, tittel in (
        (IndividuellPlan.Status.AKTIV, _("Har aktiv individuell plan")),
        (IndividuellPlan.Status.UTKAST, _("Har individuell plan under arbeid (utkast)")),
    ):
        n = planer.get(plan_status, 0)
        status.rader.append(
            [tekst(tittel), antall(n, maal="plan", status=plan_status), andel(n, fulgt)]
        )
    status.rader.append(
        [
            tekst(_("Har individuell plan i en annen organisasjon, delt med oss")),
            antall(delt, maal="plan_delt"),
            andel(delt, fulgt),
        ]
    )
    status.rader.append(
        [tekst(_("Har ansvarsgruppe")), antall(grupper, maal="gruppe"), andel(grupper, fulgt)]
    )

    # Each need report once, with whether it is covered: grouped by need, and in all.
    rader = (
        behov_i_perioden(u)
        .order_by()
        .annotate(
            k_behov=F("behov"),
            k_pasient=F("pasient_id"),
            k_meldt=F("opprettet"),
            k_dekket=ExpressionWrapper(_behov_dekket(u), output_field=BooleanField()),
            k_aapen=ExpressionWrapper(
                ~Q(status=Behovsmelding.Status.AVSLATT), output_field=BooleanField()
            ),
        )
        .values("k_behov", "k_pasient", "k_meldt", "k_dekket", "k_aapen")
    )
    grupper = grupperinger(
        rader,
        {"behov": ("k_behov",), "alle": ()},
        {
            "meldt": Aggregat("COUNT(DISTINCT k_pasient)"),
            "dekket": Aggregat("COUNT(DISTINCT k_pasient)", filter=("k_dekket",)),
            "uten": Aggregat("COUNT(DISTINCT k_pasient)", filter=("!k_dekket", "k_aapen")),
            "eldste": Aggregat("MIN(k_meldt)", filter=("!k_dekket", "k_aapen")),
        },
    )
    per_behov = {r["k_behov"]: r for r in grupper["behov"]}
    alle = grupper["alle"][0]
    behov = Tabell(
        "dekning-behov",
        _("Meldte behov i perioden og om de er dekket per %(dato)s") % {"dato": f"{per:%d.%m.%Y}"},
        [
            _("Behov"),
            _("Pasienter med meldt behov"),
            _("Dekket"),
            _("Uten oppnevning"),
            _("Ikke oppnevnt (avslått)"),
            _("Dekningsgrad"),
            _("Eldste uten oppnevning, meldt"),
        ],
        beskrivelse=_(
            "Dekket: aktiv oppnevning i rollen i organisasjonen (for individuell plan: en plan "
            "vi eier eller som er delt med oss). Uten oppnevning: venter på beslutning, eller "
            "oppnevningen er avsluttet. Dekningsgrad: dekket av dem som ikke er avslått."
        ),
        sumrad=True,
    )
    for behov_ in _sortert(u.behovstyper, per_behov):
        r = per_behov.get(behov_, {"meldt": 0, "dekket": 0, "uten": 0, "eldste": None})
        avslatt = r["meldt"] - r["dekket"] - r["uten"]
        behov.rader.append(
            [
                tekst(Behov(behov_).label),
                antall(r["meldt"], maal="behov", behov=behov_),
                antall(r["dekket"], maal="behov_dekket", behov=behov_),
                antall(r["uten"], maal="behov_uten", behov=behov_),
                antall(avslatt, maal="behov_avslatt", behov=behov_),
                andel(r["dekket"], r["dekket"] + r["uten"]),
                dato(som_tidspunkt(r["eldste"])),
            ]
        )
    behov.rader.append(
        [
            tekst(_("Alle behov (pasienter)")),
            antall(alle["meldt"], maal="behov"),
            tom(),
            antall(alle["uten"], maal="behov_uten"),
            tom(),
            tom(),
            dato(som_tidspunkt(alle["eldste"])),
        ]
    )
    return [status, behov]


def _sortert(forventet: list[str], funnet) -> list[str]:
    """The expected kinds in their order, then any other kind that has data."""
    return list(forventet) + sorted(set(funnet) - set(forventet))


def ventetid(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    # Completed waits counted per whole day, by unit and by need, in one scan: the median and
    # 90th percentile come from these histograms, exactly as percentile_cont would give them.
    grupper = grupperinger(
        ventetider(u)
        .order_by()
        .annotate(
            k_enhet=F("behovsmelding__enhet_id"),
            k_behov=F("behovsmelding__behov"),
            k_dager=F("ventetid"),
        )
        .values("k_enhet", "k_behov", "k_dager"),
        {"enhet": ("k_enhet", "k_dager"), "behov": ("k_behov", "k_dager")},
        {"n": Aggregat("COUNT(*)")},
    )

    def fordelinger(gruppe: str, noekkel: str) -> dict:
        histogrammer: dict = {}
        for r in grupper[gruppe]:
            histogram = histogrammer.setdefault(r[noekkel], {})
            histogram[r["k_dager"]] = histogram.get(r["k_dager"], 0) + r["n"]
        return histogrammer

    def tall(histogram: dict) -> dict:
        return {
            "antall": sum(histogram.values()),
            "median": persentil(histogram, 0.5),
            "p90": persentil(histogram, 0.9),
        }

    enheter_, behov_ = fordelinger("enhet", "k_enhet"), fordelinger("behov", "k_behov")
    samlet: dict = {}
    for histogram in enheter_.values():
        for dager_, n in histogram.items():
            samlet[dager_] = samlet.get(dager_, 0) + n
    per_enhet = {e: tall(h) for e, h in enheter_.items()}
    per_behov = {k: tall(h) for k, h in behov_.items()}
    alle = tall(samlet)
    venter = ventende_behov(u).order_by()
    venter_enhet = {
        r["enhet_id"]: r
        for r in venter.values("enhet_id").annotate(n=Count("pk"), eldste=Min("opprettet"))
    }
    venter_behov = {
        r["behov"]: r
        for r in venter.values("behov").annotate(n=Count("pk"), eldste=Min("opprettet"))
    }
    kolonner = [
        _("Oppnevnt i perioden"),
        _("Median ventetid (dager)"),
        _("90-persentil (dager)"),
        _("Venter på beslutning nå"),
        _("Eldste ventende, meldt"),
    ]
    tom = {"antall": 0, "median": None, "p90": None}
    ingen = {"n": 0, "eldste": None}

    def celler(r, v, **lenke):
        return [
            antall(r["antall"], maal="ventetid", **lenke),
            dager(r["median"], r["antall"]),
            dager(r["p90"], r["antall"]),
            antall(v["n"], maal="behov_venter", **lenke),
            dato(v["eldste"]),
        ]

    beskrivelse = _(
        "Dager fra behovet ble meldt til oppnevningen startet, for oppnevninger som startet i "
        "perioden. For individuell plan regnes oppnevning av koordinator."
    )
    enhet = Tabell(
        "ventetid-enhet",
        _("Ventetid fra meldt behov til oppnevning, per enhet"),
        [_("Enhet"), *kolonner],
        beskrivelse=beskrivelse,
        sumrad=True,
    )
    for e in _enhetsrader(u, [*per_enhet, *venter_enhet]):
        enhet.rader.append(
            [
                tekst(u.enhet_navn(e)),
                *celler(per_enhet.get(e, tom), venter_enhet.get(e, ingen), rad_enhet=_rad_id(e)),
            ]
        )
    alle_venter = {
        "n": sum(v["n"] for v in venter_enhet.values()),
        "eldste": min((v["eldste"] for v in venter_enhet.values()), default=None),
    }
    enhet.rader.append([tekst(_("Alle enheter")), *celler(alle, alle_venter)])

    behov = Tabell(
        "ventetid-behov",
        _("Ventetid fra meldt behov til oppnevning, per behov"),
        [_("Behov"), *kolonner],
        beskrivelse=beskrivelse,
        sumrad=True,
    )
    for b in _sortert(u.behovstyper, [*per_behov, *venter_behov]):
        behov.rader.append(
            [
                tekst(Behov(b).label),
                *celler(per_behov.get(b, tom), venter_behov.get(b, ingen), behov=b),
            ]
        )
    behov.rader.append([tekst(_("Alle behov")), *celler(alle, alle_venter)])
    tabeller = [enhet, behov]
    if u.er_sykehus:
        tabeller.append(_kontaktlege(u))
    return tabeller


def _kontaktlege(u: Utvalg) -> Tabell:
    rader = {
        r["enhet_id"]: r
        for r in kontaktlegebehov(u)
        .order_by()
        .values("enhet_id")
        .annotate(antall=Count("pk"), i_tide=Count("pk", filter=_i_tide()))
    }
    tabell = Tabell(
        "kontaktlege",
        _("Kontaktlege og kontaktpsykolog oppnevnt innen første virkedag"),
        [
            _("Enhet"),
            _("Behov med frist i perioden"),
            _("Oppnevnt innen fristen"),
            _("For sent eller ikke oppnevnt"),
            _("Andel innen fristen"),
        ],
        beskrivelse=_(
            "Spesialisthelsetjenesteloven § 2-5 c: senest første virkedag etter innleggelse "
            "eller poliklinisk undersøkelse. Behov som venter og ennå ikke har passert "
            "fristen, og avslåtte behov, er ikke med."
        ),
        sumrad=True,
    )
    sum_antall = sum_i_tide = 0
    for e in _enhetsrader(u, rader):
        r = rader[e]
        sum_antall += r["antall"]
        sum_i_tide += r["i_tide"]
        tabell.rader.append(
            [
                tekst(u.enhet_navn(e)),
                antall(r["antall"], maal="kontaktlege", rad_enhet=_rad_id(e)),
                antall(r["i_tide"]),
                antall(r["antall"] - r["i_tide"], maal="kontaktlege_sent", rad_enhet=_rad_id(e)),
                andel(r["i_tide"], r["antall"]),
            ]
        )
    tabell.rader.append(
        [
            tekst(_("Alle enheter")),
            antall(sum_antall, maal="kontaktlege"),
            antall(sum_i_tide),
            antall(sum_antall - sum_i_tide, maal="kontaktlege_sent"),
            andel(sum_i_tide, sum_antall),
        ]
    )
    return tabell


FORFALT = [
    # (drill-down, records, how they are counted, column)
    ("forfalt_evaluering", forfalte_evalueringer, Count("pk"), _l("Forfalte evalueringer")),
    ("forfalt_oppgave", forfalte_oppgaver, Count("pk"), _l("Forfalte oppfølgingspunkter")),
    ("forfalt_melding", ubesvarte_meldinger, Count("pk"), _l("Ubesvarte meldinger")),
    (
        "forfalt_samtykke",
        utlopte_samtykker,
        Count("pasient_id", distinct=True),
        _l("Pasienter med utløpt samtykke"),
    ),
]


def forfalt(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    """Open work whose deadline passed before the end of the period, by unit and by the
    patient's koordinator: one GROUP BY query per kind of work."""
    navn_ = (b or Beregning(u)).ansattnavn
    per_enhet: dict = {}
    per_koordinator: dict = {}
    totalt = dict.fromkeys((kode for kode, *_ in FORFALT), 0)
    for kode, poster, telling, _kolonne in FORFALT:
        for r in poster(u).order_by().values("rad_enhet", "rad_koordinator").annotate(n=telling):
            per_enhet.setdefault(r["rad_enhet"], dict.fromkeys(totalt, 0))[kode] += r["n"]
            per_koordinator.setdefault(r["rad_koordinator"], dict.fromkeys(totalt, 0))[kode] += r[
                "n"
            ]
            totalt[kode] += r["n"]
    kolonner = [str(kolonne) for *_, kolonne in FORFALT]
    beskrivelse = _(
        "Åpent arbeid med frist før %(dato)s: evalueringer av planer vi eier, "
        "oppfølgingspunkter fra våre ansvarsgrupper, meldinger til oss som venter på svar, og "
        "pasienter vi følger som ikke har gyldig samtykke fordi det har utløpt."
    ) % {"dato": f"{u.per:%d.%m.%Y}"}

    def rad(tittel: str, tall: dict, **lenke):
        return [tekst(tittel), *(antall(tall[kode], maal=kode, **lenke) for kode in totalt)]

    enhet = Tabell(
        "forfalt-enhet",
        _("Forfalt arbeid per enhet"),
        [_("Enhet"), *kolonner],
        beskrivelse=beskrivelse,
        sumrad=True,
    )
    for e in _enhetsrader(u, per_enhet):
        enhet.rader.append(rad(u.enhet_navn(e), per_enhet[e], rad_enhet=_rad_id(e)))
    enhet.rader.append(rad(_("Alle enheter"), totalt))

    koordinator = Tabell(
        "forfalt-koordinator",
        _("Forfalt arbeid per koordinator"),
        [_("Koordinator"), *kolonner],
        beskrivelse=_("Koordinator: pasientens aktive koordinator eller barnekoordinator."),
        sumrad=True,
    )
    for k in sorted(
        per_koordinator,
        key=lambda k: (
            k is None,
            -sum(per_koordinator[k].values()),
            navn_.get(k, "").casefold(),
            k or 0,
        ),
    ):
        tittel = navn(navn_.get(k, str(k)), k) if k is not None else tekst(_("Ingen koordinator"))
        koordinator.rader.append(
            [
                tittel,
                *(
                    antall(per_koordinator[k][kode], maal=kode, koordinator=_rad_id(k))
                    for kode in totalt
                ),
            ]
        )
    koordinator.rader.append(rad(_("Alle"), totalt))
    return [enhet, koordinator]


BELASTNING = [(0, 0), (1, 5), (6, 10), (11, 20), (21, 40), (41, None)]


def koordinatorer(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    """Staff with active appointments made by the selected units, and trained staff of those
    units without any: load per role, training, last activity; and the distribution of load."""
    navn_ = (b or Beregning(u)).ansattnavn
    aktive = aktive_oppnevninger(u, u.per).order_by()
    belastning = {
        r["ansatt_id"]: r
        for r in aktive.values("ansatt_id").annotate(
            totalt=Count("pk"),
            forste_koordinator=Min("startdato", filter=Q(rolle__in=KOORDINATORROLLER)),
            **{rolle: Count("pk", filter=Q(rolle=rolle)) for rolle in Rolle.values},
        )
    }
    i_enhetene = Medlemskap.objects.filter(
        u.i_enhetene("enhet_id"), ansatt_id=OuterRef("pk")
    ).exclude(enhet__type=Enhet.Type.KOORDINERENDE_ENHET)
    ansatte = (
        Ansatt.objects.filter(organisasjon_id=u.org_id)
        .filter(
            Q(pk__in=aktive.values("ansatt_id"))
            | (Q(koordinatoropplaering_fullfort__isnull=False) & Q(Exists(i_enhetene)))
        )
        .annotate(
            siste_oppslag=Subquery(
                Tilgangslogg.objects.filter(bruker_id=OuterRef("bruker_id"))
                .order_by("-tidspunkt")
                .values("tidspunkt")[:1]
            )
        )
        .values(
            "pk",
            "yrke",
            "koordinatoropplaering_fullfort",
            "bruker__last_login",
            "siste_oppslag",
        )
    )
    rollenavn = {
        Rolle.KOORDINATOR: _("Koordinator"),
        Rolle.BARNEKOORDINATOR: _("Barnekoordinator"),
        Rolle.KONTAKTLEGE: _("Kontaktlege"),
        Rolle.KONTAKTPSYKOLOG: _("Kontaktpsykolog"),
    }
    roller = _sortert(
        u.roller, [rolle for r in belastning.values() for rolle in Rolle.values if r[rolle]]
    )
    tabell = Tabell(
        "koordinatorer",
        _("Aktive oppnevninger per ansatt per %(dato)s") % {"dato": f"{u.per:%d.%m.%Y}"},
        [
            _("Ansatt"),
            _("Yrke"),
            *(str(rollenavn[r]) for r in roller),
            _("Totalt"),
            _("Koordinatoropplæring"),
            _("Siste aktivitet"),
            _("Merknad"),
        ],
        beskrivelse=_(
            "Ansatte med aktive oppnevninger fra enheten(e), og ansatte med fullført "
            "koordinatoropplæring uten oppnevninger. Siste aktivitet: siste innlogging eller "
            "oppslag på en pasient."
        ),
        sumkolonne=2 + len(roller),
    )
    grense = u.per - relativedelta(months=OPPLAERING_MAANEDER)
    tom = {"totalt": 0, "forste_koordinator": None, **dict.fromkeys(Rolle.values, 0)}
    rader = []
    for a in ansatte:
        b = belastning.get(a["pk"], tom)
        siste = max(
            (t for t in (a["bruker__last_login"], a["siste_oppslag"]) if t is not None),
            default=None,
        )
        merknad = ""
        if b["forste_koordinator"] and a["koordinatoropplaering_fullfort"] is None:
            merknad = (
                _("Mangler opplæring etter 3 mnd.")
                if b["forste_koordinator"] < grense
                else _("Mangler opplæring")
            )
        rader.append(
            (
                -b["totalt"],
                navn_.get(a["pk"], "").casefold(),
                [
                    navn(navn_.get(a["pk"], ""), a["pk"]),
                    tekst(Ansatt.Yrke(a["yrke"]).label),
                    *(
                        antall(b[r], maal="koordinator_pasienter", ansatt=a["pk"], rolle=r)
                        for r in roller
                    ),
                    antall(b["totalt"], maal="koordinator_pasienter", ansatt=a["pk"]),
                    dato(a["koordinatoropplaering_fullfort"])
                    if a["koordinatoropplaering_fullfort"]
                    else tekst(_("Ikke fullført")),
                    dato(siste),
                    tekst(merknad or None),
                ],
            )
        )
    tabell.rader = [rad for *_noekkel, rad in sorted(rader, key=lambda r: r[:2])]

    laster = [-r[0] for r in rader]
    fordeling = Tabell(
        "belastning",
        _("Fordeling av belastning"),
        [_("Aktive oppnevninger per ansatt"), _("Ansatte")],
        beskrivelse=_("Hvor mange ansatte som har hvor mange aktive oppnevninger."),
    )
    for fra_, til_ in BELASTNING:
        if til_ is None:
            tittel, n = _("%(n)s eller flere") % {"n": fra_}, sum(1 for x in laster if x >= fra_)
        elif fra_ == til_:
            tittel, n = str(fra_), sum(1 for x in laster if x == fra_)
        else:
            tittel = f"{fra_}–{til_}"
            n = sum(1 for x in laster if fra_ <= x <= til_)
        fordeling.rader.append([tekst(tittel), antall(n)])
    return [tabell, fordeling]


SVARTALL = ("antall", "innen", "etter", "ubesvart", "ikke_forfalt", "besvart")


@dataclass
class Meldingsdata:
    """The organisation's messages, counted in two queries for both sections that use them."""

    volum: dict  # (type, direction) -> messages in the period
    per_maaned: dict  # (month, direction) -> messages in the trend window
    svar_type: dict  # (direction, type) -> counts and percentiles for those with a deadline
    svar_retning: dict  # direction -> the same, all types


def meldingsdata(u: Utvalg) -> Meldingsdata:
    """Two plain GROUP BY queries, each one parallel hashed scan: the messages of the trend
    window by month, type, direction and whether in the period (counts and response
    outcomes); and the answered ones with a deadline in the period by direction, type and
    response time in whole hours (a histogram for the median and 90th percentile)."""
    frist = Q(sendt__gte=u.start, svarfrist__isnull=False, svar_paa__isnull=True)
    utfall = ("innen", "etter", "ubesvart", "ikke_forfalt")
    tall = (
        meldinger(u, dagstart(u.maaneder[0]), u.slutt)
        .order_by()
        .annotate(
            maaned=TruncMonth("sendt", output_field=DateField()),
            i_perioden=ExpressionWrapper(Q(sendt__gte=u.start), output_field=BooleanField()),
        )
        .values("maaned", "type", "retning", "i_perioden")
        .annotate(
            n=Count("pk"),
            antall=Count("pk", filter=frist),
            besvart=Count("pk", filter=frist & BESVART),
            **{x: Count("pk", filter=frist & _svarutfall(x, u.idag)) for x in utfall},
        )
    )
    svartider = (
        meldinger(u, u.start, u.slutt)
        .filter(svarfrist__isnull=False, svar_paa__isnull=True, avsluttet__isnull=False)
        .order_by()
        .annotate(timer=TimerMellom(F("avsluttet"), F("sendt")))
        .values("retning", "type", "timer")
        .annotate(n=Count("pk"))
    )
    volum, per_maaned, svar_type, svar_retning = {}, {}, {}, {}
    for r in tall:
        noekkel = (som_dato(r["maaned"]), r["retning"])
        per_maaned[noekkel] = per_maaned.get(noekkel, 0) + r["n"]
        if not r["i_perioden"]:
            continue
        noekkel = (r["type"], r["retning"])
        volum[noekkel] = volum.get(noekkel, 0) + r["n"]
        if r["antall"]:
            for summer in (
                svar_type.setdefault((r["retning"], r["type"]), dict.fromkeys(SVARTALL, 0)),
                svar_retning.setdefault(r["retning"], dict.fromkeys(SVARTALL, 0)),
            ):
                for k in SVARTALL:
                    summer[k] += r[k]
    timer_type: dict = {}
    timer_retning: dict = {}
    for r in svartider:
        for histogram in (
            timer_type.setdefault((r["retning"], r["type"]), {}),
            timer_retning.setdefault(r["retning"], {}),
        ):
            histogram[r["timer"]] = histogram.get(r["timer"], 0) + r["n"]
    for summer_, histogrammer in ((svar_type, timer_type), (svar_retning, timer_retning)):
        for noekkel, rad in summer_.items():
            for navn_, andel_ in (("median", 0.5), ("p90", 0.9)):
                timer = persentil(histogrammer.get(noekkel, {}), andel_)
                rad[navn_] = None if timer is None else timer / 24
    return Meldingsdata(
        volum=volum, per_maaned=per_maaned, svar_type=svar_type, svar_retning=svar_retning
    )


def meldingstall(u: Utvalg, b: "Beregning | None" = None) -> list[Tabell]:
    data = (b or Beregning(u)).meldinger
    volum = data.volum
    retninger = [SENDT, MOTTATT, INTERN]
    tabell = Tabell(
        "meldinger-volum",
        _("Meldinger i perioden etter type og retning"),
        [
            _("Meldingstype"),
            _("Sendt til andre organisasjoner"),
            _("Mottatt fra andre organisasjoner"),
            _("Interne"),
            _("Totalt"),
        ],
        beskrivelse=_("Alle meldinger enheten(e) sendte eller mottok, svar medregnet."),
        sumrad=True,
        sumkolonne=4,
    )
    for type_ in Meldingstype.values:
        tall = [volum.get((type_, r), 0) for r in retninger]
        tabell.rader.append(
            [
                tekst(Meldingstype(type_).label),
                *(
                    antall(n, maal="melding", type=type_, retning=r)
                    for n, r in zip(tall, retninger, strict=True)
                ),
                antall(sum(tall), maal="melding", type=type_),
            ]
        )
    summer = [sum(volum.get((t, r), 0) for t in Meldingstype.values) for r in retninger]
    tabell.rader.append(
        [
            tekst(_("Alle typer")),
            *(antall(n, maal="melding", retning=r) for n, r in zip(summer, retninger, strict=True)),
            antall(sum(summer), maal="melding"),
        ]
    )
    per_type, per_retning = data.svar_type, data.svar_retning
    svar = Tabell(
        "meldinger-svar",
        _("Svar på meldinger med svarfrist"),
        [
            _("Retning"),
            _("Meldingstype"),
            _("Med svarfrist"),
            _("Besvart innen fristen"),
            _("Besvart etter fristen"),
            _("Ubesvart, fristen passert"),
            _("Ubesvart, ikke forfalt"),
            _("Andel besvart innen fristen"),
            _("Median svartid (døgn)"),
            _("90-persentil svartid (døgn)"),
        ],
        beskrivelse=_(
            "Meldinger sendt i perioden som ba om svar innen en frist. «Mottatt»: vår svartid. "
            "«Sendt»: svartiden hos mottakeren. Besvart: svar skrevet eller merket behandlet. "
            "Andelen regnes av meldinger som er besvart eller har passert fristen."
        ),
    )
    retningsnavn = {
        MOTTATT: _("Mottatt (vi svarer)"),
        SENDT: _("Sendt (de svarer)"),
        INTERN: _("Interne"),
    }

    def celler(r, **lenke):
        return [
            antall(r["antall"], maal="melding_svar", **lenke),
            antall(r["innen"], maal="melding_svar", utfall="innen", **lenke),
            antall(r["etter"], maal="melding_svar", utfall="etter", **lenke),
            antall(r["ubesvart"], maal="melding_svar", utfall="ubesvart", **lenke),
            antall(r["ikke_forfalt"], maal="melding_svar", utfall="ikke_forfalt", **lenke),
            andel(r["innen"], r["antall"] - r["ikke_forfalt"]),
            dager(r.get("median"), r["besvart"]),
            dager(r.get("p90"), r["besvart"]),
        ]

    for retning in (MOTTATT, SENDT, INTERN):
        if retning not in per_retning:
            continue
        for type_ in Meldingstype.values:
            if (retning, type_) in per_type:
                svar.rader.append(
                    [
                        tekst(retningsnavn[retning]),
                        tekst(Meldingstype(type_).label),
                        *celler(per_type[retning, type_], retning=retning, type=type_),
                    ]
                )
        svar.rader.append(
            [
                tekst(retningsnavn[retning]),
                tekst(_("Alle typer")),
                *celler(per_retning[retning], retning=retning),
            ]
        )
    return [tabell, svar]


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
    meldt = (b or Beregning(u)).meldinger.per_maaned
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
    from django.utils import dateformat

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


# --- the whole overview --------------------------------------------------------------------------

SEKSJONER: dict[str, Callable[..., list[Tabell]]] = {
    "dekning": dekning,
    "ventetid": ventetid,
    "forfalt": forfalt,
    "koordinatorer": koordinatorer,
    "meldinger": meldingstall,
    "trender": trender,
}
TABELLER = {
    # table → the section that makes it
    "dekning-status": "dekning",
    "dekning-behov": "dekning",
    "ventetid-enhet": "ventetid",
    "ventetid-behov": "ventetid",
    "kontaktlege": "ventetid",
    "forfalt-enhet": "forfalt",
    "forfalt-koordinator": "forfalt",
    "koordinatorer": "koordinatorer",
    "belastning": "koordinatorer",
    "meldinger-volum": "meldinger",
    "meldinger-svar": "meldinger",
    "trender": "trender",
}


class Beregning:
    """What several sections share, computed at most once per overview."""

    def __init__(self, u: Utvalg):
        self.u = u

    @cached_property
    def ansattnavn(self) -> dict[int, str]:
        return ansattnavn(self.u)

    @cached_property
    def meldinger(self) -> Meldingsdata:
        return meldingsdata(self.u)


def oversikt_tabeller(u: Utvalg, seksjoner=None) -> dict[str, Tabell]:
    """Every table of the overview (or of the named sections), by export name. The number of
    queries is the same whatever the amount of data."""
    b = Beregning(u)
    tabeller = {}
    with transaction.atomic():
        uten_jit()
        for seksjon in seksjoner or SEKSJONER:
            tabeller |= {t.noekkel: t for t in SEKSJONER[seksjon](u, b)}
    return tabeller


def tabell_for(u: Utvalg, noekkel: str) -> Tabell:
    return oversikt_tabeller(u, [TABELLER[noekkel]])[noekkel]


# --- drill-down --------------------------------------------------------------------------------


@dataclass
class Utdyping:
    maal: Maal
    pasienter: QuerySet  # visible to the user, with `dato` (the first record's date)
    antall_i_tallet: int  # patients behind the number, visible or not


def utdyping(*, user, u: Utvalg, kode: str, parametre: dict) -> Utdyping:
    """The patients behind a number: the figure's records, restricted to patients the user may
    see now (`visible_to`, which also gives the access basis for the log). Raises KeyError or
    ValueError for an unknown figure or parameter."""
    from koordinering.models import Pasient

    maal = MAAL[kode]
    uten_jit()
    ukjente = set(parametre) - set(maal.parametre)
    if ukjente:
        raise ValueError(ukjente)
    poster = maal.poster(u, parametre)
    antall_i_tallet = poster.aggregate(n=Count(maal.pasientfelt, distinct=True))["n"]
    forste = (
        poster.filter(**{maal.pasientfelt: OuterRef("pk")})
        .order_by(maal.datofelt, "pk")
        .values(maal.datofelt)[:1]
    )
    pasienter = (
        Pasient.objects.visible_to(user)
        .filter(pk__in=poster.values(maal.pasientfelt))
        .annotate(dato=Subquery(forste))
        .order_by(F("dato").asc(nulls_last=True), "etternavn", "fornavn", "pk")
    )
    return Utdyping(maal=maal, pasienter=pasienter, antall_i_tallet=antall_i_tallet)
