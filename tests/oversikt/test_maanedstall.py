"""The closed months' message counts (`MeldingerPerMaaned`) give exactly the figures of
counting every message live: every cell of every table, for several selections, also after
messages are sent and answered during the day."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meldinger.models import Melding, Meldingstype
from oversikt.models import MeldingerPerMaaned, OpptaltMaaned
from oversikt.selectors import oversikt_tabeller
from oversikt.services import maanedstall_oppdater
from tests.oversikt.conftest import utvalg
from tests.oversikt.verden import IDAG, _melding


def _utvalgene(v):
    return [
        utvalg(v.a),
        utvalg(v.a, enhet=v.enheter["KE"]),
        utvalg(v.a, fra=date(2025, 4, 1), til=date(2026, 1, 31)),
        utvalg(v.a, fra=date(2026, 1, 15), til=date(2026, 2, 28)),
        utvalg(v.s),
        utvalg(v.b),
    ]


def _alle_celler(u) -> dict:
    return {navn: t.rader for navn, t in oversikt_tabeller(u).items()}


def _live(v) -> list[dict]:
    """Today's computation: no month counted, every message counted live."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(OpptaltMaaned.objects, "filter", lambda **_kw: OpptaltMaaned.objects.none())
        return [_alle_celler(u) for u in _utvalgene(v)]


def test_telling_gir_samme_tall_som_live_ogsaa_etter_endringer_i_dag(v):
    live_for = [_alle_celler(u) for u in _utvalgene(v)]
    assert not OpptaltMaaned.objects.exists()

    maaneder = maanedstall_oppdater()

    assert maaneder >= 2
    assert max(OpptaltMaaned.objects.values_list("maaned", flat=True)) < IDAG.replace(day=1)
    assert MeldingerPerMaaned.objects.exists()
    assert [_alle_celler(u) for u in _utvalgene(v)] == live_for

    # During the day: a message sent today, an old message (a counted month) answered now.
    m = v.enheter["M"]
    _melding(
        Meldingstype.FRITT_NOTAT,
        v.pasienter["Q5"],
        m,
        v.enheter["KE"],
        v.ansatte["lege"],
        timezone.now(),
        svarfrist=IDAG,
    )
    gammel = (
        Melding.objects.filter(sendt__lt=timezone.now().replace(day=1), avsluttet__isnull=True)
        .exclude(svarfrist=None)
        .first()
    )
    assert gammel is not None
    gammel.avsluttet, gammel.status = timezone.now(), Melding.Status.BESVART
    gammel.save()

    med_telling = [_alle_celler(u) for u in _utvalgene(v)]
    assert med_telling == _live(v)
    assert med_telling != live_for


def test_telte_maaneder_leses_ikke_fra_meldingene(v):
    """The counted months come from the counts, not from the messages: a closed month changed
    behind the counting's back (which the services never do) shows until the next count."""
    maanedstall_oppdater()
    u = utvalg(v.a)
    for_ = _alle_celler(u)["trender"]
    Melding.objects.filter(sendt__lt=timezone.now().replace(day=1), svarfrist=None).delete()
    assert _alle_celler(u)["trender"] == for_
    maanedstall_oppdater()
    assert _alle_celler(u)["trender"] != for_


def test_fast_antall_sporringer(v):
    u = utvalg(v.a)
    with CaptureQueriesContext(connection) as uten:
        oversikt_tabeller(u)
    maanedstall_oppdater()
    with CaptureQueriesContext(connection) as med:
        oversikt_tabeller(u)
    assert len(med) == len(uten)
