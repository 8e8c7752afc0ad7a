"""Services queue Celery tasks by name (`felles.jobber.etter_commit`): every name in the code
must be a registered task, or the work would be lost at the first commit."""

import re
from pathlib import Path

import pytest
from django.db import transaction

from felles.jobber import etter_commit, oppgave

ROT = Path(__file__).resolve().parents[2]
APPER = ["felles", "koordinering", "individuellplan", "meldinger", "ansvarsgruppe", "varsler"]
APPER += ["oversikt", "demo"]
KALL = re.compile(r"""etter_commit\(\s*["']([\w.]+)["']""")


def navn_i_koden() -> set[str]:
    return {
        navn
        for app in APPER
        for fil in (ROT / app).rglob("*.py")
        for navn in KALL.findall(fil.read_text(encoding="utf-8"))
    }


def test_koden_koer_oppgaver_etter_navn():
    assert len(navn_i_koden()) >= 4


@pytest.mark.parametrize("navn", sorted(navn_i_koden()))
def test_hvert_navn_er_en_registrert_oppgave(navn):
    assert oppgave(navn).name == navn


@pytest.mark.django_db
def test_oppgaven_koes_foerst_naar_transaksjonen_er_lagret(
    django_capture_on_commit_callbacks, monkeypatch
):
    koet = []
    monkeypatch.setattr(oppgave("meldinger.tasks.melding_lever"), "delay", koet.append)
    with django_capture_on_commit_callbacks(execute=True) as etter, transaction.atomic():
        etter_commit("meldinger.tasks.melding_lever", 7)
        assert koet == []
    assert len(etter) == 1
    assert koet == [7]
