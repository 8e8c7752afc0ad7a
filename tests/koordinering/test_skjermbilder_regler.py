"""The rules as the forms show and enforce them: appointment dates (`regler`), what a
kontaktlege is not asked for, and which needs and fields the need form offers for whom. Each
refused submission: the form again (400 on the leader's screen), the Norwegian message, nothing
written (the world:
tests/koordinering/verden_skjermbilder.py; today is Wednesday 11 March 2026)."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse

from koordinering.forms import BehovsmeldingForm, OppnevningForm
from koordinering.models import Ansatt, Behovsmelding, Enhet, Oppnevning, Pasient
from tests.factories import BehovsmeldingFactory, PasientFactory, TilknytningFactory
from tests.koordinering.verden_skjermbilder import (
    Verden,
    bygg_pasient,
    bygg_verden,
    pasient_i,
    tilstand,
)
from tests.verden import IDAG, fodselsnummer, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

MELDT = date(2026, 3, 3)


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


def koordinatorbehov(v: Verden) -> Behovsmelding:
    return BehovsmeldingFactory(
        pasient=pasient_i(v.hjemme), enhet=v.hjemme, meldt_av=v.kollega, opprettet=middag(MELDT)
    )


def kontaktlegebehov(v: Verden) -> Behovsmelding:
    return BehovsmeldingFactory(
        kontaktlege=True,
        pasient=pasient_i(v.medisinsk),
        enhet=v.medisinsk,
        kontaktdato=MELDT,
        opprettet=middag(MELDT),
    )


def oppnevn(client, behov: Behovsmelding, **data):
    return client.post(reverse("koordinering:behov-oppnevn", kwargs={"pk": behov.pk}), data)


def barn_i(enhet: Enhet) -> Pasient:
    pasient = PasientFactory(fodselsnummer=fodselsnummer(date(2015, 6, 1), 600))
    TilknytningFactory(pasient=pasient, enhet=enhet, fra=IDAG - timedelta(days=30))
    return pasient


def behovsvalg(html: str) -> set[str]:
    return set(re.findall(r'name="behov" value="([a-z_]+)"', html))


# --- the appointment form --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("felter", "melding"),
    [
        (
            {"startdato": "2026-03-02"},
            "Startdato kan ikke være før behovet ble meldt (03.03.2026).",
        ),
        (
            {"startdato": "2026-04-11"},
            "Startdato kan ikke være mer enn 30 dager fram i tid (senest 10.04.2026).",
        ),
        (
            {"startdato": "2026-03-05", "pasient_informert_dato": "2026-03-04"},
            "Datoen pasienten ble informert kan ikke være før startdato (05.03.2026).",
        ),
        (
            {"startdato": "2026-03-05", "pasient_informert_dato": "2026-03-12"},
            "Datoen pasienten ble informert kan ikke være fram i tid (i dag er 11.03.2026).",
        ),
        ({"startdato": "2026-03-05", "mandat": ""}, "Feltet er påkrevet."),
    ],
)
def test_oppnevningsskjemaet_avviser_usanne_datoer(client, v, felter, melding):
    behov = koordinatorbehov(v)
    client.force_login(v.leder.bruker)
    foer = tilstand()
    data = {"ansatt": v.kollega.pk, "mandat": "Samordne", "pasientens_onsker_hort": "on"}
    response = oppnevn(client, behov, **(data | felter))
    assert response.status_code == 400
    assert melding in response.content.decode()
    assert tilstand() == foer
    assert not Oppnevning.objects.exists()


def test_oppnevningsskjemaet_sier_grensene(client, v):
    behov = koordinatorbehov(v)
    client.force_login(v.leder.bruker)
    html = client.get(reverse("koordinering:behov-detalj", kwargs={"pk": behov.pk})).content
    html = html.decode()
    assert "høyst 30 dager fram i tid" in html
    assert "Tidligst startdato, og ikke fram i tid." in html
    # A koordinator: mandate asked for, training shown.
    assert 'name="mandat"' in html
    assert "Koordinatoropplæring" in html and "opplæring ikke fullført" in html


def test_skjemaet_og_modellen_har_samme_ordlyd(v):
    behov = koordinatorbehov(v)
    form = OppnevningForm(
        {"ansatt": v.kollega.pk, "mandat": "Samordne", "startdato": "2026-03-02"},
        kandidater=Ansatt.objects.filter(organisasjon=v.kommune),
        behovsmelding=behov,
    )
    assert not form.is_valid()
    assert form.errors["startdato"] == [
        "Startdato kan ikke være før behovet ble meldt (03.03.2026)."
    ]


def test_kontaktlege_oppnevnes_uten_mandat_og_opplaering(client, v):
    behov = kontaktlegebehov(v)
    client.force_login(v.sykehusleder.bruker)
    html = client.get(reverse("koordinering:behov-detalj", kwargs={"pk": behov.pk})).content
    html = html.decode()
    assert 'name="mandat"' not in html
    assert "opplæring" not in html.lower()
    response = oppnevn(client, behov, ansatt=v.sykehusleder.pk, startdato=IDAG.isoformat())
    assert response.status_code == 302
    oppnevning = Oppnevning.objects.get(behovsmelding=behov)
    assert oppnevning.mandat == ""


def test_kontaktlege_kan_ikke_starte_foer_innleggelsen(client, v):
    behov = BehovsmeldingFactory(
        kontaktlege=True,
        pasient=pasient_i(v.medisinsk),
        enhet=v.medisinsk,
        kontaktdato=date(2026, 3, 9),
        opprettet=middag(MELDT),
    )
    client.force_login(v.sykehusleder.bruker)
    foer = tilstand()
    response = oppnevn(client, behov, ansatt=v.sykehusleder.pk, startdato="2026-03-06")
    assert response.status_code == 400
    assert "Startdato kan ikke være før innleggelsen (09.03.2026)." in response.content.decode()
    assert tilstand() == foer


def test_bytt_foer_den_naavaerende_startet(client, v):
    pasient = bygg_pasient(v)  # a koordinator since 04.03.2026
    oppnevning = pasient.oppnevninger.get()
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:oppnevning-bytt", kwargs={"pk": oppnevning.pk}),
        {
            "ny_ansatt": v.kollega.pk,
            "mandat": "Overta",
            "startdato": "2026-03-03",
            "grunn": "Permisjon",
        },
    )
    assert response.status_code == 200  # the form again
    assert (
        "«Overtar fra» kan ikke være før den nåværende oppnevningen startet (04.03.2026)."
        in response.content.decode()
    )
    assert tilstand() == foer


# --- the need form: what fits the person -----------------------------------------------------


def test_barnekoordinator_tilbys_bare_for_barn_i_kommunen(client, v):
    voksen, barn = pasient_i(v.hjemme), barn_i(v.hjemme)
    client.force_login(v.kollega.bruker)
    url = "koordinering:behov-opprett"
    voksen_html = client.get(reverse(url, kwargs={"pk": voksen.pk})).content.decode()
    barn_html = client.get(reverse(url, kwargs={"pk": barn.pk})).content.decode()
    assert "barnekoordinator" not in behovsvalg(voksen_html)
    assert behovsvalg(barn_html) == {"koordinator", "individuell_plan", "barnekoordinator"}
    # The hospital's fields are not shown in a kommune.
    for felt in ("kontakttype", "kontaktdato", "alvorlig_sykdom", "behandling_av_varighet"):
        assert f'name="{felt}"' not in voksen_html


def test_barnekoordinator_for_voksen_avvises(client, v):
    voksen = pasient_i(v.hjemme)
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:behov-opprett", kwargs={"pk": voksen.pk}),
        {
            "behov": "barnekoordinator",
            "enhet": v.hjemme.pk,
            "komplekse_behov": "on",
            "begrunnelse": "Trenger samordning",
        },
    )
    assert response.status_code == 200  # the form again
    assert "Velg et gyldig valg" in response.content.decode()
    assert tilstand() == foer


def test_sykehuset_viser_kontaktlegefeltene(client, v):
    pasient = pasient_i(v.medisinsk)
    client.force_login(v.sykehusleder.bruker)
    html = client.get(
        reverse("koordinering:behov-opprett", kwargs={"pk": pasient.pk})
    ).content.decode()
    assert behovsvalg(html) == {"koordinator", "individuell_plan", "kontaktlege", "kontaktpsykolog"}
    for felt in ("kontakttype", "kontaktdato", "alvorlig_sykdom", "behandling_av_varighet"):
        assert f'name="{felt}"' in html


def test_behovsskjemaet_uten_pasient_tilbyr_det_organisasjonen_gir(v):
    """Without the patient (age unknown) the form offers what the organisation gives."""
    form = BehovsmeldingForm(enheter=Enhet.objects.none(), organisasjon=v.kommune)
    assert "barnekoordinator" in dict(form.fields["behov"].choices)
    assert "kontaktdato" not in form.fields
