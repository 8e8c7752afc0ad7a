"""The screens through the views: the koordinator dashboard, the leader appointment screen, the
patient page, bad input with Norwegian messages, and query counts that do not grow with rows.

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from felles.fodselsnummer import lag_identitetsnummer
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from koordinering import permissions, services
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Organisasjon,
    Parorende,
    Pasient,
    PasientUserObjectPermission,
    Rolle,
    Samtykke,
    Tilknytning,
)
from tests.factories import (
    AnsattFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    MedlemskapFactory,
    OppnevningFactory,
    OrganisasjonFactory,
    PasientFactory,
    SamtykkeFactory,
    TilknytningFactory,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
IDAG = date(2026, 3, 11)  # a Wednesday
IGAAR = IDAG - timedelta(days=1)
IMORGEN = IDAG + timedelta(days=1)
MAKS_SPORRINGER = 15
SCRIPT = "<script>alert(1)</script>"
ESCAPET_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


def middag(dag: date) -> datetime:
    return datetime(dag.year, dag.month, dag.day, 12, 0, tzinfo=OSLO)


@pytest.fixture(autouse=True)
def fast_dag():
    with time_machine.travel(middag(IDAG), tick=False):
        yield


# ---------------------------------------------------------------------------------------------
# The world and helpers
# ---------------------------------------------------------------------------------------------


def fodselsnummer(fodselsdato: date, individ: int) -> str:
    """A valid synthetic number; 000–499 mean born 1900–1999, 500–749 born 2000–2039."""
    while True:
        nummer = lag_identitetsnummer(fodselsdato, individ, syntetisk=True)
        if nummer:
            return nummer
        individ += 1


def ansatt_i(enhet: Enhet, *, leder: bool = False, **felter) -> Ansatt:
    ansatt = AnsattFactory(organisasjon=enhet.organisasjon, **felter)
    MedlemskapFactory(ansatt=ansatt, enhet=enhet, leder=leder)
    return ansatt


@dataclass
class Verden:
    kommune: Organisasjon
    ke: Enhet
    hjemme: Enhet
    tildeling: Enhet
    kommune_b: Organisasjon
    b_hjemme: Enhet
    sykehus: Organisasjon
    medisinsk: Enhet
    leder: Ansatt  # leader of hjemme
    kollega: Ansatt  # staff in hjemme
    koordinator: Ansatt  # tildeling, access only through appointments
    ke_ansatt: Ansatt
    fremmed: Ansatt  # kommune B
    sykehusleder: Ansatt  # leader of medisinsk, a doctor


@pytest.fixture
def v() -> Verden:
    kommune = OrganisasjonFactory(navn="Kommune A")
    hjemme = EnhetFactory(organisasjon=kommune, navn="Hjemmetjenesten")
    tildeling = EnhetFactory(
        organisasjon=kommune, navn="Tildelingskontoret", type=Enhet.Type.TILDELINGSKONTOR
    )
    ke = EnhetFactory(organisasjon=kommune, ke=True, navn="Koordinerende enhet")
    kommune_b = OrganisasjonFactory(navn="Kommune B")
    b_hjemme = EnhetFactory(organisasjon=kommune_b, navn="Hjemmetjenesten B")
    sykehus = OrganisasjonFactory(sykehus=True, navn="Sykehuset")
    medisinsk = EnhetFactory(organisasjon=sykehus, klinisk=True, navn="Medisinsk avdeling")
    return Verden(
        kommune=kommune,
        ke=ke,
        hjemme=hjemme,
        tildeling=tildeling,
        kommune_b=kommune_b,
        b_hjemme=b_hjemme,
        sykehus=sykehus,
        medisinsk=medisinsk,
        leder=ansatt_i(hjemme, leder=True),
        kollega=ansatt_i(hjemme),
        koordinator=ansatt_i(tildeling),
        ke_ansatt=ansatt_i(ke),
        fremmed=ansatt_i(b_hjemme),
        sykehusleder=ansatt_i(medisinsk, leder=True, lege=True),
    )


def pasient_i(enhet: Enhet, **felter) -> Pasient:
    """A patient connected to `enhet` since a month ago."""
    pasient = PasientFactory(**felter)
    TilknytningFactory(pasient=pasient, enhet=enhet, fra=IDAG - timedelta(days=30))
    return pasient


def oppnevn_direkte(v: Verden, ansatt: Ansatt, pasient: Pasient, **felter) -> Oppnevning:
    """An appointment made with the factory plus the guardian grant the service would give."""
    felter.setdefault("enhet", v.hjemme)
    felter.setdefault("oppnevnt_av", v.leder)
    oppnevning = OppnevningFactory(pasient=pasient, ansatt=ansatt, **felter)
    if oppnevning.er_aktiv:
        permissions.oppnevningstilgang_gi(oppnevning=oppnevning)
    return oppnevning


def tabellrader(html: str, testid: str) -> list[str]:
    funn = re.search(rf'data-testid="{testid}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert funn, f"fant ikke tabellen {testid}"
    return re.findall(r"<tr>(.*?)</tr>", funn.group(1), re.S)


def pasientlenker(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/pasienter/(\d+)/"', html)]


def sporringer(client, url: str, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as fanget:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(fanget), response


def siste_logg_id() -> int:
    siste = Tilgangslogg.objects.order_by("-pk").first()
    return siste.pk if siste else 0


def tilstand() -> dict:
    """Everything the forms below could change, to prove a refusal left the database as it was."""
    return {
        "pasienter": sorted(Pasient.objects.values_list("pk", "fodselsnummer", "fornavn")),
        "parorende": sorted(Parorende.objects.values_list("pk", "navn")),
        "tilknytninger": sorted(Tilknytning.objects.values_list("pk", "fra", "til")),
        "samtykker": sorted(Samtykke.objects.values_list("pk", "gyldig_til", "trukket_tid")),
        "behov": sorted(Behovsmelding.objects.values_list("pk", "status")),
        "oppnevninger": sorted(Oppnevning.objects.values_list("pk", "sluttdato")),
        "tilganger": PasientUserObjectPermission.objects.count(),
        "historikk": [
            m.history.count()
            for m in (Pasient, Parorende, Tilknytning, Samtykke, Behovsmelding, Oppnevning)
        ],
    }


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
    assert antall_50 <= MAKS_SPORRINGER


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
    return re.search(r'<td data-kolonne="neste-frist">(.*?)</td>', rad, re.S).group(1)


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
    assert neste_frist_kolonne(rad) == "12.03.2026"


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
    assert neste_frist_kolonne(rad) == "–"


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


# ---------------------------------------------------------------------------------------------
# Leader appointment screen
# ---------------------------------------------------------------------------------------------


def leder_med_ventende(v: Verden, antall: int) -> Ansatt:
    enhet = EnhetFactory(organisasjon=v.kommune)
    leder = ansatt_i(enhet, leder=True)
    melder = ansatt_i(enhet)
    for i in range(antall):
        pasient = pasient_i(enhet, etternavn=f"Ventesen{i:03d}")
        BehovsmeldingFactory(
            pasient=pasient,
            enhet=enhet,
            meldt_av=melder,
            opprettet=middag(IDAG - timedelta(days=antall - i)),
        )
    return leder


def test_lederskjermen_har_like_mange_sporringer_med_5_og_50_behov(client, v):
    fem = leder_med_ventende(v, 5)
    femti = leder_med_ventende(v, 50)
    url = reverse("koordinering:behov-liste")

    client.force_login(fem.bruker)
    client.get(url)
    antall_5, response_5 = sporringer(client, url)
    client.force_login(femti.bruker)
    client.get(url)
    antall_50, response_50 = sporringer(client, url)

    assert len(tabellrader(response_5.content.decode(), "ventende-behov")) == 5
    assert len(tabellrader(response_50.content.decode(), "ventende-behov")) == 25
    assert antall_5 == antall_50
    assert antall_50 <= MAKS_SPORRINGER


def test_lederskjermen_viser_eldste_foerst_og_logger_dem(client, v):
    melder = v.kollega
    rekkefolge = []
    # Created newest first, so the ids run the other way from the dates.
    for dager, navn in [(1, "Nyest"), (5, "Midt"), (20, "Eldst")]:
        pasient = pasient_i(v.hjemme, fornavn=navn, etternavn="Ventesen")
        BehovsmeldingFactory(
            pasient=pasient,
            enhet=v.hjemme,
            meldt_av=melder,
            opprettet=middag(IDAG - timedelta(days=dager)),
        )
        rekkefolge.append(pasient)
    client.force_login(v.leder.bruker)
    foer = siste_logg_id()
    html = client.get(reverse("koordinering:behov-liste")).content.decode()
    rader = tabellrader(html, "ventende-behov")
    navn = [re.search(r"(\w+) Ventesen", rad).group(1) for rad in rader]
    assert navn == ["Eldst", "Midt", "Nyest"]
    assert "2\xa0uker, 6\xa0dager" in rader[0]  # the waiting time
    logg = Tilgangslogg.objects.filter(pk__gt=foer)
    assert sorted(logg.values_list("pasient_id", flat=True)) == sorted(p.pk for p in rekkefolge)
    assert set(logg.values_list("grunnlag", flat=True)) == {Tilgangsgrunnlag.ENHET}


def test_lederskjermen_viser_bare_egne_enheters_behov(client, v):
    annen_enhet = EnhetFactory(organisasjon=v.kommune, navn="Rehabilitering")
    BehovsmeldingFactory(
        pasient=pasient_i(annen_enhet, fornavn="Annen", etternavn="Enhetsen"),
        enhet=annen_enhet,
    )
    BehovsmeldingFactory(
        pasient=pasient_i(v.hjemme, fornavn="Egen", etternavn="Enhetsen"),
        enhet=v.hjemme,
        meldt_av=v.kollega,
    )
    client.force_login(v.leder.bruker)
    html = client.get(reverse("koordinering:behov-liste")).content.decode()
    assert "Egen Enhetsen" in html
    assert "Annen Enhetsen" not in html


@dataclass
class Kontaktlegebehov:
    behov: Behovsmelding
    lege_travel: Ansatt
    lege_ledig: Ansatt
    sykepleier: Ansatt


@pytest.fixture
def kontaktlegebehov(v) -> Kontaktlegebehov:
    """A kontaktlege need at Medisinsk avdeling for a patient admitted today (deadline
    tomorrow, the first working day after), and the staff the leader can choose from."""
    sykepleier = ansatt_i(v.medisinsk, koordinatoropplaering_fullfort=date(2024, 5, 2))
    lege_travel = ansatt_i(v.medisinsk, lege=True, koordinatoropplaering_fullfort=date(2025, 1, 15))
    lege_ledig = ansatt_i(v.medisinsk, lege=True)
    for i in range(3):
        OppnevningFactory(
            pasient=pasient_i(v.medisinsk),
            ansatt=lege_travel,
            enhet=v.medisinsk,
            rolle=Rolle.KONTAKTLEGE,
            oppnevnt_av=v.sykehusleder,
            sluttdato=IGAAR if i == 2 else None,
            startdato=IDAG - timedelta(days=30),
            sluttgrunn="Utskrevet" if i == 2 else "",
        )
    pasient = pasient_i(v.medisinsk, fornavn="Kari", etternavn="Kontaktlegesen")
    behov = services.behovsmelding_opprett(
        actor=sykepleier.bruker,
        pasient=pasient,
        enhet=v.medisinsk,
        behov=Behov.KONTAKTLEGE,
        alvorlig_sykdom=True,
        behandling_av_varighet=True,
        kontakttype=Behovsmelding.Kontakttype.INNLEGGELSE,
        kontaktdato=IDAG,
        begrunnelse="Nyoppdaget kreft, lang behandling",
    )
    assert behov.frist == IMORGEN
    return Kontaktlegebehov(behov, lege_travel, lege_ledig, sykepleier)


def test_kontaktlegebehov_over_fristen_markeres(client, v, kontaktlegebehov):
    client.force_login(v.sykehusleder.bruker)
    liste = reverse("koordinering:behov-liste")
    detalj = reverse("koordinering:behov-detalj", kwargs={"pk": kontaktlegebehov.behov.pk})

    html = client.get(liste).content.decode()
    (rad,) = tabellrader(html, "ventende-behov")
    assert "12.03.2026" in rad
    assert "frist passert" not in rad
    assert "fristen er passert" not in client.get(detalj).content.decode()

    with time_machine.travel(middag(IDAG + timedelta(days=2)), tick=False):
        html = client.get(liste).content.decode()
        (rad,) = tabellrader(html, "ventende-behov")
        assert "12.03.2026 – frist passert" in rad
        assert "fristen er passert" in client.get(detalj).content.decode()


def test_beslutningssiden_viser_kandidater_med_last_og_opplaering(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    foer = siste_logg_id()
    html = client.get(reverse("koordinering:behov-detalj", kwargs={"pk": k.behov.pk})).content
    html = html.decode()

    rader = {
        re.search(r"<td>([^<]+)</td>", rad).group(1): rad for rad in tabellrader(html, "kandidater")
    }
    travel, ledig = str(k.lege_travel), str(k.lege_ledig)
    assert travel in rader and ledig in rader
    assert str(k.sykepleier) not in rader
    assert "<td>2</td>" in rader[travel]  # two active, the ended one does not count
    assert "Fullført 15.01.2025" in rader[travel]
    assert "<td>0</td>" in rader[ledig]
    assert "Ikke fullført" in rader[ledig]
    # The radio choices: doctors only, with load and training in the label.
    valg = {int(pk) for pk in re.findall(r'name="ansatt" value="(\d+)"', html)}
    assert k.lege_travel.pk in valg and k.lege_ledig.pk in valg
    assert k.sykepleier.pk not in valg
    assert "2 aktive oppnevninger, opplæring fullført 15.01.2025" in html
    assert "0 aktive oppnevninger, opplæring ikke fullført" in html
    assert Tilgangslogg.objects.filter(pk__gt=foer, pasient=k.behov.pasient).count() == 1


def oppnevningsdata(ansatt: Ansatt) -> dict:
    return {
        "ansatt": ansatt.pk,
        "mandat": "Medisinske spørsmål og kontakt med fastlegen",
        "startdato": IDAG.isoformat(),
        "pasientens_onsker_hort": "on",
        "pasient_informert_dato": IDAG.isoformat(),
    }


def test_sykepleier_kan_ikke_velges_som_kontaktlege(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:behov-oppnevn", kwargs={"pk": k.behov.pk}),
        oppnevningsdata(k.sykepleier),
    )
    assert response.status_code == 400
    assert "Velg et gyldig valg" in response.content.decode()
    assert tilstand() == foer
    assert not Oppnevning.objects.filter(behovsmelding=k.behov).exists()


def test_oppnevning_gjennom_skjemaet_og_dobbel_innsending(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    url = reverse("koordinering:behov-oppnevn", kwargs={"pk": k.behov.pk})

    response = client.post(url, oppnevningsdata(k.lege_ledig))
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:behov-liste")
    oppnevning = Oppnevning.objects.get(behovsmelding=k.behov)
    assert (oppnevning.ansatt, oppnevning.rolle) == (k.lege_ledig, Rolle.KONTAKTLEGE)
    assert oppnevning.frist == IMORGEN
    k.behov.refresh_from_db()
    assert k.behov.status == Behovsmelding.Status.OPPNEVNT
    assert PasientUserObjectPermission.objects.filter(
        user=k.lege_ledig.bruker, content_object=k.behov.pasient
    ).exists()
    melding = client.get(response["Location"]).content.decode()
    assert "er oppnevnt som kontaktlege for Kari Kontaktlegesen" in melding

    foer = tilstand()
    andre = client.post(url, oppnevningsdata(k.lege_travel))
    assert andre.status_code == 404 or "allerede behandlet" in andre.content.decode()
    assert tilstand() == foer
    assert Oppnevning.objects.filter(pasient=k.behov.pasient).count() == 1


def test_andre_aktive_koordinator_gjennom_skjemaet_gir_forklarende_melding(client, v, pasient):
    """P already has an active koordinator in the kommune; a new koordinator need is reported
    and the leader tries to appoint someone else instead of using «Bytt»."""
    nytt_behov = services.behovsmelding_opprett(
        actor=v.kollega.bruker,
        pasient=pasient,
        enhet=v.hjemme,
        behov=Behov.KOORDINATOR,
        koordinerte_tjenester=True,
        begrunnelse="Ønsker ny koordinator",
    )
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:behov-oppnevn", kwargs={"pk": nytt_behov.pk}),
        oppnevningsdata(v.kollega),
    )
    assert response.status_code == 400
    assert "allerede en aktiv oppnevning i denne rollen" in response.content.decode()
    assert tilstand() == foer


def test_avslag_gjennom_skjemaet(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    url = reverse("koordinering:behov-avslaa", kwargs={"pk": k.behov.pk})
    response = client.post(url, {"grunn": "onsker_ikke", "kommentar": "Ønsker ikke"})
    assert response.status_code == 302
    k.behov.refresh_from_db()
    assert k.behov.status == Behovsmelding.Status.AVSLATT
    assert client.post(url, {"grunn": "onsker_ikke"}).status_code == 404


# ---------------------------------------------------------------------------------------------
# Bad input through the views
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def pasient(v) -> Pasient:
    """Patient P, registered by the colleague in Hjemmetjenesten, with an appointed koordinator."""
    pasient = services.pasient_opprett(
        actor=v.kollega.bruker,
        enhet=v.hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(date(1958, 4, 17), 123),
        fornavn="Petronella",
        etternavn="Prøvestad",
    )
    behov = services.behovsmelding_opprett(
        actor=v.kollega.bruker,
        pasient=pasient,
        enhet=v.hjemme,
        behov=Behov.KOORDINATOR,
        komplekse_behov=True,
        begrunnelse="Mange tjenester",
    )
    services.oppnevning_opprett(
        actor=v.leder.bruker,
        behovsmelding=behov,
        ansatt=v.koordinator,
        mandat="Samordne tjenestene",
        startdato=IDAG - timedelta(days=7),
        pasientens_onsker_hort=True,
    )
    return pasient


def pasientdata(**felter) -> dict:
    data = {
        "fornavn": "Ny",
        "mellomnavn": "",
        "etternavn": "Pasient",
        "adresse": "",
        "postnummer": "",
        "poststed": "",
        "hjemkommune": "",
        "telefon": "",
        "epost": "",
        "foretrukket_spraak": "norsk",
        "kulturelle_hensyn": "",
    }
    data.update(felter)
    return data


def ugyldig_fodselsnummer() -> str:
    gyldig = fodselsnummer(date(1980, 1, 1), 300)
    return gyldig[:-1] + str((int(gyldig[-1]) + 1) % 10)


@pytest.mark.parametrize(
    ("nummer", "melding"),
    [
        (ugyldig_fodselsnummer(), "kontrollsifrene stemmer ikke"),
        ("1234", "må bestå av nøyaktig 11 sifre"),
        ("abcdefghijk", "må bestå av nøyaktig 11 sifre"),
    ],
)
def test_registrering_med_ugyldig_fodselsnummer(client, v, nummer, melding):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=nummer,
            enhet=v.hjemme.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Vedtak",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skjemaet har feil som må rettes" in html
    assert melding in html
    assert tilstand() == foer


def test_samme_fodselsnummer_to_ganger(client, v, pasient):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=pasient.fodselsnummer,
            enhet=v.hjemme.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Vedtak",
        ),
    )
    assert response.status_code == 200
    assert "allerede registrert" in response.content.decode()
    assert tilstand() == foer


def test_registrering_uten_feil_gaar_til_pasientsiden(client, v):
    client.force_login(v.kollega.bruker)
    nummer = fodselsnummer(date(1990, 7, 7), 150)
    response = client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=f"{nummer[:6]} {nummer[6:]}",
            enhet=v.hjemme.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Vedtak",
        ),
    )
    ny = Pasient.objects.get(fodselsnummer=nummer)
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:pasient-detalj", kwargs={"pk": ny.pk})
    assert nummer not in response["Location"]


def test_tilknytning_med_til_foer_fra(client, v, pasient):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:tilknytning-opprett", kwargs={"pk": pasient.pk}),
        {
            "enhet": v.tildeling.pk,
            "fra": IDAG.isoformat(),
            "til": IGAAR.isoformat(),
            "begrunnelse": "Søknad",
        },
    )
    assert response.status_code == 200
    assert "Til-dato kan ikke være før fra-dato." in response.content.decode()
    assert tilstand() == foer


def samtykkedata(**felter) -> dict:
    data = {
        "gjelder_planprosess": "on",
        "gitt_av": Samtykke.GittAv.PASIENTEN,
        "gitt_av_navn": "",
        "form": Samtykke.Form.SKRIFTLIG,
        "gyldig_fra": IDAG.isoformat(),
        "gyldig_til": (IDAG + timedelta(days=365)).isoformat(),
        "merknad": "",
    }
    data.update(felter)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize(
    ("felter", "melding"),
    [
        ({"gyldig_til": IGAAR.isoformat()}, "Gyldig til kan ikke være før gyldig fra."),
        (
            {"gjelder_planprosess": None},
            "Kryss av for hva samtykket gjelder: planprosessen eller deling med noen.",
        ),
        (
            {"gitt_av": Samtykke.GittAv.VERGE},
            "Oppgi navnet på den som samtykket når det ikke er pasienten selv.",
        ),
    ],
    ids=["til-foer-fra", "ingenting-krysset-av", "verge-uten-navn"],
)
def test_ugyldig_samtykke(client, v, pasient, felter, melding):
    client.force_login(v.kollega.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:samtykke-opprett", kwargs={"pk": pasient.pk}),
        samtykkedata(**felter),
    )
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert tilstand() == foer


def test_gyldig_samtykke_registreres(client, v, pasient):
    client.force_login(v.kollega.bruker)
    response = client.post(
        reverse("koordinering:samtykke-opprett", kwargs={"pk": pasient.pk}),
        samtykkedata(organisasjoner=[v.sykehus.pk]),
    )
    assert response.status_code == 302
    samtykke = pasient.samtykker.get()
    assert list(samtykke.organisasjoner.all()) == [v.sykehus]
    assert samtykke.dokumentert_av == v.kollega


def test_avslutte_oppnevning_fram_i_tid(client, v, pasient):
    oppnevning = pasient.oppnevninger.get()
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:oppnevning-avslutt", kwargs={"pk": oppnevning.pk}),
        {"sluttdato": IMORGEN.isoformat(), "grunn": "Flytter"},
    )
    assert response.status_code == 200
    assert "Sluttdato kan ikke ligge fram i tid." in response.content.decode()
    assert tilstand() == foer


def test_avslutte_oppnevning_foer_startdato(client, v, pasient):
    oppnevning = pasient.oppnevninger.get()
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:oppnevning-avslutt", kwargs={"pk": oppnevning.pk}),
        {"sluttdato": (IDAG - timedelta(days=30)).isoformat(), "grunn": "Feilregistrert"},
    )
    assert response.status_code == 200
    assert "Sluttdato kan ikke være før startdato." in response.content.decode()
    assert tilstand() == foer


def fremmede_skjema(v: Verden, pasient: Pasient):
    samtykke = SamtykkeFactory(pasient=pasient, dokumentert_av=v.kollega)
    return {
        "pasient-endre": (pasient.pk, pasientdata(fornavn="Hacket")),
        "parorende-opprett": (pasient.pk, {"navn": "Fremmed", "relasjon": "venn"}),
        "tilknytning-opprett": (
            pasient.pk,
            {"enhet": v.b_hjemme.pk, "fra": IDAG.isoformat(), "begrunnelse": "Snoking"},
        ),
        "samtykke-opprett": (pasient.pk, samtykkedata()),
        "behov-opprett": (
            pasient.pk,
            {
                "behov": "koordinator",
                "enhet": v.b_hjemme.pk,
                "komplekse_behov": "on",
                "begrunnelse": "Snoking",
            },
        ),
        "samtykke-trekk": (samtykke.pk, {"grunn": "Snoking"}),
        "tilknytning-avslutt": (
            pasient.tilknytninger.get().pk,
            {"til": IDAG.isoformat(), "grunn": "Snoking"},
        ),
        "oppnevning-avslutt": (
            pasient.oppnevninger.get().pk,
            {"sluttdato": IDAG.isoformat(), "grunn": "Snoking"},
        ),
    }


@pytest.mark.parametrize(
    "url_navn",
    [
        "pasient-endre",
        "parorende-opprett",
        "tilknytning-opprett",
        "samtykke-opprett",
        "behov-opprett",
        "samtykke-trekk",
        "tilknytning-avslutt",
        "oppnevning-avslutt",
    ],
)
def test_fremmed_pasient_i_skjemaadressen_gir_404(client, v, pasient, url_navn):
    pk, data = fremmede_skjema(v, pasient)[url_navn]
    client.force_login(v.fremmed.bruker)
    foer = tilstand()
    logg_foer = siste_logg_id()
    response = client.post(reverse(f"koordinering:{url_navn}", kwargs={"pk": pk}), data)
    assert response.status_code == 404
    assert "Petronella" not in response.content.decode()
    assert tilstand() == foer
    assert Tilgangslogg.objects.filter(pk__gt=logg_foer).count() == 0


def test_html_i_fritekst_lagres_som_tekst_og_vises_escapet(client, v, pasient):
    client.force_login(v.kollega.bruker)
    svar = [
        client.post(
            reverse("koordinering:parorende-opprett", kwargs={"pk": pasient.pk}),
            {"navn": SCRIPT, "relasjon": "venn", "telefon": "", "merknad": SCRIPT},
        ),
        client.post(
            reverse("koordinering:tilknytning-opprett", kwargs={"pk": pasient.pk}),
            {"enhet": v.tildeling.pk, "fra": IDAG.isoformat(), "begrunnelse": SCRIPT},
        ),
        client.post(
            reverse("koordinering:behov-opprett", kwargs={"pk": pasient.pk}),
            {
                "behov": Behov.INDIVIDUELL_PLAN,
                "enhet": v.hjemme.pk,
                "langvarige_behov": "on",
                "begrunnelse": SCRIPT,
            },
        ),
        client.post(
            reverse("koordinering:pasient-endre", kwargs={"pk": pasient.pk}),
            pasientdata(fornavn="Petronella", etternavn="Prøvestad", kulturelle_hensyn=SCRIPT),
        ),
    ]
    assert [r.status_code for r in svar] == [302, 302, 302, 302]
    assert pasient.parorende.get().navn == SCRIPT
    assert pasient.tilknytninger.get(enhet=v.tildeling).begrunnelse == SCRIPT
    assert pasient.behovsmeldinger.get(behov=Behov.INDIVIDUELL_PLAN).begrunnelse == SCRIPT
    pasient.refresh_from_db()
    assert pasient.kulturelle_hensyn == SCRIPT

    for bruker in (v.kollega, v.leder, v.koordinator):
        client.force_login(bruker.bruker)
        html = client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk}))
        html = html.content.decode()
        assert SCRIPT not in html and "<script>" not in html
        assert html.count(ESCAPET_SCRIPT) >= 4
    # The leader screen shows the need's reasoning too.
    client.force_login(v.leder.bruker)
    behov = pasient.behovsmeldinger.get(behov=Behov.INDIVIDUELL_PLAN)
    html = client.get(reverse("koordinering:behov-detalj", kwargs={"pk": behov.pk}))
    html = html.content.decode()
    assert SCRIPT not in html and "<script>" not in html
    assert ESCAPET_SCRIPT in html


def test_html_i_avslutningsgrunn_vises_escapet(client, v, pasient):
    client.force_login(v.leder.bruker)
    oppnevning = pasient.oppnevninger.get()
    response = client.post(
        reverse("koordinering:oppnevning-avslutt", kwargs={"pk": oppnevning.pk}),
        {"sluttdato": IDAG.isoformat(), "grunn": SCRIPT},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert SCRIPT not in html and "<script>" not in html
    assert ESCAPET_SCRIPT in html


def test_html_i_sok_vises_escapet(client, v, pasient):
    client.force_login(v.kollega.bruker)
    html = client.post(reverse("koordinering:pasient-sok"), {"sok": SCRIPT}).content.decode()
    assert SCRIPT not in html and "<script>" not in html


# ---------------------------------------------------------------------------------------------
# The patient page
# ---------------------------------------------------------------------------------------------


def test_pasientsiden_viser_endringshistorikk_etter_endring(client, v, pasient):
    client.force_login(v.kollega.bruker)
    with time_machine.travel(middag(IDAG) + timedelta(hours=1), tick=False):
        response = client.post(
            reverse("koordinering:pasient-endre", kwargs={"pk": pasient.pk}),
            pasientdata(fornavn="Petra", etternavn="Prøvestad", telefon="99887766"),
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk})

    client.force_login(v.koordinator.bruker)
    html = client.get(response["Location"]).content.decode()
    rader = tabellrader(html, "historikk")
    endret = [r for r in rader if "Endret personopplysninger" in r]
    assert len(endret) == 1
    assert v.kollega.bruker.get_full_name() in endret[0]
    assert "fornavn: Petronella → Petra" in endret[0]
    assert "telefon: – → 99887766" in endret[0]
    assert rader[0] == endret[0]  # newest first
    # Creation of the record is in the history as well, by the one who registered.
    opprettet = [r for r in rader if "Opprettet personopplysninger" in r]
    assert len(opprettet) == 1 and v.kollega.bruker.get_full_name() in opprettet[0]
    # The number itself is not in the history.
    assert pasient.fodselsnummer not in html


def test_ke_ser_tilgangsloggen_koordinatoren_gjoer_ikke(client, v, pasient):
    client.force_login(v.kollega.bruker)
    client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk}))

    client.force_login(v.ke_ansatt.bruker)
    html = client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk}))
    html = html.content.decode()
    rader = tabellrader(html, "tilgangslogg")
    assert any(
        v.kollega.bruker.get_full_name() in r
        and "Pasientside" in r
        and "Enheten følger pasienten" in r
        for r in rader
    )

    client.force_login(v.koordinator.bruker)
    html = client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk}))
    html = html.content.decode()
    assert 'data-testid="tilgangslogg"' not in html
    assert "Vis tilgangsloggen" not in html


def test_ke_ser_ikke_andre_organisasjoners_oppslag_i_tilgangsloggen(client, v, pasient):
    sykehusansatt = ansatt_i(v.medisinsk)
    TilknytningFactory(pasient=pasient, enhet=v.medisinsk, fra=IDAG)
    client.force_login(sykehusansatt.bruker)
    assert (
        client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk})).status_code
        == 200
    )
    client.force_login(v.ke_ansatt.bruker)
    html = client.get(reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk}))
    rader = tabellrader(html.content.decode(), "tilgangslogg")
    assert not any(sykehusansatt.bruker.get_full_name() in r for r in rader)


def test_fodselsnummeret_vises_helt_bare_etter_post(client, v, pasient):
    url = reverse("koordinering:pasient-detalj", kwargs={"pk": pasient.pk})
    fnr = pasient.fodselsnummer
    client.force_login(v.koordinator.bruker)

    html = client.get(url).content.decode()
    assert fnr not in html
    assert f'<span data-testid="fodselsnummer">{fnr[:6]} *****</span>' in html
    assert "Vis hele nummeret" in html

    foer = siste_logg_id()
    response = client.post(url, {"vis": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<span data-testid="fodselsnummer">{fnr}</span>' in html
    assert fnr not in response.wsgi_request.get_full_path()
    assert Tilgangslogg.objects.filter(pk__gt=foer, pasient=pasient).count() == 1

    # GET with vis=1 in the query string does not reveal the number.
    html = client.get(url, {"vis": "1"}).content.decode()
    assert fnr not in html


def lag_pasient_med(v: Verden, antall: int) -> Pasient:
    """A patient connected to Hjemmetjenesten with `antall` relatives, consents (each sharing
    with an organisation and a person), need reports, connections and appointments (one
    active, the rest ended)."""
    pasient = pasient_i(v.hjemme, fornavn=f"Mange{antall}", etternavn="Radesen")
    for i in range(antall):
        Parorende.objects.create(pasient=pasient, navn=f"Pårørende {i}", relasjon="barn")
        ansatt = ansatt_i(v.tildeling)
        SamtykkeFactory(
            pasient=pasient,
            dokumentert_av=ansatt,
            organisasjoner=[v.sykehus],
            personer=[ansatt],
        )
        behov = BehovsmeldingFactory(
            pasient=pasient,
            enhet=v.hjemme,
            meldt_av=v.kollega,
            status=Behovsmelding.Status.OPPNEVNT,
        )
        oppnevn_direkte(
            v,
            ansatt,
            pasient,
            behovsmelding=behov,
            startdato=IDAG - timedelta(days=100),
            sluttdato=None if i == 0 else IDAG - timedelta(days=50),
            sluttgrunn="" if i == 0 else "Byttet",
        )
        if i:
            TilknytningFactory(
                pasient=pasient,
                enhet=EnhetFactory(organisasjon=v.kommune),
                fra=IDAG - timedelta(days=200),
                til=IDAG - timedelta(days=100),
            )
    return pasient


@pytest.mark.parametrize("brukertype", ["kollega", "ke_ansatt"])
def test_pasientsiden_har_like_mange_sporringer_med_1_og_10_av_alt(client, v, brukertype):
    en = lag_pasient_med(v, 1)
    ti = lag_pasient_med(v, 10)
    client.force_login(getattr(v, brukertype).bruker)
    url_en = reverse("koordinering:pasient-detalj", kwargs={"pk": en.pk})
    url_ti = reverse("koordinering:pasient-detalj", kwargs={"pk": ti.pk})
    client.get(url_en)
    client.get(url_ti)

    antall_en, response_en = sporringer(client, url_en)
    antall_ti, response_ti = sporringer(client, url_ti)

    assert len(tabellrader(response_ti.content.decode(), "samtykker")) == 10
    assert len(tabellrader(response_ti.content.decode(), "oppnevninger")) == 10
    assert len(tabellrader(response_en.content.decode(), "oppnevninger")) == 1
    assert antall_en == antall_ti
    assert antall_ti <= 30


def test_parorende_kan_endres_og_endringen_vises_i_historikken(client, v, pasient):
    parorende = services.parorende_opprett(
        actor=v.kollega.bruker, pasient=pasient, navn="Gammelt Navn", relasjon="barn"
    )
    client.force_login(v.kollega.bruker)
    response = client.post(
        reverse("koordinering:parorende-endre", kwargs={"pk": parorende.pk}),
        {
            "navn": "Nytt Navn",
            "relasjon": "sosken",
            "telefon": "99887766",
            "kan_motta_informasjon": "on",
        },
    )
    assert response.status_code == 302
    parorende.refresh_from_db()
    assert (parorende.navn, parorende.relasjon, parorende.kan_motta_informasjon) == (
        "Nytt Navn",
        "sosken",
        True,
    )
    assert parorende.history.first().history_user == v.kollega.bruker
    html = client.get(response["Location"]).content.decode()
    assert "Endret pårørende" in html and "Nytt Navn" in html
