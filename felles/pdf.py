"""HTML → PDF with WeasyPrint, safely: the only resources a document may load are the project's
own static files. User text in a template can therefore never make the renderer fetch a URL or
read a local file. PDFs are tagged (PDF/UA-1) and in Norwegian."""

import logging
import mimetypes
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://koordinering.invalid/"


class BareStatiskeFiler(URLFetcher):
    """Serves `{STATIC_URL}…` from the configured static storage and refuses everything else."""

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
            navn = unquote(sti.removeprefix(settings.STATIC_URL))
            innhold = _statisk_fil(navn) if ".." not in navn.split("/") else None
            if innhold is not None:
                type_ = mimetypes.guess_type(navn)[0] or "application/octet-stream"
                return URLFetcherResponse(url, innhold, {"Content-Type": type_})
        self.avvist.append(url)
        logger.warning("PDF: ressurs avvist (bare egne statiske filer er tillatt)")
        raise ValueError("Bare prosjektets egne statiske filer kan brukes i PDF-er.")


def _statisk_fil(navn: str) -> bytes | None:
    """The file as the configured static storage has it: in production the collected file under
    its hashed manifest name (`{% static %}` wrote that name into the HTML); in development,
    where nothing is collected, the source file the finders know."""
    try:
        if staticfiles_storage.exists(navn):
            with staticfiles_storage.open(navn, "rb") as f:
                return f.read()
    except (SuspiciousFileOperation, OSError, ValueError):
        return None
    fil = finders.find(navn)
    if fil:
        with open(fil, "rb") as f:
            return f.read()
    return None


def html_til_pdf(html: str) -> bytes:
    """Tagged PDF/UA-1; language and title come from `<html lang>` and `<title>`."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=BareStatiskeFiler()).write_pdf(
        pdf_variant="pdf/ua-1"
    )


def mal_til_pdf(mal: str, context: dict, *, tittel: str) -> bytes:
    return html_til_pdf(render_to_string(mal, {**context, "tittel": tittel}))
