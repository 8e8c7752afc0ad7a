"""Hospital staff reports a need → the leader appoints a koordinator with a mandate → the
koordinator sees the patient on the dashboard → a koordinator in another kommune gets 404."""

import re

import pytest

from koordinering.models import Oppnevning, Pasient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_behov_meldes_oppnevnes_og_vises_bare_for_de_rette(besok, demo_live):
    page = besok.page
    nils = Pasient.objects.get(fornavn="Nils")

    # 1. Hospital staff (the doctor at Medisinsk avdeling) finds the patient and reports a need.
    besok.logg_inn("kontaktlege.sykehus")
    page.get_by_role("link", name="Finn pasient").click()
    besok.sjekk("sok")
    page.get_by_label("Navn eller fødselsnummer").fill("Bakke")
    page.get_by_role("button", name="Søk").click()
    besok.sjekk("sok-treff")
    page.get_by_role("link", name="Nils Bakke").click()
    besok.sjekk("pasientside-lege")
    page.get_by_role("link", name="Meld behov").click()
    besok.sjekk("meld-behov")
    page.get_by_label("Koordinator", exact=True).check()
    page.get_by_label("Meldes til leder for").select_option(label="Medisinsk avdeling")
    page.get_by_label("Komplekse behov").check()
    page.get_by_label("Langvarige behov").check()
    page.get_by_label("Begrunnelse").fill("ALS: mange tjenester i kommune og sykehus må samordnes.")
    page.get_by_role("button", name="Lagre").click()
    assert "Behovet er meldt til lederen for enheten" in page.content()
    besok.sjekk("behov-meldt")
    besok.logg_ut()

    # 2. The hospital leader appoints a koordinator with a written mandate.
    besok.logg_inn("leder.sykehus")
    page.get_by_role("link", name="Behov til behandling").click()
    besok.sjekk("behov-liste")
    page.get_by_role("link", name=re.compile(r"Nils Bakke\W+behandle koordinator")).click()
    besok.sjekk("behov-detalj")
    page.get_by_label("Marte Ødegård", exact=False).check()
    page.get_by_label("Mandat").fill("Samordne utredning, hjelpemidler og overgang til kommunen.")
    page.get_by_label("Pasientens ønsker om hvem som skal oppnevnes er hørt").check()
    page.get_by_role("button", name="Oppnevn", exact=True).click()
    assert "Marte Ødegård er oppnevnt som koordinator for Nils Bakke" in page.content()
    besok.sjekk("oppnevnt")
    besok.logg_ut()
    assert Oppnevning.objects.filter(
        pasient=nils, ansatt__bruker__username="koordinator.sykehus", rolle="koordinator"
    ).exists()

    # 3. The koordinator sees the patient on the dashboard.
    besok.logg_inn("koordinator.sykehus")
    tabell = page.get_by_test_id("mine-pasienter")
    assert "Nils Bakke" in tabell.inner_text()
    page.get_by_role("link", name="Nils Bakke").click()
    assert "Samordne utredning" in page.content()
    besok.sjekk("pasientside-koordinator")
    besok.logg_ut()

    # 4. A koordinator in another kommune cannot open the patient's page.
    besok.logg_inn("koordinator.kommune2")
    response = page.goto(f"{besok.base}/pasienter/{nils.pk}/")
    assert response.status == 404
    assert "Fant ikke siden" in page.content()
    assert "Nils" not in page.content()
    besok.sjekk("fremmed-pasient-404")
