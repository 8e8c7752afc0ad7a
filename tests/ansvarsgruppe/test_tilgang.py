"""Who may open which ansvarsgruppe, meeting and minutes URL: the same world and user kinds as
the patient matrix in tests/koordinering/test_tilgangsmatrise.py, with a group, a meeting, draft
minutes with an action item, and a second meeting with approved minutes and their PDF. The
world is built once for the module: what a request changes is rolled back after each test."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from ansvarsgruppe import services
from ansvarsgruppe.models import Ansvarsgruppe, Mote, Oppgave, Referat
from ansvarsgruppe.tasks import pdf_referat
from tests.koordinering.verden import (
    BRUKERTYPER,
    GRUNNLAG,
    Verden,
    bygg_verden,
    klient_for,
    logget,
    siste_logg_id,
)
from tests.verden import OSLO, en_gang_per_modul, klokken

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@dataclass
class Gruppeverden:
    v: Verden
    gruppe: Ansvarsgruppe
    mote: Mote
    godkjent_mote: Mote
    oppgave: Oppgave
    medlem: object


def _mote(koordinator, gruppe, dager: int) -> Mote:
    """A meeting `dager` days from today (called a week ahead: a past time is refused)."""
    start = datetime.combine(timezone.localdate() + timedelta(days=dager), time(10), tzinfo=OSLO)
    with klokken(min(start - timedelta(days=7), timezone.now())):
        return services.mote_innkall(
            actor=koordinator,
            gruppe=gruppe,
            start=start,
            slutt=start + timedelta(hours=1),
            sted="Møterom 1",
            sakspunkter=[("Status", None)],
        )


@pytest.fixture(scope="module")
def g(django_db_setup, django_db_blocker):
    yield from en_gang_per_modul(django_db_blocker, bygg_gruppeverden)


def bygg_gruppeverden() -> Gruppeverden:
    v = bygg_verden()
    koordinator = v.brukere["koordinator"]
    gruppe = services.ansvarsgruppe_opprett(actor=koordinator, pasient=v.pasient)
    medlem = gruppe.medlemmer.get(ansatt=koordinator.ansatt)
    mote = _mote(koordinator, gruppe, 7)
    referat = services.referat_lagre(
        actor=koordinator,
        mote=mote,
        til_stede=[medlem],
        notater={},
        nye_oppgaver=[
            {
                "beskrivelse": "Ring fastlegen",
                "ansvarlig": medlem,
                "frist": timezone.localdate() + timedelta(days=14),
            }
        ],
    )
    godkjent_mote = _mote(koordinator, gruppe, -1)  # minutes are approved after the meeting
    godkjent = services.referat_lagre(
        actor=koordinator, mote=godkjent_mote, til_stede=[medlem], notater={}, nye_oppgaver=[]
    )
    services.referat_godkjenn(actor=koordinator, referat=godkjent)
    pdf_referat(godkjent.pk)
    return Gruppeverden(v, gruppe, mote, godkjent_mote, referat.oppgaver.get(), medlem)


# Which object each URL takes, and whether the view only accepts POST.
URLER = {
    "ansvarsgruppe-opprett": ("pasient", "POST"),
    "mote-med-kommunen": ("pasient", "GET"),
    "ansvarsgruppe-detalj": ("gruppe", "GET"),
    "gruppemedlem-opprett": ("gruppe", "GET"),
    "gruppemedlem-endre": ("medlem", "GET"),
    "gruppemedlem-avslutt": ("medlem", "GET"),
    "mote-opprett": ("gruppe", "GET"),
    "mote-detalj": ("mote", "GET"),
    "mote-endre": ("mote", "GET"),
    "mote-avlys": ("mote", "GET"),
    "innkallingsbrev": ("mote", "GET"),
    "referat-skjema": ("mote", "GET"),
    "referat-godkjenn": ("mote", "POST"),
    "referat-ny-revisjon": ("godkjent_mote", "POST"),
    "referat-pdf": ("godkjent_mote", "GET"),
    "oppgave-utfort": ("oppgave", "POST"),
    "oppgave-gjenaapne": ("oppgave", "POST"),
    "referat-autolagre": ("mote", "POST"),
    "referat-oppgaverad": ("mote", "GET"),
    "neste-mote-innkall": ("godkjent_mote", "POST"),
    "motesvar": ("mote", "POST"),
    "mote-ics": ("mote", "GET"),
}

# 200: shown (and logged). 302: a permitted action that redirects back (anonymous: login).
# The group belongs to kommune A: its staff with an appointment or a connected unit edit, the
# KE reads; anyone else — same organisation without a relationship, kommune B, the hospital
# without a consent that shares with it — gets 404.
# fmt: off
ANSVARSGRUPPE_MATRISE = {
    #                        koordinator kollega  ke   leder fremmed kommune_b sykehus anonym
    "ansvarsgruppe-opprett": (302,       302,    404,  302,  404,    404,      404,    302),
    "mote-med-kommunen":     (200,       200,    404,  200,  404,    404,      404,    302),
    "ansvarsgruppe-detalj":  (200,       200,    200,  200,  404,    404,      404,    302),
    "gruppemedlem-opprett":  (200,       200,    404,  200,  404,    404,      404,    302),
    "gruppemedlem-endre":    (200,       200,    404,  200,  404,    404,      404,    302),
    "gruppemedlem-avslutt":  (200,       200,    404,  200,  404,    404,      404,    302),
    "mote-opprett":          (200,       200,    404,  200,  404,    404,      404,    302),
    "mote-detalj":           (200,       200,    200,  200,  404,    404,      404,    302),
    "mote-endre":            (200,       200,    404,  200,  404,    404,      404,    302),
    "mote-avlys":            (200,       200,    404,  200,  404,    404,      404,    302),
    "innkallingsbrev":       (200,       200,    200,  200,  404,    404,      404,    302),
    "referat-skjema":        (200,       200,    404,  200,  404,    404,      404,    302),
    "referat-godkjenn":      (302,       302,    404,  302,  404,    404,      404,    302),
    "referat-ny-revisjon":   (302,       302,    404,  302,  404,    404,      404,    302),
    "referat-pdf":           (200,       200,    200,  200,  404,    404,      404,    302),
    "oppgave-utfort":        (302,       404,    404,  404,  404,    404,      404,    302),
    "oppgave-gjenaapne":     (302,       302,    404,  302,  404,    404,      404,    302),
    "referat-autolagre":     (200,       200,    404,  200,  404,    404,      404,    302),
    "referat-oppgaverad":    (200,       200,    404,  200,  404,    404,      404,    302),
    "neste-mote-innkall":    (302,       302,    404,  302,  404,    404,      404,    302),
    "motesvar":              (302,       404,    404,  404,  404,    404,      404,    302),
    "mote-ics":              (200,       200,    200,  200,  404,    404,      404,    302),
}
# fmt: on
# Answers that carry no patient data (a saved draft's status line, the .ics with time, place and
# «Ansvarsgruppemøte» only): shown without an access-log row.
UTEN_PASIENTDATA = {"referat-autolagre", "mote-ics"}


def _url(g: Gruppeverden, url_navn: str) -> str:
    navn = URLER[url_navn][0]
    objekt = g.v.pasient if navn == "pasient" else getattr(g, navn)
    return reverse(f"ansvarsgruppe:{url_navn}", kwargs={"pk": objekt.pk})


@pytest.mark.parametrize(
    ("url_navn", "brukertype", "forventet"),
    [
        pytest.param(url_navn, brukertype, forventet, id=f"{url_navn}-{brukertype}-{forventet}")
        for url_navn, rad in ANSVARSGRUPPE_MATRISE.items()
        for brukertype, forventet in zip(BRUKERTYPER, rad, strict=True)
    ],
)
def test_ansvarsgruppematrise(client, g, url_navn, brukertype, forventet):
    bruker = g.v.brukere[brukertype]
    klient_for(client, bruker)
    url = _url(g, url_navn)
    foer = siste_logg_id()
    referater_foer = list(Referat.objects.values_list("pk", "status", "revisjon"))

    response = client.post(url, {}) if URLER[url_navn][1] == "POST" else client.get(url)

    assert response.status_code == forventet
    nye = logget(g.v.pasient, foer)
    if forventet == 200 and url_navn in UTEN_PASIENTDATA:
        assert nye == []
        body = response.content.decode()
        assert g.v.pasient.navn not in body and g.v.pasient.fodselsnummer not in body
    elif forventet == 200:
        assert len(nye) == 1, [(r.dokument, r.grunnlag) for r in nye]
        assert (nye[0].bruker, nye[0].grunnlag) == (bruker, GRUNNLAG[brukertype])
    else:
        assert nye == []
    if forventet == 302 and bruker is None:
        assert response["Location"] == f"/logg-inn/?next={url}"
    elif forventet == 302:
        assert not response["Location"].startswith("/logg-inn/")
    if forventet == 404:
        body = response.content.decode()
        assert g.v.pasient.navn not in body and g.v.pasient.fodselsnummer not in body
        # Nothing about the minutes changed for someone who may not touch them.
        assert list(Referat.objects.values_list("pk", "status", "revisjon")) == referater_foer


def test_matrisen_dekker_alle_ansvarsgruppe_urler():
    assert set(ANSVARSGRUPPE_MATRISE) == set(URLER)
