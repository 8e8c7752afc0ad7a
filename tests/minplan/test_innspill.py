"""Min plan: earlier versions of the plan (never the draft), and «Mine innspill» — the
citizen's own goals and comments, which they may change or withdraw until the koordinator has
dealt with them. What belongs to another patient, or to another writer, answers 404; every
read is in the access log."""

import uuid
from datetime import date

import pytest
from django.utils import timezone

from felles import okt
from felles.models import Tilgangslogg
from individuellplan import services
from individuellplan.innhold import plan_innhold
from individuellplan.models import Innspill, Maal, PlanVersjon, Tiltak
from minplan.models import Representasjon
from minplan.tilgang import INNBYGGER
from tests.factories import OppnevningFactory, PasientFactory
from tests.factories.individuellplan import MaalFactory, PlanFactory
from tests.oidc_leverandor import PID_MOR, PID_PASIENT
from tests.verden import fodselsnummer

pytestmark = pytest.mark.django_db

IDAG = timezone.localdate()
MAAL_1 = "Jeg vil gå tur til butikken selv"
UTKAST = "Dette står bare i utkastet"


def publiser(plan, nummer: int) -> PlanVersjon:
    return PlanVersjon.objects.create(
        plan=plan, nummer=nummer, publisert_av=plan.opprettet_av, innhold=plan_innhold(plan)
    )


@pytest.fixture
def kari():
    pasient = PasientFactory(fodselsnummer=PID_PASIENT, fornavn="Kari", etternavn="Nordmann")
    plan = PlanFactory(pasient=pasient, aktiv=True)
    MaalFactory(plan=plan, tekst=MAAL_1)
    Tiltak.objects.create(
        plan=plan,
        beskrivelse="Hjemmesykepleie om morgenen",
        omfang="Daglig",
        ansvarlig_tjeneste="Hjemmetjenesten",
        gjennomforing="Besøk",
        fra=IDAG,
    )
    publiser(plan, 1)
    MaalFactory(plan=plan, tekst="Sykle til skolen")
    publiser(plan, 2)
    MaalFactory(plan=plan, tekst=UTKAST)  # changed since: only in the draft
    OppnevningFactory(pasient=pasient, ansatt=plan.opprettet_av, enhet=plan.eier_enhet)
    return pasient


def som_innbygger(client, pid: str, navn: str, valgt=None) -> None:
    """A citizen session as the ID-porten login leaves it (tests/minplan/test_minplan.py goes
    through the provider itself)."""
    session = client.session
    session[INNBYGGER] = {"pid": pid, "navn": navn, "acr": "idporten-loa-high", "valgt": valgt}
    okt.start(session)
    session.save()


@pytest.fixture
def som_kari(client, kari):
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    return client


def tiltak_id(pasient) -> int:
    return Tiltak.objects.get(plan__pasient=pasient).pk


# --- versions ----------------------------------------------------------------------------------


def test_versjonslisten_viser_alle_publiserte_nyeste_forst(som_kari, kari):
    side = som_kari.get("/min/plan/versjoner/").content.decode()
    assert side.index("Versjon 2") < side.index("Versjon 1")
    assert "/min/plan/versjoner/1/" in side and "/min/plan/versjoner/1/pdf/" in side
    assert "Versjon 3" not in side


def test_en_eldre_versjon_leses_og_lastes_ned_men_aldri_utkastet(som_kari, kari):
    v1 = som_kari.get("/min/plan/versjoner/1/").content.decode()
    assert MAAL_1 in v1 and "Sykle til skolen" not in v1 and "eldre versjon" in v1
    assert UTKAST not in v1 and UTKAST not in som_kari.get("/min/plan/").content.decode()
    pdf = som_kari.get("/min/plan/versjoner/1/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "versjon-1.pdf" in pdf["Content-Disposition"]
    dokumenter = set(Tilgangslogg.objects.filter(pasient=kari).values_list("dokument", flat=True))
    assert "Min plan: planen, versjon 1" in dokumenter
    assert "Min plan: planen, versjon 1, som PDF" in dokumenter


def test_versjon_som_ikke_finnes_for_pasienten_gir_404(som_kari, kari):
    annen = PlanFactory(aktiv=True)
    for n in (1, 2, 3, 4):
        publiser(annen, n)
    assert som_kari.get("/min/plan/versjoner/3/").status_code == 404
    assert som_kari.get("/min/plan/versjoner/4/pdf/").status_code == 404


def test_anonym_paa_versjoner_gaar_til_innlogging(client, kari):
    svar = client.get("/min/plan/versjoner/1/")
    assert svar.status_code == 302 and svar["Location"].startswith("/min/logg-inn/")


# --- «Mine innspill» ---------------------------------------------------------------------------


def test_eget_maal_sendes_vises_escaped_og_logges(som_kari, kari):
    token = str(uuid.uuid4())
    data = {"tekst": "Jeg vil <script>x</script> bake", "innsending_id": token}
    assert som_kari.post("/min/innspill/", data).status_code == 302
    assert som_kari.post("/min/innspill/", data).status_code == 302  # double submit
    innspill = Innspill.objects.get()
    assert innspill.tekst == "Jeg vil <script>x</script> bake"  # kept as written
    assert (innspill.art, innspill.skrevet_av_navn) == (Innspill.Art.MAAL, "Kari Nordmann")
    assert innspill.skrevet_av_rolle == Innspill.Rolle.PASIENTEN
    assert innspill.representasjon_id is None and innspill.versjon.nummer == 2
    side = som_kari.get("/min/innspill/").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in side and "<script>x" not in side
    assert "Venter på koordinatoren" in side
    assert Tilgangslogg.objects.filter(pasient=kari, dokument="Min plan: mine innspill").exists()


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [("", "Skriv noe før du sender."), ("x" * 2001, "Teksten er for lang")],
)
def test_tom_eller_for_lang_tekst_gir_norsk_feil(som_kari, tekst, melding):
    svar = som_kari.post("/min/innspill/", {"tekst": tekst})
    assert svar.status_code == 400
    assert melding in svar.content.decode()
    assert not Innspill.objects.exists()


def test_kommentar_til_et_tiltak(som_kari, kari):
    url = f"/min/innspill/kommentar/tiltak/{tiltak_id(kari)}/"
    assert url in som_kari.get("/min/plan/").content.decode()
    side = som_kari.get(url)
    assert "Hjemmesykepleie om morgenen" in side.content.decode()
    assert som_kari.post(url, {"tekst": "Det er for tidlig for meg"}).status_code == 302
    innspill = Innspill.objects.get()
    assert innspill.gjelder == Innspill.Gjelder.TILTAK and innspill.tiltak_id == tiltak_id(kari)


def test_kommentar_til_noe_utenfor_den_publiserte_planen_gir_404(som_kari, kari):
    utkast = kari.planer.get().maal.get(tekst=UTKAST)
    assert som_kari.get(f"/min/innspill/kommentar/maal/{utkast.pk}/").status_code == 404
    assert som_kari.get(f"/min/innspill/kommentar/noe/{utkast.pk}/").status_code == 404


def test_endre_og_trekke_tilbake(som_kari, kari):
    som_kari.post("/min/innspill/", {"tekst": "Første utgave"})
    innspill = Innspill.objects.get()
    assert som_kari.get(f"/min/innspill/{innspill.pk}/endre/").status_code == 200
    assert som_kari.post(f"/min/innspill/{innspill.pk}/endre/", {"tekst": ""}).status_code == 400
    som_kari.post(f"/min/innspill/{innspill.pk}/endre/", {"tekst": "Andre utgave"})
    innspill.refresh_from_db()
    assert innspill.tekst == "Andre utgave"
    som_kari.post(f"/min/innspill/{innspill.pk}/trekk/")
    innspill.refresh_from_db()
    assert innspill.status == Innspill.Status.TRUKKET
    assert "Andre utgave" not in som_kari.get("/min/innspill/").content.decode()


def test_behandlet_innspill_kan_ikke_endres_og_grunnen_vises(som_kari, kari):
    som_kari.post("/min/innspill/", {"tekst": "Et mål"})
    innspill = Innspill.objects.get()
    koordinator = kari.planer.get().opprettet_av
    innspill.status = Innspill.Status.IKKE_TATT_INN
    innspill.begrunnelse = "Dette står allerede i planen"
    innspill.behandlet_av, innspill.behandlet = koordinator, timezone.now()
    innspill.save()
    side = som_kari.get("/min/innspill/").content.decode()
    assert "Dette står allerede i planen" in side and "Ikke tatt inn" in side
    assert f"/min/innspill/{innspill.pk}/endre/" not in side
    svar = som_kari.post(f"/min/innspill/{innspill.pk}/endre/", {"tekst": "Nytt"})
    assert svar.status_code == 302
    innspill.refresh_from_db()
    assert innspill.tekst == "Et mål"


def test_innbygger_for_en_annen_pasient_faar_404(client, kari):
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    client.post("/min/innspill/", {"tekst": "Karis mål"})
    karis = Innspill.objects.get()
    emma = PasientFactory(
        fornavn="Emma", fodselsnummer=fodselsnummer(date(IDAG.year - 9, 1, 1), 500)
    )
    Representasjon.objects.create(
        pasient=emma, fodselsnummer=PID_MOR, navn="Mona Mor", art=Representasjon.Art.FORELDREANSVAR
    )
    som_innbygger(client, PID_MOR, "Mona Mor", emma.pk)
    assert client.get(f"/min/innspill/{karis.pk}/endre/").status_code == 404
    assert client.post(f"/min/innspill/{karis.pk}/trekk/").status_code == 404
    assert "Karis mål" not in client.get("/min/innspill/").content.decode()
    karis.refresh_from_db()
    assert karis.status == Innspill.Status.NY


def test_forelder_skriver_som_forelder_og_ser_bare_egne(client, kari):
    emma = PasientFactory(
        fornavn="Emma", fodselsnummer=fodselsnummer(date(IDAG.year - 9, 1, 1), 500)
    )
    plan = PlanFactory(pasient=emma, aktiv=True)
    MaalFactory(plan=plan, tekst="Emma vil svømme")
    publiser(plan, 1)
    rep = Representasjon.objects.create(
        pasient=emma, fodselsnummer=PID_MOR, navn="Mona Mor", art=Representasjon.Art.FORELDREANSVAR
    )
    # Emma's other parent's contribution is not Mona's to change
    annen = Innspill.objects.create(
        plan=plan, art="maal", tekst="Fars mål", skrevet_av_navn="Per Far",
        skrevet_av_rolle="forelder", representasjon_id=rep.pk + 1000,
    )  # fmt: skip
    som_innbygger(client, PID_MOR, "Mona Mor", emma.pk)
    client.post("/min/innspill/", {"tekst": "Emma vil lære å sykle"})
    mitt = Innspill.objects.exclude(pk=annen.pk).get()
    assert (mitt.skrevet_av_rolle, mitt.representasjon_id) == (Innspill.Rolle.FORELDER, rep.pk)
    side = client.get("/min/innspill/").content.decode()
    assert "Emma vil lære å sykle" in side and "Fars mål" not in side
    assert client.get(f"/min/innspill/{annen.pk}/endre/").status_code == 404


def test_uten_publisert_plan_kan_man_ikke_sende(client):
    pasient = PasientFactory(fodselsnummer=PID_PASIENT)
    PlanFactory(pasient=pasient)
    som_innbygger(client, PID_PASIENT, "Kari", pasient.pk)
    assert "når planen er laget" in client.get("/min/innspill/").content.decode()
    assert client.post("/min/innspill/", {"tekst": "Noe"}).status_code == 404


def test_ny_versjon_viser_pasientens_ord(som_kari, kari):
    som_kari.post("/min/innspill/", {"tekst": "Jeg vil baké boller"})
    plan = kari.planer.get()
    koordinator = plan.opprettet_av
    innspill = Innspill.objects.get()
    maal = Maal.objects.create(plan=plan, tekst=innspill.tekst, egne_ord=True)
    innspill.status, innspill.nytt_maal = Innspill.Status.TATT_INN, maal
    innspill.behandlet_av, innspill.behandlet = koordinator, timezone.now()
    innspill.save()
    publiser(plan, 3)
    side = som_kari.get("/min/plan/").content.decode()
    assert "Jeg vil baké boller" in side and "Med egne ord" in side
    assert services.INNSPILL_MAKS == 2000
