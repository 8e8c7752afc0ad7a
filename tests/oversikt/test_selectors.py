"""Each figure of the KE overview against the hand-built world (`verden.py`) with known
answers, and the unit and period filters."""

from datetime import date

import pytest

from koordinering.models import Behov, Behovsmelding
from oversikt import selectors
from tests.oversikt.conftest import rader, utvalg

pytestmark = pytest.mark.django_db


def tabeller(u):
    return selectors.oversikt_tabeller(u)


def test_dekning_ved_periodens_slutt(v):
    t = rader(selectors.dekning(utvalg(v.a))[0])
    assert t == {
        "Følges av enheten(e)": [8, None],
        "Har koordinator": [4, 0.5],
        "Har barnekoordinator": [1, 0.125],
        "Har aktiv individuell plan": [2, 0.25],
        "Har individuell plan under arbeid (utkast)": [1, 0.125],
        "Har individuell plan i en annen organisasjon, delt med oss": [0, 0.0],
        "Har ansvarsgruppe": [1, 0.125],
    }


def test_meldte_behov_dekket_uten_oppnevning_og_avslatt(v):
    t = rader(selectors.dekning(utvalg(v.a))[1])
    assert t["Koordinator"] == [5, 2, 3, 0, 0.4, date(2025, 4, 1)]
    assert t["Individuell plan"] == [2, 0, 1, 1, 0.0, date(2025, 11, 1)]
    assert t["Barnekoordinator"] == [1, 1, 0, 0, 1.0, None]
    assert t["Alle behov (pasienter)"] == [7, None, 4, None, None, date(2025, 4, 1)]


def test_sykehuset_ser_planen_kommunen_deler_og_regner_den_som_dekket_behov(v):
    t = selectors.dekning(utvalg(v.s))
    status = rader(t[0])
    assert status["Har individuell plan i en annen organisasjon, delt med oss"] == [1, 1 / 5]
    assert status["Har kontaktlege"] == [2, 2 / 5]  # Q1, Q2 of Q1–Q5
    assert "Har barnekoordinator" not in status
    # Q5's plan need still waits for the leader's decision: waiting, not covered (issue 12).
    assert rader(t[1])["Individuell plan"] == [1, 0, 1, 0, 0.0, date(2025, 9, 1)]
    # Once decided «plan opprettes», the plan the kommune shares covers it.
    behov = Behovsmelding.objects.get(pasient__fornavn="Q5", behov=Behov.INDIVIDUELL_PLAN)
    behov.status = Behovsmelding.Status.PLAN_OPPRETTES
    behov.save()
    assert rader(selectors.dekning(utvalg(v.s))[1])["Individuell plan"] == [1, 1, 0, 0, 1.0, None]


def test_ventetid_median_og_90_persentil_per_enhet_og_behov(v):
    enhet, behov = selectors.ventetid(utvalg(v.a))[:2]
    t = rader(enhet)
    # Days from need reported to appointment: H 7, 10, 29; Sone nord 20; Tildeling 4.
    assert t["Hjemmetjenesten"][:3] == [3, 10, pytest.approx(25.2)]
    assert t["Sone nord"][:3] == [1, 20, 20]
    assert t["Tildelingskontoret"][:3] == [1, 4, 4]
    assert t["Alle enheter"][:3] == [5, 10, pytest.approx(25.4)]
    # Waiting for a decision now: P3 and P8 in Hjemmetjenesten, the oldest reported 01.07.2025;
    # every appointment was registered the day it started: none back-dated.
    assert t["Hjemmetjenesten"][3:] == [2, date(2025, 7, 1), 0]
    assert t["Alle enheter"][3:] == [2, date(2025, 7, 1), 0]
    b = rader(behov)
    assert b["Koordinator"][:4] == [3, 10, pytest.approx(18.0), 2]
    assert b["Barnekoordinator"][:3] == [1, 7, 7]
    assert b["Individuell plan"][:3] == [1, 29, 29]


def test_kontaktlege_innen_forste_virkedag(v):
    kommune = selectors.ventetid(utvalg(v.a))
    assert [t.noekkel for t in kommune] == ["ventetid-enhet", "ventetid-behov"]
    tabell = selectors.ventetid(utvalg(v.s))[2]
    # Q1 in time, Q2 a day late, Q4 waiting past its deadline; Q3 is due today (not yet late).
    assert rader(tabell) == {
        "Medisinsk avdeling": [3, 1, 2, pytest.approx(1 / 3), 0],
        "Alle enheter": [3, 1, 2, pytest.approx(1 / 3), 0],
    }


def test_forfalt_arbeid_per_enhet_og_koordinator(v):
    enhet, koordinator = selectors.forfalt(utvalg(v.a))
    # The message about P2 went to Hjemmetjenesten; P2 herself is followed by Sone nord.
    assert rader(enhet) == {
        "Hjemmetjenesten": [1, 1, 1, 0],
        "Sone nord": [0, 0, 0, 1],
        "Alle enheter": [1, 1, 1, 1],
    }
    assert rader(koordinator) == {
        "Kåre Førstesen": [1, 1, 0, 0],
        "Åse Andresen": [0, 0, 1, 1],
        "Alle": [1, 1, 1, 1],
    }


def test_koordinatorer_belastning_opplaering_og_fordeling(v):
    tabell, fordeling = selectors.koordinatorer(utvalg(v.a))
    assert tabell.kolonner[2:5] == ["Koordinator", "Barnekoordinator", "Totalt"]
    t = rader(tabell)
    assert list(t) == ["Kåre Førstesen", "Åse Andresen", "Tore Tredjesen"]
    assert t["Kåre Førstesen"][:5] == ["Sykepleier", 3, 1, 4, date(2024, 5, 2)]
    assert t["Åse Andresen"][1:4] == [1, 0, 1]
    assert t["Åse Andresen"][4] == "Ikke fullført"
    assert t["Åse Andresen"][6] == "Mangler opplæring etter 3 mnd."
    assert t["Tore Tredjesen"][1:5] == [0, 0, 0, date(2023, 1, 9)]
    assert rader(fordeling) == {
        "0": [1],
        "1–5": [2],
        "6–10": [0],
        "11–20": [0],
        "21–40": [0],
        "41 eller flere": [0],
    }


def test_siste_aktivitet_er_siste_innlogging_eller_oppslag(v):
    from felles.services import tilgangslogg_registrer

    k1 = v.ansatte["koord1"]
    tilgangslogg_registrer(
        bruker=k1.bruker,
        rolle="Sykepleier",
        organisasjon_id=v.a.pk,
        pasient_grunnlag=[(v.pasienter["P1"].pk, "oppnevning")],
        dokument="Pasientside",
    )
    t = rader(selectors.koordinatorer(utvalg(v.a))[0])
    assert t["Kåre Førstesen"][5] == date(2026, 3, 11)
    assert t["Åse Andresen"][5] is None


def test_meldinger_volum_per_type_og_retning(v):
    volum, svar = selectors.meldingstall(utvalg(v.a))
    t = rader(volum)
    assert t["Behov for individuell plan og koordinator (forskrift § 23)"] == [1, 1, 0, 2]
    assert t["Pasient utskrivningsklar"] == [0, 1, 0, 1]
    assert t["Spørsmål og svar (dialogmelding)"] == [1, 1, 0, 2]
    assert t["Fritt notat"] == [0, 0, 1, 1]
    assert t["Alle typer"] == [2, 3, 1, 6]


def test_svartid_mot_frister(v):
    _volum, svar = selectors.meldingstall(utvalg(v.a))
    rader_ = {(str(r[0].verdi), str(r[1].verdi)): [c.verdi for c in r[2:]] for r in svar.rader}
    mottatt = rader_["Mottatt (vi svarer)", "Alle typer"]
    # Three received with a deadline: one answered in time (3 days), one late (2 days), one
    # unanswered past its deadline.
    assert mottatt[:6] == [3, 1, 1, 1, 0, pytest.approx(1 / 3)]
    assert mottatt[6:] == [pytest.approx(2.5), pytest.approx(2.9)]
    assert rader_["Sendt (de svarer)", "Alle typer"][:6] == [1, 0, 0, 0, 1, None]


def test_trender_per_maaned(v):
    (tabell,) = selectors.trender(utvalg(v.a))
    t = rader(tabell)
    assert list(t)[0] == "Mars 2025" and list(t)[-1] == "Mars 2026" and len(t) == 13
    kolonner = tabell.kolonner
    behov = kolonner.index("Meldte behov") - 1
    koordinator = kolonner.index("Pasienter med koordinator ved månedsslutt") - 1
    planer = kolonner.index("Nye individuelle planer") - 1
    moter = kolonner.index("Ansvarsgruppemøter") - 1
    mottatt = kolonner.index("Meldinger mottatt") - 1
    assert [t[m][behov] for m in t] == [0, 1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 1, 0]
    assert [t[m][koordinator] for m in t] == [1, 2, 2, 3, 3, 3, 3, 4, 5, 4, 4, 4, 4]
    assert t["Juli 2025"][planer] == 2 and t["September 2025"][planer] == 1
    assert t["Januar 2026"][moter] == 1 and t["Februar 2026"][moter] == 0
    assert t["Januar 2026"][mottatt] == 1 and t["Februar 2026"][mottatt] == 2


def test_trender_gaar_minst_tolv_maaneder_tilbake_ogsaa_for_en_kort_periode(v):
    (tabell,) = selectors.trender(utvalg(v.a, fra=date(2026, 2, 1)))
    assert len(tabell.rader) == 13
    assert tabell.rader[0][0].verdi == "Mars 2025"


def test_enhetsfilteret_tar_med_underenheter(v):
    u = utvalg(v.a, enhet=v.enheter["H"])
    assert set(u.enheter) == {v.enheter["H"].pk, v.enheter["HN"].pk}
    t = rader(selectors.dekning(u)[1])
    assert t["Koordinator"][:4] == [4, 2, 2, 0]  # P1, P2 (Sone nord), P3, P8 — not P4
    ventetid = rader(selectors.ventetid(u)[0])
    assert set(ventetid) == {"Hjemmetjenesten", "Sone nord", "Alle enheter"}
    assert ventetid["Alle enheter"][:3] == [4, 15, pytest.approx(26.3)]
    bare_sone = rader(selectors.dekning(utvalg(v.a, enhet=v.enheter["HN"]))[1])
    assert bare_sone["Koordinator"][:2] == [1, 1]
    forfalt = rader(selectors.forfalt(utvalg(v.a, enhet=v.enheter["T"]))[0])
    assert forfalt == {"Alle enheter": [0, 0, 0, 0]}


def test_periodefilteret(v):
    u = utvalg(v.a, fra=date(2025, 10, 1), til=date(2026, 3, 11))
    assert rader(selectors.dekning(u)[1])["Koordinator"][:3] == [2, 1, 1]  # P2, P3
    # A period that ended: status is taken at its end, 30.11.2025.
    tidligere = utvalg(v.a, fra=date(2025, 3, 12), til=date(2025, 11, 30))
    status = rader(selectors.dekning(tidligere)[0])
    assert status["Har koordinator"][0] == 5  # P1, P2, P4 (until 31.12.2025), P6, P7
    assert status["Har ansvarsgruppe"][0] == 2  # P2's group was closed 01.12.2025
    behov = rader(selectors.dekning(tidligere)[1])
    assert behov["Koordinator"][:3] == [4, 3, 1]  # P1, P2, P4 covered then; P8 waiting


def test_forfalt_regnes_per_periodens_slutt(v):
    u = utvalg(v.a, fra=date(2025, 3, 12), til=date(2026, 1, 31))
    enhet, _ = selectors.forfalt(u)
    # Deadlines before 31.01.2026: P1's evaluation (15.01). The action item (01.02), the
    # message (25.02) and P2's consent (expired 31.01) were not yet overdue.
    assert rader(enhet)["Alle enheter"] == [1, 0, 0, 0]


def test_antall_sporringer_er_fast(v, django_assert_max_num_queries):
    with django_assert_max_num_queries(32):
        tabeller(utvalg(v.a))
