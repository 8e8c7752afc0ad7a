"""«Mine innspill» in the browser: the patient writes a goal in her own words and comments on a
measure in Min plan (360 px); the koordinator logs in, sees both on the start page, takes the
goal into the draft with one action and declines the comment with a reason, and publishes; the
patient sees the new version with her words, the earlier one still there, and the reason.
axe on every page; screenshots go to /work/prompts/shots when it exists."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from individuellplan import services as plan_services
from individuellplan.models import Deltaker, Innspill
from koordinering.models import Ansatt, Pasient
from tests.e2e.conftest import velg_hos_leverandor
from tests.oidc_leverandor import PID_PASIENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKJERMBILDER = Path("/work/prompts/shots")
MOBIL = {"width": 360, "height": 780}
EGET_MAAL = "Jeg vil gå på kafé med venninnene mine hver fredag"
KOMMENTAR = "Morgenbesøket er for tidlig. Kan det være etter klokka ni?"
BEGRUNNELSE = "Hjemmesykepleien kan ikke komme senere nå, vi tar det opp på neste møte."


def skjermbilde(besok, navn):
    if SKJERMBILDER.is_dir():
        besok.page.screenshot(path=SKJERMBILDER / f"innspill-{navn}.png", full_page=True)


@pytest.fixture
def astrid(demo_live):
    """Astrid (demo) as the ID-porten test user «kari», with a published plan."""
    k = get_user_model().objects.get(username="koordinator.kommune")
    astrid = Pasient.objects.get(fornavn="Astrid")
    astrid.fodselsnummer = PID_PASIENT
    astrid.save()
    idag = timezone.localdate()
    plan = plan_services.plan_opprett(
        actor=k,
        pasient=astrid,
        periode_fra=idag,
        periode_til=idag + timedelta(days=365),
        neste_evaluering=idag + timedelta(days=90),
    )
    maal = plan_services.maal_lagre(actor=k, plan=plan, tekst="Klare morgenstellet selv")
    deltaker = plan_services.deltaker_lagre(
        actor=k,
        plan=plan,
        type=Deltaker.Type.ANSATT,
        ansatt=Ansatt.objects.get(bruker=k),
        rolle="Koordinator",
        bidrag="Følger opp planen",
    )
    plan_services.tiltak_lagre(
        actor=k,
        plan=plan,
        maal=[maal],
        beskrivelse="Hjemmesykepleie morgen",
        omfang="Daglig",
        ansvarlig=deltaker,
        gjennomforing="Morgenbesøk",
        fra=idag,
    )
    plan_services.plan_aktiver(actor=k, plan=plan)
    plan_services.plan_publiser(actor=k, plan=plan)
    return astrid


def test_pasientens_ord_inn_i_planen(besok, helseid, astrid):
    page = besok.page
    page.set_viewport_size(MOBIL)
    besok.goto("/min/logg-inn/idporten/")
    velg_hos_leverandor(page, "kari")

    # The patient writes a goal in her own words ...
    besok.goto("/min/innspill/")
    page.get_by_label("Hva vil du oppnå?").fill(EGET_MAAL)
    page.get_by_role("button", name="Send til koordinatoren").click()
    page.wait_for_load_state()
    assert "Målet ditt er sendt" in page.content()
    # ... and comments on a measure from the plan page.
    besok.goto("/min/plan/")
    besok.sjekk("plan-med-kommenter")
    page.get_by_role("link", name="Kommenter «Hjemmesykepleie morgen»").click()
    page.wait_for_load_state()
    besok.sjekk("kommentar-skjema")
    page.get_by_label("Din kommentar").fill(KOMMENTAR)
    page.get_by_role("button", name="Send til koordinatoren").click()
    page.wait_for_load_state()
    assert page.url.endswith("/min/innspill/")
    liste = page.get_by_test_id("mine-innspill").inner_text()
    assert EGET_MAAL in liste and KOMMENTAR in liste and "Venter på koordinatoren" in liste
    besok.sjekk("mine-innspill")
    skjermbilde(besok, "mine-innspill-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]
    besok.context.clear_cookies()

    # The koordinator sees both on the start page and takes them into the plan.
    page.set_viewport_size({"width": 1280, "height": 900})
    besok.logg_inn("koordinator.kommune")
    besok.goto("/")
    rader = page.locator('tr[data-type="innspill"]')
    assert rader.count() == 2
    assert "Nytt mål fra pasienten" in page.get_by_test_id("mine-frister").inner_text()
    besok.sjekk("startside-med-innspill")
    skjermbilde(besok, "startside-1280")
    rader.first.get_by_role("link", name="Se innspillet").click()
    page.wait_for_load_state()
    besok.sjekk("plan-med-innspill")
    nye = page.get_by_test_id("nye-innspill")
    # The goal goes into the draft with one action, in her words ...
    nye.locator("li", has_text=EGET_MAAL).get_by_role("button", name="Ta inn i utkastet").click()
    page.wait_for_load_state()
    assert "tatt inn i planen med pasientens egne ord" in page.content()
    assert page.get_by_test_id("maal").get_by_text("Pasientens egne ord").count() == 1
    # ... and the comment is declined, with a reason she will see.
    nye.locator("li", has_text=KOMMENTAR).get_by_role("link", name="Ikke ta inn").click()
    page.wait_for_load_state()
    besok.sjekk("ikke-ta-inn")
    page.get_by_role("button", name="Ikke ta inn").click()
    page.wait_for_load_state()
    assert "Skriv kort hvorfor innspillet ikke tas inn." in page.content()
    page.get_by_label("Hvorfor tas innspillet ikke inn?").fill(BEGRUNNELSE)
    page.get_by_role("button", name="Ikke ta inn").click()
    page.wait_for_load_state()
    assert "Ingen nye innspill." in page.content()
    page.get_by_role("button", name="Publiser versjon").click()
    page.wait_for_load_state()
    assert "Versjon 2 er publisert" in page.content()
    tatt_inn = Innspill.objects.get(status=Innspill.Status.TATT_INN)
    assert tatt_inn.nytt_maal.tekst == EGET_MAAL and tatt_inn.nytt_maal.egne_ord
    assert Innspill.objects.get(status=Innspill.Status.IKKE_TATT_INN).begrunnelse == BEGRUNNELSE
    besok.logg_ut()
    besok.context.clear_cookies()

    # The patient sees the new version with her words, and the earlier version is still there.
    page.set_viewport_size(MOBIL)
    besok.goto("/min/logg-inn/idporten/")
    velg_hos_leverandor(page, "kari")
    besok.goto("/min/plan/")
    assert EGET_MAAL in page.get_by_test_id("maal").inner_text()
    assert page.get_by_test_id("egne-ord").count() == 1
    assert KOMMENTAR not in page.get_by_test_id("tiltak").inner_text()
    besok.sjekk("plan-versjon-2")
    skjermbilde(besok, "plan-versjon-2-360")
    besok.goto("/min/plan/versjoner/")
    besok.sjekk("versjoner")
    assert "Versjon 1" in page.get_by_test_id("versjoner").inner_text()
    page.get_by_role("link", name="Versjon 1", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("eldre-versjon").is_visible()
    assert EGET_MAAL not in page.content()
    besok.goto("/min/innspill/")
    mine = page.get_by_test_id("mine-innspill").inner_text()
    assert "Tatt inn i planen" in mine and "Ikke tatt inn" in mine and BEGRUNNELSE in mine
    besok.sjekk("mine-innspill-behandlet")
