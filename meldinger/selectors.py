"""Read models for the message screens. Each returns a queryset whose number
of SQL queries does not depend on the number of rows."""

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import (
    Count,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
)

from felles.sql import Antall
from koordinering.models import Pasient
from koordinering.querysets import enheter_og_ke_organisasjoner
from meldinger.models import Innbyggermelding, Innbyggertraad, Melding, Vedlegg, Videresending

LISTE_RELASJONER = (
    "pasient",
    "avsender__bruker",
    "avsender_enhet__organisasjon",
    "mottaker_enhet__organisasjon",
    "mottaker_ansatt__bruker",
)


class Boks:
    """The mailboxes: the user's inbox, what the user's units sent, the KE's whole organisation."""

    INN = "inn"
    UT = "ut"
    ORGANISASJON = "organisasjon"


@dataclass(frozen=True)
class Meldingsfiltre:
    boks: str = Boks.INN
    enhet_id: int | None = None
    bare_meg: bool = False
    type: str = ""
    status: str = ""
    pasient_id: int | None = None


def _boks(user: AbstractBaseUser, filtre: Meldingsfiltre):
    if filtre.boks == Boks.UT:
        return Melding.objects.utboks(user, enhet_id=filtre.enhet_id, bare_fra_meg=filtre.bare_meg)
    if filtre.boks == Boks.ORGANISASJON:
        return Melding.objects.organisasjonens(user)
    return Melding.objects.innboks(user, enhet_id=filtre.enhet_id, bare_til_meg=filtre.bare_meg)


# The patient filter offers the patients of the box's newest messages, not of every message:
# an organisation's box reaches thousands of patients, and a <select> with one option each
# was most of the inbox's time (issue 15: ~1 s at 10,000 patients) and grew with the box.
FILTER_MELDINGER = 300


def meldingspasienter(
    *, user: AbstractBaseUser, boks: str, valgt: int | None = None
) -> list[tuple[int, str]]:
    """The patients of the box's newest `FILTER_MELDINGER` messages, for the filter, and the
    chosen patient `valgt` if the box has a message about them (so a chosen filter stays valid
    whatever its age). One query. The filter sends the patient's id, never a name (a name in the
    address lands in web-server and proxy logs)."""
    i_boksen = _boks(user, Meldingsfiltre(boks=boks))
    nyeste = i_boksen.order_by("-sendt", "-pk").values("pasient_id")[:FILTER_MELDINGER]
    hvilke = Q(pk__in=nyeste)
    if valgt is not None:
        hvilke |= Q(pk=valgt, pk__in=i_boksen.filter(pasient_id=valgt).values("pasient_id"))
    return [(p.pk, p.navn) for p in Pasient.objects.filter(hvilke)]


def meldingsliste(*, user: AbstractBaseUser, filtre: Meldingsfiltre):
    """One mailbox: the user's inbox, outbox or (for the KE) the organisation's traffic,
    newest first, with the filters applied. Every mailbox is a subset of what
    `Melding.objects.visible_to` allows (tests/meldinger/test_tilgang.py). `videresendt_hit`
    marks threads forwarded to one of the user's units."""
    meldinger = _boks(user, filtre)
    if filtre.type:
        meldinger = meldinger.filter(type=filtre.type)
    if filtre.status == "ubesvart":
        meldinger = meldinger.filter(status__in=Melding.VENTER_PAA_SVAR, svarfrist__isnull=False)
    elif filtre.status:
        meldinger = meldinger.filter(status=filtre.status)
    if filtre.pasient_id:
        meldinger = meldinger.filter(pasient_id=filtre.pasient_id)
    enheter, _ke = enheter_og_ke_organisasjoner(user)
    # Per row shown (the page's 25), not per message in the box: subqueries, not a GROUP BY.
    return (
        meldinger.select_related(*LISTE_RELASJONER)
        .annotate(
            antall_vedlegg=Antall(Vedlegg.objects.filter(melding_id=OuterRef("pk")).values("pk")),
            videresendt_hit=Exists(
                Videresending.objects.filter(traad_id=OuterRef("pk"), til_enhet_id__in=enheter)
            ),
        )
        .order_by("-sendt", "-id")
    )


def traad(*, user: AbstractBaseUser, melding: Melding) -> list[Melding]:
    """The whole thread the message belongs to, oldest first, as far as the user may see it."""
    rot = melding.traad_id_eller_egen
    return list(
        Melding.objects.visible_to(user)
        .filter(Q(pk=rot) | Q(traad_id=rot))
        .select_related(
            *LISTE_RELASJONER,
            "lest_av__bruker",
            "avsluttet_av__bruker",
            "tatt_imot_enhet",
            "behovsmelding__enhet",
        )
        .prefetch_related(Prefetch("vedlegg", queryset=Vedlegg.objects.order_by("id")))
        .order_by("sendt", "id")
    )


def videresendinger(*, melding: Melding):
    return (
        Videresending.objects.filter(traad_id=melding.traad_id_eller_egen)
        .select_related("til_enhet", "av__bruker", "lest_av__bruker")
        .order_by("tid")
    )


def uleste_meldinger(*, user: AbstractBaseUser) -> dict:
    """The menu's unread messages (to the user's units, and threads forwarded there), as
    counts to put in another query: each read through its own index."""
    return {
        "uleste_meldinger": Antall(Melding.objects.uleste_til(user).values("pk")),
        "uleste_videresendte": Antall(
            Videresending.objects.filter(
                til_enhet_id__in=enheter_og_ke_organisasjoner(user)[0], lest__isnull=True
            ).values("pk")
        ),
    }


def meldinger_om_pasient(*, user: AbstractBaseUser, pasient, antall: int = 10) -> list[Melding]:
    """The newest messages about the patient that the user may see (for the patient page)."""
    return list(
        Melding.objects.visible_to(user)
        .filter(pasient=pasient)
        .select_related("avsender_enhet__organisasjon", "mottaker_enhet__organisasjon")
        .order_by("-sendt", "-id")[:antall]
    )


@dataclass(frozen=True)
class UbesvarteOmPasient:
    antall: int
    forste_svarfrist: object


def ubesvarte_om_pasient(*, user: AbstractBaseUser, pasient) -> UbesvarteOmPasient:
    """How many messages about the patient, that the user may see, wait for an answer, and
    the nearest deadline (the patient page's overview). One query."""
    tall = (
        Melding.objects.visible_to(user)
        .filter(pasient=pasient, status__in=Melding.VENTER_PAA_SVAR, svarfrist__isnull=False)
        .aggregate(antall=Count("pk"), forste=Min("svarfrist"))
    )
    return UbesvarteOmPasient(antall=tall["antall"], forste_svarfrist=tall["forste"])


def venter_paa_svar(*, user: AbstractBaseUser, antall: int = 10) -> list[Melding]:
    """Messages in the user's inbox that wait for an answer, nearest deadline first (for the
    start page)."""
    return list(
        Melding.objects.innboks(user)
        .filter(status__in=Melding.VENTER_PAA_SVAR, svarfrist__isnull=False)
        .select_related("pasient", "avsender_enhet__organisasjon")
        .order_by("svarfrist", "sendt")[:antall]
    )


def meldinger_for_behov(*, behovsmelding) -> list[Melding]:
    """The messages a need came from, with their attachments, for the leader deciding it
    (whoever may decide the need may read what it came with)."""
    return list(
        Melding.objects.filter(behovsmelding=behovsmelding)
        .select_related("avsender__bruker", "avsender_enhet__organisasjon")
        .prefetch_related(Prefetch("vedlegg", queryset=Vedlegg.objects.order_by("id")))
        .order_by("sendt", "id")
    )


# --- messages with the citizen (Min plan) --------------------------------------------------------


def _med_status(traader):
    """Per thread: whether its newest message is the citizen's (waiting for an answer) and how
    many of the citizen's messages no one on the staff side has read. Subqueries per row."""
    siste = Innbyggermelding.objects.filter(traad_id=OuterRef("pk")).order_by("-sendt", "-id")
    return traader.annotate(
        venter_paa_svar=Subquery(siste.values("fra_innbygger")[:1]),
        uleste=Antall(
            Innbyggermelding.objects.filter(
                traad_id=OuterRef("pk"), fra_innbygger=True, lest__isnull=True
            ).values("pk")
        ),
    )


def innbyggertraader(*, user: AbstractBaseUser, pasient=None):
    """The threads citizens have with the user (newest first), optionally about one patient."""
    traader = Innbyggertraad.objects.visible_to(user)
    if pasient is not None:
        traader = traader.filter(pasient=pasient)
    return _med_status(traader.select_related("pasient")).order_by("-sist", "-id")


def innbyggertraader_venter_paa_svar(*, user: AbstractBaseUser, antall: int = 10):
    """The threads where the citizen wrote last (for the start page), oldest wait first."""
    return list(
        innbyggertraader(user=user).filter(venter_paa_svar=True).order_by("sist", "id")[:antall]
    )


def innbyggertraader_for_pasient(*, pasient):
    """Min plan: the patient's threads with staff, newest first, with the staff member and
    how many of the staff's messages are unread on the citizen's side."""
    return (
        Innbyggertraad.objects.filter(pasient=pasient)
        .select_related("ansatt__bruker")
        .annotate(
            uleste=Antall(
                Innbyggermelding.objects.filter(
                    traad_id=OuterRef("pk"), fra_innbygger=False, lest__isnull=True
                ).values("pk")
            )
        )
        .order_by("-sist", "-id")
    )


def innbyggermeldinger(*, traad: Innbyggertraad) -> list[Innbyggermelding]:
    """The thread's messages, oldest first."""
    return list(traad.meldinger.order_by("sendt", "id"))
