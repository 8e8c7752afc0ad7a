"""The leader's decision page offers exactly the decisions that fit the need's kind (issue 12)."""

import pytest
from django.urls import reverse

from koordinering.models import Behov, Behovsmelding
from tests.factories import PasientFactory
from tests.koordinering.verden_services import Verden, bygg_verden, fulgt, meld, tilstand

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]
S = Behovsmelding.Status


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


def side(client, leder, behov) -> str:
    client.force_login(leder.bruker)
    response = client.get(reverse("koordinering:behov-detalj", args=[behov.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_planbehov_tilbyr_plan_dekket_informert_og_onsker_ikke(client, v):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.INDIVIDUELL_PLAN)
    html = side(client, v.kommuneleder, behov)
    for tekst in (
        "Individuell plan opprettes",
        "Dekkes av eksisterende koordinator eller plan",
        "Informert om retten til individuell plan og koordinator",
        "Pasienten ønsker ikke",
    ):
        assert tekst in html
    assert reverse("koordinering:behov-oppnevn", args=[behov.pk]) not in html


def test_kontaktlegebehov_tilbyr_oppnevning_avslag_og_dekket(client, v):
    behov = meld(v.sykehusleder, fulgt(PasientFactory()), v.medisinsk, Behov.KONTAKTLEGE)
    html = side(client, v.sykehusleder, behov)
    assert reverse("koordinering:behov-oppnevn", args=[behov.pk]) in html
    assert "Dekkes av eksisterende koordinator eller plan" in html
    assert "Individuell plan opprettes" not in html
    assert "Informert om retten" not in html


def test_oppnevn_paa_planbehov_gir_forklaring(client, v):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.INDIVIDUELL_PLAN)
    client.force_login(v.kommuneleder.bruker)
    foer = tilstand()
    response = client.post(reverse("koordinering:behov-oppnevn", args=[behov.pk]), {})
    assert response.status_code == 400
    assert "besluttes med «plan opprettes» eller «dekkes»" in response.content.decode()
    assert tilstand() == foer


@pytest.mark.parametrize(
    ("url", "data", "feil"),
    [
        ("koordinering:behov-avslaa", {"grunn": ""}, "Oppgi hvorfor det ikke oppnevnes."),
        ("koordinering:behov-beslutt", {"utfall": "oppnevnt"}, "Velg en beslutning."),
        ("koordinering:behov-beslutt", {}, "Velg en beslutning."),
    ],
)
def test_ugyldig_beslutning_gir_norsk_melding_og_ingen_endring(client, v, url, data, feil):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.KOORDINATOR)
    client.force_login(v.kommuneleder.bruker)
    foer = tilstand()
    response = client.post(reverse(url, args=[behov.pk]), data)
    assert response.status_code == 400
    assert feil in response.content.decode()
    assert tilstand() == foer


def test_beslutning_gjennom_skjemaet(client, v):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.INDIVIDUELL_PLAN)
    client.force_login(v.kommuneleder.bruker)
    url = reverse("koordinering:behov-beslutt", args=[behov.pk])
    assert client.post(url, {"utfall": S.PLAN_OPPRETTES}).status_code == 302
    behov.refresh_from_db()
    assert behov.status == S.PLAN_OPPRETTES
    assert client.post(url, {"utfall": S.DEKKET}).status_code == 404


def test_fremmed_faar_404(client, v):
    behov = meld(v.kommuneleder, fulgt(PasientFactory()), v.hjemmetjeneste, Behov.INDIVIDUELL_PLAN)
    client.force_login(v.sykehusleder.bruker)
    foer = tilstand()
    assert client.get(reverse("koordinering:behov-detalj", args=[behov.pk])).status_code == 404
    url = reverse("koordinering:behov-beslutt", args=[behov.pk])
    assert client.post(url, {"utfall": S.DEKKET}).status_code == 404
    assert tilstand() == foer
