"""The HelseID journey in the browser against a real local OIDC provider (oidc-provider-mock
on 127.0.0.1, tests/oidc_leverandor.py): right level in; too low level, a tampered nonce and an
unknown HPR number refused in Norwegian."""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKJERMBILDER = Path("/work/prompts/shots")


def skjermbilde(besok, navn):
    if SKJERMBILDER.is_dir():
        besok.page.screenshot(path=SKJERMBILDER / f"innlogging-{navn}.png", full_page=True)


def velg_hos_leverandor(besok, sub, adresse=r".*/oauth2/authorize.*"):
    page = besok.page
    # The provider's page loads a stylesheet from a CDN (no network here): wait for its form.
    page.locator("input[name=sub]").wait_for()
    assert re.match(adresse, page.url), page.url
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_helseid_med_niva_4_logger_inn_og_viser_hpr(besok, demo_live, helseid):
    besok.goto("/logg-inn/")
    besok.sjekk("logg-inn-med-helseid")
    skjermbilde(besok, "1-logg-inn")
    besok.page.get_by_role("link", name="Logg inn med HelseID").click()
    velg_hos_leverandor(besok, "lege")
    page = besok.page
    assert page.url == besok.base + "/"
    assert page.get_by_role("heading", level=1).inner_text() == "Mitt arbeid i dag"
    assert "Håkon Aas" in page.get_by_test_id("dagens-dato").inner_text()
    besok.sjekk("innlogget-med-helseid")
    skjermbilde(besok, "2-innlogget")
    besok.goto("/profil/")
    assert page.get_by_test_id("hpr-nummer").inner_text() == "9000007"
    assert helseid.vakt.avviste == []


@pytest.mark.parametrize(
    ("sub", "melding"),
    [
        ("lege-lavt-niva", "ikke høyt nok sikkerhetsnivå"),
        ("ukjent-hpr", "fant ingen ansatt"),
    ],
)
def test_helseid_avviser_lavt_niva_og_ukjent_hpr(besok, demo_live, helseid, sub, melding):
    besok.goto("/logg-inn/")
    besok.page.get_by_role("link", name="Logg inn med HelseID").click()
    velg_hos_leverandor(besok, sub)
    varsel = besok.page.get_by_test_id("avvist")
    assert melding in varsel.inner_text()
    assert besok.page.get_by_role("heading", level=1).inner_text() == "Innloggingen ble avvist"
    besok.sjekk(f"avvist-{sub}")
    skjermbilde(besok, f"3-avvist-{sub}")
    besok.goto("/")
    assert "/logg-inn/" in besok.page.url


def test_helseid_avviser_feil_nonce(besok, demo_live, helseid):
    """An attacker's authorization request (another nonce) is answered, but the ID token's
    nonce does not match the one this browser's session stored."""

    def bytt_nonce(route):
        svar = route.fetch(max_redirects=0)
        url = re.sub(r"nonce=[^&]+", "nonce=angriperens-nonce", svar.headers["location"])
        route.fulfill(response=svar, headers={**svar.headers, "location": url})

    besok.page.route(re.compile(r".*/logg-inn/helseid/$"), bytt_nonce)
    besok.page.route(re.compile(r"https://cdn\.jsdelivr\.net/.*"), lambda route: route.abort())
    besok.goto("/logg-inn/")
    besok.page.get_by_role("link", name="Logg inn med HelseID").click()
    velg_hos_leverandor(besok, "lege", r".*/oauth2/authorize.*nonce=angriperens-nonce.*")
    assert "hørte ikke til denne innloggingen" in besok.page.get_by_test_id("avvist").inner_text()
    besok.sjekk("avvist-nonce")
    skjermbilde(besok, "4-avvist-nonce")
    besok.goto("/")
    assert "/logg-inn/" in besok.page.url
