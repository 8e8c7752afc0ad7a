from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from felles.models import Tilgangslogg


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


def tilgangslogg_registrer(
    *,
    bruker,
    rolle: str,
    organisasjon_id: int | None,
    pasient_grunnlag: Iterable[tuple[int, str]],
    dokument: str,
) -> int:
    """One row per patient shown: (pasient_id, tilgangsgrunnlag) pairs, from the query that
    gave access, so the log says on what basis the data was shown. One INSERT, inside the
    transaction of the request that shows the data."""
    navn = bruker.get_full_name() or bruker.get_username()
    rader = [
        Tilgangslogg(
            bruker=bruker,
            brukernavn=navn,
            rolle=rolle,
            organisasjon_id=organisasjon_id,
            pasient_id=pasient_id,
            dokument=dokument,
            grunnlag=grunnlag,
        )
        for pasient_id, grunnlag in pasient_grunnlag
    ]
    Tilgangslogg.objects.bulk_create(rader)
    return len(rader)
