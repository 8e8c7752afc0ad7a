"""Forms keep the keyboard user in place: the error summary takes focus and leads to the field;
the plan's in-place forms open with focus in them, have ids of their own, report every error
in one round, and «Avbryt» swaps the section back (a plain link without JavaScript).

The keyboard-only passes (issue 13, "Verified by") use nothing but Tab, Shift+Tab, Enter,
Space, arrow keys in a list box and typing: no clicks, no fill()."""

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from ansvarsgruppe import services as gruppe_services
from ansvarsgruppe.models import Ansvarsgruppe, Oppgave
from individuellplan import services as plan_services
from koordinering.models import Pasient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AKTIV = """() => {
  const e = document.activeElement;
  return {id: e.id, klasse: e.className, tag: e.tagName, tekst: (e.textContent || "").trim(),
          skjema: e.closest("[id$='-skjema']")?.id || ""};
}"""


# Every field a keyboard user must reach in a form: a radio group counts once (Tab enters it).
FELTER = """sel => [...document.querySelectorAll(sel)]
  .filter(e => e.type !== "hidden" && e.checkVisibility() && !e.disabled)
  .map(e => e.type === "radio" ? "radio:" + e.name : e.id)"""
SKJERMBILDER = Path("/work/skjermbilder")


def _tab_til(page, velger: str, *, bakover: bool = False, maks: int = 300) -> dict:
    """Tab (or Shift+Tab) until the focused element matches the CSS selector."""
    tast = "Shift+Tab" if bakover else "Tab"
    for _ in range(maks):
        page.keyboard.press(tast)
        if page.evaluate("v => document.activeElement.matches(v)", velger):
            return page.evaluate(AKTIV)
    raise AssertionError(f"{velger} nås ikke med {tast}")


def _nadd(page, velger: str) -> set[str]:
    """Tab from where the focus is to `velger`; every field on the way, as FELTER names it."""
    hvor = """() => { const e = document.activeElement;
      return e.type === "radio" ? "radio:" + e.name : e.id; }"""
    sett = {page.evaluate(hvor)}
    for _ in range(400):
        page.keyboard.press("Tab")
        sett.add(page.evaluate(hvor))
        if page.evaluate("v => document.activeElement.matches(v)", velger):
            return sett
    raise AssertionError(f"{velger} nås ikke med Tab")


def _logg_inn_med_tastatur(besok, brukernavn: str) -> None:
    page = besok.page
    besok.goto("/logg-inn/")
    _tab_til(page, "#id_username")
    page.keyboard.type(brukernavn)
    page.keyboard.press("Tab")
    page.keyboard.type("demo")
    page.keyboard.press("Enter")
    page.wait_for_url(besok.base + "/")


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
    page.wait_for_function("() => document.activeElement.closest('#maal-skjema') !== null")
    page.get_by_role("link", name="Legg til tiltak").click()
    page.locator("#tiltak-skjema form").wait_for()
    page.wait_for_function("() => document.activeElement.closest('#tiltak-skjema') !== null")
    assert page.evaluate(AKTIV)["id"].startswith("id_tiltak_")
    assert page.locator("#id_maal_tekst").count() == 1
    assert page.locator("#id_tiltak_beskrivelse").count() == 1
    besok.sjekk("to-skjemaer-aapne")  # axe and the unique-id check on the page with both

    # Saving the empty measure: every error in one round, each on its field, focus on the
    # summary of that form.
    page.locator("#tiltak-skjema").get_by_role("button", name="Lagre").click()
    oppsummering = page.locator("#tiltak-skjema .ds-error-summary")
    oppsummering.wait_for()
    page.wait_for_function(
        "() => document.activeElement.matches('#tiltak-skjema .ds-error-summary')"
    )
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
    page.wait_for_function("() => document.activeElement.id === 'maal-tittel'")
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


def test_referatet_med_bare_tastatur(besok, demo_live):
    """Every field reached with Tab; an action-item row added and another removed with Enter
    and Space; a save with errors puts focus on the summary, Enter on its link on the field;
    fixed and saved, everything typed kept."""
    koordinator = get_user_model().objects.get(username="koordinator.kommune")
    astrid = Pasient.objects.get(fornavn="Astrid")
    gruppe = Ansvarsgruppe.objects.filter(pasient=astrid).first()
    gruppe = gruppe or gruppe_services.ansvarsgruppe_opprett(actor=koordinator, pasient=astrid)
    start = timezone.now() + timedelta(days=7)
    mote = gruppe_services.mote_innkall(
        actor=koordinator,
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Rådhuset",
        sakspunkter=[("Status siden sist", None)],
    )
    page = besok.page
    _logg_inn_med_tastatur(besok, "koordinator.kommune")
    besok.goto(f"/moter/{mote.pk}/referat/")

    # Every field of the form lies on the Tab path from the top to «Lagre utkast».
    felter = set(page.evaluate(FELTER, "#referatskjema :is(input, select, textarea)"))
    assert felter, "skjemaet har felter"
    naadd = _nadd(page, "button[value=lagre]")
    assert felter <= naadd, felter - naadd

    # Attendance with Space, the note by typing.
    _tab_til(page, "#referatskjema input[type=checkbox]", bakover=True)
    _tab_til(page, "#referatskjema input[type=checkbox]")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    _tab_til(page, "textarea")
    page.keyboard.type("Astrid er i bedre form")
    notat = page.evaluate(AKTIV)["id"]

    # «Legg til rad» with Enter: the new row gets the focus, in its first field.
    _tab_til(page, "#legg-til-rad")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'id_oppgaver-0-beskrivelse'")
    page.keyboard.type("Ring fastlegen")
    # A second row, added and removed again with Space on «Fjern»: focus back on «Legg til rad».
    _tab_til(page, "#legg-til-rad")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'id_oppgaver-1-beskrivelse'")
    page.keyboard.type("Feilført")
    fjern = _tab_til(page, "[data-oppgaverad]:has(#id_oppgaver-1-beskrivelse) [data-fjern-knapp]")
    assert fjern["tekst"] == "Fjern oppfølgingspunkt 2", fjern
    page.keyboard.press("Space")
    page.wait_for_function("() => document.activeElement.id === 'legg-til-rad'")
    assert page.locator("#id_oppgaver-1-beskrivelse").is_hidden()
    besok.sjekk("referat-tastatur-rader")

    # Save with row 1 missing who and when: focus on the summary, Tab to its first link,
    # Enter puts focus in the field it names.
    _tab_til(page, "button[value=lagre]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('.ds-error-summary')")
    lenker = page.locator(".ds-error-summary a")
    maal = [lenker.nth(i).get_attribute("href") for i in range(lenker.count())]
    assert maal == ["#id_oppgaver-0-ansvarlig", "#id_oppgaver-0-frist"], maal
    assert page.locator("#" + notat).input_value() == "Astrid er i bedre form"
    assert page.locator("#id_oppgaver-0-beskrivelse").input_value() == "Ring fastlegen"
    assert page.locator("#id_oppgaver-1-beskrivelse").is_hidden()  # still removed
    besok.sjekk("referat-tastatur-feil")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate(AKTIV)["id"] == "id_oppgaver-0-ansvarlig"

    # Fix: the first member with the arrow key, the deadline by typing (1 January next year:
    # the same digits whether the browser orders the date field day-month or month-day), save.
    page.keyboard.press("ArrowDown")
    ansvarlig = page.locator("#id_oppgaver-0-ansvarlig").input_value()
    assert ansvarlig, "en ansvarlig er valgt"
    _tab_til(page, "#id_oppgaver-0-frist")
    frist = timezone.localdate().replace(year=timezone.localdate().year + 1, month=1, day=1)
    page.keyboard.type(f"{frist:%d%m%Y}")
    assert page.locator("#id_oppgaver-0-frist").input_value() == frist.isoformat()
    _tab_til(page, "button[value=lagre]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Referatet er lagret som utkast" in page.content()
    oppgave = Oppgave.objects.get(referat__mote=mote)
    assert (oppgave.beskrivelse, oppgave.frist) == ("Ring fastlegen", frist)
    assert str(oppgave.ansvarlig_id) == ansvarlig
    besok.sjekk("referat-tastatur-lagret")
    page.wait_for_load_state("networkidle")  # no autosave still running when the test ends


def test_planens_skjemaer_med_bare_tastatur(besok, demo_live):
    """Open «Legg til mål» with Enter (focus in the form), save it empty (focus on the
    summary, Enter on the link to the field), type the goal and save (the section swapped back,
    focus on its heading); open «Legg til tiltak» and leave it with Enter on «Avbryt»."""
    plan = _plan_for_astrid()
    page = besok.page
    _logg_inn_med_tastatur(besok, "koordinator.kommune")
    besok.goto(f"/planer/{plan.pk}/")

    lenke = _tab_til(page, "a[href$='/maal/ny/']")
    assert lenke["tekst"] == "Legg til mål", lenke
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('#maal-skjema form') !== null")
    felter = set(page.evaluate(FELTER, "#maal-skjema :is(input, select, textarea)"))
    naadd = _nadd(page, "#maal-skjema button[type=submit]")
    assert felter <= naadd, felter - naadd
    page.keyboard.press("Enter")  # on «Lagre», with nothing typed
    page.wait_for_function("() => document.activeElement.matches('#maal-skjema .ds-error-summary')")
    page.keyboard.press("Tab")
    lenke = page.evaluate(AKTIV)
    assert lenke["tag"] == "A", lenke
    page.keyboard.press("Enter")
    assert page.evaluate(AKTIV)["id"] == "id_maal_tekst"
    page.keyboard.type("Gå tur til butikken selv")
    _tab_til(page, "#maal-skjema button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'maal-tittel'")
    assert page.locator("#maal-skjema form").count() == 0
    assert plan.maal.filter(tekst="Gå tur til butikken selv").exists()
    besok.sjekk("plan-tastatur-maal-lagret")

    lenke = _tab_til(page, "a[href$='/tiltak/ny/']")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.closest('#tiltak-skjema form') !== null")
    avbryt = _tab_til(page, "#tiltak-skjema a.ds-link")
    assert avbryt["tekst"] == "Avbryt", avbryt
    page.keyboard.press("Enter")
    page.locator("#tiltak-skjema form").wait_for(state="detached")
    page.wait_for_function("() => document.activeElement.id === 'tiltak-tittel'")
    besok.sjekk("plan-tastatur-tiltak-avbrutt")


def test_mine_moter_paa_360_piksler(besok, demo_live):
    """«Mine møter» on a 360 px phone: axe-clean, nothing wider than the screen."""
    koordinator = get_user_model().objects.get(username="koordinator.kommune")
    astrid = Pasient.objects.get(fornavn="Astrid")
    gruppe = Ansvarsgruppe.objects.filter(pasient=astrid).first()
    gruppe = gruppe or gruppe_services.ansvarsgruppe_opprett(actor=koordinator, pasient=astrid)
    start = timezone.now() + timedelta(hours=1)
    gruppe_services.mote_innkall(
        actor=koordinator,
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Fjordvik helsehus, møterom 2 i andre etasje",
        sakspunkter=[("Status siden sist", None)],
    )
    page = besok.page
    page.set_viewport_size({"width": 360, "height": 800})
    besok.logg_inn("koordinator.kommune")
    # The week the meeting is in: an hour from now is next week late on a Sunday evening.
    besok.goto(f"/mine-moter/?dato={timezone.localdate(start).isoformat()}")
    assert page.get_by_text("Astrid Solberg").count() >= 1
    besok.sjekk("mine-moter-360")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SKJERMBILDER.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SKJERMBILDER / "mine-moter-360.png", full_page=True)
