import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_erklaeringen_kan_leses_uten_innlogging_og_sier_krav_status_og_mangler(client):
    svar = client.get(reverse("tilgjengelighet"))

    assert svar.status_code == 200
    tekst = svar.content.decode()
    assert "WCAG 2.1 nivå AA" in tekst
    assert "Kjente mangler" in tekst
    assert "uutilsynet.no" in tekst
    assert "3. desember 2026" in tekst


def test_alle_sider_lenker_til_erklaeringen(client):
    svar = client.get(reverse("login"))

    assert f'href="{reverse("tilgjengelighet")}"' in svar.content.decode()
