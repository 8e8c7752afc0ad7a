"""Norwegian personal identity numbers: fødselsnummer, D-nummer and synthetic test numbers.

11 digits: DDMMYY, a three-digit individual number, and two mod-11 check digits.
- D-nummer: 4 is added to the first digit (day 41–71).
- Synthetic numbers (Skatteetaten's Tenor test data): 80 is added to the month. They are accepted
  only where settings.TILLAT_SYNTETISKE_FODSELSNUMMER is on (development, tests, demo data).
- From 2032 the first check digit is no longer unique: the weighted sum of the first ten digits
  may leave remainder 0, 1, 2 or 3 (mod 11). The second check digit is unchanged.

Never put these numbers in URLs, logs or task arguments.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

K1_VEKTER = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1)
K2_VEKTER = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
K1_TILLATTE_RESTER = {0, 1, 2, 3}


@dataclass(frozen=True)
class Identitetsnummer:
    nummer: str
    fodselsdato: date
    er_dnummer: bool
    er_syntetisk: bool


def _vektet_sum(siffer: str, vekter: tuple[int, ...]) -> int:
    return sum(int(s) * v for s, v in zip(siffer, vekter, strict=True)) % 11


def _aarhundre(aar: int, individnummer: int) -> int | None:
    if individnummer <= 499:
        return 1900
    if individnummer <= 749 and aar >= 54:
        return 1800
    if aar <= 39:
        return 2000
    if individnummer >= 900:
        return 1900
    return None


def kontrollsifre_stemmer(nummer: str) -> bool:
    return (
        _vektet_sum(nummer[:10], K1_VEKTER) in K1_TILLATTE_RESTER
        and _vektet_sum(nummer, K2_VEKTER) == 0
    )


def tolk_identitetsnummer(nummer: str, *, tillat_syntetisk: bool | None = None) -> Identitetsnummer:
    """Parse and validate; raises ValidationError with a Norwegian message."""
    if tillat_syntetisk is None:
        tillat_syntetisk = getattr(settings, "TILLAT_SYNTETISKE_FODSELSNUMMER", False)
    nummer = (nummer or "").replace(" ", "")
    if len(nummer) != 11 or not (nummer.isascii() and nummer.isdigit()):
        raise ValidationError(_("Fødselsnummeret må bestå av nøyaktig 11 sifre."), "format")
    if not kontrollsifre_stemmer(nummer):
        raise ValidationError(
            _(
                "Fødselsnummeret er ikke gyldig: kontrollsifrene stemmer ikke. "
                "Sjekk at alle sifrene er riktige."
            ),
            "kontrollsiffer",
        )
    dag, maaned, aar = int(nummer[0:2]), int(nummer[2:4]), int(nummer[4:6])
    er_dnummer = dag > 40
    if er_dnummer:
        dag -= 40
    er_syntetisk = maaned > 80
    if er_syntetisk:
        if not tillat_syntetisk:
            raise ValidationError(_("Syntetiske testnumre kan ikke brukes her."), "syntetisk")
        maaned -= 80
    aarhundre = _aarhundre(aar, int(nummer[6:9]))
    try:
        if aarhundre is None:
            raise ValueError
        fodselsdato = date(aarhundre + aar, maaned, dag)
    except ValueError:
        raise ValidationError(
            _("Fødselsnummeret er ikke gyldig: de seks første sifrene er ikke en gyldig dato."),
            "dato",
        ) from None
    if fodselsdato > date.today():
        raise ValidationError(
            _("Fødselsnummeret er ikke gyldig: fødselsdatoen ligger fram i tid."), "dato"
        )
    return Identitetsnummer(nummer, fodselsdato, er_dnummer, er_syntetisk)


def validate_fodselsnummer(nummer: str) -> None:
    tolk_identitetsnummer(nummer)


def lag_identitetsnummer(
    fodselsdato: date, individnummer: int, *, dnummer: bool = False, syntetisk: bool = False
) -> str | None:
    """Build a valid number (for demo and test data); None when no check digits fit."""
    dag = fodselsdato.day + (40 if dnummer else 0)
    maaned = fodselsdato.month + (80 if syntetisk else 0)
    start = f"{dag:02d}{maaned:02d}{fodselsdato.year % 100:02d}{individnummer:03d}"
    for k1 in range(10):
        if _vektet_sum(start + str(k1), K1_VEKTER) != 0:
            continue
        rest = _vektet_sum(start + str(k1) + "0", K2_VEKTER)
        k2 = (11 - rest) % 11
        if k2 < 10:
            return start + str(k1) + str(k2)
    return None


def maskert(nummer: str) -> str:
    """Birth date part only, for screens that must not show the whole number."""
    return f"{nummer[:6]} *****"


# Eleven digits standing alone, also written «DDMMÅÅ NNNNN» (a space or dot between date and
# personal number), not part of a longer number.
_ELLEVE_SIFRE = re.compile(r"(?<!\d)(\d{6})[ .]?(\d{5})(?!\d)")


def masker_fodselsnummer(tekst: str) -> str:
    """Every eleven-digit number in free text replaced by «***********», for what is shown or
    logged where a fødselsnummer must never appear: attachment names, subjects, log lines and
    access-log rows. Any eleven digits are masked, valid or not (a mistyped number is still
    somebody's)."""
    if not tekst:
        return tekst
    return _ELLEVE_SIFRE.sub("*" * 11, tekst)
