"""Read models for the ansvarsgruppe screens, and the action items on the start page."""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Motesvar, Oppgave, Referat
from felles.sql import BlantIder
from individuellplan.models import IndividuellPlan
from koordinering.models import Oppnevning, Samtykke
from koordinering.permissions import KOORDINATORROLLER
from koordinering.querysets import synlig_pasient


def _mine_medlemmer(ansatt):
    """The ids of my group memberships, for `felt = ANY(ARRAY(…))`: the queries below start
    from my own handful of rows and probe their indexes with them, so they grow with my
    caseload, not with the database."""
    return Gruppemedlem.objects.filter(ansatt=ansatt).order_by()


def _delt_med_meg(ansatt, pasient_felt: str) -> Exists:
    """A valid consent of the patient in `pasient_felt` shares with my organisation or me."""
    return Exists(
        Samtykke.objects.gyldige().filter(
            Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt),
            pasient_id=OuterRef(pasient_felt),
        )
    )


def mine_aapne_oppgaver(*, user):
    """Open action items I am responsible for, in groups I may still see: the patient is
    visible to me, and the group is my organisation's or a valid consent shares with me.
    Starts from my memberships (an index condition on the responsible member), not from the
    deadline index of every open item in the database."""
    ansatt = user.ansatt
    oppgaver = Oppgave.objects.aapne().filter(
        BlantIder("ansvarlig_id", _mine_medlemmer(ansatt).values("pk"))
    )
    return oppgaver.filter(synlig_pasient(user, "referat__mote__gruppe__pasient_id")).filter(
        Q(referat__mote__gruppe__organisasjon_id=ansatt.organisasjon_id)
        | _delt_med_meg(ansatt, "referat__mote__gruppe__pasient_id")
    )


def mine_oppgaver(*, user, innen=None, grense: int = 20) -> list[Oppgave]:
    """My open action items, nearest deadline first, those due by `innen` when given (bounded:
    the start page is not a list)."""
    oppgaver = mine_aapne_oppgaver(user=user)
    if innen is not None:
        oppgaver = oppgaver.filter(frist__lte=innen)
    return list(
        oppgaver.select_related("referat__mote__gruppe__pasient").order_by("frist", "pk")[:grense]
    )


def mine_moter(*, user, fra, til, grense: int = 50) -> list[Mote]:
    """Meetings starting in [fra, til) in groups I am a member of, lead or write the minutes
    for, or that I called, in groups I may still see (as `mine_aapne_oppgaver`). Each carries
    `min_rolle`: what I am there."""
    ansatt = user.ansatt
    moter = (
        Mote.objects.filter(start__gte=fra, start__lt=til, gruppe__avsluttet__isnull=True)
        .filter(
            # Each arm an index condition with the time window on `mote_gruppe_start_idx` /
            # `mote_innkalt_start_idx` (BitmapOr), not a scan of every meeting of the period in
            # the database. Arrays from subqueries, not literal lists: with a caseload's
            # hundreds of literal ids the planner misjudges the probes and scans the table.
            Q(BlantIder("gruppe_id", _mine_medlemmer(ansatt).values("gruppe_id")))
            | Q(
                BlantIder(
                    "gruppe_id",
                    Ansvarsgruppe.objects.filter(Q(leder=ansatt) | Q(referent=ansatt)).values("pk"),
                )
            )
            | Q(innkalt_av=ansatt)
        )
        .filter(synlig_pasient(user, "gruppe__pasient_id"))
        .filter(
            Q(gruppe__organisasjon_id=ansatt.organisasjon_id)
            | _delt_med_meg(ansatt, "gruppe__pasient_id")
        )
        .annotate(er_medlem=Exists(_mine_medlemmer(ansatt).filter(gruppe_id=OuterRef("gruppe_id"))))
        .select_related("gruppe__pasient", "gruppe__organisasjon")
        .order_by("start", "pk")[:grense]
    )
    moter = list(moter)
    for mote in moter:
        if mote.gruppe.leder_id == ansatt.pk:
            mote.min_rolle = _("Leder møtet")
        elif mote.gruppe.referent_id == ansatt.pk:
            mote.min_rolle = _("Referent")
        elif mote.er_medlem:
            mote.min_rolle = _("Medlem")
        else:
            mote.min_rolle = _("Kalte inn")
    return moter


def referater_aa_godkjenne(*, user, grense: int = 20) -> list[Mote]:
    """Meetings held in my organisation's active groups, where I lead the group or write the
    minutes, whose minutes are not yet approved (not started, or a draft), oldest first.
    Each carries `har_referat`."""
    ansatt = user.ansatt
    moter = (
        Mote.objects.filter(
            start__lte=timezone.now(),
            status=Mote.Status.PLANLAGT,
            gruppe__avsluttet__isnull=True,
            gruppe__organisasjon_id=ansatt.organisasjon_id,
        )
        .filter(Q(gruppe__leder=ansatt) | Q(gruppe__referent=ansatt))
        .exclude(referat__status=Referat.Status.GODKJENT)
        .filter(synlig_pasient(user, "gruppe__pasient_id"))
        .annotate(har_referat=Exists(Referat.objects.filter(mote_id=OuterRef("pk"))))
        .select_related("gruppe__pasient")
        .order_by("start", "pk")[:grense]
    )
    return list(moter)


def med_neste_mote(oppnevninger):
    """Annotate appointment rows with the start of the patient's next planned meeting in the
    appointment's organisation (`neste_mote`): one correlated subquery per row shown."""
    neste = Mote.objects.filter(
        gruppe__pasient_id=OuterRef("pasient_id"),
        gruppe__organisasjon_id=OuterRef("organisasjon_id"),
        gruppe__avsluttet__isnull=True,
        status=Mote.Status.PLANLAGT,
        start__gte=timezone.now(),
    ).order_by("start")
    return oppnevninger.annotate(neste_mote=Subquery(neste.values("start")[:1]))


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


def innkalte(gruppe) -> list[Gruppemedlem]:
    """The members a notice goes to (`_medlemmer_med_rett`): who is invited to the meetings."""
    return _medlemmer_med_rett(gruppe)


def motesvar_for_mote(mote) -> list[Motesvar]:
    """The answers to a meeting's notice, for the meeting page: who answered what, when, with
    the note, and whether the answer came through Min plan."""
    return list(
        Motesvar.objects.filter(mote=mote)
        .select_related("medlem__ansatt__bruker", "medlem__ansatt__organisasjon")
        .select_related("medlem__parorende", "medlem__gruppe__pasient")
        .order_by("medlem__type", "medlem_id")
    )


def med_innlogging(gruppe) -> list[Gruppemedlem]:
    """Entitled members who log in (staff with an address): they get a notice that there is
    something to read, never the content."""
    return [
        m
        for m in _medlemmer_med_rett(gruppe)
        if m.type == Gruppemedlem.Type.ANSATT and m.ansatt_id and m.adresse
    ]


def uten_innlogging(gruppe) -> list[Gruppemedlem]:
    """Entitled members who cannot log in (the patient, relatives, external members): the
    approved minutes reach them as a printed letter, never by e-mail."""
    return [m for m in _medlemmer_med_rett(gruppe) if m.type != Gruppemedlem.Type.ANSATT]


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
    if (
        referat.neste_mote_start is not None
        and referat.neste_mote_innkalt_id is None
        and referat.neste_mote_start <= timezone.now()
    ):
        mangler.append(
            _(
                "Neste møte (%(tid)s) har vært. Rett tiden for neste møte, eller ta den bort, "
                "før du godkjenner."
            )
            % {"tid": _tid(referat.neste_mote_start)}
        )
    return mangler


def kalendermoter(*, user, fra, til):
    """The meetings of the groups I am an active member of (as staff) in [fra, til), in groups
    I may still see: the patient is visible to me, and the group is my organisation's or a
    valid consent shares with me. With the patient and my answer (`mitt_svar`, None: not
    answered) in the same query."""
    ansatt = user.ansatt
    deling = Samtykke.objects.gyldige().filter(
        Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt),
        pasient_id=OuterRef("gruppe__pasient_id"),
    )
    idag = timezone.localdate()
    medlemskap = Gruppemedlem.objects.filter(
        gruppe_id=OuterRef("gruppe_id"), ansatt=ansatt, fra__lte=idag
    ).exclude(til__lt=idag)
    svar = Motesvar.objects.filter(mote_id=OuterRef("pk"), medlem__ansatt=ansatt).order_by(
        "-besvart"
    )
    return (
        Mote.objects.filter(start__gte=fra, start__lt=til, gruppe__avsluttet__isnull=True)
        .filter(Exists(medlemskap))
        .filter(synlig_pasient(user, "gruppe__pasient_id"))
        .filter(Q(gruppe__organisasjon_id=ansatt.organisasjon_id) | Exists(deling))
        .annotate(mitt_svar=Subquery(svar.values("svar")[:1]))
        .select_related("gruppe__pasient")
        .order_by("start", "pk")
    )


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
