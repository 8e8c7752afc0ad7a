"""Fødselsnummer, D-nummer and synthetic test numbers (felles/fodselsnummer.py).

The helpers below re-implement the rules straight from Skatteetaten's description (weights,
century table, the 2032 rule), so the tests do not borrow constants or logic from the module.
"""

from datetime import date, timedelta
from functools import cache

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from felles.fodselsnummer import (
    Identitetsnummer,
    kontrollsifre_stemmer,
    lag_identitetsnummer,
    maskert,
    tolk_identitetsnummer,
    validate_fodselsnummer,
)

# K1: weights on the first nine digits; k1 itself has weight 1.
K1_VEKTER_NI = (3, 7, 6, 1, 8, 9, 4, 5, 2)
# K2: weights on the first ten digits (including k1); k2 itself has weight 1.
K2_VEKTER_TI = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

raske = hypothesis_settings(max_examples=200, derandomize=True, deadline=None)


def k1_rest(nummer: str) -> int:
    """Remainder of the K1 weighted sum over the first ten digits (weight 1 on k1)."""
    return (sum(int(s) * v for s, v in zip(nummer[:9], K1_VEKTER_NI)) + int(nummer[9])) % 11


def k2_rest(nummer: str) -> int:
    """Remainder of the K2 weighted sum over all eleven digits (weight 1 on k2)."""
    return (sum(int(s) * v for s, v in zip(nummer[:10], K2_VEKTER_TI)) + int(nummer[10])) % 11


def med_kontrollsifre(start: str, rest: int = 0) -> str | None:
    """Add k1 and k2 to nine digits so that the K1 sum leaves `rest` (0 = the old rule).

    None when k1 or k2 would have to be 10.
    """
    assert len(start) == 9 and start.isdigit()
    k1 = (rest - sum(int(s) * v for s, v in zip(start, K1_VEKTER_NI))) % 11
    if k1 == 10:
        return None
    k2 = (-sum(int(s) * v for s, v in zip(start + str(k1), K2_VEKTER_TI))) % 11
    if k2 == 10:
        return None
    return f"{start}{k1}{k2}"


def forventet_aarhundre(aa: int, individnummer: int) -> int | None:
    """The century table, one line per row."""
    if 0 <= individnummer <= 499:
        return 1900
    if 500 <= individnummer <= 749 and 54 <= aa <= 99:
        return 1800
    if 500 <= individnummer <= 999 and 0 <= aa <= 39:
        return 2000
    if 900 <= individnummer <= 999 and 40 <= aa <= 99:
        return 1900
    return None


@cache
def individnumre_for(aar: int) -> tuple[int, ...]:
    """Every individual number that the century table places in `aar`."""
    aa = aar % 100
    return tuple(i for i in range(1000) if forventet_aarhundre(aa, i) == aar - aa)


def start_for(fodselsdato: date, individnummer: int, *, dnummer=False, syntetisk=False) -> str:
    dag = fodselsdato.day + (40 if dnummer else 0)
    maaned = fodselsdato.month + (80 if syntetisk else 0)
    return f"{dag:02d}{maaned:02d}{fodselsdato.year % 100:02d}{individnummer:03d}"


def melding(feil: pytest.ExceptionInfo) -> str:
    return " ".join(feil.value.messages)


@st.composite
def fodselsdato_og_individnummer(draw):
    fodselsdato = draw(st.dates(min_value=date(1854, 1, 1), max_value=date.today()))
    individnummer = draw(st.sampled_from(individnumre_for(fodselsdato.year)))
    return fodselsdato, individnummer


@st.composite
def gyldige_nummer(draw):
    """Valid numbers of every kind, with K1 remainder 0–3 (old rule and 2032 rule)."""
    fodselsdato, individnummer = draw(fodselsdato_og_individnummer())
    start = start_for(
        fodselsdato, individnummer, dnummer=draw(st.booleans()), syntetisk=draw(st.booleans())
    )
    nummer = med_kontrollsifre(start, draw(st.integers(0, 3)))
    assume(nummer is not None)
    return nummer


# --- Helpers in this file, checked against hand-computed numbers ---------------------------------


def test_hjelperne_i_testfilen_stemmer_med_haandregnede_eksempler():
    # 0 1 0 1 5 0 1 0 0 | 3 3:
    # K1: 0*3+1*7+0*6+1*1+5*8+0*9+1*4+0*5+0*2 = 52, + 3 = 55 = 5*11 -> rest 0
    # K2: 0*5+1*4+0*3+1*2+5*7+0*6+1*5+0*4+0*3+3*2 = 52, + 3 = 55 -> rest 0
    assert med_kontrollsifre("010150100") == "01015010033"
    assert k1_rest("01015010033") == 0
    assert k2_rest("01015010033") == 0
    assert forventet_aarhundre(99, 749) == 1800
    assert forventet_aarhundre(53, 749) is None
    assert individnumre_for(1899) == tuple(range(500, 750))
    assert individnumre_for(1920) == tuple(range(500))
    assert individnumre_for(1950) == (*range(500), *range(900, 1000))
    assert individnumre_for(2015) == tuple(range(500, 1000))


# --- 1. Numbers built by lag_identitetsnummer are accepted and read back -------------------------


@raske
@given(fodselsdato_og_individnummer(), st.booleans(), st.booleans())
def test_nummer_fra_lag_identitetsnummer_godtas_og_tolkes_riktig(data, dnummer, syntetisk):
    fodselsdato, individnummer = data
    nummer = lag_identitetsnummer(fodselsdato, individnummer, dnummer=dnummer, syntetisk=syntetisk)
    assume(nummer is not None)

    assert len(nummer) == 11 and nummer.isdigit()
    assert nummer[:9] == start_for(fodselsdato, individnummer, dnummer=dnummer, syntetisk=syntetisk)
    assert k1_rest(nummer) == 0  # lag_identitetsnummer follows the old rule
    assert k2_rest(nummer) == 0
    assert tolk_identitetsnummer(nummer, tillat_syntetisk=True) == Identitetsnummer(
        nummer=nummer, fodselsdato=fodselsdato, er_dnummer=dnummer, er_syntetisk=syntetisk
    )


@raske
@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
    st.integers(0, 999),
    st.booleans(),
    st.booleans(),
)
def test_lag_identitetsnummer_gir_none_bare_naar_ingen_kontrollsifre_passer(
    fodselsdato, individnummer, dnummer, syntetisk
):
    # Only the two-digit year goes into the number, so any century will do here.
    nummer = lag_identitetsnummer(fodselsdato, individnummer, dnummer=dnummer, syntetisk=syntetisk)
    start = start_for(fodselsdato, individnummer, dnummer=dnummer, syntetisk=syntetisk)
    assert nummer == med_kontrollsifre(start)


# --- 2. Every single-digit change is caught by the check digits ----------------------------------


@raske
@given(gyldige_nummer())
def test_hver_endring_av_ett_siffer_avvises(nummer):
    tolk_identitetsnummer(nummer, tillat_syntetisk=True)  # the original is valid
    for posisjon in range(11):
        for siffer in "0123456789":
            if siffer == nummer[posisjon]:
                continue
            endret = nummer[:posisjon] + siffer + nummer[posisjon + 1 :]
            assert not kontrollsifre_stemmer(endret), endret
            with pytest.raises(ValidationError) as feil:
                tolk_identitetsnummer(endret, tillat_syntetisk=True)
            assert feil.value.code == "kontrollsiffer", endret


@raske
@given(st.from_regex(r"[0-9]{11}", fullmatch=True))
def test_kontrollsifre_stemmer_folger_regelen_for_alle_nummer(nummer):
    forventet = k1_rest(nummer) in {0, 1, 2, 3} and k2_rest(nummer) == 0
    assert kontrollsifre_stemmer(nummer) is forventet


# --- 3. The 2032 rule: K1 remainder 0, 1, 2 or 3 -------------------------------------------------


@pytest.mark.parametrize(
    ("nummer", "rest"),
    [
        # K1 = 52 + k1, K2 = 0*5+1*4+0*3+1*2+5*7+0*6+1*5+0*4+i*3+k1*2 + k2 for 010150 10i
        ("01015010033", 0),  # K1 55 = 5*11;      K2 52 + 3 = 55
        ("01015010041", 1),  # K1 56 = 5*11 + 1;  K2 54 + 1 = 55
        ("01015010130", 2),  # K1 57 = 5*11 + 2;  K2 55 + 0 = 55 (individ 101: 52 + 2 + 3)
        ("01015010068", 3),  # K1 58 = 5*11 + 3;  K2 58 + 8 = 66
    ],
)
def test_k1_rest_0_til_3_godtas(nummer, rest):
    assert k1_rest(nummer) == rest
    assert k2_rest(nummer) == 0
    assert kontrollsifre_stemmer(nummer)
    tolket = tolk_identitetsnummer(nummer, tillat_syntetisk=False)
    assert tolket.fodselsdato == date(1950, 1, 1)


@pytest.mark.parametrize(
    ("nummer", "rest"),
    [
        ("01015010076", 4),
        ("01015010084", 5),
        ("01015010092", 6),
        ("01015010181", 7),
        ("01015010009", 8),
        ("01015010017", 9),
        ("01015010025", 10),
    ],
)
def test_k1_rest_4_eller_mer_avvises(nummer, rest):
    assert k1_rest(nummer) == rest
    assert k2_rest(nummer) == 0  # only K1 is wrong
    assert not kontrollsifre_stemmer(nummer)
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer, tillat_syntetisk=True)
    assert "kontrollsifrene" in melding(feil)


@raske
@given(fodselsdato_og_individnummer(), st.booleans(), st.booleans(), st.integers(0, 10))
def test_2032_regelen_for_tilfeldige_nummer(data, dnummer, syntetisk, rest):
    fodselsdato, individnummer = data
    start = start_for(fodselsdato, individnummer, dnummer=dnummer, syntetisk=syntetisk)
    nummer = med_kontrollsifre(start, rest)
    assume(nummer is not None)
    if rest <= 3:
        tolket = tolk_identitetsnummer(nummer, tillat_syntetisk=True)
        assert tolket == Identitetsnummer(nummer, fodselsdato, dnummer, syntetisk)
    else:
        with pytest.raises(ValidationError) as feil:
            tolk_identitetsnummer(nummer, tillat_syntetisk=True)
        assert feil.value.code == "kontrollsiffer"


# --- Century table ------------------------------------------------------------------------------


# Every edge of the century table, plus a number inside each row.
GRENSER_FOR_INDIVIDNUMMER = (0, 1, 250, 498, 499, 500, 501, 600, 748, 749, 750, 751, 800, 898, 899)
GRENSER_FOR_INDIVIDNUMMER += (900, 901, 950, 998, 999)


def test_aarhundre_fra_individnummer_for_alle_aar():
    idag = date.today()
    for aa in range(100):
        for individnummer in GRENSER_FOR_INDIVIDNUMMER:
            # 1 January gives valid check digits for most starts; otherwise try other days.
            for dag in range(1, 29):
                nummer = med_kontrollsifre(f"{dag:02d}01{aa:02d}{individnummer:03d}")
                if nummer:
                    break
            assert nummer, (aa, individnummer)
            aarhundre = forventet_aarhundre(aa, individnummer)
            if aarhundre is None:
                with pytest.raises(ValidationError) as feil:
                    tolk_identitetsnummer(nummer)
                assert "gyldig dato" in melding(feil), nummer
            elif date(aarhundre + aa, 1, dag) > idag:
                with pytest.raises(ValidationError) as feil:
                    tolk_identitetsnummer(nummer)
                assert "fram i tid" in melding(feil), nummer
            else:
                assert tolk_identitetsnummer(nummer).fodselsdato == date(aarhundre + aa, 1, dag)


# --- 4. Known examples and Norwegian error messages ---------------------------------------------


@pytest.mark.parametrize(
    ("nummer", "fodselsdato", "er_dnummer", "er_syntetisk"),
    [
        # K1 0*3+1*7+0*6+1*1+5*8+0*9+1*4+2*5+3*2 = 68, + 9 = 77 = 7*11
        # K2 0*5+1*4+0*3+1*2+5*7+0*6+1*5+2*4+3*3+9*2 = 81, + 7 = 88 = 8*11
        ("01015012397", date(1950, 1, 1), False, False),
        ("31129960089", date(1899, 12, 31), False, False),  # individ 600, YY 99 -> 1800s
        ("01061551243", date(2015, 6, 1), False, False),  # individ 512, YY 15 -> 2000s
        ("14037593525", date(1975, 3, 14), False, False),  # individ 935, YY 75 -> 1900s
        # D-nummer (day 14 + 40):
        # K1 5*3+4*7+0*6+3*1+7*8+5*9+1*4+2*5+4*2 = 169, + 7 = 176 = 16*11
        # K2 5*5+4*4+0*3+3*2+7*7+5*6+1*5+2*4+4*3+7*2 = 165 = 15*11, + 0
        ("54037512470", date(1975, 3, 14), True, False),
        ("17879045789", date(1990, 7, 17), False, True),  # synthetic (month 7 + 80)
        ("57879045691", date(1990, 7, 17), True, True),  # synthetic D-nummer
    ],
)
def test_kjente_gyldige_nummer_godtas(nummer, fodselsdato, er_dnummer, er_syntetisk):
    assert k1_rest(nummer) == 0 and k2_rest(nummer) == 0
    tolket = tolk_identitetsnummer(nummer, tillat_syntetisk=True)
    assert tolket == Identitetsnummer(nummer, fodselsdato, er_dnummer, er_syntetisk)


@pytest.mark.parametrize(
    "nummer",
    [
        "0101501239",  # 10 digits
        "010150123970",  # 12 digits
        "0101501239a",
        "abcdefghijk",
        "01-01-50-12397",
        "",
        None,
        "0101501239\u00b2",  # superscript two: isdigit() but not 0-9
        "\uff10\uff11\uff10\uff11\uff15\uff10\uff11\uff12\uff13\uff19\uff17",  # full-width
    ],
)
def test_feil_format_avvises_med_norsk_melding(nummer):
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer)
    assert "11 sifre" in melding(feil)
    assert feil.value.code == "format"


@pytest.mark.parametrize("nummer", ["01015012398", "01015012387", "11015012397"])
def test_feil_kontrollsiffer_avvises_med_norsk_melding(nummer):
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer)
    assert "kontrollsifrene" in melding(feil)
    assert feil.value.code == "kontrollsiffer"


@pytest.mark.parametrize(
    "start",
    [
        "310250123",  # 31 February 1950
        "290250123",  # 29 February 1950 (not a leap year)
        "000150123",  # day 0
        "320150123",  # day 32
        "400150123",  # day 40 (neither a date nor a D-nummer)
        "720150123",  # D-nummer with day 32
        "010050123",  # month 0
        "011350123",  # month 13
        "018050123",  # month 80 (neither a month nor synthetic)
        "019350123",  # synthetic with month 13
        "010145600",  # individ 600 with YY 45: no century
        "010145800",  # individ 800 with YY 45: no century
        "010160750",  # individ 750 with YY 60: no century
    ],
)
def test_umulig_dato_avvises_med_norsk_melding(start):
    # The next few individual numbers stay in the same row of the century table; take the
    # first one that gets valid check digits.
    nummer = None
    for individnummer in range(int(start[6:]), int(start[6:]) + 20):
        nummer = med_kontrollsifre(f"{start[:6]}{individnummer:03d}")
        if nummer:
            break
    assert nummer
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer, tillat_syntetisk=True)
    assert "gyldig dato" in melding(feil)
    assert feil.value.code == "dato"


def test_maaned_80_er_ikke_syntetisk_men_ugyldig_dato():
    nummer = med_kontrollsifre("018050123")  # month 80 = 0 + 80
    assert nummer is not None
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer, tillat_syntetisk=False)
    assert "gyldig dato" in melding(feil)


def test_29_februar_i_skuddaar_godtas():
    nummer = lag_identitetsnummer(date(2000, 2, 29), 501)
    assert nummer is not None
    assert tolk_identitetsnummer(nummer).fodselsdato == date(2000, 2, 29)


@pytest.mark.parametrize("nummer", ["17879045789", "57879045691"])
def test_syntetiske_nummer_avvises_naar_de_ikke_er_tillatt(nummer):
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer, tillat_syntetisk=False)
    assert "Syntetiske" in melding(feil)
    assert feil.value.code == "syntetisk"


def nummer_for_dato(fodselsdato: date) -> str:
    for individnummer in individnumre_for(fodselsdato.year):
        nummer = lag_identitetsnummer(fodselsdato, individnummer)
        if nummer:
            return nummer
    raise AssertionError(fodselsdato)


@pytest.mark.parametrize("dager", [1, 2, 365, 5 * 365])
def test_fodselsdato_fram_i_tid_avvises(dager):
    nummer = nummer_for_dato(date.today() + timedelta(days=dager))
    with pytest.raises(ValidationError) as feil:
        tolk_identitetsnummer(nummer)
    assert "fram i tid" in melding(feil)
    assert feil.value.code == "dato"


def test_fodselsdato_i_dag_godtas():
    nummer = nummer_for_dato(date.today())
    assert tolk_identitetsnummer(nummer).fodselsdato == date.today()


@pytest.mark.parametrize(
    "med_mellomrom", ["010150 12397", " 01015012397 ", "01 01 50 123 97", "010150  12397"]
)
def test_mellomrom_i_nummeret_fjernes(med_mellomrom):
    tolket = tolk_identitetsnummer(med_mellomrom)
    assert tolket.nummer == "01015012397"
    assert tolket.fodselsdato == date(1950, 1, 1)


# --- 5. The model-field validator follows settings.TILLAT_SYNTETISKE_FODSELSNUMMER ---------------


def test_validator_godtar_vanlige_nummer_uansett_innstilling(settings):
    for tillatt in (True, False):
        settings.TILLAT_SYNTETISKE_FODSELSNUMMER = tillatt
        assert validate_fodselsnummer("01015012397") is None
        assert validate_fodselsnummer("54037512470") is None


def test_validator_godtar_syntetiske_nummer_naar_innstillingen_er_paa(settings):
    settings.TILLAT_SYNTETISKE_FODSELSNUMMER = True
    validate_fodselsnummer("17879045789")
    assert tolk_identitetsnummer("17879045789").er_syntetisk


def test_validator_avviser_syntetiske_nummer_naar_innstillingen_er_av(settings):
    settings.TILLAT_SYNTETISKE_FODSELSNUMMER = False
    with pytest.raises(ValidationError) as feil:
        validate_fodselsnummer("17879045789")
    assert "Syntetiske" in melding(feil)
    # An explicit argument overrides the setting.
    assert tolk_identitetsnummer("17879045789", tillat_syntetisk=True).er_syntetisk


def test_validator_avviser_syntetiske_nummer_naar_innstillingen_mangler(settings):
    del settings.TILLAT_SYNTETISKE_FODSELSNUMMER
    with pytest.raises(ValidationError) as feil:
        validate_fodselsnummer("17879045789")
    assert "Syntetiske" in melding(feil)


def test_validator_avviser_ugyldige_nummer(settings):
    settings.TILLAT_SYNTETISKE_FODSELSNUMMER = True
    for nummer, tekst in [
        ("0101501239", "11 sifre"),
        ("01015012398", "kontrollsifrene"),
        ("31025012480", "gyldig dato"),
    ]:
        with pytest.raises(ValidationError) as feil:
            validate_fodselsnummer(nummer)
        assert tekst in melding(feil)


# --- 6. maskert ----------------------------------------------------------------------------------


@pytest.mark.parametrize("nummer", ["01015012397", "54037512470", "17879045789"])
def test_maskert_viser_bare_de_seks_forste_sifrene(nummer):
    skjult = maskert(nummer)
    assert skjult == f"{nummer[:6]} *****"
    assert skjult.startswith(nummer[:6])
    assert sum(c.isdigit() for c in skjult) == 6
    assert nummer[6:] not in skjult
