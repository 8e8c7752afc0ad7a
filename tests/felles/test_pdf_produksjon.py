"""PDFs under production-style static storage (issue 15): `{% static %}` writes hashed manifest
names, and the PDF's URL fetcher must find them through the configured storage, or every PDF
lacks its stylesheet (no header, no page numbers)."""

import pytest
from django.core.management import call_command
from django.template import engines

from felles.pdf import html_til_pdf
from tests.poppler import tekst_av

MAL = """{% load static %}<!DOCTYPE html><html lang="nb"><head><meta charset="utf-8">
<title>Prøve</title><link rel="stylesheet" href="{% static 'css/pdf.css' %}"></head>
<body><h1>Prøveutskrift</h1>{% for i in sider %}
<p style="break-after: page">Side-innhold {{ i }}</p>{% endfor %}
</body></html>"""


@pytest.fixture
def produksjonslager(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # (setting STORAGES resets `staticfiles_storage`, and the settings fixture restores it)
    call_command("collectstatic", "--noinput", verbosity=0)


def test_pdf_med_manifestnavn_har_stilark_og_sidetall(produksjonslager, tmp_path):
    html = engines["django"].from_string(MAL).render({"sider": [1, 2]})
    assert "css/pdf." in html and "css/pdf.css" not in html  # the hashed manifest name
    pdf = tmp_path / "prove.pdf"
    pdf.write_bytes(html_til_pdf(html))
    tekst = tekst_av(pdf)
    # The page numbers come from pdf.css's @page margin boxes: without the stylesheet they
    # are missing.
    assert "Side 1 av 2" in tekst and "Side 2 av 2" in tekst
