"""Issue 14 point 8 in koordinering and felles: a fødselsnummer probe on «Registrer pasient»
reveals nothing to someone without access and is logged; eleven-digit numbers are masked; every
request has an id that the access log and the log lines carry."""

import logging
from datetime import date

import pytest
from django.core.mail import EmailMessage
from django.urls import reverse

from felles.fodselsnummer import masker_fodselsnummer
from felles.foresporsel import MaskerFodselsnummerFilter
from felles.models import Handling, Tilgangslogg
from tests.koordinering.verden import bygg_verden, siste_logg_id, url_for
from tests.koordinering.verden_skjermbilder import pasientdata
from tests.personvernskanner import funn_i_epost, funn_i_tekst
from tests.verden import IDAG, ansatt_i, fodselsnummer
from varsler.models import Hendelsestype, Varsel

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v(db):
    return bygg_verden()


def _registrer(client, bruker, enhet, nummer):
    client.force_login(bruker)
    return client.post(
        reverse("koordinering:pasient-opprett"),
        pasientdata(
            fodselsnummer=nummer,
            enhet=enhet.pk,
            tilknytning_fra=IDAG.isoformat(),
            begrunnelse="Innlagt",
        ),
    )


def test_fodselsnummer_som_finnes_avsloeres_ikke_og_forsoket_logges(client, v):
    foer = siste_logg_id()
    svar = _registrer(client, v.brukere["sykehus"], v.s_medisinsk, v.pasient.fodselsnummer)
    html = svar.content.decode()
    assert svar.status_code == 200
    assert "allerede registrert" not in html
    assert "Be koordinerende enhet" in html
    assert v.pasient.navn not in html
    (rad,) = Tilgangslogg.objects.filter(pk__gt=foer)
    assert rad.handling == Handling.FNR_OPPSLAG
    assert rad.pasient_id == v.pasient.pk
    assert rad.bruker == v.brukere["sykehus"]
    assert v.pasient.fodselsnummer not in rad.dokument


def test_den_som_ser_pasienten_faar_vite_at_den_finnes(client, v):
    foer = siste_logg_id()
    svar = _registrer(client, v.brukere["kollega"], v.a_hjemme, v.pasient.fodselsnummer)
    assert "allerede registrert" in svar.content.decode()
    assert not Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.FNR_OPPSLAG).exists()


def test_nytt_nummer_er_ikke_et_oppslag(client, v):
    foer = siste_logg_id()
    nummer = fodselsnummer(date(1990, 1, 2), 300)
    assert _registrer(client, v.brukere["sykehus"], v.s_medisinsk, nummer).status_code == 302
    assert not Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.FNR_OPPSLAG).exists()


@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [
        ("Epikrise 17045812345.pdf", "Epikrise ***********.pdf"),
        ("fnr 170458 12345 i emnet", "fnr *********** i emnet"),
        ("Tlf 12345678 og 123456789012", "Tlf 12345678 og 123456789012"),
        ("", ""),
    ],
)
def test_masker_fodselsnummer(tekst, forventet):
    assert masker_fodselsnummer(tekst) == forventet


def test_tilgangslogg_og_logglinjer_har_foresporsel_id_og_maskerte_nummer(client, v, caplog):
    client.force_login(v.brukere["kollega"])
    foer = siste_logg_id()
    svar = client.get(url_for(v, "pasient-detalj"))
    rad = Tilgangslogg.objects.filter(pk__gt=foer).get()
    assert rad.foresporsel_id == svar["X-Request-ID"]
    assert rad.hpr_nummer == v.ansatt("kollega").hpr_nummer
    assert rad.enheter == str(v.a_hjemme)
    assert rad.objekt_type == "koordinering:pasient-detalj"
    assert rad.objekt_id == v.pasient.pk

    post = logging.LogRecord("x", logging.INFO, "", 0, "søkte %s", (v.pasient.fodselsnummer,), None)
    MaskerFodselsnummerFilter().filter(post)
    assert v.pasient.fodselsnummer not in post.getMessage()


# --- the log and e-mail scan of the whole run (tests/conftest.py) ---------------------------


def test_alle_logghandlere_maskerer_fodselsnummer():
    """Every handler on every logger masks (LOGGING puts the filter on each, and takes over
    the handlers Django's defaults would add), except pytest's own capture."""
    loggere = [logging.getLogger()] + [
        logging.getLogger(navn) for navn in list(logging.Logger.manager.loggerDict)
    ]
    uten = [
        (logger.name, handler)
        for logger in loggere
        for handler in getattr(logger, "handlers", [])
        if not type(handler).__module__.startswith("_pytest")
        and not isinstance(handler, logging.NullHandler)
        and not any(isinstance(f, MaskerFodselsnummerFilter) for f in handler.filters)
    ]
    assert uten == []


def test_et_logget_fodselsnummer_er_maskert_i_loggen(sesjonslogg):
    nummer = fodselsnummer(date(1958, 4, 17), 123)
    logging.getLogger("koordinering.test").warning("Søkte etter %s", nummer)
    logging.getLogger("django.server").info('"GET /pasienter/?fnr=%s HTTP/1.1" 200', nummer)
    tekst = sesjonslogg.read_text(encoding="utf-8")
    assert nummer not in tekst
    assert "Søkte etter ***********" in tekst
    assert "?fnr=*********** HTTP/1.1" in tekst


def test_skanneren_finner_gyldige_fodselsnummer_og_demopasienter():
    gyldig = fodselsnummer(date(1958, 4, 17), 123)
    ugyldig = gyldig[:10] + str((int(gyldig[10]) + 1) % 10)
    assert funn_i_tekst(f"fnr {gyldig}.") == [f"fødselsnummer {gyldig}"]
    assert funn_i_tekst(f"fnr {gyldig[:6]}-{gyldig[6:]}") != []
    assert funn_i_tekst(f"fnr {ugyldig}, oppgave a{gyldig}f, ***********") == []
    assert funn_i_tekst("Melding om Astrid Solberg") == ["pasientnavn Astrid Solberg"]
    assert funn_i_tekst("Astrid ringte; Solberg skole") == []


def test_skanneren_avviser_vedlegg_utenom_kalenderinvitasjonen():
    epost = EmailMessage(subject="Referat", body="Logg inn for å lese det.", to=["a@example.no"])
    epost.attach("innkalling.ics", "BEGIN:VCALENDAR", "text/calendar")
    assert funn_i_epost(epost) == []
    epost.attach("referat.pdf", b"%PDF-1.7", "application/pdf")
    assert funn_i_epost(epost) == ["vedlegg referat.pdf"]


def _be_om_tilgang(client, bruker, nummer):
    client.force_login(bruker)
    return client.post(reverse("koordinering:tilgang-be-om"), {"fodselsnummer": nummer})


def test_be_ke_om_tilgang_varsler_ke_uten_aa_avsloere_nummer_eller_navn(client, v):
    ke_sykehus = ansatt_i(v.s_ke).bruker
    svar = _registrer(client, v.brukere["sykehus"], v.s_medisinsk, v.pasient.fodselsnummer)
    assert "Be KE om tilgang" in svar.content.decode()
    foer = siste_logg_id()

    svar = _be_om_tilgang(client, v.brukere["sykehus"], v.pasient.fodselsnummer)
    _be_om_tilgang(client, v.brukere["sykehus"], v.pasient.fodselsnummer)  # double submit

    assert svar.status_code == 302
    assert svar["Location"] == reverse("koordinering:pasient-opprett")
    (varsel,) = Varsel.objects.filter(hendelse__type=Hendelsestype.TILGANG_FORESPURT)
    assert varsel.mottaker == ke_sykehus
    assert varsel.hendelse.lenke == (
        f"{reverse('oversikt:kontroll')}?kategori=fnr&ansatt={v.brukere['sykehus'].ansatt.pk}"
    )
    assert v.pasient.fodselsnummer not in varsel.hendelse.lenke
    # The request is itself a look-up, logged for the KE's review.
    rader = Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.FNR_OPPSLAG)
    assert [r.dokument for r in rader] == ["Be KE om tilgang"] * 2
    # The KE of the hospital may not see the kommune's patient: the centre does not name her.
    client.force_login(ke_sykehus)
    senter = client.get(reverse("varsler:varsel-liste")).content.decode()
    assert "En ansatt ber om tilgang til en pasient" in senter
    assert v.pasient.navn not in senter
    assert v.pasient.fodselsnummer not in senter


def test_be_om_tilgang_svarer_likt_for_ukjent_nummer_og_varsler_ingen(client, v):
    ansatt_i(v.s_ke)
    nummer = fodselsnummer(date(1990, 1, 2), 300)
    svar = _be_om_tilgang(client, v.brukere["sykehus"], nummer)
    kjent = _be_om_tilgang(client, v.brukere["sykehus"], v.pasient.fodselsnummer)

    assert svar.status_code == kjent.status_code == 302
    assert svar["Location"] == kjent["Location"]
    assert Varsel.objects.filter(hendelse__type=Hendelsestype.TILGANG_FORESPURT).count() == 1


def test_be_om_tilgang_med_ugyldig_nummer_gir_norsk_feil_og_ingenting_skrives(client, v):
    foer = siste_logg_id()
    svar = _be_om_tilgang(client, v.brukere["sykehus"], "12345678901")
    side = client.get(svar["Location"]).content.decode()

    assert "fødselsnummer" in side.lower()
    assert not Varsel.objects.filter(hendelse__type=Hendelsestype.TILGANG_FORESPURT).exists()
    assert not Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.FNR_OPPSLAG).exists()


def test_be_om_tilgang_krever_innlogging_og_post(client, v):
    svar = client.post(reverse("koordinering:tilgang-be-om"), {"fodselsnummer": "x"})
    assert svar.status_code == 302 and reverse("login") in svar["Location"]
    client.force_login(v.brukere["sykehus"])
    assert client.get(reverse("koordinering:tilgang-be-om")).status_code == 405
