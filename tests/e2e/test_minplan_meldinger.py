"""Min plan in the browser: the patient writes to her koordinator at 360 px, the koordinator
reads and answers in the staff inbox, the patient reads the answer and sees that her message
was read («Lest av …»). axe on every page; screenshots to /work/prompts/shots when it exists."""

from pathlib import Path

import pytest

from koordinering.models import Ansatt, Medlemskap
from tests.factories import OppnevningFactory, PasientFactory, TilknytningFactory
from tests.oidc_leverandor import PID_PASIENT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKJERMBILDER = Path("/work/prompts/shots")
MOBIL = {"width": 360, "height": 780}


def skjermbilde(besok, navn):
    if SKJERMBILDER.is_dir():
        besok.page.screenshot(path=SKJERMBILDER / f"minplan-{navn}.png", full_page=True)


@pytest.fixture
def kari(demo_live):
    pasient = PasientFactory(fodselsnummer=PID_PASIENT, fornavn="Kari", etternavn="Nordmann")
    k = Ansatt.objects.get(bruker__username="koordinator.kommune")
    enhet = Medlemskap.objects.filter(ansatt=k).first().enhet
    OppnevningFactory(pasient=pasient, ansatt=k, enhet=enhet)
    TilknytningFactory(pasient=pasient, enhet=enhet)
    return pasient


def test_innbygger_skriver_koordinator_svarer_innbygger_ser_svar_og_lest(besok, helseid, kari):
    page = besok.page
    page.set_viewport_size(MOBIL)
    besok.logg_inn_innbygger("kari")
    page.get_by_role("link", name="Meldinger").click()
    besok.sjekk("meldinger-tom")
    assert page.get_by_role("link", name="Skriv en ny melding").is_visible()
    # From «Hvem hjelper meg»: «Send melding» to the koordinator opens the form with her chosen.
    besok.goto("/min/kontakter/")
    page.get_by_role("link", name="Send melding til Solveig Haugen").click()
    page.wait_for_load_state()
    besok.sjekk("melding-ny")
    assert page.get_by_label("Solveig Haugen (koordinator)").is_checked()
    page.get_by_label("Hva gjelder det?").fill("Spørsmål om møtet")
    page.get_by_label("Melding").fill("Kan vi flytte møtet til tirsdag? <b>takk</b>")
    page.get_by_role("button", name="Send meldingen").click()
    page.wait_for_load_state()
    assert "Meldingen er sendt." in page.get_by_role("status").inner_text()
    assert "Ikke lest ennå" in page.get_by_test_id("innbyggermeldinger").inner_text()
    traad_url = page.url
    besok.sjekk("melding-traad-sendt")
    besok.context.clear_cookies()

    # The koordinator: the inbox tab «Fra innbyggere», opens the thread, answers.
    page.set_viewport_size({"width": 1280, "height": 900})
    besok.logg_inn("koordinator.kommune")
    besok.goto("/meldinger/")
    page.get_by_role("link", name="Fra innbyggere").click()
    assert "Ulest" in page.get_by_test_id("innbyggertraader").inner_text()
    besok.sjekk("stab-innbyggertraader")
    page.get_by_role("link", name="Spørsmål om møtet").click()
    assert "<b>takk</b>" in page.get_by_test_id("innbyggermeldinger").inner_text()
    besok.sjekk("stab-innbyggertraad")
    page.get_by_label("Svaret ditt").fill("Ja, tirsdag kl. 10 passer fint.")
    page.get_by_role("button", name="Send svaret").click()
    page.wait_for_load_state()
    assert "Svaret er sendt" in page.get_by_role("status").inner_text()
    besok.context.clear_cookies()

    # The patient again: the answer, and «Lest av Solveig Haugen …» on her own message.
    page.set_viewport_size(MOBIL)
    besok.logg_inn_innbygger("kari")
    besok.goto("/min/meldinger/")
    assert "Nytt svar" in page.get_by_test_id("traader").inner_text()
    page.goto(traad_url)
    traad = page.get_by_test_id("innbyggermeldinger").inner_text()
    assert "Ja, tirsdag kl. 10 passer fint." in traad
    assert "Lest av Solveig Haugen" in traad
    besok.sjekk("melding-traad-besvart")
    skjermbilde(besok, "melding-traad-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]

    # Notification settings: SMS to a Norwegian mobile number.
    besok.goto("/min/varsler/")
    page.get_by_label("SMS").check()
    page.get_by_label("Mobilnummer").fill("12")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "8 siffer" in page.content()
    besok.sjekk("varsler-feil")
    page.get_by_label("Mobilnummer").fill("+47 912 34 567")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "Valget ditt er lagret." in page.get_by_role("status").inner_text()
    skjermbilde(besok, "varsler-360")
