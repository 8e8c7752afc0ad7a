"""Who sees which message, tested from the outside: the sending unit and its KE, the receiving
unit and its KE, a unit the thread was forwarded to — and nobody else (404, like a message that
does not exist). Anonymous users get the login page. Every page that shows a message writes one
access-log row per patient shown."""

import pytest
from django.urls import reverse

from felles.models import Handling, Tilgangslogg
from meldinger import services
from meldinger.models import Melding
from tests.factories import AnsattFactory, MedlemskapFactory
from tests.meldinger.conftest import pdf
from varsler.models import Paminnelse, Varsel

pytestmark = pytest.mark.django_db

SER = {"koordinator.sykehus", "kontaktlege.sykehus", "leder.sykehus", "ke.sykehus", "ke.kommune"}
SER_IKKE = {"koordinator.kommune", "leder.kommune", "koordinator.kommune2", "leder.kommune2"}


@pytest.fixture
def melding(v) -> Melding:
    return v.send_behov(vedlegg=[pdf()])


def urler(melding: Melding) -> dict[str, tuple[str, str]]:
    return {
        "detalj": ("get", reverse("meldinger:melding-detalj", args=[melding.pk])),
        "vedlegg": ("get", reverse("meldinger:vedlegg", args=[melding.vedlegg.get().pk])),
        "svar": ("post", reverse("meldinger:melding-svar", args=[melding.pk])),
        "videresend": ("post", reverse("meldinger:melding-videresend", args=[melding.pk])),
        "behandlet": ("post", reverse("meldinger:melding-behandlet", args=[melding.pk])),
        "ta-imot": ("post", reverse("meldinger:melding-ta-imot", args=[melding.pk])),
    }


@pytest.mark.parametrize("brukernavn", sorted(SER_IKKE))
def test_fremmede_faar_404_paa_alle_meldingsurler(client, v, melding, brukernavn):
    client.force_login(v.brukere[brukernavn])
    for navn, (metode, url) in urler(melding).items():
        svar = getattr(client, metode)(url, {"tekst": "Hei", "til_enhet": 1, "enhet": 1})
        assert svar.status_code == 404, (brukernavn, navn)
    assert not Tilgangslogg.objects.exclude(handling=Handling.AVVIST).exists()
    assert Tilgangslogg.objects.filter(handling=Handling.AVVIST).count() == len(urler(melding))
    assert Melding.objects.count() == 1


@pytest.mark.parametrize("brukernavn", sorted(SER))
def test_partene_ser_meldingen_og_visningen_logges(client, v, melding, brukernavn):
    client.force_login(v.brukere[brukernavn])
    svar = client.get(reverse("meldinger:melding-detalj", args=[melding.pk]))
    assert svar.status_code == 200
    assert "ALS, mange tjenester" in svar.content.decode()
    logg = Tilgangslogg.objects.get()
    assert (logg.pasient_id, logg.grunnlag, logg.bruker.username) == (
        v.pasient.pk,
        "melding",
        brukernavn,
    )
    nedlasting = client.get(reverse("meldinger:vedlegg", args=[melding.vedlegg.get().pk]))
    assert nedlasting.status_code == 200
    assert nedlasting["Content-Disposition"].startswith("attachment")
    assert nedlasting["X-Content-Type-Options"] == "nosniff"
    assert b"".join(nedlasting.streaming_content).startswith(b"%PDF-")


def test_anonym_faar_innloggingssiden(client, v, melding):
    for metode, url in [
        *urler(melding).values(),
        ("get", reverse("meldinger:melding-liste")),
        ("get", reverse("varsler:varsel-liste")),
        ("get", reverse("meldinger:melding-opprett", args=[v.pasient.pk])),
    ]:
        svar = getattr(client, metode)(url)
        assert svar.status_code == 302 and svar["Location"].startswith("/logg-inn/"), url


def test_videresendt_enhet_ser_traaden_andre_enheter_ikke(client, v, melding):
    services.melding_videresend(
        actor=v.ke_kommune, melding=melding, til_enhet=v.enhet("fjordvik", "Hjemmetjenesten")
    )
    svar = services.melding_svar(actor=v.koordinator_sykehus, melding=melding, tekst="Tillegg")
    url = reverse("meldinger:melding-detalj", args=[svar.pk])
    client.force_login(v.koordinator_kommune)
    assert client.get(url).status_code == 200
    client.force_login(v.brukere["leder.kommune2"])
    assert client.get(url).status_code == 404
    # Tildelingskontoret in the same kommune was neither sent nor forwarded the thread.
    tildeling = MedlemskapFactory(
        ansatt=AnsattFactory(organisasjon=v.ke_kommune.ansatt.organisasjon),
        enhet=v.enhet("fjordvik", "Tildelingskontoret"),
    ).ansatt.bruker
    client.force_login(tildeling)
    assert client.get(url).status_code == 404
    assert client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).status_code == 404


def test_mottakende_ke_ser_bare_grunndata_om_pasienten(client, v, melding):
    client.force_login(v.ke_kommune)
    innhold = client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).content.decode()
    assert "Nils Bakke" in innhold
    # The patient page is not opened by a message: only the basic data on the message page.
    assert (
        client.get(reverse("koordinering:pasient-detalj", args=[v.pasient.pk])).status_code == 404
    )
    # The full number is never on the message page.
    assert v.pasient.fodselsnummer not in innhold
    assert v.pasient.fodselsnummer_maskert in innhold


def test_ny_melding_bare_om_pasient_man_har_tilgang_til(client, v, melding):
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    client.force_login(v.koordinator_kommune2)
    assert client.get(url).status_code == 404
    client.force_login(v.ke_kommune)  # reached by a message: may write back about the patient
    assert client.get(url).status_code == 200
    client.force_login(v.koordinator_sykehus)
    assert client.get(url).status_code == 200


def test_varsel_aapnes_bare_av_mottakeren(client, v):
    paminnelse = Paminnelse.objects.create(
        type="samtykke_utloper",
        objekt_id=1,
        forfallsdato="2026-12-01",
        pasient=v.pasient,
        lenke=f"/pasienter/{v.pasient.pk}/",
    )
    varsel = Varsel.objects.create(paminnelse=paminnelse, mottaker=v.koordinator_sykehus)
    url = reverse("varsler:varsel-aapne", args=[varsel.pk])
    client.force_login(v.ke_sykehus)
    assert client.get(url).status_code == 404
    client.force_login(v.koordinator_sykehus)
    svar = client.get(url)
    assert svar.status_code == 302 and svar["Location"] == f"/pasienter/{v.pasient.pk}/"
    assert Varsel.objects.get().lest is not None
