"""State changes of the overview: ordering a PDF print, rendering it, and marking a finding of
Kontroll av tilganger as reviewed."""

import re
import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, transaction
from django.db.models import Count, DateField
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from felles.innsending import en_gang
from felles.jobber import etter_commit
from felles.replika import fra_replika
from felles.utskrift import utskrift_lag
from koordinering.permissions import ke_organisasjoner
from meldinger.models import Melding
from oversikt.models import GjennomgattFunn, MeldingerPerMaaned, OpptaltMaaned, OversiktUtskrift
from oversikt.rapport import oversikt_pdf, utvalg_for_utskrift
from oversikt.selectors import Utvalg
from oversikt.selectors.kontroll import KATEGORIER
from oversikt.selectors.utvalg import dagstart


def utskrift_bestill(
    *, actor: AbstractBaseUser, utvalg: Utvalg, utenfor_organisasjonen: bool
) -> OversiktUtskrift:
    """Store what to print and render it on the `pdf` queue after commit."""
    utskrift = OversiktUtskrift(
        organisasjon=utvalg.organisasjon,
        enhet=utvalg.enhet,
        fra=utvalg.fra,
        til=utvalg.til,
        utenfor_organisasjonen=utenfor_organisasjonen,
        bestilt_av=actor.ansatt,
    )
    utskrift.full_clean()
    utskrift.save()
    etter_commit("oversikt.tasks.pdf_oversikt", utskrift.pk)
    return utskrift


def utskrift_pdf_lag(*, utskrift_id: int) -> bool:
    """Render the ordered overview once and store it; a finished print is not rendered again.
    A render failure marks the print as failed instead of raising."""
    utskrift = utskrift_lag(
        queryset=OversiktUtskrift.objects.select_related("organisasjon", "enhet"),
        pk=utskrift_id,
        filfelt="fil",
        er_laget=lambda u: u.status == OversiktUtskrift.Status.FERDIG and bool(u.fil),
        lag_pdf=_pdf,
        filnavn=lambda u: f"ke-oversikt-{u.pk}-{u.fra:%Y%m%d}-{u.til:%Y%m%d}.pdf",
        ferdig=_ferdig,
        feilet=_feilet,
    )
    return utskrift is not None


def _pdf(utskrift: OversiktUtskrift) -> bytes:
    with fra_replika():
        return oversikt_pdf(utvalg_for_utskrift(utskrift), utenfor=utskrift.utenfor_organisasjonen)


def _ferdig(utskrift: OversiktUtskrift) -> list[str]:
    utskrift.status = OversiktUtskrift.Status.FERDIG
    utskrift.ferdig = timezone.now()
    return ["status", "ferdig"]


def _feilet(utskrift: OversiktUtskrift) -> list[str]:
    utskrift.status = OversiktUtskrift.Status.FEILET
    return ["status"]


NOKKEL = re.compile(
    r"^(?P<kategori>[a-z]+):(?P<org>\d+):(?P<bruker>\d+):(?P<pasient>\d+):"
    r"(?P<tid>\d{4}-\d{2}-\d{2}(T\d{2}:00:00[+-]\d{2}:\d{2})?)$"
)


def funn_gjennomga(
    *,
    actor: AbstractBaseUser,
    nokkel: str,
    merknad: str,
    innsending_id: uuid.UUID | None = None,
) -> GjennomgattFunn:
    """Mark a finding of Kontroll av tilganger as reviewed, with the KE's note. Only the KE of
    the finding's organisation may; the access log itself is never touched. The same
    submission token twice creates one row (`en_gang`)."""
    treff = NOKKEL.match(nokkel)
    if treff is None or treff["kategori"] not in KATEGORIER:
        raise ValidationError(_("Funnet finnes ikke. Last siden på nytt og prøv igjen."))
    organisasjon_id = int(treff["org"])
    if not ke_organisasjoner(actor).filter(pk=organisasjon_id).exists():
        raise PermissionDenied
    funn = GjennomgattFunn(
        organisasjon_id=organisasjon_id,
        nokkel=nokkel,
        merknad=merknad.strip(),
        gjennomgatt_av=actor.ansatt,
    )
    return en_gang(innsending_id, actor=actor, lag=lambda: _lagret(funn))


def _lagret(funn: GjennomgattFunn) -> GjennomgattFunn:
    funn.full_clean()  # an empty note, or a finding already reviewed (by another submission)
    funn.save()
    return funn


def maanedstall_oppdater() -> int:
    """Count the messages of every closed month again into `MeldingerPerMaaned` (one GROUP BY
    over the messages, about a second at 100,000 patients) and mark those months counted. One
    transaction on the primary, never the replica; run nightly by Celery beat or
    `manage.py oppdater_maanedstall`. Returns the number of months counted."""
    denne = timezone.localdate().replace(day=1)
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        rader = (
            Melding.objects.using(DEFAULT_DB_ALIAS)
            .filter(sendt__lt=dagstart(denne))
            .order_by()
            .annotate(maaned=TruncMonth("sendt", output_field=DateField()))
            .values(
                "maaned",
                "type",
                "avsender_organisasjon_id",
                "avsender_enhet_id",
                "mottaker_organisasjon_id",
                "mottaker_enhet_id",
            )
            .annotate(antall=Count("pk"))
        )
        nye = [MeldingerPerMaaned(**r) for r in rader]
        MeldingerPerMaaned.objects.using(DEFAULT_DB_ALIAS).all().delete()
        MeldingerPerMaaned.objects.using(DEFAULT_DB_ALIAS).bulk_create(nye, batch_size=2000)
        maaneder = {r.maaned for r in nye}
        OpptaltMaaned.objects.using(DEFAULT_DB_ALIAS).all().delete()
        OpptaltMaaned.objects.using(DEFAULT_DB_ALIAS).bulk_create(
            [OpptaltMaaned(maaned=m) for m in sorted(maaneder)]
        )
    return len(maaneder)
