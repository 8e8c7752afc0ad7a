"""CSV and XLSX of every table, and small-number suppression for use outside the
organisation."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from oversikt import selectors
from oversikt.tabeller import (
    SKJULT,
    UTELATT,
    Tabell,
    andel,
    antall,
    dager,
    navn,
    skjul_smaa_tall,
    tekst,
)
from tests.oversikt.conftest import utvalg

pytestmark = pytest.mark.django_db

EKSPORT = "/oversikt/eksport/"


def hent(client, v, ke="ke_a", **parametre):
    client.force_login(v.ansatte[ke].bruker)
    return client.get(EKSPORT, parametre)


def les_csv(svar) -> list[list[str]]:
    innhold = svar.content
    assert innhold.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(innhold.decode("utf-8-sig")), delimiter=";"))


def test_csv_har_kolonnene_og_tallene(v, client):
    svar = hent(client, v, tabell="dekning-behov", format="csv")
    assert svar.status_code == 200
    assert svar["Content-Type"] == "text/csv; charset=utf-8"
    assert svar["Content-Disposition"] == (
        'attachment; filename="ke-oversikt-dekning-behov-20250312-20260311.csv"'
    )
    rader = les_csv(svar)
    assert rader[0] == [
        "Behov",
        "Pasienter med meldt behov",
        "Dekket",
        "Uten oppnevning",
        "Ikke oppnevnt (avslått)",
        "Dekningsgrad",
        "Eldste uten oppnevning, meldt",
    ]
    assert rader[1] == ["Koordinator", "5", "2", "3", "0", "40,0 %", "01.04.2025"]
    assert rader[-1] == ["Alle behov (pasienter)", "7", "", "4", "", "", "01.04.2025"]


@pytest.mark.parametrize("noekkel", list(selectors.TABELLER))
def test_hver_tabell_kan_lastes_ned_som_csv(v, client, noekkel):
    ke, org = ("ke_s", v.s) if noekkel == "kontaktlege" else ("ke_a", v.a)
    rader = les_csv(hent(client, v, ke, tabell=noekkel, format="csv"))
    tabell = selectors.tabell_for(utvalg(org), noekkel)
    assert rader[0] == tabell.kolonner
    assert len(rader) == len(tabell.rader) + 1
    assert {len(r) for r in rader} == {len(tabell.kolonner)}


def test_csv_til_bruk_utenfor_organisasjonen_skjuler_smaa_tall(v, client):
    rader = les_csv(hent(client, v, tabell="dekning-behov", format="csv", utenfor="1"))
    # 5 stays; 2, 3, and the share computed from 2 of 5, become «<5»; 0 stays 0.
    assert rader[1] == ["Koordinator", "5", "<5", "<5", "0", "<5", "01.04.2025"]
    # The total 7 would let IP (2) and barnekoordinator (1) be worked out: withheld as «:».
    assert rader[-1][:4] == ["Alle behov (pasienter)", ":", "", "<5"]
    koordinatorer = les_csv(hent(client, v, tabell="koordinatorer", format="csv", utenfor="1"))
    navnene = [r[0] for r in koordinatorer[1:]]
    assert navnene == ["Koordinator 1", "Koordinator 2", "Koordinator 3"]
    assert "Førstesen" not in str(koordinatorer)


def test_xlsx_med_alle_tabeller_aapnes_med_openpyxl(v, client):
    svar = hent(client, v, tabell="alle", format="xlsx")
    assert svar.status_code == 200
    assert svar["Content-Type"].startswith("application/vnd.openxmlformats")
    bok = load_workbook(io.BytesIO(svar.content))
    # Kontaktlege is a hospital table.
    assert bok.sheetnames == [
        "Om uttrekket",
        *(t for t in selectors.TABELLER if t != "kontaktlege"),
    ]
    om = {r[0]: r[1] for r in bok["Om uttrekket"].iter_rows(values_only=True)}
    assert om["Organisasjon"] == "Testvik kommune"
    assert om["Periode"] == "12.03.2025–11.03.2026"
    assert om["Til bruk utenfor organisasjonen"].startswith("Nei")
    ark = bok["dekning-behov"]
    rader = list(ark.iter_rows(values_only=True))
    assert rader[1][:6] == ("Koordinator", 5, 2, 3, 0, 0.4)
    assert ark["F2"].number_format == "0.0%"
    assert rader[1][6].date() == date(2025, 4, 1)
    assert ark.freeze_panes == "A2"
    ventetid = list(bok["ventetid-enhet"].iter_rows(values_only=True))
    assert ventetid[-1][:4] == ("Alle enheter", 5, 10.0, pytest.approx(25.4))


def test_xlsx_utenfor_organisasjonen(v, client):
    svar = hent(client, v, tabell="forfalt-koordinator", format="xlsx", utenfor="on")
    assert "til-utlevering" in svar["Content-Disposition"]
    bok = load_workbook(io.BytesIO(svar.content))
    rader = list(bok["forfalt-koordinator"].iter_rows(values_only=True))
    assert rader[1] == ("Koordinator 1", SKJULT, SKJULT, 0, 0)
    om = {r[0]: r[1] for r in bok["Om uttrekket"].iter_rows(values_only=True)}
    assert om["Til bruk utenfor organisasjonen"].startswith("Ja")


@pytest.mark.parametrize(
    ("parametre", "melding"),
    [
        ({"tabell": "alle", "format": "csv"}, "CSV lastes ned én tabell om gangen"),
        ({"tabell": "finnes-ikke", "format": "csv"}, "Velg hvilken tabell"),
        ({"tabell": "kontaktlege", "format": "csv"}, "Tabellen finnes bare for sykehus."),
        ({"tabell": "trender", "format": "pdf"}, "Velg CSV eller XLSX."),
        ({"tabell": "trender", "format": "csv", "til": "2020-01-01"}, "Perioden eller enheten"),
    ],
)
def test_ugyldig_nedlasting_gir_melding(v, client, parametre, melding):
    svar = hent(client, v, **parametre)
    assert svar.status_code == 302
    assert svar["Location"].startswith("/oversikt/") and svar["Location"].endswith("#eksport")
    side = client.get(svar["Location"])
    assert melding in side.content.decode()


def test_tekst_som_ligner_en_formel_blir_ikke_en_formel(v, client):
    enhet = v.enheter["T"]
    enhet.navn = '=HYPERLINK("http://x")'
    enhet.save()
    rader = les_csv(hent(client, v, tabell="ventetid-enhet", format="csv"))
    assert [r[0] for r in rader if "HYPERLINK" in r[0]] == ['\'=HYPERLINK("http://x")']
    svar = hent(client, v, tabell="ventetid-enhet", format="xlsx")
    ark = load_workbook(io.BytesIO(svar.content))["ventetid-enhet"]
    celle = next(c for c in ark["A"] if "HYPERLINK" in str(c.value))
    assert celle.data_type == "s" and celle.value.startswith("'=")


def test_skjul_smaa_tall():
    tabell = Tabell(
        "x",
        "X",
        ["a", "b", "c", "d", "e", "f"],
        [
            [tekst("rad"), antall(0), antall(1), antall(4), antall(5), andel(3, 40)],
            [
                navn("Per", 1),
                antall(120),
                andel(40, 120),
                dager(3.5, 4),
                dager(2.0, 5),
                andel(0, 0),
            ],
            [
                navn("Per", 2),
                antall(None),
                andel(5, 6),
                dager(None, 0),
                antall(4, maal="x"),
                tekst("4"),
            ],
            [navn("Per", 1), antall(2), andel(0, 3), dager(1.0, 1), antall(7), tekst(None)],
        ],
    )
    skjult = skjul_smaa_tall(tabell)
    verdier = [[c.verdi for c in rad] for rad in skjult.rader]
    assert verdier[0] == ["rad", 0, SKJULT, SKJULT, 5, SKJULT]
    assert verdier[1] == ["Koordinator 1", 120, pytest.approx(1 / 3), SKJULT, 2.0, None]
    # 5 of 6 tells that 1 is not: hidden as well.
    assert verdier[2] == ["Koordinator 2", 0, SKJULT, None, SKJULT, "4"]
    assert verdier[3] == ["Koordinator 1", SKJULT, SKJULT, SKJULT, 7, None]
    assert all(c.lenke is None for rad in skjult.rader for c in rad)
    assert tabell.rader[0][2].verdi == 1  # the original is unchanged


def test_summer_skjules_naar_de_ville_avsloere_et_skjult_tall():
    tabell = Tabell(
        "x",
        "X",
        ["Enhet", "Sendt", "Mottatt", "Totalt", "Andel"],
        [
            [tekst("A"), antall(3), antall(20), antall(23), andel(20, 23)],
            [tekst("B"), antall(10), antall(12), antall(22), andel(12, 22)],
            [tekst("Alle"), antall(13), antall(32), antall(45), andel(32, 45)],
        ],
        sumrad=True,
        sumkolonne=3,
    )
    verdier = [[c.verdi for c in rad] for rad in skjul_smaa_tall(tabell).rader]
    # A's 3 is hidden; its row total 23 and the column total 13 would give it away.
    assert verdier[0][:4] == ["A", SKJULT, 20, UTELATT]
    assert verdier[1][:4] == ["B", 10, 12, 22]
    assert verdier[2] == ["Alle", UTELATT, 32, UTELATT, UTELATT]
    uten_smaa = Tabell("y", "Y", ["E", "N", "Sum"], [[tekst("A"), antall(7), antall(7)]])
    assert [c.verdi for c in skjul_smaa_tall(uten_smaa).rader[0]] == ["A", 7, 7]


def test_meldinger_og_koordinatorer_har_sumkolonne(v):
    volum, _svar = selectors.meldingstall(utvalg(v.a))
    assert volum.kolonner[volum.sumkolonne] == "Totalt"
    koordinatorer, _fordeling = selectors.koordinatorer(utvalg(v.a))
    assert koordinatorer.kolonner[koordinatorer.sumkolonne] == "Totalt"
