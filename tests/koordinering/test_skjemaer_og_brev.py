"""Written information and forms that cannot duplicate, in koordinering: the submission token
on the create forms, removing a relative, consent withdrawal by each kind of user, the
appointee accepting the mandate, and the letter to the patient (PDF). The world of the access
tests (tests/koordinering/verden.py), built once; each test's writes are rolled back."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from felles.models import Tilgangslogg
from koordinering import services
from koordinering.models import (
    Behov,
    Behovsmelding,
    Oppnevning,
    Parorende,
    Pasient,
    Samtykke,
    Tilknytning,
)
from tests.koordinering.verden import bygg_verden, url_for
from tests.pasientside import seksjon, seksjon_url
from tests.poppler import tekst_av_pdf
from tests.verden import IDAG, en_gang_per_modul, fodselsnummer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture(scope="module")
def v(django_db_setup, django_db_blocker):
    yield from en_gang_per_modul(django_db_blocker, bygg_verden)


# --- the submission token ---------------------------------------------------------------------


def test_samme_token_gir_en_parorende_et_samtykke_en_behovsmelding_og_en_pasient(v):
    kollega = v.brukere["kollega"]
    token = uuid.uuid4()
    par = [
        services.parorende_opprett(
            actor=kollega, pasient=v.pasient, navn="Pål", relasjon="barn", innsending_id=token
        )
        for _ in range(2)
    ]
    assert par[0] == par[1] and v.pasient.parorende.filter(navn="Pål").count() == 1

    token = uuid.uuid4()
    foer = Samtykke.objects.count()
    for _ in range(2):
        services.samtykke_registrer(
            actor=kollega,
            pasient=v.pasient,
            gitt_av=Samtykke.GittAv.PASIENTEN,
            form=Samtykke.Form.MUNTLIG,
            gyldig_fra=IDAG,
            organisasjoner=[v.sykehus],
            innsending_id=token,
        )
    assert Samtykke.objects.count() == foer + 1

    token = uuid.uuid4()
    foer = Pasient.objects.count()
    pasienter = [
        services.pasient_opprett(
            actor=kollega,
            enhet=v.a_hjemme,
            tilknytning_fra=IDAG,
            begrunnelse="Ny bruker",
            fodselsnummer=fodselsnummer(date(1990, 1, 2), 456),
            fornavn="Ola",
            etternavn="Dobbelklikk",
            innsending_id=token,
        )
        for _ in range(2)
    ]
    assert pasienter[0] == pasienter[1]
    assert Pasient.objects.count() == foer + 1
    assert Tilknytning.objects.filter(pasient=pasienter[0]).count() == 1

    token = uuid.uuid4()
    meldinger = [
        services.behovsmelding_opprett(
            actor=kollega,
            pasient=pasienter[0],
            enhet=v.a_hjemme,
            behov=Behov.KOORDINATOR,
            komplekse_behov=True,
            begrunnelse="Mange tjenester",
            innsending_id=token,
        )
        for _ in range(2)
    ]
    assert meldinger[0] == meldinger[1]
    assert Behovsmelding.objects.filter(pasient=pasienter[0]).count() == 1


def test_dobbel_post_av_parorendeskjemaet_gir_en_rad(client, v):
    client.force_login(v.brukere["kollega"])
    url = url_for(v, "parorende-opprett")
    token = client.get(url).context["form"].initial["innsending_id"]
    data = {"navn": "Kari Dobbel", "relasjon": "sosken", "innsending_id": token}
    forste, andre = client.post(url, data), client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    tilbake = seksjon_url(v.pasient.pk, "samtykker")  # where relatives are shown
    assert forste["Location"] == andre["Location"] == tilbake
    assert Parorende.objects.filter(navn="Kari Dobbel").count() == 1


def test_dobbel_post_av_tilknytningen_gir_en_rad(client, v):
    client.force_login(v.brukere["kollega"])
    url = url_for(v, "tilknytning-opprett")
    skjema = client.get(url).context["form"]
    data = {
        "enhet": skjema.fields["enhet"].queryset.first().pk,
        "fra": "2026-03-01",
        "begrunnelse": "Dobbeltklikk",
        "innsending_id": skjema.initial["innsending_id"],
    }
    forste, andre = client.post(url, data), client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    assert Tilknytning.objects.filter(begrunnelse="Dobbeltklikk").count() == 1


def test_token_for_feil_skjema_avvises_med_norsk_melding_og_ingen_rader(client, v):
    """A failed submit keeps no token: the corrected form with the same token creates once."""
    client.force_login(v.brukere["kollega"])
    url = url_for(v, "parorende-opprett")
    token = str(uuid.uuid4())
    feil = client.post(url, {"navn": "", "relasjon": "sosken", "innsending_id": token})
    assert feil.status_code == 200
    assert "Navn: Feltet er påkrevet." in feil.content.decode()
    assert not Parorende.objects.filter(relasjon="sosken").exists()
    client.post(url, {"navn": "Rett", "relasjon": "sosken", "innsending_id": token})
    assert Parorende.objects.filter(navn="Rett").count() == 1


def test_skjemaene_har_token_og_sidene_laster_skriptet(client, v):
    client.force_login(v.brukere["kollega"])
    for navn in ("parorende-opprett", "samtykke-opprett", "behov-opprett", "tilknytning-opprett"):
        html = client.get(url_for(v, navn)).content.decode()
        assert 'name="innsending_id"' in html, navn
        assert "js/skjema.js" in html
    html = client.get(reverse("koordinering:pasient-opprett")).content.decode()
    assert 'name="innsending_id"' in html


# --- removing a relative ----------------------------------------------------------------------


def test_parorende_fjernes_og_historikken_beholdes(client, v):
    client.force_login(v.brukere["kollega"])
    url = url_for(v, "parorende-fjern")
    assert "Vil du fjerne Per Prøvestad" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Parorende.objects.filter(pk=v.parorende.pk).exists()
    historikk = Parorende.history.filter(id=v.parorende.pk).order_by("history_id")
    assert [h.history_type for h in historikk] == ["+", "-"]
    assert historikk.last().history_user == v.brukere["kollega"]


def test_fremmed_kan_ikke_fjerne_parorende(client, v):
    with pytest.raises(PermissionDenied):
        services.parorende_fjern(actor=v.brukere["fremmed"], parorende=v.parorende)
    client.force_login(v.brukere["fremmed"])
    assert client.post(url_for(v, "parorende-fjern")).status_code == 404
    assert Parorende.objects.filter(pk=v.parorende.pk).exists()


# --- consent withdrawal -----------------------------------------------------------------------


def _sykehuset_folger_pasienten(v):
    """Hospital staff who see and may edit the patient (their unit follows her), but did not
    document the consent, are not her koordinator and are not KE."""
    Tilknytning.objects.create(
        pasient=v.pasient, enhet=v.s_medisinsk, fra=IDAG - timedelta(days=1), begrunnelse="Innlagt"
    )
    return v.brukere["sykehus"]


def test_trekksiden_navner_samtykket(client, v):
    client.force_login(v.brukere["kollega"])
    html = client.get(url_for(v, "samtykke-trekk")).content.decode()
    for tekst in (
        "Arbeid med individuell plan og utveksling av informasjon",
        "Pasienten selv",
        "01.03.2026–11.03.2027",
        str(v.ansatt("kollega")),
        str(v.kommune_a),
        "Trekk tilbake samtykket",
    ):
        assert tekst in html, tekst


@pytest.mark.parametrize("brukertype", ["kollega", "koordinator", "ke", "leder"])
def test_dokumenterende_organisasjon_koordinator_og_ke_kan_trekke_tilbake(client, v, brukertype):
    client.force_login(v.brukere[brukertype])
    response = client.post(url_for(v, "samtykke-trekk"), {"grunn": "Pasienten ønsker det"})
    assert response.status_code == 302
    samtykke = Samtykke.objects.get(pk=v.samtykke.pk)
    assert samtykke.trukket_tid is not None
    assert samtykke.trukket_registrert_av == v.ansatt(brukertype)


def test_den_som_ser_pasienten_men_ikke_kan_trekke_bes_sende_melding(client, v):
    sykehus = _sykehuset_folger_pasienten(v)
    client.force_login(sykehus)
    url = url_for(v, "samtykke-trekk")
    html = client.get(url).content.decode()
    assert "Be den som registrerte samtykket om å trekke det tilbake (send melding)" in html
    assert reverse("meldinger:melding-opprett", args=[v.pasient.pk]) in html
    assert "Trekk tilbake samtykket" not in html
    assert client.post(url, {"grunn": "Vil ikke"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.samtykke_trekk_tilbake(actor=sykehus, samtykke=v.samtykke, grunn="Vil ikke")
    assert Samtykke.objects.get(pk=v.samtykke.pk).trukket_tid is None
    # The patient page offers the request, not the withdrawal.
    side = seksjon(client, v.pasient.pk, "samtykker")
    assert "Be om tilbaketrekking" in side


def test_fremmed_far_404_og_tjenesten_nekter(client, v):
    client.force_login(v.brukere["fremmed"])
    assert client.get(url_for(v, "samtykke-trekk")).status_code == 404
    with pytest.raises(PermissionDenied):
        services.samtykke_trekk_tilbake(
            actor=v.brukere["fremmed"], samtykke=v.samtykke, grunn="Nei"
        )
    assert Samtykke.objects.get(pk=v.samtykke.pk).trukket_tid is None


def test_tom_grunn_gir_norsk_melding_og_ingen_endring(client, v):
    client.force_login(v.brukere["kollega"])
    response = client.post(url_for(v, "samtykke-trekk"), {"grunn": ""})
    assert response.status_code == 200
    assert "Feltet er påkrevet." in response.content.decode()
    assert Samtykke.objects.get(pk=v.samtykke.pk).trukket_tid is None


# --- the mandate ------------------------------------------------------------------------------


def test_den_oppnevnte_aksepterer_mandatet_med_historikk(client, v):
    client.force_login(v.brukere["koordinator"])
    side = client.get(url_for(v, "oppnevning-detalj")).content.decode()
    assert "Samordne tjenestene" in side and "Aksepter mandatet" in side
    assert "Mandatet er ikke akseptert ennå" in side
    response = client.post(url_for(v, "oppnevning-mandat-aksepter"), follow=True)
    assert "Du har akseptert mandatet." in response.content.decode()
    oppnevning = Oppnevning.objects.get(pk=v.oppnevning.pk)
    assert oppnevning.mandat_akseptert_av == v.ansatt("koordinator")
    assert oppnevning.mandat_akseptert_tid is not None
    siste = oppnevning.history.order_by("-history_id").first()
    assert siste.mandat_akseptert_tid == oppnevning.mandat_akseptert_tid
    assert siste.history_user == v.brukere["koordinator"]
    # Everyone who sees the appointment sees that it is accepted; the button is gone.
    client.force_login(v.brukere["leder"])
    assert "Mandatet er akseptert" in client.get(url_for(v, "pasient-detalj")).content.decode()
    side = client.get(url_for(v, "oppnevning-detalj")).content.decode()
    assert "Mandatet er akseptert" in side and "Aksepter mandatet" not in side


def test_mandatet_aksepteres_en_gang_og_bare_av_den_oppnevnte(v):
    with pytest.raises(PermissionDenied):
        services.oppnevning_mandat_aksepter(actor=v.brukere["leder"], oppnevning=v.oppnevning)
    services.oppnevning_mandat_aksepter(actor=v.brukere["koordinator"], oppnevning=v.oppnevning)
    with pytest.raises(ValidationError) as feil:
        services.oppnevning_mandat_aksepter(actor=v.brukere["koordinator"], oppnevning=v.oppnevning)
    assert feil.value.messages == ["Mandatet er allerede akseptert."]


def test_andre_ser_ikke_aksepterknappen(client, v):
    client.force_login(v.brukere["leder"])
    assert "Aksepter mandatet" not in client.get(url_for(v, "oppnevning-detalj")).content.decode()


# --- the letter to the patient ----------------------------------------------------------------


def test_brevet_til_pasienten_forteller_navn_rolle_og_kontakt(client, v):
    client.force_login(v.brukere["leder"])
    foer = Tilgangslogg.objects.count()
    response = client.get(url_for(v, "oppnevning-brev"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    tekst = tekst_av_pdf(response.content)
    koordinator = v.ansatt("koordinator")
    for del_ in (
        "Du har fått en koordinator",
        "Hei, Petronella Prøvestad.",
        f"{koordinator} er din koordinator fra 11. mars 2026.",
        "Slik når du koordinatoren din",
        koordinator.bruker.email,
        str(v.a_hjemme),
        "helse- og omsorgstjenesteloven § 7-2",
    ):
        assert del_ in tekst, del_
    assert v.pasient.fodselsnummer not in tekst
    rad = Tilgangslogg.objects.order_by("-pk").first()
    assert Tilgangslogg.objects.count() == foer + 1
    assert (rad.pasient_id, rad.dokument) == (v.pasient.pk, "Brev til pasienten om oppnevning")


def test_fremmede_far_404_paa_brev_og_oppnevningsside(client, v):
    for brukertype in ("fremmed", "kommune_b", "sykehus"):
        client.force_login(v.brukere[brukertype])
        assert client.get(url_for(v, "oppnevning-brev")).status_code == 404
        assert client.get(url_for(v, "oppnevning-detalj")).status_code == 404
        assert client.post(url_for(v, "oppnevning-mandat-aksepter")).status_code == 404
    assert Oppnevning.objects.get(pk=v.oppnevning.pk).mandat_akseptert_tid is None
