import pytest
from django.http import HttpRequest
from django.test import Client

from demo.oppsett import DEMO_BRUKERE

pytestmark = pytest.mark.django_db


def test_anonym_sendes_til_innlogging(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/logg-inn/?next=/"


def test_innloggingssiden_er_norsk(client):
    response = client.get("/logg-inn/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="nb"' in html
    assert "Brukernavn" in html and "Passord" in html


def test_feil_passord_gir_norsk_melding(client, demo):
    response = client.post("/logg-inn/", {"username": "koordinator.kommune", "password": "feil"})
    assert response.status_code == 200
    assert "Vennligst oppgi korrekt brukernavn og passord" in response.content.decode()


@pytest.mark.parametrize("demobruker", DEMO_BRUKERE, ids=lambda d: d.brukernavn)
def test_hver_demobruker_ser_organisasjon_enhet_og_rolle(demo, demobruker):
    client = Client()
    response = client.post(
        "/logg-inn/", {"username": demobruker.brukernavn, "password": "demo"}, follow=True
    )
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == "/"
    assert demobruker.fornavn in html
    # Issue 13: organisation, units and role are on «Min profil», not on the start page.
    assert 'href="/profil/"' in html
    html = client.get("/profil/").content.decode()
    org_navn = {o.organisasjonsnummer: o.navn for o in demo.values()}[
        demobruker.organisasjonsnummer
    ]
    assert org_navn in html
    assert f"{demobruker.enhet} (" in html
    rolle = "leder" if demobruker.rolle == "leder" else "medarbeider"
    assert f"– {rolle}</li>" in html


def test_startsiden_har_landemerker_og_hopp_til_innhold(demo):
    client = Client()
    client.login(request=HttpRequest(), username="leder.sykehus", password="demo")
    html = client.get("/").content.decode()
    assert 'class="ds-skip-link" href="#hovedinnhold"' in html
    assert "<header" in html and "<main" in html and "<footer" in html
    assert 'aria-label="Hovedmeny"' in html


def test_rollen_styrer_hva_startsiden_viser(demo):
    client = Client()
    client.login(request=HttpRequest(), username="ke.kommune", password="demo")
    html = client.get("/").content.decode()
    assert "Som koordinerende enhet" in html
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    html = client.get("/").content.decode()
    assert "Som koordinerende enhet" not in html
    assert 'data-testid="ventende-behov"' not in html  # the leader's queue
    client.login(request=HttpRequest(), username="leder.kommune", password="demo")
    assert 'data-testid="ventende-behov"' in client.get("/").content.decode()


def test_admin_uten_ansattprofil_henvises_til_systemadministrasjon(demo):
    client = Client()
    client.login(request=HttpRequest(), username="admin", password="demo")
    html = client.get("/").content.decode()
    assert "Gå til systemadministrasjon" in html


def test_ukjent_adresse_gir_norsk_404(demo):
    client = Client()
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_serverfeil_gir_norsk_500_uten_detaljer(demo, settings):
    from django.urls import path

    def feilende_visning(request):
        raise RuntimeError("hemmelig detalj")

    settings.ROOT_URLCONF = type(
        "urls", (), {"urlpatterns": [path("feil/", feilende_visning)], "handler500": None}
    )
    client = Client(raise_request_exception=False)
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    response = client.get("/feil/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt" in html
    assert "hemmelig detalj" not in html
