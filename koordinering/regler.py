"""Which coordination roles an organisation may report a need for and appoint, and for whom,
and which dates an appointment may carry.

The law gives kontaktlege and kontaktpsykolog to hospitals only (sphl § 2-5 c) and the
barnekoordinator to kommuner only, for children under 18 (hol § 7-2 a). Forms offer only what
the rules allow, and model validation (which every service runs) refuses the rest, with the
same words everywhere."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koordinering.kodeverk import Behov, Rolle

if TYPE_CHECKING:
    from koordinering.models import Behovsmelding, Oppnevning, Organisasjon, Pasient

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
# The roles that coordinate: they get a written mandate and are expected to have the training.
# A kontaktlege or kontaktpsykolog needs neither (sphl § 2-5 c names no mandate).
KOORDINATORROLLER = (Rolle.KOORDINATOR, Rolle.BARNEKOORDINATOR)
# Need-report fields that only matter in a hospital (the kontaktlege/-psykolog criteria).
SYKEHUSFELTER = ("alvorlig_sykdom", "behandling_av_varighet", "kontakttype", "kontaktdato")

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


def behov_for_organisasjon(
    organisasjon: Organisasjon, pasient: Pasient | None = None
) -> list[Behov]:
    """The needs that can be reported to this kind of organisation (for `pasient`, when
    given: a barnekoordinator only for a child), in the usual order."""
    return [
        behov
        for behov in Behov
        if not behovsfeil(behov=behov, organisasjon=organisasjon, pasient=pasient)
    ]


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


# --- the dates of an appointment ------------------------------------------------------------
# One place for the limits; the forms' help texts say them.

MAKS_DAGER_FRAM = 30  # an appointment may be registered to start at most 30 days ahead
TILBAKEDATERT_ETTER_DAGER = 1  # a start more than a day before the registration is back-dated


def _dato(dag: date) -> str:
    return f"{dag:%d.%m.%Y}"


def startdato_hjelp() -> str:
    return gettext(
        "Tidligst den dagen behovet ble meldt (og innleggelsen eller undersøkelsen), "
        "høyst %(dager)s dager fram i tid."
    ) % {"dager": MAKS_DAGER_FRAM}


def informert_hjelp() -> str:
    return gettext("Tidligst startdato, og ikke fram i tid.")


def oppnevningsdatofeil(
    *,
    startdato: date | None,
    pasient_informert_dato: date | None,
    behovsmelding: Behovsmelding | None,
    idag: date | None = None,
) -> dict[str, list[str]]:
    """Why the dates of a new appointment are not true, by field (empty: they are)."""
    idag = idag or timezone.localdate()
    feil: dict[str, list[str]] = {}
    if startdato:
        start = feil.setdefault("startdato", [])
        if behovsmelding is not None:
            meldt = timezone.localdate(behovsmelding.opprettet)
            if startdato < meldt:
                start.append(
                    gettext("Startdato kan ikke være før behovet ble meldt (%(dato)s).")
                    % {"dato": _dato(meldt)}
                )
            kontakt = behovsmelding.kontaktdato
            if kontakt and startdato < kontakt:
                tekst = (
                    gettext(
                        "Startdato kan ikke være før den polikliniske undersøkelsen (%(dato)s)."
                    )
                    if behovsmelding.kontakttype == "poliklinisk"
                    else gettext("Startdato kan ikke være før innleggelsen (%(dato)s).")
                )
                start.append(tekst % {"dato": _dato(kontakt)})
        siste = idag + timedelta(days=MAKS_DAGER_FRAM)
        if startdato > siste:
            start.append(
                gettext(
                    "Startdato kan ikke være mer enn %(dager)s dager fram i tid (senest %(dato)s)."
                )
                % {"dager": MAKS_DAGER_FRAM, "dato": _dato(siste)}
            )
    if pasient_informert_dato:
        informert = feil.setdefault("pasient_informert_dato", [])
        if startdato and pasient_informert_dato < startdato:
            informert.append(
                gettext("Datoen pasienten ble informert kan ikke være før startdato (%(dato)s).")
                % {"dato": _dato(startdato)}
            )
        if pasient_informert_dato > idag:
            informert.append(
                gettext(
                    "Datoen pasienten ble informert kan ikke være fram i tid (i dag er %(dato)s)."
                )
                % {"dato": _dato(idag)}
            )
    return {felt: liste for felt, liste in feil.items() if liste}


def byttedatofeil(
    *, startdato: date, gammel: Oppnevning, idag: date | None = None
) -> dict[str, list[str]]:
    """Why a reassignment cannot take over on `startdato`: the current appointment ends that
    day, so it lies between that appointment's start and today."""
    idag = idag or timezone.localdate()
    if startdato < gammel.startdato:
        return {
            "startdato": [
                gettext(
                    "«Overtar fra» kan ikke være før den nåværende oppnevningen startet (%(dato)s)."
                )
                % {"dato": _dato(gammel.startdato)}
            ]
        }
    if startdato > idag:
        return {
            "startdato": [
                gettext("«Overtar fra» kan ikke være fram i tid (i dag er %(dato)s).")
                % {"dato": _dato(idag)}
            ]
        }
    return {}


def mandatfeil(*, rolle: str, mandat: str) -> dict[str, list[str]]:
    if rolle in KOORDINATORROLLER and not mandat.strip():
        return {"mandat": [gettext("Skriv mandatet: hva koordineringen omfatter.")]}
    return {}


def tjenesteenhet_velg(*, egne: list[int], enhet_id: int, ledet: set[int]) -> int:
    """The unit an appointee works in, kept on the appointment (appointment access lasts only
    while they are a member of it, ADR 0005): of their units in their organisation (`egne`),
    the appointing unit, else one the appointing leader leads (`ledet`), else the first by id.
    With none, the appointing unit: the appointment then opens nothing until they join it."""
    return min(sorted(egne), key=lambda e: (e != enhet_id, e not in ledet), default=enhet_id)
