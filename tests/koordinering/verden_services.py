"""The world of the koordinering service tests (test_services_*.py): kommune A and the hospital
from `bygg_organisasjoner()`, with a leader in Hjemmetjenesten and one in Medisinsk avdeling;
and the helpers that report needs, appoint, and prove a refusal left the database as it was.

Every test runs on a fixed day (Wednesday 11 March 2026, noon in Oslo, clock frozen), so dates,
deadlines and "today" are deterministic. Refusals are checked twice: the Norwegian message, and
that nothing in the database changed (`avvises`).
"""

import itertools
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Organisasjon,
    Pasient,
    PasientUserObjectPermission,
    Samtykke,
    Tilknytning,
)
from koordinering.services import behovsmelding_opprett, oppnevning_opprett
from tests.factories import (
    AnsattFactory,
    BehovsmeldingFactory,
    EnhetFactory,
    MedlemskapFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.verden import IDAG, ansatt_i, bygg_organisasjoner, fodselsnummer, middag


@dataclass
class Verden:
    kommune: Organisasjon
    kommune_ke: Enhet
    hjemmetjeneste: Enhet
    kommuneleder: Ansatt  # leader of hjemmetjeneste
    sykehus: Organisasjon
    sykehus_ke: Enhet
    medisinsk: Enhet
    sykehusleder: Ansatt  # leader of medisinsk


_individnummer = itertools.count()


def fodselsnummer_for(fodselsdato: date) -> str:
    """A new synthetic number with this birth date each call. Individual numbers 500–749 mean
    born 2000–2039 (000–499 mean 1900–1999), so the century is right. (The factory's `barn`
    trait uses 000–399 and so makes patients born in 1915.)"""
    forste = 500 if fodselsdato.year >= 2000 else 100
    for n in _individnummer:
        individ = forste + n % 250
        nummer = fodselsnummer(fodselsdato, individ)
        if int(nummer[6:9]) == individ:  # else `individ` gives no valid number: try the next
            return nummer
    raise AssertionError("unreachable")


_enheter_i_verden: list[Enhet] = []


def fulgt(pasient: Pasient) -> Pasient:
    """The patient, followed by the world's Hjemmetjenesten and Medisinsk avdeling: services
    change only patients the actor works with."""
    for enhet in _enheter_i_verden:
        TilknytningFactory(pasient=pasient, enhet=enhet)
    return pasient


def barn() -> Pasient:
    return PasientFactory(fodselsnummer=fodselsnummer_for(date(2015, 6, 1)))


def bygg_verden() -> Verden:
    o = bygg_organisasjoner()
    _enheter_i_verden[:] = [o.a_hjemme, o.s_medisinsk]
    return Verden(
        kommune=o.kommune_a,
        kommune_ke=o.a_ke,
        hjemmetjeneste=o.a_hjemme,
        kommuneleder=ansatt_i(o.a_hjemme, leder=True),
        sykehus=o.sykehus,
        sykehus_ke=o.s_ke,
        medisinsk=o.s_medisinsk,
        sykehusleder=ansatt_i(o.s_medisinsk, leder=True),
    )


def koordinator_fra_forrige_uke(v: Verden) -> Oppnevning:
    """An active kommune koordinator, appointed a week ago (the need reported the day before)."""
    melding = BehovsmeldingFactory(
        enhet=v.hjemmetjeneste, opprettet=middag(IDAG - timedelta(days=8))
    )
    return oppnevn(
        v.kommuneleder,
        melding,
        AnsattFactory(organisasjon=v.kommune),
        startdato=IDAG - timedelta(days=7),
    )


KRITERIER = {"komplekse_behov": True, "langvarige_behov": True}


def kontakt(dag: date = IDAG) -> dict:
    """Criteria and admission for a kontaktlege/-psykolog need."""
    return {
        "alvorlig_sykdom": True,
        "behandling_av_varighet": True,
        "kontakttype": Behovsmelding.Kontakttype.INNLEGGELSE,
        "kontaktdato": dag,
    }


def meld(actor: Ansatt, pasient: Pasient, enhet: Enhet, behov: str, **felter) -> Behovsmelding:
    """Report a need through the service."""
    kriterier = (
        kontakt() if behov in (Behov.KONTAKTLEGE, Behov.KONTAKTPSYKOLOG) else dict(KRITERIER)
    )
    kriterier.update(felter)
    return behovsmelding_opprett(
        actor=actor.bruker,
        pasient=pasient,
        enhet=enhet,
        behov=behov,
        begrunnelse="Trenger samordning",
        **kriterier,
    )


def med_enhet(ansatt: Ansatt) -> Ansatt:
    """Appointment access needs a current unit membership in the person's organisation (issue
    14): a staff member made bare by `AnsattFactory` gets a unit of their own (with no patients
    connected, so it opens nothing by itself)."""
    if not ansatt.medlemskap.filter(enhet__organisasjon_id=ansatt.organisasjon_id).exists():
        MedlemskapFactory(ansatt=ansatt, enhet=EnhetFactory(organisasjon=ansatt.organisasjon))
        # `visible_to` remembers the memberships on the user object for one request.
        vars(ansatt.bruker).pop("_gjeldende_medlemskap", None)
    return ansatt


def oppnevn(actor: Ansatt, melding: Behovsmelding, ansatt: Ansatt, **felter) -> Oppnevning:
    med_enhet(ansatt)
    felter.setdefault("startdato", IDAG)
    felter.setdefault("pasientens_onsker_hort", True)
    felter.setdefault("mandat", "Samordne tjenestene og lede ansvarsgruppen")
    return oppnevning_opprett(actor=actor.bruker, behovsmelding=melding, ansatt=ansatt, **felter)


def grunnlag(ansatt_eller_bruker, pasient: Pasient) -> str | None:
    """On what basis the user sees the patient through `visible_to`, or None."""
    bruker = getattr(ansatt_eller_bruker, "bruker", ansatt_eller_bruker)
    funnet = Pasient.objects.visible_to(bruker).filter(pk=pasient.pk).first()
    return funnet.tilgangsgrunnlag if funnet else None


def har_tilgang(ansatt: Ansatt, pasient: Pasient) -> bool:
    """The guardian grant an appointment makes, read from guardian's table."""
    return PasientUserObjectPermission.objects.filter(
        user=ansatt.bruker, content_object=pasient, permission__codename="view_pasient"
    ).exists()


def tilstand() -> dict:
    """Everything the services change, to prove a refusal left the database as it was."""
    return {
        "pasienter": sorted(Pasient.objects.values_list("pk", "fodselsnummer")),
        "tilknytninger": sorted(Tilknytning.objects.values_list("pk", "til", "avslutningsgrunn")),
        "behovsmeldinger": sorted(
            Behovsmelding.objects.values_list(
                "pk", "status", "besluttet_av_id", "besluttet_tid", "avslagsgrunn"
            )
        ),
        "oppnevninger": sorted(
            Oppnevning.objects.values_list("pk", "ansatt_id", "rolle", "sluttdato", "sluttgrunn")
        ),
        "samtykker": sorted(Samtykke.objects.values_list("pk", "trukket_tid", "trukket_grunn")),
        "tilganger": sorted(
            PasientUserObjectPermission.objects.values_list(
                "user_id", "content_object_id", "permission__codename"
            )
        ),
        "historikk": [
            modell.history.count()
            for modell in (Pasient, Tilknytning, Behovsmelding, Oppnevning, Samtykke)
        ],
    }


@contextmanager
def avvises(tekst: str | None = None, *, unntak: type[Exception] = ValidationError):
    """Expect `unntak` (with `tekst` in its message) and an unchanged database."""
    foer = tilstand()
    with pytest.raises(unntak) as feil:
        yield feil
    if tekst is not None:
        meldinger = " ".join(feil.value.messages)
        assert tekst in meldinger, meldinger
    assert tilstand() == foer
