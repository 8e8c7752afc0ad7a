"""Who reaches which part of a kommune-owned plan, and what the access log says.

The world (verden.py): a plan owned by Kommune A (Hjemmetjenesten) for a patient also followed
by the hospital (Medisinsk avdeling), filled in with a goal and a sub-goal, participants,
measures, cooperation and an evaluation. The kommune's own staff read the plan by their
relationship to the patient; hospital staff read only what a valid consent shares with their
organisation or with them by name, and edit it only when appointed. Missing access is 404,
read on every request, so a withdrawn or expired consent closes the plan at once.
"""

import re
from datetime import datetime

import pytest
import time_machine

from felles.models import Tilgangsgrunnlag
from individuellplan import services as plan_services
from individuellplan.innhold import filtrert_innhold, plan_innhold
from individuellplan.models import Maal, PlanUtskrift
from individuellplan.pdf import render_plan_pdf
from individuellplan.permissions import plantilgang
from koordinering import services
from koordinering.models import PlanDel
from tests.individuellplan.verden import (
    BIDRAG_EKSTERN,
    BIDRAG_PARORENDE,
    DELMAAL,
    EVALUERING,
    HOVEDMAAL,
    HOVEDMAAL_2,
    IDAG,
    KOMMENTAR,
    OSLO,
    SAMARBEID,
    TILTAK_3,
    del_med,
    logget,
    siste_logg_id,
)
from tests.poppler import tekst_av

pytestmark = pytest.mark.django_db

# Each part of the plan: its section heading, and a text only that part contains.
SEKSJONER = {
    PlanDel.MAAL: ("Mål, ressurser og behov", HOVEDMAAL),
    PlanDel.DELTAKERE: ("Deltakere og bidrag", BIDRAG_PARORENDE),
    PlanDel.TILTAK: ("Tiltak", TILTAK_3),
    PlanDel.EVALUERING: ("Evaluering og revisjon", EVALUERING),
    PlanDel.SAMARBEID: ("Samarbeid med andre tjenester og etater", SAMARBEID),
}
ALLE = set(SEKSJONER)
SKJEMA_FOR_DEL = {
    PlanDel.MAAL: "maal/ny/",
    PlanDel.DELTAKERE: "deltakere/ny/",
    PlanDel.TILTAK: "tiltak/ny/",
    PlanDel.SAMARBEID: "samarbeid/ny/",
    PlanDel.EVALUERING: "evaluering/ny/",
}


def plan_url(plan, rest: str = "") -> str:
    return f"/planer/{plan.pk}/{rest}"


def viste_seksjoner(html: str) -> set[str]:
    """The parts whose section (id and heading) is on the page; checks they always come as a
    pair, so a section is never half there."""
    viste = set()
    for del_, (overskrift, _tekst) in SEKSJONER.items():
        har_id = f'id="{del_}"' in html
        har_overskrift = bool(re.search(rf'id="{del_}-tittel">{re.escape(overskrift)}<', html))
        assert har_id == har_overskrift, del_
        if har_id:
            viste.add(del_)
    return viste


def hent(client, v, bruker, url: str):
    """GET as `bruker` (None: anonymous), with the access log rows it wrote for the patient."""
    client.logout()
    if bruker is not None:
        client.force_login(bruker)
    foer = siste_logg_id()
    response = client.get(url)
    return response, logget(v.pasient, foer)


@pytest.fixture
def plan(innhold):
    return innhold.plan


def sjekk_200(response, rader, bruker, grunnlag: str) -> str:
    assert response.status_code == 200
    assert len(rader) == 1, [(r.dokument, r.grunnlag) for r in rader]
    assert rader[0].bruker == bruker
    assert rader[0].grunnlag == grunnlag
    assert rader[0].organisasjon_id == bruker.ansatt.organisasjon_id
    return response.content.decode()


def sjekk_404(response, rader, v) -> None:
    assert response.status_code == 404
    assert rader == []
    html = response.content.decode()
    assert v.pasient.navn not in html
    assert HOVEDMAAL not in html


# ---------------------------------------------------------------------------------------------
# The owner's staff
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("brukertype", "grunnlag", "redigerer"),
    [
        ("koordinator", Tilgangsgrunnlag.OPPNEVNING, True),
        ("kollega", Tilgangsgrunnlag.ENHET, True),
        ("ke", Tilgangsgrunnlag.KE, False),
    ],
)
def test_kommunens_ansatte_ser_hele_planen(client, v, plan, brukertype, grunnlag, redigerer):
    bruker = v.brukere[brukertype]
    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, grunnlag)
    assert viste_seksjoner(html) == ALLE
    for _overskrift, tekst in SEKSJONER.values():
        assert tekst in html
    assert "Samtykker" in html  # the owner sees the consents
    assert (f'href="{plan_url(plan, "maal/ny/")}"' in html) is redigerer

    for rest in (*SKJEMA_FOR_DEL.values(), "endre/", "avslutt/"):
        response, rader = hent(client, v, bruker, plan_url(plan, rest))
        if redigerer:
            sjekk_200(response, rader, bruker, grunnlag)
        else:
            sjekk_404(response, rader, v)


# ---------------------------------------------------------------------------------------------
# The hospital, through consent
# ---------------------------------------------------------------------------------------------


def test_samtykke_til_sykehuset_gir_sykehuskoordinatoren_hele_planen_og_bidrag(client, v, plan):
    del_med(v, organisasjoner=[v.sykehus])
    bruker = v.brukere["sykehuskoordinator"]

    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    assert viste_seksjoner(html) == ALLE
    for _overskrift, tekst in SEKSJONER.values():
        assert tekst in html
    assert "Planen eies av Kommune A" in html
    assert "Samtykker" not in html  # the consents are the owner's business

    # Appointed in the hospital: contributes to every shared part …
    for rest in SKJEMA_FOR_DEL.values():
        response, rader = hent(client, v, bruker, plan_url(plan, rest))
        sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    response = client.post(
        plan_url(plan, "maal/ny/"), {"tekst": "Komme hjem før jul", "status": "ikke_startet"}
    )
    assert response.status_code == 302
    maal = Maal.objects.get(plan=plan, tekst="Komme hjem før jul")
    assert maal.history.get().history_user == bruker
    # … but period, status and publishing stay with the owner.
    for rest in ("endre/", "avslutt/"):
        response, rader = hent(client, v, bruker, plan_url(plan, rest))
        sjekk_404(response, rader, v)
    for rest in ("publiser/", "ta-i-bruk/"):
        assert client.post(plan_url(plan, rest)).status_code == 404
    assert not plan.versjoner.exists()


def test_samtykke_til_sykehuset_gir_kollega_uten_oppnevning_bare_lesing(client, v, plan):
    del_med(v, organisasjoner=[v.sykehus])
    bruker = v.brukere["sykehuskollega"]

    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    assert viste_seksjoner(html) == ALLE
    assert "Legg til mål" not in html
    for rest in SKJEMA_FOR_DEL.values():
        response, rader = hent(client, v, bruker, plan_url(plan, rest))
        sjekk_404(response, rader, v)
    antall = Maal.objects.count()
    assert (
        client.post(
            plan_url(plan, "maal/ny/"), {"tekst": "Nytt", "status": "ikke_startet"}
        ).status_code
        == 404
    )
    assert Maal.objects.count() == antall


@pytest.mark.parametrize("brukertype", ["sykehuskoordinator", "sykehuskollega"])
def test_samtykke_til_bare_maal_og_tiltak_viser_bare_de_delene(client, v, innhold, brukertype):
    plan = innhold.plan
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL, PlanDel.TILTAK])
    bruker = v.brukere[brukertype]

    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)

    assert viste_seksjoner(html) == {PlanDel.MAAL, PlanDel.TILTAK}
    for del_, (overskrift, tekst) in SEKSJONER.items():
        if del_ in (PlanDel.MAAL, PlanDel.TILTAK):
            assert tekst in html
        else:
            assert overskrift not in html, overskrift
            assert tekst not in html, tekst
    for skjult in (BIDRAG_EKSTERN, KOMMENTAR, "Kari i NAV"):
        assert skjult not in html

    # Forms for parts that are not shared do not exist for this reader, new or existing.
    for rest in (
        "samarbeid/ny/",
        "deltakere/ny/",
        "evaluering/ny/",
        f"samarbeid/{innhold.samarbeid.pk}/",
        f"deltakere/{innhold.deltakere['ekstern'].pk}/",
    ):
        response, rader = hent(client, v, bruker, plan_url(plan, rest))
        sjekk_404(response, rader, v)
    # The shared parts: the appointed hospital koordinator contributes, the colleague reads.
    for rest in ("maal/ny/", "tiltak/ny/", f"maal/{innhold.hovedmaal.pk}/"):
        response, rader = hent(client, v, bruker, plan_url(plan, rest))
        if brukertype == "sykehuskoordinator":
            sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
        else:
            sjekk_404(response, rader, v)


def test_versjon_vises_bare_med_de_delte_delene(client, v, plan):
    plan_services.plan_publiser(actor=v.brukere["koordinator"], plan=plan)
    plan_services.samarbeid_lagre(
        actor=v.brukere["koordinator"], plan=plan, etat="skole", beskrivelse="Ny skoleplan"
    )
    plan_services.maal_lagre(actor=v.brukere["koordinator"], plan=plan, tekst="Nytt mål etter v1")
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL, PlanDel.TILTAK])
    bruker = v.brukere["sykehuskoordinator"]

    response, rader = hent(client, v, bruker, plan_url(plan, "versjoner/1/"))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    assert "Lagt til: Nytt mål etter v1" in html
    assert "Ny skoleplan" not in html
    assert "Skole" not in html
    # The stored PDF of a version holds every part: not for a reader of some parts.
    response, rader = hent(client, v, bruker, plan_url(plan, "versjoner/1/pdf/"))
    sjekk_404(response, rader, v)


def test_samtykke_til_sykehuskoordinatoren_ved_navn_gjelder_bare_for_henne(client, v, plan):
    del_med(v, personer=[v.ansatt("sykehuskoordinator")])

    bruker = v.brukere["sykehuskoordinator"]
    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    assert viste_seksjoner(html) == ALLE

    response, rader = hent(client, v, v.brukere["sykehuskollega"], plan_url(plan))
    sjekk_404(response, rader, v)


def test_trukket_samtykke_stenger_planen_ved_neste_foresporsel(client, v, plan):
    deling = del_med(v, organisasjoner=[v.sykehus])
    bruker = v.brukere["sykehuskoordinator"]
    response, rader = hent(client, v, bruker, plan_url(plan))
    sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)

    services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=deling, grunn="Vil ikke dele med sykehuset"
    )

    for url in (plan_url(plan), plan_url(plan, "maal/ny/"), plan_url(plan, "versjoner/1/")):
        response, rader = hent(client, v, bruker, url)
        sjekk_404(response, rader, v)
    # The owner's access does not depend on the sharing consent.
    response, rader = hent(client, v, v.brukere["koordinator"], plan_url(plan))
    sjekk_200(response, rader, v.brukere["koordinator"], Tilgangsgrunnlag.OPPNEVNING)


def test_utlopt_samtykke_stenger_planen(client, v, plan):
    del_med(v, organisasjoner=[v.sykehus], gyldig_til=IDAG)
    bruker = v.brukere["sykehuskoordinator"]
    response, rader = hent(client, v, bruker, plan_url(plan))
    sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)

    # Half an hour after midnight in Oslo (still the 11th in UTC) the consent has expired.
    with time_machine.travel(datetime(2026, 3, 12, 0, 30, tzinfo=OSLO), tick=False):
        response, rader = hent(client, v, bruker, plan_url(plan))
        sjekk_404(response, rader, v)
        response, rader = hent(client, v, bruker, plan_url(plan, "maal/ny/"))
        sjekk_404(response, rader, v)


@pytest.mark.parametrize("brukertype", ["sykehuskoordinator", "sykehuskollega"])
def test_samtykke_til_en_annen_organisasjon_gir_ikke_sykehuset_tilgang(client, v, plan, brukertype):
    del_med(v, organisasjoner=[v.kommune_b])
    del_med(v, personer=[v.ansatt("kollega")])
    response, rader = hent(client, v, v.brukere[brukertype], plan_url(plan))
    sjekk_404(response, rader, v)


def test_sykehuset_uten_samtykke_til_deling_faar_404(client, v, plan):
    """The plan-process consent alone shares nothing with the hospital."""
    for brukertype in ("sykehuskoordinator", "sykehuskollega"):
        response, rader = hent(client, v, v.brukere[brukertype], plan_url(plan))
        sjekk_404(response, rader, v)


def test_annen_kommune_faar_404_selv_om_samtykket_deler_med_den(client, v, plan):
    """Consent shares with those who work with the patient; it gives no one else a need."""
    del_med(v, organisasjoner=[v.sykehus, v.kommune_b])
    for url in (plan_url(plan), plan_url(plan, "maal/ny/"), plan_url(plan, "versjoner/1/")):
        response, rader = hent(client, v, v.brukere["annen_kommune"], url)
        sjekk_404(response, rader, v)


@pytest.mark.parametrize("rest", ["", "maal/ny/", "endre/", "versjoner/1/"])
def test_anonym_sendes_til_innlogging(client, v, plan, rest):
    url = plan_url(plan, rest)
    response, rader = hent(client, v, None, url)
    assert response.status_code == 302
    assert response["Location"] == f"/logg-inn/?next={url}"
    assert rader == []


# ---------------------------------------------------------------------------------------------
# Parts not shared must not leak through the shared ones
# ---------------------------------------------------------------------------------------------


def test_samtykke_til_bare_tiltak_viser_ikke_maalene(client, v, plan):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.TILTAK])
    bruker = v.brukere["sykehuskoordinator"]
    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    assert viste_seksjoner(html) == {PlanDel.TILTAK}
    assert TILTAK_3 in html
    skjema = client.get(plan_url(plan, "tiltak/ny/")).content.decode()
    for maal in (HOVEDMAAL, DELMAAL, HOVEDMAAL_2):
        assert maal not in html
        assert maal not in skjema


def test_samtykke_til_bare_evaluering_viser_ikke_maalene(client, v, plan):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.EVALUERING])
    bruker = v.brukere["sykehuskollega"]
    response, rader = hent(client, v, bruker, plan_url(plan))
    html = sjekk_200(response, rader, bruker, Tilgangsgrunnlag.SAMTYKKE)
    assert viste_seksjoner(html) == {PlanDel.EVALUERING}
    assert EVALUERING in html
    for maal in (HOVEDMAAL, HOVEDMAAL_2):
        assert maal not in html


# ---------------------------------------------------------------------------------------------
# The PDF print holds only the shared parts
# ---------------------------------------------------------------------------------------------


def test_pdf_for_leser_med_delvis_tilgang_har_bare_de_delte_delene(v, plan, tmp_path):
    """What the print task renders for a reader of goals and measures (the same filter and
    renderer as `pdf_plan_utskrift`, called directly: see the xfail below)."""
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL, PlanDel.TILTAK])
    tilgang = plantilgang(user=v.brukere["sykehuskoordinator"], plan=plan)
    assert tilgang.deler == {PlanDel.MAAL, PlanDel.TILTAK}
    sti = tmp_path / "plan.pdf"
    sti.write_bytes(render_plan_pdf(innhold=filtrert_innhold(plan_innhold(plan), tilgang.deler)))
    sjekk_bare_maal_og_tiltak(v, tekst_av(sti))


UTELATT = (
    "Utelatt etter samtykket: Deltakere og bidrag, Evaluering og revisjon, "
    "Samarbeid med andre tjenester og etater."
)


def sjekk_bare_maal_og_tiltak(v, tekst: str) -> None:
    """An extract: titled so, naming the parts left out (and only there), without the consent
    list and the signature block of the full plan."""
    for synlig in (v.pasient.navn, "Mål, ressurser og behov", HOVEDMAAL, DELMAAL, TILTAK_3):
        assert synlig in tekst, synlig
    assert tekst.count("Utdrag av individuell plan") >= 1
    assert UTELATT in tekst
    tekst = tekst.replace(UTELATT, "")
    for skjult in (
        "Samtykke gitt av",
        "underskrift",
        "Jeg har vært med på å lage planen",
        "Deltakere og bidrag",
        BIDRAG_PARORENDE,
        BIDRAG_EKSTERN,
        "Samarbeid med andre tjenester og etater",
        SAMARBEID,
        "Evaluering og revisjon",
        EVALUERING,
    ):
        assert skjult not in tekst, skjult


def test_utskrift_for_leser_med_delvis_tilgang_har_bare_de_delte_delene(
    client, v, plan, media, django_capture_on_commit_callbacks
):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL, PlanDel.TILTAK])
    bruker = v.brukere["sykehuskoordinator"]
    client.force_login(bruker)
    # The plan page says before printing that the print will be an extract.
    side = client.get(plan_url(plan)).content.decode()
    assert "Skriv ut utdrag av planen (PDF)" in side
    assert "Skriv ut gjeldende plan (PDF)" not in side

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(plan, "utskrifter/"))
    assert response.status_code == 302

    utskrift = PlanUtskrift.objects.get(plan=plan)
    assert utskrift.status == PlanUtskrift.Status.FERDIG
    assert utskrift.bestilt_av == bruker.ansatt
    assert sorted(utskrift.plandeler) == [PlanDel.MAAL, PlanDel.TILTAK]
    sjekk_bare_maal_og_tiltak(v, tekst_av(utskrift.fil.path))

    # Downloading it is logged on the consent basis, for the person who ordered it.
    foer = siste_logg_id()
    response = client.get(plan_url(plan, f"utskrifter/{utskrift.pk}/pdf/"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # consuming closes it
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.SAMTYKKE]


def test_utskrift_etter_trukket_samtykke_kan_ikke_lastes_ned(
    client, v, plan, media, django_capture_on_commit_callbacks
):
    deling = del_med(v, organisasjoner=[v.sykehus])
    client.force_login(v.brukere["sykehuskoordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(plan_url(plan, "utskrifter/"))
    utskrift = PlanUtskrift.objects.get(plan=plan)
    services.samtykke_trekk_tilbake(actor=v.brukere["kollega"], samtykke=deling, grunn="Angret")
    response = client.get(plan_url(plan, f"utskrifter/{utskrift.pk}/pdf/"))
    assert response.status_code == 404
    assert client.get(plan_url(plan, f"utskrifter/{utskrift.pk}/")).status_code == 404
