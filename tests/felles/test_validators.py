import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from felles.validators import (
    organisasjonsnummer_kontrollsiffer,
    validate_hpr_nummer,
    validate_kommunenummer,
    validate_organisasjonsnummer,
)


@pytest.mark.parametrize("nummer", ["974760673", "983000010", "964000018", "991000011"])
def test_gyldige_organisasjonsnummer_godtas(nummer):
    validate_organisasjonsnummer(nummer)


@pytest.mark.parametrize(
    ("nummer", "melding"),
    [
        ("974760674", "kontrollsifferet stemmer ikke"),
        ("97476067", "nøyaktig 9 sifre"),
        ("9747606730", "nøyaktig 9 sifre"),
        ("97476067a", "nøyaktig 9 sifre"),
        ("", "nøyaktig 9 sifre"),
    ],
)
def test_ugyldige_organisasjonsnummer_avvises_med_norsk_melding(nummer, melding):
    with pytest.raises(ValidationError) as feil:
        validate_organisasjonsnummer(nummer)
    assert melding in str(feil.value)


def test_organisasjonsnummer_uten_mulig_kontrollsiffer_avvises():
    # 99100002 gives remainder 1, so the check digit would be 10: no valid number has this base.
    assert organisasjonsnummer_kontrollsiffer("99100002") is None
    for siste in "0123456789":
        with pytest.raises(ValidationError):
            validate_organisasjonsnummer("99100002" + siste)


@given(st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_hvert_gyldige_nummer_avvises_naar_ett_siffer_endres(base):
    kontroll = organisasjonsnummer_kontrollsiffer(base)
    if kontroll is None:
        return
    nummer = base + str(kontroll)
    validate_organisasjonsnummer(nummer)
    for posisjon in range(9):
        for siffer in "0123456789":
            if siffer == nummer[posisjon]:
                continue
            endret = nummer[:posisjon] + siffer + nummer[posisjon + 1 :]
            with pytest.raises(ValidationError):
                validate_organisasjonsnummer(endret)


def test_kommunenummer_og_hpr_nummer():
    validate_kommunenummer("0301")
    validate_hpr_nummer("1234567")
    for ugyldig in ["301", "03011", "abcd"]:
        with pytest.raises(ValidationError, match="4 sifre"):
            validate_kommunenummer(ugyldig)
    with pytest.raises(ValidationError, match="HPR-nummeret"):
        validate_hpr_nummer("12a45")
