"""The group's pages across organisations, following the consent, and ending a membership
(the world: tests/ansvarsgruppe/verden.py)."""

from dataclasses import dataclass
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse

from ansvarsgruppe import services
from ansvarsgruppe.models import Mote, Referat
from ansvarsgruppe.selectors import mottakere
from felles.models import Tilgangsgrunnlag
from koordinering import services as koordinering_services
from tests.ansvarsgruppe.verden import (
    I_DAG_KL_10,
    PAAL_EPOST,
    VINTER,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    oppgave,
    skriv_referat,
)
from tests.koordinering.verden import logget, siste_logg_id

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


# 6. Visibility across organisations follows the consent
# ---------------------------------------------------------------------------------------------


@dataclass
class Gruppesider:
    g: Gruppe
    utkast: Mote  # draft minutes
    godkjent: Mote  # approved minutes with their PDF

    def url(self, navn: str) -> str:
        objekt = {
            "ansvarsgruppe-detalj": self.g.gruppe,
            "gruppemedlem-opprett": self.g.gruppe,
            "mote-opprett": self.g.gruppe,
            "mote-detalj": self.utkast,
            "referat-skjema": self.utkast,
            "referat-pdf": self.godkjent,
        }[navn]
        return reverse(f"ansvarsgruppe:{navn}", kwargs={"pk": objekt.pk})


@pytest.fixture
def sider(g, media, django_capture_on_commit_callbacks) -> Gruppesider:
    utkast = innkall(g, VINTER)
    skriv_referat(g, utkast, nye_oppgaver=[oppgave(g.koordinator)])
    godkjent = innkall(g, I_DAG_KL_10)
    with django_capture_on_commit_callbacks(execute=True):
        services.referat_godkjenn(actor=g.actor, referat=skriv_referat(g, godkjent))
    assert Referat.objects.get(mote=godkjent).pdf
    mail.outbox.clear()
    return Gruppesider(g=g, utkast=utkast, godkjent=godkjent)


SIDER = [
    "ansvarsgruppe-detalj",
    "mote-detalj",
    "referat-skjema",
    "referat-pdf",
    "gruppemedlem-opprett",
    "mote-opprett",
]


def hent(client, url: str):
    """The response and its body; the test client closes a streamed file once it is read."""
    response = client.get(url)
    innhold = b"".join(response.streaming_content) if response.streaming else response.content
    return response, innhold


@pytest.mark.parametrize("side", SIDER)
@pytest.mark.parametrize(
    ("brukertype", "forventet"), [("koordinator", 200), ("annen_kommune", 404), ("anonym", 302)]
)
def test_gruppesider_for_egen_koordinator_fremmede_og_anonyme(
    client, sider, side, brukertype, forventet
):
    v = sider.g.v
    bruker = v.brukere[brukertype]
    if bruker is not None:
        client.force_login(bruker)
    url = sider.url(side)
    foer = siste_logg_id()

    response, innhold = hent(client, url)

    assert response.status_code == forventet
    nye = logget(v.pasient, foer)
    if forventet == 200:
        assert len(nye) == 1
        assert (nye[0].bruker, nye[0].grunnlag) == (bruker, Tilgangsgrunnlag.OPPNEVNING)
        if side == "referat-pdf":
            assert innhold.startswith(b"%PDF")
        else:
            assert v.pasient.navn in innhold.decode()
    else:
        assert nye == []
        assert v.pasient.navn.encode() not in innhold
    if forventet == 302:
        assert response["Location"] == f"/logg-inn/?next={url}"


def test_sykehuset_ser_kommunens_gruppe_bare_mens_samtykket_deler(client, sider):
    v = sider.g.v
    client.force_login(v.brukere["sykehuskoordinator"])

    for side in ("ansvarsgruppe-detalj", "mote-detalj", "referat-pdf"):
        foer = siste_logg_id()
        response, innhold = hent(client, sider.url(side))
        assert response.status_code == 200, side
        nye = logget(v.pasient, foer)
        assert [(r.bruker, r.grunnlag) for r in nye] == [
            (v.brukere["sykehuskoordinator"], Tilgangsgrunnlag.SAMTYKKE)
        ]
        assert nye[0].organisasjon == v.sykehus

    # Reading is not editing: the hospital cannot call meetings or write the kommune's minutes.
    for side in ("mote-opprett", "gruppemedlem-opprett", "referat-skjema"):
        foer = siste_logg_id()
        assert client.get(sider.url(side)).status_code == 404, side
        assert logget(v.pasient, foer) == []
    antall_moter = Mote.objects.count()
    response = client.post(
        sider.url("mote-opprett"),
        {"dato": "2026-03-20", "starter": "10:00", "slutter": "11:00", "sted": "Sykehuset"},
    )
    assert response.status_code == 404
    assert Mote.objects.count() == antall_moter

    koordinering_services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=v.samtykke, grunn="Pasienten ønsker ikke deling"
    )
    for side in ("ansvarsgruppe-detalj", "mote-detalj", "referat-pdf"):
        foer = siste_logg_id()
        response, innhold = hent(client, sider.url(side))
        assert response.status_code == 404, side
        assert v.pasient.navn.encode() not in innhold
        assert logget(v.pasient, foer) == []


def test_medlemskap_kan_avsluttes_og_avsluttet_medlem_faar_ikke_innkallinger(g, client):
    client.force_login(g.actor)
    response = client.post(
        reverse("ansvarsgruppe:gruppemedlem-endre", kwargs={"pk": g.paal.pk}),
        {
            "type": "parorende",
            "parorende": g.v.paal.pk,
            "rolle": "Sønn",
            "fra": "2026-01-01",
            "til": "2026-03-10",
        },
    )
    assert response.status_code == 302
    g.paal.refresh_from_db()
    assert g.paal.til == date(2026, 3, 10)
    assert g.paal.history.first().history_user == g.actor
    assert PAAL_EPOST not in mottakere(g.gruppe)


def test_endret_medlem_med_til_foer_fra_avvises_og_lagres_ikke(g, client):
    client.force_login(g.actor)
    response = client.post(
        reverse("ansvarsgruppe:gruppemedlem-endre", kwargs={"pk": g.paal.pk}),
        {"type": "parorende", "parorende": g.v.paal.pk, "fra": "2026-03-10", "til": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "Til-dato kan ikke være før fra-dato." in response.content.decode()
    g.paal.refresh_from_db()
    assert g.paal.til is None
