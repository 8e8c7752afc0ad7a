"""Browser journeys: Playwright's Python API driving Debian's chromium, axe-core from npm.

Where chromium is missing the journeys skip loudly; with REQUIRE_BROWSER=1 (set by .ci/run) a
missing browser fails the run instead.
"""

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from demo.oppsett import demo_brukere_opprett, demo_organisasjoner_opprett, demo_pasienter_opprett

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Every id on the page once only (two open forms must not share id="id_beskrivelse").
DOBBELTE_ID = """() => {
  const sett = new Map();
  document.querySelectorAll("[id]").forEach(e => sett.set(e.id, (sett.get(e.id) || 0) + 1));
  return [...sett].filter(([, n]) => n > 1).map(([id]) => id);
}"""


def _missing_tooling() -> str | None:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return f"chromium finnes ikke på {CHROMIUM} (apt-get install chromium)"
    if not AXE_JS.exists():
        return f"axe-core mangler ({AXE_JS}); kjør npm ci"
    return None


@pytest.fixture(scope="session")
def browser():
    problem = _missing_tooling()
    if problem:
        message = f"NETTLESERTESTENE KJØRES IKKE: {problem}"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def csp_vakt(context) -> list[str]:
    """Collects every Content-Security-Policy refusal Chromium reports on the console in this
    context ("Refused to execute inline script because it violates the following Content
    Security Policy directive …", "Applying inline style violates …"); a test with any fails."""
    brudd: list[str] = []

    def konsoll(melding):
        if "Content Security Policy" in melding.text or melding.text.startswith("Refused to"):
            brudd.append(f"{melding.location.get('url', '')}: {melding.text}")

    context.on("console", konsoll)
    return brudd


class Besok:
    """One browser context for a test: every page visited gets an axe check and a screenshot,
    and no page may break the Content-Security-Policy."""

    def __init__(self, browser, live_server, test_name: str):
        self.context = browser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
        # axe is injected by the browser itself (not as an inline <script>, which the policy
        # refuses) into every page before the page's own scripts run.
        self.context.add_init_script(path=AXE_JS)
        self.csp_brudd = csp_vakt(self.context)
        self.page = self.context.new_page()
        self.base = live_server.url
        self.folder = SCREENSHOTS / re.sub(r"[^\w.-]", "_", test_name)
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def goto(self, path: str):
        """Open a path on the live server; returns the HTTP response (for its status)."""
        return self.page.goto(self.base + path)

    def sjekk(self, navn: str) -> None:
        """Screenshot the page and assert zero axe violations for WCAG 2.0/2.1 A and AA, no id
        used twice and no Content-Security-Policy refusal so far."""
        self.count += 1
        self.page.screenshot(path=self.folder / f"{self.count:02d}-{navn}.png", full_page=True)
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
        )
        violations = [
            {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]
        ]
        assert violations == [], f"axe på {self.page.url}:\n{json.dumps(violations, indent=2)}"
        dobbelt = self.page.evaluate(DOBBELTE_ID)
        assert dobbelt == [], f"id brukt mer enn én gang på {self.page.url}: {dobbelt}"
        brudd, self.csp_brudd[:] = list(self.csp_brudd), []  # reported once, here
        assert brudd == [], "Content-Security-Policy brutt:\n" + "\n".join(brudd)

    def logg_inn(self, brukernavn: str, passord: str = "demo") -> None:
        self.goto("/logg-inn/")
        self.sjekk(f"innlogging-{brukernavn}")
        self.page.get_by_label("Brukernavn").fill(brukernavn)
        self.page.get_by_label("Passord").fill(passord)
        self.page.get_by_role("button", name="Logg inn").click()
        self.page.wait_for_load_state()

    def logg_inn_innbygger(self, sub: str) -> None:
        """Min plan: through the local ID-porten provider (the `helseid` fixture), as `sub`."""
        self.goto("/min/logg-inn/idporten/")
        velg_hos_leverandor(self.page, sub)

    def logg_ut(self) -> None:
        self.page.get_by_role("button", name="Logg ut").click()
        self.page.wait_for_load_state()


def velg_hos_leverandor(page, sub: str) -> None:
    """At the local OIDC provider's form: log in as `sub`."""
    # The provider's page loads a stylesheet from a CDN (no network here): wait for its form.
    page.locator("input[name=sub]").wait_for()
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


@pytest.fixture
def besok(browser, live_server, request):
    visit = Besok(browser, live_server, request.node.name)
    yield visit
    visit.context.close()
    assert visit.csp_brudd == [], "Content-Security-Policy brutt:\n" + "\n".join(visit.csp_brudd)


@pytest.fixture
def demo_live(transactional_db):
    organisasjoner = demo_organisasjoner_opprett()
    demo_brukere_opprett(organisasjoner)
    demo_pasienter_opprett()
    return organisasjoner
