"""Change history in words (felles/historikk.py): labels, values as the forms show them, names
for foreign keys, Norwegian local time; and the patient page's history built with it."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from felles.historikk import (
    Navneoppslag,
    feltendringer,
    tidspunkt_i_ord,
    visningsverdi,
    viste_felter,
)
from koordinering import services
from koordinering.models import Behovsmelding, Oppnevning, Parorende, PlanDel, Samtykke
from koordinering.selectors import HISTORIKK_VALG, endringshistorikk
from tests.koordinering.verden_skjermbilder import bygg_pasient, bygg_verden
from tests.verden import IDAG, klokken, middag


def verdi(modell, navn: str, v, **kwargs) -> str:
    return visningsverdi(modell._meta.get_field(navn), v, navn=Navneoppslag(), **kwargs)


def test_tidspunkt_i_norsk_lokal_tid():
    # 05:43 UTC on 2 December is 06:43 in Oslo (winter time); in summer the offset is two hours.
    assert tidspunkt_i_ord(datetime(2026, 12, 2, 5, 43, 49, 290833, tzinfo=UTC)) == (
        "2. desember 2026 kl. 06.43"
    )
    assert tidspunkt_i_ord(datetime(2026, 6, 1, 22, 5, tzinfo=UTC)) == "2. juni 2026 kl. 00.05"


@pytest.mark.parametrize(
    ("modell", "navn", "rå", "vist"),
    [
        (Samtykke, "trukket_tid", datetime(2026, 12, 2, 5, 43, 49, 290833, tzinfo=UTC),
         "2. desember 2026 kl. 06.43"),
        (Samtykke, "gyldig_til", date(2027, 1, 31), "31. januar 2027"),
        (Samtykke, "gyldig_til", None, "–"),
        (Samtykke, "trukket_grunn", "", "–"),
        (Samtykke, "gitt_av", Samtykke.GittAv.PASIENTEN, "Pasienten selv"),
        (Samtykke, "gjelder_planprosess", True, "Ja"),
        (Samtykke, "gjelder_planprosess", False, "Nei"),
        (Parorende, "relasjon", "sosken", "Søsken"),
        (Behovsmelding, "status", Behovsmelding.Status.OPPNEVNT, "Oppnevnt"),
        (Behovsmelding, "begrunnelse", "Mange tjenester", "Mange tjenester"),
    ],
)  # fmt: skip
def test_verdier_vises_som_skjemaene_viser_dem(modell, navn, rå, vist):
    assert verdi(modell, navn, rå) == vist


def test_liste_av_valg_vises_med_etikettene():
    assert (
        verdi(
            Samtykke, "plandeler", [PlanDel.MAAL, PlanDel.TILTAK], valg=HISTORIKK_VALG["plandeler"]
        )
        == "Mål, ressurser og behov, Tiltak"
    )
    assert verdi(Samtykke, "plandeler", [], valg=HISTORIKK_VALG["plandeler"]) == "–"


@pytest.mark.django_db
def test_fremmednokler_vises_med_navn_i_en_sporring_per_modell(django_assert_num_queries):
    v = bygg_verden()
    felter = viste_felter(Behovsmelding)
    poster = [
        Behovsmelding(enhet=v.hjemme, meldt_av=v.kollega, besluttet_av=v.leder),
        Behovsmelding(enhet=v.tildeling, meldt_av=v.leder, besluttet_av=None),
    ]
    navn = Navneoppslag({type(v.leder): ("bruker",)})
    navn.samle(poster, felter)
    with django_assert_num_queries(2):  # units, staff (with their users)
        navn.last()
    endringer = {
        e.felt: (e.fra, e.til) for e in feltendringer(poster[1], poster[0], felter, navn=navn)
    }
    assert endringer["Besluttet av"] == ("–", v.leder.bruker.get_full_name())
    assert endringer["Meldt av"] == (
        v.leder.bruker.get_full_name(),
        v.kollega.bruker.get_full_name(),
    )
    assert endringer["Enhet"] == (str(v.tildeling), str(v.hjemme))
    # Fields the code sets itself are not the user's changes, and never the id.
    assert not {"Id", "Organisasjon", "Frist for oppnevning", "Meldt"} & set(endringer)


def test_viste_felter_utelater_det_koden_setter_selv():
    navn = {f.name for f in viste_felter(Oppnevning, utelat=("pasient",))}
    assert {"ansatt", "enhet", "rolle", "mandat", "startdato", "sluttdato"} <= navn
    assert not {"id", "pasient", "organisasjon", "frist", "opprettet"} & navn


@pytest.mark.django_db
@pytest.mark.usefixtures("fast_dag")
def test_pasientens_historikk_i_ord_uten_raa_verdier():
    """The issue's examples: a withdrawn consent and a decided need read in words."""
    v = bygg_verden()
    pasient = bygg_pasient(v)  # the need is decided by the leader: an appointment
    samtykke = services.samtykke_registrer(
        actor=v.kollega.bruker,
        pasient=pasient,
        organisasjoner=[],
        personer=[],
        plandeler=[PlanDel.MAAL],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG,
        gyldig_til=None,
    )
    with klokken(middag(IDAG) + timedelta(hours=1, minutes=7)):
        services.samtykke_trekk_tilbake(actor=v.kollega.bruker, samtykke=samtykke, grunn="Angret")

    historikk = endringshistorikk(pasient=pasient, organisasjoner=[v.kommune.pk])
    linjer = [str(d) for e in historikk for d in e.detaljer]

    trukket = next(e for e in historikk if "Trukket tilbake: –" in " ".join(map(str, e.detaljer)))
    assert trukket.hva == "Endret samtykke"
    assert trukket.hvem == v.kollega.bruker.get_full_name()
    assert trukket.tid == "11. mars 2026 kl. 13.07"
    assert "Trukket tilbake: – → 11. mars 2026 kl. 13.07" in linjer
    assert "Grunn til tilbaketrekking: – → Angret" in linjer
    assert f"Trukket registrert av: – → {v.kollega.bruker.get_full_name()}" in linjer

    assert f"Besluttet av: – → {v.leder.bruker.get_full_name()}" in linjer
    assert "Status: Venter på beslutning → Oppnevnt" in linjer
    assert "Besluttet: – → 11. mars 2026 kl. 12.00" in linjer

    alt = " ".join(linjer)
    assert "+00:00" not in alt and "+01:00" not in alt
    verdier = [x for e in historikk for d in e.detaljer for x in (d.fra, d.til)]
    assert not [x for x in verdier if re.fullmatch(r"\d+", x)]  # no ids for names
    assert " → None" not in alt and "True" not in alt and "False" not in alt
    assert pasient.fodselsnummer not in alt
