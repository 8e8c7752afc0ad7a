"""A database (or broker) that does not answer gives the Norwegian 503 page, also when it fails
in a middleware before any view runs (issue 15 point 8; bench/ovelse_feil.py drills it live)."""

import pytest
from django import db
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client
from kombu.exceptions import OperationalError as KombuOperationalError

from koordinering import startside
from tests.verden import ansatt_i, bygg_organisasjoner

pytestmark = pytest.mark.django_db


def _nede(*_a, **_k):
    raise db.OperationalError("connection to server at 127.0.0.1, port 5432 failed")


@pytest.fixture
def klient() -> Client:
    klient = Client(raise_request_exception=False)
    klient.force_login(ansatt_i(bygg_organisasjoner().a_hjemme).bruker)
    return klient


def test_databasen_nede_i_en_middleware_gir_norsk_503(klient, monkeypatch):
    monkeypatch.setattr(SessionStore, "load", _nede)
    svar = klient.get("/")
    assert svar.status_code == 503
    assert svar["Retry-After"] == "30"
    side = svar.content.decode()
    assert "Tjenesten er midlertidig utilgjengelig" in side and 'lang="nb"' in side


@pytest.mark.parametrize(
    "feil", [db.OperationalError("nede"), db.InterfaceError("lukket"), KombuOperationalError()]
)
def test_databasen_eller_koen_nede_i_en_visning_gir_503(klient, monkeypatch, feil):

    def kast(*_a, **_k):
        raise feil

    monkeypatch.setattr(startside, "_pasientrader", kast)  # inside the start page view
    svar = klient.get("/")
    assert svar.status_code == 503
    assert "Tjenesten er midlertidig utilgjengelig" in svar.content.decode()


def test_en_annen_feil_er_fortsatt_500(klient, monkeypatch):

    def kast(*_a, **_k):
        raise RuntimeError("en feil i koden")

    monkeypatch.setattr(startside, "_pasientrader", kast)  # inside the start page view
    svar = klient.get("/")
    assert svar.status_code == 500
    assert "Noe gikk galt" in svar.content.decode()
