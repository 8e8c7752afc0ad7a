"""The patient page's sections (koordinering/pasientside.py): each its own URL reached by a
plain link, the overview in a few lines (who coordinates, what is open, what is next), each
section's permissions and access log, and a query count that does not grow with the rows.

The world: tests/koordinering/verden_skjermbilder.py, the clock on Wednesday 11 March 2026 at
noon in Oslo."""

import re
from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.shortcuts import resolve_url

from felles.models import Handling, Tilgangslogg
from koordinering.models import Behov, Behovsmelding, Pasient, Rolle
from tests.factories import (
    AnsvarsgruppeFactory,
    BehovsmeldingFactory,
    MeldingFactory,
    MoteFactory,
    OppgaveFactory,
    PlanFactory,
    ReferatFactory,
    SamtykkeFactory,
    TilknytningFactory,
)
from tests.koordinering.test_skjermbilder_pasientside import lag_pasient_med
from tests.koordinering.verden_skjermbilder import (
    Verden,
    bygg_pasient,
    bygg_verden,
    oppnevn_direkte,
    siste_logg_id,
    sporringer,
    tabellrader,
)
from tests.pasientside import SEKSJONER, menylenker, seksjon, seksjon_url
from tests.verden import IDAG, OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

VANLIGE = [s for s in SEKSJONER if s != "tilgangslogg"]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def pasient(v) -> Pasient:
    return bygg_pasient(v)


def kl(dag, time_, minutt=0) -> datetime:
    return datetime.combine(dag, time(time_, minutt), tzinfo=OSLO)


@pytest.fixture
def travel_pasient(v, pasient):
    """Patient P with something in every section: a kontaktlege at the hospital (shared by
    consent), a need waiting for a decision, a plan, a group with a meeting next week and an
    open action item, and a message waiting for an answer."""
    TilknytningFactory(pasient=pasient, enhet=v.medisinsk, fra=IDAG - timedelta(days=3))
    SamtykkeFactory(
        pasient=pasient, organisasjoner=[v.kommune, v.sykehus], dokumentert_av=v.kollega
    )
    oppnevn_direkte(
        v,
        v.sykehusleder,
        pasient,
        rolle=Rolle.KONTAKTLEGE,
        enhet=v.medisinsk,
        oppnevnt_av=v.sykehusleder,
        mandat="",
        startdato=IDAG - timedelta(days=2),
    )
    BehovsmeldingFactory(
        pasient=pasient,
        enhet=v.hjemme,
        meldt_av=v.kollega,
        behov=Behov.INDIVIDUELL_PLAN,
        status=Behovsmelding.Status.VENTER,
    )
    PlanFactory(pasient=pasient, eier_enhet=v.hjemme, neste_evaluering=IDAG + timedelta(days=20))
    gruppe = AnsvarsgruppeFactory(
        pasient=pasient, organisasjon=v.kommune, opprettet_av=v.koordinator
    )
    MoteFactory(
        gruppe=gruppe,
        start=kl(IDAG + timedelta(days=7), 10),
        slutt=kl(IDAG + timedelta(days=7), 11),
        sted="Rådhuset, møterom 2",
    )
    holdt = MoteFactory(
        gruppe=gruppe,
        start=kl(IDAG - timedelta(days=1), 10),
        slutt=kl(IDAG - timedelta(days=1), 11),
    )
    OppgaveFactory(
        referat=ReferatFactory(mote=holdt),
        beskrivelse="Søke om trygghetsalarm",
        frist=IDAG + timedelta(days=14),
    )
    MeldingFactory(
        pasient=pasient,
        avsender_enhet=v.medisinsk,
        mottaker_enhet=v.hjemme,
        emne="Utskrivningsklar fredag",
        svarfrist=IDAG + timedelta(days=5),
    )
    return pasient


# ---------------------------------------------------------------------------------------------
# Sections: plain links, one URL each, the active one marked
# ---------------------------------------------------------------------------------------------


def test_menyen_har_en_vanlig_lenke_per_seksjon_og_markerer_den_aktive(client, v, pasient):
    client.force_login(v.kollega.bruker)
    for del_ in VANLIGE:
        html = seksjon(client, pasient.pk, del_)
        assert menylenker(html) == ["" if d == "oversikt" else d for d in VANLIGE]
        meny = re.search(r'data-testid="pasientside-meny">(.*?)</nav>', html, re.S).group(1)
        aktive = re.findall(r'<a class="ds-link" href="([^"]+)" aria-current="page">', meny)
        assert aktive == [seksjon_url(pasient.pk, del_)], del_
        # No script is needed: the links are plain hrefs, the page has no fragment loading.
        assert "hx-get" not in meny


def test_ke_har_tilgangsloggen_i_menyen(client, v, pasient):
    client.force_login(v.ke_ansatt.bruker)
    html = seksjon(client, pasient.pk, "oversikt")
    assert menylenker(html)[-1] == "tilgangslogg"


def test_ukjent_seksjon_gir_404(client, v, pasient):
    client.force_login(v.kollega.bruker)
    url = seksjon_url(pasient.pk, "oversikt")
    assert client.get(url, {"del": "hemmelig"}).status_code == 404


def test_hver_seksjon_viser_sitt_innhold(client, v, travel_pasient):
    p = travel_pasient
    client.force_login(v.kollega.bruker)
    plan = seksjon(client, p.pk, "plan")
    assert "Åpne individuell plan" in plan and "31. mars 2026" in plan  # next evaluation

    gruppe = seksjon(client, p.pk, "ansvarsgruppe")
    assert f"Ansvarsgruppe i {v.kommune}" in gruppe
    moter = tabellrader(gruppe, "kommende-moter")
    assert len(moter) == 1 and "18. mars 2026 kl. 10.00" in moter[0]
    oppgaver = tabellrader(gruppe, "aapne-oppgaver")
    assert len(oppgaver) == 1 and "Søke om trygghetsalarm" in oppgaver[0]
    assert "25. mars 2026" in oppgaver[0]

    meldinger = tabellrader(seksjon(client, p.pk, "meldinger"), "pasient-meldinger")
    assert len(meldinger) == 1
    assert "Utskrivningsklar fredag" in meldinger[0] and "16. mars 2026" in meldinger[0]

    samtykker = seksjon(client, p.pk, "samtykker")
    assert len(tabellrader(samtykker, "samtykker")) == 1
    assert "Registrer samtykke" in samtykker and "Legg til pårørende" in samtykker

    historikk = tabellrader(seksjon(client, p.pk, "historikk"), "historikk")
    assert any("Opprettet oppnevning" in r for r in historikk)

    # What belongs to other sections is not repeated.
    assert 'data-testid="historikk"' not in plan
    assert 'data-testid="samtykker"' not in gruppe


def test_oversikten_sier_hvem_som_koordinerer_hva_som_er_aapent_og_hva_som_er_neste(
    client, v, travel_pasient
):
    client.force_login(v.kollega.bruker)
    html = seksjon(client, travel_pasient.pk, "oversikt")

    def felt(testid: str) -> str:
        innhold = re.search(rf'data-testid="{testid}">(.*?)</dd>', html, re.S).group(1)
        return " ".join(re.sub(r"<[^>]+>", " ", innhold).split())

    hvem = felt("hvem-koordinerer")
    assert f"Koordinator: {v.koordinator} , {v.hjemme} ({v.kommune})" in hvem
    assert f"Kontaktlege: {v.sykehusleder} , {v.medisinsk} ({v.sykehus})" in hvem

    aapent = felt("hva-er-aapent")
    assert "1 meldt behov venter på beslutning" in aapent
    assert "1 åpent oppfølgingspunkt , første frist 25. mars 2026" in aapent
    assert "1 melding venter på svar , svarfrist 16. mars 2026" in aapent

    neste = felt("hva-er-neste")
    assert "Ansvarsgruppemøte 18. mars 2026 kl. 10.00 , Rådhuset, møterom 2" in neste
    assert "Evaluering av planen 31. mars 2026" in neste
    # The links lead to where to act.
    assert 'href="?del=ansvarsgruppe"' in html and 'href="?del=meldinger"' in html


def test_oversikten_uten_noe_aapent(client, v):
    pasient = lag_pasient_med(v, 1)  # its need reports are decided
    client.force_login(v.kollega.bruker)
    html = seksjon(client, pasient.pk, "oversikt")
    assert "Ingen ventende behov, åpne oppfølgingspunkter eller ubesvarte meldinger." in html
    assert "Ingen ansvarsgruppemøte er planlagt." in html


# ---------------------------------------------------------------------------------------------
# Permissions and the access log, per section URL
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("del_", SEKSJONER)
def test_fremmed_faar_404_paa_hver_seksjon(client, v, pasient, del_):
    """Another kommune, and the hospital without a connection or consent: 404, nothing logged."""
    for fremmed in (v.fremmed, v.sykehusleder):
        client.force_login(fremmed.bruker)
        foer = siste_logg_id()
        response = client.get(seksjon_url(pasient.pk, del_))
        assert response.status_code == 404
        assert pasient.navn not in response.content.decode()
        nye = Tilgangslogg.objects.filter(pk__gt=foer)
        assert not nye.exclude(handling=Handling.AVVIST).exists()  # no read
        assert nye.filter(handling=Handling.AVVIST, bruker=fremmed.bruker).count() == 1


@pytest.mark.parametrize("del_", SEKSJONER)
def test_anonym_sendes_til_innlogging_fra_hver_seksjon(client, pasient, del_):
    response = client.get(seksjon_url(pasient.pk, del_))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?next=")


@pytest.mark.parametrize("bruker", ["kollega", "koordinator", "leder"])
def test_tilgangsloggen_er_bare_for_ke(client, v, pasient, bruker):
    client.force_login(getattr(v, bruker).bruker)
    foer = siste_logg_id()
    assert client.get(seksjon_url(pasient.pk, "tilgangslogg")).status_code == 404
    nye = Tilgangslogg.objects.filter(pk__gt=foer)
    assert not nye.exclude(handling=Handling.AVVIST).exists()
    assert nye.filter(handling=Handling.AVVIST).count() == 1


@pytest.mark.parametrize("del_", SEKSJONER)
def test_hver_visning_av_en_seksjon_logges_med_seksjonens_navn(client, v, pasient, del_):
    client.force_login(v.ke_ansatt.bruker)
    foer = siste_logg_id()
    html = seksjon(client, pasient.pk, del_)
    rader = list(Tilgangslogg.objects.filter(pk__gt=foer))
    assert [(r.pasient_id, r.bruker_id) for r in rader] == [(pasient.pk, v.ke_ansatt.bruker.pk)]
    tittel = re.search(r'id="seksjon-tittel">([^<]+)<', html).group(1)
    assert rader[0].dokument == f"Pasientside: {tittel}"


# ---------------------------------------------------------------------------------------------
# Query counts: the same for 1 and 10 of everything, per section
# ---------------------------------------------------------------------------------------------


def fyll_pasient(v: Verden, antall: int) -> Pasient:
    """`lag_pasient_med` plus `antall` meetings, action items, messages and changes."""
    pasient = lag_pasient_med(v, antall)
    gruppe = AnsvarsgruppeFactory(
        pasient=pasient, organisasjon=v.kommune, opprettet_av=v.koordinator
    )
    for i in range(antall):
        MoteFactory(
            gruppe=gruppe,
            start=kl(IDAG + timedelta(days=7 + i), 10),
            slutt=kl(IDAG + timedelta(days=7 + i), 11),
        )
        OppgaveFactory(referat=ReferatFactory(mote__gruppe=gruppe))
        MeldingFactory(pasient=pasient, avsender_enhet=v.medisinsk, mottaker_enhet=v.hjemme)
        pasient.telefon = f"9000000{i}"
        pasient.save()
    PlanFactory(pasient=pasient, eier_enhet=v.hjemme)
    return pasient


@pytest.mark.parametrize("del_", SEKSJONER)
def test_hver_seksjon_har_like_mange_sporringer_med_1_og_10_rader(client, v, del_):
    en, ti = fyll_pasient(v, 1), fyll_pasient(v, 10)
    client.force_login(v.ke_ansatt.bruker if del_ == "tilgangslogg" else v.kollega.bruker)
    for p in (en, ti):  # warm up: sessions, first reads of the log
        seksjon(client, p.pk, del_)
    if del_ == "tilgangslogg":  # the log shows one line per staff member and day
        for dag in range(1, 10):
            with time_machine.travel(datetime.combine(IDAG - timedelta(days=dag), time(12), OSLO)):
                seksjon(client, ti.pk, del_)

    antall_en, svar_en = sporringer(client, seksjon_url(en.pk, del_))
    antall_ti, svar_ti = sporringer(client, seksjon_url(ti.pk, del_))

    html_en, html_ti = svar_en.content.decode(), svar_ti.content.decode()
    tabell = {
        "oversikt": "oppnevninger",
        "ansvarsgruppe": "kommende-moter",
        "meldinger": "pasient-meldinger",
        "samtykker": "samtykker",
        "historikk": "historikk",
        "tilgangslogg": "tilgangslogg",
    }.get(del_)
    if tabell:
        assert len(tabellrader(html_ti, tabell)) > len(tabellrader(html_en, tabell)), tabell
    assert antall_en == antall_ti, del_
    assert antall_ti <= 30
