"""The front door for real (issue 15 point 3): a local nginx runs deploy/nginx/koordinering.conf
(only its paths and ports swapped) in front of the app on 127.0.0.1, and shows that a 200 MB
upload is refused at once with the Norwegian 413 page without reaching the app, that static files
come from the collected directory compressed and cached, and that the app behind it sees the
browser's host and port (Django's CSRF origin check passes).

Needs the nginx binary (`apt-get install nginx-light`, in .ci/run). With REQUIRE_SERVICES=1 a
missing nginx fails instead of skipping."""

import gzip
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
KONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx"

pytestmark = pytest.mark.django_db(transaction=True)


def _ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def statisk(tmp_path_factory):
    """collectstatic as in the image: WhiteNoise's manifest storage, with .gz files."""
    rot = tmp_path_factory.mktemp("staticfiles")
    lagring = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=rot, STORAGES=lagring):
        call_command("collectstatic", "--noinput", verbosity=0)
    return rot


@pytest.fixture
def nginx(live_server, statisk, tmp_path):
    if not os.path.exists(NGINX):
        if os.environ.get("REQUIRE_SERVICES"):
            pytest.fail("nginx mangler (apt-get install nginx-light)")
        pytest.skip("nginx mangler (apt-get install nginx-light)")
    port = _ledig_port()
    appport = live_server.url.rsplit(":", 1)[1]
    server = (
        (KONFIG / "koordinering.conf")
        .read_text()
        .replace("server web:8000;", f"server 127.0.0.1:{appport};")
        .replace("listen 80;", f"listen 127.0.0.1:{port};")
        .replace("alias /app/staticfiles/;", f"alias {statisk}/;")
        .replace("root /usr/share/nginx;", f"root {KONFIG};")
    )
    (tmp_path / "koordinering.conf").write_text(server)
    midlertidig = (
        " ".join(
            f"{navn}_temp_path {tmp_path}/{navn};" for navn in ("client_body", "proxy", "fastcgi")
        )
        + f" uwsgi_temp_path {tmp_path}/uwsgi; scgi_temp_path {tmp_path}/scgi;"
    )
    (tmp_path / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"""daemon off;
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    {midlertidig}
    log_format prove '$status $upstream_addr "$request"';
    access_log {tmp_path}/access.log prove;
    include {tmp_path}/koordinering.conf;
}}
"""
    )
    kommando = [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log")]
    kommando += ["-c", str(tmp_path / "nginx.conf")]
    sjekk = subprocess.run([*kommando, "-t"], capture_output=True, text=True, timeout=30)
    assert sjekk.returncode == 0, sjekk.stderr
    prosess = subprocess.Popen(kommando)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield port, tmp_path / "access.log"
    finally:
        prosess.terminate()
        prosess.wait(timeout=10)


def _hent(port, sti, metode="GET", body=None, hoder=None):
    forbindelse = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    forbindelse.request(
        metode, sti, body=body, headers={"Host": f"127.0.0.1:{port}", **(hoder or {})}
    )
    svar = forbindelse.getresponse()
    return svar, svar.read()


def _logglinje(logg: Path, tekst: str) -> str:
    for _ in range(50):
        linjer = [linje for linje in logg.read_text().splitlines() if tekst in linje]
        if linjer:
            return linjer[-1]
        time.sleep(0.1)
    raise AssertionError(f"{tekst!r} står ikke i tilgangsloggen")


def test_200_mb_avvises_straks_med_norsk_side_og_naar_aldri_appen(nginx):
    port, logg = nginx
    sti = "/meldinger/ny/"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        start = time.perf_counter()
        s.sendall(
            f"POST {sti} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: multipart/form-data; boundary=grense\r\n"
            f"Content-Length: {200 * 1024 * 1024}\r\n\r\n".encode()
        )
        s.sendall(b"0" * 1024 * 1024)  # the first megabyte of the body is on its way
        svar = b""
        while b"</html>" not in svar:
            del_ = s.recv(65536)
            if not del_:
                break
            svar += del_
        tid = time.perf_counter() - start
    hode, _, kropp = svar.partition(b"\r\n\r\n")
    assert hode.startswith(b"HTTP/1.1 413"), hode
    assert tid < 2
    side = kropp.decode()
    assert '<html lang="nb"' in side
    assert "Forespørselen er for stor" in side
    assert f"større enn {settings.MAKS_FORESPORSEL_MB} MB" in side
    # «-»: nginx answered itself, nothing went on to gunicorn.
    assert _logglinje(logg, f"POST {sti}").startswith('413 - "POST')


def test_statiske_filer_fra_samlet_katalog_komprimert_og_hurtigbufret(nginx, statisk):
    port, logg = nginx
    manifest = json.loads((statisk / "staticfiles.json").read_text())["paths"]
    hashet = manifest["css/app.css"]
    assert re.search(r"\.[0-9a-f]{12}\.css$", hashet)

    svar, kropp = _hent(port, f"/static/{hashet}", hoder={"Accept-Encoding": "gzip"})
    assert svar.status == 200
    assert svar.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(kropp) == (statisk / hashet).read_bytes()
    assert "immutable" in svar.getheader("Cache-Control")
    assert svar.getheader("X-Content-Type-Options") == "nosniff"
    assert _logglinje(logg, f"GET /static/{hashet}").startswith('200 - "GET')

    svar, kropp = _hent(port, "/static/css/app.css")
    assert svar.status == 200 and svar.getheader("Content-Encoding") is None
    assert kropp == (statisk / "css" / "app.css").read_bytes()
    assert "immutable" not in svar.getheader("Cache-Control")

    svar, _ = _hent(port, "/nginx-helse")
    assert svar.status == 200


def test_appen_bak_proxyen_ser_vert_og_port(nginx):
    port, logg = nginx
    svar, kropp = _hent(port, "/helse/")
    assert svar.status == 200, kropp
    assert json.loads(kropp)["status"] == "ok"
    assert svar.getheader("X-Request-ID")  # Django's answer, through nginx
    assert not _logglinje(logg, "GET /helse/").startswith('200 - "')

    svar, kropp = _hent(port, "/logg-inn/")
    assert svar.status == 200
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', kropp).group(1).decode()
    informasjonskapsel = svar.getheader("Set-Cookie").split(";", 1)[0]
    skjema = f"csrfmiddlewaretoken={token}&username=ingen&password=feil"
    hoder = {
        "Cookie": informasjonskapsel,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    # The browser's origin includes the port: accepted only because nginx passes it on.
    riktig, _ = _hent(
        port, "/logg-inn/", "POST", skjema, {**hoder, "Origin": f"http://127.0.0.1:{port}"}
    )
    assert riktig.status == 200  # the form again with «wrong user name or password»
    feil, _ = _hent(port, "/logg-inn/", "POST", skjema, {**hoder, "Origin": "http://ond.example"})
    assert feil.status == 403
