"""Read models for the ansvarsgruppe screens, and the action items on the start page."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Oppgave, Referat
from individuellplan.models import IndividuellPlan
from koordinering.models import Oppnevning, Samtykke
from koordinering.permissions import KOORDINATORROLLER
from koordinering.querysets import synlig_pasient


def mine_aapne_oppgaver(*, user):
    """Open action items I am responsible for, in groups I may still see: the patient is
    visible to me, and the group is my organisation's or a valid consent shares with me."""
    ansatt = user.ansatt
    deling = Samtykke.objects.gyldige().filter(
        Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt),
        pasient_id=OuterRef("referat__mote__gruppe__pasient_id"),
    )
    return (
        Oppgave.objects.aapne()
        .filter(synlig_pasient(user, "referat__mote__gruppe__pasient_id"))
        .filter(ansvarlig__ansatt=ansatt)
        .filter(Q(referat__mote__gruppe__organisasjon_id=ansatt.organisasjon_id) | Exists(deling))
    )


def mine_oppgaver(*, user, grense: int = 20):
    """My open action items, nearest deadline first (bounded: the start page is not a list)."""
    return list(
        mine_aapne_oppgaver(user=user)
        .select_related("referat__mote__gruppe__pasient")
        .order_by("frist", "pk")[:grense]
    )


def gruppeside(*, gruppe):
    idag = timezone.localdate()
    return {
        "medlemmer": list(
            gruppe.medlemmer.select_related("ansatt__bruker", "ansatt__organisasjon", "parorende")
        ),
        "moter": list(gruppe.moter.select_related("referat").order_by("-start")),
        "oppgaver": list(
            Oppgave.objects.filter(referat__mote__gruppe=gruppe)
            .select_related("ansvarlig__ansatt__bruker", "ansvarlig__parorende")
            .order_by("status", "frist")
        ),
        # The koordinator's written mandate, made known to the group, with its acceptance.
        "mandater": list(
            Oppnevning.objects.aktive()
            .filter(
                pasient_id=gruppe.pasient_id,
                organisasjon_id=gruppe.organisasjon_id,
                rolle__in=KOORDINATORROLLER,
            )
            .select_related("ansatt__bruker", "mandat_akseptert_av__bruker")
        ),
        "idag": idag,
    }


def ansvarsgrupper_for_pasient(*, pasient, organisasjoner: list[int]):
    """The patient's active groups in the organisations whose records the user may see."""
    return list(
        Ansvarsgruppe.objects.filter(
            pasient=pasient, avsluttet__isnull=True, organisasjon_id__in=organisasjoner
        ).select_related("organisasjon", "leder__bruker")
    )


def _medlemmer_med_rett(gruppe) -> list[Gruppemedlem]:
    """The active members entitled to notices and minutes: the group's own organisation, the
    patient, relatives who may receive information, staff of another organisation only while a
    valid consent shares with them, and external members only while a valid consent to the plan
    process and information exchange exists."""
    idag = timezone.localdate()
    medlemmer = (
        gruppe.medlemmer.filter(fra__lte=idag)
        .exclude(til__lt=idag)
        .select_related("ansatt__bruker", "ansatt__organisasjon", "parorende", "gruppe__pasient")
    )
    samtykker = Samtykke.objects.gyldige(idag).filter(pasient_id=gruppe.pasient_id)
    delt_med_org = set(samtykker.values_list("organisasjoner", flat=True))
    delt_med_person = set(samtykker.values_list("personer", flat=True))
    planprosess = samtykker.filter(gjelder_planprosess=True).exists()

    def har_rett(m: Gruppemedlem) -> bool:
        if m.type == Gruppemedlem.Type.PARORENDE:
            return m.parorende.kan_motta_informasjon
        if (
            m.type == Gruppemedlem.Type.ANSATT
            and m.ansatt.organisasjon_id != gruppe.organisasjon_id
        ):
            return m.ansatt.organisasjon_id in delt_med_org or m.ansatt_id in delt_med_person
        if m.type == Gruppemedlem.Type.EKSTERN:
            return planprosess
        return True

    return [m for m in medlemmer if har_rett(m)]


def mottakere(gruppe) -> list[str]:
    """Addresses of the members entitled to notices and minutes (`_medlemmer_med_rett`)."""
    return sorted({m.adresse for m in _medlemmer_med_rett(gruppe) if m.adresse})


def uten_epost(gruppe) -> list[Gruppemedlem]:
    """Members entitled to the notice who have no e-mail address: they must get it another way
    (a printed letter)."""
    return [m for m in _medlemmer_med_rett(gruppe) if not m.adresse]


def _tid(tidspunkt) -> str:
    lokal = timezone.localtime(tidspunkt)
    return f"{lokal:%d.%m.%Y} kl. {lokal:%H.%M}"


def referat_mangler(referat: Referat) -> list[str]:
    """What must be in place before the minutes can be approved; empty when nothing is missing."""
    mote = referat.mote
    mangler = []
    if mote.start > timezone.now():
        mangler.append(
            _("Referatet kan godkjennes når møtet har startet (%(tid)s).")
            % {"tid": _tid(mote.start)}
        )
    if not referat.til_stede.exists():
        mangler.append(_("Registrer hvem som var til stede."))
    if (
        referat.maalvurderinger
        and referat.neste_evaluering is None
        and IndividuellPlan.objects.filter(pasient_id=mote.gruppe.pasient_id)
        .exclude(status=IndividuellPlan.Status.AVSLUTTET)
        .exists()
    ):
        mangler.append(_("Oppgi neste evaluering av planen før du godkjenner."))
    return mangler


@dataclass(frozen=True)
class AnsvarsgruppePaaPasientside:
    """The patient page's ansvarsgruppe section and the overview's "what is next": the active
    groups the user sees, their coming meetings and their open action items."""

    grupper: list[Ansvarsgruppe]
    kommende_moter: list[Mote]
    aapne_oppgaver: list[Oppgave]
    antall_aapne_oppgaver: int

    @property
    def neste_mote(self) -> Mote | None:
        return self.kommende_moter[0] if self.kommende_moter else None


def ansvarsgruppe_paa_pasientside(
    *, pasient, organisasjoner: list[int], grense: int = 10
) -> AnsvarsgruppePaaPasientside:
    """In four queries whatever the number of groups, meetings and action items (the lists
    are bounded; the count is not)."""
    grupper = ansvarsgrupper_for_pasient(pasient=pasient, organisasjoner=organisasjoner)
    gruppe_id = [g.pk for g in grupper]
    oppgaver = Oppgave.objects.aapne().filter(referat__mote__gruppe_id__in=gruppe_id)
    return AnsvarsgruppePaaPasientside(
        grupper=grupper,
        kommende_moter=list(
            Mote.objects.filter(
                gruppe_id__in=gruppe_id,
                status=Mote.Status.PLANLAGT,
                slutt__gte=timezone.now(),
            )
            .select_related("gruppe__organisasjon")
            .order_by("start", "pk")[:grense]
        ),
        aapne_oppgaver=list(
            oppgaver.select_related(
                "ansvarlig__ansatt__bruker",
                "ansvarlig__ansatt__organisasjon",
                "ansvarlig__parorende",
                "referat__mote",
            ).order_by("frist", "pk")[:grense]
        ),
        antall_aapne_oppgaver=oppgaver.count(),
    )
