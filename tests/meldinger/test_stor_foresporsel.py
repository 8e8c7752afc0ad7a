"""Too large requests are refused before their body is read (issue 15 point 3): 413 with a
Norwegian page, nothing stored; the largest legitimate message (5 attachments of 10 MB) still
fits, and the proxy's limit is the same number."""

import re
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse

from felles.storrelse import ForStorForesporselMiddleware
from meldinger.models import Melding
from meldinger.services import MAKS_VEDLEGG, MAKS_VEDLEGG_MB
from tests.meldinger.conftest import PDF, pdf
from tests.meldinger.test_services import media_filer
from tests.meldinger.test_views import skjema

pytestmark = pytest.mark.django_db

NGINX = Path(settings.BASE_DIR) / "deploy" / "nginx"


class UlesteData:
    """A request body that must never be read."""

    def read(self, *args):
        raise AssertionError("kroppen ble lest")

    readline = read


def test_grensen_er_vedleggene_pluss_skjemaet_og_lik_i_proxyen():
    assert settings.MAKS_FORESPORSEL_MB == MAKS_VEDLEGG * MAKS_VEDLEGG_MB + 1
    konfig = (NGINX / "koordinering.conf").read_text()
    assert re.findall(r"client_max_body_size (\d+)m;", konfig) == [
        str(settings.MAKS_FORESPORSEL_MB)
    ]
    assert (
        f"større enn {settings.MAKS_FORESPORSEL_MB} MB"
        in (NGINX / "feilsider" / "413.html").read_text()
    )
    # Larger files than this go to a temporary file in chunks, never whole into memory.
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440


def test_for_stor_forespørsel_avvises_uten_at_kroppen_leses(client, v):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    for_ = media_filer()
    start = time.perf_counter()
    svar = client.generic(
        "POST",
        url,
        CONTENT_TYPE="multipart/form-data; boundary=grense",
        CONTENT_LENGTH=str(200 * 1024 * 1024),
        **{"wsgi.input": UlesteData()},
    )
    assert time.perf_counter() - start < 2
    assert svar.status_code == 413
    assert svar["Connection"] == "close"
    side = svar.content.decode()
    assert '<html lang="nb"' in side
    assert "Forespørselen er for stor" in side
    assert f"større enn {settings.MAKS_FORESPORSEL_MB} MB" in side
    assert not Melding.objects.exists()
    assert media_filer() == for_


def test_akkurat_grensen_slipper_gjennom(rf):
    grense = settings.MAKS_FORESPORSEL_MB * 1024 * 1024
    mellomvare = ForStorForesporselMiddleware(lambda request: HttpResponse("sluppet gjennom"))
    for lengde, status in [(grense, 200), (grense + 1, 413), ("ugyldig", 200)]:
        request = rf.post("/", CONTENT_LENGTH=str(lengde), **{"wsgi.input": UlesteData()})
        assert mellomvare(request).status_code == status


def test_fem_store_vedlegg_under_grensen_tas_imot(client, v, django_capture_on_commit_callbacks):
    client.force_login(v.koordinator_sykehus)
    url = reverse("meldinger:melding-opprett", args=[v.pasient.pk])
    nesten_10_mb = PDF + b"0" * (MAKS_VEDLEGG_MB * 1024 * 1024 - len(PDF) - 1)
    vedlegg = [pdf(f"{i}.pdf", nesten_10_mb) for i in range(MAKS_VEDLEGG)]
    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(url, skjema(v, vedlegg=vedlegg))
    assert svar.status_code == 302
    melding = Melding.objects.get()
    assert sorted(melding.vedlegg.values_list("storrelse", flat=True)) == [len(nesten_10_mb)] * 5
