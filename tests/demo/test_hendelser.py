"""The synthetic events behind the KE overview benchmark (`seed_demo --patients N`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Oppgave, Referat
from demo.bulk import demo_pasienter_bulk
from individuellplan.models import Evaluering, IndividuellPlan
from meldinger.models import TYPEREGLER, Melding

pytestmark = pytest.mark.django_db

MODELLER = [IndividuellPlan, Evaluering, Ansvarsgruppe, Gruppemedlem, Mote, Referat, Oppgave]
MODELLER += [Melding]


@pytest.fixture
def bulk(demo):
    return demo_pasienter_bulk(400)


def _antall():
    return {m.__name__: (m.objects.count(), m.history.count()) for m in MODELLER}


def test_lager_hendelser_med_historikk_og_teller_dem(bulk):
    for modell in MODELLER:
        antall = modell.objects.count()
        assert antall > 0, modell
        assert modell.history.filter(history_type="+").count() == antall, modell
    assert bulk["meldinger"] == Melding.objects.count()
    assert bulk["planer"] == IndividuellPlan.objects.count()
    # About ten events per patient: 100,000 patients give a million.
    assert bulk["hendelser"] / bulk["pasienter"] > 10


def test_en_ny_kjoring_lager_ingen_nye_hendelser(bulk):
    foer = _antall()
    resultat = demo_pasienter_bulk(400)
    assert resultat.get("hendelser", 0) == 0
    assert _antall() == foer


def test_ingen_modellregel_brytes(bulk):
    for modell in MODELLER:
        objekter = list(modell.objects.order_by("pk"))
        for obj in objekter[:: max(1, len(objekter) // 40)]:
            obj.full_clean()


def test_meldinger_folger_typereglene(bulk):
    for m in Melding.objects.filter(svar_paa__isnull=True).select_related(
        "avsender_enhet__organisasjon", "mottaker_enhet__organisasjon"
    ):
        regel = TYPEREGLER[m.type]
        fra, til = m.avsender_enhet.organisasjon, m.mottaker_enhet.organisasjon
        assert m.avsender_organisasjon_id == fra.pk and m.mottaker_organisasjon_id == til.pk
        assert regel.kan_sendes_internt or fra.pk != til.pk, m.type
        assert not regel.til_koordinerende_enhet or m.mottaker_enhet.er_koordinerende_enhet
        assert not regel.fra_sykehus_til_kommune or (fra.er_sykehus and til.er_kommune)
        assert (m.svarfrist is None) == (regel.svarfrist_arbeidsdager is None)
    for svar in Melding.objects.filter(svar_paa__isnull=False).select_related("svar_paa"):
        assert svar.traad_id == svar.svar_paa_id
        assert svar.svar_paa.status == Melding.Status.BESVART
        assert svar.avsender_enhet_id == svar.svar_paa.mottaker_enhet_id


def test_spredning_over_mer_enn_tretten_maaneder_med_forfalt_arbeid(bulk):
    idag = timezone.localdate()
    eldste = Melding.objects.order_by("sendt").first().sendt
    assert eldste.date() < idag - timedelta(days=400)
    assert Melding.objects.filter(sendt__date__gte=idag - timedelta(days=30)).exists()
    assert Melding.objects.filter(status__in=Melding.VENTER_PAA_SVAR, svarfrist__lt=idag).exists()
    assert (
        Melding.objects.filter(status=Melding.Status.BESVART).count()
        > Melding.objects.filter(status__in=Melding.VENTER_PAA_SVAR, svarfrist__lt=idag).count()
    )
    assert Oppgave.objects.aapne().filter(frist__lt=idag).exists()
    assert Oppgave.objects.filter(status=Oppgave.Status.UTFORT).exists()
    aapne = IndividuellPlan.objects.exclude(status="avsluttet")
    assert aapne.filter(neste_evaluering__lt=idag).exists()
    assert aapne.filter(neste_evaluering__gte=idag).exists()
    assert set(IndividuellPlan.objects.values_list("status", flat=True)) == {
        "utkast",
        "aktiv",
        "avsluttet",
    }
    assert Mote.objects.filter(start__gt=timezone.now()).exists()
    assert Mote.objects.filter(status=Mote.Status.AVLYST).exists()
    # The kommune owns the plan when it serves the patient (hol § 7-1).
    for plan in IndividuellPlan.objects.select_related("eier").prefetch_related(
        "pasient__tilknytninger__organisasjon"
    )[:100]:
        kommuner = {
            t.organisasjon_id
            for t in plan.pasient.tilknytninger.all()
            if t.til is None and t.organisasjon.er_kommune
        }
        assert not kommuner or plan.eier_id in kommuner
