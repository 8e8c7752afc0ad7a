from datetime import date

from django import template

register = template.Library()


@register.filter
def isodato(verdi: str | None) -> str:
    """'2026-11-22' (as stored in snapshots) → '22.11.2026'."""
    if not verdi:
        return ""
    try:
        return date.fromisoformat(verdi).strftime("%d.%m.%Y")
    except (TypeError, ValueError):
        return str(verdi)
