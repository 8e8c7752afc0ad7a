"""The KE's snooping review in the browser: staff read and try things, the KE opens «Kontroll av
tilganger» from the overview, sees a finding in every category and marks one reviewed with a
note. axe runs on the page; the screenshots are under test-results/screenshots/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from koordinering.models import Ansatt, Pasient

pytestmark = pytest.mark.e2e


def _logg(brukernavn: str, pasient, grunnlag: str, *, handling=Handling.VIST, minutter=0):
    ansatt = Ansatt.objects.select_related("bruker").get(bruker__username=brukernavn)
    Tilgangslogg.objects.create(
        bruker=ansatt.bruker,
        brukernavn=ansatt.bruker.get_full_name(),
        rolle=ansatt.get_yrke_display(),
        organisasjon=ansatt.organisasjon,
        pasient=pasient,
        dokument="Pasientside: Oversikt",
        objekt_type="koordinering:pasient-detalj",
        handling=handling,
        grunnlag=grunnlag,
        tidspunkt=timezone.now() - timedelta(minutes=minutter),
    )


def test_ke_ser_funnene_og_merker_ett_som_gjennomgatt(besok, demo_live, settings):
    settings.TILGANGSKONTROLL_MASSEOPPSLAG_PER_TIME = 3
    page = besok.page
    emma = Pasient.objects.get(fornavn="Emma")
    sigrid = Pasient.objects.get(fornavn="Sigrid")

    # The unit leader Bjørn Lie opens Emma Lie's page: no appointment of his own, same surname.
    besok.logg_inn("leder.kommune")
    assert besok.goto(f"/pasienter/{emma.pk}/").status == 200
    besok.logg_ut()
    # The koordinator tries Sigrid (another kommune's patient) by typing the address: 404.
    besok.logg_inn("koordinator.kommune")
    assert besok.goto(f"/pasienter/{sigrid.pk}/").status == 404
    besok.logg_ut()
    # A read by consent, a fødselsnummer probe and four patients in one hour.
    ola = Pasient.objects.get(fornavn="Ola")
    _logg("koordinator.kommune", ola, Tilgangsgrunnlag.SAMTYKKE)
    _logg("koordinator.kommune", sigrid, "", handling=Handling.FNR_OPPSLAG)
    for i, pasient in enumerate(Pasient.objects.exclude(pk=sigrid.pk)[:4]):
        _logg("koordinator.kommune", pasient, Tilgangsgrunnlag.ENHET, minutter=i)

    besok.logg_inn("ke.kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Oversikt").click()
    page.wait_for_load_state()
    page.get_by_role("link", name="Kontroll av tilganger").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Kontroll av tilganger"
    for kode in ("samtykke", "utenfor", "etternavn", "masse", "avvist", "fnr"):
        assert page.get_by_test_id(f"kategori-{kode}").get_by_test_id("funn").count() >= 1, kode
    etternavn = page.get_by_test_id("kategori-etternavn")
    assert "Bjørn Lie" in etternavn.inner_text() and "Emma Lie" in etternavn.inner_text()
    besok.sjekk("kontroll-med-funn")

    antall = page.get_by_test_id("funn").count()
    etternavn.get_by_label("Merknad").first.fill("Lederen hadde vakt; ingen oppfølging.")
    etternavn.get_by_role("button", name="Merk som gjennomgått").first.click()
    page.wait_for_load_state()
    assert "Funnet er merket som gjennomgått." in page.content()
    assert page.get_by_test_id("funn").count() == antall - 1
    assert "1 gjennomgått funn er skjult." in page.get_by_test_id("antall-funn").inner_text()
    besok.sjekk("kontroll-etter-gjennomgang")

    page.get_by_label("Vis også gjennomgåtte funn").check()
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    assert "Lederen hadde vakt" in page.get_by_test_id("gjennomgatt").inner_text()
    besok.sjekk("kontroll-med-gjennomgatte")
