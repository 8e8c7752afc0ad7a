"""The demo's citizens (demo/minplan_innbyggere.py), as `make run-helseid` offers them at the
local ID-porten: each gets exactly the people and areas README promises."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.minplan_innbyggere import GEIR, HANNE, PER, innbygger_nummer
from individuellplan.models import PlanVersjon
from minplan.models import Omraade
from minplan.tilgang import Avvist, tilganger
from tests.oidc_leverandor import demo_brukere

pytestmark = pytest.mark.django_db


def _tilganger(innbygger):
    return tilganger(pid=innbygger_nummer(innbygger), idag=timezone.localdate())


def test_mor_handler_for_to_barn_som_begge_har_en_publisert_plan(settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    barn = _tilganger(HANNE)
    assert sorted(t.pasient.fornavn for t in barn) == ["Emma", "Jonas"]
    assert all(t.kan(Omraade.SAMTYKKE) for t in barn)
    for t in barn:
        assert PlanVersjon.objects.filter(plan__pasient=t.pasient).count() == 1
    fullmektig = _tilganger(PER)
    assert [t.pasient.fornavn for t in fullmektig] == ["Astrid"]
    assert fullmektig[0].omraader == {Omraade.PLAN, Omraade.MOTER}
    with pytest.raises(Avvist, match="utlopt"):
        _tilganger(GEIR)
    # The local ID-porten offers each of them by the `sub` README names.
    tilbudt = {b.sub: b.claims.get("pid") for b in demo_brukere()}
    for innbygger in (HANNE, PER, GEIR):
        assert tilbudt[innbygger.sub] == innbygger_nummer(innbygger)
    assert "jonas" in tilbudt and "astrid" in tilbudt
