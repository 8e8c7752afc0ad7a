"""«Mine møter», the .ics per meeting and the personal calendar feed (issue 13, item 4): only
my meetings, with my answer; the calendar carries time, place and «Ansvarsgruppemøte» only;
a revoked feed answers 404 (the world: tests/ansvarsgruppe/verden.py)."""

from datetime import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ansvarsgruppe import services
from tests.ansvarsgruppe.verden import VINTER, bygg_gruppe, bygg_verden, innkall
from tests.verden import OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]
MINE = reverse("ansvarsgruppe:mine-moter")


@pytest.fixture
def g():
    return bygg_gruppe(bygg_verden())


def test_ukeliste_viser_mine_moter_med_svar_og_ikke_andres(client, g):
    mote = innkall(g, VINTER, saker=("Mål: Gå til butikken alene",))
    innkall(g, datetime(2026, 4, 15, 10, tzinfo=OSLO))  # another month
    client.force_login(g.actor)
    html = client.get(MINE, {"dato": "2026-03-18"}).content.decode()
    assert "Ansvarsgruppemøte for Åse Ørnebæk" in html and "Møterom Ørnen, rådhuset" in html
    assert "Mitt svar: Ikke svart" in html
    client.post(reverse("ansvarsgruppe:motesvar", kwargs={"pk": mote.pk}), {"svar": "kommer"})
    html = client.get(MINE, {"dato": "2026-03-18"}).content.decode()
    assert "Mitt svar: Kommer" in html and html.count('data-testid="mote"') == 1
    maned = client.get(MINE, {"visning": "maned", "dato": "2026-04-01"}).content.decode()
    assert "April 2026" in maned and maned.count('data-testid="mote"') == 1
    # Someone not in the group sees none of it, and may not download or answer.
    client.force_login(g.v.brukere["annen_kommune"])
    html = client.get(MINE, {"dato": "2026-03-18"}).content.decode()
    assert "Ørnebæk" not in html and "Ingen møter denne uken." in html
    assert client.get(reverse("ansvarsgruppe:mote-ics", kwargs={"pk": mote.pk})).status_code == 404


def test_mine_moter_har_konstant_antall_sporringer(client, g, django_assert_max_num_queries):
    client.force_login(g.actor)
    innkall(g, VINTER)
    with CaptureQueriesContext(connection) as en:
        client.get(MINE, {"visning": "maned", "dato": "2026-03-01"})
    for dag in (19, 20, 23, 24):
        innkall(g, datetime(2026, 3, dag, 10, tzinfo=OSLO))
    with django_assert_max_num_queries(len(en.captured_queries)):
        svar = client.get(MINE, {"visning": "maned", "dato": "2026-03-01"})
    assert svar.content.decode().count('data-testid="mote"') == 5


def test_ics_og_feed_har_ingen_helseopplysninger_og_trukket_feed_gir_404(client, g):
    mote = innkall(g, VINTER, saker=("Mål: Gå til butikken alene",))
    client.force_login(g.actor)
    ics = client.get(reverse("ansvarsgruppe:mote-ics", kwargs={"pk": mote.pk}))
    assert ics["Content-Type"].startswith("text/calendar")
    token = services.kalenderabonnement_lag(actor=g.actor)
    # A calendar app has no login: the secret in the URL is the key.
    feed = Client().get(reverse("ansvarsgruppe:kalender-feed", kwargs={"token": token}))
    assert feed.status_code == 200
    for innhold in (ics.content.decode(), feed.content.decode()):
        tekst = innhold.replace("\r\n ", "")
        assert "SUMMARY:Ansvarsgruppemøte" in tekst
        assert "LOCATION:Møterom Ørnen\\, rådhuset" in tekst
        for hemmelig in ("Ørnebæk", "Åse", g.v.pasient.fodselsnummer, "butikken", "ATTENDEE"):
            assert hemmelig not in tekst
    ny = services.kalenderabonnement_lag(actor=g.actor)  # regenerated: the old URL is dead
    assert (
        client.get(reverse("ansvarsgruppe:kalender-feed", kwargs={"token": token})).status_code
        == 404
    )
    client.post(reverse("ansvarsgruppe:kalenderabonnement"), {"handling": "trekk"})
    assert (
        client.get(reverse("ansvarsgruppe:kalender-feed", kwargs={"token": ny})).status_code == 404
    )
