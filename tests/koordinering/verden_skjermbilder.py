"""The world of the koordinering screen tests (test_skjermbilder_*.py): the three organisations
from `bygg_organisasjoner()`, with a leader and a colleague in Hjemmetjenesten, a koordinator in
Tildelingskontoret (access only through appointments), a KE member, a stranger in kommune B and
the leader of Medisinsk avdeling (a doctor); and the helpers that read tables, links and query
counts from the pages.

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo.
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from felles.models import Tilgangslogg
from koordinering import permissions, services
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Organisasjon,
    Parorende,
    Pasient,
    PasientUserObjectPermission,
    Samtykke,
    Tilknytning,
)
from tests.factories import OppnevningFactory, PasientFactory, TilknytningFactory
from tests.verden import IDAG, ansatt_i, bygg_organisasjoner, fodselsnummer, klokken, middag

MAKS_SPORRINGER = 15
# The start page of a koordinator with work of every kind (issue 13): session, user, savepoint,
# staff profile, current memberships (which also give the units for access), page count, page,
# evaluations, action items (starting from my group memberships), consents, forwarded
# threads, messages, citizens' messages from Min plan, meetings, minutes, new contributions from
# Min plan (innspill), access basis, access-log insert, menu counts, release savepoint. A leader
# adds two (deadlines in the queue, its size).
START_MAKS_SPORRINGER = 21  # with blocks (sperring), contributions and citizens' messages
SCRIPT = "<script>alert(1)</script>"
ESCAPET_SCRIPT = "&lt;script&gt;alert(1)&lt;/script&gt;"


@dataclass
class Verden:
    kommune: Organisasjon
    ke: Enhet
    hjemme: Enhet
    tildeling: Enhet
    kommune_b: Organisasjon
    b_hjemme: Enhet
    sykehus: Organisasjon
    medisinsk: Enhet
    leder: Ansatt  # leader of hjemme
    kollega: Ansatt  # staff in hjemme
    koordinator: Ansatt  # tildeling, access only through appointments
    ke_ansatt: Ansatt
    fremmed: Ansatt  # kommune B
    sykehusleder: Ansatt  # leader of medisinsk, a doctor


def bygg_verden() -> Verden:
    o = bygg_organisasjoner(sykehusnavn="Sykehuset")
    return Verden(
        kommune=o.kommune_a,
        ke=o.a_ke,
        hjemme=o.a_hjemme,
        tildeling=o.a_tildeling,
        kommune_b=o.kommune_b,
        b_hjemme=o.b_hjemme,
        sykehus=o.sykehus,
        medisinsk=o.s_medisinsk,
        leder=ansatt_i(o.a_hjemme, leder=True),
        kollega=ansatt_i(o.a_hjemme),
        koordinator=ansatt_i(o.a_tildeling),
        ke_ansatt=ansatt_i(o.a_ke),
        fremmed=ansatt_i(o.b_hjemme),
        sykehusleder=ansatt_i(o.s_medisinsk, leder=True, lege=True),
    )


def bygg_pasient(v: Verden) -> Pasient:
    """Patient P, registered by the colleague in Hjemmetjenesten, with an appointed koordinator."""
    pasient = services.pasient_opprett(
        actor=v.kollega.bruker,
        enhet=v.hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(date(1958, 4, 17), 123),
        fornavn="Petronella",
        etternavn="Prøvestad",
    )
    with klokken(middag(IDAG - timedelta(days=8))):  # reported the day before the start
        behov = services.behovsmelding_opprett(
            actor=v.kollega.bruker,
            pasient=pasient,
            enhet=v.hjemme,
            behov=Behov.KOORDINATOR,
            komplekse_behov=True,
            begrunnelse="Mange tjenester",
        )
    services.oppnevning_opprett(
        actor=v.leder.bruker,
        behovsmelding=behov,
        ansatt=v.koordinator,
        mandat="Samordne tjenestene",
        startdato=IDAG - timedelta(days=7),
        pasientens_onsker_hort=True,
    )
    return pasient


def pasient_i(enhet: Enhet, **felter) -> Pasient:
    """A patient connected to `enhet` since a month ago."""
    pasient = PasientFactory(**felter)
    TilknytningFactory(pasient=pasient, enhet=enhet, fra=IDAG - timedelta(days=30))
    return pasient


def oppnevn_direkte(v: Verden, ansatt: Ansatt, pasient: Pasient, **felter) -> Oppnevning:
    """An appointment made with the factory plus the guardian grant the service would give."""
    felter.setdefault("enhet", v.hjemme)
    felter.setdefault("oppnevnt_av", v.leder)
    oppnevning = OppnevningFactory(pasient=pasient, ansatt=ansatt, **felter)
    if oppnevning.er_aktiv:
        permissions.oppnevningstilgang_gi(oppnevning=oppnevning)
    return oppnevning


def tabellrader(html: str, testid: str) -> list[str]:
    funn = re.search(rf'data-testid="{testid}".*?<tbody>(.*?)</tbody>', html, re.S)
    assert funn, f"fant ikke tabellen {testid}"
    return re.findall(r"<tr>(.*?)</tr>", funn.group(1), re.S)


def pasientlenker(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/pasienter/(\d+)/"', html)]


def sporringer(client, url: str, **kwargs) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as fanget:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(fanget), response


def siste_logg_id() -> int:
    siste = Tilgangslogg.objects.order_by("-pk").first()
    return siste.pk if siste else 0


def tilstand() -> dict:
    """Everything the forms below could change, to prove a refusal left the database as it was."""
    return {
        "pasienter": sorted(Pasient.objects.values_list("pk", "fodselsnummer", "fornavn")),
        "parorende": sorted(Parorende.objects.values_list("pk", "navn")),
        "tilknytninger": sorted(Tilknytning.objects.values_list("pk", "fra", "til")),
        "samtykker": sorted(Samtykke.objects.values_list("pk", "gyldig_til", "trukket_tid")),
        "behov": sorted(Behovsmelding.objects.values_list("pk", "status")),
        "oppnevninger": sorted(Oppnevning.objects.values_list("pk", "sluttdato")),
        "tilganger": PasientUserObjectPermission.objects.count(),
        "historikk": [
            m.history.count()
            for m in (Pasient, Parorende, Tilknytning, Samtykke, Behovsmelding, Oppnevning)
        ],
    }


def pasientdata(**felter) -> dict:
    data = {
        "fornavn": "Ny",
        "mellomnavn": "",
        "etternavn": "Pasient",
        "adresse": "",
        "postnummer": "",
        "poststed": "",
        "hjemkommune": "",
        "telefon": "",
        "epost": "",
        "foretrukket_spraak": "norsk",
        "kulturelle_hensyn": "",
    }
    data.update(felter)
    return data
