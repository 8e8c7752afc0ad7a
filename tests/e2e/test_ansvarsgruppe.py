"""The koordinator schedules an ansvarsgruppe meeting, writes minutes with two action items,
approves them and downloads the PDF; the responsible member sees the action item on their
dashboard."""

import re
import subprocess
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from ansvarsgruppe.models import Oppgave
from koordinering.models import Pasient

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _velg(page, etikett, tekst: str) -> None:
    """Choose the option whose text contains `tekst` in the select labelled `etikett`."""
    felt = page.get_by_label(etikett)
    felt.select_option(label=felt.locator("option", has_text=tekst).first.inner_text().strip())


def test_mote_referat_oppgaver_og_pdf(besok, demo_live, tmp_path, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = besok.page
    astrid = Pasient.objects.get(fornavn="Astrid")

    besok.logg_inn("koordinator.kommune")
    besok.goto(f"/pasienter/{astrid.pk}/")
    page.get_by_role("navigation", name="Pasientsiden").get_by_role(
        "link", name="Ansvarsgruppe"
    ).click()
    besok.sjekk("pasientside-ansvarsgruppe")
    page.get_by_role("button", name="Opprett ansvarsgruppe").click()
    assert "Ansvarsgruppen er opprettet" in page.content()
    besok.sjekk("gruppe")

    # A member from the kommune's own staff: the unit leader.
    page.get_by_role("link", name="Legg til medlem").click()
    page.get_by_label("Ansatt i kommune eller sykehus").check()
    besok.sjekk("nytt-medlem")
    _velg(page, re.compile("^Ansatt$"), "Bjørn Lie")
    page.get_by_label(re.compile("^Rolle i gruppen")).fill("Leder hjemmetjenesten")
    page.get_by_role("button", name="Lagre").click()
    assert "Medlemmet er lagt til" in page.content()

    # Schedule the meeting.
    page.get_by_role("link", name="Kall inn til møte").click()
    besok.sjekk("kall-inn")
    dag = timezone.localdate() + timedelta(days=7)
    page.get_by_label(re.compile("^Dato")).fill(dag.isoformat())
    page.get_by_label(re.compile("^Starter")).fill("10:00")
    page.get_by_label(re.compile("^Slutter")).fill("11:00")
    page.get_by_label(re.compile("^Sted")).fill("Fjordvik helsehus, møterom 2")
    page.get_by_label(re.compile("^Saker")).fill("Status siden sist\nHjelp om morgenen")
    page.get_by_role("button", name="Lagre").click()
    assert "Innkallingen sendes til medlemmene så snart som mulig" in page.content()
    besok.sjekk("mote")
    assert any(m.attachments and "innkalling.ics" in m.attachments[0][0] for m in mail.outbox)

    # Minutes with two action items.
    page.get_by_role("link", name="Skriv referat").click()
    besok.sjekk("referat")
    for boks in page.get_by_role("group", name="Til stede").get_by_role("checkbox").all():
        boks.check()
    page.get_by_label("Beslutning: Hjelp om morgenen").fill("Hjemmesykepleien kommer kl. 08.")
    frist = (timezone.localdate() + timedelta(days=14)).isoformat()
    for n, (hva, hvem) in enumerate(
        [
            ("Endre besøkstid til kl. 08", "Bjørn Lie"),
            ("Bestille trygghetsalarm", "Solveig Haugen"),
        ],
        1,
    ):
        page.get_by_role("button", name="Legg til rad").click()  # htmx adds the row
        page.get_by_label(f"Oppfølgingspunkt {n}: hva skal gjøres").fill(hva)
        _velg(page, f"Oppfølgingspunkt {n}: ansvarlig", hvem)
        page.get_by_label(f"Oppfølgingspunkt {n}: frist").fill(frist)
    # A third row, added and removed again with JavaScript.
    page.get_by_role("button", name="Legg til rad").click()
    page.get_by_label("Oppfølgingspunkt 3: hva skal gjøres").fill("Feilført")
    page.get_by_role("button", name="Fjern oppfølgingspunkt 3").click()
    assert page.get_by_label("Oppfølgingspunkt 3: hva skal gjøres").is_hidden()
    page.screenshot(path="/work/prompts/shots/referat-js.png", full_page=True)
    page.get_by_role("button", name="Lagre utkast").click()
    assert "Referatet er lagret som utkast" in page.content()
    assert Oppgave.objects.count() == 2

    # Not yet: the meeting is a week ahead, and the page says what is missing. The meeting is
    # corrected to earlier today (allowed while the minutes are a draft).
    assert "Referatet kan godkjennes når møtet har startet" in page.content()
    assert page.get_by_role("button", name="Godkjenn referatet").count() == 0
    page.get_by_role("link", name="Endre møte").click()
    page.get_by_label(re.compile("^Dato")).fill(timezone.localdate().isoformat())
    page.get_by_label(re.compile("^Starter")).fill("00:00")
    page.get_by_label(re.compile("^Slutter")).fill("00:30")
    page.get_by_role("button", name="Lagre").click()
    besok.sjekk("mote-rettet")

    # Approve: locked, PDF made and downloadable.
    page.get_by_role("button", name="Godkjenn referatet").click()
    assert "Referatet er godkjent og låst" in page.content()
    besok.sjekk("referat-godkjent")
    with page.expect_download() as nedlasting:
        page.get_by_role("link", name="Last ned referatet (PDF)").click()
    pdf = tmp_path / "referat.pdf"
    nedlasting.value.save_as(pdf)
    tekst = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    tekst = " ".join(tekst.split())  # table cells wrap inside their column
    assert "Bestille trygghetsalarm" in tekst and "Hjemmesykepleien kommer kl. 08." in tekst
    besok.logg_ut()

    # The responsible member sees the action item on the dashboard.
    besok.logg_inn("leder.kommune")
    oppgaver = page.get_by_test_id("mine-frister")
    assert "Endre besøkstid til kl. 08" in oppgaver.inner_text()
    assert "Bestille trygghetsalarm" not in oppgaver.inner_text()
    besok.sjekk("dashbord-oppgave")


def test_referat_uten_javascript_beholder_alt_ved_feil(browser, live_server, demo_live):
    """Without JavaScript: «Legg til rad» asks the server for one more row, and an error on
    save keeps everything typed."""
    from ansvarsgruppe import services
    from ansvarsgruppe.models import Ansvarsgruppe

    context = browser.new_context(
        locale="nb-NO", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    astrid = Pasient.objects.get(fornavn="Astrid")
    page.goto(live_server.url + "/logg-inn/")
    page.get_by_label("Brukernavn").fill("koordinator.kommune")
    page.get_by_label("Passord").fill("demo")
    page.get_by_role("button", name="Logg inn").click()
    from django.contrib.auth import get_user_model

    bruker = get_user_model().objects.get(username="koordinator.kommune")
    gruppe = Ansvarsgruppe.objects.filter(pasient=astrid).first() or services.ansvarsgruppe_opprett(
        actor=bruker, pasient=astrid
    )
    start = timezone.now() + timedelta(days=7)
    mote = services.mote_innkall(
        actor=bruker,
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Rådhuset",
        sakspunkter=[("Status siden sist", None)],
    )
    page.goto(f"{live_server.url}/moter/{mote.pk}/referat/")
    page.get_by_label("Notat: Status siden sist").fill("Astrid er i bedre form")
    page.get_by_role("button", name="Legg til rad").click()
    page.get_by_label("Oppfølgingspunkt 1: hva skal gjøres").fill("Ring fastlegen")
    page.get_by_role("button", name="Legg til rad").click()
    page.get_by_label("Oppfølgingspunkt 2: hva skal gjøres").fill("Uten ansvarlig")
    page.get_by_label("Neste møte: merknad", exact=False).count()
    page.get_by_role("button", name="Lagre utkast").click()
    assert page.get_by_test_id("feiloppsummering").is_visible()
    assert page.get_by_label("Notat: Status siden sist").input_value() == "Astrid er i bedre form"
    assert (
        page.get_by_label("Oppfølgingspunkt 1: hva skal gjøres").input_value() == "Ring fastlegen"
    )
    assert (
        page.get_by_label("Oppfølgingspunkt 2: hva skal gjøres").input_value() == "Uten ansvarlig"
    )
    page.screenshot(path="/work/prompts/shots/referat-uten-js-feil.png", full_page=True)
    context.close()
