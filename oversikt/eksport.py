"""CSV and XLSX of the overview's tables.

CSV is what Norwegian Excel opens with a double click: UTF-8 with a byte order mark (so æøå
survive), semicolons between fields, decimal commas, dates as dd.mm.yyyy. XLSX (openpyxl) has
one sheet per table with real numbers (shares as percentages), a bold, frozen header row, and
a first sheet saying what the extract is. Text that a spreadsheet would run as a formula
(starting with = + - @) is prefixed with an apostrophe."""

import csv
import io
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from oversikt.tabeller import ANDEL, ANTALL, DAGER, DATO, NAVN, TEKST, Celle, Tabell, vis

FORMELTEGN = ("=", "+", "-", "@", "\t", "\r")


def _trygg_tekst(tekst: str) -> str:
    return f"'{tekst}" if tekst.startswith(FORMELTEGN) else tekst


def _csv_verdi(celle: Celle) -> str:
    if celle.verdi is None or celle.verdi == "":
        return ""
    if celle.type in (TEKST, NAVN):
        return _trygg_tekst(str(celle.verdi))
    return vis(celle, tusenskille=False).replace("\u00a0", " ")


def til_csv(tabell: Tabell) -> bytes:
    buffer = io.StringIO()
    skriver = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    skriver.writerow(tabell.kolonner)
    for rad in tabell.rader:
        skriver.writerow([_csv_verdi(c) for c in rad])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _xlsx_verdi(celle: Celle):
    verdi = celle.verdi
    if verdi is None or verdi == "":
        return None, None
    if celle.type == ANTALL and isinstance(verdi, int):
        return verdi, "#,##0"
    if celle.type == ANDEL and isinstance(verdi, float):
        return verdi, "0.0%"
    if celle.type == DAGER and isinstance(verdi, int | float):
        return float(verdi), "0.0"
    if celle.type == DATO and isinstance(verdi, date):
        return verdi, "DD.MM.YYYY"
    return _trygg_tekst(str(verdi)), None


def til_xlsx(tabeller: list[Tabell], om_uttrekket: list[tuple[str, str]]) -> bytes:
    bok = Workbook()
    om = bok.active
    om.title = _("Om uttrekket")
    for rad in om_uttrekket:
        om.append([_trygg_tekst(str(v)) for v in rad])
    om.column_dimensions["A"].width = 34
    om.column_dimensions["B"].width = 90
    for celle in om["A"]:
        celle.font = Font(bold=True)
    for tabell in tabeller:
        ark = bok.create_sheet(tabell.noekkel[:31])
        ark.append(tabell.kolonner)
        for celle in ark[1]:
            celle.font = Font(bold=True)
        for rad in tabell.rader:
            verdier = [_xlsx_verdi(c) for c in rad]
            ark.append([v for v, _format in verdier])
            for kolonne, (_v, format_) in enumerate(verdier, start=1):
                if format_:
                    ark.cell(row=ark.max_row, column=kolonne).number_format = format_
        if tabell.sumrad and tabell.rader:
            for celle in ark[ark.max_row]:
                celle.font = Font(bold=True)
        ark.freeze_panes = "A2"
        for kolonne, navn in enumerate(tabell.kolonner, start=1):
            lengste = max([len(navn), *(len(vis(r[kolonne - 1])) for r in tabell.rader)])
            ark.column_dimensions[get_column_letter(kolonne)].width = min(60, max(10, lengste + 2))
    buffer = io.BytesIO()
    bok.save(buffer)
    return buffer.getvalue()


def om_uttrekket(*, organisasjon, enhet, fra: date, til: date, utenfor: bool) -> list:
    return [
        (_("Uttrekk"), _("Oversikt for koordinerende enhet")),
        (_("Organisasjon"), str(organisasjon)),
        (_("Enhet"), str(enhet) if enhet else _("Hele organisasjonen")),
        (_("Periode"), f"{fra:%d.%m.%Y}–{til:%d.%m.%Y}"),
        (_("Laget"), f"{timezone.localtime():%d.%m.%Y %H:%M}"),
        (
            _("Til bruk utenfor organisasjonen"),
            _(
                "Ja: tall fra 1 til 4 er vist som «<5», summer som ellers ville avslørt dem som "
                "«:», og koordinatorer er vist uten navn."
            )
            if utenfor
            else _("Nei: inneholder små tall og navn på ansatte. Skal ikke deles utenfor."),
        ),
    ]
