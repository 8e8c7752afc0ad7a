"""Kontroll av tilganger: each category of finding (and a normal read that is none), the period
filter, marking a finding reviewed (once, even on a double submit), who may see the page, and
a fixed number of queries however many findings there are.

The world: Testvik kommune (A) with its KE (Kari Kesen) and Hjemmetjenesten (H): koordinator
Kåre Hansen, appointed for P; kollega Åse Lie, member of Q's ansvarsgruppe. Annenby kommune (B)
has its own KE. P, Q and R (surname Lie) are connected to H. Log rows are written as the views
write them, at noon on the shared day unless said otherwise."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from felles.models import Handling, Tilgangsgrunnlag, Tilgangslogg
from oversikt.models import GjennomgattFunn
from tests.factories import (
    AnsvarsgruppeFactory,
    EnhetFactory,
    GruppemedlemFactory,
    OppnevningFactory,
    OrganisasjonFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.verden import IDAG, NAA, ansatt_i

pytestmark = pytest.mark.django_db

URL = "/oversikt/kontroll/"
MERK = "/oversikt/kontroll/gjennomgatt/"
PASIENTSIDE = "koordinering:pasient-detalj"


class K:
    pass


@pytest.fixture
def k(db):
    k = K()
    k.a = OrganisasjonFactory(navn="Testvik kommune")
    k.b = OrganisasjonFactory(navn="Annenby kommune")
    k.ke_enhet = EnhetFactory(organisasjon=k.a, navn="Koordinerende enhet", ke=True)
    k.h = EnhetFactory(organisasjon=k.a, navn="Hjemmetjenesten")
    k.ke = ansatt_i(k.ke_enhet, leder=True, bruker__first_name="Kari", bruker__last_name="Kesen")
    k.koord = ansatt_i(k.h, bruker__first_name="Kåre", bruker__last_name="Hansen")
    k.kollega = ansatt_i(k.h, bruker__first_name="Åse", bruker__last_name="Lie")
    k.ke_b = ansatt_i(EnhetFactory(organisasjon=k.b, ke=True), leder=True)
    k.p = PasientFactory(fornavn="Per", etternavn="Pettersen")
    k.q = PasientFactory(fornavn="Quinn", etternavn="Quist")
    k.r = PasientFactory(fornavn="Rita", etternavn="LIE")
    for pasient in (k.p, k.q, k.r):
        TilknytningFactory(pasient=pasient, enhet=k.h, fra=IDAG - timedelta(days=400))
    OppnevningFactory(pasient=k.p, enhet=k.h, ansatt=k.koord, startdato=IDAG - timedelta(days=90))
    gruppe = AnsvarsgruppeFactory(pasient=k.q, organisasjon=k.a)
    GruppemedlemFactory(gruppe=gruppe, ansatt=k.kollega)
    return k


def logg(ansatt, pasient, grunnlag, *, tid=NAA, objekt_type=PASIENTSIDE, handling=Handling.VIST):
    return Tilgangslogg.objects.create(
        bruker=ansatt.bruker,
        brukernavn=ansatt.bruker.get_full_name(),
        rolle="Sykepleier",
        organisasjon=ansatt.organisasjon,
        pasient=pasient,
        dokument="Pasientside: Oversikt",
        objekt_type=objekt_type,
        handling=handling,
        grunnlag=grunnlag,
        tidspunkt=tid,
    )


def funn(client, hvem, **parametre) -> dict[str, list[str]]:
    """The findings on the page, as {category: [row text]}."""
    client.force_login(hvem.bruker)
    svar = client.get(URL, parametre)
    assert svar.status_code == 200, svar.content.decode()[:500]
    return {
        kode: [
            f"{f.brukernavn}|{f.pasientnavn}|{f.antall}"
            for f, _token in liste
            if not f.gjennomgang or parametre.get("vis_gjennomgatte")
        ]
        for kode, _navn, liste in svar.context["seksjoner"]
    }


def alle(resultat) -> list[str]:
    return [rad for rader in resultat.values() for rad in rader]


# --- the categories -------------------------------------------------------------------------


def test_en_vanlig_lesning_gir_ingen_funn(client, k):
    logg(k.koord, k.p, Tilgangsgrunnlag.OPPNEVNING)
    logg(k.koord, k.p, Tilgangsgrunnlag.ENHET)  # the unit's basis, but appointed for P
    logg(k.kollega, k.q, Tilgangsgrunnlag.ENHET)  # in Q's ansvarsgruppe
    logg(k.kollega, k.p, Tilgangsgrunnlag.ENHET, objekt_type="koordinering:start")  # a list
    logg(k.ke, k.p, Tilgangsgrunnlag.TILSYN, objekt_type="koordinering:tilgangslogg-ansatt")
    assert alle(funn(client, k.ke)) == []


def test_tilgang_ved_samtykke_fra_en_annen_organisasjon(client, k):
    annen = PasientFactory(fornavn="Siri", etternavn="Samtykke")
    logg(k.koord, annen, Tilgangsgrunnlag.SAMTYKKE)
    logg(k.koord, annen, Tilgangsgrunnlag.SAMTYKKE, tid=NAA + timedelta(minutes=5))
    assert funn(client, k.ke)["samtykke"] == ["Kåre Hansen|Siri Samtykke|2"]


def test_oppslag_uten_egen_oppnevning_eller_gruppe(client, k):
    logg(k.kollega, k.p, Tilgangsgrunnlag.ENHET)  # no appointment, not in P's group
    logg(k.koord, k.q, Tilgangsgrunnlag.ENHET, objekt_type="koordinering:pasient-sok")
    logg(k.ke, k.r, Tilgangsgrunnlag.KE)
    resultat = funn(client, k.ke)
    assert sorted(resultat["utenfor"]) == [
        "Kari Kesen|Rita LIE|1",
        "Kåre Hansen|Quinn Quist|1",
        "Åse Lie|Per Pettersen|1",
    ]


def test_en_avsluttet_oppnevning_gir_ikke_lenger_grunn(client, k):
    OppnevningFactory(
        pasient=k.q,
        enhet=k.h,
        ansatt=k.koord,
        startdato=IDAG - timedelta(days=90),
        sluttdato=IDAG - timedelta(days=10),
        sluttgrunn="Avsluttet",
    )
    logg(k.koord, k.q, Tilgangsgrunnlag.ENHET, tid=NAA - timedelta(days=20))
    logg(k.koord, k.q, Tilgangsgrunnlag.ENHET)
    assert funn(client, k.ke)["utenfor"] == ["Kåre Hansen|Quinn Quist|1"]


def test_oppslag_paa_pasient_med_eget_etternavn(client, k):
    logg(k.kollega, k.r, Tilgangsgrunnlag.ENHET, objekt_type="koordinering:start")
    logg(k.kollega, k.q, Tilgangsgrunnlag.ENHET, objekt_type="koordinering:start")
    client.force_login(k.ke.bruker)
    html = client.get(URL).content.decode()
    assert funn(client, k.ke)["etternavn"] == ["Åse Lie|Rita LIE|1"]
    assert "bare etternavn sammenlignes" in html


def test_masseoppslag_over_grensen_per_time(client, k, settings):
    settings.TILGANGSKONTROLL_MASSEOPPSLAG_PER_TIME = 3
    andre = [PasientFactory() for _ in range(4)]
    for i, pasient in enumerate(andre):
        logg(
            k.koord,
            pasient,
            Tilgangsgrunnlag.ENHET,
            objekt_type="koordinering:start",
            tid=NAA + timedelta(minutes=i),
        )
    for pasient in andre[:3]:  # the next hour: exactly the limit, no finding
        logg(
            k.kollega,
            pasient,
            Tilgangsgrunnlag.ENHET,
            objekt_type="koordinering:start",
            tid=NAA + timedelta(hours=1),
        )
    assert funn(client, k.ke)["masse"] == ["Kåre Hansen||4"]
    client.force_login(k.ke.bruker)
    assert "4 pasienter på én klokketime (grense 3)" in client.get(URL).content.decode()


def test_avviste_forsok_og_fodselsnummer_oppslag(client, k):
    fremmed = PasientFactory(fornavn="Frida", etternavn="Fremmed")
    client.force_login(k.koord.bruker)
    assert client.get(f"/pasienter/{fremmed.pk}/").status_code == 404
    assert client.get(f"/pasienter/{fremmed.pk}/?del=plan").status_code == 404
    logg(k.kollega, fremmed, "", handling=Handling.FNR_OPPSLAG, objekt_type="")
    resultat = funn(client, k.ke)
    assert resultat["avvist"] == ["Kåre Hansen|Frida Fremmed|2"]
    assert resultat["fnr"] == ["Åse Lie|Frida Fremmed|1"]


def test_bare_perioden_og_egen_organisasjon_er_med(client, k):
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE, tid=NAA - timedelta(days=30))  # day 31
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE, tid=NAA - timedelta(days=29))
    logg(k.ke_b, k.q, Tilgangsgrunnlag.SAMTYKKE)  # another organisation's staff
    assert funn(client, k.ke)["samtykke"] == ["Kåre Hansen|Quinn Quist|1"]
    fra = (IDAG - timedelta(days=40)).isoformat()
    assert funn(client, k.ke, fra=fra)["samtykke"] == ["Kåre Hansen|Quinn Quist|1"] * 2
    assert funn(client, k.ke, kategori="utenfor") == {"utenfor": []}


def test_filter_paa_ansatt_med_id(client, k):
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE)
    logg(k.kollega, k.p, Tilgangsgrunnlag.SAMTYKKE)
    assert funn(client, k.ke, ansatt=k.kollega.pk)["samtykke"] == ["Åse Lie|Per Pettersen|1"]


@pytest.mark.parametrize(
    "parametre, feil",
    [
        ({"fra": "2026-03-10", "til": "2026-03-01"}, "Til-dato kan ikke være før fra-dato."),
        ({"til": "2026-03-12"}, "Til-dato kan ikke være etter i dag (11.03.2026)."),
        ({"fra": "2024-01-01"}, "Perioden kan være høyst ett år."),
        ({"fra": "ikke en dato"}, "Oppgi en gyldig dato."),
    ],
)
def test_ugyldig_periode_gir_norsk_feilmelding(client, k, parametre, feil):
    client.force_login(k.ke.bruker)
    svar = client.get(URL, parametre)
    assert svar.status_code == 400
    assert feil in svar.content.decode()


# --- marking reviewed -----------------------------------------------------------------------


def _ett_funn(client, k):
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE)
    client.force_login(k.ke.bruker)
    [(f, token)] = {kode: liste for kode, _n, liste in client.get(URL).context["seksjoner"]}[
        "samtykke"
    ]
    return f, token


def test_dobbel_innsending_gir_en_gjennomgang_og_funnet_skjules(client, k):
    f, token = _ett_funn(client, k)
    data = {"nokkel": f.nokkel, "merknad": "Avklart med lederen.", "innsending_id": token}
    for _ in range(2):
        assert client.post(MERK, data).status_code == 302
    rad = GjennomgattFunn.objects.get()
    assert (rad.organisasjon, rad.gjennomgatt_av, rad.merknad) == (k.a, k.ke, data["merknad"])
    assert f"{k.koord.bruker_id}:{k.q.pk}:{IDAG.isoformat()}" in rad.nokkel
    svar = client.get(URL)
    assert alle(funn(client, k.ke)) == []
    assert "1 gjennomgått funn er skjult." in svar.content.decode()
    vist = client.get(URL, {"vis_gjennomgatte": "on"}).content.decode()
    assert "Avklart med lederen." in vist and "Gjennomgått 11.03.2026 av Kari Kesen" in vist


def test_gjennomgang_uten_merknad_avvises_og_lagrer_ingenting(client, k):
    f, token = _ett_funn(client, k)
    svar = client.post(
        MERK, {"nokkel": f.nokkel, "merknad": " ", "innsending_id": token}, follow=True
    )
    assert "Skriv hva gjennomgangen viste." in svar.content.decode()
    assert not GjennomgattFunn.objects.exists()


def test_samme_funn_to_ganger_med_nye_skjema_gir_en_rad_og_en_forstaaelig_melding(client, k):
    f, _token = _ett_funn(client, k)
    for merknad in ("Første", "Andre"):
        svar = client.post(
            MERK,
            {"nokkel": f.nokkel, "merknad": merknad, "innsending_id": uuid.uuid4()},
            follow=True,
        )
    assert "Funnet er allerede merket som gjennomgått." in svar.content.decode()
    assert GjennomgattFunn.objects.get().merknad == "Første"


def test_tilgangsloggen_endres_ikke_ved_gjennomgang(client, k):
    f, token = _ett_funn(client, k)
    for_ = list(Tilgangslogg.objects.order_by("id").values())
    client.post(MERK, {"nokkel": f.nokkel, "merknad": "OK", "innsending_id": token})
    assert list(Tilgangslogg.objects.order_by("id").values())[: len(for_)] == for_


# --- who may ---------------------------------------------------------------------------------


def test_bare_ke_i_organisasjonen_ser_siden_og_kan_merke(client, k):
    f, _token = _ett_funn(client, k)
    client.force_login(k.koord.bruker)
    assert client.get(URL).status_code == 404
    for ansatt in (k.koord, k.ke_b):  # B's KE has its own page, but not A's findings
        client.force_login(ansatt.bruker)
        svar = client.post(MERK, {"nokkel": f.nokkel, "merknad": "Nei", "innsending_id": ""})
        assert svar.status_code == 404
    client.logout()
    assert client.get(URL).status_code == 302
    assert client.post(MERK, {"nokkel": f.nokkel, "merknad": "x"}).status_code == 302
    assert not GjennomgattFunn.objects.exists()


def test_en_annen_organisasjons_ke_ser_ikke_funnene(client, k):
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE)
    assert alle(funn(client, k.ke_b)) == []


def test_en_tuklet_nokkel_avvises(client, k):
    client.force_login(k.ke.bruker)
    svar = client.post(
        MERK, {"nokkel": "samtykke:x:1", "merknad": "x", "innsending_id": ""}, follow=True
    )
    assert "Funnet finnes ikke." in svar.content.decode()
    annen = f"samtykke:{k.b.pk}:{k.koord.bruker_id}:0:{IDAG.isoformat()}"
    assert client.post(MERK, {"nokkel": annen, "merknad": "x"}).status_code == 404
    assert not GjennomgattFunn.objects.exists()


def test_siden_logger_pasientene_den_viser(client, k):
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE)
    funn(client, k.ke)
    rad = Tilgangslogg.objects.filter(bruker=k.ke.bruker).get()
    assert (rad.pasient, rad.grunnlag, rad.dokument) == (
        k.q,
        Tilgangsgrunnlag.TILSYN,
        "Kontroll av tilganger",
    )


def test_ingen_helseopplysninger_i_adressene(client, k):
    logg(k.koord, k.q, Tilgangsgrunnlag.SAMTYKKE)
    client.force_login(k.ke.bruker)
    html = client.get(URL).content.decode()
    assert "Quist" in html
    assert 'action="/oversikt/kontroll/gjennomgatt/"' in html and 'method="post"' in html
    assert "Quist" not in MERK


# --- queries ---------------------------------------------------------------------------------


def _sporringer(client, k) -> int:
    client.force_login(k.ke.bruker)
    with CaptureQueriesContext(connection) as fanget:
        assert client.get(URL, {"vis_gjennomgatte": "on"}).status_code == 200
    return len(fanget)


def test_antall_sporringer_er_det_samme_for_5_og_50_funn(client, k):
    def lag(antall):
        for i in range(antall):
            pasient = PasientFactory()
            logg(k.koord, pasient, Tilgangsgrunnlag.SAMTYKKE, tid=NAA - timedelta(days=i % 20))
        return antall

    lag(5)
    client.force_login(k.ke.bruker)
    forst = client.get(URL).context["antall"]
    fem = _sporringer(client, k)
    lag(45)
    femti_funn = client.get(URL).context["antall"]
    GjennomgattFunn.objects.create(organisasjon=k.a, nokkel="x", merknad="x", gjennomgatt_av=k.ke)
    femti = _sporringer(client, k)
    assert (forst, femti_funn) == (5, 50)
    assert fem == femti
