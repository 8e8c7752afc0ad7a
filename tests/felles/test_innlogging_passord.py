"""Password login: django-axes stops brute force (5 failures per account and per address in
15 minutes), production's password login is for administrators with a TOTP code only, and the
admin sits on ADMIN_PATH."""

import logging
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import clear_url_caches
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import EnhetFactory
from tests.verden import NAA, ansatt_i, klokken

pytestmark = pytest.mark.django_db

FEIL = "Det er gjort for mange mislykkede innloggingsforsøk"


@pytest.fixture
def ansatt(db):
    a = ansatt_i(EnhetFactory())
    a.bruker.set_password("riktig-passord")
    a.bruker.save()
    return a


def logg_inn(client, brukernavn, passord, adresse="10.0.0.1", **ekstra):
    return client.post(
        "/logg-inn/", {"username": brukernavn, "password": passord, **ekstra}, REMOTE_ADDR=adresse
    )


def test_riktig_passord_logger_inn(client, ansatt):
    svar = logg_inn(client, ansatt.bruker.username, "riktig-passord")
    assert svar.status_code == 302
    assert client.session["_auth_user_id"] == str(ansatt.bruker_id)


def test_seks_feil_passord_sperrer_kontoen_ogsaa_for_riktig_passord(client, ansatt, caplog):
    caplog.set_level(logging.INFO)
    navn = ansatt.bruker.username
    with klokken():
        for _ in range(4):
            assert logg_inn(client, navn, "feil").status_code == 200
        femte = logg_inn(client, navn, "feil")
        assert femte.status_code == 429
        assert FEIL in femte.content.decode()
        sjette = logg_inn(client, navn, "feil", adresse="10.0.0.2")
        assert sjette.status_code == 429
        riktig = logg_inn(client, navn, "riktig-passord", adresse="10.0.0.3")
        assert riktig.status_code == 429
        assert FEIL in riktig.content.decode()
        assert "_auth_user_id" not in client.session
    logg = "\n".join(r.getMessage() for r in caplog.records)
    assert "Innlogging feilet" in logg
    assert "AXES: Locking out" in logg or "locked out" in logg.lower()
    assert "riktig-passord" not in logg and "feil\n" not in logg
    # After the 15-minute cool-off the right password works again.
    with klokken(NAA + timedelta(minutes=16)):
        assert logg_inn(client, navn, "riktig-passord", adresse="10.0.0.3").status_code == 302


def test_fem_feil_fra_samme_adresse_sperrer_adressen(client, ansatt):
    with klokken():
        for i in range(5):
            logg_inn(client, f"finnes-ikke-{i}", "feil", adresse="10.9.9.9")
        svar = logg_inn(client, ansatt.bruker.username, "riktig-passord", adresse="10.9.9.9")
        assert svar.status_code == 429
        annen = logg_inn(Client(), ansatt.bruker.username, "riktig-passord", adresse="10.1.1.1")
        assert annen.status_code == 302


def test_fodselsnummer_som_brukernavn_maskeres_i_loggen(client, caplog):
    from felles.foresporsel import MaskerFodselsnummerFilter

    caplog.set_level(logging.INFO)
    logg_inn(client, "13898000170", "feil")
    feilet = [r for r in caplog.records if "Innlogging feilet" in r.getMessage()]
    assert feilet, "the failure is logged"
    assert "***********" in feilet[0].getMessage()
    for post in caplog.records:
        MaskerFodselsnummerFilter().filter(post)  # what the handlers do for any other line
        assert "13898000170" not in post.getMessage()


def test_admin_sperres_ogsaa(client, django_user_model):
    django_user_model.objects.create_superuser("sysadmin", "", "riktig-passord")
    with klokken():
        for _ in range(5):
            client.post(
                "/admin/login/",
                {"username": "sysadmin", "password": "feil"},
                REMOTE_ADDR="10.0.0.5",
            )
        svar = client.post(
            "/admin/login/",
            {"username": "sysadmin", "password": "riktig-passord"},
            REMOTE_ADDR="10.0.0.6",
        )
        assert svar.status_code == 429
        assert FEIL in svar.content.decode()


@pytest.fixture
def produksjon(settings):
    settings.PASSORD_INNLOGGING_ANSATTE = False
    settings.KREV_OTP = True


def test_produksjon_nekter_ansatte_passordinnlogging(client, ansatt, produksjon):
    TOTPDevice.objects.create(user=ansatt.bruker, name="app")
    enhet = TOTPDevice.objects.get(user=ansatt.bruker)
    kode = totp(enhet.bin_key)
    svar = logg_inn(client, ansatt.bruker.username, "riktig-passord", otp_token=f"{kode:06d}")
    assert svar.status_code == 200
    assert "Ansatte logger inn med HelseID" in svar.content.decode()
    assert "_auth_user_id" not in client.session


def test_produksjon_krever_engangskode_for_administrator(client, django_user_model, produksjon):
    admin = django_user_model.objects.create_superuser("sysadmin", "", "riktig-passord")
    enhet = TOTPDevice.objects.create(user=admin, name="app")
    uten = logg_inn(client, "sysadmin", "riktig-passord")
    assert uten.status_code == 200
    assert "Skriv inn engangskoden" in uten.content.decode()
    assert "_auth_user_id" not in client.session
    med = logg_inn(client, "sysadmin", "riktig-passord", otp_token=f"{totp(enhet.bin_key):06d}")
    assert med.status_code == 302, med.context["form"].errors
    assert client.get("/admin/").status_code == 200


def test_produksjon_admin_krever_bekreftet_engangskode(client, django_user_model, produksjon):
    admin = django_user_model.objects.create_superuser("sysadmin", "", "riktig-passord")
    client.force_login(admin)  # a session without a verified OTP device
    assert client.get("/admin/").status_code == 302


def test_admin_ligger_paa_konfigurerbar_sti(settings, django_user_model):
    import importlib

    import config.urls

    settings.ADMIN_PATH = "drift-7f3a/"
    try:
        importlib.reload(config.urls)
        clear_url_caches()
        client = Client()
        assert client.get("/drift-7f3a/login/").status_code == 200
        assert client.get("/admin/login/").status_code == 404
    finally:
        settings.ADMIN_PATH = "admin/"
        importlib.reload(config.urls)
        clear_url_caches()
