"""Access ends when the job ends (issue 14, point 4): ending the membership, moving the person
to another unit or organisation, or deactivating them ends what the appointment opened, on the
next request. The koordinator of tests/koordinering/verden.py reaches P only through the
appointment, so each change must turn reading and editing into 404 (or the login page)."""

import pytest
from django.contrib.auth import get_user_model

from koordinering.models import Pasient, PasientUserObjectPermission
from tests.factories import EnhetFactory, MedlemskapFactory
from tests.koordinering.verden import bygg_verden, url_for
from tests.verden import en_gang_per_modul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture(scope="module")
def v(django_db_setup, django_db_blocker):
    yield from en_gang_per_modul(django_db_blocker, bygg_verden)


def pasient_urler(v) -> list[str]:
    """The patient page, editing it and the appointment."""
    return [
        url_for(v, "pasient-detalj"),
        url_for(v, "pasient-endre"),
        url_for(v, "oppnevning-detalj"),
    ]


def medlemskap(v):
    return v.ansatt("koordinator").medlemskap.get()


def avslutt_medlemskap(v):
    medlemskap(v).delete()


def flytt_til_annen_enhet(v):
    m = medlemskap(v)
    m.enhet = EnhetFactory(organisasjon=v.kommune_a)
    m.save()


def flytt_til_annen_organisasjon(v):
    ansatt = v.ansatt("koordinator")
    ny = v.kommune_b
    ansatt.organisasjon = ny
    ansatt.save()
    MedlemskapFactory(ansatt=ansatt, enhet=EnhetFactory(organisasjon=ny))


def deaktiver(v):
    bruker = v.brukere["koordinator"]
    bruker.is_active = False
    bruker.save()


ENDRINGER = {
    "avslutt_medlemskap": avslutt_medlemskap,
    "flytt_til_annen_enhet": flytt_til_annen_enhet,
    "flytt_til_annen_organisasjon": flytt_til_annen_organisasjon,
    "deaktiver": deaktiver,
}


def test_koordinatoren_leser_og_redigerer_foer_endringen(client, v):
    client.force_login(v.brukere["koordinator"])
    for url in pasient_urler(v):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("endring", list(ENDRINGER))
def test_tilgangen_slutter_naar_jobben_slutter(client, v, endring):
    bruker = v.brukere["koordinator"]
    client.force_login(bruker)
    assert client.get(url_for(v, "pasient-detalj")).status_code == 200

    ENDRINGER[endring](v)
    bruker = get_user_model().objects.get(pk=bruker.pk)

    forventet = 302 if endring == "deaktiver" else 404
    for url in pasient_urler(v):
        response = client.get(url)
        assert response.status_code == forventet, url
        assert v.pasient.navn not in response.content.decode()
    assert not Pasient.objects.visible_to(bruker).filter(pk=v.pasient.pk).exists()
    assert not Pasient.objects.editable_by(bruker).exists()
    assert not PasientUserObjectPermission.objects.filter(user=bruker).exists()


def test_en_gjenstaaende_tildeling_uten_medlemskap_aapner_ingenting(v):
    """A stale grant row (left by a script that bypassed the hooks) gives no access."""
    bruker = get_user_model().objects.get(pk=v.brukere["koordinator"].pk)
    type(medlemskap(v)).objects.filter(pk=medlemskap(v).pk)._raw_delete(using="default")
    assert PasientUserObjectPermission.objects.filter(user=bruker).exists()
    assert not Pasient.objects.visible_to(bruker).exists()
