"""Min plan's meetings in the browser at 360 px: the patient's guardian answers «kommer ikke»
with a note, downloads the meeting for the calendar, and the koordinator sees the answer on the
meeting page.
axe on every page; screenshots go to /work/prompts/shots when it exists."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from ansvarsgruppe import services as gruppe_services
from ansvarsgruppe.models import Motesvar
from koordinering.models import Pasient
from minplan.models import Representasjon
from tests.oidc_leverandor import PID_VERGE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKJERMBILDER = Path("/work/prompts/shots")
MOBIL = {"width": 360, "height": 780}
KOORDINATOR = "koordinator.kommune"


@pytest.fixture
def mote(demo_live):
    """The demo's Astrid (koordinator.kommune appointed), her guardian Vera logging in, and a
    meeting of her ansvarsgruppe in a week (the group adds Astrid as a member)."""
    astrid = Pasient.objects.get(fornavn="Astrid", etternavn="Solberg")
    Representasjon.objects.create(
        pasient=astrid, fodselsnummer=PID_VERGE, navn="Vera Verge", art="verge"
    )
    k = get_user_model().objects.get(username=KOORDINATOR)
    gruppe = gruppe_services.ansvarsgruppe_opprett(actor=k, pasient=astrid)
    start = (timezone.now() + timedelta(days=7)).replace(hour=9, minute=0, second=0)
    return gruppe_services.mote_innkall(
        actor=k,
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Rådhuset, møterom 2",
        sakspunkter=[("Status", None)],
    )


def test_pasienten_svarer_kommer_ikke_og_koordinatoren_ser_svaret(besok, helseid, mote):
    page = besok.page
    page.set_viewport_size(MOBIL)
    besok.logg_inn_innbygger("verge")
    besok.goto("/min/")
    page.get_by_role("link", name="Møter", exact=True).click()
    page.wait_for_load_state()
    assert "Rådhuset, møterom 2" in page.get_by_test_id("kommende").inner_text()
    besok.sjekk("minplan-moter")
    if SKJERMBILDER.is_dir():
        page.screenshot(path=SKJERMBILDER / "minplan-moter-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]

    page.get_by_test_id("kommende").get_by_role("link").first.click()
    page.wait_for_load_state()
    besok.sjekk("minplan-mote")
    page.get_by_label("Nei, jeg kommer ikke").check()
    page.get_by_label("Vil du si noe til koordinatoren? (valgfritt)").fill("Jeg er på ferie.")
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_load_state()
    assert "Svaret ditt er sendt" in page.content()
    assert "kommer ikke" in page.get_by_test_id("mitt-svar").inner_text()
    besok.sjekk("minplan-mote-besvart")
    if SKJERMBILDER.is_dir():
        page.screenshot(path=SKJERMBILDER / "minplan-mote-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]

    with page.expect_download() as nedlasting:
        page.get_by_test_id("ics").click()
    innhold = Path(nedlasting.value.path()).read_text()
    assert "SUMMARY:Ansvarsgruppemøte" in innhold and "Astrid" not in innhold
    assert Motesvar.objects.get(mote=mote).merknad == "Jeg er på ferie."

    besok.logg_ut()
    besok.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    besok.logg_inn(KOORDINATOR)
    svar = besok.goto(f"/moter/{mote.pk}/")
    assert svar.status == 200, (svar.status, page.url)
    svar = page.get_by_test_id("motesvar").inner_text()
    assert "kommer ikke" in svar and "«Jeg er på ferie.»" in svar
    assert "svart i Min plan av Vera Verge (verge)" in svar
    besok.sjekk("koordinator-ser-svaret")
