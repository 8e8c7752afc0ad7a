"""Production settings must refuse to start without a real SECRET_KEY."""

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
