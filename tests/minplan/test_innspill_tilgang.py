"""Who reaches the new /min/ pages (earlier versions, «Mine innspill») from outside: anonymous
gets the login page, a citizen with no relation to anyone the refusal Min plan uses (403), a
relative (pårørende login) reads only the parts their consent gives — in every version and
its PDF, logged as an extract — and can never write a contribution; a fullmakt that does not
name «innspill» gets 404. Nothing is ever written by a refused request."""

import pytest
from django.conf import settings

from felles import okt
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from individuellplan import services as plan_services
from individuellplan.models import Innspill
from koordinering import services
from koordinering.models import PlanDel, Samtykke
from minplan.models import Omraade, Representasjon
from minplan.tilgang import INNBYGGER
from tests.individuellplan.verden import (
    HOVEDMAAL,
    TILTAK_3,
    bygg_verden,
    fyll_plan,
    ny_plan,
)
from tests.oidc_leverandor import PID_MOR, PID_UKJENT, PID_VERGE
from tests.poppler import tekst_av_pdf

pytestmark = pytest.mark.django_db

PID_PAAL = PID_MOR  # a valid fødselsnummer that no patient has
NYTT_MAAL = "Lagt til i versjon 2"


@pytest.fixture(autouse=True)
def _fast_dag(fast_dag):
    """The plan world's day, clock frozen."""


@pytest.fixture
def v(db):
    return bygg_verden()


@pytest.fixture
def plan(v):
    """Kommune A's plan, filled in and published twice (version 2 has one goal more)."""
    k = v.brukere["koordinator"]
    plan = fyll_plan(v, ny_plan(v)).plan
    plan_services.plan_aktiver(actor=k, plan=plan)
    plan_services.plan_publiser(actor=k, plan=plan)
    plan_services.maal_lagre(actor=k, plan=plan, tekst=NYTT_MAAL)
    plan_services.plan_publiser(actor=k, plan=plan)
    return plan


def som_innbygger(client, pid: str, navn: str) -> None:
    okten = client.session
    okten[INNBYGGER] = {"pid": pid, "navn": navn, "acr": "idporten-loa-high", "valgt": None}
    okt.start(okten)
    okten.save()


def nye_adresser(plan) -> list[tuple[str, str]]:
    """(method, path) of every new /min/ URL, with real ids of the patient's plan."""
    maal = plan.maal.order_by("pk").first()
    tiltak = plan.tiltak.order_by("pk").first()
    innspill = Innspill.objects.create(
        plan=plan, art=Innspill.Art.MAAL, tekst="Pasientens eget",
        skrevet_av_navn="Åse Ørnebæk", skrevet_av_rolle=Innspill.Rolle.PASIENTEN,
    )  # fmt: skip
    return [
        ("get", "/min/plan/versjoner/"),
        ("get", "/min/plan/versjoner/1/"),
        ("get", "/min/plan/versjoner/1/pdf/"),
        ("get", "/min/innspill/"),
        ("post", "/min/innspill/"),
        ("get", f"/min/innspill/kommentar/maal/{maal.pk}/"),
        ("post", f"/min/innspill/kommentar/tiltak/{tiltak.pk}/"),
        ("get", f"/min/innspill/{innspill.pk}/endre/"),
        ("post", f"/min/innspill/{innspill.pk}/endre/"),
        ("post", f"/min/innspill/{innspill.pk}/trekk/"),
    ]


def _be(client, metode: str, adresse: str):
    if metode == "post":
        return client.post(adresse, {"tekst": "Et forsøk utenfra"})
    return client.get(adresse)


def _uendret():
    assert list(Innspill.objects.values_list("tekst", "status")) == [
        ("Pasientens eget", Innspill.Status.NY)
    ]


def test_anonym_faar_innloggingssiden(client, plan):
    for metode, adresse in nye_adresser(plan):
        svar = _be(client, metode, adresse)
        assert svar.status_code == 302, adresse
        assert svar["Location"].startswith("/min/logg-inn/"), adresse
    _uendret()


def test_innbygger_uten_tilknytning_avvises_som_ellers_i_min_plan(client, plan):
    for metode, adresse in nye_adresser(plan):
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)  # the refusal ended the last one
        som_innbygger(client, PID_UKJENT, "Ukjent Person")
        svar = _be(client, metode, adresse)
        assert svar.status_code == 403, adresse
        assert INNBYGGER not in client.session
    _uendret()


def test_fullmakt_uten_innspill_faar_404_paa_innspill(client, v, plan):
    Representasjon.objects.create(
        pasient=v.pasient, fodselsnummer=PID_VERGE, navn="Frida Fullmektig",
        art=Representasjon.Art.FULLMAKT, omfang=[Omraade.PLAN],
    )  # fmt: skip
    som_innbygger(client, PID_VERGE, "Frida Fullmektig")
    for metode, adresse in nye_adresser(plan):
        svar = _be(client, metode, adresse)
        forventet = 200 if adresse.startswith("/min/plan/") else 404
        assert svar.status_code == forventet, adresse
    side = client.get("/min/plan/").content.decode()
    assert "Kommenter" not in side and 'href="/min/innspill/"' not in side
    _uendret()


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


def test_parorende_ser_bare_sine_deler_ogsaa_i_eldre_versjoner(client, v, plan):
    _paal_med_samtykke(v)
    som_innbygger(client, PID_PAAL, "Pål Ørnebæk")
    liste = client.get("/min/plan/versjoner/").content.decode()
    assert "/min/plan/versjoner/1/" in liste
    side = client.get("/min/plan/versjoner/1/").content.decode()
    assert "Utdrag av planen" in side and "eldre versjon" in side
    assert HOVEDMAAL in side and NYTT_MAAL not in side
    assert TILTAK_3 not in side and "Hva som skal gjøres" not in side
    assert "Kommenter" not in side and 'href="/min/innspill/"' not in side
    assert "/min/plan/versjoner/1/pdf/" in side
    pdf = tekst_av_pdf(client.get("/min/plan/versjoner/1/pdf/").content)
    assert "Utdrag av individuell plan" in pdf and HOVEDMAAL in pdf and TILTAK_3 not in pdf
    rader = list(
        Tilgangslogg.objects.filter(pasient=v.pasient, grunnlag=Tilgangsgrunnlag.PARORENDE)
        .order_by("id")
        .values_list("dokument", flat=True)
    )
    assert "Min plan: utdrag av planen (mål, ressurser og behov), versjon 1" in rader
    assert "Min plan: utdrag av planen (mål, ressurser og behov), versjon 1, som PDF" in rader
    assert not any("Min plan: planen" in r for r in rader)


def test_parorende_logges_paa_bokmaal_ogsaa_naar_siden_er_nynorsk(client, v, plan):
    _paal_med_samtykke(v)
    som_innbygger(client, PID_PAAL, "Pål Ørnebæk")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    assert client.get("/min/plan/versjoner/1/").status_code == 200
    rad = Tilgangslogg.objects.filter(pasient=v.pasient).latest("id")
    assert rad.dokument == "Min plan: utdrag av planen (mål, ressurser og behov), versjon 1"


def test_parorende_kan_ikke_skrive_innspill(client, v, plan):
    _paal_med_samtykke(v, plandeler=PlanDel.values)
    som_innbygger(client, PID_PAAL, "Pål Ørnebæk")
    side = client.get("/min/plan/").content.decode()
    assert "Kommenter" not in side and "Mine innspill" not in side
    for metode, adresse in nye_adresser(plan):
        svar = _be(client, metode, adresse)
        forventet = 200 if adresse.startswith("/min/plan/") else 404
        assert svar.status_code == forventet, adresse
    _uendret()
