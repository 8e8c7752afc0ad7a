"""The KE's log views group the rows readably: per patient and day on a staff member's log, per
staff member and day on the patient page, with counts and the time span; the patient page's
log links to the patient's access (innsyn and sperring)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from tests.factories import EnhetFactory, PasientFactory, TilknytningFactory
from tests.koordinering.verden_skjermbilder import tabellrader
from tests.pasientside import seksjon
from tests.verden import IDAG, NAA, ansatt_i

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def w(db):
    h = EnhetFactory(navn="Hjemmetjenesten")
    ke = ansatt_i(EnhetFactory(organisasjon=h.organisasjon, ke=True), leder=True)
    koord = ansatt_i(h, bruker__first_name="Kåre", bruker__last_name="Hansen")
    pasient = PasientFactory(fornavn="Per", etternavn="Pettersen")
    TilknytningFactory(pasient=pasient, enhet=h, fra=IDAG - timedelta(days=30))
    for minutter, dokument in ((0, "Pasientside: Oversikt"), (20, "Pasientside: Plan")):
        Tilgangslogg.objects.create(
            bruker=koord.bruker,
            brukernavn="Kåre Hansen",
            rolle="Sykepleier",
            organisasjon=h.organisasjon,
            pasient=pasient,
            dokument=dokument,
            grunnlag=Tilgangsgrunnlag.ENHET,
            tidspunkt=NAA - timedelta(hours=2) + timedelta(minutes=minutter),
        )
    Tilgangslogg.objects.create(
        bruker=koord.bruker,
        brukernavn="Kåre Hansen",
        rolle="Sykepleier",
        organisasjon=h.organisasjon,
        pasient=pasient,
        dokument="Pasientside: Oversikt",
        grunnlag=Tilgangsgrunnlag.ENHET,
        handling=Handling.VIST,
        tidspunkt=NAA - timedelta(days=1),
    )
    return ke, koord, pasient


def test_ansattens_logg_har_en_linje_per_pasient_og_dag(client, w):
    ke, koord, pasient = w
    client.force_login(ke.bruker)
    svar = client.get(reverse("koordinering:tilgangslogg-ansatt", kwargs={"pk": koord.pk}))
    rader = tabellrader(svar.content.decode(), "tilgangslogg")
    assert len(rader) == 2
    assert "11.03.2026" in rader[0] and "Per Pettersen" in rader[0]
    assert "10:00–10:20" in rader[0] and "2 ulike sider" in rader[0] and "Lest" in rader[0]
    assert "10.03.2026" in rader[1] and "Pasientside: Oversikt" in rader[1]


def test_pasientsidens_logg_har_en_linje_per_ansatt_og_dag_og_lenke_til_innsyn(client, w):
    ke, _koord, pasient = w
    client.force_login(ke.bruker)
    html = seksjon(client, pasient.pk, "tilgangslogg")
    rader = [r for r in tabellrader(html, "tilgangslogg") if "Kåre Hansen" in r]
    assert len(rader) == 2
    assert "Enheten følger pasienten" in rader[0] and "10:00–10:20" in rader[0]
    assert reverse("koordinering:pasient-tilgang", kwargs={"pk": pasient.pk}) in html
