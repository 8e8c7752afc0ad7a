"""The hand-over across both levels, with nothing retyped: the hospital koordinator reports a
need for IP and koordinator (§ 23) to the kommune's KE; the KE takes the patient in for
Hjemmetjenesten, which puts the need in that unit's leader queue with the hospital's text; the
leader is told, sees the message and appoints a koordinator; the koordinator is told, accepts
the mandate and prints the letter to the patient; the hospital reads the answer in its thread.
Every page passes axe."""

import re

import pytest

from koordinering.models import Behovsmelding, Enhet, Oppnevning, Pasient
from meldinger.models import Melding

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEKST = "Nyoppdaget ALS. Trenger hjemmesykepleie, hjelpemidler og koordinator i kommunen."


def test_behov_fra_sykehuset_blir_oppnevning_i_kommunen_og_svar_i_traaden(besok, demo_live):
    page = besok.page
    nils = Pasient.objects.get(fornavn="Nils")
    ke_kommune = Enhet.objects.get(
        organisasjon__navn="Fjordvik kommune", navn="Koordinerende enhet"
    )

    # 1. The hospital koordinator reports the need to the kommune's KE.
    besok.logg_inn("koordinator.sykehus")
    besok.goto(f"/pasienter/{nils.pk}/")
    page.get_by_role("navigation", name="Pasientsiden").get_by_role(
        "link", name="Meldinger"
    ).click()
    page.get_by_role("link", name="Send melding").click()
    page.get_by_label("Type melding").select_option(
        label="Behov for individuell plan og koordinator (forskrift § 23)"
    )
    page.get_by_label("Til enhet").select_option(value=str(ke_kommune.pk))
    page.get_by_label(re.compile("^Emne")).fill("Behov for IP og koordinator")
    page.get_by_label(re.compile("^Tekst")).fill(TEKST)
    page.get_by_role("button", name="Send melding").click()
    assert "er lagret og sendes så snart som mulig" in page.content()
    besok.sjekk("sendt")
    melding = Melding.objects.get(emne="Behov for IP og koordinator")
    besok.logg_ut()

    # 2. The kommune's KE takes the patient in for Hjemmetjenesten.
    besok.logg_inn("ke.kommune")
    besok.goto(f"/meldinger/{melding.pk}/")
    page.get_by_label("Enhet som skal følge opp pasienten").select_option(label="Hjemmetjenesten")
    page.get_by_role("button", name="Ta imot").click()
    besok.sjekk("tatt-imot")
    behov = Behovsmelding.objects.get(pasient=nils, organisasjon=ke_kommune.organisasjon)
    assert behov.status == Behovsmelding.Status.VENTER
    assert behov.enhet.navn == "Hjemmetjenesten"
    assert TEKST in behov.begrunnelse
    assert "Nils Bakke følges nå av Hjemmetjenesten" in page.content()
    besok.goto(f"/meldinger/{melding.pk}/")
    assert "Hjemmetjenesten" in page.get_by_role("region", name="Forløp").inner_text()
    besok.sjekk("forlop")
    besok.logg_ut()

    # 3. The leader is told, and decides from the queue with the hospital's text in view.
    besok.logg_inn("leder.kommune")
    page.get_by_role("link", name=re.compile("^Varsler")).click()
    assert "Nytt meldt behov i køen din" in page.get_by_test_id("varsler").inner_text()
    besok.sjekk("varsel-leder")
    page.get_by_role("link", name="Nytt meldt behov i køen din").first.click()
    assert "Behov for IP og koordinator" in page.get_by_test_id("behov-meldinger").inner_text()
    assert TEKST in page.content()
    besok.sjekk("behov-fra-melding")
    page.get_by_label("Solveig Haugen", exact=False).check()
    page.get_by_label("Mandat").fill("Samordne tjenestene i kommunen og lede ansvarsgruppen.")
    page.get_by_label("Pasientens ønsker om hvem som skal oppnevnes er hørt").check()
    page.get_by_role("button", name="Oppnevn", exact=True).click()
    besok.sjekk("oppnevnt")
    oppnevning = Oppnevning.objects.get(behovsmelding=behov)
    assert oppnevning.ansatt.bruker.username == "koordinator.kommune"
    besok.logg_ut()

    # 4. The koordinator is told, accepts the mandate and prints the letter to the patient.
    besok.logg_inn("koordinator.kommune")
    page.get_by_role("link", name=re.compile("^Varsler")).click()
    besok.sjekk("varsel-koordinator")
    page.get_by_role("link", name=re.compile("^Du er oppnevnt")).first.click()
    assert "Samordne tjenestene i kommunen" in page.content()
    besok.sjekk("oppnevning")
    page.get_by_role("button", name="Aksepter mandatet").click()
    besok.sjekk("mandat-akseptert")
    oppnevning.refresh_from_db()
    assert oppnevning.mandat_akseptert_tid is not None
    svar = page.request.get(besok.base + f"/oppnevninger/{oppnevning.pk}/brev/")
    assert svar.status == 200 and svar.headers["content-type"] == "application/pdf"
    besok.logg_ut()

    # 5. The hospital reads the answer in its own thread; the message is closed.
    besok.logg_inn("koordinator.sykehus")
    besok.goto(f"/meldinger/{melding.pk}/")
    traad = page.content()
    assert "Oppnevnt: Solveig Haugen som koordinator" in traad
    besok.sjekk("svar-i-traaden")
    melding.refresh_from_db()
    assert melding.status in (Melding.Status.BESVART, Melding.Status.BEHANDLET)
