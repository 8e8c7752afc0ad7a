"""OpenID Connect providers: HelseID for staff, ID-porten for citizens («Min plan»).

Authlib does the protocol: discovery, state, PKCE, nonce, the ID token's signature, issuer,
audience and expiry, and `private_key_jwt` client authentication (RFC 7523). What this module
adds is the configuration per provider (settings.OIDC_LEVERANDORER) and the check of the `acr`
claim against the levels the provider entry accepts. See docs/adr/0012-innlogging.md.
"""

from dataclasses import dataclass, field

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.django_client import OAuth
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from django.conf import settings
from joserfc.errors import InvalidClaimError, JoseError, MissingClaimError


@dataclass(frozen=True)
class Leverandor:
    navn: str
    visningsnavn: str
    metadata_url: str
    client_id: str
    privat_nokkel: str
    scope: str
    acr_values: tuple[str, ...]
    godkjente_acr: tuple[str, ...]
    pid_claim: str = "pid"
    hpr_claim: str = "hpr_number"
    nokkel_id: str = ""
    # Who logs in through it: "ansatt" (the staff login) or "innbygger" (Min plan). A provider
    # answers only at its own door, so an ID-porten login can never become a staff login.
    formaal: str = "ansatt"
    ekstra: dict = field(default_factory=dict, compare=False, hash=False)


class Avvist(Exception):
    """The provider's answer cannot log anyone in; `grunn` is a short code for the log."""

    def __init__(self, grunn: str):
        super().__init__(grunn)
        self.grunn = grunn


def leverandor(navn: str) -> Leverandor | None:
    oppsett = settings.OIDC_LEVERANDORER.get(navn)
    if not oppsett:
        return None
    return Leverandor(
        navn=navn,
        visningsnavn=oppsett.get("visningsnavn", navn),
        metadata_url=oppsett["metadata_url"],
        client_id=oppsett["client_id"],
        privat_nokkel=oppsett["privat_nokkel"],
        scope=oppsett["scope"],
        acr_values=tuple(oppsett["acr_values"]),
        godkjente_acr=tuple(oppsett["godkjente_acr"]),
        pid_claim=oppsett.get("pid_claim", "pid"),
        hpr_claim=oppsett.get("hpr_claim", "hpr_number"),
        nokkel_id=oppsett.get("nokkel_id", ""),
        formaal=oppsett.get("formaal", "ansatt"),
    )


def konfigurerte_leverandorer(formaal: str = "ansatt") -> list[Leverandor]:
    return [
        lev
        for navn in settings.OIDC_LEVERANDORER
        if (lev := leverandor(navn)) and lev.formaal == formaal
    ]


_klienter: dict[Leverandor, object] = {}


def klient(lev: Leverandor):
    """Authlib's Django client for the provider, made once per configuration (it caches the
    discovery document and the provider's keys)."""
    if lev not in _klienter:
        oauth = OAuth()
        _klienter[lev] = oauth.register(
            name=lev.navn,
            client_id=lev.client_id,
            client_secret=lev.privat_nokkel,
            server_metadata_url=lev.metadata_url,
            client_kwargs={
                "scope": lev.scope,
                "token_endpoint_auth_method": "private_key_jwt",
                "code_challenge_method": "S256",
            },
            client_auth_methods=[
                PrivateKeyJWT(headers={"kid": lev.nokkel_id} if lev.nokkel_id else None)
            ],
        )
    return _klienter[lev]


def start_innlogging(request, lev: Leverandor, tilbake_url: str):
    """Redirect to the provider, asking for the required level (acr_values)."""
    return klient(lev).authorize_redirect(
        request, redirect_uri=tilbake_url, acr_values=" ".join(lev.acr_values), ui_locales="nb"
    )


def fullfor_innlogging(request, lev: Leverandor) -> dict:
    """The validated ID token claims of the provider's answer, or Avvist with the reason.

    State (authlib: the value must be one this session started), nonce (authlib: the ID token's
    nonce must be the one stored with that state), signature, issuer, audience, expiry, and the
    `acr` level (here) are checked; the token request authenticates with private_key_jwt."""
    try:
        token = klient(lev).authorize_access_token(request)
    except InvalidClaimError as feil:
        raise Avvist("nonce" if feil.claim == "nonce" else f"ugyldig-{feil.claim}") from feil
    except MissingClaimError as feil:
        raise Avvist(f"mangler-{feil.claim}") from feil
    except OAuthError as feil:
        raise Avvist(feil.error or "oauth") from feil
    except JoseError as feil:
        raise Avvist("id-token") from feil
    claims = token.get("userinfo")
    if not claims:
        raise Avvist("id-token")
    if claims.get("acr") not in lev.godkjente_acr:
        raise Avvist("acr")
    return dict(claims)
