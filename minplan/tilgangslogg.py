"""Reads in Min plan go to the same access log as staff reads. The log row needs a Django user;
a citizen has none, so every citizen row points at one inactive technical user «minplan» and
carries the citizen's own name, the role they act in (pasienten selv, foreldreansvar, verge,
fullmakt) and the basis (grunnlag PASIENTEN or REPRESENTANT)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import translation

from felles.services import tilgangslogg_registrer
from minplan.tilgang import INNBYGGER, Tilgang

TEKNISK_BRUKER = "minplan"


def teknisk_bruker():
    bruker, _ = get_user_model().objects.get_or_create(
        username=TEKNISK_BRUKER,
        defaults={"is_active": False, "first_name": "Min plan", "password": make_password(None)},
    )
    return bruker


def logg_lesing(request, tilgang: Tilgang, dokument, objekt=None, **verdier) -> None:
    """`dokument` is best a lazy string (gettext_lazy) with `verdier` for its %(…)s: the row is
    written in bokmål whatever language the citizen reads in, since staff read the same log."""
    with translation.override(settings.LANGUAGE_CODE):
        dokument = str(dokument) % verdier if verdier else str(dokument)
        rolle = tilgang.rolle
    tilgangslogg_registrer(
        bruker=teknisk_bruker(),
        brukernavn=request.session[INNBYGGER]["navn"],
        rolle=rolle,
        organisasjon_id=None,
        pasient_grunnlag=[(tilgang.pasient.pk, tilgang.grunnlag)],
        dokument=dokument,
        objekt_type=objekt._meta.label_lower if objekt is not None else "",
        objekt_id=objekt.pk if objekt is not None else None,
    )
