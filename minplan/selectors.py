"""What the /min/ pages show about one patient (read only)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Motesvar, Referat
from ansvarsgruppe.selectors import innkalte as innkalte_medlemmer
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from individuellplan.models import IndividuellPlan, Innspill, PlanVersjon
from koordinering.models import (
    Ansatt,
    Innsynshenvendelse,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Pasient,
    Rolle,
    Samtykke,
)
from koordinering.selectors import innsyn_rader

KONTAKTROLLER = (
    Rolle.KOORDINATOR,
    Rolle.BARNEKOORDINATOR,
    Rolle.KONTAKTLEGE,
    Rolle.KONTAKTPSYKOLOG,
)


def kontaktpersoner(*, pasient: Pasient) -> list[Oppnevning]:
    """The patient's koordinator and kontaktlege (or -psykolog) now, with their unit."""
    return list(
        Oppnevning.objects.aktive()
        .filter(pasient=pasient, rolle__in=KONTAKTROLLER)
        .select_related("ansatt__bruker", "enhet", "organisasjon")
        .order_by("rolle", "startdato")
    )


def gjeldende_versjon(*, pasient: Pasient) -> PlanVersjon | None:
    """The newest published version of the patient's open plan (a draft is never shown)."""
    return (
        PlanVersjon.objects.filter(plan__pasient=pasient)
        .exclude(plan__status=IndividuellPlan.Status.AVSLUTTET)
        .select_related("plan")
        .order_by("-publisert", "-nummer")
        .first()
    )


def kommende_moter(*, pasient: Pasient, fra, grense: int = 5) -> list[Mote]:
    return list(
        Mote.objects.filter(
            gruppe__pasient=pasient, status=Mote.Status.PLANLAGT, slutt__gte=fra
        ).order_by("start")[:grense]
    )


def hvem_har_sett(*, pasient: Pasient, grense: int = 500):
    """The access log about the patient, newest first (the KE's innsyn rows)."""
    return list(innsyn_rader(pasient).reverse()[:grense])


# One plain sentence per role, for «Hvem hjelper meg» (klarspråk: short, «du»).
ROLLEFORKLARING = {
    Rolle.KOORDINATOR: _(
        "Koordinatoren holder oversikten over hjelpen du får, følger opp planen din og er den "
        "du kan spørre først."
    ),
    Rolle.BARNEKOORDINATOR: _(
        "Barnekoordinatoren hjelper familien med å få tjenestene rundt barnet til å henge sammen."
    ),
    Rolle.KONTAKTLEGE: _(
        "Kontaktlegen er legen på sykehuset som har hovedansvaret for behandlingen din der."
    ),
    Rolle.KONTAKTPSYKOLOG: _(
        "Kontaktpsykologen er psykologen på sykehuset som har hovedansvaret for behandlingen din "
        "der."
    ),
    "leder": _("Leder ansvarsgruppen og kaller inn til møtene."),
    Gruppemedlem.Type.ANSATT: _(
        "Er med i ansvarsgruppen og følger opp det gruppen blir enige om i sin tjeneste."
    ),
    Gruppemedlem.Type.EKSTERN: _(
        "Er med i ansvarsgruppen fra en annen tjeneste, for eksempel NAV, skolen eller fastlegen."
    ),
    Gruppemedlem.Type.PARORENDE: _("Er med i ansvarsgruppen som pårørende."),
}


@dataclass(frozen=True)
class Kontakt:
    navn: str
    rolle: str
    forklaring: str
    hvor: str  # unit and organisation, or the external member's service
    epost: str  # work e-mail of the person or the unit, as staff recorded it; "" for relatives
    ansatt_id: int | None = None  # a staff member: the citizen can write to them (Min plan)


def _enhet(ansatt) -> str:
    medlemskap = list(ansatt.medlemskap.all())
    return medlemskap[0].enhet.navn if medlemskap else ""


def _hvor(*deler) -> str:
    return ", ".join(str(d) for d in deler if d)


def _arbeidsepost(ansatt) -> str:
    """The staff member's work e-mail, or else their unit's."""
    if ansatt.bruker.email:
        return ansatt.bruker.email
    return next((m.enhet.epost for m in ansatt.medlemskap.all() if m.enhet.epost), "")


def _som_kontakt(medlem: Gruppemedlem, leder_id) -> Kontakt | None:
    if medlem.type == Gruppemedlem.Type.PASIENT:
        return None
    if medlem.type == Gruppemedlem.Type.ANSATT and medlem.ansatt_id:
        a = medlem.ansatt
        leder = a.pk == leder_id
        return Kontakt(
            navn=str(a),
            rolle=medlem.rolle or a.get_yrke_display(),
            forklaring=str(ROLLEFORKLARING["leder" if leder else medlem.type]),
            hvor=_hvor(_enhet(a), a.organisasjon),
            epost=_arbeidsepost(a),
            ansatt_id=a.pk,
        )
    if medlem.type == Gruppemedlem.Type.PARORENDE and medlem.parorende_id:
        # A relative's phone and e-mail are private: the name and the relation only.
        return Kontakt(
            navn=medlem.parorende.navn,
            rolle=medlem.rolle or medlem.parorende.get_relasjon_display(),
            forklaring=str(ROLLEFORKLARING[medlem.type]),
            hvor="",
            epost="",
        )
    return Kontakt(
        navn=medlem.navn,
        rolle=medlem.rolle,
        forklaring=str(ROLLEFORKLARING[Gruppemedlem.Type.EKSTERN]),
        hvor=medlem.organisasjon,
        epost=medlem.epost,
    )


def hvem_hjelper(*, pasient: Pasient) -> tuple[list[Kontakt], list[Kontakt]]:
    """«Hvem hjelper meg»: the koordinator and kontaktlege (appointments) and the members of
    the patient's active ansvarsgrupper who get the notices, each with role, where they work
    and a work e-mail. Never a relative's private phone or e-mail."""
    oppnevnte = [
        Kontakt(
            navn=str(o.ansatt),
            rolle=o.get_rolle_display(),
            forklaring=str(ROLLEFORKLARING.get(o.rolle, "")),
            hvor=_hvor(o.enhet, o.organisasjon),
            epost=o.ansatt.bruker.email or o.enhet.epost,
            ansatt_id=o.ansatt_id,
        )
        for o in kontaktpersoner(pasient=pasient)
    ]
    gruppe = []
    for g in Ansvarsgruppe.objects.filter(pasient=pasient, avsluttet__isnull=True).order_by("pk"):
        medlemmer = innkalte_medlemmer(g)
        prefetch_related_objects(
            medlemmer,
            Prefetch("ansatt__medlemskap", Medlemskap.objects.select_related("enhet")),
        )
        gruppe += [k for m in medlemmer if (k := _som_kontakt(m, g.leder_id))]
    return oppnevnte, gruppe


def moter(*, pasient: Pasient, naa) -> tuple[list[Mote], list[Mote]]:
    """The patient's meetings: those to come (cancelled ones too, marked) and the last 20 held,
    each with the patient's answer (`svar`, None: not answered) and whether approved minutes
    exist (`har_referat`). Two queries however many meetings there are."""
    svar = Motesvar.objects.filter(
        mote_id=OuterRef("pk"), medlem__type=Gruppemedlem.Type.PASIENT
    ).order_by("-besvart")
    godkjent = Referat.objects.filter(mote_id=OuterRef("pk"), status=Referat.Status.GODKJENT)
    alle = Mote.objects.filter(gruppe__pasient=pasient).annotate(
        svar_verdi=Subquery(svar.values("svar")[:1]), har_referat=Exists(godkjent)
    )
    kommende = list(alle.filter(slutt__gte=naa).order_by("start", "pk"))
    holdt = list(
        alle.filter(slutt__lt=naa, status=Mote.Status.PLANLAGT).order_by("-start", "-pk")[:20]
    )
    return kommende, holdt


def mote_for(*, pasient: Pasient, pk: int) -> Mote:
    """One of the patient's meetings; another patient's (or none) is 404."""
    return get_object_or_404(Mote.objects.select_related("gruppe"), pk=pk, gruppe__pasient=pasient)


def pasientmedlem(mote: Mote) -> Gruppemedlem | None:
    """The patient's own membership of the group today: the citizen answers for it."""
    idag = timezone.localdate()
    return (
        mote.gruppe.medlemmer.filter(type=Gruppemedlem.Type.PASIENT, fra__lte=idag)
        .exclude(til__lt=idag)
        .order_by("pk")
        .first()
    )


def pasientens_svar(mote: Mote, medlem: Gruppemedlem | None) -> Motesvar | None:
    if medlem is None:
        return None
    return Motesvar.objects.filter(mote=mote, medlem=medlem).first()


def godkjent_referat(mote: Mote) -> Referat:
    """The approved minutes of the meeting, or 404: a draft is never shown in Min plan."""
    return get_object_or_404(
        Referat.objects.select_related("godkjent_av__bruker", "evaluering"),
        mote=mote,
        status=Referat.Status.GODKJENT,
    )


def innkalte(gruppe: Ansvarsgruppe) -> list[Gruppemedlem]:
    """Who the notice goes to, for «Hvem er innkalt»."""
    return innkalte_medlemmer(gruppe)


def samtykker_qs(*, pasient: Pasient):
    """The patient's consents with everything the consent page names, in a fixed number of
    queries (one per relation, not per consent)."""
    return (
        Samtykke.objects.filter(pasient=pasient)
        .select_related("dokumentert_av__bruker", "dokumentert_av__organisasjon")
        .prefetch_related(
            "organisasjoner",
            Prefetch("personer", queryset=Ansatt.objects.select_related("bruker", "organisasjon")),
            "parorende",
            "eksterne",
        )
    )


def samtykker(*, pasient: Pasient) -> list[Samtykke]:
    """Valid and coming consents first, then those withdrawn or expired (newest first)."""
    rader = list(samtykker_qs(pasient=pasient))
    return sorted(rader, key=lambda s: (s.trukket_tid is not None or not s.er_aktuelt,))


@dataclass
class Organisasjonsgruppe:
    organisasjon: Organisasjon | None  # None: reads in Min plan (the citizen's own)
    rader: list = field(default_factory=list)


@dataclass
class Dag:
    dato: date
    grupper: list[Organisasjonsgruppe] = field(default_factory=list)


def innsyn_side(*, pasient: Pasient, side: str | None, per_side: int = 50):
    """One page of the access log about the patient, newest first, grouped by day and, within
    a day, by organisation; each row carries the citizen's requests about it (`henvendelser`).
    Three queries whatever the page: the count, the rows, the requests."""
    siden = Paginator(innsyn_rader(pasient).reverse(), per_side).get_page(side)
    rader = list(siden.object_list)
    henvendelser: dict[int, list[Innsynshenvendelse]] = {}
    for h in Innsynshenvendelse.objects.filter(
        tilgangslogg_id__in=[r.pk for r in rader]
    ).select_related("organisasjon"):
        henvendelser.setdefault(h.tilgangslogg_id, []).append(h)
    dager: dict[date, dict[int | None, Organisasjonsgruppe]] = {}
    for r in rader:
        r.henvendelser = henvendelser.get(r.pk, [])
        r.i_min_plan = r.grunnlag in (Tilgangsgrunnlag.PASIENTEN, Tilgangsgrunnlag.REPRESENTANT)
        grupper = dager.setdefault(timezone.localtime(r.tidspunkt).date(), {})
        grupper.setdefault(r.organisasjon_id, Organisasjonsgruppe(r.organisasjon)).rader.append(r)
    return siden, [Dag(d, list(g.values())) for d, g in dager.items()]


def innsyn_rad(*, pasient: Pasient, rad_id: int) -> Tilgangslogg | None:
    """A row of the patient's access log that a request can be about (another organisation's
    read, not the citizen's own)."""
    return (
        innsyn_rader(pasient)
        .filter(pk=rad_id, organisasjon__isnull=False)
        .exclude(grunnlag__in=[Tilgangsgrunnlag.PASIENTEN, Tilgangsgrunnlag.REPRESENTANT])
        .first()
    )


def _aapne_versjoner(pasient: Pasient):
    return PlanVersjon.objects.filter(plan__pasient=pasient).exclude(
        plan__status=IndividuellPlan.Status.AVSLUTTET
    )


def versjoner(*, pasient: Pasient) -> list[PlanVersjon]:
    """Every published version of the patient's open plan, newest first (number and date only:
    the frozen content is not read for the list). Drafts are never versions."""
    return list(_aapne_versjoner(pasient).defer("innhold").order_by("-nummer"))


def versjon(*, pasient: Pasient, nummer: int) -> PlanVersjon | None:
    return _aapne_versjoner(pasient).select_related("plan").filter(nummer=nummer).first()


def mine_innspill(*, pasient: Pasient, representasjon_id: int | None) -> list[Innspill]:
    """What this citizen has written for the patient (the patient's own, or this representative's),
    newest first, withdrawn ones left out."""
    return list(
        Innspill.objects.filter(plan__pasient=pasient, representasjon_id=representasjon_id)
        .exclude(status=Innspill.Status.TRUKKET)
        .select_related("nytt_maal")
        .order_by("-skrevet", "-pk")
    )


def mitt_innspill(*, pasient: Pasient, representasjon_id: int | None, pk: int) -> Innspill | None:
    return (
        Innspill.objects.filter(pk=pk, plan__pasient=pasient, representasjon_id=representasjon_id)
        .exclude(status=Innspill.Status.TRUKKET)
        .select_related("plan")
        .first()
    )


@dataclass(frozen=True)
class Mottaker:
    ansatt: Ansatt
    rolle: str  # «koordinator», «kontaktlege», «i ansvarsgruppen»

    @property
    def etikett(self) -> str:
        return f"{self.ansatt} ({self.rolle})"


def meldingsmottakere(*, pasient: Pasient) -> list[Mottaker]:
    """Whom the citizen may write to: the koordinator and the kontaktlege (or -psykolog) now,
    and the staff members of the patient's open responsibility groups. Each person once, in
    that order."""
    mottakere: dict[int, Mottaker] = {}
    for o in kontaktpersoner(pasient=pasient):
        mottakere.setdefault(o.ansatt_id, Mottaker(o.ansatt, o.get_rolle_display().lower()))
    idag = timezone.localdate()
    medlemmer = (
        Gruppemedlem.objects.filter(
            Q(til__isnull=True) | Q(til__gte=idag),
            gruppe__pasient=pasient,
            gruppe__avsluttet__isnull=True,
            type=Gruppemedlem.Type.ANSATT,
        )
        .select_related("ansatt__bruker")
        .order_by("id")
    )
    for m in medlemmer:
        mottakere.setdefault(m.ansatt_id, Mottaker(m.ansatt, str(_("i ansvarsgruppen"))))
    return list(mottakere.values())
