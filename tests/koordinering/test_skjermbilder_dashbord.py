"""The koordinator dashboard: rows, paging, consent status, filters, deadlines and query
counts that do not grow with rows (the world:
tests/koordinering/verden_skjermbilder.py)."""

import re
from datetime import date, timedelta

import pytest

from felles.models import Tilgangsgrunnlag, Tilgangslogg
from koordinering import services
from koordinering.models import Ansatt, Behov, Behovsmelding, Oppnevning, Rolle
from tests.factories import BehovsmeldingFactory, SamtykkeFactory, TilknytningFactory
from tests.koordinering.verden_skjermbilder import (
    START_MAKS_SPORRINGER,
    Verden,
    bygg_verden,
    oppnevn_direkte,
    pasient_i,
    pasientlenker,
    siste_logg_id,
    sporringer,
    tabellrader,
)
from tests.verden import IDAG, IGAAR, IMORGEN, ansatt_i, fodselsnummer, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


# ---------------------------------------------------------------------------------------------
# Koordinator dashboard
# ---------------------------------------------------------------------------------------------


def koordinator_med(v: Verden, antall: int, *, med_samtykke: bool = True) -> Ansatt:
    """A koordinator in kommune A with `antall` active appointments, every other one from a
    need report, every third patient with a consent."""
    koordinator = ansatt_i(v.tildeling)
    for i in range(antall):
        pasient = pasient_i(v.hjemme, etternavn=f"Pasientsen{i:03d}")
        behov = None
        if i % 2 == 0:
            behov = BehovsmeldingFactory(
                pasient=pasient,
                enhet=v.hjemme,
                meldt_av=v.kollega,
                status=Behovsmelding.Status.OPPNEVNT,
                opprettet=middag(IDAG - timedelta(days=i)),
            )
        if med_samtykke and i % 3 == 0:
            SamtykkeFactory(pasient=pasient, dokumentert_av=v.kollega)
        oppnevn_direkte(v, koordinator, pasient, behovsmelding=behov)
    return koordinator


def test_dashbordet_har_like_mange_sporringer_med_5_og_50_oppnevninger(client, v):
    fem = koordinator_med(v, 5)
    femti = koordinator_med(v, 50)

    client.force_login(fem.bruker)
    client.get("/")
    antall_5, response_5 = sporringer(client, "/")
    client.force_login(femti.bruker)
    client.get("/")
    antall_50, response_50 = sporringer(client, "/")

    assert len(tabellrader(response_5.content.decode(), "mine-pasienter")) == 5
    assert len(tabellrader(response_50.content.decode(), "mine-pasienter")) == 25
    assert antall_5 == antall_50
    # The start page now also reads meetings, evaluations, consents and minutes (issue 13):
    # its own budget, counted per query in tests/koordinering/test_startside.py.
    assert antall_50 <= START_MAKS_SPORRINGER


def test_dashbordet_viser_25_rader_og_lenke_til_side_2(client, v):
    koordinator = koordinator_med(v, 30)
    client.force_login(koordinator.bruker)

    html = client.get("/").content.decode()
    assert len(tabellrader(html, "mine-pasienter")) == 25
    assert "Side 1 av 2" in html
    assert re.search(r'href="\?side=2">Neste side</a>', html)

    html2 = client.get("/", {"side": 2}).content.decode()
    assert len(tabellrader(html2, "mine-pasienter")) == 5
    assert "Side 2 av 2" in html2
    assert set(pasientlenker(html)).isdisjoint(pasientlenker(html2))


def test_sidevelgeren_beholder_filteret(client, v):
    koordinator = koordinator_med(v, 30, med_samtykke=False)
    client.force_login(koordinator.bruker)
    html = client.get("/", {"samtykke": "mangler"}).content.decode()
    assert len(tabellrader(html, "mine-pasienter")) == 25
    assert 'href="?samtykke=mangler&amp;side=2"' in html


def test_dashbordet_logger_bare_pasientene_paa_siden(client, v):
    koordinator = koordinator_med(v, 30)
    client.force_login(koordinator.bruker)

    foer = siste_logg_id()
    html = client.get("/").content.decode()
    vist = pasientlenker(html)
    assert len(vist) == 25
    nye = Tilgangslogg.objects.filter(pk__gt=foer)
    assert sorted(nye.values_list("pasient_id", flat=True)) == sorted(vist)
    assert set(nye.values_list("bruker_id", flat=True)) == {koordinator.bruker_id}
    assert set(nye.values_list("grunnlag", flat=True)) == {Tilgangsgrunnlag.OPPNEVNING}

    alle = set(Oppnevning.objects.filter(ansatt=koordinator).values_list("pasient_id", flat=True))
    paa_side_2 = alle - set(vist)
    assert len(paa_side_2) == 5
    assert not Tilgangslogg.objects.filter(pasient_id__in=paa_side_2).exists()

    foer = siste_logg_id()
    client.get("/", {"side": 2})
    assert (
        set(Tilgangslogg.objects.filter(pk__gt=foer).values_list("pasient_id", flat=True))
        == paa_side_2
    )


# (etternavn, consent traits or None, the tag shown)
SAMTYKKETILSTANDER = [
    ("Aasen", {}, "Gyldig"),
    ("Berg", {"gyldig_til": IDAG + timedelta(days=10)}, "Utløper snart"),
    ("Dahl", {"gyldig_til": IDAG + timedelta(days=30)}, "Utløper snart"),
    ("Eide", {"gyldig_til": IDAG + timedelta(days=31)}, "Gyldig"),
    ("Foss", {"gyldig_til": None}, "Gyldig"),
    ("Gran", {"utlopt": True}, "Utløpt"),
    ("Haug", {"trukket": True}, "Trukket tilbake"),
    ("Iversen", None, "Mangler"),
    ("Johansen", {"gyldig_fra": IMORGEN}, "Mangler"),
]


@pytest.fixture
def samtykkeverden(v):
    koordinator = ansatt_i(v.tildeling)
    for etternavn, samtykke, _tag in SAMTYKKETILSTANDER:
        pasient = pasient_i(v.hjemme, fornavn="Pia", etternavn=etternavn)
        if samtykke is not None:
            SamtykkeFactory(pasient=pasient, dokumentert_av=v.kollega, **samtykke)
        oppnevn_direkte(v, koordinator, pasient)
    return koordinator


def samtykketag(rad: str) -> str:
    return re.search(r'<span class="ds-tag"[^>]*>([^<]+)</span>', rad).group(1)


def test_dashbordet_viser_riktig_samtykkestatus(client, samtykkeverden):
    client.force_login(samtykkeverden.bruker)
    rader = tabellrader(client.get("/").content.decode(), "mine-pasienter")
    funnet = {re.search(r"Pia (\w+)</a>", rad).group(1): samtykketag(rad) for rad in rader}
    assert funnet == {etternavn: tag for etternavn, _s, tag in SAMTYKKETILSTANDER}


def test_dashbordet_viser_naar_samtykket_utloper(client, samtykkeverden):
    client.force_login(samtykkeverden.bruker)
    rader = tabellrader(client.get("/").content.decode(), "mine-pasienter")
    berg = next(r for r in rader if "Pia Berg" in r)
    frist = (IDAG + timedelta(days=10)).strftime("%d.%m.%Y")
    assert frist in berg  # shown next to the tag and as the next deadline


@pytest.mark.parametrize(
    ("samtykke", "forventet"),
    [
        ("gyldig", {"Aasen", "Eide", "Foss"}),
        ("utloper", {"Berg", "Dahl"}),
        ("utlopt", {"Gran"}),
        ("trukket", {"Haug"}),
        ("mangler", {"Iversen", "Johansen"}),
        ("tull", {e for e, _s, _t in SAMTYKKETILSTANDER}),
    ],
)
def test_samtykkefilteret_snevrer_inn(client, samtykkeverden, samtykke, forventet):
    client.force_login(samtykkeverden.bruker)
    html = client.get("/", {"samtykke": samtykke}).content.decode()
    rader = tabellrader(html, "mine-pasienter")
    assert {re.search(r"Pia (\w+)</a>", rad).group(1) for rad in rader} == forventet


def test_rollefilteret_snevrer_inn(client, v):
    koordinator = ansatt_i(v.tildeling)
    voksen = pasient_i(v.hjemme, fornavn="Vera", etternavn="Voksen")
    barn = pasient_i(
        v.hjemme,
        fornavn="Bent",
        etternavn="Barn",
        fodselsnummer=fodselsnummer(date(2015, 6, 1), 500),
    )
    oppnevn_direkte(v, koordinator, voksen)
    oppnevn_direkte(v, koordinator, barn, rolle=Rolle.BARNEKOORDINATOR)
    client.force_login(koordinator.bruker)

    def navn(**params):
        rader = tabellrader(client.get("/", params).content.decode(), "mine-pasienter")
        return {re.search(r'/">([^<]+)</a>', rad).group(1) for rad in rader}

    assert navn() == {"Vera Voksen", "Bent Barn"}
    assert navn(rolle=Rolle.BARNEKOORDINATOR) == {"Bent Barn"}
    assert navn(rolle=Rolle.KOORDINATOR) == {"Vera Voksen"}
    assert navn(rolle="tull") == {"Vera Voksen", "Bent Barn"}
    html = client.get("/", {"rolle": Rolle.KONTAKTLEGE}).content.decode()
    assert "Ingen pasienter passer filteret." in html


def neste_frist_kolonne(rad: str) -> str:
    return re.search(r'<td[^>]*data-kolonne="neste-frist">(.*?)</td>', rad, re.S).group(1)


def test_sykehusets_kontaktlegefrist_vises_for_sykehuskoordinatoren(client, v):
    koordinator = ansatt_i(v.medisinsk)
    pasient = pasient_i(v.medisinsk, fornavn="Hanne", etternavn="Sykehussen")
    oppnevn_direkte(v, koordinator, pasient, enhet=v.medisinsk, oppnevnt_av=v.sykehusleder)
    services.behovsmelding_opprett(
        actor=koordinator.bruker,
        pasient=pasient,
        enhet=v.medisinsk,
        behov=Behov.KONTAKTLEGE,
        alvorlig_sykdom=True,
        behandling_av_varighet=True,
        kontakttype=Behovsmelding.Kontakttype.INNLEGGELSE,
        kontaktdato=IDAG,
        begrunnelse="Innlagt",
    )
    client.force_login(koordinator.bruker)
    (rad,) = tabellrader(client.get("/").content.decode(), "mine-pasienter")
    # The deadline is named, not only a date (issue 13).
    assert neste_frist_kolonne(rad) == "Frist for å oppnevne kontaktlege<br>12.03.2026"


def test_kommunekoordinator_ser_ikke_sykehusets_frister_uten_samtykke(client, v):
    koordinator = ansatt_i(v.tildeling)
    pasient = pasient_i(v.hjemme, fornavn="Kari", etternavn="Kommunesen")
    oppnevn_direkte(v, koordinator, pasient)
    TilknytningFactory(pasient=pasient, enhet=v.medisinsk, fra=IDAG)
    services.behovsmelding_opprett(
        actor=v.sykehusleder.bruker,
        pasient=pasient,
        enhet=v.medisinsk,
        behov=Behov.KONTAKTLEGE,
        alvorlig_sykdom=True,
        behandling_av_varighet=True,
        kontakttype=Behovsmelding.Kontakttype.INNLEGGELSE,
        kontaktdato=IDAG,
        begrunnelse="Innlagt",
    )
    client.force_login(koordinator.bruker)
    (rad,) = tabellrader(client.get("/").content.decode(), "mine-pasienter")
    assert "12.03.2026" not in rad
    assert neste_frist_kolonne(rad) == "Ingen frist"


def test_to_roller_for_samme_pasient_gir_to_rader_og_en_loggrad(client, v):
    koordinator = ansatt_i(v.tildeling)
    barn = pasient_i(v.hjemme, fodselsnummer=fodselsnummer(date(2015, 6, 1), 500))
    oppnevn_direkte(v, koordinator, barn)
    oppnevn_direkte(v, koordinator, barn, rolle=Rolle.BARNEKOORDINATOR)
    client.force_login(koordinator.bruker)
    foer = siste_logg_id()
    rader = tabellrader(client.get("/").content.decode(), "mine-pasienter")
    assert len(rader) == 2
    assert list(Tilgangslogg.objects.filter(pk__gt=foer).values_list("pasient_id", flat=True)) == [
        barn.pk
    ]


def test_dashbordet_viser_ikke_avsluttede_oppnevninger(client, v):
    koordinator = ansatt_i(v.tildeling)
    aktiv = pasient_i(v.hjemme, fornavn="Aktiv", etternavn="Pasient")
    avsluttet = pasient_i(v.hjemme, fornavn="Avsluttet", etternavn="Pasient")
    oppnevn_direkte(v, koordinator, aktiv)
    oppnevn_direkte(
        v,
        koordinator,
        avsluttet,
        startdato=IDAG - timedelta(days=60),
        sluttdato=IGAAR,
        sluttgrunn="Ferdig",
    )
    client.force_login(koordinator.bruker)
    html = client.get("/").content.decode()
    assert "Aktiv Pasient" in html
    assert "Avsluttet Pasient" not in html
