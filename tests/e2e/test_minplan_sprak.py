"""Min plan in bokmål and nynorsk in the browser: every /min/ page at 640 px (1280 px at 200 %
zoom) and 320 px without sideways scrolling, the language switch and «Logg ut» reachable by Tab
with a visible focus ring, axe-clean in both languages. Screenshots at 360 px go to /tmp."""

import pytest

from tests.e2e.test_minplan import kari  # noqa: F401 (fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SIDER = ("/min/", "/min/plan/", "/min/innsyn/")
BREDDER = (640, 320)
# The focused element's outline or box-shadow: something a sighted keyboard user can see.
FOKUS = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const ring = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {tekst: e.innerText.trim(), synlig: ring || s.boxShadow !== 'none'};
}"""


def _ingen_sidelengs(besok, hvor: str, bredde: int) -> None:
    page = besok.page
    page.set_viewport_size({"width": bredde, "height": 800})
    bred = page.evaluate("document.documentElement.scrollWidth")
    assert bred <= bredde, f"{hvor} ved {bredde} px: {bred} px bred (rulles sidelengs)"


def _tab_til(besok, navn: str, maks: int = 25) -> dict:
    page = besok.page
    page.locator("body").focus()
    for _ in range(maks):
        page.keyboard.press("Tab")
        fokus = page.evaluate(FOKUS)
        if navn in fokus["tekst"]:
            return fokus
    raise AssertionError(f"{navn!r} nås ikke med Tab på {page.url}")


def _bytt_spraak(besok, til: str) -> None:
    knapp = besok.page.get_by_test_id("sprakvalg").get_by_role("button")
    assert til in knapp.inner_text()
    # The switch posts and comes back to the same URL: wait for that navigation, not the old page.
    with besok.page.expect_navigation():
        knapp.click()


def test_begge_spraak_ved_200_prosent_og_med_tastatur(besok, helseid, kari):  # noqa: F811
    page = besok.page
    page.set_viewport_size({"width": 360, "height": 780})
    besok.goto("/min/logg-inn/")
    for sprak, bytt_til, lang in (("bokmaal", "Nynorsk", "nb"), ("nynorsk", "Bokmål", "nn")):
        if sprak == "nynorsk":
            besok.goto("/min/logg-inn/")
            _bytt_spraak(besok, "Nynorsk")
        assert page.locator("html").get_attribute("lang") == lang
        for bredde in BREDDER:
            _ingen_sidelengs(besok, "/min/logg-inn/", bredde)
        besok.sjekk(f"innlogging-{sprak}")
        assert _tab_til(besok, bytt_til)["synlig"]
        if sprak == "bokmaal":
            besok.logg_inn_innbygger("kari")
        for adresse in SIDER:
            besok.goto(adresse)
            assert page.locator("html").get_attribute("lang") == lang
            for bredde in BREDDER:
                _ingen_sidelengs(besok, adresse, bredde)
            besok.sjekk(f"{sprak}{adresse.replace('/', '-')}")
            assert _tab_til(besok, bytt_til)["synlig"], f"{adresse}: språkvalget uten synlig fokus"
            assert _tab_til(besok, "Logg ut")["synlig"], f"{adresse}: «Logg ut» uten synlig fokus"
        page.set_viewport_size({"width": 360, "height": 780})
        for navn, adresse in (("start", "/min/"), ("plan", "/min/plan/")):
            besok.goto(adresse)
            page.screenshot(path=f"/tmp/sprak-{navn}-{sprak}-360.png", full_page=True)
        overskrift = "Kva som skal gjerast" if lang == "nn" else "Hva som skal gjøres"
        assert page.get_by_role("heading", name=overskrift).is_visible()
    # Back to bokmål with the keyboard: Enter on the focused switch.
    besok.goto("/min/plan/")
    _tab_til(besok, "Bokmål")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == besok.base + "/min/plan/"
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", name="Hva som skal gjøres").is_visible()
