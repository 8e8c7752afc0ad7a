"""Coverage: the patients followed on the status day and what they have (appointments,
plans, ansvarsgrupper), and the needs reported in the period and whether they are covered."""

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from ansvarsgruppe.models import Ansvarsgruppe
from individuellplan.models import IndividuellPlan
from koordinering.models import Behov, Behovsmelding, Oppnevning, Rolle, Samtykke
from oversikt.selectors.utvalg import (
    Nokkeltall,
    Utvalg,
    aapne_planer,
    aktiv_paa,
    aktive_oppnevninger,
    dagstart,
    med_behov,
    sortert,
    tilknytninger,
    valg,
)
from oversikt.sql import Aggregat, grupperinger, som_tidspunkt
from oversikt.tabeller import Tabell, andel, antall, dato, tekst, tom

if TYPE_CHECKING:
    from oversikt.selectors import Beregning


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


# Each need report is counted once: waiting, or decided by its outcome. Covered needs are
# decided; open ones wait for a decision or were decided by a step that is not (or no longer)
# in place; the rest were declined, refused by the patient or answered by informing them.
S = Behovsmelding.Status
APNE_UTFALL = (S.VENTER, S.OPPNEVNT, S.PLAN_OPPRETTES)
UTEN_DEKNING = (S.VENTER, S.AVSLATT, S.INFORMERT)
# Decided as covered: by an existing koordinator or plan, or (a hospital's plan need) by the
# § 23 message that hands the plan to the kommune, NPR code 31.
DEKKET_VED_BESLUTNING = (S.DEKKET, S.MELDT_KOMMUNEN)


def _behov_aapent() -> Q:
    return Q(status__in=APNE_UTFALL)


def _behov_dekket(u: Utvalg) -> Q:
    """For a need-report row: decided, and either decided as covered by an existing koordinator
    or plan, or on `per` the patient has what was asked for in this organisation — an active
    appointment in the role, or for a plan need an open plan the organisation owns or that a
    consent shares with it. A waiting need is never covered (it is counted as waiting)."""
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
    har = (Q(behov=Behov.INDIVIDUELL_PLAN) & Q(plan)) | (
        ~Q(behov=Behov.INDIVIDUELL_PLAN) & Q(rolle)
    )
    return ~Q(status__in=UTEN_DEKNING) & (Q(status__in=DEKKET_VED_BESLUTNING) | har)


def _behov_uten(u: Utvalg) -> Q:
    """Not covered, and still open: waiting for a decision, the appointment has ended, or the
    plan that was decided is not made yet."""
    return ~_behov_dekket(u) & _behov_aapent()


NOKKELTALL: dict[str, Nokkeltall] = {
    "fulgt": Nokkeltall(
        _l("Pasienter enheten følger"),
        lambda u, p: tilknytninger(u, u.per),
        datofelt="fra",
        datotittel=_l("Fulgt fra"),
    ),
    "oppnevning": Nokkeltall(
        _l("Pasienter med aktiv oppnevning"),
        lambda u, p: (
            aktive_oppnevninger(u, u.per).filter(rolle=valg(p["rolle"], Rolle.values))
            if "rolle" in p
            else aktive_oppnevninger(u, u.per)
        ),
        datofelt="startdato",
        datotittel=_l("Oppnevnt"),
        parametre=("rolle",),
    ),
    "plan": Nokkeltall(
        _l("Pasienter med individuell plan"),
        lambda u, p: (
            aapne_planer(u, u.per).filter(status=valg(p["status"], IndividuellPlan.Status.values))
            if "status" in p
            else aapne_planer(u, u.per)
        ),
        datofelt="opprettet",
        datotittel=_l("Plan opprettet"),
        parametre=("status",),
    ),
    "plan_delt": Nokkeltall(
        _l("Pasienter med individuell plan i en annen organisasjon, delt med oss"),
        lambda u, p: delte_planer(u, u.per),
        datofelt="opprettet",
        datotittel=_l("Plan opprettet"),
    ),
    "gruppe": Nokkeltall(
        _l("Pasienter med ansvarsgruppe"),
        lambda u, p: aktive_grupper(u, u.per),
        datofelt="opprettet",
        datotittel=_l("Gruppen opprettet"),
    ),
    "behov": Nokkeltall(
        _l("Pasienter med meldt behov i perioden"),
        lambda u, p: med_behov(behov_i_perioden(u), p),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        parametre=("behov",),
    ),
    "behov_dekket": Nokkeltall(
        _l("Pasienter med meldt behov som er dekket"),
        lambda u, p: med_behov(behov_i_perioden(u).filter(_behov_dekket(u)), p),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        parametre=("behov",),
    ),
    "behov_uten": Nokkeltall(
        _l("Pasienter med meldt behov uten oppnevning, eldste først"),
        lambda u, p: med_behov(behov_i_perioden(u).filter(_behov_uten(u)), p),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        dagertittel=_l("Dager siden meldt"),
        parametre=("behov",),
    ),
    "behov_avslatt": Nokkeltall(
        _l("Pasienter med meldt behov som ikke er oppnevnt (avslått)"),
        lambda u, p: med_behov(
            behov_i_perioden(u)
            .filter(~_behov_dekket(u))
            .exclude(
                Exists(
                    behov_i_perioden(u)
                    .filter(pasient_id=OuterRef("pasient_id"), behov=OuterRef("behov"))
                    .filter(_behov_aapent() | _behov_dekket(u))
                )
            ),
            p,
        ),
        datofelt="opprettet",
        datotittel=_l("Meldt"),
        parametre=("behov",),
    ),
}


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
            k_aapen=ExpressionWrapper(_behov_aapent(), output_field=BooleanField()),
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
            "Hvert behov telles én gang. Dekket: besluttet, og aktiv oppnevning i rollen i "
            "organisasjonen (for individuell plan: en plan vi eier eller som er delt med oss), "
            "eller besluttet dekket av eksisterende koordinator eller plan. Uten oppnevning: "
            "venter på beslutning, oppnevningen er avsluttet, eller planen er ikke laget ennå. "
            "Ikke oppnevnt: avslått, pasienten ønsker ikke, eller informert om retten. "
            "Dekningsgrad: dekket av dem som ikke er avslått."
        ),
        sumrad=True,
    )
    for behov_ in sortert(u.behovstyper, per_behov):
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
