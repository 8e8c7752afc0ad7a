"""Digital consent in Min plan and the relative a consent names (ADR 0024-digitalt-samtykke).

The world is the plan tests' (tests/individuellplan/verden.py): Åse, followed by Kommune A
(which owns the plan) and the hospital, with a koordinator at each. Åse gives and withdraws
consents at /min/samtykke/; the hospital koordinator's next request to the shared plan is 404
after a withdrawal; Pål, her husband, named in a consent with his fødselsnummer, logs in and
sees exactly the consented parts, and is refused once the consent is withdrawn."""

import uuid

import pytest

from felles import okt
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from individuellplan import services as plan_services
from koordinering import services
from koordinering.models import PlanDel, Samtykke
from minplan.tilgang import INNBYGGER
from tests.individuellplan.verden import (
    HOVEDMAAL,
    TILTAK_3,
    bygg_verden,
    del_med,
    fyll_plan,
    ny_plan,
)
from tests.oidc_leverandor import PID_MOR
from tests.poppler import tekst_av_pdf

pytestmark = pytest.mark.django_db

PID_PAAL = PID_MOR  # a valid fødselsnummer that no patient has


@pytest.fixture(autouse=True)
def _fast_dag(fast_dag):
    """The plan world's day, clock frozen."""


@pytest.fixture
def v(db):
    return bygg_verden()


@pytest.fixture
def plan(v):
    """Kommune A's plan, filled in, active and published as version 1."""
    plan = fyll_plan(v, ny_plan(v)).plan
    plan_services.plan_aktiver(actor=v.brukere["koordinator"], plan=plan)
    plan_services.plan_publiser(actor=v.brukere["koordinator"], plan=plan)
    return plan


def som_innbygger(client, pid: str, navn: str) -> None:
    """What the ID-porten login leaves in the session (tests/minplan/test_minplan.py logs in
    through the provider itself)."""
    okten = client.session
    okten[INNBYGGER] = {"pid": pid, "navn": navn, "acr": "idporten-loa-high", "valgt": None}
    okt.start(okten)
    okten.save()


def som_aase(client, v):
    som_innbygger(client, v.pasient.fodselsnummer, "Åse Ørnebæk")


def gi(client, **felter):
    data = {"innsending_id": str(uuid.uuid4()), **felter}
    return client.post("/min/samtykke/ny/", data)


def test_pasienten_ser_samtykkene_med_vanlige_ord(client, v):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL])
    som_aase(client, v)
    side = client.get("/min/samtykke/")
    html = side.content.decode()
    assert side.status_code == 200
    assert "At det lages en individuell plan" in html
    assert "At disse kan få opplysninger om deg:" in html and str(v.sykehus) in html
    assert "Mål, ressurser og behov" in html
    assert "skrevet ned av" in html and "til du trekker det tilbake" in html
    rad = Tilgangslogg.objects.filter(pasient=v.pasient).latest("id")
    assert (rad.dokument, rad.grunnlag) == ("Min plan: samtykker", Tilgangsgrunnlag.PASIENTEN)


def test_pasienten_gir_samtykke_digitalt_og_de_ansatte_ser_det_som_det(client, v, plan):
    som_aase(client, v)
    skjema = client.get("/min/samtykke/ny/").content.decode()
    assert str(v.sykehus) in skjema and "Pål Ørnebæk" in skjema
    token = str(uuid.uuid4())
    data = {
        "innsending_id": token,
        "organisasjoner": [v.sykehus.pk],
        "plandeler": [PlanDel.MAAL, PlanDel.TILTAK],
    }
    svar = client.post("/min/samtykke/ny/", data)
    assert svar.status_code == 302 and svar["Location"] == "/min/samtykke/"
    assert client.post("/min/samtykke/ny/", data).status_code == 302  # double submit
    sa = Samtykke.objects.get(form=Samtykke.Form.DIGITALT)
    assert sa.dokumentert_av is None
    assert (sa.gitt_av, sa.gitt_av_navn) == (Samtykke.GittAv.PASIENTEN, "Åse Ørnebæk")
    assert sa.pasient == v.pasient and list(sa.organisasjoner.all()) == [v.sykehus]
    assert sa.er_gyldig() and sa.plandeler == [PlanDel.MAAL, PlanDel.TILTAK]
    assert "Takk. Samtykket er lagret" in client.get("/min/samtykke/").content.decode()

    client.logout()
    client.force_login(v.brukere["koordinator"])
    html = client.get(f"/pasienter/{v.pasient.pk}/?del=samtykker").content.decode()
    tid = sa.dokumentert_tid.astimezone(__import__("zoneinfo").ZoneInfo("Europe/Oslo"))
    assert (
        f"Gitt digitalt av Åse Ørnebæk (pasienten selv) med ID-porten "
        f"{tid:%d.%m.%Y} kl. {tid:%H:%M}" in html
    )


def test_forelder_samtykker_som_forelder(client, v):
    from minplan.models import Representasjon

    Representasjon.objects.create(
        pasient=v.pasient, fodselsnummer=PID_PAAL, navn="Kari Nordmann", art="verge"
    )
    som_innbygger(client, PID_PAAL, "Kari Nordmann")
    assert gi(client, gjelder_planprosess="on").status_code == 302
    sa = Samtykke.objects.get(form=Samtykke.Form.DIGITALT)
    assert (sa.gitt_av, sa.gitt_av_navn, sa.gitt_av_kort) == ("verge", "Kari Nordmann", "verge")


@pytest.mark.parametrize(
    "felter, melding",
    [
        ({}, "Kryss av for planen, eller for hvem som kan få opplysninger om deg."),
        ({"plandeler": ["maal"]}, "Velg hvem som kan se delene av planen."),
        ({"gjelder_planprosess": "on", "plandeler": ["hemmelig"]}, "Velg et gyldig valg"),
        ({"gjelder_planprosess": "on", "gyldig_til": "2000-01-01"}, "før i dag"),
    ],
)
def test_ugyldig_samtykke_gir_feil_og_lagrer_ingenting(client, v, felter, melding):
    som_aase(client, v)
    svar = gi(client, **felter)
    assert svar.status_code == 200 and melding in svar.content.decode()
    assert not Samtykke.objects.filter(form=Samtykke.Form.DIGITALT).exists()


def test_kan_ikke_dele_med_en_organisasjon_utenfor_oppfolgingen(client, v):
    som_aase(client, v)
    svar = gi(client, organisasjoner=[v.kommune_b.pk], plandeler=["maal"])
    assert svar.status_code == 200
    assert not Samtykke.objects.filter(form=Samtykke.Form.DIGITALT).exists()


def test_trekk_tilbake_med_bekreftelse_og_sykehusets_neste_foresporsel_er_404(client, v, plan):
    deling = del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL])
    sykehus = client.__class__()
    sykehus.force_login(v.brukere["sykehuskoordinator"])
    assert sykehus.get(f"/planer/{plan.pk}/").status_code == 200

    som_aase(client, v)
    bekreft = client.get(f"/min/samtykke/{deling.pk}/trekk/")
    assert "Er du sikker?" in bekreft.content.decode()
    deling.refresh_from_db()
    assert deling.trukket_tid is None  # the confirmation page changes nothing
    svar = client.post(f"/min/samtykke/{deling.pk}/trekk/", {"grunn": ""})
    assert svar.status_code == 302
    deling.refresh_from_db()
    forste = deling.trukket_tid
    assert forste is not None and deling.trukket_av_navn == "Åse Ørnebæk"
    assert deling.trukket_av == Samtykke.GittAv.PASIENTEN and deling.trukket_grunn
    assert client.post(f"/min/samtykke/{deling.pk}/trekk/", {}).status_code == 302
    deling.refresh_from_db()
    assert deling.trukket_tid == forste  # a second submit changes nothing

    assert sykehus.get(f"/planer/{plan.pk}/").status_code == 404
    side = client.get("/min/samtykke/").content.decode()
    assert "Trukket tilbake digitalt av Åse Ørnebæk (pasienten selv) med ID-porten" in side


def test_annen_pasients_samtykke_er_404(client, v):
    from tests.factories import SamtykkeFactory

    fremmed = SamtykkeFactory()
    som_aase(client, v)
    assert client.get(f"/min/samtykke/{fremmed.pk}/trekk/").status_code == 404
    assert client.post(f"/min/samtykke/{fremmed.pk}/trekk/", {}).status_code == 404
    fremmed.refresh_from_db()
    assert fremmed.trukket_tid is None


def _paal_med_samtykke(v, plandeler=(PlanDel.MAAL,)):
    services.parorende_oppdater(
        actor=v.brukere["kollega"], parorende=v.parorende, fodselsnummer=PID_PAAL
    )
    return services.samtykke_registrer(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        parorende=[v.parorende],
        plandeler=list(plandeler),
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=v.plansamtykke.gyldig_fra,
    )


def test_parorende_ser_akkurat_delene_samtykket_gir(client, v, plan):
    _paal_med_samtykke(v)
    som_innbygger(client, PID_PAAL, "Pål Ørnebæk")
    assert client.get("/min/")["Location"] == "/min/plan/"
    side = client.get("/min/plan/").content.decode()
    assert "Utdrag av planen" in side and "Du er pårørende" in side
    assert HOVEDMAAL in side
    assert TILTAK_3 not in side and "Hva som skal gjøres" not in side
    pdf = tekst_av_pdf(client.get("/min/plan/pdf/").content)
    assert "Utdrag av individuell plan" in pdf and HOVEDMAAL in pdf and TILTAK_3 not in pdf
    for adresse in ("/min/innsyn/", "/min/samtykke/", "/min/samtykke/ny/"):
        assert client.get(adresse).status_code == 404, adresse
    assert 'href="/min/innsyn/"' not in side and 'href="/min/samtykke/"' not in side
    rad = Tilgangslogg.objects.filter(pasient=v.pasient).latest("id")
    assert rad.grunnlag == Tilgangsgrunnlag.PARORENDE
    assert (rad.brukernavn, rad.rolle) == ("Pål Ørnebæk", "Pårørende med samtykke (Min plan)")
    assert "utdrag av planen (mål, ressurser og behov)" in rad.dokument


def test_parorende_avvises_straks_samtykket_er_trukket(client, v, plan):
    deling = _paal_med_samtykke(v)
    som_innbygger(client, PID_PAAL, "Pål Ørnebæk")
    assert client.get("/min/plan/").status_code == 200
    services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=deling, grunn="Pasienten ringte"
    )
    svar = client.get("/min/plan/")
    assert svar.status_code == 403
    assert "Samtykket som ga deg tilgang, er trukket tilbake" in svar.content.decode()
    assert INNBYGGER not in client.session


def test_parorende_uten_delte_plandeler_avvises(client, v, plan):
    _paal_med_samtykke(v, plandeler=())
    som_innbygger(client, PID_PAAL, "Pål Ørnebæk")
    assert client.get("/min/plan/").status_code == 403
