"""Validators for Norwegian identifiers. Messages are Norwegian because users see them."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORGANISASJONSNUMMER_VEKTER = (3, 2, 7, 6, 5, 4, 3, 2)


def organisasjonsnummer_kontrollsiffer(forste_atte: str) -> int | None:
    """The mod-11 check digit for the first eight digits, or None when no digit fits."""
    rest = (
        sum(int(d) * v for d, v in zip(forste_atte, ORGANISASJONSNUMMER_VEKTER, strict=True)) % 11
    )
    if rest == 0:
        return 0
    siffer = 11 - rest
    return None if siffer == 10 else siffer


def validate_organisasjonsnummer(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 9 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Organisasjonsnummeret må bestå av nøyaktig 9 sifre."), "format")
    if organisasjonsnummer_kontrollsiffer(value[:8]) != int(value[8]):
        raise ValidationError(
            _("Organisasjonsnummeret %(nummer)s er ikke gyldig (kontrollsifferet stemmer ikke)."),
            "kontrollsiffer",
            params={"nummer": value},
        )


def validate_kommunenummer(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 4 and value.isascii() and value.isdigit()):
        raise ValidationError(_("Kommunenummeret må bestå av nøyaktig 4 sifre."), "format")


def validate_hpr_nummer(value: str) -> None:
    if not (
        isinstance(value, str) and value.isascii() and value.isdigit() and 6 <= len(value) <= 9
    ):
        raise ValidationError(_("HPR-nummeret må bestå av 6–9 sifre."), "format")
