"""«Hvem har sett opplysningene» in Min plan (pjl § 18): grouped by day and organisation, newest
first, paginated with a constant number of queries, the citizen's own reads shown as such;
from a row a question to the KE of that organisation, or a wish for a block (pjl § 17,
pbrl § 5-3), which the KE sees in the notification centre and on the patient's «Tilganger og
sperringer»."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from felles.models import Tilgangslogg
from koordinering.models import Innsynshenvendelse
from minplan.models import Representasjon
from tests.factories import (
    AnsattFactory,
    EnhetFactory,
    MedlemskapFactory,
    PasientFactory,
    TilknytningFactory,
)
from tests.minplan.test_minplan import kari, logg_inn  # noqa: F401
from tests.oidc_leverandor import PID_VERGE
from varsler.models import Hendelsestype, Varsel

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesing(kari):  # noqa: F811
    """A staff member in kari's koordinator's organisation read her page yesterday; the
    organisation has a KE."""
    oppnevning = kari.oppnevninger.get()
    org = oppnevning.organisasjon
    TilknytningFactory(pasient=kari, enhet=oppnevning.enhet)  # so the KE follows her
    ke = AnsattFactory(organisasjon=org, bruker__first_name="Kåre", bruker__last_name="KE")
    MedlemskapFactory(ansatt=ke, enhet=EnhetFactory(organisasjon=org, ke=True))
    leser = AnsattFactory(organisasjon=org, bruker__first_name="Lise", bruker__last_name="Leser")
    rad = Tilgangslogg.objects.create(
        tidspunkt=timezone.now() - timedelta(days=1),
        bruker=leser.bruker,
        brukernavn="Lise Leser",
        rolle="Sykepleier",
        enheter="Hjemmetjenesten",
        organisasjon=org,
        pasient=kari,
        dokument="Pasientside: Oversikt",
        grunnlag="enhet",
    )
    rad.ke = ke
    return rad


def test_gruppert_etter_dag_og_organisasjon_nyeste_forst(client, helseid, kari, lesing):  # noqa: F811
    logg_inn(client, "kari")
    client.get("/min/")
    side = client.get("/min/innsyn/").content.decode()
    assert side.index("I Min plan") < side.index(str(lesing.organisasjon))  # today before yesterday
    assert "<strong>Du selv</strong>, Pasienten selv (Min plan)" in side
    assert "Lise Leser" in side and "Hjemmetjenesten" in side
    assert side.count("Spør om denne lesingen") == 1  # not on her own reads
    assert f"/min/innsyn/{lesing.pk}/henvendelse/?art=sperring" in side


def test_sporsmaal_gaar_til_ke_med_status_og_lenke(client, helseid, kari, lesing):  # noqa: F811
    logg_inn(client, "kari")
    adresse = f"/min/innsyn/{lesing.pk}/henvendelse/"
    assert "Spør om en lesing" in client.get(adresse).content.decode()
    felter = {
        "tekst": "Hvorfor <script>x</script> leste du?",
        "innsending_id": "9d2b2b7e-1111-4b0a-9a51-1d1b9a0b0c01",
    }
    svar = client.post(adresse, felter)
    assert svar.status_code == 302 and svar["Location"] == f"/min/innsyn/#rad-{lesing.pk}"
    assert client.post(adresse, felter).status_code == 302  # double submit
    h = Innsynshenvendelse.objects.get()
    assert (h.art, h.organisasjon_id, h.fra_navn) == (
        "sporsmal",
        lesing.organisasjon_id,
        "Kari Nordmann",
    )
    varsel = Varsel.objects.get(hendelse__type=Hendelsestype.INNSYN_HENVENDT)
    assert varsel.mottaker == lesing.ke.bruker
    assert varsel.hendelse.lenke == f"/pasienter/{kari.pk}/tilgang/"
    side = client.get("/min/innsyn/").content.decode()
    dato = timezone.localdate().strftime("%-d.%-m.")
    assert f"Sendt til koordinerende enhet i {lesing.organisasjon} {dato}" in side
    assert h.tekst == "Hvorfor <script>x</script> leste du?"  # stored as written
    assert "<script>x" not in side
    # The KE follows the notification's link and finds the request, the text escaped.
    client.logout()  # the citizen's session ends; the KE logs in
    client.force_login(lesing.ke.bruker)
    ke_side = client.get(varsel.hendelse.lenke).content.decode()
    (liste,) = re.findall(r'data-testid="henvendelser">(.*?)</ul>', ke_side, re.S)
    assert "Spørsmål" in liste and "fra Kari Nordmann (Pasienten selv" in liste
    assert "Hvorfor &lt;script&gt;x&lt;/script&gt; leste du?" in liste
    assert "Lise Leser" in liste and "Pasientside: Oversikt" in liste


def test_en_annen_organisasjons_ke_ser_ikke_henvendelsen(client, helseid, kari, lesing):  # noqa: F811
    """The request went to the reading organisation's KE; the KE of another organisation that
    follows the patient too sees the patient's blocks page without it."""
    logg_inn(client, "kari")
    client.post(
        f"/min/innsyn/{lesing.pk}/henvendelse/",
        {"tekst": "Hvorfor?", "innsending_id": "9d2b2b7e-1111-4b0a-9a51-1d1b9a0b0c02"},
    )
    assert Innsynshenvendelse.objects.count() == 1
    annen_ke = AnsattFactory()
    MedlemskapFactory(
        ansatt=annen_ke, enhet=EnhetFactory(organisasjon=annen_ke.organisasjon, ke=True)
    )
    TilknytningFactory(pasient=kari, enhet=EnhetFactory(organisasjon=annen_ke.organisasjon))
    client.logout()
    client.force_login(annen_ke.bruker)
    svar = client.get(f"/pasienter/{kari.pk}/tilgang/")
    assert svar.status_code == 200
    assert 'data-testid="henvendelser"' not in svar.content.decode()
    assert "Ingen henvendelser." in svar.content.decode()


def test_sperring_krever_valg_og_tekst_er_begrenset(client, helseid, kari, lesing):  # noqa: F811
    logg_inn(client, "kari")
    adresse = f"/min/innsyn/{lesing.pk}/henvendelse/?art=sperring"
    svar = client.post(adresse, {"tekst": ""})
    assert "sperre" in svar.context["form"].errors
    svar = client.post(adresse, {"sperre": "person", "tekst": "x" * 1001})
    assert "tekst" in svar.context["form"].errors
    assert not Innsynshenvendelse.objects.exists()
    sporsmal = client.post(f"/min/innsyn/{lesing.pk}/henvendelse/", {"tekst": ""})
    assert "Skriv spørsmålet ditt." in sporsmal.content.decode()
    assert client.post(adresse, {"sperre": "enhet"}).status_code == 302
    assert Innsynshenvendelse.objects.get().sperre == "enhet"


def test_annen_pasients_rad_og_egen_lesing_gir_404(client, helseid, kari, lesing):  # noqa: F811
    annen = Tilgangslogg.objects.create(
        bruker=lesing.bruker, brukernavn="Lise Leser", rolle="Sykepleier",
        organisasjon=lesing.organisasjon, pasient=PasientFactory(), dokument="Pasientside",
    )  # fmt: skip
    logg_inn(client, "kari")
    client.get("/min/")
    egen = Tilgangslogg.objects.filter(pasient=kari, grunnlag="pasienten").first()
    for rad in (annen, egen):
        assert client.get(f"/min/innsyn/{rad.pk}/henvendelse/").status_code == 404
        assert client.post(f"/min/innsyn/{rad.pk}/henvendelse/", {"tekst": "x"}).status_code == 404
    assert client.get(f"/min/innsyn/{lesing.pk}/henvendelse/?art=alt").status_code == 404
    assert not Innsynshenvendelse.objects.exists()


def test_fullmakt_uten_innsyn_gir_404(client, helseid, kari, lesing):  # noqa: F811
    Representasjon.objects.create(
        pasient=kari, fodselsnummer=PID_VERGE, navn="Per Fullmektig", art="fullmakt",
        omfang=["plan"],
    )  # fmt: skip
    logg_inn(client, "verge")
    assert client.get("/min/plan/").status_code == 200
    assert client.get("/min/innsyn/").status_code == 404
    assert client.get(f"/min/innsyn/{lesing.pk}/henvendelse/").status_code == 404


def _sporringer(client) -> int:
    with CaptureQueriesContext(connection) as sporringer:
        assert client.get("/min/innsyn/").status_code == 200
    return len(sporringer)


def test_antall_sporringer_er_konstant_og_siden_er_paginert(client, helseid, kari, lesing):  # noqa: F811
    logg_inn(client, "kari")
    client.get("/min/")
    faa = _sporringer(client)
    for n in range(70):
        Tilgangslogg.objects.create(
            tidspunkt=timezone.now() - timedelta(days=n % 9, minutes=n),
            bruker=lesing.bruker, brukernavn=f"Leser {n}", rolle="Sykepleier",
            organisasjon=lesing.organisasjon, pasient=kari, dokument="Pasientside",
        )  # fmt: skip
    assert _sporringer(client) == faa
    assert "Side 1 av 2" in client.get("/min/innsyn/").content.decode()
    assert "Side 2 av 2" in client.get("/min/innsyn/?side=2").content.decode()
