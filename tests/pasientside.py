"""Reading the patient page: one URL per section (`?del=…`, koordinering/pasientside.py)."""

import re

from django.urls import reverse

SEKSJONER = (
    "oversikt",
    "plan",
    "ansvarsgruppe",
    "meldinger",
    "samtykker",
    "historikk",
    "tilgangslogg",
)


def seksjon_url(pasient_id: int, del_: str = "oversikt") -> str:
    url = reverse("koordinering:pasient-detalj", kwargs={"pk": pasient_id})
    return url if del_ == "oversikt" else f"{url}?del={del_}"


def seksjon(client, pasient_id: int, del_: str) -> str:
    response = client.get(seksjon_url(pasient_id, del_))
    assert response.status_code == 200, (del_, response.status_code)
    return response.content.decode()


def menylenker(html: str) -> list[str]:
    """The sections the page's menu links to, in order."""
    meny = re.search(r'data-testid="pasientside-meny">(.*?)</nav>', html, re.S)
    assert meny, "fant ikke pasientsidens meny"
    return re.findall(r'href="/pasienter/\d+/(?:\?del=([a-z]+))?"', meny.group(1))


def hele_pasientsiden(client, pasient_id: int) -> str:
    """Every section the user's menu offers, one after the other (for tests that ask whether
    something is anywhere on the patient page)."""
    forste = seksjon(client, pasient_id, "oversikt")
    deler = [d for d in menylenker(forste) if d]
    return "\n".join([forste, *(seksjon(client, pasient_id, d) for d in deler)])
