"""Which coordination roles an organisation may report a need for and appoint, and for whom.

The law gives kontaktlege and kontaktpsykolog to hospitals only (sphl § 2-5 c) and the
barnekoordinator to kommuner only, for children under 18 (hol § 7-2 a). Forms offer only what
the rules allow, and model validation (which every service runs) refuses the rest, with the
same words everywhere."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from koordinering.kodeverk import Behov, Rolle

if TYPE_CHECKING:
    from koordinering.models import Organisasjon, Pasient

# The role an appointment for each kind of need gives (an individual plan gets a koordinator).
ROLLE_FOR_BEHOV = {
    Behov.KOORDINATOR: Rolle.KOORDINATOR,
    Behov.INDIVIDUELL_PLAN: Rolle.KOORDINATOR,
    Behov.KONTAKTLEGE: Rolle.KONTAKTLEGE,
    Behov.KONTAKTPSYKOLOG: Rolle.KONTAKTPSYKOLOG,
    Behov.BARNEKOORDINATOR: Rolle.BARNEKOORDINATOR,
}

BARNEKOORDINATOR_ALDERSGRENSE = 18
SYKEHUSROLLER = (Rolle.KONTAKTLEGE, Rolle.KONTAKTPSYKOLOG)
KOMMUNEROLLER = (Rolle.BARNEKOORDINATOR,)

BARE_SYKEHUS = _("Kontaktlege og kontaktpsykolog oppnevnes bare i sykehus.")
BARE_KOMMUNE = _("Barnekoordinator oppnevnes bare i kommunen.")
BARE_BARN = _("Barnekoordinator gjelder bare barn under 18 år.")


def roller_for_organisasjon(organisasjon: Organisasjon) -> list[str]:
    """The roles this kind of organisation appoints."""
    return [
        rolle
        for rolle in Rolle.values
        if not (rolle in SYKEHUSROLLER and not organisasjon.er_sykehus)
        and not (rolle in KOMMUNEROLLER and not organisasjon.er_kommune)
    ]


def behov_for_organisasjon(organisasjon: Organisasjon) -> list[Behov]:
    """The needs that can be reported to this kind of organisation, in the usual order."""
    roller = roller_for_organisasjon(organisasjon)
    return [behov for behov in Behov if ROLLE_FOR_BEHOV[behov] in roller]


def rollefeil(
    *, rolle: str, organisasjon: Organisasjon, pasient: Pasient | None, dato: date | None = None
) -> list[str]:
    """Why `organisasjon` may not appoint `rolle` for `pasient` on `dato` (empty: it may)."""
    feil = []
    if rolle in SYKEHUSROLLER and not organisasjon.er_sykehus:
        feil.append(BARE_SYKEHUS)
    if rolle in KOMMUNEROLLER and not organisasjon.er_kommune:
        feil.append(BARE_KOMMUNE)
    if (
        rolle == Rolle.BARNEKOORDINATOR
        and pasient is not None
        and pasient.alder(dato) >= BARNEKOORDINATOR_ALDERSGRENSE
    ):
        feil.append(BARE_BARN)
    return feil


def behovsfeil(
    *, behov: str, organisasjon: Organisasjon, pasient: Pasient | None, dato: date | None = None
) -> list[str]:
    """Why this need cannot be reported to `organisasjon` for `pasient` (empty: it can)."""
    return rollefeil(
        rolle=ROLLE_FOR_BEHOV[behov], organisasjon=organisasjon, pasient=pasient, dato=dato
    )
