"""Min plan in the browser at 360 px, through the local ID-porten provider: the patient's
pages, a mother choosing between two children, a guardian whose mandate has ended refused.
Every page gets axe (WCAG 2.1 AA); the screenshots go to /work/prompts/shots when it exists."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from ansvarsgruppe.models import Ansvarsgruppe, Mote
from individuellplan.innhold import plan_innhold
from individuellplan.models import PlanVersjon
from minplan.models import Representasjon
from tests.e2e.conftest import velg_hos_leverandor
from tests.factories import OppnevningFactory, PasientFactory
from tests.factories.individuellplan import MaalFactory, PlanFactory
from tests.oidc_leverandor import PID_MOR, PID_PASIENT, PID_VERGE
from tests.verden import fodselsnummer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SKJERMBILDER = Path("/work/prompts/shots")
MOBIL = {"width": 360, "height": 780}


def skjermbilde(besok, navn):
    if SKJERMBILDER.is_dir():
        besok.page.screenshot(path=SKJERMBILDER / f"minplan-{navn}.png", full_page=True)


@pytest.fixture
def kari(db):
    pasient = PasientFactory(fodselsnummer=PID_PASIENT, fornavn="Kari", etternavn="Nordmann")
    plan = PlanFactory(pasient=pasient, aktiv=True, ressurser="Jeg liker å gå tur med hunden.")
    MaalFactory(plan=plan, tekst="Jeg vil handle i butikken selv")
    PlanVersjon.objects.create(
        plan=plan, nummer=1, publisert_av=plan.opprettet_av, innhold=plan_innhold(plan)
    )
    plan.opprettet_av.bruker.email = "koordinator@fjordvik.kommune.no"
    plan.opprettet_av.bruker.save()
    OppnevningFactory(pasient=pasient, ansatt=plan.opprettet_av, enhet=plan.eier_enhet)
    gruppe = Ansvarsgruppe.objects.create(
        pasient=pasient,
        organisasjon=plan.eier,
        leder=plan.opprettet_av,
        opprettet_av=plan.opprettet_av,
    )
    start = timezone.now() + timedelta(days=7)
    Mote.objects.create(
        gruppe=gruppe,
        start=start,
        slutt=start + timedelta(hours=1),
        sted="Rådhuset, møterom 2",
        innkalt_av=plan.opprettet_av,
    )
    return pasient


def test_pasienten_pa_mobil(besok, helseid, kari):
    besok.page.set_viewport_size(MOBIL)
    besok.goto("/min/plan/")
    assert besok.page.url.startswith(besok.base + "/min/logg-inn/")
    besok.sjekk("innlogging")
    besok.page.get_by_role("link", name="Logg inn med ID-porten").click()
    velg_hos_leverandor(besok.page, "kari")
    assert besok.page.url == besok.base + "/min/plan/"
    besok.goto("/min/")
    page = besok.page
    assert "Du ser planen til Kari Nordmann" in page.get_by_test_id("hvem").inner_text()
    assert (
        "Jeg vil handle i butikken selv"
        in page.get_by_test_id("plansammendrag").locator("..").inner_text()
    )
    assert "Rådhuset" in page.get_by_test_id("moter").inner_text()
    besok.sjekk("start")
    skjermbilde(besok, "start-360")
    # Nothing wider than the screen: no sideways scrolling at 360 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBIL["width"]
    besok.goto("/min/plan/")
    besok.sjekk("plan")
    besok.goto("/min/innsyn/")
    innsyn = page.get_by_test_id("innsyn").inner_text()
    assert "Du selv, Pasienten selv (Min plan)" in innsyn  # her own reads, in her words
    assert "lest – Min plan: planen, versjon 1" in innsyn
    besok.sjekk("innsyn")
    skjermbilde(besok, "innsyn-360")
    assert besok.goto(f"/pasienter/{kari.pk}/").status == 404
    besok.goto("/min/")
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()
    assert "Du er logget ut" in page.content()


def test_mor_velger_mellom_to_barn(besok, helseid):
    besok.page.set_viewport_size(MOBIL)
    aar = timezone.localdate().year
    for navn, alder, individ in (("Emma", 8, 500), ("Jonas", 11, 520)):
        fnr = fodselsnummer(date(aar - alder, 1, 1), individ)
        barn = PasientFactory(fornavn=navn, etternavn="Lie", fodselsnummer=fnr)
        Representasjon.objects.create(
            pasient=barn, fodselsnummer=PID_MOR, navn="Mona Lie", art="foreldreansvar"
        )
    besok.goto("/min/logg-inn/idporten/")
    velg_hos_leverandor(besok.page, "mor")
    assert besok.page.url == besok.base + "/min/velg/"
    besok.sjekk("velg")
    skjermbilde(besok, "velg-360")
    besok.page.get_by_role("button", name="Jonas Lie – foreldreansvar").click()
    besok.page.wait_for_load_state()
    assert "Du handler for Jonas Lie" in besok.page.get_by_test_id("hvem").inner_text()
    besok.sjekk("jonas")


def test_verge_med_utlopt_mandat_avvises(besok, helseid, kari):
    besok.page.set_viewport_size(MOBIL)
    idag = timezone.localdate()
    Representasjon.objects.create(
        pasient=kari,
        fodselsnummer=PID_VERGE,
        navn="Vera Verge",
        art="verge",
        gyldig_fra=idag - timedelta(days=100),
        gyldig_til=idag - timedelta(days=1),
    )
    besok.goto("/min/logg-inn/idporten/")
    velg_hos_leverandor(besok.page, "verge")
    assert "gjelder ikke i dag" in besok.page.get_by_test_id("avvist").inner_text()
    besok.sjekk("avvist")
    skjermbilde(besok, "avvist-360")
