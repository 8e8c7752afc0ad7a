"""No duplicates and nothing that cannot be undone in the ansvarsgruppe: adding a member with
a submission token happens once, a membership is ended with a date (history kept), an action
item marked done can be reopened, and the koordinator's mandate is shown to the group (the
world: tests/ansvarsgruppe/verden.py)."""

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansvarsgruppe import services
from ansvarsgruppe.models import Gruppemedlem, Oppgave
from koordinering import services as koordinering_services
from tests.ansvarsgruppe.verden import (
    I_DAG_KL_10,
    IDAG,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    oppgave,
    skriv_referat,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


def test_samme_token_gir_ett_medlem(client, g):
    token = uuid.uuid4()
    felter = {"type": Gruppemedlem.Type.EKSTERN, "navn": "Skole", "epost": "skole@example.org"}
    a = services.medlem_legg_til(actor=g.actor, gruppe=g.gruppe, innsending_id=token, **felter)
    b = services.medlem_legg_til(actor=g.actor, gruppe=g.gruppe, innsending_id=token, **felter)
    assert a == b and g.gruppe.medlemmer.filter(navn="Skole").count() == 1

    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:gruppemedlem-opprett", args=[g.gruppe.pk])
    token = client.get(url).context["form"].initial["innsending_id"]
    data = {
        "type": "ekstern",
        "navn": "Helsestasjonen",
        "epost": "hs@example.org",
        "fra": IDAG.isoformat(),
        "innsending_id": token,
    }
    forste, andre = client.post(url, data), client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    assert forste["Location"] == andre["Location"]
    assert g.gruppe.medlemmer.filter(navn="Helsestasjonen").count() == 1


def test_medlemskap_avsluttes_med_dato_og_historikk(client, g):
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:gruppemedlem-avslutt", args=[g.nav.pk])
    assert "Nils Navesen" in client.get(url).content.decode()
    response = client.post(url, {"til": IDAG.isoformat()})
    assert response.status_code == 302
    medlem = Gruppemedlem.objects.get(pk=g.nav.pk)
    assert medlem.til == IDAG
    assert [h.til for h in medlem.history.order_by("history_id")] == [None, IDAG]
    side = client.get(reverse("ansvarsgruppe:ansvarsgruppe-detalj", args=[g.gruppe.pk]))
    assert "Nils Navesen" in side.content.decode()  # still listed, with its dates
    with pytest.raises(ValidationError) as feil:
        services.medlem_avslutt(actor=g.actor, medlem=medlem, til=IDAG)
    assert feil.value.messages == ["Medlemskapet er allerede avsluttet."]


def test_til_dato_foer_fra_gir_norsk_melding_og_ingen_endring(client, g):
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:gruppemedlem-avslutt", args=[g.nav.pk])
    response = client.post(url, {"til": (IDAG - timedelta(days=400)).isoformat()})
    assert response.status_code == 200
    assert "Til-dato kan ikke være før medlemmet ble med" in response.content.decode()
    assert Gruppemedlem.objects.get(pk=g.nav.pk).til is None
    assert g.nav.history.count() == 1


def test_fremmed_kan_ikke_avslutte_medlemskap(client, v, g):
    fremmed = v.brukere["annen_kommune"]
    with pytest.raises(PermissionDenied):
        services.medlem_avslutt(actor=fremmed, medlem=g.nav, til=IDAG)
    client.force_login(fremmed)
    url = reverse("ansvarsgruppe:gruppemedlem-avslutt", args=[g.nav.pk])
    assert client.post(url, {"til": IDAG.isoformat()}).status_code == 404
    assert Gruppemedlem.objects.get(pk=g.nav.pk).til is None


def _utfort_oppgave(g: Gruppe) -> Oppgave:
    referat = skriv_referat(
        g, innkall(g, I_DAG_KL_10), nye_oppgaver=[oppgave(g.koordinator, "Søke om alarm")]
    )
    punkt = referat.oppgaver.get()
    services.oppgave_utfort(actor=g.actor, oppgave=punkt)
    return Oppgave.objects.get(pk=punkt.pk)


def test_utfort_oppgave_kan_gjenaapnes(client, g):
    punkt = _utfort_oppgave(g)
    client.force_login(g.actor)
    side = client.get(reverse("ansvarsgruppe:ansvarsgruppe-detalj", args=[g.gruppe.pk]))
    assert reverse("ansvarsgruppe:oppgave-gjenaapne", args=[punkt.pk]) in side.content.decode()
    response = client.post(reverse("ansvarsgruppe:oppgave-gjenaapne", args=[punkt.pk]))
    assert response.status_code == 302
    punkt.refresh_from_db()
    assert punkt.status == Oppgave.Status.AAPEN
    assert [h.status for h in punkt.history.order_by("history_id")] == [
        "aapen",
        "utfort",
        "aapen",
    ]
    with pytest.raises(ValidationError) as feil:
        services.oppgave_gjenaapne(actor=g.actor, oppgave=punkt)
    assert feil.value.messages == ["Oppfølgingspunktet er ikke markert som utført."]


def test_fremmed_kan_ikke_gjenaapne(client, v, g):
    punkt = _utfort_oppgave(g)
    fremmed = v.brukere["annen_kommune"]
    with pytest.raises(PermissionDenied):
        services.oppgave_gjenaapne(actor=fremmed, oppgave=punkt)
    client.force_login(fremmed)
    assert (
        client.post(reverse("ansvarsgruppe:oppgave-gjenaapne", args=[punkt.pk])).status_code == 404
    )
    assert Oppgave.objects.get(pk=punkt.pk).status == Oppgave.Status.UTFORT


def test_gruppen_ser_koordinatorens_mandat_og_om_det_er_akseptert(client, v, g):
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:ansvarsgruppe-detalj", args=[g.gruppe.pk])
    html = client.get(url).content.decode()
    assert "Koordinatorens mandat" in html
    assert v.kommune_oppnevning.mandat.splitlines()[0] in html
    assert "Mandatet er ikke akseptert ennå" in html
    koordinering_services.oppnevning_mandat_aksepter(actor=g.actor, oppnevning=v.kommune_oppnevning)
    assert "Mandatet er akseptert" in client.get(url).content.decode()
