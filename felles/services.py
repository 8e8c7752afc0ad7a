from collections.abc import Iterable

from django.db import transaction

from felles.models import Tilgangslogg


@transaction.atomic
def tilgangslogg_registrer(
    *,
    bruker,
    rolle: str,
    organisasjon_id: int | None,
    pasient_grunnlag: Iterable[tuple[int, str]],
    dokument: str,
) -> int:
    """One row per patient shown: (pasient_id, tilgangsgrunnlag) pairs, from the query that
    gave access, so the log says on what basis the data was shown."""
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
