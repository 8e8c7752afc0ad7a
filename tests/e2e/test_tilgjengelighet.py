"""Every screen that the journeys do not pass through, checked with axe (WCAG 2.0/2.1 A and
AA) as the people who use them: forms empty, and forms with errors."""

import pytest

from koordinering.models import Ansatt, Oppnevning, Pasient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_skjermbildene_for_leder_og_ke_er_tilgjengelige(besok, demo_live):
    astrid = Pasient.objects.get(fornavn="Astrid")
    oppnevning = Oppnevning.objects.get(pasient=astrid)
    samtykke = astrid.samtykker.first()
    tilknytning = astrid.tilknytninger.first()

    besok.logg_inn("leder.kommune")
    for navn, sti in [
        ("sok", "/pasienter/sok/"),
        ("ny-pasient", "/pasienter/ny/"),
        ("pasientside", f"/pasienter/{astrid.pk}/"),
        *(
            (f"pasientside-{del_}", f"/pasienter/{astrid.pk}/?del={del_}")
            for del_ in ("plan", "ansvarsgruppe", "meldinger", "samtykker", "historikk")
        ),
        ("endre-pasient", f"/pasienter/{astrid.pk}/endre/"),
        ("ny-parorende", f"/pasienter/{astrid.pk}/parorende/ny/"),
        ("nytt-samtykke", f"/pasienter/{astrid.pk}/samtykker/ny/"),
        ("ny-tilknytning", f"/pasienter/{astrid.pk}/tilknytninger/ny/"),
        ("meld-behov", f"/pasienter/{astrid.pk}/behov/ny/"),
        ("trekk-samtykke", f"/samtykker/{samtykke.pk}/trekk/"),
        ("avslutt-tilknytning", f"/tilknytninger/{tilknytning.pk}/avslutt/"),
        ("avslutt-oppnevning", f"/oppnevninger/{oppnevning.pk}/avslutt/"),
        ("bytt-oppnevning", f"/oppnevninger/{oppnevning.pk}/bytt/"),
        ("behov-liste", "/behov/"),
        ("opprett-plan", f"/pasienter/{astrid.pk}/plan/ny/"),
    ]:
        svar = besok.goto(sti)
        assert svar.status == 200, sti
        besok.sjekk(navn)

    # A form with errors: the error summary and the field messages must pass axe too.
    besok.goto("/pasienter/ny/")
    besok.page.get_by_role("button", name="Lagre").click()
    assert "Skjemaet har feil som må rettes" in besok.page.content()
    besok.sjekk("ny-pasient-med-feil")
    besok.goto(f"/pasienter/{astrid.pk}/samtykker/ny/")
    besok.page.get_by_role("button", name="Lagre").click()
    assert "Skjemaet har feil som må rettes" in besok.page.content()
    besok.sjekk("samtykke-med-feil")
    besok.logg_ut()

    besok.logg_inn("ke.kommune")
    koordinator = Ansatt.objects.get(bruker__username="koordinator.kommune")
    for navn, sti in [
        ("ke-behov", "/behov/"),
        ("ke-tilgangslogg", "/tilgangslogg/"),
        ("ke-tilgangslogg-ansatt", f"/tilgangslogg/{koordinator.pk}/"),
        ("ke-pasientside", f"/pasienter/{astrid.pk}/"),
        ("ke-pasientside-tilgangslogg", f"/pasienter/{astrid.pk}/?del=tilgangslogg"),
    ]:
        svar = besok.goto(sti)
        assert svar.status == 200, sti
        besok.sjekk(navn)


def test_meldinger_og_varsler_er_tilgjengelige_ogsaa_med_feil(besok, demo_live):
    from meldinger.models import Melding

    nils = Pasient.objects.get(fornavn="Nils")
    innlagt = Melding.objects.get(type="innlagt")

    besok.logg_inn("ke.kommune")
    for navn, sti in [
        ("innboks", "/meldinger/"),
        ("sendt", "/meldinger/?boks=ut"),
        ("organisasjonen", "/meldinger/?boks=organisasjon&type=innlagt&status=ubesvart"),
        ("melding", f"/meldinger/{innlagt.pk}/"),
        ("varsler", "/varsler/"),
        ("varslingsvalg", "/varsler/innstillinger/"),
    ]:
        svar = besok.goto(sti)
        assert svar.status == 200, sti
        besok.sjekk(navn)

    # Forms with errors: an empty reply, a forward without a unit, taking in without a unit.
    page = besok.page
    for knapp, navn in [
        ("Send svar", "svar"),
        ("Videresend", "videresend"),
        ("Ta imot", "ta-imot"),
    ]:
        besok.goto(f"/meldinger/{innlagt.pk}/")
        page.get_by_role("button", name=knapp, exact=True).click()
        assert "Skjemaet har feil som må rettes" in page.content()
        besok.sjekk(f"{navn}-med-feil")
    besok.logg_ut()

    besok.logg_inn("koordinator.sykehus")
    besok.goto(f"/pasienter/{nils.pk}/meldinger/ny/")
    besok.sjekk("ny-melding")
    page.get_by_role("button", name="Send melding").click()
    assert "Skjemaet har feil som må rettes" in page.content()
    besok.sjekk("ny-melding-med-feil")
    besok.goto("/")
    besok.sjekk("start-med-meldinger")
