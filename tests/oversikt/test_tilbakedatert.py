"""Back-dated appointments in the KE overview, in a small hospital world checked by hand.

Today is Wednesday 11 March 2026. Medisinsk avdeling, period 01.02.2026–11.03.2026. Each
need is reported at 10:00 on the day of the admission; the deadline is the first working day
after (sphl § 2-5 c). «Registrert» is when the appointment was saved (server time).

| patient | need        | admitted | deadline | stated start | registered | on time | back-dated |
|---------|-------------|----------|----------|--------------|------------|---------|------------|
| K1      | kontaktlege | Mon 2.2  | Tue 3.2  | 3.2          | 3.2        | yes     | no         |
| K2      | kontaktlege | Mon 2.2  | Tue 3.2  | 3.2          | 10.2       | no      | yes (7)    |
| K3      | kontaktlege | Mon 9.2  | Tue 10.2 | 9.2          | 10.2       | yes     | no (1)     |
| K4      | kontaktlege | Mon 16.2 | Tue 17.2 | 16.2         | 18.2       | no      | yes (2)    |
| K5      | koordinator | (1.2)    | –        | 5.2          | 20.2       | –       | yes (15)   |

Waiting time counts to the later of the stated start and the registration: K1 1, K2 8, K3 1,
K4 2, K5 19 days; median 2, 90th percentile 8 + 0.6 × (19 − 8) = 14.6.
"""

from datetime import date

import pytest

from koordinering.models import Rolle
from oversikt import selectors
from tests.factories import (
    BehovsmeldingFactory,
    OppnevningFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.oversikt.conftest import rader, utvalg
from tests.oversikt.verden import tid
from tests.verden import IDAG, ansatt_i, bygg_organisasjoner

LISTE = "/oversikt/pasienter/"
FRA = date(2026, 2, 1)


@pytest.fixture
def verden(db):
    o = bygg_organisasjoner()
    m = o.s_medisinsk
    lege = ansatt_i(m, lege=True)
    pasienter = {}

    def behov_og_oppnevning(navn, meldt, start, registrert, *, kontaktlege=True, frist=None):
        pasient = pasienter[navn] = PasientFactory(fornavn=navn, etternavn="Sykehus")
        TilknytningFactory(pasient=pasient, enhet=m, fra=date(2026, 1, 1))
        felter = {"kontaktlege": True, "kontaktdato": meldt, "frist": frist} if kontaktlege else {}
        behov = BehovsmeldingFactory(
            pasient=pasient,
            enhet=m,
            meldt_av=lege,
            opprettet=tid(meldt),
            status="oppnevnt",
            besluttet_tid=tid(registrert),
            **felter,
        )
        OppnevningFactory(
            pasient=pasient,
            enhet=m,
            ansatt=lege if kontaktlege else ansatt_i(m, helsepersonell=True),
            rolle=Rolle.KONTAKTLEGE if kontaktlege else Rolle.KOORDINATOR,
            behovsmelding=behov,
            startdato=start,
            frist=behov.frist,
            opprettet=tid(registrert, 14),
            oppnevnt_av=lege,
        )

    behov_og_oppnevning(
        "K1", date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 3), frist=date(2026, 2, 3)
    )
    behov_og_oppnevning(
        "K2", date(2026, 2, 2), date(2026, 2, 3), date(2026, 2, 10), frist=date(2026, 2, 3)
    )
    behov_og_oppnevning(
        "K3", date(2026, 2, 9), date(2026, 2, 9), date(2026, 2, 10), frist=date(2026, 2, 10)
    )
    behov_og_oppnevning(
        "K4", date(2026, 2, 16), date(2026, 2, 16), date(2026, 2, 18), frist=date(2026, 2, 17)
    )
    behov_og_oppnevning(
        "K5", date(2026, 2, 1), date(2026, 2, 5), date(2026, 2, 20), kontaktlege=False
    )
    return o, pasienter, ansatt_i(o.s_ke)


def test_kontaktlege_i_tide_krever_at_registreringen_ogsaa_er_innen_fristen(verden):
    o, _p, _ke = verden
    tabell = selectors.ventetid(utvalg(o.sykehus, fra=FRA))[2]
    assert tabell.noekkel == "kontaktlege"
    # K1, K3 in time; K2 and K4 registered after the deadline; K2 and K4 back-dated.
    assert rader(tabell) == {
        "Medisinsk avdeling": [4, 2, 2, 0.5, 2],
        "Alle enheter": [4, 2, 2, 0.5, 2],
    }


def test_ventetid_regnes_til_registreringen_naar_den_er_senere(verden):
    o, _p, _ke = verden
    enhet, behov = selectors.ventetid(utvalg(o.sykehus, fra=FRA))[:2]
    t = rader(enhet)
    assert t["Medisinsk avdeling"] == [5, 2, pytest.approx(14.6), 0, None, 3]
    b = rader(behov)
    assert b["Kontaktlege"] == [4, pytest.approx(1.5), pytest.approx(6.2), 0, None, 2]
    assert b["Koordinator"] == [1, 19, 19, 0, None, 1]


def navn_og_flagg(svar) -> dict[str, bool]:
    return {p.fornavn: p.tilbakedatert for p, _dager in svar.context["rader"]}


def test_utdypingen_flagger_tilbakedaterte(verden, client):
    o, _p, ke = verden
    client.force_login(ke.bruker)
    filter_ = {"fra": FRA.isoformat(), "til": IDAG.isoformat()}
    svar = client.get(LISTE, {"maal": "kontaktlege", **filter_})
    assert navn_og_flagg(svar) == {"K1": False, "K2": True, "K3": False, "K4": True}
    html = svar.content.decode()
    assert html.count('data-testid="tilbakedatert"') == 2

    svar = client.get(LISTE, {"maal": "kontaktlege_sent", **filter_})
    assert navn_og_flagg(svar) == {"K2": True, "K4": True}
    svar = client.get(LISTE, {"maal": "kontaktlege_tilbakedatert", **filter_})
    assert navn_og_flagg(svar) == {"K2": True, "K4": True}
    svar = client.get(LISTE, {"maal": "tilbakedatert", **filter_})
    assert navn_og_flagg(svar) == {"K2": True, "K4": True, "K5": True}
    svar = client.get(LISTE, {"maal": "ventetid", **filter_})
    assert navn_og_flagg(svar) == {"K1": False, "K2": True, "K3": False, "K4": True, "K5": True}


def test_oversikten_lenker_til_de_tilbakedaterte(verden, client):
    o, _p, ke = verden
    client.force_login(ke.bruker)
    html = client.get("/oversikt/", {"fra": FRA.isoformat(), "til": IDAG.isoformat()})
    html = html.content.decode()
    assert "Tilbakedatert" in html
    assert "maal=kontaktlege_tilbakedatert" in html
    assert "maal=tilbakedatert" in html
