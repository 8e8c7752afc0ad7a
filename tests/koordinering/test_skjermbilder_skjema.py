"""Bad input through the views: Norwegian messages, nothing saved, foreign patients in
form addresses and HTML shown escaped (the world:
tests/koordinering/verden_skjermbilder.py)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from felles.models import Handling, Tilgangslogg
from koordinering.models import Behov, Pasient, Samtykke
from tests.factories import SamtykkeFactory
from tests.koordinering.verden_skjermbilder import (
    ESCAPET_SCRIPT,
    SCRIPT,
    Verden,
    bygg_pasient,
    bygg_verden,
    pasientdata,
    siste_logg_id,
    tilstand,
)
from tests.pasientside import hele_pasientsiden
from tests.verden import IDAG, IGAAR, IMORGEN, fodselsnummer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


# ---------------------------------------------------------------------------------------------
# Bad input through the views
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def pasient(v) -> Pasient:
    return bygg_pasient(v)


def ugyldig_fodselsnummer() -> str:
    gyldig = fodselsnummer(date(1980, 1, 1), 300)
    return gyldig[:-1] + str((int(gyldig[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("nummer", "melding"),
    [
        (ugyldig_fodselsnummer(), "kontrollsifrene stemmer ikke"),
        ("1234", "må bestå av nøyaktig 11 sifre"),
        ("abcdefghijk", "må bestå av nøyaktig 11 sifre"),
    ],
)
def test_registrering_med_ugyldig_fodselsnummer(client, v, nummer, melding):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=nummer,
            enhet=v.hjemme.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Vedtak",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skjemaet har feil som må rettes" in html
    assert melding in html
    assert tilstand() == foer


def test_samme_fodselsnummer_to_ganger(client, v, pasient):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=pasient.fodselsnummer,
            enhet=v.hjemme.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Vedtak",
        ),
    )
    assert response.status_code == 200
    assert "allerede registrert" in response.content.decode()
    assert tilstand() == foer


def test_registrering_uten_feil_gaar_til_pasientsiden(client, v):
    client.force_login(v.kollega.bruker)
    nummer = fodselsnummer(date(1990, 7, 7), 150)
    response = client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=f"{nummer[:6]} {nummer[6:]}",
            enhet=v.hjemme.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Vedtak",
        ),
    )
    ny = Pasient.objects.get(fodselsnummer=nummer)
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:pasient-detalj", kwargs={"pk": ny.pk})
    assert nummer not in response["Location"]


def test_tilknytning_med_til_foer_fra(client, v, pasient):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:tilknytning-opprett", kwargs={"pk": pasient.pk}),
        {
            "enhet": v.tildeling.pk,
            "fra": IDAG.isoformat(),
            "til": IGAAR.isoformat(),
            "begrunnelse": "Søknad",
        },
    )
    assert response.status_code == 200
    assert "Til-dato kan ikke være før fra-dato." in response.content.decode()
    assert tilstand() == foer


def samtykkedata(**felter) -> dict:
    data = {
        "gjelder_planprosess": "on",
        "gitt_av": Samtykke.GittAv.PASIENTEN,
        "gitt_av_navn": "",
        "form": Samtykke.Form.SKRIFTLIG,
        "gyldig_fra": IDAG.isoformat(),
        "gyldig_til": (IDAG + timedelta(days=365)).isoformat(),
        "merknad": "",
    }
    data.update(felter)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("felter", "melding"),
    [
        ({"gyldig_til": IGAAR.isoformat()}, "Gyldig til kan ikke være før gyldig fra."),
        (
            {"gjelder_planprosess": None},
            "Kryss av for hva samtykket gjelder: planprosessen eller deling med noen.",
        ),
        (
            {"gitt_av": Samtykke.GittAv.VERGE},
            "Oppgi navnet på den som samtykket når det ikke er pasienten selv.",
        ),
    ],
    ids=["til-foer-fra", "ingenting-krysset-av", "verge-uten-navn"],
)
def test_ugyldig_samtykke(client, v, pasient, felter, melding):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:samtykke-opprett", kwargs={"pk": pasient.pk}),
        samtykkedata(**felter),
    )
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert tilstand() == foer


def test_gyldig_samtykke_registreres(client, v, pasient):
    client.force_login(v.kollega.bruker)
    response = client.post(
        reverse("koordinering:samtykke-opprett", kwargs={"pk": pasient.pk}),
        samtykkedata(organisasjoner=[v.sykehus.pk]),
    )
    assert response.status_code == 302
    samtykke = pasient.samtykker.get()
    assert list(samtykke.organisasjoner.all()) == [v.sykehus]
    assert samtykke.dokumentert_av == v.kollega


def test_avslutte_oppnevning_fram_i_tid(client, v, pasient):
    oppnevning = pasient.oppnevninger.get()
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:oppnevning-avslutt", kwargs={"pk": oppnevning.pk}),
        {"sluttdato": IMORGEN.isoformat(), "grunn": "Flytter"},
    )
    assert response.status_code == 200
    assert "Sluttdato kan ikke ligge fram i tid." in response.content.decode()
    assert tilstand() == foer


def test_avslutte_oppnevning_foer_startdato(client, v, pasient):
    oppnevning = pasient.oppnevninger.get()
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:oppnevning-avslutt", kwargs={"pk": oppnevning.pk}),
        {"sluttdato": (IDAG - timedelta(days=30)).isoformat(), "grunn": "Feilregistrert"},
    )
    assert response.status_code == 200
    assert "Sluttdato kan ikke være før startdato." in response.content.decode()
    assert tilstand() == foer


def fremmede_skjema(v: Verden, pasient: Pasient):
    samtykke = SamtykkeFactory(pasient=pasient, dokumentert_av=v.kollega)
    return {
        "pasient-endre": (pasient.pk, pasientdata(fornavn="Hacket")),
        "parorende-opprett": (pasient.pk, {"navn": "Fremmed", "relasjon": "venn"}),
        "tilknytning-opprett": (
            pasient.pk,
            {"enhet": v.b_hjemme.pk, "fra": IDAG.isoformat(), "begrunnelse": "Snoking"},
        ),
        "samtykke-opprett": (pasient.pk, samtykkedata()),
        "behov-opprett": (
            pasient.pk,
            {
                "behov": "koordinator",
                "enhet": v.b_hjemme.pk,
                "komplekse_behov": "on",
                "begrunnelse": "Snoking",
            },
        ),
        "samtykke-trekk": (samtykke.pk, {"grunn": "Snoking"}),
        "tilknytning-avslutt": (
            pasient.tilknytninger.get().pk,
            {"til": IDAG.isoformat(), "grunn": "Snoking"},
        ),
        "oppnevning-avslutt": (
            pasient.oppnevninger.get().pk,
            {"sluttdato": IDAG.isoformat(), "grunn": "Snoking"},
        ),
    }


@pytest.mark.parametrize(
    "url_navn",
    [
        "pasient-endre",
        "parorende-opprett",
        "tilknytning-opprett",
        "samtykke-opprett",
        "behov-opprett",
        "samtykke-trekk",
        "tilknytning-avslutt",
        "oppnevning-avslutt",
    ],
)
def test_fremmed_pasient_i_skjemaadressen_gir_404(client, v, pasient, url_navn):
    pk, data = fremmede_skjema(v, pasient)[url_navn]
    client.force_login(v.fremmed.bruker)
    foer = tilstand()
    logg_foer = siste_logg_id()
    response = client.post(reverse(f"koordinering:{url_navn}", kwargs={"pk": pk}), data)
    assert response.status_code == 404
    assert "Petronella" not in response.content.decode()
    assert tilstand() == foer
    nye = Tilgangslogg.objects.filter(pk__gt=logg_foer)
    assert not nye.exclude(handling=Handling.AVVIST).exists()  # refused, and recorded as such
    assert nye.filter(handling=Handling.AVVIST, bruker=v.fremmed.bruker).count() == 1


def test_html_i_fritekst_lagres_som_tekst_og_vises_escapet(client, v, pasient):
    client.force_login(v.kollega.bruker)
    svar = [
        client.post(
            reverse("koordinering:parorende-opprett", kwargs={"pk": pasient.pk}),
            {"navn": SCRIPT, "relasjon": "venn", "telefon": "", "merknad": SCRIPT},
        ),
        client.post(
            reverse("koordinering:tilknytning-opprett", kwargs={"pk": pasient.pk}),
            {"enhet": v.tildeling.pk, "fra": IDAG.isoformat(), "begrunnelse": SCRIPT},
        ),
        client.post(
            reverse("koordinering:behov-opprett", kwargs={"pk": pasient.pk}),
            {
                "behov": Behov.INDIVIDUELL_PLAN,
                "enhet": v.hjemme.pk,
                "langvarige_behov": "on",
                "begrunnelse": SCRIPT,
            },
        ),
        client.post(
            reverse("koordinering:pasient-endre", kwargs={"pk": pasient.pk}),
            pasientdata(fornavn="Petronella", etternavn="Prøvestad", kulturelle_hensyn=SCRIPT),
        ),
    ]
    assert [r.status_code for r in svar] == [302, 302, 302, 302]
    assert pasient.parorende.get().navn == SCRIPT
    assert pasient.tilknytninger.get(enhet=v.tildeling).begrunnelse == SCRIPT
    assert pasient.behovsmeldinger.get(behov=Behov.INDIVIDUELL_PLAN).begrunnelse == SCRIPT
    pasient.refresh_from_db()
    assert pasient.kulturelle_hensyn == SCRIPT

    for bruker in (v.kollega, v.leder, v.koordinator):
        client.force_login(bruker.bruker)
        html = hele_pasientsiden(client, pasient.pk)
        assert SCRIPT not in html and "<script>" not in html
        assert html.count(ESCAPET_SCRIPT) >= 4
    # The leader screen shows the need's reasoning too.
    client.force_login(v.leder.bruker)
    behov = pasient.behovsmeldinger.get(behov=Behov.INDIVIDUELL_PLAN)
    html = client.get(reverse("koordinering:behov-detalj", kwargs={"pk": behov.pk}))
    html = html.content.decode()
    assert SCRIPT not in html and "<script>" not in html
    assert ESCAPET_SCRIPT in html


def test_html_i_avslutningsgrunn_vises_escapet(client, v, pasient):
    client.force_login(v.leder.bruker)
    oppnevning = pasient.oppnevninger.get()
    response = client.post(
        reverse("koordinering:oppnevning-avslutt", kwargs={"pk": oppnevning.pk}),
        {"sluttdato": IDAG.isoformat(), "grunn": SCRIPT},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert SCRIPT not in html and "<script>" not in html
    assert ESCAPET_SCRIPT in html


def test_html_i_sok_vises_escapet(client, v, pasient):
    client.force_login(v.kollega.bruker)
    html = client.post(reverse("koordinering:pasient-sok"), {"sok": SCRIPT}).content.decode()
    assert SCRIPT not in html and "<script>" not in html
