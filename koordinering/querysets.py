"""Reusable filters. `visible_to(user)` is the only way views read patients.

The patient queryset reads the connections, consents and grants (`models.tilgang`), which
refer to the patient by name, so the imports run one way: pasient → querysets → tilgang."""

from dataclasses import dataclass, field

from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from felles.models import Tilgangsgrunnlag
from koordinering.models.organisasjon import Medlemskap
from koordinering.models.tilgang import (
    PasientUserObjectPermission,
    Samtykke,
    Sperring,
    Tilknytning,
)


def gjeldende_medlemskap(user) -> list[Medlemskap]:
    """The user's current memberships, with their units: the one membership query of a request,
    remembered on the user object, shared by the work role (menu, access log) and every access
    filter. Only memberships of an active user in a unit of the organisation the person works
    for now count, so a deactivated user, or a person moved to another organisation whose old
    membership rows were left behind, reaches nothing through them (ADR 0005, issue 14)."""
    if not hasattr(user, "_gjeldende_medlemskap"):
        user._gjeldende_medlemskap = list(
            Medlemskap.objects.filter(
                ansatt__bruker=user,
                ansatt__bruker__is_active=True,
                enhet__organisasjon_id=F("ansatt__organisasjon_id"),
            )
            .select_related("enhet")
            .order_by("enhet__navn", "enhet_id")
        )
    return user._gjeldende_medlemskap


def enheter_og_ke_organisasjoner(user) -> tuple[list[int], list[int]]:
    """The user's units, and the organisations where they work in the KE. Passing these ids as
    literals (a handful of units, never patients) lets PostgreSQL probe the indexes per patient
    row instead of hashing every connection of a large unit."""
    medlemskap = gjeldende_medlemskap(user)
    return (
        [m.enhet_id for m in medlemskap],
        [m.enhet.organisasjon_id for m in medlemskap if m.enhet.er_koordinerende_enhet],
    )


def sperrede_pasienter(user) -> list[int]:
    """Patients an active block (`Sperring`) shuts this user out of: by name or through one of
    their units. Blocks are few, so the ids are read once per request and passed as literals;
    every way in (`visible_to`, `synlig_pasient`, the mailboxes) leaves them out."""
    if not hasattr(user, "_sperrede_pasienter"):
        enheter, _ke = enheter_og_ke_organisasjoner(user)
        user._sperrede_pasienter = list(
            Sperring.objects.aktive()
            .filter(Q(ansatt__bruker=user) | Q(enhet_id__in=enheter))
            .values_list("pasient_id", flat=True)
            .distinct()
        )
    return user._sperrede_pasienter


@dataclass(frozen=True)
class Tilgangsveier:
    """The four relationships that give a staff member access to a patient, as querysets that
    can be correlated with any table's patient column."""

    oppnevning: models.QuerySet
    enhet: models.QuerySet
    ke: models.QuerySet
    samtykke: models.QuerySet
    sperret: tuple[int, ...] = ()
    # `finnes` per column, built once: the start page filters five queries by visibility.
    _finnes: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def for_bruker(cls, user) -> "Tilgangsveier":
        """The user's ways in, built once per user object (one request): they are querysets,
        evaluated as subqueries of each query that uses them, so caching them keeps nothing
        but the units and blocks, which `gjeldende_medlemskap` and `sperrede_pasienter`
        already keep for the request."""
        # Built again if the memberships were read again (tests drop them) or the day turned.
        # The memberships list itself is kept and compared by identity: an id() alone could be
        # reused by a new list once the old one is freed, and stale ways in would be returned.
        medlemskap, idag = gjeldende_medlemskap(user), timezone.localdate()
        lagret = getattr(user, "_tilgangsveier", None)
        if lagret is None or lagret[0] is not medlemskap or lagret[1] != idag:
            lagret = user._tilgangsveier = (medlemskap, idag, cls._bygg(user))
        return lagret[2]

    @classmethod
    def _bygg(cls, user) -> "Tilgangsveier":
        enheter, ke_org = enheter_og_ke_organisasjoner(user)
        # The memberships are the person's own (one staff profile per user): their appointments
        # are found by that profile's id, without joining the staff table again.
        medlemskap = gjeldende_medlemskap(user)
        ansatt_id = medlemskap[0].ansatt_id if medlemskap else None
        idag = timezone.localdate()
        aktive = Tilknytning.objects.aktive(idag)
        return cls(
            # The guardian grant alone is not enough: an active appointment of this person must
            # stand behind it, and the person must still be a member of the unit they worked in
            # when appointed (`Oppnevning.tjenesteenhet`). A grant left behind by an ended
            # membership, a move to another unit or organisation, or a deactivation opens
            # nothing, whether or not the lifecycle hooks removed it.
            oppnevning=PasientUserObjectPermission.objects.filter(
                user=user,
                permission__codename="view_pasient",
                content_object__oppnevninger__sluttdato__isnull=True,
                content_object__oppnevninger__ansatt_id=ansatt_id,
                content_object__oppnevninger__tjenesteenhet_id__in=enheter,
            ),
            enhet=aktive.filter(enhet_id__in=enheter),
            ke=aktive.filter(organisasjon_id__in=ke_org),
            # Named in a consent as a staff member at work: only while the person has a unit.
            samtykke=Samtykke.objects.gyldige(idag).filter(personer__bruker=user)
            if enheter
            else Samtykke.objects.none(),
            sperret=tuple(sperrede_pasienter(user)),
        )

    def finnes(self, felt: str) -> dict[str, Exists]:
        """Per relationship, whether it exists for the patient in column `felt`. Expressions
        are copied when a query resolves them, so one dict serves every query."""
        if felt not in self._finnes:
            self._finnes[felt] = self._bygg_finnes(felt)
        return self._finnes[felt]

    def _bygg_finnes(self, felt: str) -> dict[str, Exists]:
        return {
            Tilgangsgrunnlag.OPPNEVNING: Exists(
                self.oppnevning.filter(content_object_id=OuterRef(felt))
            ),
            Tilgangsgrunnlag.ENHET: Exists(self.enhet.filter(pasient_id=OuterRef(felt))),
            Tilgangsgrunnlag.KE: Exists(self.ke.filter(pasient_id=OuterRef(felt))),
            Tilgangsgrunnlag.SAMTYKKE: Exists(self.samtykke.filter(pasient_id=OuterRef(felt))),
        }

    def synlig(self, felt: str) -> Q:
        """Any way in, unless a block shuts the user out of the patient (the block wins)."""
        q = Q()
        for finnes in self.finnes(felt).values():
            q |= Q(finnes)
        if self.sperret:
            q &= ~Q(**{f"{felt}__in": self.sperret})
        return q


class PasientQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Patients the user has a work-related need for, each annotated with
        `tilgangsgrunnlag` (the relationship that gives access, for the access log).

        The ways in, all evaluated in SQL on every request so that an ended connection or a
        withdrawn consent ends access at once: an appointment (the guardian grant made by the
        appointment service), an active connection to one of the user's units, KE membership in
        an organisation with an active connection, or being named in a valid consent. An
        active block (`Sperring`) of the user or one of their units wins over all of them."""
        if not user.is_authenticated:
            return self.none()
        veier = Tilgangsveier.for_bruker(user)
        finnes = veier.finnes("pk")
        return self.filter(veier.synlig("pk")).annotate(
            tilgangsgrunnlag=Case(
                *[
                    When(betingelse, then=Value(grunnlag))
                    for grunnlag, betingelse in finnes.items()
                ],
                default=Value(None),
            )
        )

    def tilgangsgrunnlag_for(self, user, pasient_ider) -> list[tuple[int, str]]:
        """(pasient_id, tilgangsgrunnlag) for those of `pasient_ider` the user may see now,
        for the access log: the same ways in and the same order as `visible_to`, but each
        relationship's EXISTS evaluated once per patient (the CASE), not once more in WHERE."""
        if not user.is_authenticated:
            return []
        veier = Tilgangsveier.for_bruker(user)
        rader = self.filter(pk__in=pasient_ider)
        if veier.sperret:
            rader = rader.exclude(pk__in=veier.sperret)
        rader = (
            rader.annotate(
                grunnlag=Case(
                    *[
                        When(betingelse, then=Value(grunnlag))
                        for grunnlag, betingelse in veier.finnes("pk").items()
                    ],
                    default=Value(None),
                )
            )
            .order_by("pk")
            .values_list("pk", "grunnlag")
        )
        return [(pk, grunnlag) for pk, grunnlag in rader if grunnlag is not None]

    def editable_by(self, user):
        """Patients the user may change: through an appointment or their own unit; the KE and
        people named in a consent read only."""
        return self.visible_to(user).filter(
            tilgangsgrunnlag__in=[Tilgangsgrunnlag.OPPNEVNING, Tilgangsgrunnlag.ENHET]
        )


def synlig_pasient(user, felt: str = "pasient_id") -> Q:
    """Filter for any table with a patient column: rows about patients the user may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    return Tilgangsveier.for_bruker(user).synlig(felt)
