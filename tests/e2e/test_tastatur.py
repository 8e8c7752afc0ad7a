"""Forms keep the keyboard user in place: the error summary takes focus and leads to the field;
the plan's in-place forms open with focus in them, have ids of their own, report every error
in one round, and «Avbryt» swaps the section back (a plain link without JavaScript)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from individuellplan import services as plan_services
from koordinering.models import Pasient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AKTIV = """() => {
  const e = document.activeElement;
  return {id: e.id, klasse: e.className, tag: e.tagName, tekst: (e.textContent || "").trim(),
          skjema: e.closest("[id$='-skjema']")?.id || ""};
}"""


def _plan_for_astrid():
    koordinator = get_user_model().objects.get(username="koordinator.kommune")
    idag = timezone.localdate()
    return plan_services.plan_opprett(
        actor=koordinator,
        pasient=Pasient.objects.get(fornavn="Astrid"),
        periode_fra=idag,
        periode_til=idag + timedelta(days=365),
        neste_evaluering=idag + timedelta(days=90),
    )


def test_feiloppsummeringen_paa_en_hel_side_faar_fokus_og_leder_til_feltet(besok, demo_live):
    page = besok.page
    besok.logg_inn("koordinator.kommune")
    besok.goto("/pasienter/ny/")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()

    aktiv = page.evaluate(AKTIV)
    assert "ds-error-summary" in aktiv["klasse"], aktiv
    assert aktiv["tekst"].startswith("Skjemaet har feil som må rettes")
    besok.sjekk("ny-pasient-feil-fokus")

    # Tab to the first link in the summary; Enter puts the focus in its field.
    page.keyboard.press("Tab")
    lenke = page.evaluate(AKTIV)
    assert lenke["tag"] == "A", lenke
    maal = page.locator(".ds-error-summary a").first.get_attribute("href")
    page.keyboard.press("Enter")
    felt = page.evaluate(AKTIV)
    assert "#" + felt["id"] == maal, (felt, maal)
    assert felt["tag"] in ("INPUT", "SELECT", "TEXTAREA")


def test_planens_skjemaer_paa_stedet_holder_tastaturet_paa_plass(besok, demo_live):
    plan = _plan_for_astrid()
    page = besok.page
    besok.logg_inn("koordinator.kommune")
    besok.goto(f"/planer/{plan.pk}/")
    plan_url = page.url

    # Two forms open at once: each gets focus when it opens, and no id is shared.
    page.get_by_role("link", name="Legg til mål").click()
    page.locator("#maal-skjema form").wait_for()
    page.wait_for_function("document.activeElement.closest('#maal-skjema') !== null")
    page.get_by_role("link", name="Legg til tiltak").click()
    page.locator("#tiltak-skjema form").wait_for()
    page.wait_for_function("document.activeElement.closest('#tiltak-skjema') !== null")
    assert page.evaluate(AKTIV)["id"].startswith("id_tiltak_")
    assert page.locator("#id_maal_tekst").count() == 1
    assert page.locator("#id_tiltak_beskrivelse").count() == 1
    besok.sjekk("to-skjemaer-aapne")  # axe and the unique-id check on the page with both

    # Saving the empty measure: every error in one round, each on its field, focus on the
    # summary of that form.
    page.locator("#tiltak-skjema").get_by_role("button", name="Lagre").click()
    oppsummering = page.locator("#tiltak-skjema .ds-error-summary")
    oppsummering.wait_for()
    page.wait_for_function("document.activeElement.matches('#tiltak-skjema .ds-error-summary')")
    lenker = oppsummering.locator("a")
    tekster = [lenker.nth(i).inner_text() for i in range(lenker.count())]
    assert len(tekster) >= 3, tekster
    assert any("Tiltaket må ha en ansvarlig" in t for t in tekster), tekster
    for i in range(lenker.count()):
        assert page.locator(lenker.nth(i).get_attribute("href")).count() == 1
    besok.sjekk("tiltak-med-feil")

    lenker.first.click()
    aktiv = page.evaluate(AKTIV)
    assert "#" + aktiv["id"] == lenker.first.get_attribute("href"), aktiv
    assert aktiv["skjema"] == "tiltak-skjema"

    # «Avbryt» closes the goal form in place: no navigation, the read view back, focus on the
    # section heading (not lost on a removed element).
    page.locator("#maal-skjema").get_by_role("link", name="Avbryt").click()
    page.locator("#maal-skjema form").wait_for(state="detached")
    page.wait_for_function("document.activeElement.id === 'maal-tittel'")
    assert page.url == plan_url
    assert page.locator("#tiltak-skjema form").count() == 1  # the other form is left alone
    besok.sjekk("maal-avbrutt")


def test_avbryt_er_en_lenke_tilbake_uten_javascript(browser, live_server, demo_live):
    plan = _plan_for_astrid()
    context = browser.new_context(java_script_enabled=False, locale="nb-NO")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/logg-inn/")
        page.get_by_label("Brukernavn").fill("koordinator.kommune")
        page.get_by_label("Passord").fill("demo")
        page.get_by_role("button", name="Logg inn").click()
        page.goto(f"{live_server.url}/planer/{plan.pk}/")
        page.get_by_role("link", name="Legg til mål").click()
        assert re.search(r"/planer/\d+/maal/ny/$", page.url)
        page.get_by_role("link", name="Avbryt").click()
        assert page.url == f"{live_server.url}/planer/{plan.pk}/#maal"
        assert page.get_by_role("heading", name="Mål, ressurser og behov").is_visible()
    finally:
        context.close()
