"""The patient withdraws a sharing consent in Min plan (360 px, axe on every page), and the
hospital koordinator's next request to the shared plan is 404 (issue 16, «Verified by»)."""

from pathlib import Path

import pytest
from django.test import Client

from individuellplan import services as plan_services
from koordinering import services
from koordinering.models import PlanDel, Samtykke
from tests.e2e.conftest import velg_hos_leverandor
from tests.individuellplan.verden import bygg_verden, del_med, fyll_plan, ny_plan
from tests.oidc_leverandor import PID_PASIENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MOBIL = {"width": 360, "height": 780}
SKJERMBILDER = Path("/work/prompts/shots")


def skjermbilde(besok, navn):
    if SKJERMBILDER.is_dir():
        besok.page.screenshot(path=SKJERMBILDER / f"minplan-{navn}.png", full_page=True)


@pytest.fixture
def verden(transactional_db):
    v = bygg_verden()
    v.pasient.fodselsnummer = PID_PASIENT  # «kari» at the local ID-porten provider
    v.pasient.save()
    plan = fyll_plan(v, ny_plan(v)).plan
    plan_services.plan_aktiver(actor=v.brukere["koordinator"], plan=plan)
    plan_services.plan_publiser(actor=v.brukere["koordinator"], plan=plan)
    services.samtykke_registrer(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        parorende=[v.parorende],
        eksterne=[("Per Hansen", "kontaktlærer, Fjordvik skole")],
        plandeler=[PlanDel.MAAL],
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.MUNTLIG,
        gyldig_fra=v.plansamtykke.gyldig_fra,
    )
    deling = del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL, PlanDel.TILTAK])
    return v, plan, deling


def test_pasienten_trekker_samtykket_og_sykehuset_far_404(besok, helseid, verden):
    v, plan, deling = verden
    sykehus = Client()
    sykehus.force_login(v.brukere["sykehuskoordinator"])
    assert sykehus.get(f"/planer/{plan.pk}/").status_code == 200

    page = besok.page
    page.set_viewport_size(MOBIL)
    besok.goto("/min/samtykke/")
    page.get_by_role("link", name="Logg inn med ID-porten").click()
    velg_hos_leverandor(page, "kari")
    assert page.url == besok.base + "/min/samtykke/"
    kort = page.get_by_test_id(f"samtykke-{deling.pk}")
    assert str(v.sykehus) in kort.inner_text()
    besok.sjekk("samtykker")
    skjermbilde(besok, "samtykke-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]

    kort.get_by_role("link", name="Trekk tilbake").click()
    assert "Er du sikker?" in page.content()
    besok.sjekk("samtykke-trekk")
    skjermbilde(besok, "samtykke-trekk-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]
    page.get_by_role("button", name="Ja, trekk tilbake samtykket").click()
    page.wait_for_load_state()
    assert "Samtykket er trukket tilbake" in page.content()
    assert "Trukket tilbake digitalt av" in kort.inner_text()
    besok.sjekk("samtykke-trukket")

    # The hospital's very next request.
    assert sykehus.get(f"/planer/{plan.pk}/").status_code == 404

    besok.goto("/min/samtykke/ny/")
    besok.sjekk("samtykke-ny")
    skjermbilde(besok, "samtykke-ny-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]
