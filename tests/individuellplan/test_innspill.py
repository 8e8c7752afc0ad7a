"""The citizen's contributions from Min plan (Innspill): written against a published version,
changed or withdrawn by their writer until the koordinator deals with them, taken into the plan
unchanged («Ta inn i utkastet») or not, with a reason. Only those who may edit the whole plan
do that; others get 404 (views) or PermissionDenied (services)."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from individuellplan import services
from individuellplan.innhold import plan_innhold
from individuellplan.models import Innspill, Maal
from individuellplan.selectors import innspill_til_behandling
from minplan.tilgangslogg import teknisk_bruker
from tests.individuellplan.verden import HOVEDMAAL, TILTAK_1, Verden

pytestmark = pytest.mark.django_db

EGET_MAAL = "Jeg vil <b>sykle</b> til Rema selv før sommeren"


def pasienten(**felter) -> services.Forfatter:
    return services.Forfatter(
        navn=felter.get("navn", "Åse Ørnebæk"),
        rolle=Innspill.Rolle.PASIENTEN,
        representasjon_id=felter.get("representasjon_id"),
        actor=teknisk_bruker(),
    )


@pytest.fixture
def versjon(v: Verden, innhold):
    return services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)


def eget_maal(versjon, **kw) -> Innspill:
    return services.innspill_skriv(
        forfatter=kw.pop("forfatter", pasienten()),
        versjon=versjon,
        art=Innspill.Art.MAAL,
        tekst=kw.pop("tekst", EGET_MAAL),
        **kw,
    )


def kommentar(versjon, gjelder, objekt_id, tekst="Morgenbesøket er for tidlig") -> Innspill:
    return services.innspill_skriv(
        forfatter=pasienten(),
        versjon=versjon,
        art=Innspill.Art.KOMMENTAR,
        tekst=tekst,
        gjelder=gjelder,
        objekt_id=objekt_id,
    )


# --- writing -----------------------------------------------------------------------------------


def test_eget_maal_lagres_som_skrevet_med_forfatter_og_status_ny(versjon):
    innspill = eget_maal(versjon, tekst=f"  {EGET_MAAL}  ")
    assert innspill.tekst == EGET_MAAL
    assert (innspill.status, innspill.skrevet_av_navn) == (Innspill.Status.NY, "Åse Ørnebæk")
    assert innspill.skrevet_av_rolle == Innspill.Rolle.PASIENTEN
    assert innspill.versjon == versjon
    assert innspill.history.count() == 1


def test_kommentar_til_tiltak_peker_paa_tiltaket_i_versjonen(versjon, innhold):
    tiltak = innhold.tiltak[0]
    innspill = kommentar(versjon, Innspill.Gjelder.TILTAK, tiltak.pk)
    assert innspill.tiltak == tiltak and innspill.gjelder_tekst == TILTAK_1


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [("", "Skriv noe før du sender."), ("   ", "Skriv noe"), ("x" * 2001, "for lang")],
)
def test_tom_eller_for_lang_tekst_gir_feil_paa_feltet(versjon, tekst, melding):
    with pytest.raises(ValidationError) as feil:
        eget_maal(versjon, tekst=tekst)
    assert melding in " ".join(feil.value.message_dict["tekst"])
    assert not Innspill.objects.exists()


def test_kommentar_til_noe_som_ikke_er_i_versjonen_avvises(versjon, v):
    annen = Maal.objects.create(plan=versjon.plan, tekst="Lagt til etter publisering")
    with pytest.raises(ValidationError, match="finnes ikke i planen"):
        kommentar(versjon, Innspill.Gjelder.MAAL, annen.pk)
    assert not Innspill.objects.exists()


def test_dobbel_innsending_gir_en_rad(versjon):
    token = uuid.uuid4()
    a = eget_maal(versjon, innsending_id=token)
    b = eget_maal(versjon, innsending_id=token)
    assert a.pk == b.pk and Innspill.objects.count() == 1


def test_en_annen_forfatter_kan_ikke_gjenbruke_tokenet(versjon):
    token = uuid.uuid4()
    eget_maal(versjon, innsending_id=token)
    with pytest.raises(ValidationError, match="kan ikke sendes igjen"):
        eget_maal(versjon, innsending_id=token, forfatter=pasienten(representasjon_id=7))


# --- changing and withdrawing ------------------------------------------------------------------


def test_forfatteren_endrer_og_trekker_til_det_er_behandlet(versjon, v):
    innspill = eget_maal(versjon)
    services.innspill_endre(forfatter=pasienten(), innspill=innspill, tekst="Sykle til skolen")
    innspill.refresh_from_db()
    assert innspill.tekst == "Sykle til skolen"
    services.innspill_trekk(forfatter=pasienten(), innspill=innspill)
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.TRUKKET
    assert innspill.history.count() == 3


def test_en_annen_kan_ikke_endre(versjon):
    innspill = eget_maal(versjon)
    with pytest.raises(PermissionDenied):
        services.innspill_endre(
            forfatter=pasienten(representasjon_id=3), innspill=innspill, tekst="Noe annet"
        )


def test_kan_ikke_endres_etter_at_koordinatoren_har_tatt_det_inn(versjon, v):
    innspill = eget_maal(versjon)
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    with pytest.raises(ValidationError, match="allerede behandlet"):
        services.innspill_endre(forfatter=pasienten(), innspill=innspill, tekst="Noe annet")
    with pytest.raises(ValidationError, match="allerede behandlet"):
        services.innspill_trekk(forfatter=pasienten(), innspill=innspill)


# --- the koordinator ---------------------------------------------------------------------------


def test_ta_inn_eget_maal_lager_et_maal_med_pasientens_ord_uendret(versjon, v):
    innspill = eget_maal(versjon)
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.TATT_INN
    assert innspill.behandlet_av == v.ansatt("koordinator") and innspill.behandlet
    maal = innspill.nytt_maal
    assert (maal.tekst, maal.egne_ord, maal.hovedmaal) == (EGET_MAAL, True, None)
    innhold = plan_innhold(versjon.plan)
    rad = next(m for m in innhold["maal"]["maal"] if m["id"] == maal.pk)
    assert rad["egne_ord"] is True
    # the goals the koordinator wrote have no such key, so older versions compare equal
    assert all("egne_ord" not in m for m in versjon.innhold["maal"]["maal"])


def test_dobbeltklikk_paa_ta_inn_lager_ett_maal(versjon, v):
    innspill = eget_maal(versjon)
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    assert Maal.objects.filter(egne_ord=True).count() == 1


def test_kommentar_tatt_inn_staar_ved_tiltaket_i_neste_versjon(versjon, v, innhold):
    innspill = kommentar(versjon, Innspill.Gjelder.TILTAK, innhold.tiltak[0].pk)
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    ny = services.plan_publiser(actor=v.brukere["koordinator"], plan=innhold.plan)
    assert ny.nummer == versjon.nummer + 1
    rad = next(t for t in ny.innhold["tiltak"] if t["id"] == innhold.tiltak[0].pk)
    assert rad["kommentarer"][0]["tekst"] == "Morgenbesøket er for tidlig"
    assert "pasienten selv" in rad["kommentarer"][0]["av"]


def test_ikke_ta_inn_krever_grunn_og_lagrer_den(versjon, v):
    innspill = eget_maal(versjon)
    with pytest.raises(ValidationError) as feil:
        services.innspill_avvis(actor=v.brukere["koordinator"], innspill=innspill, begrunnelse=" ")
    assert "begrunnelse" in feil.value.message_dict
    services.innspill_avvis(
        actor=v.brukere["koordinator"], innspill=innspill, begrunnelse="Står allerede i mål 1"
    )
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.IKKE_TATT_INN
    assert innspill.begrunnelse == "Står allerede i mål 1"
    assert not Maal.objects.filter(egne_ord=True).exists()


@pytest.mark.parametrize("hvem", ["sykehuskoordinator", "sykehuskollega", "annen_kommune", "ke"])
def test_bare_den_som_redigerer_planen_kan_ta_inn(versjon, v, hvem):
    innspill = eget_maal(versjon)
    with pytest.raises(PermissionDenied):
        services.innspill_ta_inn(actor=v.brukere[hvem], innspill=innspill)
    with pytest.raises(PermissionDenied):
        services.innspill_avvis(actor=v.brukere[hvem], innspill=innspill, begrunnelse="Nei")
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.NY


def test_startsidens_liste_er_koordinatorens(versjon, v):
    innspill = eget_maal(versjon)
    assert innspill_til_behandling(ansatt=v.ansatt("koordinator")) == [innspill]
    assert innspill_til_behandling(ansatt=v.ansatt("sykehuskoordinator")) == []
    assert innspill_til_behandling(ansatt=v.ansatt("annen_kommune")) == []
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    assert innspill_til_behandling(ansatt=v.ansatt("koordinator")) == []


# --- views -------------------------------------------------------------------------------------


def test_planen_viser_nye_innspill_og_ta_inn_virker(client, versjon, v):
    innspill = eget_maal(versjon)
    client.force_login(v.brukere["koordinator"])
    side = client.get(f"/planer/{versjon.plan_id}/").content.decode()
    assert "Jeg vil &lt;b&gt;sykle&lt;/b&gt;" in side and "<b>sykle</b>" not in side
    assert "Ta inn i utkastet" in side
    svar = client.post(f"/planer/{versjon.plan_id}/innspill/{innspill.pk}/ta-inn/")
    assert svar.status_code == 302
    side = client.get(f"/planer/{versjon.plan_id}/").content.decode()
    assert "Pasientens egne ord" in side


def test_ikke_ta_inn_siden_viser_feil_paa_feltet(client, versjon, v):
    innspill = eget_maal(versjon)
    client.force_login(v.brukere["koordinator"])
    url = f"/planer/{versjon.plan_id}/innspill/{innspill.pk}/ikke-ta-inn/"
    assert client.get(url).status_code == 200
    svar = client.post(url, {"begrunnelse": ""})
    assert svar.status_code == 400
    assert "Skriv kort hvorfor innspillet ikke tas inn." in svar.content.decode()
    assert client.post(url, {"begrunnelse": "Dekket av mål 1"}).status_code == 302
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.IKKE_TATT_INN


@pytest.mark.parametrize("hvem", ["sykehuskoordinator", "sykehuskollega", "annen_kommune"])
def test_andre_organisasjoner_faar_404(client, versjon, v, hvem):
    innspill = eget_maal(versjon)
    client.force_login(v.brukere[hvem])
    base = f"/planer/{versjon.plan_id}/innspill/{innspill.pk}"
    assert client.post(f"{base}/ta-inn/").status_code == 404
    assert client.get(f"{base}/ikke-ta-inn/").status_code == 404
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.NY


def test_innspill_paa_en_annen_plan_gir_404(client, versjon, v):
    innspill = eget_maal(versjon)
    client.force_login(v.brukere["koordinator"])
    assert (
        client.post(f"/planer/{versjon.plan_id + 999}/innspill/{innspill.pk}/ta-inn/").status_code
        == 404
    )


def test_anonym_faar_innloggingssiden(client, versjon):
    innspill = eget_maal(versjon)
    svar = client.post(f"/planer/{versjon.plan_id}/innspill/{innspill.pk}/ta-inn/")
    assert svar.status_code == 302 and "logg-inn" in svar["Location"]


def test_maalet_fra_pasienten_er_foerst_i_maal_etter_koordinatorens(versjon, v):
    innspill = eget_maal(versjon)
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    innspill.refresh_from_db()
    assert innspill.nytt_maal.tekst == EGET_MAAL
    assert HOVEDMAAL in [m.tekst for m in versjon.plan.maal.all()]


def test_en_fremmed_plans_innspill_gir_404_og_endrer_ingenting(client, versjon, v):
    from tests.factories.individuellplan import PlanFactory

    fremmed = Innspill.objects.create(
        plan=PlanFactory(aktiv=True), art=Innspill.Art.MAAL, tekst="Et annet menneskes mål",
        skrevet_av_navn="Noen Andre", skrevet_av_rolle=Innspill.Rolle.PASIENTEN,
    )  # fmt: skip
    client.force_login(v.brukere["koordinator"])
    base = f"/planer/{versjon.plan_id}/innspill/{fremmed.pk}"
    assert client.post(f"{base}/ta-inn/").status_code == 404
    assert client.get(f"{base}/ikke-ta-inn/").status_code == 404
    assert client.post(f"{base}/ikke-ta-inn/", {"begrunnelse": "Nei"}).status_code == 404
    fremmed.refresh_from_db()
    assert fremmed.status == Innspill.Status.NY and fremmed.nytt_maal is None
    assert not Maal.objects.filter(egne_ord=True).exists()


def test_trukket_innspill_gir_404_for_koordinatoren(client, versjon, v):
    innspill = eget_maal(versjon)
    services.innspill_trekk(forfatter=pasienten(), innspill=innspill)
    client.force_login(v.brukere["koordinator"])
    assert (
        client.post(f"/planer/{versjon.plan_id}/innspill/{innspill.pk}/ta-inn/").status_code == 404
    )
    assert not Maal.objects.filter(egne_ord=True).exists()


def test_anonym_paa_ikke_ta_inn_faar_innloggingssiden(client, versjon):
    innspill = eget_maal(versjon)
    svar = client.get(f"/planer/{versjon.plan_id}/innspill/{innspill.pk}/ikke-ta-inn/")
    assert svar.status_code == 302 and "logg-inn" in svar["Location"]


def test_html_i_teksten_tas_inn_som_skrevet(versjon, v):
    innspill = eget_maal(versjon, tekst="<script>alert(1)</script> & «sykle»")
    services.innspill_ta_inn(actor=v.brukere["koordinator"], innspill=innspill)
    innspill.refresh_from_db()
    assert innspill.nytt_maal.tekst == "<script>alert(1)</script> & «sykle»"
