"""Action items on the dashboard: shown to the one responsible, gone when the consent is
withdrawn, and no query per item (the world:
tests/ansvarsgruppe/verden.py)."""

import re
from datetime import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ansvarsgruppe.models import Oppgave
from koordinering import services as koordinering_services
from tests.ansvarsgruppe.verden import (
    I_DAG_KL_10,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    oppgave,
    skriv_referat,
)
from tests.verden import OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


# ---------------------------------------------------------------------------------------------
# 10. Action items on the dashboard
# ---------------------------------------------------------------------------------------------


def mine_oppgaver_tabell(html: str) -> str:
    """The action-item rows of the start page's «Dette må du gjøre» (issue 13 put every kind of
    deadline in one table)."""
    treff = re.search(r'data-testid="mine-frister".*?</table>', html, re.S)
    if not treff:
        return ""
    return "".join(re.findall(r'<tr data-type="oppgave">.*?</tr>', treff.group(0), re.S))


def test_oppfolgingspunkt_paa_den_ansvarliges_startside(client, g):
    mote = innkall(g, I_DAG_KL_10)
    skriv_referat(
        g,
        mote,
        nye_oppgaver=[
            oppgave(g.koordinator, "Søke om trygghetsalarm", dager=7),
            oppgave(g.paal, "Kjøpe brodder", dager=3),
        ],
    )
    punkt = Oppgave.objects.get(beskrivelse="Søke om trygghetsalarm")

    client.force_login(g.actor)
    tabell = mine_oppgaver_tabell(client.get("/").content.decode())
    assert "Søke om trygghetsalarm" in tabell
    assert "18.03.2026" in tabell
    assert "Forfalt" not in tabell
    assert g.v.pasient.navn in tabell
    assert "Kjøpe brodder" not in tabell  # Pål's, not the koordinator's

    with time_machine.travel(datetime(2026, 3, 20, 12, 0, tzinfo=OSLO), tick=False):
        client.force_login(g.actor)
        tabell = mine_oppgaver_tabell(client.get("/").content.decode())
        assert "Søke om trygghetsalarm" in tabell
        assert "18.03.2026" in tabell and "Forfalt for 2 dager siden" in tabell

    for annen in ("kollega", "sykehuskoordinator", "annen_kommune"):
        client.force_login(g.v.brukere[annen])
        html = client.get("/").content.decode()
        assert "Søke om trygghetsalarm" not in html, annen

    url = reverse("ansvarsgruppe:oppgave-utfort", kwargs={"pk": punkt.pk})
    for annen in ("kollega", "sykehuskoordinator", "annen_kommune"):
        client.force_login(g.v.brukere[annen])
        assert client.post(url).status_code == 404, annen
    punkt.refresh_from_db()
    assert punkt.status == Oppgave.Status.AAPEN

    client.force_login(g.actor)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:start")
    punkt.refresh_from_db()
    assert punkt.status == Oppgave.Status.UTFORT
    assert punkt.history.first().history_user == g.actor
    assert "Søke om trygghetsalarm" not in client.get("/").content.decode()
    assert client.post(url).status_code == 404  # already done


# ---------------------------------------------------------------------------------------------
# 12. The dashboard does not run a query per action item
# ---------------------------------------------------------------------------------------------


def test_startsidens_antall_sporringer_avhenger_ikke_av_antall_oppgaver(client, g):
    def legg_til_oppgaver(antall: int, start: datetime) -> None:
        mote = innkall(g, start)
        skriv_referat(
            g,
            mote,
            nye_oppgaver=[
                oppgave(g.koordinator, f"Oppgave {start:%H}-{i}", i) for i in range(antall)
            ],
        )

    def sporringer() -> int:
        with CaptureQueriesContext(connection) as sporringer:
            response = client.get("/")
        assert response.status_code == 200
        return len(sporringer), mine_oppgaver_tabell(response.content.decode()).count("<tr ")

    legg_til_oppgaver(2, datetime(2026, 3, 11, 8, 0, tzinfo=OSLO))
    client.force_login(g.actor)
    client.get("/")  # warm up
    med_to, rader = sporringer()
    assert rader == 2

    legg_til_oppgaver(5, datetime(2026, 3, 11, 9, 0, tzinfo=OSLO))
    legg_til_oppgaver(5, datetime(2026, 3, 11, 10, 0, tzinfo=OSLO))
    med_tolv, rader = sporringer()
    assert rader == 12
    assert med_tolv == med_to


def test_oppgave_forsvinner_fra_sykehusets_dashbord_naar_samtykket_trekkes(g, client):
    mote = innkall(g, datetime(2026, 3, 18, 10, 0, tzinfo=OSLO))
    referat = skriv_referat(g, mote, nye_oppgaver=[oppgave(g.sykehus, "Sende epikrise")])
    sykehuskoordinator = g.v.brukere["sykehuskoordinator"]
    client.force_login(sykehuskoordinator)
    assert "Sende epikrise" in client.get("/").content.decode()

    koordinering_services.samtykke_trekk_tilbake(
        actor=g.actor, samtykke=g.v.samtykke, grunn="Ønsker ikke deling"
    )
    client.force_login(sykehuskoordinator)
    assert "Sende epikrise" not in client.get("/").content.decode()
    oppgaven = referat.oppgaver.get()
    assert client.post(f"/oppgaver/{oppgaven.pk}/utfort/").status_code == 404
    oppgaven.refresh_from_db()
    assert oppgaven.status == Oppgave.Status.AAPEN
