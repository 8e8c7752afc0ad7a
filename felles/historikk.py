"""Change history (django-simple-history) in words, for people: the field's label, the value
as the form shows it (the choice's label, dates as dates, Ja/Nei, «–» for empty), names instead
of ids for foreign keys, and Norwegian local time («2. desember 2026 kl. 06.43»).

Generic over models: the caller says which fields to leave out and which extra choices a field
has (a JSON list of choices, for instance). Foreign keys are looked up in one query per related
model for all the records shown, so the cost does not grow with the number of changes."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

TOMT = "–"


def tidspunkt_i_ord(verdi: datetime) -> str:
    """'2. desember 2026 kl. 06.43', in Europe/Oslo (the project's TIME_ZONE)."""
    return formats.date_format(timezone.localtime(verdi), r"j. F Y \k\l. H.i")


def dato_i_ord(verdi: date) -> str:
    return formats.date_format(verdi, "j. F Y")


@dataclass(frozen=True)
class Feltendring:
    felt: str
    fra: str
    til: str

    def __str__(self) -> str:
        return f"{self.felt}: {self.fra} → {self.til}"


def viste_felter(modell, *, utelat: Iterable[str] = ()) -> list[models.Field]:
    """The fields a person edits in the forms: not the id, nor fields the code sets itself
    (`editable=False`: derived organisation, deadlines computed from other fields, creation
    time), nor those named in `utelat`."""
    utelat = set(utelat)
    return [
        f
        for f in modell._meta.concrete_fields
        if not f.primary_key and f.editable and f.name not in utelat
    ]


class Navneoppslag:
    """Names for the foreign keys in batches of historical records: `samle` each batch, then
    `last` once, one query per related model (`relasjoner` says what each model's `__str__`
    reads, to select it along)."""

    def __init__(self, relasjoner: dict | None = None):
        self.relasjoner = relasjoner or {}
        self.onsket: dict[type, set] = defaultdict(set)
        self.navn: dict[tuple[type, object], str] = {}

    def samle(self, poster: Iterable, felter: list[models.Field]) -> None:
        relasjoner = [f for f in felter if f.is_relation]
        for post in poster:
            for f in relasjoner:
                verdi = getattr(post, f.attname)
                if verdi is not None:
                    self.onsket[f.related_model].add(verdi)

    def last(self) -> None:
        for modell, pk_er in self.onsket.items():
            rader = modell._default_manager.filter(pk__in=pk_er).select_related(
                *self.relasjoner.get(modell, ())
            )
            self.navn.update({(modell, rad.pk): _navn(rad) for rad in rader})
        self.onsket.clear()

    def __call__(self, modell, pk) -> str:
        return self.navn.get((modell, pk), _("(slettet)"))


def _navn(objekt) -> str:
    fullt_navn = getattr(objekt, "get_full_name", None)
    if fullt_navn is not None:
        return fullt_navn() or objekt.get_username()
    return str(objekt)


def visningsverdi(felt: models.Field, verdi, *, navn: Navneoppslag, valg=None) -> str:
    """One value as the form shows it."""
    if verdi in (None, "", []):
        return TOMT
    if felt.is_relation:
        return navn(felt.related_model, verdi)
    etiketter = dict(valg or felt.flatchoices or ())
    if isinstance(verdi, list):
        return ", ".join(str(etiketter.get(v, v)) for v in verdi)
    if etiketter:
        return str(etiketter.get(verdi, verdi))
    if isinstance(verdi, bool):
        return _("Ja") if verdi else _("Nei")
    if isinstance(verdi, datetime):
        return tidspunkt_i_ord(verdi)
    if isinstance(verdi, date):
        return dato_i_ord(verdi)
    return str(verdi)


def feltendringer(
    forrige, post, felter: list[models.Field], *, navn: Navneoppslag, valg: dict | None = None
) -> list[Feltendring]:
    """What changed from one historical record to the next, field by field."""
    valg = valg or {}
    endringer = []
    for f in felter:
        gammel, ny = getattr(forrige, f.attname), getattr(post, f.attname)
        if gammel == ny or (gammel in (None, "", []) and ny in (None, "", [])):
            continue
        endringer.append(
            Feltendring(
                felt=capfirst(str(f.verbose_name)),
                fra=visningsverdi(f, gammel, navn=navn, valg=valg.get(f.name)),
                til=visningsverdi(f, ny, navn=navn, valg=valg.get(f.name)),
            )
        )
    return endringer


def brukernavn(bruker) -> str:
    if bruker is None:
        return _("Systemet")
    return bruker.get_full_name() or bruker.get_username()
