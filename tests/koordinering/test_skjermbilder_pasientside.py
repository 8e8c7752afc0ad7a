"""The patient page: history, the access log, the full birth number and query counts
(the world: tests/koordinering/verden_skjermbilder.py; the sections: test_pasientside.py)."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from felles.models import Tilgangslogg
from koordinering import services
from koordinering.models import Behovsmelding, Parorende, Pasient
from tests.factories import BehovsmeldingFactory, EnhetFactory, SamtykkeFactory, TilknytningFactory
from tests.koordinering.verden_skjermbilder import (
    Verden,
    bygg_pasient,
    bygg_verden,
    oppnevn_direkte,
    pasient_i,
    pasientdata,
    siste_logg_id,
    tabellrader,
)
from tests.pasientside import hele_pasientsiden, seksjon, seksjon_url
from tests.verden import IDAG, ansatt_i, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def pasient(v) -> Pasient:
    return bygg_pasient(v)


# ---------------------------------------------------------------------------------------------
# The patient page
# ---------------------------------------------------------------------------------------------


def test_pasientsiden_viser_endringshistorikk_etter_endring(client, v, pasient):
    client.force_login(v.kollega.bruker)
    with time_machine.travel(middag(IDAG) + timedelta(hours=1), tick=False):
        response = client.post(
            reverse("koordinering:pasient-endre", kwargs={"pk": pasient.pk}),
            pasientdata(fornavn="Petra", etternavn="Prøvestad", telefon="99887766"),
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk})

    client.force_login(v.koordinator.bruker)
    html = seksjon(client, pasient.pk, "historikk")
    rader = tabellrader(html, "historikk")
    endret = [r for r in rader if "Endret personopplysninger" in r]
    assert len(endret) == 1
    assert v.kollega.bruker.get_full_name() in endret[0]
    # The field's label as the form shows it, and the time in words, in Oslo.
    assert "Fornavn: Petronella → Petra" in endret[0]
    assert "Telefon: – → 99887766" in endret[0]
    assert "11. mars 2026 kl. 13.00" in endret[0]
    assert rader[0] == endret[0]  # newest first
    # Creation of the record is in the history as well, by the one who registered.
    opprettet = [r for r in rader if "Opprettet personopplysninger" in r]
    assert len(opprettet) == 1 and v.kollega.bruker.get_full_name() in opprettet[0]
    # The number itself is not in the history.
    assert pasient.fodselsnummer not in html


def test_ke_ser_tilgangsloggen_koordinatoren_gjoer_ikke(client, v, pasient):
    client.force_login(v.kollega.bruker)
    client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk}))

    client.force_login(v.ke_ansatt.bruker)
    html = seksjon(client, pasient.pk, "tilgangslogg")
    rader = tabellrader(html, "tilgangslogg")
    assert any(
        v.kollega.bruker.get_full_name() in r
        and "Pasientside: Oversikt" in r
        and "Enheten følger pasienten" in r
        for r in rader
    )

    client.force_login(v.koordinator.bruker)
    html = hele_pasientsiden(client, pasient.pk)
    assert 'data-testid="tilgangslogg"' not in html
    assert "?del=tilgangslogg" not in html
    assert client.get(seksjon_url(pasient.pk, "tilgangslogg")).status_code == 404


def test_ke_ser_ikke_andre_organisasjoners_oppslag_i_tilgangsloggen(client, v, pasient):
    sykehusansatt = ansatt_i(v.medisinsk)
    TilknytningFactory(pasient=pasient, enhet=v.medisinsk, fra=IDAG)
    client.force_login(sykehusansatt.bruker)
    assert (
        client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk})).status_code
        == 200
    )
    client.force_login(v.ke_ansatt.bruker)
    rader = tabellrader(seksjon(client, pasient.pk, "tilgangslogg"), "tilgangslogg")
    assert not any(sykehusansatt.bruker.get_full_name() in r for r in rader)


def test_fodselsnummeret_vises_helt_bare_etter_post(client, v, pasient):
    url = reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk})
    fnr = pasient.fodselsnummer
    client.force_login(v.koordinator.bruker)

    html = client.get(url).content.decode()
    assert fnr not in html
    assert f'<span data-testid="fodselsnummer">{fnr[:6]} *****</span>' in html
    assert "Vis hele nummeret" in html

    foer = siste_logg_id()
    response = client.post(url, {"vis": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<span data-testid="fodselsnummer">{fnr}</span>' in html
    assert fnr not in response.wsgi_request.get_full_path()
    assert Tilgangslogg.objects.filter(pk__gt=foer, pasient=pasient).count() == 1

    # GET with vis=1 in the query string does not reveal the number.
    html = client.get(url, {"vis": "1"}).content.decode()
    assert fnr not in html


def lag_pasient_med(v: Verden, antall: int) -> Pasient:
    """A patient connected to Hjemmetjenesten with `antall` relatives, consents (each sharing
    with an organisation and a person), need reports, connections and appointments (one
    active, the rest ended)."""
    pasient = pasient_i(v.hjemme, fornavn=f"Mange{antall}", etternavn="Radesen")
    for i in range(antall):
        Parorende.objects.create(pasient=pasient, navn=f"Pårørende {i}", relasjon="barn")
        ansatt = ansatt_i(v.tildeling)
        SamtykkeFactory(
            pasient=pasient,
            dokumentert_av=ansatt,
            organisasjoner=[v.sykehus],
            personer=[ansatt],
        )
        behov = BehovsmeldingFactory(
            pasient=pasient,
            enhet=v.hjemme,
            meldt_av=v.kollega,
            status=Behovsmelding.Status.OPPNEVNT,
        )
        oppnevn_direkte(
            v,
            ansatt,
            pasient,
            behovsmelding=behov,
            startdato=IDAG - timedelta(days=100),
            sluttdato=None if i == 0 else IDAG - timedelta(days=50),
            sluttgrunn="" if i == 0 else "Byttet",
        )
        if i:
            TilknytningFactory(
                pasient=pasient,
                enhet=EnhetFactory(organisasjon=v.kommune),
                fra=IDAG - timedelta(days=200),
                til=IDAG - timedelta(days=100),
            )
    return pasient


def test_parorende_kan_endres_og_endringen_vises_i_historikken(client, v, pasient):
    parorende = services.parorende_opprett(
        actor=v.kollega.bruker, pasient=pasient, navn="Gammelt Navn", relasjon="barn"
    )
    client.force_login(v.kollega.bruker)
    response = client.post(
        reverse("koordinering:parorende-endre", kwargs={"pk": parorende.pk}),
        {
            "navn": "Nytt Navn",
            "relasjon": "sosken",
            "telefon": "99887766",
            "kan_motta_informasjon": "on",
        },
    )
    assert response.status_code == 302
    parorende.refresh_from_db()
    assert (parorende.navn, parorende.relasjon, parorende.kan_motta_informasjon) == (
        "Nytt Navn",
        "sosken",
        True,
    )
    assert parorende.history.first().history_user == v.kollega.bruker
    assert response["Location"] == seksjon_url(pasient.pk, "samtykker")
    html = seksjon(client, pasient.pk, "historikk")
    assert "Endret pårørende" in html
    assert "Navn: Gammelt Navn → Nytt Navn" in html
    assert "Relasjon: Barn → Søsken" in html
    assert "Kan motta informasjon: Nei → Ja" in html
