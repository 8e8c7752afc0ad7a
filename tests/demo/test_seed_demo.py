import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Enhet,
    Medlemskap,
    Oppnevning,
    Organisasjon,
    Pasient,
    Samtykke,
)

pytestmark = pytest.mark.django_db


def _antall():
    return (
        Organisasjon.objects.count(),
        Enhet.objects.count(),
        get_user_model().objects.count(),
        Ansatt.objects.count(),
        Medlemskap.objects.count(),
        Organisasjon.history.count() + Enhet.history.count(),
        Pasient.objects.count(),
        Samtykke.objects.count(),
        Behovsmelding.objects.count(),
        Oppnevning.objects.count(),
        Pasient.history.count() + Oppnevning.history.count(),
    )


def test_seed_demo_er_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    foer = _antall()
    call_command("seed_demo")
    assert _antall() == foer
    assert foer[:5] == (3, 10, 10, 9, 9)
    assert foer[6:10] == (5, 5, 7, 4)


def test_seed_demo_lager_kommuner_og_helseforetak_med_riktige_enheter(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    for kommune in Organisasjon.objects.filter(type="kommune"):
        assert set(kommune.enheter.values_list("type", flat=True)) == {
            "ke",
            "tjeneste",
            "tildelingskontor",
        }
    sykehus = Organisasjon.objects.get(type="helseforetak")
    assert sykehus.enheter.filter(type="ke").count() == 1
    assert sykehus.enheter.filter(type="klinisk").count() >= 2


def test_demobrukere_opprettes_ikke_uten_debug_eller_eksplisitt_valg(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert Organisasjon.objects.count() == 3
    assert not get_user_model().objects.exists()
    call_command("seed_demo", "--demo-brukere")
    assert get_user_model().objects.filter(username="koordinator.kommune").exists()
