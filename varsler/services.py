"""Every state change of reminders and notifications: the periodic scan that makes reminders
from the rules (`varsler.regler`), their delivery as notifications and e-mail, the notifications
for events (`hendelse_varsle`, called by `varsler.hendelsesvarsler`), and what a person does in
the notification centre."""

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.jobber import etter_commit
from felles.services import lagre
from varsler.models import (
    EPOST_UTEN_VALG,
    VARSLINGSTYPER,
    Hendelse,
    Hendelsestype,
    Paminnelse,
    Skannestatus,
    Varsel,
    Varslingsvalg,
)
from varsler.regler import REGEL_FOR_TYPE, REGLER, Regel


def paminnelser_for_regel(regel: Regel, idag: date) -> int:
    """Create the reminders one rule finds due today: one query for what is due and has no
    reminder for this deadline yet, one insert. Running it again creates nothing."""
    har_paminnelse = Paminnelse.objects.filter(
        type=regel.type, objekt_id=OuterRef("pk"), forfallsdato=OuterRef("forfall")
    )
    rader = (
        regel.kandidater(idag)
        .annotate(forfall=regel.forfall)
        .exclude(Exists(har_paminnelse))
        .order_by()
        .values_list("pk", "forfall", regel.pasient)
    )
    nye = [
        Paminnelse(type=regel.type, objekt_id=pk, forfallsdato=forfall, pasient_id=pasient_id)
        for pk, forfall, pasient_id in rader
    ]
    # A scan running at the same moment may have made some: the unique constraint decides.
    Paminnelse.objects.bulk_create(nye, batch_size=1000, ignore_conflicts=True)
    return len(nye)


# Longer than any transaction can run (task time limits are at most 3 minutes), so a change
# saved before a scan started but committed after it is still seen by the next scan.
ENDRINGSMARGIN = timedelta(minutes=10)


def _endret_siden(modell, tidspunkt) -> bool:
    return modell.history.filter(history_date__gte=tidspunkt).exists()


def paminnelser_skann(*, idag: date | None = None, alle: bool = False) -> dict[str, int]:
    """Run every rule that may have something new: all of them on a new day, otherwise those
    whose tables changed since their last run. `alle` runs every rule (after bulk loads that
    write no history)."""
    idag = idag or timezone.localdate()
    status = {s.regel: s for s in Skannestatus.objects.all()}
    resultat = {}
    for regel in REGLER:
        forrige = status.get(regel.type)
        if not alle and forrige is not None and forrige.dato == idag:
            siden = forrige.startet - ENDRINGSMARGIN
            if not any(_endret_siden(modell, siden) for modell in regel.tabeller):
                resultat[regel.type] = 0
                continue
        startet = timezone.now()
        with transaction.atomic():
            resultat[regel.type] = paminnelser_for_regel(regel, idag)
            Skannestatus.objects.update_or_create(
                regel=regel.type, defaults={"dato": idag, "startet": startet}
            )
    return resultat


def _lever_paminnelse(paminnelse: Paminnelse) -> int:
    regel = REGEL_FOR_TYPE[paminnelse.type]
    obj = (
        regel.modell.objects.select_related(*regel.select_related)
        .filter(pk=paminnelse.objekt_id)
        .first()
    )
    mottaker_ider = regel.mottakere(obj) if obj is not None else set()
    uten_epost = set(
        Varslingsvalg.objects.filter(
            bruker_id__in=mottaker_ider, type=paminnelse.type, epost=False
        ).values_list("bruker_id", flat=True)
    )
    brukere = get_user_model().objects.filter(pk__in=mottaker_ider, is_active=True)
    Varsel.objects.bulk_create(
        [
            Varsel(
                paminnelse=paminnelse,
                mottaker_id=bruker_id,
                epost=(
                    Varsel.Epost.VENTER
                    if epost and bruker_id not in uten_epost
                    else Varsel.Epost.IKKE_ONSKET
                ),
            )
            for bruker_id, epost in brukere.values_list("pk", "email")
        ],
        ignore_conflicts=True,
    )
    paminnelse.lenke = regel.lenke(obj) if obj is not None else ""
    paminnelse.levert = timezone.now()
    paminnelse.save(update_fields=["lenke", "levert"])
    return len(mottaker_ider)


def paminnelser_lever(*, antall: int = 100) -> int:
    """Deliver up to `antall` reminders as notifications, in one transaction. Rows are taken
    with SKIP LOCKED: workers side by side never take the same reminder, and a worker killed
    in the middle rolls back, so the next run delivers those reminders once."""
    with transaction.atomic():
        paminnelser = list(
            Paminnelse.objects.select_for_update(skip_locked=True)
            .filter(levert__isnull=True)
            .order_by("opprettet", "id")[:antall]
        )
        for paminnelse in paminnelser:
            _lever_paminnelse(paminnelse)
    return len(paminnelser)


def varsel_epost_send_neste() -> bool:
    """Send the next waiting e-mail and mark it sent in the same transaction. The e-mail names
    no patient (e-mail is not a safe channel for health data); it points to the notification
    centre. Returns False when nothing waits."""
    with transaction.atomic():
        varsel = (
            Varsel.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("paminnelse", "hendelse", "mottaker")
            .filter(epost=Varsel.Epost.VENTER)
            .order_by("opprettet", "id")
            .first()
        )
        if varsel is None:
            return False
        emne, tekst = _epost_tekst(varsel)
        EmailMessage(
            subject=emne,
            body=tekst,
            to=[varsel.mottaker.email],
            # Lets the mail log be matched with the notification, without naming anyone.
            headers={"X-Koordinering-Varsel": str(varsel.pk)},
        ).send()
        varsel.epost, varsel.epost_sendt = Varsel.Epost.SENDT, timezone.now()
        varsel.save(update_fields=["epost", "epost_sendt"])
    return True


def _epost_tekst(varsel: Varsel) -> tuple[str, str]:
    """Subject and body: the kind of notification and a link to the notification centre,
    nothing about the patient or the object (no name, number, diagnosis or free text)."""
    url = settings.SITE_URL.rstrip("/") + reverse("varsler:varsel-liste")
    if varsel.paminnelse is not None:
        p = varsel.paminnelse
        return _("Påminnelse: %(type)s") % {"type": p.get_type_display()}, _(
            "Du har en ny påminnelse i Koordinering:\n\n%(type)s, frist %(frist)s.\n\n"
            "Av personvernhensyn står det ikke i e-posten hvem det gjelder. Logg inn for å "
            "se påminnelsen: %(url)s\n\nDu kan slå av e-post for denne typen påminnelser "
            "under Varsler → Innstillinger."
        ) % {"type": p.get_type_display(), "frist": f"{p.forfallsdato:%d.%m.%Y}", "url": url}
    type_ = varsel.hendelse.get_type_display()
    return _("Nytt varsel i Koordinering: %(type)s") % {"type": type_}, _(
        "Du har et nytt varsel i Koordinering:\n\n%(type)s.\n\n"
        "Av personvernhensyn står det ikke i e-posten hvem eller hva det gjelder. Logg inn for å "
        "se varselet: %(url)s\n\nDu kan slå av e-post for denne typen varsler "
        "under Varsler → Innstillinger."
    ) % {"type": type_, "url": url}


# --- notifications for events ------------------------------------------------------------------

# The notifications that are done once their receiver has opened them (the others are done when
# the thing is: see `varsler.hendelsesvarsler`).
FERDIG_NAAR_AAPNET = {
    Hendelsestype.OPPNEVNT,
    Hendelsestype.BEHOV_BESLUTTET,
    Hendelsestype.MOTE_INNKALT,
    Hendelsestype.REFERAT_GODKJENT,
    Hendelsestype.TILGANG_FORESPURT,
    Hendelsestype.INNSYN_HENVENDT,
}


def hendelse_varsle(
    *,
    type_: str,
    objekt_id: int,
    pasient_id: int,
    lenke: str,
    mottakere: set[int],
    actor: AbstractBaseUser | None,
    utloper=None,
) -> Hendelse | None:
    """Tell `mottakere` (user ids; the actor is never told of their own action, inactive users
    are not told) about an event, in the caller's transaction; the e-mails the receivers chose
    are sent after commit."""
    mottaker_ider = set(
        get_user_model()
        .objects.filter(pk__in=mottakere - {getattr(actor, "pk", None)}, is_active=True)
        .values_list("pk", "email")
    )
    if not mottaker_ider:
        return None
    hendelse = Hendelse.objects.create(
        type=type_, objekt_id=objekt_id, pasient_id=pasient_id, lenke=lenke, utloper=utloper
    )
    valg = dict(
        Varslingsvalg.objects.filter(
            bruker_id__in=[pk for pk, _epost in mottaker_ider], type=type_
        ).values_list("bruker_id", "epost")
    )
    varsler = Varsel.objects.bulk_create(
        [
            Varsel(
                hendelse=hendelse,
                mottaker_id=pk,
                epost=(
                    Varsel.Epost.VENTER
                    if epost and valg.get(pk, type_ in EPOST_UTEN_VALG)
                    else Varsel.Epost.IKKE_ONSKET
                ),
            )
            for pk, epost in sorted(mottaker_ider)
        ]
    )
    if any(v.epost == Varsel.Epost.VENTER for v in varsler):
        etter_commit("varsler.tasks.epost_varsler")
    return hendelse


def hendelsesvarsler_ferdig(*, type_: str, objekt_id: int) -> int:
    """The thing is done: every open notification of this kind about it is done (for all its
    receivers). Notifications have no history, so one UPDATE."""
    return Varsel.objects.filter(
        hendelse__type=type_, hendelse__objekt_id=objekt_id, ferdig__isnull=True
    ).update(ferdig=timezone.now())


# --- the notification centre -------------------------------------------------------------------


def varsel_les(*, actor: AbstractBaseUser, varsel: Varsel) -> Varsel:
    if varsel.mottaker_id != actor.pk:
        raise PermissionDenied
    naa = timezone.now()
    felter = []
    if varsel.lest is None:
        varsel.lest = naa
        felter.append("lest")
    if varsel.ferdig is None and varsel.hendelse and varsel.hendelse.type in FERDIG_NAAR_AAPNET:
        varsel.ferdig = naa
        felter.append("ferdig")
    if felter:
        varsel.save(update_fields=felter)
    return varsel


def varsler_les_alle(*, actor: AbstractBaseUser) -> int:
    uleste = list(Varsel.objects.filter(mottaker=actor, lest__isnull=True))
    naa = timezone.now()
    for varsel in uleste:
        varsel.lest = naa
    Varsel.objects.bulk_update(uleste, ["lest"])
    return len(uleste)


@transaction.atomic
def varslingsvalg_lagre(*, actor: AbstractBaseUser, epost_for: set[str]) -> None:
    """E-mail on for the kinds in `epost_for`, off for the others."""
    for type_, _navn in VARSLINGSTYPER:
        valg, _opprettet = Varslingsvalg.objects.get_or_create(bruker=actor, type=type_)
        onsket = type_ in epost_for
        if valg.epost != onsket:
            valg.epost = onsket
            lagre(valg, actor=actor)
