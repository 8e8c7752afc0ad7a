import pytest

from koordinering.models import Enhet, Medlemskap, Organisasjon
from tests.factories import EnhetFactory, MedlemskapFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sysadmin(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_er_bare_for_systemadministratorer(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=False))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_viser_norsk_feil_for_ugyldig_organisasjonsnummer(sysadmin):
    response = sysadmin.post(
        "/admin/koordinering/organisasjon/add/",
        {
            "navn": "Feil kommune",
            "type": "kommune",
            "organisasjonsnummer": "974760674",
            "kommunenummer": "0301",
            "enheter-TOTAL_FORMS": "0",
            "enheter-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "kontrollsifferet stemmer ikke" in response.content.decode()
    assert not Organisasjon.objects.exists()


def test_admin_avviser_syklus_i_enhetstreet(sysadmin):
    topp = EnhetFactory()
    under = EnhetFactory(organisasjon=topp.organisasjon, overordnet=topp)
    response = sysadmin.post(
        f"/admin/koordinering/enhet/{topp.pk}/change/",
        {
            "organisasjon": topp.organisasjon_id,
            "navn": topp.navn,
            "type": topp.type,
            "overordnet": under.pk,
            "epost": "",
        },
    )
    assert response.status_code == 200
    assert "egne underenheter" in response.content.decode()
    topp.refresh_from_db()
    assert topp.overordnet_id is None
    assert Enhet.objects.count() == 2


def test_admin_avviser_dobbelt_medlemskap(sysadmin):
    m = MedlemskapFactory()
    a = m.ansatt
    response = sysadmin.post(
        f"/admin/koordinering/ansatt/{a.pk}/change/",
        {
            "bruker": a.bruker_id,
            "organisasjon": a.organisasjon_id,
            "yrke": a.yrke,
            "helsepersonell": "on",
            "hpr_nummer": "",
            "koordinatoropplaering_fullfort": "",
            "medlemskap-TOTAL_FORMS": "2",
            "medlemskap-INITIAL_FORMS": "1",
            "medlemskap-0-id": m.pk,
            "medlemskap-0-ansatt": a.pk,
            "medlemskap-0-enhet": m.enhet_id,
            "medlemskap-0-rolle": "medarbeider",
            "medlemskap-1-id": "",
            "medlemskap-1-ansatt": a.pk,
            "medlemskap-1-enhet": m.enhet_id,
            "medlemskap-1-rolle": "leder",
        },
    )
    assert response.status_code == 200
    assert Medlemskap.objects.count() == 1
    assert Medlemskap.objects.get().rolle == "medarbeider"
