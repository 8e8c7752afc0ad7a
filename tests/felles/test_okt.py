"""Sessions end on the server after 15 minutes idle and 10 hours after login; the key is
rotated at login; logout ends the server session."""

from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session

from tests.factories import EnhetFactory
from tests.verden import NAA, ansatt_i, klokken

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def virkelige_tidsgrenser(settings):
    """The production timeouts (the test settings lift them for the rest of the suite)."""
    settings.OKT_TOMGANG_SEKUNDER = 15 * 60
    settings.OKT_MAKS_SEKUNDER = 10 * 60 * 60


@pytest.fixture
def ansatt(db):
    a = ansatt_i(EnhetFactory())
    a.bruker.set_password("riktig-passord")
    a.bruker.save()
    return a


def logg_inn(client, ansatt):
    svar = client.post(
        "/logg-inn/", {"username": ansatt.bruker.username, "password": "riktig-passord"}
    )
    assert svar.status_code == 302


def test_okten_ender_etter_15_minutter_uten_aktivitet(client, ansatt):
    with klokken():
        logg_inn(client, ansatt)
        nokkel = client.session.session_key
    with klokken(NAA + timedelta(minutes=14, seconds=59)):
        assert client.get("/").status_code == 200
    with klokken(NAA + timedelta(minutes=29, seconds=58)):
        assert client.get("/").status_code == 200
    with klokken(NAA + timedelta(minutes=45)):
        svar = client.get("/")
        assert svar.status_code == 302
        assert svar["Location"] == "/logg-inn/?utlogget=tomgang"
        assert not Session.objects.filter(session_key=nokkel).exists()
        side = client.get(svar["Location"])
        assert "ikke har vært aktiv på 15 minutter" in side.content.decode()
        assert client.get("/").status_code == 302


def test_fortsett_teller_som_aktivitet(client, ansatt):
    with klokken():
        logg_inn(client, ansatt)
    with klokken(NAA + timedelta(minutes=13)):
        assert client.post("/okt/fortsett/").status_code == 204
    with klokken(NAA + timedelta(minutes=27)):
        assert client.get("/").status_code == 200


def test_fortsett_etter_tomgang_gir_innlogging(client, ansatt):
    with klokken():
        logg_inn(client, ansatt)
    with klokken(NAA + timedelta(minutes=16)):
        svar = client.post("/okt/fortsett/")
        assert svar.status_code == 302
        assert "/logg-inn/" in svar["Location"]


def test_htmx_etter_tomgang_sendes_til_innlogging(client, ansatt):
    with klokken():
        logg_inn(client, ansatt)
    with klokken(NAA + timedelta(minutes=16)):
        svar = client.get("/", headers={"HX-Request": "true"})
        assert svar.status_code == 401
        assert svar["HX-Redirect"] == "/logg-inn/?utlogget=tomgang"


def test_okten_ender_10_timer_etter_innlogging_selv_med_aktivitet(client, ansatt):
    with klokken():
        logg_inn(client, ansatt)
    for minutter in range(10, 600, 10):
        with klokken(NAA + timedelta(minutes=minutter)):
            assert client.get("/okt/fortsett/", follow=False).status_code in (405, 200)
    with klokken(NAA + timedelta(hours=10)):
        svar = client.get("/")
        assert svar["Location"] == "/logg-inn/?utlogget=maks"


def test_oktnokkelen_byttes_ved_innlogging(client, ansatt):
    session = client.session
    session["noe"] = "før"
    session.save()
    for_nokkel = session.session_key
    logg_inn(client, ansatt)
    assert client.session.session_key != for_nokkel
    assert not Session.objects.filter(session_key=for_nokkel).exists()


def test_utlogging_sletter_serverokten(client, ansatt):
    logg_inn(client, ansatt)
    nokkel = client.session.session_key
    assert Session.objects.filter(session_key=nokkel).exists()
    client.post("/logg-ut/")
    assert not Session.objects.filter(session_key=nokkel).exists()


def test_siden_har_varsel_med_fortsett_uten_inline_skript(client, ansatt):
    logg_inn(client, ansatt)
    html = client.get("/").content.decode()
    assert 'id="okt-varsel"' in html and 'data-tomgang="900"' in html
    assert 'data-varsel="120"' in html and ">Fortsett</button>" in html
    assert "/static/js/okt.js" in html
    assert "<script>" not in html


def test_produksjonens_grenser_er_15_minutter_og_10_timer():
    from config.settings import base

    assert (base.OKT_TOMGANG_SEKUNDER, base.OKT_MAKS_SEKUNDER) == (15 * 60, 10 * 60 * 60)
