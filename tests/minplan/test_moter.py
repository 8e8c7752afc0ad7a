"""Min plan: «Hvem hjelper meg», the patient's meetings, the answer «kommer / kommer ikke» with a
note, the calendar file, and the approved minutes (never a draft), all for the chosen person
only and written to the access log."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from ansvarsgruppe.models import Gruppemedlem, Mote, Motesvar, Referat
from felles import okt
from felles.models import Tilgangslogg
from koordinering.models import Parorende
from minplan.models import Representasjon
from minplan.tilgang import INNBYGGER
from tests.factories import PasientFactory
from tests.factories.ansvarsgruppe import (
    AnsvarsgruppeFactory,
    GruppemedlemFactory,
    MoteFactory,
    ReferatFactory,
)
from tests.oidc_leverandor import PID_MOR, PID_PASIENT

pytestmark = pytest.mark.django_db


def innlogget(client, pid: str, navn: str, valgt=None):
    """A citizen session as the ID-porten login leaves it (tests/minplan/test_minplan.py logs in
    through the local provider; these tests start after that)."""
    session = client.session
    session[INNBYGGER] = {"pid": pid, "navn": navn, "acr": "idporten-loa-high", "valgt": valgt}
    okt.start(session)
    session.save()
    return client


@pytest.fixture
def kari():
    return PasientFactory(fodselsnummer=PID_PASIENT, fornavn="Kari", etternavn="Nordmann")


@pytest.fixture
def gruppe(kari):
    gruppe = AnsvarsgruppeFactory(pasient=kari)
    Gruppemedlem.objects.create(gruppe=gruppe, type=Gruppemedlem.Type.PASIENT)
    return gruppe


@pytest.fixture
def mote(gruppe):
    return MoteFactory(gruppe=gruppe, sted="Fjordvik helsehus")


@pytest.fixture
def klient(client, kari):
    return innlogget(client, PID_PASIENT, "Kari Nordmann")


def pasientmedlem(gruppe):
    return gruppe.medlemmer.get(type=Gruppemedlem.Type.PASIENT)


def test_moteside_viser_tid_sted_og_innkalte(klient, mote):
    side = klient.get(f"/min/moter/{mote.pk}/")
    assert side.status_code == 200
    tekst = side.content.decode()
    assert "Fjordvik helsehus" in tekst
    assert "Hvem er innkalt" in tekst
    assert str(mote.gruppe.leder) in tekst or "innkalte" in tekst
    assert Tilgangslogg.objects.filter(dokument="Min plan: ansvarsgruppemøte").exists()


def test_svar_kommer_ikke_med_merknad_lagres_for_pasienten(klient, mote):
    svar = klient.post(
        f"/min/moter/{mote.pk}/", {"svar": "kommer_ikke", "merknad": "Jeg er syk <b>da</b>"}
    )
    assert svar.status_code == 302
    rad = Motesvar.objects.get(mote=mote)
    assert rad.medlem == pasientmedlem(mote.gruppe)
    assert rad.svar == "kommer_ikke" and rad.merknad == "Jeg er syk <b>da</b>"
    assert rad.kanal == Motesvar.Kanal.MINPLAN
    assert rad.besvart_av == "Kari Nordmann (pasienten selv)"
    side = klient.get(f"/min/moter/{mote.pk}/").content.decode()
    assert "Jeg er syk &lt;b&gt;da&lt;/b&gt;" in side and "<b>da</b>" not in side


def test_dobbel_innsending_gir_ett_svar_og_svaret_kan_endres(klient, mote):
    for _ in range(2):
        klient.post(f"/min/moter/{mote.pk}/", {"svar": "kommer", "merknad": ""})
    assert Motesvar.objects.filter(mote=mote).count() == 1
    klient.post(f"/min/moter/{mote.pk}/", {"svar": "kommer_ikke", "merknad": "Likevel ikke"})
    rad = Motesvar.objects.get(mote=mote)
    assert (rad.svar, rad.merknad) == ("kommer_ikke", "Likevel ikke")
    assert rad.history.count() == 3


def test_for_lang_merknad_og_manglende_svar_gir_feil_paa_feltet(klient, mote):
    svar = klient.post(f"/min/moter/{mote.pk}/", {"svar": "kommer", "merknad": "x" * 501})
    assert svar.status_code == 400
    assert "Skriv høyst 500 tegn" in svar.content.decode()
    svar = klient.post(f"/min/moter/{mote.pk}/", {"merknad": "hei"})
    assert svar.status_code == 400
    assert "Velg om du kommer eller ikke." in svar.content.decode()
    assert not Motesvar.objects.exists()


def test_svar_etter_at_motet_har_startet_avvises(klient, gruppe):
    startet = MoteFactory(gruppe=gruppe, holdt=True)
    svar = klient.post(f"/min/moter/{startet.pk}/", {"svar": "kommer"})
    assert svar.status_code == 302
    assert not Motesvar.objects.exists()


def test_avlyst_mote_sier_at_det_er_avlyst_og_kan_ikke_besvares(klient, gruppe):
    avlyst = MoteFactory(gruppe=gruppe, status=Mote.Status.AVLYST, avlysningsgrunn="Syk")
    side = klient.get(f"/min/moter/{avlyst.pk}/").content.decode()
    assert "Møtet er avlyst" in side
    assert "Syk" not in side  # the staff's reason is not shown
    assert "Avlyst" in klient.get("/min/moter/").content.decode()
    klient.post(f"/min/moter/{avlyst.pk}/", {"svar": "kommer"})
    assert not Motesvar.objects.exists()


def test_en_annen_pasients_mote_og_referat_gir_404(klient, mote):
    annen = MoteFactory()
    referat = ReferatFactory(mote__gruppe=annen.gruppe, er_godkjent=True)
    for adresse in (
        f"/min/moter/{annen.pk}/",
        f"/min/moter/{annen.pk}/kalender.ics",
        f"/min/moter/{referat.mote_id}/referat/",
        f"/min/moter/{referat.mote_id}/referat/pdf/",
    ):
        assert klient.get(adresse).status_code == 404, adresse
    assert klient.post(f"/min/moter/{annen.pk}/", {"svar": "kommer"}).status_code == 404
    assert not Motesvar.objects.exists()


def test_anonym_sendes_til_innlogging(client, mote):
    svar = client.get(f"/min/moter/{mote.pk}/")
    assert svar.status_code == 302 and svar["Location"].startswith("/min/logg-inn/")


def test_ics_har_bare_tid_sted_og_ansvarsgruppemote(klient, mote, kari):
    svar = klient.get(f"/min/moter/{mote.pk}/kalender.ics")
    assert svar.status_code == 200 and svar["Content-Type"].startswith("text/calendar")
    tekst = svar.content.decode()
    hendelse = next(c for c in Calendar.from_ical(svar.content).walk("VEVENT"))
    assert str(hendelse["summary"]) == "Ansvarsgruppemøte"
    assert str(hendelse["location"]) == "Fjordvik helsehus"
    assert hendelse["dtstart"].dt == mote.start
    for forbudt in ("Kari", "Nordmann", kari.fodselsnummer, "DESCRIPTION", "ATTENDEE"):
        assert forbudt not in tekst
    assert Tilgangslogg.objects.filter(objekt_id=mote.pk).exists()


def test_bare_godkjent_referat_vises_aldri_utkastet(klient, gruppe):
    utkast = ReferatFactory(mote__gruppe=gruppe)
    assert klient.get(f"/min/moter/{utkast.mote_id}/referat/").status_code == 404
    assert klient.get(f"/min/moter/{utkast.mote_id}/referat/pdf/").status_code == 404
    side = klient.get(f"/min/moter/{utkast.mote_id}/").content.decode()
    assert "Referatet er ikke ferdig" in side

    godkjent = ReferatFactory(mote__gruppe=gruppe, er_godkjent=True, neste_mote="Til våren")
    side = klient.get(f"/min/moter/{godkjent.mote_id}/referat/")
    assert side.status_code == 200 and "Til våren" in side.content.decode()
    pdf = klient.get(f"/min/moter/{godkjent.mote_id}/referat/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content if pdf.streaming else [pdf.content])[:4] == b"%PDF"
    assert Tilgangslogg.objects.filter(
        dokument="Min plan: referat fra ansvarsgruppemøte som PDF", objekt_id=godkjent.pk
    ).exists()
    liste = klient.get("/min/moter/").content.decode()
    assert f"/min/moter/{godkjent.mote_id}/referat/" in liste
    assert f"/min/moter/{utkast.mote_id}/referat/" not in liste


def test_moteliste_har_konstant_antall_sporringer(klient, gruppe, django_assert_num_queries):
    MoteFactory(gruppe=gruppe)
    ReferatFactory(mote__gruppe=gruppe, er_godkjent=True)
    klient.get("/min/moter/")  # warm up (the technical user, the session)

    def antall():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as fanget:
            assert klient.get("/min/moter/").status_code == 200
        return len(fanget)

    foer = antall()
    for _ in range(4):
        m = MoteFactory(gruppe=gruppe)
        Motesvar.objects.create(mote=m, medlem=pasientmedlem(gruppe), svar="kommer")
        ReferatFactory(mote__gruppe=gruppe, er_godkjent=True)
    with django_assert_num_queries(foer):
        klient.get("/min/moter/")


def test_representant_svarer_med_sitt_navn_og_rolle(client, kari, mote):
    Representasjon.objects.create(
        pasient=kari, fodselsnummer=PID_MOR, navn="Mona Mor", art=Representasjon.Art.VERGE
    )
    innlogget(client, PID_MOR, "Mona Mor")
    client.post(f"/min/moter/{mote.pk}/", {"svar": "kommer", "merknad": ""})
    assert Motesvar.objects.get(mote=mote).besvart_av == "Mona Mor (verge)"


def test_hvem_hjelper_meg_viser_roller_og_arbeidsepost_men_ikke_paarorendes(klient, gruppe):
    GruppemedlemFactory(gruppe=gruppe, ansatt=gruppe.leder)
    ansatt = GruppemedlemFactory(gruppe=gruppe, rolle="Fysioterapeut")
    ansatt.ansatt.bruker.email = "fysio@kommune.example.no"
    ansatt.ansatt.bruker.save()
    GruppemedlemFactory(
        gruppe=gruppe,
        type=Gruppemedlem.Type.EKSTERN,
        ansatt=None,
        navn="Nils NAV",
        organisasjon="NAV Fjordvik",
        epost="nils@nav.example.no",
    )
    paarorende = Parorende.objects.create(
        pasient=gruppe.pasient,
        navn="Pål Pårørende",
        relasjon=Parorende.Relasjon.BARN,
        telefon="99999999",
        epost="paal@privat.example.no",
        kan_motta_informasjon=True,
    )
    GruppemedlemFactory(
        gruppe=gruppe, type=Gruppemedlem.Type.PARORENDE, ansatt=None, parorende=paarorende
    )
    side = klient.get("/min/kontakter/")
    assert side.status_code == 200
    tekst = side.content.decode()
    assert "fysio@kommune.example.no" in tekst and "fysioterapeut" in tekst
    # An external member gets nothing without a consent to the plan process: not listed either.
    assert "Nils NAV" not in tekst
    assert "Pål Pårørende" in tekst
    assert "99999999" not in tekst and "paal@privat.example.no" not in tekst
    assert "Leder ansvarsgruppen og kaller inn til møtene." in tekst
    # «Send melding» to each staff member (the form with them chosen), never to a relative.
    assert 'href="/min/meldinger/ny/?til=' in tekst
    assert "til Pål Pårørende" not in tekst
    assert Tilgangslogg.objects.filter(dokument="Min plan: hvem hjelper meg").exists()


def test_menyen_og_startsiden_lenker_til_moter(klient, mote):
    side = klient.get("/min/").content.decode()
    assert 'href="/min/moter/"' in side and 'href="/min/kontakter/"' in side
    assert f'href="/min/moter/{mote.pk}/"' in side


def test_utgatt_svarfrist_tidligere_mote_vises_under_har_vaert(klient, gruppe):
    holdt = MoteFactory(
        gruppe=gruppe,
        start=timezone.now() - timedelta(days=3),
        slutt=timezone.now() - timedelta(days=3) + timedelta(hours=1),
    )
    side = klient.get("/min/moter/").content.decode()
    assert "Møter som har vært" in side and f"/min/moter/{holdt.pk}/" in side
    assert Referat.objects.count() == 0
