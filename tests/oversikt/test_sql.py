"""The SQL helpers: grouping sets and their UNION ALL fallback (SQLite), percentiles from
histograms, and reading SQLite's text values."""

import random
from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.models import F

from koordinering.models import Behovsmelding
from oversikt.sql import Aggregat, grupperinger, persentil, som_dato, som_tidspunkt

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "grupperingssett",
    [
        pytest.param(
            True,
            marks=pytest.mark.skipif(
                connection.vendor != "postgresql",
                reason="GROUPING SETS needs PostgreSQL (SQLite has only the UNION ALL fallback)",
            ),
        ),
        False,
    ],
)
def test_grupperinger_gir_det_samme_med_grouping_sets_og_union_all(v, grupperingssett):
    rader = (
        Behovsmelding.objects.order_by()
        .annotate(k_org=F("organisasjon_id"), k_behov=F("behov"), k_pasient=F("pasient_id"))
        .values("k_org", "k_behov", "k_pasient")
    )
    resultat = grupperinger(
        rader,
        {"org": ("k_org",), "begge": ("k_org", "k_behov"), "alle": ()},
        {"n": Aggregat(), "pasienter": Aggregat("COUNT(DISTINCT k_pasient)")},
        grupperingssett=grupperingssett,
    )
    alle = Behovsmelding.objects.count()
    assert resultat["alle"] == [{"n": alle, "pasienter": 14}]  # P1–P8, Q1–Q5, R1
    per_org = {r["k_org"]: r["n"] for r in resultat["org"]}
    assert per_org == {
        v.a.pk: 9,  # P1–P6 and P8 in Testvik (P4 twice), P7 before the period
        v.s.pk: 5,  # Q1–Q5
        v.b.pk: 2,  # R1, and Annenby's report about P1
    }
    begge = {(r["k_org"], r["k_behov"]): r["n"] for r in resultat["begge"]}
    assert begge[v.a.pk, "koordinator"] == 6
    assert sum(begge.values()) == alle


def test_filter_med_nekting():
    assert Aggregat("COUNT(*)", filter=("!k_a", "k_b")).sql() == (
        "COUNT(*) FILTER (WHERE NOT k_a AND k_b)"
    )
    with pytest.raises(ValueError):
        Aggregat("COUNT(*)", filter=("k_a; DROP TABLE x",)).sql()


def test_persentil_er_som_percentile_cont():
    tilfeldig = random.Random(7)
    for _ in range(300):
        verdier = sorted(tilfeldig.randint(0, 60) for _ in range(tilfeldig.randint(1, 50)))
        histogram = {}
        for x in verdier:
            histogram[x] = histogram.get(x, 0) + 1
        for andel in (0.0, 0.5, 0.9, 1.0):
            posisjon = andel * (len(verdier) - 1)
            nedre = int(posisjon)
            ovre = min(nedre + 1, len(verdier) - 1)
            forventet = verdier[nedre] + (posisjon - nedre) * (verdier[ovre] - verdier[nedre])
            assert persentil(histogram, andel) == pytest.approx(forventet)
    assert persentil({}, 0.5) is None
    assert persentil({3: 0}, 0.5) is None


def test_verdier_fra_sqlite_som_tekst():
    assert som_dato("2025-11-01") == date(2025, 11, 1)
    assert som_dato("2025-11-01 00:00:00") == date(2025, 11, 1)
    assert som_dato(date(2025, 11, 1)) == date(2025, 11, 1)
    assert som_tidspunkt("2026-01-05 08:00:00") == datetime(2026, 1, 5, 8, tzinfo=UTC)
    assert som_tidspunkt("2026-01-05 08:00:00.123456").tzinfo is not None
    assert som_tidspunkt(None) is None and som_dato(None) is None
    aware = datetime(2026, 1, 5, 8, tzinfo=UTC)
    assert som_tidspunkt(aware) is aware
