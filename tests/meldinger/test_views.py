"""The message screens through the Django client: compose, bad input, unread counts in the menu,
filters, and a constant number of queries on the list pages."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meldinger import services
from meldinger.models import Melding, Vedlegg
from tests.factories import PasientFactory, TilknytningFactory
from tests.meldinger.conftest import pdf
from tests.pasientside import seksjon
from varsler.models import Paminnelse, Varsel, Varslingsvalg

pytestmark = pytest.mark.django_db


def skjema(v, **endringer) -> dict:
    data = {
        "type": "behov_ip_koordinator",
        "avsender_enhet": v.enhet("sykehus", "Medisinsk avdeling").pk,
        "mottaker_enhet": v.enhet("fjordvik", "Koordinerende enhet").pk,
        "prioritet": "normal",
        "emne": "Behov for IP",
        "tekst": "Tekst",
        "svarfrist": "",
        "innsending_id": str(uuid.uuid4()),
    }
    return data | endringer


def test_send_melding_med_vedlegg(client, v, django_capture_on_commit_callbacks):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    skjemaside = client.get(url).content.decode()
    assert "Koordinerende enhet (KE)" in skjemaside
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(url, skjema(v, vedlegg=[pdf("a.pdf"), pdf("b.pdf")]))
    melding = Melding.objects.get()
    assert svar.status_code == 302
    assert svar["Location"] == reverse("meldinger:melding-detalj", args=[melding.pk])
    assert melding.vedlegg.count() == 2
    assert melding.status == Melding.Status.LEVERT  # Celery runs eagerly in tests


def test_dobbel_innsending_gir_en_melding(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    data = skjema(v)
    forste, andre = client.post(url, data), client.post(url, data)
    assert Melding.objects.count() == 1
    assert forste["Location"] == andre["Location"]


def test_ulovlig_vedlegg_gir_feilmelding_og_ingenting_lagres(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    falsk = SimpleUploadedFile(
        "epikrise.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    svar = client.post(url, skjema(v, vedlegg=[falsk]))
    assert svar.status_code == 200
    innhold = svar.content.decode()
    assert "Skjemaet har feil som må rettes" in innhold
    assert (
        "«epikrise.pdf» kan ikke legges ved: bare PDF og bilder (PNG, JPEG) er tillatt." in innhold
    )
    assert not Melding.objects.exists() and not Vedlegg.objects.exists()


def test_feil_type_til_egen_organisasjon_gir_norsk_feilmelding(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    svar = client.post(url, skjema(v, mottaker_enhet=v.enhet("sykehus", "Koordinerende enhet").pk))
    assert "sendes til en enhet i en annen organisasjon, ikke internt" in svar.content.decode()
    assert not Melding.objects.exists()


def test_ukjent_mottaker_og_manglende_tekst(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    svar = client.post(url, skjema(v, mottaker_enhet=999999, tekst=""))
    innhold = svar.content.decode()
    assert "Velg et gyldig valg. 999999 er ikke et av de tilgjengelige valgene." in innhold
    assert "Tekst: Feltet er påkrevet." in innhold
    assert not Melding.objects.exists()


def test_html_i_fritekst_vises_som_tekst(client, v):
    melding = v.send_behov(tekst="<script>alert('x')</script><b>fet</b>", emne="<i>emne</i>")
    client.force_login(v.ke_kommune)
    innhold = client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).content.decode()
    assert "<script>alert" not in innhold and "<b>fet</b>" not in innhold
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in innhold
    liste = client.get(reverse("meldinger:melding-liste")).content.decode()
    assert "<i>emne</i>" not in liste and "&lt;i&gt;emne&lt;/i&gt;" in liste


def test_svar_paa_fremmed_melding_gir_404_og_ingenting_lagres(client, v):
    melding = v.send_behov()
    client.force_login(v.koordinator_kommune2)
    svar = client.post(
        reverse("meldinger:melding-svar", args=[melding.pk]),
        {"tekst": "Hei", "innsending_id": str(uuid.uuid4())},
    )
    assert svar.status_code == 404
    assert Melding.objects.count() == 1


def test_uleste_i_menyen_og_kvittering_for_avsenderen(client, v):
    melding = v.send_behov()
    client.force_login(v.ke_kommune)
    start = client.get("/").content.decode()
    assert 'data-testid="uleste-meldinger">1<span class="ds-sr-only"> uleste</span>' in start
    client.get(reverse("meldinger:melding-detalj", args=[melding.pk]))
    assert 'data-testid="uleste-meldinger"' not in client.get("/").content.decode()
    client.force_login(v.koordinator_sykehus)
    side = client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).content.decode()
    assert "Lest" in side and "av Ingrid Dahl" in side


def test_videresending_teller_som_ulest_for_enheten(client, v):
    melding = v.send_behov(emne="Behov for IP")
    client.force_login(v.ke_kommune)
    svar = client.post(
        reverse("meldinger:melding-videresend", args=[melding.pk]),
        {"til_enhet": v.enhet("fjordvik", "Hjemmetjenesten").pk, "kommentar": "Til dere"},
    )
    assert svar.status_code == 302
    client.force_login(v.koordinator_kommune)
    assert 'data-testid="uleste-meldinger">1<' in client.get("/").content.decode()
    innboks = client.get(reverse("meldinger:melding-liste")).content.decode()
    assert "Videresendt" in innboks and "Behov for IP" in innboks
    # The KE's answer to the hospital belongs to the thread, not to hjemmetjenesten's inbox.
    services.melding_svar(actor=v.ke_kommune, melding=melding, tekst="Svar")
    innboks = client.get(reverse("meldinger:melding-liste")).content.decode()
    assert "Sv: Behov for IP" not in innboks


def test_videresending_av_andre_enn_ke_gir_404(client, v):
    melding = v.send_behov()
    client.force_login(v.koordinator_sykehus)
    svar = client.post(
        reverse("meldinger:melding-videresend", args=[melding.pk]),
        {"til_enhet": v.enhet("sykehus", "Nevrologisk avdeling").pk},
    )
    assert svar.status_code == 404


def test_filtre(client, v):
    v.send_behov(emne="Behovet")
    v.send_behov(type="innlagt", emne="Innleggelsen")
    annen = PasientFactory(fornavn="Kari", etternavn="Nordmann")
    TilknytningFactory(pasient=annen, enhet=v.enhet("sykehus", "Medisinsk avdeling"))
    v.send_behov(pasient=annen, type="utskrivningsklar", emne="Utskrivningsklar")
    client.force_login(v.ke_kommune)
    url = reverse("meldinger:melding-liste")

    def emner(**parametre) -> set[str]:
        innhold = client.get(url, parametre).content.decode()
        return {e for e in ("Behovet", "Innleggelsen", "Utskrivningsklar") if e in innhold}

    assert emner() == {"Behovet", "Innleggelsen", "Utskrivningsklar"}
    assert emner(type="innlagt") == {"Innleggelsen"}
    # The patient filter sends an id, never a name (the address is logged); a name is ignored.
    assert emner(pasient=annen.pk) == {"Utskrivningsklar"}
    assert emner(pasient="nordmann") == {"Behovet", "Innleggelsen", "Utskrivningsklar"}
    skjema = client.get(url).content.decode()
    assert f'<option value="{annen.pk}">Kari Nordmann</option>' in skjema
    assert emner(status="ubesvart") == {"Behovet", "Utskrivningsklar"}  # «innlagt»: no deadline
    assert emner(boks="ut") == set()
    assert emner(boks="organisasjon") == {"Behovet", "Innleggelsen", "Utskrivningsklar"}
    # An invalid filter value is ignored rather than failing.
    assert client.get(url, {"enhet": "x", "status": "tull"}).status_code == 200


def test_ikke_ke_ser_ikke_organisasjonsboksen(client, v):
    v.send_behov(mottaker_enhet=v.enhet("fjordvik", "Hjemmetjenesten"), type="innlagt")
    client.force_login(v.koordinator_sykehus)
    innhold = client.get(reverse("meldinger:melding-liste"), {"boks": "organisasjon"}).content
    assert "Hele organisasjonen" not in innhold.decode()


@pytest.mark.parametrize("antall", [3, 30])
def test_meldingslisten_bruker_fast_antall_sporringer(client, v, django_assert_num_queries, antall):
    for i in range(antall):
        pasient = PasientFactory()
        TilknytningFactory(pasient=pasient, enhet=v.enhet("sykehus", "Medisinsk avdeling"))
        v.send_behov(pasient=pasient, emne=f"Melding {i}", vedlegg=[pdf()] if i % 2 else [])
    client.force_login(v.ke_kommune)
    client.get(reverse("meldinger:melding-liste"))
    # session, user, savepoint, work role (2: the profile and the current memberships, which
    # also give the units for access), units for the filter, the box's patients for the filter
    # (2: its blocks, the patients), blocks (sperring), threads forwarded to the units, page
    # count, page, access log, menu counts, release savepoint
    with django_assert_num_queries(15):
        svar = client.get(reverse("meldinger:melding-liste"))
    assert svar.status_code == 200


@pytest.mark.parametrize("antall", [2, 20])
def test_varsellisten_bruker_fast_antall_sporringer(client, v, django_assert_num_queries, antall):
    for i in range(antall):
        p = Paminnelse.objects.create(
            type="samtykke_utloper", objekt_id=i, forfallsdato="2026-12-01", pasient=v.pasient
        )
        Varsel.objects.create(paminnelse=p, mottaker=v.koordinator_sykehus)
    client.force_login(v.koordinator_sykehus)
    client.get(reverse("varsler:varsel-liste"))
    # session, user, savepoint, work role (2, which also gives the units for access), page
    # count, page, the page's visible patients, access log, menu counts, release savepoint
    with django_assert_num_queries(12):
        innhold = client.get(reverse("varsler:varsel-liste")).content.decode()
    assert innhold.count("Nils Bakke") == min(antall, 25)


def test_varsel_for_pasient_uten_tilgang_viser_ikke_navnet(client, v):
    fremmed = PasientFactory(fornavn="Hemmelig")
    p = Paminnelse.objects.create(
        type="samtykke_utloper", objekt_id=1, forfallsdato="2026-12-01", pasient=fremmed
    )
    Varsel.objects.create(paminnelse=p, mottaker=v.koordinator_sykehus)
    client.force_login(v.koordinator_sykehus)
    innhold = client.get(reverse("varsler:varsel-liste")).content.decode()
    assert "Hemmelig" not in innhold
    assert "Du har ikke tilgang til pasienten" in innhold


def test_varslingsvalg_lagres(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("varsler:varslingsvalg")
    assert (
        'value="samtykke_utloper" id="id_epost_for_2" checked' in client.get(url).content.decode()
    )
    svar = client.post(url, {"epost_for": ["evaluering_forfalt", "oppgave_forfalt"]})
    assert svar.status_code == 302
    valg = dict(
        Varslingsvalg.objects.filter(bruker=v.koordinator_sykehus).values_list("type", "epost")
    )
    assert valg["evaluering_forfalt"] is True and valg["samtykke_utloper"] is False
    assert sum(valg.values()) == 2


def test_merk_alle_varsler_som_lest(client, v):
    p = Paminnelse.objects.create(
        type="samtykke_utloper", objekt_id=1, forfallsdato="2026-12-01", pasient=v.pasient
    )
    Varsel.objects.create(paminnelse=p, mottaker=v.koordinator_sykehus)
    client.force_login(v.koordinator_sykehus)
    assert 'data-testid="uleste-varsler">1<' in client.get("/").content.decode()
    client.post(reverse("varsler:varsler-les-alle"))
    assert 'data-testid="uleste-varsler"' not in client.get("/").content.decode()


def test_pasientsiden_viser_meldinger_om_pasienten(client, v):
    v.send_behov(emne="Om Nils")
    client.force_login(v.koordinator_sykehus)
    innhold = seksjon(client, v.pasient.pk, "meldinger")
    assert "Om Nils" in innhold
    assert reverse("meldinger:melding-opprett", args=[v.pasient.pk]) in innhold


def test_ta_imot_pasienten_fra_meldingen(client, v):
    melding = v.send_behov()
    client.force_login(v.ke_kommune)
    side = client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).content.decode()
    assert "Ta imot pasienten" in side
    svar = client.post(
        reverse("meldinger:melding-ta-imot", args=[melding.pk]),
        {"enhet": v.enhet("fjordvik", "Hjemmetjenesten").pk},
    )
    assert svar["Location"] == reverse("koordinering:pasient-detalj", args=[v.pasient.pk])
    side = client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).content.decode()
    assert "Ta imot pasienten" not in side
    services.melding_les(actor=v.ke_kommune, melding=melding)


def test_startsiden_viser_meldinger_som_venter_paa_svar(client, v):
    from felles.models import Tilgangslogg

    v.send_behov(emne="Venter på KE")
    besvart = v.send_behov(emne="Allerede besvart")
    services.melding_svar(actor=v.ke_kommune, melding=besvart, tekst="Ja")
    client.force_login(v.ke_kommune)
    svar = client.get("/")
    innhold = svar.content.decode()
    # Issue 13: one «Dette må du gjøre» table, a row per message with its deadline.
    assert 'data-type="melding"' in innhold and "Melding som venter på svar" in innhold
    assert "Venter på KE" in innhold and "Allerede besvart" not in innhold
    assert Tilgangslogg.objects.filter(
        bruker=v.ke_kommune, pasient=v.pasient, grunnlag="melding"
    ).exists()
    client.force_login(v.koordinator_kommune2)
    assert 'data-type="melding"' not in client.get("/").content.decode()


def test_bare_til_meg_viser_svar_til_den_som_skrev(client, v):
    melding = v.send_behov(emne="Spørsmålet")
    services.melding_svar(actor=v.ke_kommune, melding=melding, tekst="Svaret")
    url = reverse("meldinger:melding-liste")
    client.force_login(v.koordinator_sykehus)
    assert "Sv: Spørsmålet" in client.get(url, {"bare_meg": "on"}).content.decode()
    client.force_login(v.kontaktlege_sykehus)  # same unit: sees it, but it is not to her
    assert "Sv: Spørsmålet" in client.get(url).content.decode()
    assert "Sv: Spørsmålet" not in client.get(url, {"bare_meg": "on"}).content.decode()


def test_store_postkasser_telles_bare_til_en_grense(client, v, monkeypatch):
    from meldinger.views import AvgrensetPaginator

    monkeypatch.setattr(AvgrensetPaginator, "MAKS", 30)
    for i in range(31):
        v.send_behov(emne=f"Melding {i}")
    client.force_login(v.ke_kommune)
    side = client.get(reverse("meldinger:melding-liste")).content.decode()
    assert "Side 1. Over 30 treff: bruk filtrene for å finne eldre." in side
    assert "Neste side" in side
    client.force_login(v.koordinator_sykehus)
    side = client.get(reverse("meldinger:melding-liste"), {"boks": "ut", "type": "innlagt"})
    assert "Over 30 treff" not in side.content.decode()


def test_avvist_vedlegg_vises_sammen_med_skjemaets_andre_feil(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    falsk = SimpleUploadedFile("epikrise.pdf", b"MZ\x90\x00 not a pdf")
    innhold = client.post(url, skjema(v, emne="", vedlegg=[falsk])).content.decode()
    assert "Emne: Feltet er påkrevet." in innhold
    assert "«epikrise.pdf» kan ikke legges ved" in innhold
    assert not Melding.objects.exists() and not Vedlegg.objects.exists()
