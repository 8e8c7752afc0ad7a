"""Min plan: citizen login through ID-porten against the local OIDC provider (the production
code path), matching by fødselsnummer, choosing whom to act for, refusals, the separate door,
and the access log with the citizen as the reader."""

from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.http import HttpRequest
from django.utils import timezone

from felles.models import Tilgangsgrunnlag, Tilgangslogg
from individuellplan.innhold import plan_innhold
from individuellplan.models import PlanVersjon
from minplan.forms import RepresentasjonForm
from minplan.models import Representasjon
from minplan.tilgang import INNBYGGER, Avvist, tilganger
from tests.factories import AnsattFactory, OppnevningFactory, PasientFactory
from tests.factories.individuellplan import MaalFactory, PlanFactory
from tests.oidc_leverandor import PID_MOR, PID_PASIENT, PID_UKJENT, PID_VERGE
from tests.verden import fodselsnummer

pytestmark = pytest.mark.django_db

IDAG = timezone.localdate()


def barn(fornavn: str, alder_aar: int, individ: int):
    fodt = date(IDAG.year - alder_aar, 1, 1)  # has had this year's birthday: alder_aar old
    return PasientFactory(fornavn=fornavn, fodselsnummer=fodselsnummer(fodt, individ))


def representasjon(pasient, pid, art=Representasjon.Art.FORELDREANSVAR, **felter):
    return Representasjon.objects.create(
        pasient=pasient, fodselsnummer=pid, navn="Mona Mor", art=art, **felter
    )


@pytest.fixture
def kari():
    pasient = PasientFactory(fodselsnummer=PID_PASIENT, fornavn="Kari", etternavn="Nordmann")
    plan = PlanFactory(pasient=pasient, aktiv=True)
    MaalFactory(plan=plan, tekst="Jeg vil gå tur til butikken selv")
    PlanVersjon.objects.create(
        plan=plan, nummer=1, publisert_av=plan.opprettet_av, innhold=plan_innhold(plan)
    )
    OppnevningFactory(pasient=pasient, ansatt=plan.opprettet_av, enhet=plan.eier_enhet)
    return pasient


def logg_inn(client, sub: str):
    """Start at /min/logg-inn/idporten/, pick `sub` at the provider, follow the callback."""
    start = client.get("/min/logg-inn/idporten/")
    assert start.status_code == 302
    svar = requests.post(start["Location"], data={"sub": sub}, allow_redirects=False, timeout=10)
    assert svar.status_code == 302, svar.text
    tilbake = urlsplit(svar.headers["Location"])
    assert tilbake.path == "/min/logg-inn/idporten/tilbake/"
    return client.get(f"{tilbake.path}?{tilbake.query}")


def test_foresporselen_ber_om_idporten_loa_high(client, helseid):
    parametre = parse_qs(urlsplit(client.get("/min/logg-inn/idporten/")["Location"]).query)
    assert parametre["acr_values"] == ["idporten-loa-high"]
    assert parametre["nonce"][0] and parametre["code_challenge_method"] == ["S256"]


def test_pasienten_logger_inn_og_ser_sin_plan(client, helseid, kari):
    svar = logg_inn(client, "kari")
    assert svar.status_code == 302 and svar["Location"] == "/min/"
    assert client.session[INNBYGGER]["valgt"] == kari.pk
    assert "_auth_user_id" not in client.session  # not a staff user
    side = client.get("/min/").content.decode()
    assert "Du ser planen til Kari Nordmann" in side
    assert "Jeg vil gå tur til butikken selv" in side
    assert "koordinator" in side
    plan = client.get("/min/plan/")
    assert "Jeg vil gå tur til butikken selv" in plan.content.decode()
    pdf = client.get("/min/plan/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    rader = Tilgangslogg.objects.filter(pasient=kari, grunnlag=Tilgangsgrunnlag.PASIENTEN)
    assert rader.count() == 3
    assert set(rader.values_list("brukernavn", flat=True)) == {"Kari Nordmann"}
    assert set(rader.values_list("rolle", flat=True)) == {"Pasienten selv (Min plan)"}
    innsyn = client.get("/min/innsyn/").content.decode()
    assert "Hvem har sett opplysningene" in innsyn and "Min plan: oversikt" in innsyn


def test_for_lavt_niva_avvises(client, helseid, kari):
    svar = logg_inn(client, "kari-lavt-niva")
    assert svar.status_code == 403
    assert "ikke høyt nok sikkerhetsnivå" in svar.content.decode()
    assert INNBYGGER not in client.session
    assert client.get("/min/")["Location"].startswith("/min/logg-inn/")


def test_ukjent_innbygger_avvises_pa_norsk(client, helseid, kari):
    svar = logg_inn(client, "ukjent-innbygger")
    assert svar.status_code == 403
    assert "Vi fant ingen plan for deg" in svar.content.decode()


def test_mor_til_to_barn_velger_og_ser_hvert_barn(client, helseid):
    emma, jonas = barn("Emma", 9, 500), barn("Jonas", 12, 520)
    representasjon(emma, PID_MOR)
    representasjon(jonas, PID_MOR)
    svar = logg_inn(client, "mor")
    assert svar["Location"] == "/min/velg/"
    assert client.get("/min/")["Location"] == "/min/velg/"  # chooses first
    velg = client.get("/min/velg/").content.decode()
    assert "Emma" in velg and "Jonas" in velg
    client.post("/min/velg/", {"pasient": jonas.pk})
    assert "Du handler for Jonas" in client.get("/min/").content.decode()
    client.post("/min/velg/", {"pasient": emma.pk})
    assert "Du handler for Emma" in client.get("/min/").content.decode()
    rad = Tilgangslogg.objects.filter(pasient=emma).latest("id")
    assert (rad.brukernavn, rad.grunnlag) == ("Mona Mor", Tilgangsgrunnlag.REPRESENTANT)
    assert rad.rolle == "Foreldreansvar for pasienten (Min plan)"


def test_annen_pasient_kan_ikke_velges(client, helseid, kari):
    emma = barn("Emma", 9, 500)
    fremmed = PasientFactory()
    representasjon(emma, PID_MOR)
    representasjon(barn("Jonas", 12, 520), PID_MOR)
    logg_inn(client, "mor")
    assert client.post("/min/velg/", {"pasient": fremmed.pk}).status_code == 404
    assert client.post("/min/velg/", {"pasient": kari.pk}).status_code == 404


def test_barn_som_har_fylt_16_avvises(client, helseid):
    representasjon(barn("Stor", 17, 500), PID_MOR)
    svar = logg_inn(client, "mor")
    assert svar.status_code == 403
    assert "har fylt 16 år" in svar.content.decode()


def test_grensen_er_dagen_barnet_fyller_16(settings):
    pasient = PasientFactory(fodselsnummer=fodselsnummer(date(2010, 5, 1), 520))
    representasjon(pasient, PID_MOR, gyldig_fra=date(2020, 1, 1))
    assert len(tilganger(pid=PID_MOR, idag=date(2026, 4, 30))) == 1
    with pytest.raises(Avvist, match="fylt16"):
        tilganger(pid=PID_MOR, idag=date(2026, 5, 1))
    settings.MINPLAN_FORELDREANSVAR_TIL_ALDER = 18
    assert len(tilganger(pid=PID_MOR, idag=date(2026, 5, 1))) == 1


def test_verge_med_utlopt_vergemal_avvises(client, helseid, kari):
    representasjon(
        kari,
        PID_VERGE,
        art=Representasjon.Art.VERGE,
        gyldig_fra=IDAG - timedelta(days=400),
        gyldig_til=IDAG - timedelta(days=1),
    )
    svar = logg_inn(client, "verge")
    assert svar.status_code == 403
    assert "Vergemålet eller fullmakten din gjelder ikke" in svar.content.decode()


def test_mandat_som_ender_i_okten_gjelder_straks(client, helseid, kari):
    rep = representasjon(kari, PID_VERGE, art=Representasjon.Art.VERGE)
    assert logg_inn(client, "verge").status_code == 302
    assert client.get("/min/").status_code == 200
    rep.gyldig_til = IDAG - timedelta(days=1)
    rep.gyldig_fra = IDAG - timedelta(days=10)
    rep.save()
    assert client.get("/min/").status_code == 403
    assert INNBYGGER not in client.session


def test_innbygger_far_404_pa_ansattsider(client, helseid, kari):
    logg_inn(client, "kari")
    for adresse in (f"/pasienter/{kari.pk}/", "/", "/logg-inn/", "/meldinger/"):
        assert client.get(adresse).status_code == 404, adresse
    assert client.get("/tilgjengelighet/").status_code == 200


def test_ansatt_far_404_i_min_plan(client):
    ansatt = AnsattFactory()
    ansatt.bruker.set_password("pw")
    ansatt.bruker.save()
    assert client.login(request=HttpRequest(), username=ansatt.bruker.username, password="pw")
    assert client.get("/min/").status_code == 404
    assert client.get("/min/plan/").status_code == 404


def test_anonym_pa_min_plan_gaar_til_innbyggerinnlogging(client):
    svar = client.get("/min/plan/")
    assert svar.status_code == 302
    assert svar["Location"] == "/min/logg-inn/?next=/min/plan/"
    side = client.get(svar["Location"])
    assert "Logg inn på Min plan" in side.content.decode()


def test_idporten_kan_ikke_brukes_til_ansattinnlogging(client, helseid):
    assert client.get("/logg-inn/idporten/").status_code == 404
    assert client.get("/min/logg-inn/helseid/").status_code == 404


@pytest.mark.parametrize(
    ("felter", "feltet", "melding"),
    [
        ({"fodselsnummer": "12345678901"}, "fodselsnummer", ""),
        (
            {"gyldig_fra": "2026-05-01", "gyldig_til": "2026-04-01"},
            "gyldig_til",
            "Sluttdatoen kan ikke være før startdatoen.",
        ),
        ({"art": "fullmakt", "omfang": []}, "omfang", "Kryss av for hva fullmakten gjelder."),
        ({"fodselsnummer": PID_PASIENT}, "fodselsnummer", "kan ikke representere seg selv"),
    ],
)
def test_skjemaet_avviser_feil_pa_norsk(kari, felter, feltet, melding):
    data = {
        "pasient": kari.pk,
        "fodselsnummer": PID_UKJENT,
        "navn": "Per Verge",
        "art": "verge",
        "gyldig_fra": "2026-01-01",
        **felter,
    }
    form = RepresentasjonForm(data)
    assert not form.is_valid()
    assert feltet in form.errors
    assert melding in " ".join(form.errors[feltet])
    assert not Representasjon.objects.exists()


def test_skjemaet_tar_en_gyldig_fullmakt(kari):
    form = RepresentasjonForm(
        {
            "pasient": kari.pk,
            "fodselsnummer": PID_UKJENT,
            "navn": "Per Fullmektig",
            "art": "fullmakt",
            "gyldig_fra": "2026-01-01",
            "gyldig_til": "2027-01-01",
            "omfang": ["plan"],
        }
    )
    assert form.is_valid(), form.errors
