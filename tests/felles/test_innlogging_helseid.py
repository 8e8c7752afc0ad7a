"""Staff login with HelseID against a real local OIDC provider (tests/oidc_leverandor.py):
the production code path (Authlib, private_key_jwt, acr check, nonce, state)."""

import logging
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.factories import AnsattFactory, EnhetFactory
from tests.verden import ansatt_i

pytestmark = pytest.mark.django_db


@pytest.fixture
def lege(db):
    return ansatt_i(EnhetFactory(), hpr_nummer="9000007", yrke="lege", helsepersonell=True)


def logg_inn_hos_leverandor(client, sub: str, *, endre_autorisasjon=None):
    """Start at /logg-inn/helseid/, pick `sub` at the provider, return the callback's response."""
    start = client.get("/logg-inn/helseid/")
    assert start.status_code == 302
    autorisasjon = start["Location"]
    if endre_autorisasjon:
        autorisasjon = endre_autorisasjon(autorisasjon)
    svar = requests.post(autorisasjon, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert svar.status_code == 302, svar.text
    tilbake = urlsplit(svar.headers["Location"])
    assert tilbake.path == "/logg-inn/helseid/tilbake/"
    return client.get(f"{tilbake.path}?{tilbake.query}")


def test_riktig_niva_og_kjent_hpr_logger_inn(client, helseid, lege, caplog):
    caplog.set_level(logging.INFO)
    svar = logg_inn_hos_leverandor(client, "lege")
    assert svar.status_code == 302
    assert svar["Location"] == "/"
    assert client.session["_auth_user_id"] == str(lege.bruker_id)
    assert client.session["innlogging"] == {"metode": "helseid", "acr": "Level4", "hpr": "9000007"}
    profil = client.get("/profil/")
    assert "9000007" in profil.content.decode()
    logg = "\n".join(r.getMessage() for r in caplog.records)
    assert "Innlogging med HelseID" in logg and "hpr=9000007" in logg
    assert "13898000170" not in logg
    assert helseid.vakt.avviste == []


def test_forespørselen_ber_om_niva_4_nonce_state_og_pkce(client, helseid):
    start = client.get("/logg-inn/helseid/")
    parametre = parse_qs(urlsplit(start["Location"]).query)
    assert parametre["acr_values"] == ["Level4"]
    assert parametre["nonce"][0] and parametre["state"][0]
    assert parametre["code_challenge_method"] == ["S256"]


def test_for_lavt_sikkerhetsniva_avvises_pa_norsk(client, helseid, lege):
    svar = logg_inn_hos_leverandor(client, "lege-lavt-niva")
    assert svar.status_code == 403
    assert "ikke høyt nok sikkerhetsnivå" in svar.content.decode()
    assert "_auth_user_id" not in client.session


def test_ukjent_hpr_avvises_og_ingenting_opprettes(client, helseid, lege, django_user_model):
    brukere = django_user_model.objects.count()
    svar = logg_inn_hos_leverandor(client, "ukjent-hpr")
    assert svar.status_code == 403
    assert "fant ingen ansatt" in svar.content.decode()
    assert django_user_model.objects.count() == brukere
    assert "_auth_user_id" not in client.session


def test_pid_uten_hpr_kjennes_igjen_pa_fodselsnummer(client, helseid):
    sosionom = AnsattFactory(fodselsnummer="13898000170", yrke="sosionom")
    svar = logg_inn_hos_leverandor(client, "uten-hpr")
    assert svar.status_code == 302
    assert client.session["_auth_user_id"] == str(sosionom.bruker_id)


def test_hpr_med_annet_fodselsnummer_avvises(client, helseid):
    AnsattFactory(
        hpr_nummer="9000007", fodselsnummer="01010150132", yrke="lege", helsepersonell=True
    )
    svar = logg_inn_hos_leverandor(client, "lege")
    assert svar.status_code == 403


def test_feil_nonce_avvises(client, helseid, lege):
    def bytt_nonce(url):
        return url.replace("nonce=", "nonce=feil")

    svar = logg_inn_hos_leverandor(client, "lege", endre_autorisasjon=bytt_nonce)
    assert svar.status_code == 403
    assert "hørte ikke til denne innloggingen" in svar.content.decode()
    assert "_auth_user_id" not in client.session


def test_svar_med_ukjent_state_avvises(client, helseid, lege):
    start = client.get("/logg-inn/helseid/")
    svar = requests.post(start["Location"], data={"sub": "lege"}, allow_redirects=False, timeout=10)
    tilbake = urlsplit(svar.headers["Location"])
    annen = type(client)()
    annen.get("/logg-inn/helseid/")
    avvist = annen.get(f"{tilbake.path}?{tilbake.query}")
    assert avvist.status_code == 403
    assert "Start innloggingen på nytt" in avvist.content.decode()


def test_token_foresporselen_bruker_private_key_jwt(client, helseid, lege, settings):
    """The provider's guard refuses a client assertion signed with another key."""
    from felles import oidc
    from tests.oidc_leverandor import ny_rsa_nokkel

    settings.OIDC_LEVERANDORER = {"helseid": helseid.oppsett(privat_nokkel=ny_rsa_nokkel())}
    oidc._klienter.clear()
    svar = logg_inn_hos_leverandor(client, "lege")
    assert svar.status_code == 403
    assert helseid.vakt.avviste == ["feil signatur"]
    assert "_auth_user_id" not in client.session


def test_ukjent_leverandor_gir_404(client):
    assert client.get("/logg-inn/idporten/").status_code == 404
