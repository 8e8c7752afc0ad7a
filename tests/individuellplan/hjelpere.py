"""Helpers the service tests share: the state a refusal must leave unchanged, and small
builders for consents, patients and plans."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from individuellplan import services
from individuellplan.models import (
    Deltaker,
    Evaluering,
    IndividuellPlan,
    Maal,
    Maalvurdering,
    PlanUtskrift,
    PlanVersjon,
    Samarbeid,
    Tiltak,
)
from koordinering import services as koordinering_services
from koordinering.models import Samtykke
from tests.individuellplan.verden import (
    HOVEDMAAL,
    IDAG,
    fodselsnummer,
    ny_plan,
)

PLANMODELLER = (IndividuellPlan, Maal, Deltaker, Tiltak, Samarbeid, Evaluering, Maalvurdering)


def tilstand() -> dict:
    """Everything the plan services change, to prove a refusal left the database as it was."""
    rader = {
        modell.__name__: sorted(modell.objects.values_list(), key=lambda r: r[0])
        for modell in (*PLANMODELLER, PlanVersjon, PlanUtskrift)
    }
    rader["tiltak_maal"] = sorted(Tiltak.maal.through.objects.values_list("tiltak_id", "maal_id"))
    rader["historikk"] = [modell.history.count() for modell in PLANMODELLER]
    return rader


@contextmanager
def avvises(tekst: str | None = None):
    """Expect a ValidationError (with `tekst` in its message) and an unchanged database."""
    foer = tilstand()
    with pytest.raises(ValidationError) as feil:
        yield feil
    if tekst is not None:
        meldinger = " ".join(feil.value.messages)
        assert tekst in meldinger, meldinger
    assert tilstand() == foer


def samtykke(v, **felter) -> Samtykke:
    felter.setdefault("gjelder_planprosess", True)
    felter.setdefault("gyldig_fra", IDAG - timedelta(days=10))
    return koordinering_services.samtykke_registrer(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        **felter,
    )


def uten_plansamtykke(v) -> None:
    koordinering_services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=v.plansamtykke, grunn="Ønsker ikke plan nå"
    )


def sykehuspasient(v):
    """A patient followed only by the hospital, with a consent to the plan process."""
    pasient = koordinering_services.pasient_opprett(
        actor=v.s_leder.bruker,
        enhet=v.s_medisinsk,
        tilknytning_fra=IDAG - timedelta(days=3),
        begrunnelse="Poliklinisk oppfølging",
        fodselsnummer=fodselsnummer(IDAG.replace(year=1970), 200),
        fornavn="Sverre",
        etternavn="Sykehusfolk",
    )
    koordinering_services.samtykke_registrer(
        actor=v.s_leder.bruker,
        pasient=pasient,
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.MUNTLIG,
        gyldig_fra=IDAG,
    )
    return pasient


def aktiv_plan(v) -> IndividuellPlan:
    plan = ny_plan(v)
    services.maal_lagre(actor=v.brukere["koordinator"], plan=plan, tekst=HOVEDMAAL)
    return services.plan_aktiver(actor=v.brukere["koordinator"], plan=plan)


def tiltak_felter(**felter) -> dict:
    return {
        "beskrivelse": "Hjemmesykepleie",
        "omfang": "Daglig",
        "ansvarlig_tjeneste": "Hjemmetjenesten",
        "gjennomforing": "Morgenbesøk",
        "fra": IDAG,
    } | felter
