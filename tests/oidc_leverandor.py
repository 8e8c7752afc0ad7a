"""A real OpenID Connect provider on 127.0.0.1 for tests (and `make run-helseid`):
oidc-provider-mock (PyPI), a Flask app built on Authlib's server, run in a thread.

What the mock does not do, and what this module adds (docs/adr/0012-innlogging.md):
- It does not know `private_key_jwt`: its token endpoint accepts any client with
  `client_secret_basic`, `client_secret_post` or `none`. `KrevKlientpåstand` sits in front of
  the token endpoint and refuses a token request unless it carries a client assertion
  (RFC 7523) signed with the client's RSA key, for this client and this token endpoint.
- It ignores `acr_values`: the `acr` in the ID token is whatever the user's claims say, which is
  how the tests give one user the right level and another a too low one.
"""

import base64
import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

import oidc_provider_mock
import werkzeug.serving
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

KLIENT_ID = "koordinering-test"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


def ny_rsa_nokkel() -> str:
    """A fresh RSA private key as PEM text (the client's key for private_key_jwt)."""
    nokkel = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return nokkel.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


class KrevKlientpaastand:
    """WSGI middleware: POST /oauth2/token needs a valid private_key_jwt client assertion."""

    def __init__(self, app, offentlig_nokkel: RSAKey, klient_id: str):
        self.app = app
        self.nokkel = offentlig_nokkel
        self.klient_id = klient_id
        self.avviste: list[str] = []

    def _avvis(self, start_response, grunn: str):
        self.avviste.append(grunn)
        start_response("401 Unauthorized", [("Content-Type", "application/json")])
        return [b'{"error": "invalid_client", "error_description": "private_key_jwt"}']

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") != "/oauth2/token" or environ["REQUEST_METHOD"] != "POST":
            return self.app(environ, start_response)
        lengde = int(environ.get("CONTENT_LENGTH") or 0)
        kropp = environ["wsgi.input"].read(lengde)
        felter = {k: v[0] for k, v in parse_qs(kropp.decode()).items()}
        if felter.get("client_assertion_type") != JWT_BEARER or "client_assertion" not in felter:
            return self._avvis(start_response, "mangler client_assertion")
        try:
            token = jwt.decode(felter["client_assertion"], self.nokkel)
        except JoseError:
            return self._avvis(start_response, "feil signatur")
        claims = token.claims
        endepunkt = f"http://{environ['HTTP_HOST']}/oauth2/token"
        if (
            claims.get("iss") != self.klient_id
            or claims.get("sub") != self.klient_id
            or endepunkt
            not in (
                [claims.get("aud")]
                if isinstance(claims.get("aud"), str)
                else claims.get("aud") or []
            )
            or claims.get("exp", 0) < time.time()
        ):
            return self._avvis(start_response, "feil påstand")
        # The mock's token endpoint knows only client_secret_basic (and takes any secret for an
        # unregistered client): the verified assertion is handed on in that form.
        for felt in ("client_assertion", "client_assertion_type", "client_id"):
            felter.pop(felt, None)
        ny = urlencode(felter).encode()
        environ["wsgi.input"] = io.BytesIO(ny)
        environ["CONTENT_LENGTH"] = str(len(ny))
        bruker = base64.b64encode(f"{self.klient_id}:verifisert".encode()).decode()
        environ["HTTP_AUTHORIZATION"] = f"Basic {bruker}"
        return self.app(environ, start_response)


@dataclass
class LokalLeverandor:
    url: str
    privat_nokkel: str
    vakt: KrevKlientpaastand

    def oppsett(self, **endringer) -> dict:
        """The OIDC_LEVERANDORER entry that points the app at this provider."""
        return {
            "visningsnavn": "HelseID",
            "metadata_url": f"{self.url}/.well-known/openid-configuration",
            "client_id": KLIENT_ID,
            "privat_nokkel": self.privat_nokkel,
            "nokkel_id": "",
            "scope": "openid profile",
            "acr_values": ["Level4"],
            "godkjente_acr": ["Level4", "High"],
            "pid_claim": "pid",
            "hpr_claim": "hpr_number",
            **endringer,
        }


def helseid_bruker(sub: str, *, hpr: str = "", pid: str = "", acr: str = "Level4", navn=""):
    claims = {"acr": acr, "name": navn or sub}
    if hpr:
        claims["hpr_number"] = hpr
    if pid:
        claims["pid"] = pid
    return oidc_provider_mock.User(sub=sub, claims=claims)


@contextmanager
def lokal_leverandor(brukere=(), port: int = 0) -> Iterator[LokalLeverandor]:
    """Run the provider on 127.0.0.1 (a free port unless one is given) until the block ends."""
    privat = ny_rsa_nokkel()
    offentlig = RSAKey.import_key(privat)
    app = oidc_provider_mock.app(require_nonce=True, user_claims=tuple(brukere))
    vakt = KrevKlientpaastand(app, offentlig, KLIENT_ID)
    server = werkzeug.serving.make_server("127.0.0.1", port, vakt, threaded=True)
    traad = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    traad.start()
    try:
        yield LokalLeverandor(f"http://127.0.0.1:{server.server_port}", privat, vakt)
    finally:
        server.shutdown()
        traad.join(2)
        server.server_close()


# The tests' HelseID users. HPR 9000007 is the demo's kontaktlege (demo.oppsett.demo_hpr_nummer).
HELSEID_BRUKERE = (
    helseid_bruker("lege", hpr="9000007", pid="13898000170", navn="Håkon Aas"),
    helseid_bruker("lege-lavt-niva", hpr="9000007", acr="Level3", navn="Håkon Aas"),
    helseid_bruker("ukjent-hpr", hpr="1234567", navn="Ukjent Lege"),
    helseid_bruker("uten-hpr", pid="13898000170", navn="Uten HPR"),
)


def idporten_bruker(sub: str, *, pid: str, acr: str = "idporten-loa-high"):
    return oidc_provider_mock.User(sub=sub, claims={"acr": acr, "pid": pid})


# Min plan's citizens (synthetic numbers): a patient, a mother, a guardian, an unknown person.
PID_PASIENT = "12838510068"
PID_MOR = "05858020052"
PID_VERGE = "09897530098"
PID_UKJENT = "02829015008"
IDPORTEN_BRUKERE = (
    idporten_bruker("kari", pid=PID_PASIENT),
    idporten_bruker("kari-lavt-niva", pid=PID_PASIENT, acr="idporten-loa-substantial"),
    idporten_bruker("mor", pid=PID_MOR),
    idporten_bruker("verge", pid=PID_VERGE),
    idporten_bruker("ukjent-innbygger", pid=PID_UKJENT),
)


def idporten_oppsett(leverandor: LokalLeverandor) -> dict:
    """The provider as ID-porten: Min plan's entry, requiring idporten-loa-high."""
    return leverandor.oppsett(
        visningsnavn="ID-porten",
        formaal="innbygger",
        scope="openid profile",
        acr_values=["idporten-loa-high"],
        godkjente_acr=["idporten-loa-high"],
    )


def demo_brukere():
    """The demo's health personnel as HelseID users and its patients as ID-porten users (for
    `make run-helseid`), plus one with a too low level and one unknown HPR number."""
    from demo.minplan_innbyggere import DEMO_INNBYGGERE, JONAS, fodselsnummer, innbygger_nummer
    from demo.oppsett import DEMO_BRUKERE, DEMO_PASIENTER, _demo_nummer, demo_hpr_nummer

    brukere = [
        helseid_bruker(d.brukernavn, hpr=demo_hpr_nummer(d), navn=f"{d.fornavn} {d.etternavn}")
        for d in DEMO_BRUKERE
        if d.helsepersonell
    ]
    # Min plan: each demo patient logs in through «ID-porten» with their first name as `sub`.
    innbyggere = [idporten_bruker(p.fornavn.lower(), pid=_demo_nummer(p)) for p in DEMO_PASIENTER]
    innbyggere.append(idporten_bruker("jonas", pid=fodselsnummer(*JONAS[2:])))
    # …and the people who act for them (demo/minplan_innbyggere.py): a mother of two, a
    # fullmektig for some areas, a guardian whose mandate has ended.
    innbyggere += [idporten_bruker(i.sub, pid=innbygger_nummer(i)) for i in DEMO_INNBYGGERE]
    return [*brukere, *HELSEID_BRUKERE[1:3], *innbyggere, IDPORTEN_BRUKERE[1]]


if __name__ == "__main__":
    # `make run-helseid`: the provider on 127.0.0.1:$HELSEID_PORT with the demo's users; the
    # client key is written where HELSEID_NOKKELFIL points (see the Makefile).
    import os
    import sys
    from pathlib import Path

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    port = int(os.environ.get("HELSEID_PORT", "9400"))
    with lokal_leverandor(demo_brukere(), port=port) as leverandor:
        Path(os.environ["HELSEID_NOKKELFIL"]).write_text(leverandor.privat_nokkel)
        print(f"HelseID (lokal) på {leverandor.url}", file=sys.stderr, flush=True)
        threading.Event().wait()
