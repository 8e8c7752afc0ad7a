"""Who may read and change an ansvarsgruppe, its meetings and minutes."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from ansvarsgruppe.models import Ansvarsgruppe
from felles.models import Tilgangsgrunnlag
from koordinering.models import Pasient, Samtykke


def ansvarsgruppe_for(*, user: AbstractBaseUser, gruppe_id: int, redigere: bool = False):
    """The group and the basis of access, or 404. The group's own organisation reads it (and
    edits through an appointment or a connected unit); members of another organisation read it
    only while a valid consent shares with their organisation or with them."""
    gruppe = (
        Ansvarsgruppe.objects.select_related("pasient", "organisasjon", "leder__bruker")
        .filter(pk=gruppe_id)
        .first()
    )
    pasient = (
        Pasient.objects.visible_to(user).filter(pk=gruppe.pasient_id).first() if gruppe else None
    )
    if pasient is None:
        raise Http404
    ansatt = user.ansatt
    if ansatt.organisasjon_id == gruppe.organisasjon_id:
        grunnlag = pasient.tilgangsgrunnlag
        kan_redigere = grunnlag in (Tilgangsgrunnlag.OPPNEVNING, Tilgangsgrunnlag.ENHET)
    else:
        delt = (
            Samtykke.objects.gyldige()
            .filter(pasient_id=gruppe.pasient_id)
            .filter(Q(organisasjoner=ansatt.organisasjon_id) | Q(personer=ansatt))
            .exists()
        )
        if not delt:
            raise Http404
        grunnlag, kan_redigere = Tilgangsgrunnlag.SAMTYKKE, False
    if redigere and not kan_redigere:
        raise Http404
    return gruppe, grunnlag, kan_redigere


def kan_redigere(*, user: AbstractBaseUser, gruppe: Ansvarsgruppe) -> bool:
    """Only the group's own organisation changes it, through an appointment or a connected
    unit; readers by consent never do."""
    ansatt = getattr(user, "ansatt", None)
    if ansatt is None or ansatt.organisasjon_id != gruppe.organisasjon_id:
        return False
    return Pasient.objects.editable_by(user).filter(pk=gruppe.pasient_id).exists()


def sjekk_kan_redigere(*, user: AbstractBaseUser, gruppe: Ansvarsgruppe) -> None:
    if not kan_redigere(user=user, gruppe=gruppe):
        raise PermissionDenied
