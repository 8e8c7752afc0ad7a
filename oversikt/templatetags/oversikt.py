from urllib.parse import urlencode

from django import template
from django.urls import reverse

from oversikt import tabeller

register = template.Library()


@register.filter
def vis(celle: tabeller.Celle) -> str:
    return tabeller.vis(celle)


@register.filter
def er_tall(celle: tabeller.Celle) -> bool:
    return tabeller.er_numerisk(celle)


@register.filter
def kan_utdypes(celle: tabeller.Celle) -> bool:
    """A count other than 0 opens the list of patients behind it."""
    return bool(celle.lenke) and celle.type == tabeller.ANTALL and bool(celle.verdi)


@register.filter
def hent(ordbok: dict, noekkel: str):
    """A dictionary value by a key with a hyphen (not reachable with a dot)."""
    return ordbok.get(noekkel)


@register.filter
def split(tekst: str) -> list[str]:
    return tekst.split()


@register.simple_tag(takes_context=True)
def utdyping_url(context, celle: tabeller.Celle) -> str:
    """The drill-down list behind a number: the page's filter, overridden by the cell's own
    parameters (a trend cell has its month as period)."""
    parametre = {**context.get("filterparametre", {}), **dict(celle.lenke or ())}
    return f"{reverse('oversikt:pasienter')}?{urlencode(parametre)}"


@register.simple_tag(takes_context=True)
def eksport_url(context, noekkel: str, format_: str) -> str:
    parametre = {**context.get("filterparametre", {}), "tabell": noekkel, "format": format_}
    return f"{reverse('oversikt:eksport')}?{urlencode(parametre)}"
