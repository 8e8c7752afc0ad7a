"""Production settings must refuse to start without a real SECRET_KEY."""

import json
import os
import subprocess
import sys

import pytest

STRONG_KEY = "x7$Kq!9vR2mZ@pL4wT8nY#eB6cH1jF5dG3sA0uV^iO*rE&tW-yQ_" * 2


def _import_production(secret_key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "django-insecure-" + "a" * 60, "for-kort", "a" * 60],
    ids=["mangler", "tom", "django-insecure", "for-kort", "ensformig"],
)
def test_produksjon_nekter_aa_starte_med_usikker_secret_key(secret_key):
    result = _import_production(secret_key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_produksjon_starter_med_sterk_secret_key():
    result = _import_production(STRONG_KEY)
    assert result.returncode == 0, result.stderr


def test_produksjon_gjenbruker_databasetilkoblinger_med_helsesjekk():
    env = {k: v for k, v in os.environ.items() if k != "CONN_MAX_AGE"}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": STRONG_KEY}
    kode = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    ut = subprocess.run(
        [sys.executable, "-c", kode], env=env, capture_output=True, text=True, timeout=60
    )
    assert ut.returncode == 0, ut.stderr
    assert ut.stdout.split() == ["60", "True"]


def _innstillinger(modul: str, uttrykk: str, **miljo: str):
    """`uttrykk` evaluated with `s` = django.conf.settings in a fresh process with `modul`."""
    fjern = {"CONN_MAX_AGE", "DISABLE_SERVER_SIDE_CURSORS", "PGBOUNCER", "AWS_STORAGE_BUCKET_NAME"}
    env = {k: v for k, v in os.environ.items() if k not in fjern}
    env |= {"DJANGO_SETTINGS_MODULE": modul, "SECRET_KEY": STRONG_KEY, **miljo}
    kode = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        f"print(json.dumps({uttrykk}))"
    )
    ut = subprocess.run(
        [sys.executable, "-c", kode], env=env, capture_output=True, text=True, timeout=60
    )
    assert ut.returncode == 0, ut.stderr
    return json.loads(ut.stdout.splitlines()[-1])


def test_bak_pgbouncer_ingen_egne_varige_tilkoblinger_eller_servermarkorer():
    uttrykk = (
        "{a: [d['CONN_MAX_AGE'], d['DISABLE_SERVER_SIDE_CURSORS']] for a, d in s.DATABASES.items()}"
    )
    replika = {"DATABASE_REPLICA_URL": "postgres://postgres@127.0.0.1:5433/koordinering"}
    assert _innstillinger("config.settings.production", uttrykk, **replika) == {
        "default": [60, False],
        "replika": [60, False],
    }
    assert _innstillinger("config.settings.production", uttrykk, PGBOUNCER="true", **replika) == {
        "default": [0, True],
        "replika": [0, True],
    }


def test_opplastede_filer_paa_delt_objektlager_naar_en_bucket_er_satt():
    uttrykk = "s.STORAGES"
    lokalt = _innstillinger("config.settings.production", uttrykk)
    assert lokalt["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    delt = _innstillinger(
        "config.settings.production",
        uttrykk,
        AWS_STORAGE_BUCKET_NAME="koordinering-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.no",
    )
    assert delt["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert delt["default"]["OPTIONS"]["bucket_name"] == "koordinering-media"
    assert delt["default"]["OPTIONS"]["endpoint_url"] == "https://s3.example.no"
    assert delt["default"]["OPTIONS"]["file_overwrite"] is False
    assert delt["staticfiles"] == lokalt["staticfiles"]


@pytest.mark.parametrize(
    "modul", ["config.settings.local", "config.settings.test", "config.settings.production"]
)
def test_stor_kropp_avvises_foer_noe_leser_den_og_oekter_i_databasen(modul):
    """Stateless web tier: sessions in the database. The size check comes before CSRF (the first
    to read request.POST) and Django never holds a file over 2.5 MB in memory."""
    mellomvare, okter, fil, data = _innstillinger(
        modul,
        "[s.MIDDLEWARE, s.SESSION_ENGINE, s.FILE_UPLOAD_MAX_MEMORY_SIZE, "
        "s.DATA_UPLOAD_MAX_MEMORY_SIZE]",
    )
    storrelse = mellomvare.index("felles.storrelse.ForStorForesporselMiddleware")
    assert storrelse < mellomvare.index("django.middleware.csrf.CsrfViewMiddleware")
    assert storrelse < mellomvare.index("django.contrib.sessions.middleware.SessionMiddleware")
    assert okter == "django.contrib.sessions.backends.db"
    assert fil <= 2_621_440 and data <= 2_621_440
