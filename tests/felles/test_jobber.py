"""Services queue Celery tasks by name (`felles.jobber.etter_commit`): every name in the code
must be a registered task, or the work would be lost at the first commit."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction

from felles.jobber import etter_commit, foreldet_etter, jobb_ferdig, jobber_sveip, oppgave
from felles.models import Jobb

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
    monkeypatch.setattr(
        oppgave("meldinger.tasks.melding_lever"),
        "apply_async",
        lambda args, task_id: koet.append((args, task_id)),
    )
    with django_capture_on_commit_callbacks(execute=True) as etter, transaction.atomic():
        jobb = etter_commit("meldinger.tasks.melding_lever", 7)
        assert koet == []
        # The job is recorded in the same transaction as the change that needs it.
        assert Jobb.objects.get().navn == "meldinger.tasks.melding_lever"
    assert len(etter) == 1
    assert koet == [([7], str(jobb.pk))]
    jobb.refresh_from_db()
    assert jobb.tilstand == Jobb.Tilstand.VENTER and jobb.forsok == 1 and jobb.koet


@pytest.mark.django_db
def test_koen_nede_lar_jobben_vente_og_sveipet_sender_den_igjen(
    django_capture_on_commit_callbacks, monkeypatch, settings
):
    from kombu.exceptions import OperationalError

    oppg = oppgave("meldinger.tasks.melding_lever")
    monkeypatch.setitem(oppg.app.conf, "task_always_eager", False)

    def nede(**_):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(oppg, "apply_async", nede)
    with django_capture_on_commit_callbacks(execute=True):
        jobb = etter_commit("meldinger.tasks.melding_lever", 7)
    jobb.refresh_from_db()
    # A publish that failed is not a send: the row waits as if never sent.
    assert jobb.tilstand == Jobb.Tilstand.VENTER and jobb.forsok == 0 and jobb.koet is None

    sendt = []
    monkeypatch.setattr(oppg, "apply_async", lambda **kw: sendt.append(kw))
    # The broker is back: the next sweep sends it at once, with the same task id.
    assert jobber_sveip() == {"sendt": 1, "gitt_opp": 0}
    assert sendt == [{"args": [7], "task_id": str(jobb.pk)}]
    jobb.refresh_from_db()
    assert jobb.forsok == 1
    # Sent a moment ago: not stale yet. Past its time limit: sent again, same task id.
    assert jobber_sveip(naa=jobb.koet)["sendt"] == 0
    senere = jobb.koet + foreldet_etter(jobb.navn) + timedelta(seconds=1)
    assert jobber_sveip(naa=senere) == {"sendt": 1, "gitt_opp": 0}
    assert sendt[-1] == {"args": [7], "task_id": str(jobb.pk)}

    # The broker down again for a long time: failed sweeps never use up the attempts.
    monkeypatch.setattr(oppg, "apply_async", nede)
    for _ in range(5):
        assert jobber_sveip(naa=senere + timedelta(hours=1)) == {"sendt": 0, "gitt_opp": 0}
    jobb.refresh_from_db()
    assert jobb.forsok == 2 and jobb.tilstand == Jobb.Tilstand.VENTER

    settings.JOBB_MAKS_FORSOK = 2
    assert jobber_sveip(naa=senere + timedelta(hours=1)) == {"sendt": 0, "gitt_opp": 1}
    assert Jobb.objects.get().tilstand == Jobb.Tilstand.GITT_OPP


@pytest.mark.django_db
def test_jobben_merkes_ferdig_en_gang_og_en_kopi_gjor_ingenting(monkeypatch):
    kjort = []
    oppg = oppgave("meldinger.tasks.melding_lever")
    monkeypatch.setattr(oppg, "run", lambda melding_id: kjort.append(melding_id) or True)
    jobb = Jobb.objects.create(navn=oppg.name, args=[7])
    oppg.apply(args=[7], task_id=str(jobb.pk))
    oppg.apply(args=[7], task_id=str(jobb.pk))  # the sweep's copy, or a redelivery
    assert kjort == [7]
    jobb.refresh_from_db()
    assert jobb.tilstand == Jobb.Tilstand.FERDIG and jobb.ferdig
    assert jobb_ferdig(jobb.pk) is False
