"""The printed plan: what a person can read, sign and file.

PDFs are rendered by the real tasks (WeasyPrint) and read back with `pdftotext`/`pdfinfo`.
Stored files go to a fresh MEDIA_ROOT per test (`media`)."""

import builtins
import os
import socket
from unittest import mock

import pytest
from django.core.exceptions import SuspiciousFileOperation

from felles.pdf import BareStatiskeFiler
from individuellplan import services
from individuellplan.innhold import plan_innhold
from individuellplan.models import PlanUtskrift, PlanVersjon
from individuellplan.pdf import render_plan_pdf
from individuellplan.tasks import pdf_plan_utskrift, pdf_plan_versjon
from koordinering.models import PlanDel
from tests.individuellplan.verden import (
    BEHOV,
    BIDRAG_EKSTERN,
    BIDRAG_KOORDINATOR,
    BIDRAG_PARORENDE,
    DELMAAL,
    EVALUERING,
    HOVEDMAAL,
    HOVEDMAAL_2,
    IDAG,
    RESSURSER,
    SAMARBEID,
    TILTAK_1,
    TILTAK_2,
    TILTAK_3,
)
from tests.poppler import pdfinfo, tekst_av

pytestmark = pytest.mark.django_db

FODT = "født 17.04.1958"
IMG_SCRIPT = '<img src="http://127.0.0.1:9/x.png"><script>alert(1)</script>'
LINK = '<link rel=stylesheet href="file:///etc/passwd">'


def uten_mellomrom(tekst: str) -> str:
    """For text in narrow table cells, where the renderer may break a line anywhere."""
    return "".join(tekst.split())


def publiser(v, plan) -> PlanVersjon:
    versjon = services.plan_publiser(actor=v.brukere["koordinator"], plan=plan)
    pdf_plan_versjon(versjon.pk)
    versjon.refresh_from_db()
    return versjon


def sjekk_hele_planen(v, tekst: str) -> None:
    for forventet in (
        # goals, with the sub-goal marked and Norwegian letters intact
        HOVEDMAAL,
        f"Delmål: {DELMAAL}",
        HOVEDMAAL_2,
        RESSURSER,
        BEHOV,
        # participants and what they contribute
        "Pål Ørnebæk",
        BIDRAG_PARORENDE,
        BIDRAG_EKSTERN,
        # cooperation and evaluation
        SAMARBEID,
        "Kari i NAV",
        EVALUERING,
        # the koordinator, by name
        "Kari Koordinatorsen, Hjemmetjenesten",
        # page numbers and the signature lines
        "Side 1 av",
        "Sted og dato, pasientens underskrift",
        "Sted og dato, koordinatorens underskrift",
        # the header: name and birth date
        f"{v.pasient.navn}, {FODT}",
    ):
        assert forventet in tekst, forventet
    # Measures and who is responsible: narrow cells, compared without whitespace.
    kompakt = uten_mellomrom(tekst)
    for forventet in (
        TILTAK_1,
        TILTAK_2,
        TILTAK_3,
        BIDRAG_KOORDINATOR,
        "Kari Koordinatorsen (Kommune A)",
        "Nils Fysiøterapeut, Fysioterapitjenesten",
        "Lungepoliklinikken",
        "Morgenbesøk",
        "Gåtrening ute",
    ):
        assert uten_mellomrom(forventet) in kompakt, forventet
    fnr = v.pasient.fodselsnummer
    assert fnr not in kompakt
    assert fnr[6:] not in kompakt  # not even the personal number after the birth date
    assert "fødselsnummer" not in tekst


# ---------------------------------------------------------------------------------------------
# A published version
# ---------------------------------------------------------------------------------------------


def test_versjonens_pdf_har_hele_planen_sidetall_og_underskrifter(v, innhold, media):
    versjon = publiser(v, innhold.plan)

    assert versjon.pdf.name == f"planer/versjoner/plan-{innhold.plan.pk}-v1.pdf"
    tekst = tekst_av(versjon.pdf.path)
    sjekk_hele_planen(v, tekst)
    assert "Individuell plan, versjon 1" in tekst
    # The header repeats on every page.
    antall_sider = int(pdfinfo(versjon.pdf.path)["Pages"])
    assert antall_sider >= 2
    assert tekst.count(f"{v.pasient.navn}, {FODT}") == antall_sider
    assert f"Side {antall_sider} av {antall_sider}" in tekst


def test_pdf_er_tagget_og_har_tittel(v, innhold, media):
    versjon = publiser(v, innhold.plan)
    info = pdfinfo(versjon.pdf.path)
    assert info["Tagged"] == "yes"
    assert info["Title"] == f"Individuell plan, versjon 1 – {v.pasient.navn}"
    assert info["JavaScript"] == "no"


def test_publisering_lager_pdf_en_gang_etter_commit(
    v, innhold, media, django_capture_on_commit_callbacks
):
    with (
        mock.patch("individuellplan.pdf.render_plan_pdf", wraps=render_plan_pdf) as render,
        django_capture_on_commit_callbacks(execute=True),
    ):
        versjon = services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)
        assert render.call_count == 0  # not before the transaction commits
    assert render.call_count == 1
    versjon.refresh_from_db()
    assert versjon.pdf
    assert render.call_args.kwargs["innhold"] == versjon.innhold


def test_versjonens_pdf_lages_bare_en_gang(v, innhold, media):
    versjon = services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)
    with mock.patch("individuellplan.pdf.render_plan_pdf", wraps=render_plan_pdf) as render:
        pdf_plan_versjon(versjon.pk)
        versjon.refresh_from_db()
        navn, sti = versjon.pdf.name, versjon.pdf.path
        endret = os.stat(sti).st_mtime_ns
        with open(sti, "rb") as fil:
            innhold_foer = fil.read()

        pdf_plan_versjon(versjon.pk)
        pdf_plan_versjon(versjon.pk)

    assert render.call_count == 1
    versjon.refresh_from_db()
    assert versjon.pdf.name == navn == f"planer/versjoner/plan-{innhold.plan.pk}-v1.pdf"
    assert os.stat(sti).st_mtime_ns == endret
    with open(sti, "rb") as fil:
        assert fil.read() == innhold_foer
    assert os.listdir(media / "planer" / "versjoner") == [os.path.basename(navn)]


def test_versjonens_pdf_viser_det_frosne_innholdet(v, innhold, media):
    versjon = services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)
    services.maal_lagre(
        actor=v.brukere["koordinator"], plan=innhold.plan, maal=innhold.hovedmaal, tekst="Endret"
    )
    pdf_plan_versjon(versjon.pk)
    versjon.refresh_from_db()
    tekst = tekst_av(versjon.pdf.path)
    assert HOVEDMAAL in tekst
    assert "Endret" not in tekst


# ---------------------------------------------------------------------------------------------
# The full fødselsnummer only when asked for
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("med_fodselsnummer", [False, True])
def test_fodselsnummer_i_topptekst_bare_naar_det_er_bedt_om(
    v, innhold, tmp_path, med_fodselsnummer
):
    """What the print task renders, with and without `med_fodselsnummer` (the task passes the
    number exactly like this; see the xfail tests below for the task itself)."""
    fnr = v.pasient.fodselsnummer
    sti = tmp_path / "plan.pdf"
    sti.write_bytes(
        render_plan_pdf(
            innhold=plan_innhold(innhold.plan),
            fodselsnummer=fnr if med_fodselsnummer else None,
        )
    )
    tekst = tekst_av(sti)
    assert v.pasient.navn in tekst
    if med_fodselsnummer:
        assert f"{v.pasient.navn}, fødselsnummer {fnr}" in tekst
        assert FODT not in tekst
    else:
        assert f"{v.pasient.navn}, {FODT}" in tekst
        assert fnr not in uten_mellomrom(tekst)


def bestill(v, plan, **felter) -> PlanUtskrift:
    return services.utskrift_bestill(
        actor=v.brukere["koordinator"],
        plan=plan,
        deler=[d.value for d in PlanDel],
        **felter,
    )


@pytest.mark.parametrize("med_fodselsnummer", [False, True])
def test_utskrift_av_gjeldende_plan(v, innhold, media, med_fodselsnummer):
    utskrift = bestill(v, innhold.plan, med_fodselsnummer=med_fodselsnummer)
    pdf_plan_utskrift(utskrift.pk)
    utskrift.refresh_from_db()

    assert utskrift.status == PlanUtskrift.Status.FERDIG
    assert utskrift.ferdig is not None
    tekst = tekst_av(utskrift.fil.path)
    assert pdfinfo(utskrift.fil.path)["Title"] == f"Individuell plan – {v.pasient.navn}"
    fnr = v.pasient.fodselsnummer
    if med_fodselsnummer:
        assert f"{v.pasient.navn}, fødselsnummer {fnr}" in tekst
    else:
        sjekk_hele_planen(v, tekst)


def test_utskriften_lages_bare_en_gang(v, innhold, media):
    utskrift = bestill(v, innhold.plan)
    with mock.patch("individuellplan.pdf.render_plan_pdf", wraps=render_plan_pdf) as render:
        pdf_plan_utskrift(utskrift.pk)
        utskrift.refresh_from_db()
        navn, endret = utskrift.fil.name, os.stat(utskrift.fil.path).st_mtime_ns
        pdf_plan_utskrift(utskrift.pk)

    assert render.call_count == 1
    utskrift.refresh_from_db()
    assert (
        utskrift.fil.name
        == navn
        == f"planer/utskrifter/plan-{innhold.plan.pk}-utskrift-{utskrift.pk}.pdf"
    )
    assert os.stat(utskrift.fil.path).st_mtime_ns == endret
    assert os.listdir(media / "planer" / "utskrifter") == [os.path.basename(navn)]


def test_utskrift_av_en_versjon_bruker_det_frosne_innholdet(v, innhold, media):
    versjon = services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)
    services.maal_lagre(
        actor=v.brukere["koordinator"], plan=innhold.plan, maal=innhold.hovedmaal, tekst="Endret"
    )
    utskrift = bestill(v, innhold.plan, versjon=versjon)
    pdf_plan_utskrift(utskrift.pk)
    utskrift.refresh_from_db()
    tekst = tekst_av(utskrift.fil.path)
    assert HOVEDMAAL in tekst
    assert "Individuell plan, versjon 1" in tekst


def test_feilet_utskrift_merkes_feilet(v, innhold, media):
    utskrift = bestill(v, innhold.plan)
    with mock.patch("individuellplan.pdf.render_plan_pdf", side_effect=RuntimeError("WeasyPrint")):
        pdf_plan_utskrift(utskrift.pk)
    utskrift.refresh_from_db()
    assert utskrift.status == PlanUtskrift.Status.FEILET
    assert not utskrift.fil


# ---------------------------------------------------------------------------------------------
# User text is text: no markup, no network, no local files
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x.png",
        "https://127.0.0.1:9/x.png",
        "file:///etc/passwd",
        "https://koordinering.invalid/static/../../etc/passwd",
        "https://koordinering.invalid/static//etc/passwd",
        "https://annen.invalid/static/css/pdf.css",
        "https://koordinering.invalid/media/planer/versjoner/plan-1-v1.pdf",
        "data:text/css,body{}",
    ],
)
def test_bare_statiske_filer_avviser_alt_annet(url):
    henter = BareStatiskeFiler()
    # A traversal is stopped by the static files finder (SuspiciousFileOperation) before the
    # fetcher's own refusal; either way nothing is returned.
    with pytest.raises((ValueError, SuspiciousFileOperation)) as feil:
        henter.fetch(url)
    if isinstance(feil.value, ValueError):
        assert henter.avvist == [url]


def test_bare_statiske_filer_serverer_prosjektets_stilark():
    svar = BareStatiskeFiler().fetch("https://koordinering.invalid/static/css/pdf.css")
    assert svar.content_type == "text/css"
    assert b"@page" in svar.read()
    svar.close()


def test_html_i_fritekst_blir_tekst_uten_nettverk_eller_lokale_filer(
    v, innhold, media, monkeypatch
):
    koordinator = v.brukere["koordinator"]
    services.maal_lagre(actor=koordinator, plan=innhold.plan, tekst=IMG_SCRIPT)
    services.tiltak_lagre(
        actor=koordinator,
        plan=innhold.plan,
        beskrivelse=LINK,
        omfang="Ukentlig",
        ansvarlig_tjeneste="Legevakten",
        gjennomforing=LINK,
        fra=IDAG,
    )
    services.samarbeid_lagre(
        actor=koordinator, plan=innhold.plan, etat="annen", beskrivelse=f"{IMG_SCRIPT} {LINK}"
    )
    versjon = services.plan_publiser(actor=koordinator, plan=innhold.plan)

    forsok: list = []

    def ingen_forbindelse(*args, **kwargs):
        forsok.append(args)
        raise OSError("Nettverk er stengt i testen")

    monkeypatch.setattr(socket.socket, "connect", ingen_forbindelse)
    monkeypatch.setattr(socket.socket, "connect_ex", ingen_forbindelse)
    monkeypatch.setattr(socket, "create_connection", ingen_forbindelse)
    aapnet: list[str] = []
    ekte_open = builtins.open

    def registrer_open(fil, *args, **kwargs):
        aapnet.append(str(fil))
        return ekte_open(fil, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", registrer_open)
    ekte_fetch = BareStatiskeFiler.fetch
    with mock.patch.object(
        BareStatiskeFiler, "fetch", autospec=True, side_effect=ekte_fetch
    ) as fetch:
        pdf_plan_versjon(versjon.pk)

    monkeypatch.undo()
    assert forsok == []
    assert [kall.args[1] for kall in fetch.call_args_list] == [
        "https://koordinering.invalid/static/css/pdf.css"
    ]
    assert not any("passwd" in sti for sti in aapnet), aapnet
    versjon.refresh_from_db()
    tekst = tekst_av(versjon.pdf.path)
    kompakt = uten_mellomrom(tekst)
    # The goal, literally (a long "word": it wraps inside its cell to stay on the page).
    assert uten_mellomrom(IMG_SCRIPT) in kompakt
    assert kompakt.count(uten_mellomrom(LINK)) == 3  # measure (twice) and cooperation
    assert kompakt.count(uten_mellomrom(IMG_SCRIPT)) == 2  # goal and cooperation
