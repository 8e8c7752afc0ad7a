"""Staff record who may act for a patient in Min plan (Representasjon): the screen linked from
the patient page, its Norwegian validation, ending a mandate (history kept), the permission
(another organisation 404) and what a power of attorney covers (`dekker`)."""

import uuid

import pytest
from django.http import HttpRequest
from django.utils import timezone

from demo.oppsett import demo_pasienter_opprett
from koordinering.models import Pasient
from minplan.models import Omraade, Representasjon
from tests.oidc_leverandor import PID_UKJENT, PID_VERGE

pytestmark = pytest.mark.django_db

IDAG = timezone.localdate()


@pytest.fixture
def astrid(demo):
    demo_pasienter_opprett()
    return Pasient.objects.get(fornavn="Astrid")


def logg_inn(client, brukernavn: str) -> None:
    assert client.login(request=HttpRequest(), username=brukernavn, password="demo")


def data(**felter):
    return {
        "fodselsnummer": PID_VERGE,
        "navn": "Vera <b>Verge</b>",
        "art": "verge",
        "gyldig_fra": IDAG.isoformat(),
        "innsending_id": str(uuid.uuid4()),
        **felter,
    }


def test_koordinatoren_registrerer_en_verge_fra_pasientsiden(client, astrid):
    logg_inn(client, "koordinator.kommune")
    side = client.get(f"/pasienter/{astrid.pk}/?del=samtykker").content.decode()
    adresse = f"/pasienter/{astrid.pk}/representasjoner/"
    assert adresse in side
    skjema = client.post(adresse, data())
    assert skjema.status_code == 302
    rep = Representasjon.objects.get(pasient=astrid)
    assert (rep.art, rep.omfang, rep.registrert_av.bruker.username) == (
        "verge",
        [],
        "koordinator.kommune",
    )
    liste = client.get(adresse).content.decode()
    assert "Vera &lt;b&gt;Verge&lt;/b&gt;" in liste and "<b>Verge" not in liste


def test_dobbelt_innsending_gir_en_rad(client, astrid):
    logg_inn(client, "koordinator.kommune")
    felter = data()
    for _ in range(2):
        assert client.post(f"/pasienter/{astrid.pk}/representasjoner/", felter).status_code == 302
    assert Representasjon.objects.filter(pasient=astrid).count() == 1


def test_fullmakt_med_omraader_dekker_bare_dem(client, astrid):
    logg_inn(client, "koordinator.kommune")
    client.post(
        f"/pasienter/{astrid.pk}/representasjoner/",
        data(art="fullmakt", omfang=["plan", "moter"], merknad="Skriftlig fullmakt i arkivet"),
    )
    rep = Representasjon.objects.get(pasient=astrid)
    assert rep.omfang == ["plan", "moter"]
    assert rep.dekker(Omraade.PLAN) and rep.dekker(Omraade.MOTER)
    assert not rep.dekker(Omraade.INNSYN) and not rep.dekker(Omraade.SAMTYKKE)
    assert (
        "Lese planen, Møter og referater"
        in client.get(f"/pasienter/{astrid.pk}/representasjoner/").content.decode()
    )


def test_verge_og_foreldreansvar_dekker_alt(astrid):
    for art in ("verge", "foreldreansvar"):
        rep = Representasjon(pasient=astrid, art=art)
        assert all(rep.dekker(o) for o in Omraade.values)


@pytest.mark.parametrize(
    ("felter", "feltet", "melding"),
    [
        ({"fodselsnummer": "12345678901"}, "fodselsnummer", "fødselsnummer"),
        (
            {"gyldig_fra": "2026-05-01", "gyldig_til": "2026-04-01"},
            "gyldig_til",
            "Sluttdatoen kan ikke være før startdatoen.",
        ),
        ({"art": "fullmakt"}, "omfang", "Kryss av for hva fullmakten gjelder."),
        ({"omfang": ["alt"]}, "omfang", "Velg et gyldig valg"),
        ({"navn": ""}, "navn", "Feltet er påkrevet"),
    ],
)
def test_feil_vises_paa_feltet_paa_norsk(client, astrid, felter, feltet, melding):
    logg_inn(client, "koordinator.kommune")
    svar = client.post(f"/pasienter/{astrid.pk}/representasjoner/", data(**felter))
    assert svar.status_code == 200
    feil = " ".join(svar.context["form"].errors[feltet])
    assert melding.lower() in feil.lower(), feil
    assert not Representasjon.objects.exists()


def test_pasienten_kan_ikke_representere_seg_selv(client, astrid):
    logg_inn(client, "koordinator.kommune")
    svar = client.post(
        f"/pasienter/{astrid.pk}/representasjoner/", data(fodselsnummer=astrid.fodselsnummer)
    )
    assert "kan ikke representere seg selv" in " ".join(
        svar.context["form"].errors["fodselsnummer"]
    )
    assert not Representasjon.objects.exists()


def test_avslutte_mandat_setter_sluttdato_og_historikken_blir(client, astrid):
    rep = Representasjon.objects.create(
        pasient=astrid, fodselsnummer=PID_VERGE, navn="Vera Verge", art="verge",
        gyldig_fra=IDAG.replace(year=IDAG.year - 1),
    )  # fmt: skip
    logg_inn(client, "koordinator.kommune")
    assert client.get(f"/representasjoner/{rep.pk}/avslutt/").status_code == 200
    svar = client.post(f"/representasjoner/{rep.pk}/avslutt/", {"gyldig_til": IDAG.isoformat()})
    assert svar.status_code == 302
    rep.refresh_from_db()
    assert rep.gyldig_til == IDAG
    assert rep.history.count() == 2
    assert rep.history.first().history_user.username == "koordinator.kommune"
    for_tidlig = client.post(f"/representasjoner/{rep.pk}/avslutt/", {"gyldig_til": "2000-01-01"})
    assert "før startdatoen" in for_tidlig.content.decode()


def test_annen_organisasjon_faar_404(client, astrid):
    rep = Representasjon.objects.create(
        pasient=astrid, fodselsnummer=PID_UKJENT, navn="Per Fullmektig", art="verge"
    )
    logg_inn(client, "koordinator.kommune2")
    assert client.get(f"/pasienter/{astrid.pk}/representasjoner/").status_code == 404
    assert client.post(f"/pasienter/{astrid.pk}/representasjoner/", data()).status_code == 404
    assert client.get(f"/representasjoner/{rep.pk}/avslutt/").status_code == 404
    assert (
        client.post(
            f"/representasjoner/{rep.pk}/avslutt/", {"gyldig_til": "2026-01-01"}
        ).status_code
        == 404
    )
    assert Representasjon.objects.count() == 1 and rep.gyldig_til is None


def test_ke_ser_men_registrerer_ikke(client, astrid):
    logg_inn(client, "ke.kommune")
    side = client.get(f"/pasienter/{astrid.pk}/representasjoner/")
    assert side.status_code == 200 and side.context["form"] is None
    assert client.post(f"/pasienter/{astrid.pk}/representasjoner/", data()).status_code == 404


def test_anonym_faar_innloggingen(client, astrid):
    svar = client.get(f"/pasienter/{astrid.pk}/representasjoner/")
    assert svar.status_code == 302 and "/logg-inn/" in svar["Location"]
