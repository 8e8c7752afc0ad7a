"""The hospital koordinator sends «need for individual plan and koordinator» to the kommune's KE;
the KE sees it unread and reads it (the sender sees «read»), forwards it to hjemmetjenesten;
the deadline passes and a reminder appears in the KE's notification centre; the KE answers
from it, and hjemmetjenesten sees the forwarded thread."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from koordinering.models import Enhet, Pasient
from meldinger.models import Melding
from varsler.models import Varsel
from varsler.selectors import aapne
from varsler.services import paminnelser_lever, paminnelser_skann

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_behov_sendes_leses_videresendes_paaminnes_og_besvares(besok, demo_live, tmp_path):
    page = besok.page
    nils = Pasient.objects.get(fornavn="Nils")
    ke_kommune = Enhet.objects.get(
        organisasjon__navn="Fjordvik kommune", navn="Koordinerende enhet"
    )
    vedlegg = tmp_path / "epikrise.pdf"
    vedlegg.write_bytes(PDF)
    ke = get_user_model().objects.get(username="ke.kommune")
    uleste_for = Melding.objects.uleste_til(ke).count()  # the demo has an unread one already

    # 1. The hospital koordinator writes to the kommune's koordinerende enhet.
    besok.logg_inn("koordinator.sykehus")
    besok.goto(f"/pasienter/{nils.pk}/")
    page.get_by_role("navigation", name="Pasientsiden").get_by_role(
        "link", name="Meldinger"
    ).click()
    page.get_by_role("link", name="Send melding").click()
    besok.sjekk("ny-melding")
    page.get_by_label("Type melding").select_option(
        label="Behov for individuell plan og koordinator (forskrift § 23)"
    )
    page.get_by_label("Til enhet").select_option(value=str(ke_kommune.pk))
    page.get_by_label("Haster").check()
    page.get_by_label(re.compile("^Emne")).fill("Behov for IP og koordinator – Nils Bakke")
    page.get_by_label(re.compile("^Tekst")).fill(
        "Nyoppdaget ALS. Trenger hjemmesykepleie, hjelpemidler og koordinator i kommunen."
    )
    page.get_by_label("Vedlegg").set_input_files(str(vedlegg))
    page.get_by_role("button", name="Send melding").click()
    assert (
        "Meldingen til Koordinerende enhet, Fjordvik kommune er lagret og sendes så snart som mulig"
        in page.content()
    )
    besok.sjekk("melding-sendt")
    melding = Melding.objects.get(emne__startswith="Behov for IP")
    assert melding.vedlegg.count() == 1
    besok.logg_ut()

    # 2. The KE sees it unread in the menu and the inbox, and opens it.
    besok.logg_inn("ke.kommune")
    uleste = page.get_by_test_id("uleste-meldinger").inner_text()
    assert uleste.split()[0] == str(uleste_for + 1)
    page.get_by_role("link", name=re.compile("^Meldinger")).click()
    rad = page.get_by_test_id("meldinger").locator("tr", has_text="Behov for IP")
    assert "Ulest" in rad.inner_text()
    besok.sjekk("innboks-ke")
    page.get_by_role("link", name="Behov for IP og koordinator – Nils Bakke").click()
    assert "Nils Bakke" in page.get_by_test_id("grunndata").inner_text()
    besok.sjekk("melding-ke")

    # 3. … and forwards it to hjemmetjenesten.
    page.get_by_label("Videresend til").select_option(label="Hjemmetjenesten")
    page.get_by_label("Kommentar til enheten").fill("Kan dere ta imot og vurdere koordinator?")
    page.get_by_role("button", name="Videresend", exact=True).click()
    assert "Meldingen er videresendt til Hjemmetjenesten" in page.content()
    besok.sjekk("videresendt")
    besok.logg_ut()

    # 4. The sender sees that it was read, and by whom.
    besok.logg_inn("koordinator.sykehus")
    besok.goto("/meldinger/?boks=ut")
    besok.sjekk("sendt-boks")
    page.get_by_role("link", name="Behov for IP og koordinator – Nils Bakke").click()
    kvittering = page.get_by_test_id(f"kvitteringer-{melding.pk}").inner_text()
    assert "Lest" in kvittering and "av Ingrid Dahl" in kvittering
    besok.sjekk("lest-kvittering")
    besok.logg_ut()

    # 5. The deadline passes without an answer: the next scan reminds the KE.
    # The day after the deadline, at noon: the deadline is counted in working days, so a fixed
    # number of days ahead fell on the deadline itself when the test ran on a Sunday.
    assert melding.svarfrist is not None
    dagen_etter = datetime.combine(melding.svarfrist + timedelta(days=1), time(12))
    with time_machine.travel(timezone.make_aware(dagen_etter), tick=True):
        # Open notifications the KE already has (the demo's own messages to the KE).
        varsler_for = Varsel.objects.filter(aapne(), mottaker=ke, lest__isnull=True).count()
        assert paminnelser_skann()["melding_svarfrist"] == 1
        paminnelser_lever()
        besok.logg_inn("ke.kommune")
        uleste_varsler = page.get_by_test_id("uleste-varsler").inner_text()
        assert uleste_varsler.split()[0] == str(varsler_for + 1)
        page.get_by_role("link", name=re.compile("^Varsler")).click()
        varsler = page.get_by_test_id("varsler").inner_text()
        assert "Melding har passert svarfristen" in varsler and "Nils Bakke" in varsler
        besok.sjekk("varsler")
        page.get_by_role("link", name="Melding har passert svarfristen").click()

        # 6. The KE answers from the reminder.
        page.get_by_role("textbox", name=re.compile("^Svar")).fill(
            "Hjemmetjenesten tar imot. Koordinator oppnevnes innen en uke."
        )
        page.get_by_role("button", name="Send svar").click()
        assert "Svaret er sendt til Medisinsk avdeling" in page.content()
        besok.sjekk("besvart")
        besok.goto("/varsler/")
        if varsler_for == 0:
            assert page.get_by_test_id("uleste-varsler").count() == 0
        else:
            assert page.get_by_test_id("uleste-varsler").inner_text().split()[0] == str(varsler_for)
        besok.logg_ut()

    melding.refresh_from_db()
    assert melding.status == Melding.Status.BESVART

    # 7. Hjemmetjenesten has the forwarded thread, with the answer.
    besok.logg_inn("koordinator.kommune")
    page.get_by_role("link", name=re.compile("^Meldinger")).click()
    assert "Videresendt" in page.get_by_test_id("meldinger").inner_text()
    page.get_by_role("link", name="Behov for IP og koordinator – Nils Bakke", exact=True).click()
    assert "Hjemmetjenesten tar imot" in page.content()
    besok.sjekk("videresendt-traad")
