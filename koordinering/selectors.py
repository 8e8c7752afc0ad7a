"""Read models for koordinering screens."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from felles.historikk import (
    Feltendring,
    Navneoppslag,
    brukernavn,
    feltendringer,
    tidspunkt_i_ord,
    viste_felter,
)
from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Parorende,
    Pasient,
    PlanDel,
    Rolle,
    Samtykke,
    Tilknytning,
)
from koordinering.permissions import KOORDINATORROLLER, ke_organisasjoner, ledede_enheter
from koordinering.querysets import enheter_og_ke_organisasjoner, synlig_pasient
from koordinering.regler import ROLLE_FOR_BEHOV

# --- koordinator dashboard --------------------------------------------------------------------

SAMTYKKE_VARSEL_DAGER = 30


class Samtykkestatus(models.TextChoices):
    GYLDIG = "gyldig", _("Gyldig")
    UTLOPER = "utloper", _("Utløper innen 30 dager")
    UTLOPT = "utlopt", _("Utløpt")
    TRUKKET = "trukket", _("Trukket tilbake")
    MANGLER = "mangler", _("Mangler")


def med_samtykkestatus(queryset, *, pasient_felt: str = "pasient_id"):
    """Annotate `samtykkestatus` and `samtykke_gyldig_til`, each with one correlated subquery.

    Every consent of the patient is ranked (valid beyond 30 days, valid but expiring, withdrawn,
    expired, other) and the best one's status wins. The subquery returns the status itself, so
    PostgreSQL evaluates it once per row (a CASE over a ranking subquery ran it once per WHEN),
    and one scalar subquery per row keeps the cost in proportion to the rows shown."""
    idag = timezone.localdate()
    grense = idag + timedelta(days=SAMTYKKE_VARSEL_DAGER)
    aktiv = Q(trukket_tid__isnull=True, gyldig_fra__lte=idag)
    # Best first: the rank of a consent is the first condition it meets.
    rangering = [
        (aktiv & (Q(gyldig_til__isnull=True) | Q(gyldig_til__gt=grense)), Samtykkestatus.GYLDIG),
        (aktiv & Q(gyldig_til__gte=idag), Samtykkestatus.UTLOPER),
        (Q(trukket_tid__isnull=False), Samtykkestatus.TRUKKET),
        (Q(gyldig_til__lt=idag), Samtykkestatus.UTLOPT),
    ]
    rangert = (
        Samtykke.objects.filter(pasient_id=OuterRef(pasient_felt))
        .annotate(
            rang=Case(
                *[When(vilkaar, then=nr) for nr, (vilkaar, _) in enumerate(rangering)],
                default=len(rangering),
            ),
            status=Case(
                *[When(vilkaar, then=Value(status)) for vilkaar, status in rangering],
                default=Value(Samtykkestatus.MANGLER),
            ),
        )
        .order_by("rang", F("gyldig_til").desc(nulls_first=True))
    )
    gyldige = Samtykke.objects.filter(pasient_id=OuterRef(pasient_felt)).gyldige(idag)
    return queryset.annotate(
        samtykke_gyldig_til=Subquery(
            gyldige.order_by(F("gyldig_til").desc(nulls_first=True)).values("gyldig_til")[:1]
        ),
        samtykkestatus=Coalesce(
            Subquery(rangert.values("status")[:1]), Value(Samtykkestatus.MANGLER)
        ),
    )


@dataclass(frozen=True)
class DashboardFiltre:
    rolle: str = ""
    samtykkestatus: str = ""


def mine_pasienter(*, user, filtre: DashboardFiltre):
    """My active appointments with the patient, consent state, the nearest kontaktlege
    deadline, and the need still waiting in my organisation for the patient, if any
    (`ventende_behov`, `ventende_meldt`: the oldest pending report).

    Rows are appointments, so a person with two roles for one patient sees both. The number of
    queries does not depend on the number of rows: everything per row is a SQL subquery."""
    # Only my organisation's needs: another organisation's need reports are not mine to see.
    ventende = Behovsmelding.objects.filter(
        pasient_id=OuterRef("pasient_id"),
        organisasjon_id=OuterRef("organisasjon_id"),
        status=Behovsmelding.Status.VENTER,
    )
    eldste = ventende.order_by("opprettet", "pk")
    rader = (
        Oppnevning.objects.aktive()
        .filter(ansatt=user.ansatt)
        .select_related("pasient", "enhet")
        .annotate(
            ventende_frist=Subquery(
                ventende.filter(frist__isnull=False).order_by("frist").values("frist")[:1]
            ),
            ventende_behov=Subquery(eldste.values("behov")[:1]),
            ventende_meldt=Subquery(eldste.values("opprettet")[:1]),
        )
    )
    rader = med_samtykkestatus(rader)
    if filtre.rolle:
        rader = rader.filter(rolle=filtre.rolle)
    if filtre.samtykkestatus:
        rader = rader.filter(samtykkestatus=filtre.samtykkestatus)
    return rader.order_by("pasient__etternavn", "pasient__fornavn", "pk")


def samtykker_til_forfall(*, user, grense: int = 20) -> list[Oppnevning]:
    """Patients I coordinate whose consent runs out within 30 days, or has run out (with no
    other valid consent and none withdrawn since): renewing it is mine to do. One row per
    patient, with `samtykkestatus` and `samtykke_dato` (when it runs or ran out)."""
    utlopt = (
        Samtykke.objects.filter(
            pasient_id=OuterRef("pasient_id"),
            trukket_tid__isnull=True,
            gyldig_til__lt=timezone.localdate(),
        )
        .order_by("-gyldig_til")
        .values("gyldig_til")[:1]
    )
    rader = med_samtykkestatus(
        Oppnevning.objects.aktive().filter(ansatt=user.ansatt, rolle__in=KOORDINATORROLLER)
    ).filter(samtykkestatus__in=[Samtykkestatus.UTLOPER, Samtykkestatus.UTLOPT])
    rader = (
        rader.annotate(samtykke_utlopt=Subquery(utlopt))
        .select_related("pasient")
        .order_by("pasient_id", "pk")
    )
    unike = {}
    for rad in rader[: grense * 2]:
        rad.samtykke_dato = (
            rad.samtykke_gyldig_til
            if rad.samtykkestatus == Samtykkestatus.UTLOPER
            else rad.samtykke_utlopt
        )
        unike.setdefault(rad.pasient_id, rad)
    return list(unike.values())[:grense]


# --- leader appointment screen ----------------------------------------------------------------


def ventende_behov(*, user):
    """Pending need reports to the units the user leads, oldest first."""
    return (
        Behovsmelding.objects.filter(
            synlig_pasient(user),
            status=Behovsmelding.Status.VENTER,
            enhet__in=ledede_enheter(user),
        )
        .select_related("pasient", "enhet", "meldt_av__bruker")
        .order_by("opprettet", "pk")
    )


def kandidater(*, rolle: str, enhet, leder):
    """Who can be appointed to `rolle` by the leader of `enhet`: staff of the unit and of the
    units the leader leads who qualify for the role, with their number of active appointments
    and their coordinator training (the leader's view of load and competence)."""
    org = enhet.organisasjon
    kandidater = Ansatt.objects.filter(
        organisasjon=org,
        pk__in=Medlemskap.objects.filter(
            Q(enhet=enhet) | Q(enhet__in=ledede_enheter(leder))
        ).values("ansatt_id"),
    ).select_related("bruker")
    if rolle == Rolle.KONTAKTLEGE:
        kandidater = kandidater.filter(yrke=Ansatt.Yrke.LEGE)
    elif rolle == Rolle.KONTAKTPSYKOLOG:
        kandidater = kandidater.filter(yrke=Ansatt.Yrke.PSYKOLOG)
    elif rolle == Rolle.KOORDINATOR and org.er_sykehus:
        kandidater = kandidater.filter(helsepersonell=True)
    return kandidater.annotate(
        aktive_oppnevninger=Count("oppnevninger", filter=Q(oppnevninger__sluttdato__isnull=True)),
        i_enheten=Exists(Medlemskap.objects.filter(ansatt=OuterRef("pk"), enhet_id=enhet.pk)),
    ).order_by("-i_enheten", "aktive_oppnevninger", "bruker__last_name", "pk")


def kandidater_for_behov(*, behovsmelding: Behovsmelding, leder):
    return kandidater(
        rolle=ROLLE_FOR_BEHOV[behovsmelding.behov], enhet=behovsmelding.enhet, leder=leder
    )


def ventende_behov_i_organisasjonen(*, user):
    """For the KE: every pending need report in its organisations, oldest first (read only)."""
    return (
        Behovsmelding.objects.filter(
            synlig_pasient(user),
            status=Behovsmelding.Status.VENTER,
            organisasjon__in=ke_organisasjoner(user),
        )
        .select_related("pasient", "enhet", "meldt_av__bruker")
        .order_by("opprettet", "pk")
    )


# --- patient page ----------------------------------------------------------------------------
# One read model per section of the page (koordinering/pasientside.py composes them): a section
# reads only what it shows, each in a fixed number of queries.


@dataclass(frozen=True)
class Endring:
    tidspunkt: datetime
    hvem: str
    hva: str
    detaljer: list[Feltendring]

    @property
    def tid(self) -> str:
        return tidspunkt_i_ord(self.tidspunkt)


HISTORIKK_MODELLER = [
    # (model, filter field on the historical model, Norwegian noun)
    (Pasient, "id", _("personopplysninger")),
    (Parorende, "pasient_id", _("pårørende")),
    (Tilknytning, "pasient_id", _("tilknytning")),
    (Samtykke, "pasient_id", _("samtykke")),
    (Behovsmelding, "pasient_id", _("behovsmelding")),
    (Oppnevning, "pasient_id", _("oppnevning")),
]
HISTORIKK_TYPE = {"+": _("Opprettet"), "~": _("Endret"), "-": _("Slettet")}
# Never in the history: the patient (it is this page's) and the full birth number.
HISTORIKK_UTELAT = ("pasient", "fodselsnummer")
# A JSON list of choices has no `choices` of its own.
HISTORIKK_VALG = {"plandeler": PlanDel.choices}
# What the related models' `__str__` reads, selected along with them.
NAVN_RELASJONER = {
    Ansatt: ("bruker",),
    Behovsmelding: ("pasient",),
    Oppnevning: ("ansatt__bruker", "pasient"),
}


def endringshistorikk(
    *, pasient: Pasient, organisasjoner: list[int], grense: int = 100
) -> list[Endring]:
    """Who changed what and when, across the patient's case records, in words
    (`felles.historikk`): one query per model and one per related model named, the
    differences between consecutive versions computed here, newest first. Records that belong
    to an organisation are shown only for `organisasjoner` (see `delte_organisasjoner`)."""
    navn = Navneoppslag(NAVN_RELASJONER)
    lest = []
    for modell, felt, substantiv in HISTORIKK_MODELLER:
        filtre = {felt: pasient.pk}
        if any(f.name == "organisasjon" for f in modell._meta.concrete_fields):
            filtre["organisasjon_id__in"] = organisasjoner
        felter = viste_felter(modell, utelat=HISTORIKK_UTELAT)
        poster = list(
            modell.history.filter(**filtre)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        navn.samle(poster, felter)
        lest.append((felter, substantiv, poster))
    navn.last()

    endringer = []
    for felter, substantiv, poster in lest:
        forrige = {}
        for post in poster:
            tidligere = forrige.get(post.id)
            detaljer = (
                feltendringer(tidligere, post, felter, navn=navn, valg=HISTORIKK_VALG)
                if tidligere is not None
                else []
            )
            forrige[post.id] = post
            if tidligere is not None and not detaljer and post.history_type == "~":
                continue
            endringer.append(
                Endring(
                    tidspunkt=post.history_date,
                    hvem=brukernavn(post.history_user),
                    hva=f"{HISTORIKK_TYPE[post.history_type]} {substantiv}",
                    detaljer=detaljer,
                )
            )
    endringer.sort(key=lambda e: e.tidspunkt, reverse=True)
    return endringer[:grense]


@dataclass(frozen=True)
class Pasienttilgang:
    """What every section of the patient page needs: whose records the user sees, whether
    they may change the patient's records, whether they are the KE."""

    pasient: Pasient
    kan_redigere: bool
    organisasjoner: list[int]
    min_organisasjon_id: int
    ke_organisasjoner: frozenset[int]
    ledede_enheter: frozenset[int]

    @property
    def tilgangsgrunnlag(self) -> str:
        return Tilgangsgrunnlag(self.pasient.tilgangsgrunnlag).label

    @property
    def er_ke(self) -> bool:
        return bool(self.ke_organisasjoner)


@dataclass(frozen=True)
class Samtykkevalg:
    organisasjoner: list
    personer: list
    parorende: list


def samtykke_valg(*, pasient: Pasient) -> Samtykkevalg:
    """Whom the citizen may name in a digital consent: the organisations that follow the
    patient now (an active connection or appointment), the staff appointed for the patient
    (koordinator, kontaktlege), and the patient's recorded relatives. Three queries."""
    idag = timezone.localdate()
    aktive = Oppnevning.objects.aktive().filter(pasient=pasient)
    return Samtykkevalg(
        organisasjoner=list(
            Organisasjon.objects.filter(
                Q(
                    pk__in=Tilknytning.objects.aktive(idag)
                    .filter(pasient=pasient)
                    .values("organisasjon_id")
                )
                | Q(pk__in=aktive.values("organisasjon_id"))
            ).order_by("navn")
        ),
        personer=list(
            Ansatt.objects.filter(pk__in=aktive.values("ansatt_id"))
            .select_related("bruker", "organisasjon")
            .order_by("bruker__first_name", "bruker__last_name", "pk")
        ),
        parorende=list(pasient.parorende.order_by("navn", "pk")),
    )


def delte_organisasjoner(*, ansatt: Ansatt, pasient: Pasient) -> list[int]:
    """Organisations whose records about the patient the user may see: their own, and every
    organisation connected to the patient when a valid consent shares with the user's
    organisation or with the user by name (kommune and sykehus are otherwise separate)."""
    deler_med_meg = (
        Samtykke.objects.gyldige()
        .filter(pasient=pasient)
        .filter(Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt))
        .exists()
    )
    if not deler_med_meg:
        return [ansatt.organisasjon_id]
    andre = pasient.tilknytninger.values_list("organisasjon_id", flat=True).distinct()
    return [ansatt.organisasjon_id, *andre]


def pasienttilgang(*, user, ansatt: Ansatt, pasient: Pasient) -> Pasienttilgang:
    """`pasient` comes from `visible_to(user)`, so it carries `tilgangsgrunnlag`."""
    _enheter, ke_org = enheter_og_ke_organisasjoner(user)  # read by `visible_to` already
    return Pasienttilgang(
        pasient=pasient,
        kan_redigere=pasient.tilgangsgrunnlag
        in (Tilgangsgrunnlag.OPPNEVNING, Tilgangsgrunnlag.ENHET),
        organisasjoner=delte_organisasjoner(ansatt=ansatt, pasient=pasient),
        min_organisasjon_id=ansatt.organisasjon_id,
        ke_organisasjoner=frozenset(ke_org),
        ledede_enheter=frozenset(ledede_enheter(user).values_list("pk", flat=True)),
    )


def oppnevninger_paa_pasientside(*, tilgang: Pasienttilgang) -> list[Oppnevning]:
    """The appointments in the organisations the user sees, active first, each marked
    `kan_avsluttes` (the rule of permissions.kan_avslutte_oppnevning, without a query per
    row)."""
    oppnevninger = list(
        tilgang.pasient.oppnevninger.filter(organisasjon_id__in=tilgang.organisasjoner)
        .select_related(
            "ansatt__bruker",
            "enhet",
            "organisasjon",
            "oppnevnt_av__bruker",
            "mandat_akseptert_av__bruker",
        )
        .order_by("sluttdato", "-startdato")
    )
    for o in oppnevninger:
        o.kan_avsluttes = o.er_aktiv and (
            o.enhet_id in tilgang.ledede_enheter or o.organisasjon_id in tilgang.ke_organisasjoner
        )
    return oppnevninger


def behovsmeldinger_paa_pasientside(*, tilgang: Pasienttilgang) -> list[Behovsmelding]:
    return list(
        tilgang.pasient.behovsmeldinger.filter(organisasjon_id__in=tilgang.organisasjoner)
        .select_related("enhet", "meldt_av__bruker")
        .order_by("-opprettet")
    )


def tilknytninger_paa_pasientside(*, tilgang: Pasienttilgang) -> list[Tilknytning]:
    return list(
        tilgang.pasient.tilknytninger.filter(
            organisasjon_id__in=tilgang.organisasjoner
        ).select_related("enhet__organisasjon")
    )


@dataclass(frozen=True)
class Koordineringsstatus:
    """The overview's first lines: who coordinates, and which needs wait for a decision."""

    koordinatorer: list[Oppnevning]
    leger: list[Oppnevning]
    ventende_behov: list[Behovsmelding]


def koordineringsstatus(
    *, oppnevninger: list[Oppnevning], behovsmeldinger: list[Behovsmelding]
) -> Koordineringsstatus:
    aktive = [o for o in oppnevninger if o.er_aktiv]
    return Koordineringsstatus(
        koordinatorer=[o for o in aktive if o.rolle in KOORDINATORROLLER],
        leger=[o for o in aktive if o.rolle in (Rolle.KONTAKTLEGE, Rolle.KONTAKTPSYKOLOG)],
        ventende_behov=[b for b in behovsmeldinger if b.status == Behovsmelding.Status.VENTER],
    )


def samtykker_paa_pasientside(*, ansatt: Ansatt, tilgang: Pasienttilgang) -> list[Samtykke]:
    """Every consent of the patient, each marked `kan_trekkes` (the rule of
    permissions.samtykke_trekkerett, without a query per row)."""
    samtykker = list(
        tilgang.pasient.samtykker.select_related("dokumentert_av__bruker").prefetch_related(
            "organisasjoner",
            "parorende",
            "eksterne",
            # The named people with their user in the same query as the people.
            Prefetch("personer", queryset=Ansatt.objects.select_related("bruker")),
        )
    )
    koordinator = (
        Oppnevning.objects.aktive()
        .filter(pasient=tilgang.pasient, ansatt=ansatt, rolle__in=KOORDINATORROLLER)
        .exists()
    )
    for sa in samtykker:
        sa.kan_trekkes = (
            tilgang.er_ke
            or koordinator
            or (
                sa.dokumentert_av is not None
                and sa.dokumentert_av.organisasjon_id == ansatt.organisasjon_id
            )
        )
    return samtykker


def parorende_paa_pasientside(*, tilgang: Pasienttilgang) -> list[Parorende]:
    return list(tilgang.pasient.parorende.all())


TILGANGSLOGG_GRUPPE = {
    "pasient": (
        "pasient_id",
        "pasient__fornavn",
        "pasient__mellomnavn",
        "pasient__etternavn",
        "pasient__fodselsdato",
    ),
    "bruker": ("bruker_id",),
}


def tilgangslogg_gruppert(rader, *, per: str):
    """Access-log rows made readable for the KE: one line per day and patient (or staff
    member), action and basis, with the count, the first and last time and the page (or how
    many different pages). Dashboards still log one row per patient; this only groups them."""
    return (
        rader.annotate(dag=TruncDate("tidspunkt"))
        .values("dag", *TILGANGSLOGG_GRUPPE[per], "handling", "grunnlag")
        .annotate(
            antall=Count("id"),
            forste=Min("tidspunkt"),
            siste=Max("tidspunkt"),
            navn=Max("brukernavn"),
            roller=Max("rolle"),
            eksempel=Max("dokument"),
            sider=Count("dokument", distinct=True),
        )
        .order_by("-dag", "-siste")
    )


def tilgangslogg_med_navn(grupper) -> list[dict]:
    """The grouped rows with the action's and the basis' names, for display."""
    return [
        {
            **g,
            "handling_navn": Handling(g["handling"]).label,
            "grunnlag_navn": Tilgangsgrunnlag(g["grunnlag"]).label if g["grunnlag"] else "",
        }
        for g in grupper
    ]


def tilgangslogg_for_pasient(*, tilgang: Pasienttilgang, grense: int = 200) -> list[dict]:
    """For the KE, who follows up its own organisation's staff: their reads of this patient,
    newest first, per staff member and day."""
    return tilgangslogg_med_navn(
        tilgangslogg_gruppert(
            Tilgangslogg.objects.filter(
                pasient=tilgang.pasient, organisasjon_id__in=tilgang.ke_organisasjoner
            ),
            per="bruker",
        )[:grense]
    )


def innsyn_rader(pasient: Pasient):
    """Every organisation's rows about the patient, oldest first: the patient's right of access
    to the log (pjl § 18) covers all who read, whatever organisation (the KE's PDF and CSV, and
    «Hvem har sett opplysningene mine» in Min plan)."""
    return (
        Tilgangslogg.objects.filter(pasient=pasient)
        .select_related("organisasjon")
        .order_by("tidspunkt", "id")
    )
