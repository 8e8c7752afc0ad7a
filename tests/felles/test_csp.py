"""Content-Security-Policy without 'unsafe-inline' (issue 14 point 9): the header is on every
answer with a fresh nonce, the page's script tags carry that nonce, and no template a browser
shows has an inline script, an event attribute, a style attribute, a <style> block or a
javascript: URL, since the policy would refuse them."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import EnhetFactory, PasientFactory, TilknytningFactory
from tests.verden import ansatt_i

ROT = Path(settings.BASE_DIR)
# Rendered to PDF by WeasyPrint only, never shown in a browser: the policy does not apply.
BARE_PDF = {
    "ansvarsgruppe/innkallingsbrev_pdf.html",
    "ansvarsgruppe/referat_pdf.html",
    "individuellplan/plan_pdf.html",
    "koordinering/innsyn_tilgangslogg_pdf.html",
    "oversikt/oversikt_pdf.html",
    "oversikt/_pdf_diagram.html",
    "oversikt/_pdf_tabell.html",
}
# Django template tags and comments are stripped first so `{% if %}` inside a tag does not
# confuse the parser; what is left is what a browser gets, attribute by attribute.
MALKODE = re.compile(r"\{%.*?%\}|\{#.*?#\}", re.S)


def _maler() -> dict[str, Path]:
    mapper = [ROT / "templates", *sorted(ROT.glob("*/templates"))]
    return {
        str(sti.relative_to(mappe)): sti
        for mappe in mapper
        if ".venv" not in mappe.parts
        for sti in sorted(mappe.rglob("*.html"))
    }


class Innebygd(HTMLParser):
    """Collects everything in one template that a policy without 'unsafe-inline' refuses."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.funn: list[str] = []
        self._i_skript = False

    def handle_starttag(self, tag, attrs):
        navn = dict(attrs)
        for attr, verdi in attrs:
            if attr.startswith("on"):
                self.funn.append(f"<{tag} {attr}=…> (hendelsesattributt)")
            if attr == "style":
                self.funn.append(f"<{tag} style=…>")
            if attr.startswith("hx-on"):
                self.funn.append(f"<{tag} {attr}=…> (htmx eval)")
            if verdi and verdi.strip().lower().startswith("javascript:"):
                self.funn.append(f"<{tag} {attr}=javascript:…>")
            if attr in ("hx-vals", "hx-headers") and verdi and verdi.strip().startswith("js:"):
                self.funn.append(f"<{tag} {attr}=js:…> (htmx eval)")
        if tag == "style":
            self.funn.append("<style>-blokk")
        if tag == "script":
            if "src" not in navn:
                self.funn.append("<script> uten src (innebygd skript)")
            elif "{{ request.csp_nonce }}" not in (navn.get("nonce") or ""):
                self.funn.append(f"<script src={navn['src']}> uten nonce")


def test_malene_finnes_og_unntakene_er_ekte_pdf_maler():
    maler = _maler()
    assert len(maler) > 50
    assert BARE_PDF.issubset(maler), BARE_PDF - set(maler)


@pytest.mark.parametrize("navn", sorted(set(_maler()) - BARE_PDF))
def test_ingen_innebygd_skript_eller_stil_i_malen(navn):
    parser = Innebygd()
    parser.feed(MALKODE.sub(" ", _maler()[navn].read_text()))
    assert parser.funn == [], f"{navn}: {parser.funn}"


def test_skanneren_finner_det_policyen_ville_avvist():
    parser = Innebygd()
    parser.feed(
        '<a href="javascript:void(0)" onclick="x()">x</a><div style="color:red"></div>'
        "<style>p{}</style><script>alert(1)</script><script src='/a.js'></script>"
        "<button hx-on:click='x'></button><div hx-vals='js:{a: 1}'></div>"
    )
    assert len(parser.funn) == 8, parser.funn


def _direktiver(svar) -> dict[str, list[str]]:
    deler = (del_.split() for del_ in svar["Content-Security-Policy"].split(";") if del_.strip())
    return {navn: verdier for navn, *verdier in deler}


@pytest.mark.django_db
def test_svaret_har_csp_med_en_nonce_lik_sidens_skript(client):
    enhet = EnhetFactory()
    ansatt = ansatt_i(enhet)
    pasient = PasientFactory()
    TilknytningFactory(pasient=pasient, enhet=enhet)
    client.force_login(ansatt.bruker)
    nonces = set()
    for url in ("/", reverse("koordinering:pasient-detalj", args=[pasient.pk]), "/", "/logg-inn/"):
        if url == "/logg-inn/":
            client.logout()
        svar = client.get(url)
        assert svar.status_code == 200, url
        direktiver = _direktiver(svar)
        skript = direktiver["script-src"]
        assert "'unsafe-inline'" not in svar["Content-Security-Policy"]
        assert "'unsafe-eval'" not in svar["Content-Security-Policy"]
        assert direktiver["style-src"] == ["'self'"]
        assert direktiver["object-src"] == ["'none'"]
        assert direktiver["frame-ancestors"] == ["'none'"]
        nonce = next(v for v in skript if v.startswith("'nonce-")).removeprefix("'nonce-")[:-1]
        skripttagger = re.findall(r"<script\b[^>]*>", svar.content.decode())
        assert skripttagger, url
        for tagg in skripttagger:
            assert f'nonce="{nonce}"' in tagg, (url, tagg)
        nonces.add(nonce)
    assert len(nonces) == 4, "ny nonce for hvert svar"


@pytest.mark.django_db
def test_htmx_er_satt_opp_for_csp(client):
    svar = client.get("/logg-inn/")
    innhold = svar.content.decode()
    assert '<meta name="htmx-config"' in innhold
    assert '"includeIndicatorStyles": false' in innhold
    assert '"allowEval": false' in innhold
    assert "Content-Security-Policy" in svar
