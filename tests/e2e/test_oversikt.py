"""The KE's journey through the overview: open it, filter by a unit, drill down from «need
without koordinator» to the patients, export CSV, and order the PDF. axe runs on every page,
with the charts' table alternatives opened."""

from pathlib import Path

import pytest
from django.utils import timezone

from demo.bulk import demo_pasienter_bulk
from felles.models import Tilgangslogg

pytestmark = pytest.mark.e2e


@pytest.fixture
def data(demo_live, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_pasienter_bulk(250)
    return demo_live


def _aapne_alle_detaljer(page) -> None:
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")


def test_ke_oversikt_filter_utdyping_og_eksport(besok, data):
    page = besok.page
    besok.logg_inn("ke.kommune")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Oversikt").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Oversikt for koordinerende enhet"
    besok.sjekk("oversikt")
    _aapne_alle_detaljer(page)
    assert page.locator("svg[role=img]").count() == 6
    assert page.locator("details table").count() == 7
    besok.sjekk("oversikt-med-tabeller")

    page.get_by_label("Enhet", exact=True).select_option(label="Hjemmetjenesten")
    page.get_by_role("button", name="Vis").click()
    page.wait_for_load_state()
    assert "Hjemmetjenesten med underenheter" in page.get_by_test_id("utvalg").inner_text()
    besok.sjekk("oversikt-hjemmetjenesten")

    tabell = page.get_by_test_id("tabell-dekning-behov")
    rad = tabell.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Koordinator"))
    celle = rad.get_by_role("cell").nth(2)  # Dekket, Uten oppnevning: the third data cell
    antall = int(celle.inner_text())
    assert antall > 0
    celle.get_by_role("link").click()
    page.wait_for_load_state()
    assert (
        page.get_by_role("heading", level=1).inner_text()
        == "Pasienter med meldt behov uten oppnevning, eldste først"
    )
    besok.sjekk("behov-uten-koordinator")
    rader = page.get_by_test_id("pasientliste").locator("tbody tr")
    vist = rader.count()
    assert 0 < vist <= antall
    assert f"{vist} pasient" in page.get_by_test_id("antall-pasienter").inner_text()
    assert (
        Tilgangslogg.objects.filter(
            bruker__username="ke.kommune", dokument__startswith="KE-oversikt:", grunnlag="ke"
        ).count()
        == vist
    )
    # Oldest first.
    datoer = [rader.nth(i).locator("td").nth(1).inner_text() for i in range(vist)]
    assert datoer == sorted(datoer, key=lambda d: tuple(reversed(d.split("."))))

    page.get_by_role("link", name="Tilbake til oversikten").click()
    page.wait_for_load_state()
    page.get_by_label("Tabell", exact=True).select_option(
        label="Meldte behov i perioden og om de er dekket per "
        + timezone.localdate().strftime("%d.%m.%Y")
    )
    page.get_by_label("CSV (én tabell)").check()
    with page.expect_download() as nedlasting:
        page.get_by_role("button", name="Last ned", exact=True).click()
    fil = nedlasting.value
    assert fil.suggested_filename.startswith("ke-oversikt-dekning-behov-")
    innhold = Path(fil.path()).read_bytes()
    assert innhold.startswith(b"\xef\xbb\xbf")
    forste = innhold.decode("utf-8-sig").splitlines()[0]
    assert forste == (
        "Behov;Pasienter med meldt behov;Dekket;Uten oppnevning;Ikke oppnevnt (avslått);"
        "Dekningsgrad;Eldste uten oppnevning, meldt"
    )

    page.get_by_label("Til bruk utenfor organisasjonen").nth(1).check()
    page.get_by_role("button", name="Lag PDF").click()
    lenke = page.get_by_test_id("utskrifter").get_by_role("link", name="Last ned PDF")
    lenke.wait_for(timeout=30_000)
    besok.sjekk("oversikt-pdf-klar")
