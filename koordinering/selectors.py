"""Read models for koordinering screens."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from felles.models import Tilgangsgrunnlag, Tilgangslogg
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Medlemskap,
    Oppnevning,
    Parorende,
    Pasient,
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
    expired, other) and the best rank wins. One scalar subquery per row keeps the cost in
    proportion to the rows shown: PostgreSQL never turns it into a scan of all consents."""
    idag = timezone.localdate()
    grense = idag + timedelta(days=SAMTYKKE_VARSEL_DAGER)
    aktiv = Q(trukket_tid__isnull=True, gyldig_fra__lte=idag)
    rangert = (
        Samtykke.objects.filter(pasient_id=OuterRef(pasient_felt))
        .annotate(
            rang=Case(
                When(aktiv & (Q(gyldig_til__isnull=True) | Q(gyldig_til__gt=grense)), then=0),
                When(aktiv & Q(gyldig_til__gte=idag), then=1),
                When(trukket_tid__isnull=False, then=2),
                When(gyldig_til__lt=idag, then=3),
                default=4,
            )
        )
        .order_by("rang", F("gyldig_til").desc(nulls_first=True))
    )
    gyldige = Samtykke.objects.filter(pasient_id=OuterRef(pasient_felt)).gyldige(idag)
    return queryset.annotate(
        samtykke_gyldig_til=Subquery(
            gyldige.order_by(F("gyldig_til").desc(nulls_first=True)).values("gyldig_til")[:1]
        ),
        samtykkerang=Subquery(rangert.values("rang")[:1]),
        samtykkestatus=Case(
            When(samtykkerang=0, then=Value(Samtykkestatus.GYLDIG)),
            When(samtykkerang=1, then=Value(Samtykkestatus.UTLOPER)),
            When(samtykkerang=2, then=Value(Samtykkestatus.TRUKKET)),
            When(samtykkerang=3, then=Value(Samtykkestatus.UTLOPT)),
            default=Value(Samtykkestatus.MANGLER),
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
        .filter(ansatt__bruker=user)
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
        Oppnevning.objects.aktive().filter(ansatt__bruker=user, rolle__in=KOORDINATORROLLER)
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


@dataclass(frozen=True)
class Endring:
    tidspunkt: object
    hvem: str
    hva: str
    detaljer: list[str]


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


def _felt_verdi(post, felt) -> str:
    verdi = getattr(post, felt.attname)
    if verdi in (None, ""):
        return "–"
    if felt.choices:
        return str(dict(felt.flatchoices).get(verdi, verdi))
    if isinstance(verdi, bool):
        return _("ja") if verdi else _("nei")
    return str(verdi)


def endringshistorikk(
    *, pasient: Pasient, organisasjoner: list[int], grense: int = 100
) -> list[Endring]:
    """Who changed what and when, across the patient's case records: one query per model, the
    differences between consecutive versions computed here, newest first. Records that belong
    to an organisation are shown only for `organisasjoner` (see `delte_organisasjoner`)."""
    endringer = []
    for modell, felt, navn in HISTORIKK_MODELLER:
        filtre = {felt: pasient.pk}
        if any(f.name == "organisasjon" for f in modell._meta.concrete_fields):
            filtre["organisasjon_id__in"] = organisasjoner
        felter = [
            f
            for f in modell._meta.concrete_fields
            if f.name not in ("id", "fodselsnummer") and not f.name.endswith("opprettet")
        ]
        poster = (
            modell.history.filter(**filtre)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        forrige = {}
        for post in poster:
            tidligere = forrige.get(post.id)
            if tidligere is None:
                detaljer = []
            else:
                detaljer = [
                    f"{f.verbose_name}: {_felt_verdi(tidligere, f)} → {_felt_verdi(post, f)}"
                    for f in felter
                    if getattr(tidligere, f.attname) != getattr(post, f.attname)
                ]
            forrige[post.id] = post
            if tidligere is not None and not detaljer and post.history_type == "~":
                continue
            bruker = post.history_user
            endringer.append(
                Endring(
                    tidspunkt=post.history_date,
                    hvem=(bruker.get_full_name() or bruker.get_username())
                    if bruker
                    else _("System"),
                    hva=f"{HISTORIKK_TYPE[post.history_type]} {navn}",
                    detaljer=detaljer,
                )
            )
    endringer.sort(key=lambda e: e.tidspunkt, reverse=True)
    return endringer[:grense]


@dataclass
class Pasientside:
    pasient: Pasient
    parorende: list
    samtykker: list
    tilknytninger: list
    oppnevninger: list
    behovsmeldinger: list
    historikk: list[Endring]
    tilgangslogg: list | None
    kan_redigere: bool
    organisasjoner: list[int]
    min_organisasjon_id: int

    @property
    def tilgangsgrunnlag(self) -> str:
        return Tilgangsgrunnlag(self.pasient.tilgangsgrunnlag).label


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


def pasientside(*, user, ansatt: Ansatt, pasient: Pasient) -> Pasientside:
    """Everything on the patient page, in a fixed number of queries. `pasient` comes from
    `visible_to(user)`, so it carries `tilgangsgrunnlag`."""
    _enheter, ke_org = enheter_og_ke_organisasjoner(user)  # read by `visible_to` already
    ledet = set(ledede_enheter(user).values_list("pk", flat=True))
    org = delte_organisasjoner(ansatt=ansatt, pasient=pasient)
    oppnevninger = list(
        pasient.oppnevninger.filter(organisasjon_id__in=org)
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
        # The same rule as permissions.kan_avslutte_oppnevning, without a query per row.
        o.kan_avsluttes = o.er_aktiv and (o.enhet_id in ledet or o.organisasjon_id in ke_org)
    samtykker = list(
        pasient.samtykker.select_related("dokumentert_av__bruker").prefetch_related(
            "organisasjoner",
            # The named people with their user in the same query as the people.
            Prefetch("personer", queryset=Ansatt.objects.select_related("bruker")),
        )
    )
    # The same rule as permissions.samtykke_trekkerett, from the appointments read above.
    koordinator = any(
        o.er_aktiv and o.ansatt_id == ansatt.pk and o.rolle in KOORDINATORROLLER
        for o in oppnevninger
    )
    for sa in samtykker:
        sa.kan_trekkes = (
            bool(ke_org)
            or koordinator
            or sa.dokumentert_av.organisasjon_id == ansatt.organisasjon_id
        )
    return Pasientside(
        pasient=pasient,
        parorende=list(pasient.parorende.all()),
        samtykker=samtykker,
        tilknytninger=list(
            pasient.tilknytninger.filter(organisasjon_id__in=org).select_related(
                "enhet__organisasjon"
            )
        ),
        oppnevninger=oppnevninger,
        behovsmeldinger=list(
            pasient.behovsmeldinger.filter(organisasjon_id__in=org)
            .select_related("enhet", "meldt_av__bruker")
            .order_by("-opprettet")
        ),
        historikk=endringshistorikk(pasient=pasient, organisasjoner=org),
        # The KE follows up its own organisation's staff: it reads their rows for this patient.
        tilgangslogg=(
            list(
                Tilgangslogg.objects.filter(
                    pasient=pasient, organisasjon_id__in=ke_org
                ).select_related("organisasjon")[:200]
            )
            if ke_org
            else None
        ),
        kan_redigere=pasient.tilgangsgrunnlag
        in (Tilgangsgrunnlag.OPPNEVNING, Tilgangsgrunnlag.ENHET),
        organisasjoner=org,
        min_organisasjon_id=ansatt.organisasjon_id,
    )
