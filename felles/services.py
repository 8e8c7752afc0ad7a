"""Helpers every write service uses: validate-and-save with history, update with an explicit
field list, and the access log insert."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from felles.fodselsnummer import masker_fodselsnummer
from felles.foresporsel import foresporsel_id
from felles.models import Handling, Tilgangslogg


def lagre(obj: Model, *, actor: AbstractBaseUser, **clean_kwargs) -> Model:
    """Validate and save, recording `actor` as the history user (also outside a request)."""
    obj.full_clean(**clean_kwargs)
    obj._history_user = actor
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as feil:
        # A race the validation could not see (two submits at once).
        raise ValidationError(
            _("Endringen kom i konflikt med en annen endring. Prøv igjen.")
        ) from feil
    return obj


def sett_felter(obj: Model, *, felter: Iterable[str], data: dict) -> Model:
    """Set the fields in `data` on `obj`, where every key must be one of `felter`: the service
    names what its callers may change (HackSoft's `model_update`), not the form. An unknown key
    is a programming error and raises `TypeError`."""
    ukjente = set(data) - set(felter)
    if ukjente:
        raise TypeError(f"{obj._meta.label} kan ikke endre {sorted(ukjente)} her")
    for navn, verdi in data.items():
        setattr(obj, navn, verdi)
    return obj


def oppdater(obj: Model, *, actor: AbstractBaseUser, felter: Iterable[str], data: dict) -> Model:
    """Change the fields in `data` (only those named in `felter`), validate, save with history."""
    return lagre(sett_felter(obj, felter=felter, data=data), actor=actor)


def tilgangslogg_registrer(
    *,
    bruker,
    rolle: str,
    organisasjon_id: int | None,
    pasient_grunnlag: Iterable[tuple[int | None, str]],
    dokument: str,
    hpr_nummer: str = "",
    enheter: str = "",
    handling: str = Handling.VIST,
    objekt_type: str = "",
    objekt_id: int | None = None,
    brukernavn: str = "",
) -> int:
    """One row per patient shown: (pasient_id, tilgangsgrunnlag) pairs, from the query that
    gave access, so the log says on what basis the data was shown. One INSERT, inside the
    transaction of the request that shows the data. The request id ties the rows of one page
    together (and to the application log); an eleven-digit number in `dokument` (a subject, a
    file name) is masked."""
    navn = brukernavn or bruker.get_full_name() or bruker.get_username()
    felles = {
        "bruker": bruker,
        "brukernavn": navn,
        "hpr_nummer": hpr_nummer or "",
        "rolle": rolle[:200],
        "enheter": enheter[:300],
        "organisasjon_id": organisasjon_id,
        "dokument": masker_fodselsnummer(str(dokument))[:200],
        "handling": handling,
        "objekt_type": objekt_type,
        "objekt_id": objekt_id,
        "foresporsel_id": foresporsel_id(),
    }
    rader = [
        Tilgangslogg(pasient_id=pasient_id, grunnlag=grunnlag or "", **felles)
        for pasient_id, grunnlag in pasient_grunnlag
    ]
    Tilgangslogg.objects.bulk_create(rader)
    return len(rader)
