"""Validation reports every error in one round, each on the field it is about (the error
summary links to that field)."""

import pytest

from individuellplan.forms import TiltakForm
from koordinering.forms import SamtykkeForm
from koordinering.models import Ansatt
from tests.factories.individuellplan import PlanFactory

pytestmark = pytest.mark.django_db


def test_tomt_tiltak_gir_alle_feil_paa_en_gang_og_ansvarlig_paa_sitt_felt():
    form = TiltakForm({"status": "planlagt"}, plan=PlanFactory())
    assert not form.is_valid()
    assert {"beskrivelse", "omfang", "gjennomforing", "fra", "ansvarlig"} <= form.errors.keys()
    assert form.errors["ansvarlig"] == [
        "Tiltaket må ha en ansvarlig: velg en deltaker eller skriv inn tjenesten."
    ]
    assert form.non_field_errors() == []


def test_samtykke_som_ikke_gjelder_noe_feiler_paa_planprosessfeltet():
    form = SamtykkeForm(
        {"gitt_av": "pasienten", "form": "skriftlig", "gyldig_fra": "2026-03-11"},
        personer=Ansatt.objects.none(),
    )
    assert not form.is_valid()
    assert form.errors["gjelder_planprosess"] == [
        "Kryss av for hva samtykket gjelder: planprosessen eller deling med noen."
    ]
    assert form.non_field_errors() == []
