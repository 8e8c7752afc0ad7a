from collections import defaultdict

import pytest

from demo.bulk import demo_pasienter_bulk
from felles.fodselsnummer import tolk_identitetsnummer
from koordinering.models import (
    Ansatt,
    Behovsmelding,
    Medlemskap,
    Oppnevning,
    Pasient,
    PasientUserObjectPermission,
    Samtykke,
    Tilknytning,
)

pytestmark = pytest.mark.django_db

MODELLER = [Pasient, Tilknytning, Samtykke, Behovsmelding, Oppnevning, Ansatt, Medlemskap]


@pytest.fixture
def bulk(demo):
    return demo_pasienter_bulk(300)


def _antall():
    return {
        **{m.__name__: m.objects.count() for m in MODELLER},
        **{f"historikk {m.__name__}": m.history.count() for m in MODELLER},
        "deling": Samtykke.organisasjoner.through.objects.count(),
        "tilganger": PasientUserObjectPermission.objects.count(),
    }


def test_lager_300_pasienter_med_gyldige_syntetiske_numre(bulk):
    assert bulk["pasienter"] == 300
    pasienter = Pasient.objects.all()
    assert len(pasienter) == 300
    for p in pasienter:
        nummer = tolk_identitetsnummer(p.fodselsnummer, tillat_syntetisk=True)
        assert nummer.er_syntetisk
        assert nummer.fodselsdato == p.fodselsdato
    # Every object has its creation in the history, like the services would leave it.
    for modell in (Pasient, Tilknytning, Samtykke, Behovsmelding, Oppnevning):
        assert modell.history.filter(history_type="+").count() == modell.objects.count()


def test_en_ny_kjoring_lager_ingenting_nytt(bulk):
    foer = _antall()
    resultat = demo_pasienter_bulk(300)
    assert resultat["fantes"] == 300
    assert resultat["pasienter"] == resultat["ansatte"] == 0
    assert _antall() == foer


def test_flere_pasienter_lager_bare_de_som_mangler_og_de_samme_som_for(bulk):
    foer = dict(Pasient.objects.values_list("fodselsnummer", "etternavn"))
    resultat = demo_pasienter_bulk(350)
    assert (resultat["fantes"], resultat["pasienter"]) == (300, 50)
    etter = dict(Pasient.objects.values_list("fodselsnummer", "etternavn"))
    assert len(etter) == 350
    assert {n: etter[n] for n in foer} == foer


def test_hver_aktive_oppnevning_har_tilgang_og_pasienten_er_synlig(bulk):
    pasienter = defaultdict(set)
    brukere = {}
    for o in Oppnevning.objects.aktive().select_related("ansatt__bruker"):
        pasienter[o.ansatt.bruker_id].add(o.pasient_id)
        brukere[o.ansatt.bruker_id] = o.ansatt.bruker
    assert len(pasienter) > 10
    tilganger = set(
        PasientUserObjectPermission.objects.filter(permission__codename="view_pasient").values_list(
            "user_id", "content_object_id"
        )
    )
    assert tilganger == {(u, p) for u, ider in pasienter.items() for p in ider}
    for bruker_id, ider in pasienter.items():
        synlige = Pasient.objects.visible_to(brukere[bruker_id]).filter(pk__in=ider)
        assert set(synlige.values_list("pk", flat=True)) == ider


def test_ingen_modellregel_brytes(bulk):
    for modell in [*MODELLER, PasientUserObjectPermission]:
        objekter = list(modell.objects.order_by("pk"))
        assert objekter, modell
        for obj in objekter[:: max(1, len(objekter) // 40)]:
            obj.full_clean()


def test_realistisk_spredning(bulk):
    antall = Pasient.objects.count()
    med_samtykke = Samtykke.objects.values("pasient").distinct().count()
    med_behov = Behovsmelding.objects.values("pasient").distinct().count()
    assert 0.6 < med_samtykke / antall < 0.8
    assert 0.5 < med_behov / antall < 0.75
    assert Samtykke.objects.filter(trukket_tid__isnull=False).exists()
    assert Oppnevning.objects.filter(sluttdato__isnull=False).exists()
    assert Behovsmelding.objects.filter(status="avslatt").exists()
    assert Behovsmelding.objects.filter(
        status="venter", enhet__medlemskap__ansatt__bruker__username="leder.kommune"
    ).exists()
    kontaktleger = Oppnevning.objects.filter(rolle="kontaktlege")
    assert kontaktleger.exists()
    assert not kontaktleger.exclude(ansatt__yrke="lege").exists()
    assert not kontaktleger.exclude(organisasjon__type="helseforetak").exists()
    assert not Behovsmelding.objects.filter(behov="kontaktlege", frist__isnull=True).exists()
