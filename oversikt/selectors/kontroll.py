"""Kontroll av tilganger: the KE's snooping review of its own organisation's staff (Normen
faktaark 15, issue 14). Five categories of findings in the access log for a period, each
grouped per staff member and patient per day (bulk reads: per staff member and clock hour):

1. `samtykke` – reads whose basis was a consent to share from another organisation;
2. `utenfor` – the patient page or a search hit reached with no appointment or ansvarsgruppe
   membership of one's own, so only through the unit's or the KE's connection (the log has no
   referrer, so the basis and the page stand for «outside the drill-down»);
3. `etternavn` – reads of a patient with the staff member's own surname (staff profiles have
   no address, so only the surname is compared);
4. `masse` – more distinct patients in one clock hour than `TILGANGSKONTROLL_MASSEOPPSLAG_PER_TIME`;
5. `avvist` – refused attempts (a 404 to someone without access), and `fnr` – fødselsnummer
   probes (a number typed in «Registrer pasient» for a patient one may not see).

One aggregate query per category and one for the findings already reviewed, so the page's
query count does not grow with the findings. The KE's own follow-up reads (basis `tilsyn`) are
not findings."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q
from django.db.models.functions import Lower, TruncDate, TruncHour
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansvarsgruppe.models import Gruppemedlem
from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from koordinering.models import Oppnevning
from oversikt.models import GjennomgattFunn

KATEGORIER = {
    "samtykke": _("Tilgang ved samtykke fra en annen organisasjon"),
    "utenfor": _("Oppslag uten egen oppnevning eller ansvarsgruppe"),
    "etternavn": _("Oppslag på pasient med samme etternavn som den ansatte"),
    "masse": _("Masseoppslag"),
    "avvist": _("Avviste forsøk"),
    "fnr": _("Oppslag på fødselsnummer uten tilgang"),
}

# The pages that show one patient found by search or typed in: the patient page and the hits
# of the patient search (lists on dashboards log their own page name and are not findings).
ENKELTOPPSLAG = ("koordinering:pasient-detalj", "koordinering:pasient-sok")


@dataclass(frozen=True)
class Funn:
    kategori: str
    nokkel: str
    organisasjon_id: int
    bruker_id: int
    ansatt_id: int | None
    brukernavn: str
    pasient_id: int | None
    pasientnavn: str
    fodselsdato: date | None
    tid: date | datetime
    antall: int
    forste: datetime
    siste: datetime
    hva: str
    gjennomgang: GjennomgattFunn | None = None

    @property
    def kategorinavn(self) -> str:
        return KATEGORIER[self.kategori]


def nokkel(kategori: str, organisasjon_id: int, bruker_id: int, pasient_id, tid) -> str:
    """The finding's stable name: ids and a day (or hour), never health information."""
    return f"{kategori}:{organisasjon_id}:{bruker_id}:{pasient_id or 0}:{tid.isoformat()}"


def _periode(organisasjoner: list[int], fra: date, til: date):
    start = timezone.make_aware(datetime.combine(fra, time.min))
    slutt = timezone.make_aware(datetime.combine(til + timedelta(days=1), time.min))
    return Tilgangslogg.objects.filter(
        organisasjon_id__in=organisasjoner, tidspunkt__gte=start, tidspunkt__lt=slutt
    )


def _per_dag(rader, kategori: str, hva: str = "") -> list[Funn]:
    """Rows grouped per staff member, patient and day, with their count and first/last time."""
    grupper = (
        rader.annotate(dag=TruncDate("tidspunkt"))
        .values(
            "organisasjon_id",
            "bruker_id",
            "bruker__ansatt__id",
            "pasient_id",
            "pasient__fornavn",
            "pasient__mellomnavn",
            "pasient__etternavn",
            "pasient__fodselsdato",
            "dag",
        )
        .annotate(
            antall=Count("id"),
            forste=Min("tidspunkt"),
            siste=Max("tidspunkt"),
            navn=Max("brukernavn"),
            eksempel=Max("dokument"),
        )
        .order_by("-dag", "navn", "pasient_id")
    )
    return [
        Funn(
            kategori=kategori,
            nokkel=nokkel(
                kategori, g["organisasjon_id"], g["bruker_id"], g["pasient_id"], g["dag"]
            ),
            organisasjon_id=g["organisasjon_id"],
            bruker_id=g["bruker_id"],
            ansatt_id=g["bruker__ansatt__id"],
            brukernavn=g["navn"],
            pasient_id=g["pasient_id"],
            pasientnavn=" ".join(
                n
                for n in (g["pasient__fornavn"], g["pasient__mellomnavn"], g["pasient__etternavn"])
                if n
            ),
            fodselsdato=g["pasient__fodselsdato"],
            tid=g["dag"],
            antall=g["antall"],
            forste=g["forste"],
            siste=g["siste"],
            hva=hva or g["eksempel"],
        )
        for g in grupper
    ]


def _masseoppslag(rader, terskel: int) -> list[Funn]:
    grupper = (
        rader.filter(handling=Handling.VIST)
        .annotate(time=TruncHour("tidspunkt"))
        .values("organisasjon_id", "bruker_id", "bruker__ansatt__id", "time")
        .annotate(
            pasienter=Count("pasient_id", distinct=True),
            forste=Min("tidspunkt"),
            siste=Max("tidspunkt"),
            navn=Max("brukernavn"),
        )
        .filter(pasienter__gt=terskel)
        .order_by("-time", "navn")
    )
    return [
        Funn(
            kategori="masse",
            nokkel=nokkel("masse", g["organisasjon_id"], g["bruker_id"], None, g["time"]),
            organisasjon_id=g["organisasjon_id"],
            bruker_id=g["bruker_id"],
            ansatt_id=g["bruker__ansatt__id"],
            brukernavn=g["navn"],
            pasient_id=None,
            pasientnavn="",
            fodselsdato=None,
            tid=timezone.localtime(g["time"]),
            antall=g["pasienter"],
            forste=g["forste"],
            siste=g["siste"],
            hva=_("%(antall)s pasienter på én klokketime (grense %(terskel)s)")
            % {"antall": g["pasienter"], "terskel": terskel},
        )
        for g in grupper
    ]


def _har_egen_relasjon():
    """The reader holds (or held on the day of the read) an appointment for the patient or a
    seat in the patient's ansvarsgruppe."""
    dag = OuterRef("lesedag")
    oppnevning = Oppnevning.objects.filter(
        ansatt__bruker_id=OuterRef("bruker_id"), pasient_id=OuterRef("pasient_id")
    ).filter(Q(sluttdato__isnull=True) | Q(sluttdato__gte=dag))
    medlem = Gruppemedlem.objects.filter(
        ansatt__bruker_id=OuterRef("bruker_id"), gruppe__pasient_id=OuterRef("pasient_id")
    ).filter(Q(til__isnull=True) | Q(til__gte=dag))
    return Exists(oppnevning) | Exists(medlem)


def kontroll_funn(
    *,
    organisasjoner: list[int],
    fra: date,
    til: date,
    kategori: str = "",
    bruker_id: int | None = None,
    vis_gjennomgatte: bool = False,
) -> tuple[list[Funn], int]:
    """The findings of the period (optionally one category or one staff member), and how many
    already reviewed findings were left out (all are shown with `vis_gjennomgatte`)."""
    rader = _periode(organisasjoner, fra, til)
    if bruker_id is not None:
        rader = rader.filter(bruker_id=bruker_id)
    lesninger = rader.filter(handling__in=[Handling.VIST, Handling.ENDRET]).exclude(
        grunnlag=Tilgangsgrunnlag.TILSYN
    )
    hent = {
        "samtykke": lambda: _per_dag(
            lesninger.filter(grunnlag=Tilgangsgrunnlag.SAMTYKKE), "samtykke"
        ),
        "utenfor": lambda: _per_dag(
            lesninger.filter(
                grunnlag__in=[Tilgangsgrunnlag.ENHET, Tilgangsgrunnlag.KE],
                objekt_type__in=ENKELTOPPSLAG,
            )
            .alias(lesedag=TruncDate("tidspunkt"))
            .alias(relasjon=_har_egen_relasjon())
            .filter(relasjon=False),
            "utenfor",
        ),
        "etternavn": lambda: _per_dag(
            lesninger.alias(
                pasient_etternavn=Lower("pasient__etternavn"),
                eget_etternavn=Lower("bruker__last_name"),
            ).filter(pasient_etternavn=F("eget_etternavn")),
            "etternavn",
        ),
        "masse": lambda: _masseoppslag(lesninger, settings.TILGANGSKONTROLL_MASSEOPPSLAG_PER_TIME),
        "avvist": lambda: _per_dag(rader.filter(handling=Handling.AVVIST), "avvist"),
        "fnr": lambda: _per_dag(rader.filter(handling=Handling.FNR_OPPSLAG), "fnr"),
    }
    funn = [f for k, lag in hent.items() if not kategori or k == kategori for f in lag()]
    gjennomgatt = {
        g.nokkel: g
        for g in GjennomgattFunn.objects.filter(
            organisasjon_id__in=organisasjoner, nokkel__in=[f.nokkel for f in funn]
        ).select_related("gjennomgatt_av__bruker")
    }
    funn = [replace(f, gjennomgang=gjennomgatt.get(f.nokkel)) for f in funn]
    skjult = sum(1 for f in funn if f.gjennomgang is not None) if not vis_gjennomgatte else 0
    if not vis_gjennomgatte:
        funn = [f for f in funn if f.gjennomgang is None]
    return funn, skjult
