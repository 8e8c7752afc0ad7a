"""HTML → PDF with WeasyPrint, safely: the only resources a document may load are the project's
own static files. User text in a template can therefore never make the renderer fetch a URL or
read a local file. PDFs are tagged (PDF/UA-1) and in Norwegian."""

import logging
import mimetypes
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://koordinering.invalid/"


class BareStatiskeFiler(URLFetcher):
    """Serves `{STATIC_URL}…` from the static files finders and refuses everything else."""

    def __init__(self):
        super().__init__(allowed_protocols={"https"})
        self.avvist: list[str] = []

    def fetch(self, url, headers=None):
        deler = urlsplit(url)
        sti = deler.path
        if (
            deler.scheme == "https"
            and deler.netloc == urlsplit(BASE_URL).netloc
            and sti.startswith(settings.STATIC_URL)
        ):
            fil = finders.find(sti.removeprefix(settings.STATIC_URL))
            if fil:
                with open(fil, "rb") as f:
                    innhold = f.read()
                type_ = mimetypes.guess_type(fil)[0] or "application/octet-stream"
                return URLFetcherResponse(url, innhold, {"Content-Type": type_})
        self.avvist.append(url)
        logger.warning("PDF: ressurs avvist (bare egne statiske filer er tillatt)")
        raise ValueError("Bare prosjektets egne statiske filer kan brukes i PDF-er.")


def html_til_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1; language and title come from `<html lang>` and `<title>`."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=BareStatiskeFiler()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def mal_til_pdf(mal: str, context: dict, *, tittel: str) -> bytes:
    return html_til_pdf(render_to_string(mal, {**context, "tittel": tittel}))
