import pytest

from demo.oppsett import DEMO_BRUKERE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_hver_demobruker_logger_inn_og_ser_sin_startside(besok, demo_live):
    org_navn = {o.organisasjonsnummer: o.navn for o in demo_live.values()}
    for demobruker in DEMO_BRUKERE:
        besok.logg_inn(demobruker.brukernavn)
        page = besok.page
        assert page.url == besok.base + "/"
        assert page.get_by_role("heading", level=1).inner_text() == "Mitt arbeid i dag"
        besok.sjekk(f"start-{demobruker.brukernavn}")
        # Issue 13: organisation, units and role moved to «Min profil», linked from the menu.
        page.get_by_role("navigation", name="Hovedmeny").get_by_role(
            "link", name="Min profil"
        ).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1).inner_text() == "Min profil"
        assert (
            org_navn[demobruker.organisasjonsnummer]
            in page.get_by_test_id("organisasjon").inner_text()
        )
        enheter = page.get_by_test_id("enheter").inner_text()
        assert demobruker.enhet in enheter
        assert demobruker.rolle in enheter
        besok.sjekk(f"profil-{demobruker.brukernavn}")
        besok.logg_ut()


def test_startsiden_fungerer_paa_smal_skjerm_og_200_prosent_zoom(besok, demo_live):
    besok.logg_inn("leder.sykehus")
    besok.page.set_viewport_size({"width": 320, "height": 640})
    bredde = besok.page.evaluate("document.documentElement.scrollWidth")
    assert bredde <= 320, f"siden ruller sidelengs på smal skjerm ({bredde}px)"
    besok.sjekk("start-smal")
    besok.page.set_viewport_size({"width": 1280, "height": 900})
    besok.page.evaluate("document.body.style.zoom = '200%'")
    besok.sjekk("start-zoom-200")


def test_hopp_til_innhold_er_forste_tabulatorstopp_og_synlig(besok, demo_live):
    besok.logg_inn("koordinator.kommune")
    besok.page.keyboard.press("Tab")
    fokus = besok.page.evaluate("document.activeElement.textContent.trim()")
    assert fokus == "Hopp til hovedinnhold"
    synlig = besok.page.evaluate("document.activeElement.getBoundingClientRect().height")
    assert synlig > 10
    besok.sjekk("hopp-til-innhold-fokus")


def test_ukjent_side_er_norsk_og_tilgjengelig(besok, demo_live):
    besok.logg_inn("koordinator.sykehus")
    besok.goto("/finnes-ikke/")
    assert "Fant ikke siden" in besok.page.content()
    besok.sjekk("404")
