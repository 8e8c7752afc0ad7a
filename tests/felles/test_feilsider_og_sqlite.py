"""`make run` feels like the product: Norwegian error pages also with DEBUG on (local settings),
and a SQLite file that three people can use at once without «database is locked»."""

import os
import subprocess
import sys

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest
from django.test import Client
from django.urls import include, path

from config.settings import local

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_run(settings):
    """The request path of `make run`: DEBUG on and the local settings' middleware."""
    settings.DEBUG = True
    settings.MIDDLEWARE = local.MIDDLEWARE
    return settings


def _feil(unntak):
    def visning(request):
        raise unntak

    return visning


def _urls_med_feilende_visninger():
    from config import urls

    return type(
        "urls",
        (),
        {
            "urlpatterns": [
                path("feil/403/", _feil(PermissionDenied("hemmelig detalj"))),
                path("feil/400/", _feil(SuspiciousOperation("hemmelig detalj"))),
                path("feil/500/", _feil(RuntimeError("hemmelig detalj"))),
                path("", include(urls.urlpatterns)),
            ]
        },
    )


def test_ukjent_adresse_gir_norsk_404_ogsaa_med_debug(make_run, demo):
    client = Client()
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    svar = client.get("/finnes-ikke/")
    html = svar.content.decode()
    assert svar.status_code == 404
    assert "Fant ikke siden" in html
    assert "Gå til startsiden" in html
    # Django's technical page lists the URL patterns; the product's page never does.
    assert "URLconf" not in html and "pasienter/&lt;int:pk&gt;" not in html
    assert "pasienter/<int:pk>" not in html


def test_objekt_som_ikke_finnes_gir_norsk_404_ogsaa_med_debug(make_run, demo):
    client = Client()
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    svar = client.get("/pasienter/999999/")
    assert svar.status_code == 404
    assert "Fant ikke siden" in svar.content.decode()
    assert "No Pasient matches" not in svar.content.decode()


def test_manglende_skraastrek_sendes_fortsatt_videre(make_run, demo):
    client = Client()
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    svar = client.get("/behov")
    assert svar.status_code == 301
    assert svar["Location"] == "/behov/"


@pytest.mark.parametrize(
    ("sti", "status", "tekst"),
    [
        ("/feil/403/", 403, "Ingen tilgang"),
        ("/feil/400/", 400, "Ugyldig forespørsel"),
        ("/feil/500/", 500, "Noe gikk galt"),
    ],
)
def test_feil_i_visninger_gir_norske_sider_uten_detaljer_ogsaa_med_debug(
    make_run, demo, sti, status, tekst
):
    make_run.ROOT_URLCONF = _urls_med_feilende_visninger()
    client = Client(raise_request_exception=False)
    client.login(request=HttpRequest(), username="koordinator.kommune", password="demo")
    svar = client.get(sti)
    html = svar.content.decode()
    assert svar.status_code == status
    assert tekst in html
    assert "hemmelig detalj" not in html
    assert "Traceback" not in html


def test_serverfeilsiden_klarer_seg_uten_kontekst_og_database(settings):
    from django.template.loader import get_template

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {"context_processors": []}}]
    html = get_template("500.html").render({})
    assert "Noe gikk galt" in html
    assert "<style" not in html and "<script" not in html


def test_sqlite_filen_har_wal_og_ventetid():
    from config.settings import base

    if base.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("DATABASE_URL peker på PostgreSQL; SQLite-valgene gjelder bare uten den")
    valg = base.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in valg["init_command"]
    assert valg["transaction_mode"] == "IMMEDIATE"
    assert valg["timeout"] >= 10


@pytest.mark.django_db(transaction=False)
def test_tre_samtidige_brukere_paa_sqlite_filen_faar_ingen_feil(tmp_path):
    """Three threads log in, read, write and log out at the same moment, four rounds, against a
    fresh SQLite file with the local settings (in a separate process: the suite's own database
    is in memory or PostgreSQL). Without the WAL/IMMEDIATE/timeout options this gives
    «database is locked» on login."""
    uten = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in uten}
    resultat = subprocess.run(
        [sys.executable, "-m", "tests.felles.samtidige_brukere", str(tmp_path / "db.sqlite3"), "4"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        cwd=local.BASE_DIR,
    )
    assert "journal_mode wal" in resultat.stdout
    assert "forespørsler 60 feil 0" in resultat.stdout, resultat.stdout + resultat.stderr[-3000:]
    assert resultat.returncode == 0
