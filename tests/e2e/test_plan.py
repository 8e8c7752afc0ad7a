"""The kommune koordinator makes a plan with two goals and three measures, publishes version 1
and downloads the PDF; the hospital koordinator, covered by the consent, sees only the shared
parts; after the consent is withdrawn the hospital koordinator gets 404."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from individuellplan.models import IndividuellPlan
from koordinering import services
from koordinering.models import Organisasjon, Pasient, PlanDel, Samtykke

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _del_bare_maal_og_tiltak_med_sykehuset(ola: Pasient) -> None:
    """Replace Ola's consent: plan process, shared with both levels, but only goals and
    measures may be shown to the hospital."""
    koordinator = get_user_model().objects.get(username="koordinator.kommune")
    for samtykke in ola.samtykker.gyldige().select_related("dokumentert_av__bruker"):
        # Withdrawn by the organisation that documented it (the hospital), as the rules say.
        services.samtykke_trekk_tilbake(
            actor=samtykke.dokumentert_av.bruker, samtykke=samtykke, grunn="Fornyes"
        )
    services.samtykke_registrer(
        actor=koordinator,
        pasient=ola,
        gjelder_planprosess=True,
        plandeler=[PlanDel.MAAL, PlanDel.TILTAK],
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=timezone.localdate(),
        gyldig_til=None,
        organisasjoner=list(
            Organisasjon.objects.filter(navn__in=["Helse Vestfjord HF", "Fjordvik kommune"])
        ),
    )


def _legg_til(page, seksjon: str, lenke: str, felter: dict[str, str]) -> None:
    page.get_by_role("link", name=lenke).click()
    skjema = page.locator(f"#{seksjon}-skjema form")
    skjema.wait_for()
    for etikett, verdi in felter.items():
        felt = skjema.get_by_label(re.compile(f"^{etikett}"))
        if verdi is True:
            felt.check()
        else:
            felt.fill(verdi)
    skjema.get_by_role("button", name="Lagre").click()
    skjema.wait_for(state="detached")


def test_plan_lages_publiseres_skrives_ut_og_deles_etter_samtykke(besok, demo_live, tmp_path):
    page = besok.page
    ola = Pasient.objects.get(fornavn="Ola")
    _del_bare_maal_og_tiltak_med_sykehuset(ola)

    # 1. The kommune koordinator creates the plan from the patient page.
    besok.logg_inn("koordinator.kommune")
    besok.goto(f"/pasienter/{ola.pk}/")
    besok.sjekk("pasientside")
    page.get_by_role("navigation", name="Pasientsiden").get_by_role("link", name="Plan").click()
    besok.sjekk("pasientside-plan")
    page.get_by_role("link", name="Opprett individuell plan").click()
    besok.sjekk("opprett-plan")
    page.get_by_label(re.compile("^Pasientens ressurser")).fill(
        "Kona og sønnen hjelper til. Liker å fiske."
    )
    page.get_by_label(re.compile("^Pasientens behov")).fill(
        "Pust og energi i hverdagen, trygg hjemkomst."
    )
    page.get_by_role("button", name="Opprett plan").click()
    assert "Planen er opprettet som utkast" in page.content()
    besok.sjekk("plan-ny")

    # 2. Two goals and three measures, edited in place.
    _legg_til(
        page,
        "maal",
        "Legg til mål",
        {"Målet med pasientens egne ord": "Jeg vil klare meg hjemme med kona"},
    )
    _legg_til(
        page,
        "maal",
        "Legg til mål",
        {"Målet med pasientens egne ord": "Gå til brygga og fiske i sommer"},
    )
    assert page.get_by_test_id("maal").locator("li").count() == 2
    besok.sjekk("plan-to-maal")
    for tiltak, omfang, ansvarlig in [
        ("Hjemmesykepleie", "Daglig", "Hjemmetjenesten, Fjordvik"),
        ("Fysioterapi", "To ganger i uka", "Fysioterapitjenesten"),
        ("Oksygenbehandling", "Ved behov", "Lungepoliklinikken, Helse Vestfjord"),
    ]:
        _legg_til(
            page,
            "tiltak",
            "Legg til tiltak",
            {
                "Tiltak": tiltak,
                "Omfang eller hyppighet": omfang,
                "Ansvarlig tjeneste": ansvarlig,
                "Hvordan tiltaket gjennomføres": f"{tiltak} etter avtale med Ola",
            },
        )
    assert page.get_by_test_id("tiltak").locator("tbody tr").count() == 3
    besok.sjekk("plan-tre-tiltak")

    # An evaluation: one assessment per goal, and the next evaluation date moves.
    page.get_by_role("link", name="Evaluer planen").click()
    besok.sjekk("evaluering")
    page.get_by_label(re.compile("^Samlet vurdering")).fill(
        "God fremgang, trenger mer hjelp om morgenen."
    )
    neste = page.get_by_label(re.compile("^Neste evaluering"))
    neste.fill((timezone.localdate() + timedelta(days=60)).isoformat())
    for gruppe in page.locator("fieldset").all():
        gruppe.get_by_label("Delvis nådd").check()
    page.get_by_role("button", name="Lagre").click()
    assert "Evalueringen er registrert" in page.content()
    assert page.locator("#evaluering").get_by_text("delvis nådd").count() == 2

    # 3. Publish version 1 and download its PDF.
    page.get_by_role("button", name="Ta planen i bruk").click()
    page.get_by_role("button", name="Publiser versjon").click()
    assert "Versjon 1 er publisert" in page.content()
    page.get_by_role("link", name="Versjon 1").click()
    besok.sjekk("versjon-1")
    with page.expect_download() as nedlasting:
        page.get_by_role("link", name="Last ned PDF").click()
    pdf = tmp_path / "plan.pdf"
    nedlasting.value.save_as(pdf)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Jeg vil klare meg hjemme med kona" in tekst
    assert "Oksygenbehandling" in tekst and "Fysioterapitjenesten" in tekst
    assert "Side 1 av" in tekst
    besok.logg_ut()

    # 4. The hospital koordinator sees only goals and measures.
    plan = IndividuellPlan.objects.get(pasient=ola)
    besok.logg_inn("koordinator.sykehus")
    besok.goto(f"/planer/{plan.pk}/")
    assert page.locator("#maal").count() == 1 and page.locator("#tiltak").count() == 1
    assert page.locator("#deltakere").count() == 0 and page.locator("#samarbeid").count() == 0
    assert "Pasientens ressurser" in page.content()
    besok.sjekk("plan-sykehus-delvis")
    besok.logg_ut()

    # 5. The consent is withdrawn: the hospital koordinator gets 404 on the next request.
    besok.logg_inn("koordinator.kommune")
    besok.goto(f"/pasienter/{ola.pk}/")
    page.get_by_role("navigation", name="Pasientsiden").get_by_role(
        "link", name="Samtykker og pårørende"
    ).click()
    page.get_by_role("link", name=re.compile("^Trekk tilbake")).first.click()
    besok.sjekk("trekk-samtykke")
    page.get_by_label(re.compile("^Hvorfor trekkes samtykket")).fill("Pasienten ønsker ikke deling")
    page.get_by_role("button", name="Trekk tilbake samtykket").click()
    assert "trukket tilbake" in page.content()
    besok.logg_ut()
    besok.logg_inn("koordinator.sykehus")
    svar = besok.goto(f"/planer/{plan.pk}/")
    assert svar.status == 404
    assert "Fant ikke siden" in page.content()
    assert "Jeg vil klare meg" not in page.content()
    besok.sjekk("plan-sykehus-404")
