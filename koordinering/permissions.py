"""Who may do what to which patient-related object.

Reads are scoped by `Pasient.objects.visible_to(user)`; this module holds the write checks and
the guardian grants that appointments make. Grants are read only by `visible_to`, straight from
guardian's direct-foreign-key table, so global permissions and superuser status never open a
patient.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from guardian.shortcuts import assign_perm, remove_perm

from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Pasient,
    PasientUserObjectPermission,
    Rolle,
    Samtykke,
    Tilknytning,
)
from koordinering.querysets import enheter_og_ke_organisasjoner

SE_PASIENT = "koordinering.view_pasient"
KOORDINATORROLLER = (Rolle.KOORDINATOR, Rolle.BARNEKOORDINATOR)


def oppnevningstilgang_gi(*, oppnevning: Oppnevning) -> None:
    assign_perm(SE_PASIENT, oppnevning.ansatt.bruker, oppnevning.pasient)


def oppnevningstilgang_fjern(*, oppnevning: Oppnevning) -> None:
    """Revoke the grant unless the person holds another active appointment for the patient."""
    andre = (
        Oppnevning.objects.aktive()
        .filter(ansatt=oppnevning.ansatt, pasient=oppnevning.pasient)
        .exclude(pk=oppnevning.pk)
    )
    if not andre.exists():
        remove_perm(SE_PASIENT, oppnevning.ansatt.bruker, oppnevning.pasient)


def oppnevningstilganger_fjern_alle(*, bruker: AbstractBaseUser) -> int:
    """The job ended: every appointment-based grant of this person goes (the appointments
    themselves stay, for the leader to end or reassign). `visible_to` would already refuse the
    stale grants; removing them keeps the grant table true. Returns how many were removed."""
    antall, _ = PasientUserObjectPermission.objects.filter(
        user=bruker, permission__codename="view_pasient"
    ).delete()
    return antall


# Lifecycle hooks: whichever way a membership ends or a person moves (a service, the admin, a
# script), the grants go. Connected in `KoordineringConfig.ready`.


def _fjern_for_ansatte(ansatt_ids) -> None:
    PasientUserObjectPermission.objects.filter(
        user__ansatt__in=ansatt_ids, permission__codename="view_pasient"
    ).delete()


def _medlemskap_slettet(sender, instance: Medlemskap, **kwargs) -> None:
    _fjern_for_ansatte([instance.ansatt_id])


def _medlemskap_endres(sender, instance: Medlemskap, **kwargs) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    gammel = Medlemskap.objects.filter(pk=instance.pk).values_list("enhet_id", "ansatt_id").first()
    if gammel is not None and gammel != (instance.enhet_id, instance.ansatt_id):
        _fjern_for_ansatte({gammel[1], instance.ansatt_id})


def _ansatt_endres(sender, instance: Ansatt, **kwargs) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    gammel = Ansatt.objects.filter(pk=instance.pk).values_list("organisasjon_id", flat=True).first()
    if gammel is not None and gammel != instance.organisasjon_id:
        oppnevningstilganger_fjern_alle(bruker=instance.bruker)


def _bruker_endres(sender, instance, **kwargs) -> None:
    if instance.pk is None or kwargs.get("raw") or instance.is_active:
        return
    if sender.objects.filter(pk=instance.pk, is_active=True).exists():
        oppnevningstilganger_fjern_alle(bruker=instance)


def koble_livslop() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, pre_save

    post_delete.connect(_medlemskap_slettet, sender=Medlemskap, dispatch_uid="medlemskap_slutt")
    pre_save.connect(_medlemskap_endres, sender=Medlemskap, dispatch_uid="medlemskap_flytt")
    pre_save.connect(_ansatt_endres, sender=Ansatt, dispatch_uid="ansatt_flytt")
    pre_save.connect(_bruker_endres, sender=get_user_model(), dispatch_uid="bruker_deaktivert")


def pasient_for_redigering(*, user: AbstractBaseUser, pasient_id: int) -> Pasient:
    """The patient, if the user may change it (appointment or own unit); otherwise 404."""
    pasient = Pasient.objects.editable_by(user).filter(pk=pasient_id).first()
    if pasient is None:
        raise Http404
    return pasient


# Roles come from current memberships only: an active user, in a unit of the organisation they
# work for now (as `querysets.gjeldende_medlemskap`), so a row left behind by a move decides
# nothing.
def _gjeldende(user: AbstractBaseUser) -> dict:
    return {
        "ansatt__bruker": user,
        "ansatt__bruker__is_active": True,
        "ansatt__organisasjon_id": F("enhet__organisasjon_id"),
    }


def ledede_enheter(user: AbstractBaseUser):
    return Enhet.objects.filter(
        pk__in=Medlemskap.objects.filter(**_gjeldende(user), rolle=Medlemskap.Rolle.LEDER).values(
            "enhet_id"
        )
    )


def kan_beslutte(*, user: AbstractBaseUser, behovsmelding: Behovsmelding) -> bool:
    """The leader of the unit the need was reported to decides."""
    return ledede_enheter(user).filter(pk=behovsmelding.enhet_id).exists()


def sjekk_kan_beslutte(*, user: AbstractBaseUser, behovsmelding: Behovsmelding) -> None:
    if not kan_beslutte(user=user, behovsmelding=behovsmelding):
        raise PermissionDenied


def er_ke_for(*, user: AbstractBaseUser, organisasjon_id: int) -> bool:
    return Medlemskap.objects.filter(
        **_gjeldende(user),
        enhet__type=Enhet.Type.KOORDINERENDE_ENHET,
        enhet__organisasjon_id=organisasjon_id,
    ).exists()


def kan_avslutte_oppnevning(*, user: AbstractBaseUser, oppnevning: Oppnevning) -> bool:
    """The leader of the appointing unit, or the organisation's KE."""
    return ledede_enheter(user).filter(pk=oppnevning.enhet_id).exists() or er_ke_for(
        user=user, organisasjon_id=oppnevning.organisasjon_id
    )


def ke_organisasjoner(user: AbstractBaseUser):
    """Organisations in which the user works in the koordinerende enhet."""
    return Organisasjon.objects.filter(
        pk__in=Medlemskap.objects.filter(
            **_gjeldende(user), enhet__type=Enhet.Type.KOORDINERENDE_ENHET
        ).values("enhet__organisasjon_id")
    )


def kan_redigere_pasient(*, user: AbstractBaseUser, pasient: Pasient) -> bool:
    return Pasient.objects.editable_by(user).filter(pk=pasient.pk).exists()


def sjekk_kan_redigere_pasient(*, user: AbstractBaseUser, pasient: Pasient) -> None:
    """For services: the actor changes this patient's records (appointment or own unit)."""
    if not kan_redigere_pasient(user=user, pasient=pasient):
        raise PermissionDenied


def samtykke_trekkerett(*, user: AbstractBaseUser, ansatt: Ansatt, pasient: Pasient):
    """Who may record the withdrawal of this patient's consents: the organisation that
    documented the consent, the patient's koordinator, or a KE (that sees the patient).
    Returns a test for one consent: at most one query for the whole list."""
    _enheter, ke_org = enheter_og_ke_organisasjoner(user)
    alle = bool(ke_org) or (
        Oppnevning.objects.aktive()
        .filter(ansatt=ansatt, pasient=pasient, rolle__in=KOORDINATORROLLER)
        .exists()
    )
    # A consent given digitally (ID-porten) was documented by no organisation: the koordinator
    # or the KE records its withdrawal (the citizen can withdraw it in Min plan).
    return lambda samtykke: (
        alle
        or (
            samtykke.dokumentert_av is not None
            and samtykke.dokumentert_av.organisasjon_id == ansatt.organisasjon_id
        )
    )


def kan_trekke_samtykke(*, user: AbstractBaseUser, samtykke: Samtykke) -> bool:
    ansatt = Ansatt.objects.filter(bruker=user).first()
    if (
        ansatt is None
        or not Pasient.objects.visible_to(user).filter(pk=samtykke.pasient_id).exists()
    ):
        return False
    return samtykke_trekkerett(user=user, ansatt=ansatt, pasient=samtykke.pasient)(samtykke)


def sjekk_kan_trekke_samtykke(*, user: AbstractBaseUser, samtykke: Samtykke) -> None:
    if not kan_trekke_samtykke(user=user, samtykke=samtykke):
        raise PermissionDenied


def kan_forvalte_sperringer(*, user: AbstractBaseUser, pasient: Pasient) -> bool:
    """Blocks are made and lifted by the KE of an organisation that follows the patient (an
    active connection), at the patient's request."""
    _enheter, ke_org = enheter_og_ke_organisasjoner(user)
    return (
        bool(ke_org)
        and Pasient.objects.visible_to(user).filter(pk=pasient.pk).exists()
        and Tilknytning.objects.aktive()
        .filter(pasient_id=pasient.pk, organisasjon_id__in=ke_org)
        .exists()
    )


def sjekk_kan_forvalte_sperringer(*, user: AbstractBaseUser, pasient: Pasient) -> None:
    if not kan_forvalte_sperringer(user=user, pasient=pasient):
        raise PermissionDenied
