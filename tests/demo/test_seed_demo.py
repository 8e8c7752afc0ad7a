import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from demo.management.commands import seed_demo
from felles.fodselsnummer import lag_identitetsnummer
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
from tests.test_settings import STRONG_KEY

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
    assert foer[6:10] == (6, 6, 7, 4)  # five patients, and Jonas for Min plan


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


def test_demobrukere_avvises_foer_noe_skrives_naar_syntetiske_numre_ikke_er_tillatt(settings):
    settings.DEBUG = False
    settings.TILLAT_SYNTETISKE_FODSELSNUMMER = False
    with pytest.raises(CommandError, match="TILLAT_SYNTETISKE_FODSELSNUMMER=true") as feil:
        call_command("seed_demo", "--demo-brukere")
    assert "Ingenting er lagret." in str(feil.value)
    assert _antall() == (0,) * 11


def test_seed_demo_skriver_alt_eller_ingenting(settings, monkeypatch):
    settings.DEBUG = True

    def feiler():
        raise RuntimeError("brudd midt i")

    monkeypatch.setattr(seed_demo, "demo_pasienter_opprett", feiler)
    with pytest.raises(RuntimeError):
        call_command("seed_demo")
    assert _antall() == (0,) * 11


def _i_produksjon(*argumenter: str, **miljo: str) -> subprocess.CompletedProcess:
    """`manage.py <argumenter>` with config.settings.production in its own process."""
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_REPLICA_URL", "TILLAT_SYNTETISKE_FODSELSNUMMER"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": STRONG_KEY,
        "DATABASE_URL": f"{url}/{db['NAME']}",
        **miljo,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *argumenter],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="en annen prosess ser databasen")
def test_seed_demo_med_produksjonsinnstillingene(tmp_path):
    """config.settings.production in its own process against the test database: refused with a
    Norwegian message and nothing written, or, where synthetic numbers are allowed (a demo
    installation), the whole demo world, its PDFs rendered with the manifest's static files
    (collected first, as the image build does)."""
    statisk = {"STATIC_ROOT": str(tmp_path / "static")}
    samlet = _i_produksjon("collectstatic", "--noinput", **statisk)
    assert samlet.returncode == 0, samlet.stderr

    def _seed_demo_i_produksjon(*argumenter: str, **miljo: str):
        return _i_produksjon("seed_demo", *argumenter, **statisk, **miljo)

    avvist = _seed_demo_i_produksjon("--demo-brukere")
    assert avvist.returncode != 0
    assert "syntetiske fødselsnumre" in avvist.stderr
    assert "Traceback" not in avvist.stderr
    assert _antall() == (0,) * 11

    kun_organisasjoner = _seed_demo_i_produksjon()
    assert kun_organisasjoner.returncode == 0, kun_organisasjoner.stderr
    assert Organisasjon.objects.count() == 3
    assert not get_user_model().objects.exists()

    demo = _seed_demo_i_produksjon("--demo-brukere", TILLAT_SYNTETISKE_FODSELSNUMMER="true")
    assert demo.returncode == 0, demo.stderr
    antall = _antall()
    assert antall[:5] == (3, 10, 10, 9, 9)
    assert antall[6:10] == (6, 6, 7, 4)


def test_seed_demo_igjen_etter_syntetiske_pasienter_med_de_samme_navnene(settings):
    """The bench seeds 10,000 patients, then runs `seed_demo` again for 100,000: a synthetic
    «Astrid Solberg» the demo koordinator cannot edit must not be taken for the demo's Astrid."""
    settings.DEBUG = True
    call_command("seed_demo", "--demo-brukere", verbosity=0)
    astrid = Pasient.objects.get(fornavn="Astrid", etternavn="Solberg")
    individ = 413
    while not (nummer := lag_identitetsnummer(astrid.fodselsdato, individ, syntetisk=True)):
        individ += 1
    navnebror = Pasient.objects.create(fodselsnummer=nummer, fornavn="Astrid", etternavn="Solberg")
    call_command("seed_demo", "--demo-brukere", verbosity=0)
    assert not navnebror.planer.exists()
    assert astrid.planer.count() == 1
