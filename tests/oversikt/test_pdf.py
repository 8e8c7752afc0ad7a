"""The overview as PDF: ordered from the page, rendered by the Celery task (eager in tests),
read back with `pdftotext` (tests/poppler.py)."""

import pytest

from oversikt import services
from oversikt.models import OversiktUtskrift
from oversikt.tasks import pdf_oversikt
from tests.poppler import pdfinfo, tekst_av

pytestmark = pytest.mark.django_db

BESTILL = "/oversikt/utskrifter/"


def bestill(client, v, django_capture_on_commit_callbacks, **data):
    client.force_login(v.ansatte["ke_a"].bruker)
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(BESTILL, data)
    return svar, OversiktUtskrift.objects.latest("pk")


def test_pdf_av_oversikten(v, client, media, django_capture_on_commit_callbacks):
    svar, utskrift = bestill(client, v, django_capture_on_commit_callbacks, enhet=v.enheter["H"].pk)
    assert svar.status_code == 302 and svar["Location"].endswith("#eksport")
    assert utskrift.status == OversiktUtskrift.Status.FERDIG
    assert utskrift.enhet == v.enheter["H"] and not utskrift.utenfor_organisasjonen
    tekst = tekst_av(utskrift.fil.path, "-layout")
    for forventet in (
        "Oversikt for koordinerende enhet",
        "Testvik kommune",
        "Hjemmetjenesten med underenheter",
        "12.03.2025–11.03.2026",
        "Meldte behov i perioden og om de er dekket per 11.03.2026",
        "Koordinator 4 2 2 0 50,0 %",  # P1, P2, P3, P8 in Hjemmetjenesten and Sone nord
        "Ventetid fra meldt behov til oppnevning, per enhet",
        "Forfalt arbeid per koordinator",
        "Kåre Førstesen",
        "Meldte behov og nye oppnevninger per måned",
        "Utvikling per måned",
        "internt, skal ikke deles utenfor organisasjonen",
    ):
        assert forventet in tekst, forventet
    info = pdfinfo(utskrift.fil.path)
    assert info["Tagged"].strip() == "yes"
    assert info["Title"].strip() == "Oversikt for koordinerende enhet – Testvik kommune"
    # The person who ordered it downloads it; the page shows it as ready.
    svar = client.get(f"/oversikt/utskrifter/{utskrift.pk}/pdf/")
    assert svar.status_code == 200 and svar["Content-Type"] == "application/pdf"
    assert b"".join(svar.streaming_content).startswith(b"%PDF")
    assert "Last ned PDF" in client.get(f"/oversikt/utskrifter/{utskrift.pk}/").content.decode()


def test_pdf_til_bruk_utenfor_organisasjonen(v, client, media, django_capture_on_commit_callbacks):
    _svar, utskrift = bestill(client, v, django_capture_on_commit_callbacks, utenfor="1")
    assert utskrift.utenfor_organisasjonen
    tekst = tekst_av(utskrift.fil.path, "-layout")
    assert "Koordinator 5 <5 <5 0 <5 01.04.2025" in tekst
    assert "Tall fra 1 til 4 er vist som «<5»" in tekst
    assert "Førstesen" not in tekst and "Andresen" not in tekst
    assert "Koordinator 1" in tekst


def test_bestilling_med_htmx_gir_statuslinjen_som_spor_til_den_er_klar(v, client, media):
    client.force_login(v.ansatte["ke_a"].bruker)
    svar = client.post(BESTILL, {}, HTTP_HX_REQUEST="true")  # not committed: still waiting
    utskrift = OversiktUtskrift.objects.get()
    html = svar.content.decode()
    assert f'hx-get="/oversikt/utskrifter/{utskrift.pk}/"' in html
    assert 'hx-trigger="every 2s"' in html and "PDF-en lages" in html
    pdf_oversikt(utskrift.pk)
    html = client.get(f"/oversikt/utskrifter/{utskrift.pk}/").content.decode()
    assert "hx-get" not in html and "Last ned PDF" in html


def test_oppgaven_lager_pdf_en_bare_en_gang(v, client, media, django_capture_on_commit_callbacks):
    _svar, utskrift = bestill(client, v, django_capture_on_commit_callbacks)
    fil = utskrift.fil.name
    pdf_oversikt(utskrift.pk)
    utskrift.refresh_from_db()
    assert utskrift.fil.name == fil


def test_feil_i_renderingen_gir_status_feilet(v, client, media, monkeypatch):
    def feiler(*args, **kwargs):
        raise RuntimeError("ingen plass")

    monkeypatch.setattr(services, "oversikt_pdf", feiler)
    client.force_login(v.ansatte["ke_a"].bruker)
    client.post(BESTILL, {})
    utskrift = OversiktUtskrift.objects.get()
    pdf_oversikt(utskrift.pk)
    utskrift.refresh_from_db()
    assert utskrift.status == OversiktUtskrift.Status.FEILET
    assert (
        "Utskriften feilet" in client.get(f"/oversikt/utskrifter/{utskrift.pk}/").content.decode()
    )


def test_andre_kan_ikke_hente_utskriften(v, client, media, django_capture_on_commit_callbacks):
    _svar, utskrift = bestill(client, v, django_capture_on_commit_callbacks)
    for navn in ("ke_b", "ke_s", "koord1"):
        client.force_login(v.ansatte[navn].bruker)
        assert client.get(f"/oversikt/utskrifter/{utskrift.pk}/pdf/").status_code == 404
        assert client.get(f"/oversikt/utskrifter/{utskrift.pk}/").status_code == 404
    client.force_login(v.ansatte["koord1"].bruker)
    assert client.post(BESTILL, {}).status_code == 404


def test_pdf_oppgaven_gaar_paa_pdf_koen():
    from config.celery import app

    ruter = app.conf.task_routes
    assert pdf_oversikt.name == "oversikt.tasks.pdf_oversikt"
    assert ruter["*.pdf_*"] == {"queue": "pdf"}
