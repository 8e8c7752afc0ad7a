"""Min plan: messages between the citizen and the staff who help them (receipts both ways), and
notifications without content by e-mail or SMS as the citizen chose (issue 16 points 3 and 4)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem
from ansvarsgruppe.services import mote_innkall
from felles import okt, sms
from felles.models import Jobb, Tilgangsgrunnlag, Tilgangslogg
from individuellplan.services import plan_publiser
from koordinering.models import Ansatt, Medlemskap
from meldinger.models import Innbyggermelding, Innbyggertraad
from minplan.models import Innbyggervarsel, Representasjon, Varselinnstilling
from minplan.tilgang import INNBYGGER
from tests.factories import AnsattFactory, OppnevningFactory, PasientFactory, TilknytningFactory
from tests.factories.individuellplan import MaalFactory, PlanFactory
from tests.oidc_leverandor import PID_MOR, PID_PASIENT, PID_VERGE

pytestmark = pytest.mark.django_db

LENKE = "http://127.0.0.1:8000/min/"
TEKST_MELDING = f"Du har en ny melding i Min plan. Logg inn for å se den: {LENKE}"
TEKST_MOTE = f"Du har et nytt møte i Min plan. Logg inn for å se den: {LENKE}"
TEKST_PLAN = f"Du har en ny versjon av planen i Min plan. Logg inn for å se den: {LENKE}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"


def ansatt(brukernavn: str) -> Ansatt:
    return Ansatt.objects.select_related("bruker").get(bruker__username=brukernavn)


@pytest.fixture
def kari(demo):
    """Kari, followed by koordinator.kommune (her koordinator) with a published plan."""
    pasient = PasientFactory(fodselsnummer=PID_PASIENT, fornavn="Kari", etternavn="Nordmann")
    k = ansatt("koordinator.kommune")
    enhet = Medlemskap.objects.filter(ansatt=k).first().enhet
    OppnevningFactory(pasient=pasient, ansatt=k, enhet=enhet)
    TilknytningFactory(pasient=pasient, enhet=enhet)  # the unit follows her: k may edit
    return pasient


def som_innbygger(client, pid: str, navn: str, valgt=None):
    """A citizen session, as the ID-porten callback leaves it (tests/minplan/test_minplan.py
    goes through the real login)."""
    session = client.session
    session[INNBYGGER] = {"pid": pid, "navn": navn, "acr": "idporten-loa-high", "valgt": valgt}
    okt.start(session)
    session.save()


def skriv(client, kari, **felter):
    side = client.get("/min/meldinger/ny/")
    token = re.search(r'name="innsending_id" value="([^"]+)"', side.content.decode())[1]
    data = {
        "til": ansatt("koordinator.kommune").pk,
        "emne": "Spørsmål om møtet",
        "tekst": "Kan vi flytte møtet til tirsdag?",
        "innsending_id": token,
    } | felter
    return client.post("/min/meldinger/ny/", data)


def sms_valg(pid=PID_PASIENT, mobil="+4791234567"):
    return Varselinnstilling.objects.create(
        fodselsnummer=pid, kanal=Varselinnstilling.Kanal.SMS, mobil=mobil
    )


def test_innbyggeren_skriver_koordinatoren_svarer_og_begge_ser_lest(
    client, kari, django_capture_on_commit_callbacks
):
    sms_valg()
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    svar = skriv(client, kari)
    traad = Innbyggertraad.objects.get()
    assert svar.status_code == 302 and svar["Location"] == f"/min/meldinger/{traad.pk}/"
    assert traad.ansatt == ansatt("koordinator.kommune") and traad.pasient == kari
    side = client.get(svar["Location"]).content.decode()
    assert "Kan vi flytte møtet til tirsdag?" in side and "Ikke lest ennå" in side

    # The koordinator sees it in the inbox, opens it (the receipt) and answers.
    stab = client.__class__()
    stab.force_login(get_user_model().objects.get(username="koordinator.kommune"))
    liste = stab.get("/meldinger/innbyggere/").content.decode()
    assert "Spørsmål om møtet" in liste and "Ulest" in liste
    detalj = stab.get(f"/meldinger/innbyggere/{traad.pk}/")
    assert "Kan vi flytte møtet til tirsdag?" in detalj.content.decode()
    fra_kari = Innbyggermelding.objects.get(fra_innbygger=True)
    assert fra_kari.lest and fra_kari.lest_av_navn == "Solveig Haugen"
    token = re.search(r'name="innsending_id" value="([^"]+)"', detalj.content.decode())[1]
    with django_capture_on_commit_callbacks(execute=True):
        besvart = stab.post(
            f"/meldinger/innbyggere/{traad.pk}/",
            {"tekst": "Ja, tirsdag kl. 10 passer.", "innsending_id": token},
        )
    assert besvart.status_code == 302
    # The notification: fixed text and the link, by the channel Kari chose.
    assert [(s.til, s.tekst) for s in sms.utboks] == [("+4791234567", TEKST_MELDING)]
    assert Innbyggervarsel.objects.get().sendt is not None

    # Kari sees «Lest av Solveig Haugen …» on her own message and reads the answer.
    liste = client.get("/min/meldinger/").content.decode()
    assert "Nytt svar" in liste
    side = client.get(f"/min/meldinger/{traad.pk}/").content.decode()
    lest = timezone.localtime(fra_kari.lest)
    assert f"Lest av Solveig Haugen {lest:%d.%m.} kl. {lest:%H:%M}" in side
    assert "Ja, tirsdag kl. 10 passer." in side
    fra_stab = Innbyggermelding.objects.get(fra_innbygger=False)
    assert fra_stab.lest and fra_stab.lest_av_navn == "Kari Nordmann"
    # …and the koordinator sees that Kari has read it.
    igjen = stab.get(f"/meldinger/innbyggere/{traad.pk}/").content.decode()
    assert "Lest av Kari Nordmann" in igjen
    # Every read in the access log, the citizen's as the patient herself.
    dokumenter = set(
        Tilgangslogg.objects.filter(pasient=kari, grunnlag=Tilgangsgrunnlag.PASIENTEN).values_list(
            "dokument", flat=True
        )
    )
    assert {"Min plan: meldinger", "Min plan: melding", "Min plan: ny melding"} <= dokumenter
    assert Tilgangslogg.objects.filter(
        pasient=kari, grunnlag=Tilgangsgrunnlag.MELDING, bruker__username="koordinator.kommune"
    ).exists()


def test_mottakere_er_koordinator_kontaktlege_og_ansvarsgruppen(client, kari):
    lege = AnsattFactory(lege=True, bruker__first_name="Lars", bruker__last_name="Lege")
    OppnevningFactory(pasient=kari, ansatt=lege, rolle="kontaktlege")
    gruppe = Ansvarsgruppe.objects.create(
        pasient=kari,
        organisasjon=ansatt("koordinator.kommune").organisasjon,
        leder=ansatt("koordinator.kommune"),
        opprettet_av=ansatt("koordinator.kommune"),
    )
    fysio = AnsattFactory(bruker__first_name="Frida", bruker__last_name="Fysio")
    Gruppemedlem.objects.create(gruppe=gruppe, type="ansatt", ansatt=fysio)
    tidligere = AnsattFactory(bruker__first_name="Tore", bruker__last_name="Tidligere")
    Gruppemedlem.objects.create(
        gruppe=gruppe,
        type="ansatt",
        ansatt=tidligere,
        fra=timezone.localdate() - timedelta(days=30),
        til=timezone.localdate() - timedelta(days=1),
    )
    fremmed = AnsattFactory(bruker__first_name="Frank", bruker__last_name="Fremmed")
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    side = client.get("/min/meldinger/ny/").content.decode()
    assert "Solveig Haugen (koordinator)" in side
    assert "Lars Lege (kontaktlege)" in side
    assert "Frida Fysio (i ansvarsgruppen)" in side
    assert "Tore Tidligere" not in side
    # Someone not among them cannot be chosen by editing the form.
    svar = skriv(client, kari, til=fremmed.pk)
    assert svar.status_code == 400 and not Innbyggertraad.objects.exists()
    assert skriv(client, kari, til=fysio.pk).status_code == 302
    assert Innbyggertraad.objects.get().ansatt == fysio


def test_feil_i_skjemaet_tom_tekst_og_html_escapes_og_dobbel_innsending(client, kari):
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    svar = skriv(client, kari, tekst="   ", emne="")
    assert svar.status_code == 400
    html = svar.content.decode()
    assert "Skriv en melding." in html and "Skriv hva meldingen gjelder." in html
    assert not Innbyggertraad.objects.exists() and not Innbyggermelding.objects.exists()

    side = client.get("/min/meldinger/ny/")
    token = re.search(r'name="innsending_id" value="([^"]+)"', side.content.decode())[1]
    data = {
        "til": ansatt("koordinator.kommune").pk,
        "emne": "<b>Hei</b>",
        "tekst": "<script>alert(1)</script>",
        "innsending_id": token,
    }
    forste, andre = client.post("/min/meldinger/ny/", data), client.post("/min/meldinger/ny/", data)
    assert forste["Location"] == andre["Location"]
    assert Innbyggertraad.objects.count() == 1 and Innbyggermelding.objects.count() == 1
    html = client.get(forste["Location"]).content.decode()
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "<b>Hei</b>" not in html


def test_en_annen_pasients_traad_er_404_for_innbygger_og_fremmede_ansatte(client, kari):
    annen = PasientFactory()
    fremmed_traad = Innbyggertraad.objects.create(
        pasient=annen, ansatt=ansatt("koordinator.kommune"), emne="Annen"
    )
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    assert client.get(f"/min/meldinger/{fremmed_traad.pk}/").status_code == 404
    assert client.post(f"/min/meldinger/{fremmed_traad.pk}/", {"tekst": "x"}).status_code == 404
    skriv(client, kari)
    egen = Innbyggertraad.objects.get(pasient=kari)
    # Staff: only the one written to; another organisation's koordinator gets 404.
    for brukernavn in ("koordinator.sykehus", "ke.kommune"):
        stab = client.__class__()
        stab.force_login(get_user_model().objects.get(username=brukernavn))
        assert stab.get(f"/meldinger/innbyggere/{egen.pk}/").status_code == 404
        assert stab.post(f"/meldinger/innbyggere/{egen.pk}/", {"tekst": "x"}).status_code == 404
        assert "Spørsmål om møtet" not in stab.get("/meldinger/innbyggere/").content.decode()
    assert not Innbyggermelding.objects.filter(fra_innbygger=False).exists()
    # Anonymous: the login page.
    anonym = client.__class__()
    assert anonym.get("/min/meldinger/")["Location"].startswith("/min/logg-inn/")
    assert "/logg-inn/" in anonym.get(f"/meldinger/innbyggere/{egen.pk}/")["Location"]


def test_listene_har_fast_antall_sporringer(client, kari, django_assert_max_num_queries):
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    stab = client.__class__()
    stab.force_login(get_user_model().objects.get(username="koordinator.kommune"))
    skriv(client, kari)
    client.get("/min/meldinger/")
    stab.get("/meldinger/innbyggere/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def antall(c, url):
        with CaptureQueriesContext(connection) as q:
            assert c.get(url).status_code == 200
        return len(q)

    en_innbygger, en_stab = (
        antall(client, "/min/meldinger/"),
        antall(stab, "/meldinger/innbyggere/"),
    )
    for i in range(5):
        skriv(client, kari, emne=f"Spørsmål {i}")
    assert antall(client, "/min/meldinger/") == en_innbygger
    assert antall(stab, "/meldinger/innbyggere/") == en_stab
    with django_assert_max_num_queries(25):
        client.get("/min/meldinger/")


# --- notifications -------------------------------------------------------------------------------


def test_varselvalg_valideres_og_lagres(client, kari):
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    assert client.get("/min/varsler/").status_code == 200
    for mobil, feil in [
        ("1234567", "8 siffer"),
        ("12345678", "begynner på 4 eller 9"),
        ("+46 912 34 567", "8 siffer"),
        ("", "Skriv mobilnummeret du vil få SMS på."),
    ]:
        svar = client.post("/min/varsler/", {"kanal": "sms", "mobil": mobil})
        assert svar.status_code == 400 and feil in svar.content.decode(), mobil
    svar = client.post("/min/varsler/", {"kanal": "epost", "epost": "ikke-en-adresse"})
    assert svar.status_code == 400 and "gyldig e-postadresse" in svar.content.decode()
    assert not Varselinnstilling.objects.exists()
    assert (
        client.post("/min/varsler/", {"kanal": "sms", "mobil": "+47 912 34 567"}).status_code == 302
    )
    assert Varselinnstilling.objects.get().mobil == "+4791234567"
    client.post("/min/varsler/", {"kanal": "sms", "mobil": "41234567"})
    assert Varselinnstilling.objects.get().mobil == "+4741234567"
    client.post(
        "/min/varsler/", {"kanal": "epost", "epost": "kari@example.no", "mobil": "41234567"}
    )
    innstilling = Varselinnstilling.objects.get()
    assert (innstilling.kanal, innstilling.epost, innstilling.mobil) == (
        "epost",
        "kari@example.no",
        "",
    )
    assert 'value="kari@example.no"' in client.get("/min/varsler/").content.decode()


def _svar_fra_stab(kari, tekst="Svar"):
    from meldinger.services import innbyggermelding_svar

    k = ansatt("koordinator.kommune")
    traad = Innbyggertraad.objects.create(pasient=kari, ansatt=k, emne="Emne")
    return innbyggermelding_svar(actor=k.bruker, traad=traad, tekst=tekst)


def test_epost_med_fast_tekst_og_ingenting_naar_varsler_er_av(
    kari, django_capture_on_commit_callbacks
):
    innstilling = Varselinnstilling.objects.create(
        fodselsnummer=PID_PASIENT, kanal="epost", epost="kari@example.no"
    )
    with django_capture_on_commit_callbacks(execute=True):
        _svar_fra_stab(kari, "Helseopplysning: diagnose X")
    assert [(e.to, e.subject, e.body) for e in mail.outbox] == [
        (["kari@example.no"], "Nytt i Min plan", TEKST_MELDING)
    ]
    assert Jobb.objects.filter(navn="minplan.tasks.innbyggervarsel_send").count() == 1
    mail.outbox.clear()
    innstilling.kanal = "av"
    innstilling.save()
    with django_capture_on_commit_callbacks(execute=True):
        _svar_fra_stab(kari)
    assert mail.outbox == [] and sms.utboks == []
    assert Innbyggervarsel.objects.count() == 1


def test_avslatt_etter_registrering_sendes_ikke(kari, django_capture_on_commit_callbacks):
    """Turned off between the event and the sending: the worker sends nothing."""
    innstilling = sms_valg()
    with django_capture_on_commit_callbacks(execute=False) as tilbake:
        _svar_fra_stab(kari)
    innstilling.kanal = "av"
    innstilling.save()
    for kall in tilbake:
        kall()
    assert sms.utboks == []
    assert Innbyggervarsel.objects.get().sendt is None


def test_mote_og_ny_planversjon_varsler_pasienten_og_verge_men_ikke_utlopt_mandat(
    kari, django_capture_on_commit_callbacks
):
    sms_valg()
    sms_valg(PID_VERGE, "+4799999999")
    sms_valg(PID_MOR, "+4798888888")
    Representasjon.objects.create(
        pasient=kari, fodselsnummer=PID_VERGE, navn="Vera Verge", art="verge"
    )
    Representasjon.objects.create(
        pasient=kari,
        fodselsnummer=PID_MOR,
        navn="Mona Mor",
        art="verge",
        gyldig_fra=timezone.localdate() - timedelta(days=100),
        gyldig_til=timezone.localdate() - timedelta(days=1),
    )
    k = ansatt("koordinator.kommune")
    gruppe = Ansvarsgruppe.objects.create(
        pasient=kari, organisasjon=k.organisasjon, leder=k, opprettet_av=k
    )
    start = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        mote_innkall(
            actor=k.bruker,
            gruppe=gruppe,
            start=start,
            slutt=start + timedelta(hours=1),
            sted="Rådhuset",
        )
    assert sorted((s.til, s.tekst) for s in sms.utboks) == [
        ("+4791234567", TEKST_MOTE),
        ("+4799999999", TEKST_MOTE),
    ]
    sms.utboks.clear()
    plan = PlanFactory(
        pasient=kari,
        aktiv=True,
        eier_enhet=Medlemskap.objects.filter(ansatt=k).first().enhet,
        opprettet_av=k,
    )
    MaalFactory(plan=plan, tekst="Gå tur")
    with django_capture_on_commit_callbacks(execute=True):
        plan_publiser(actor=k.bruker, plan=plan)
    assert sorted((s.til, s.tekst) for s in sms.utboks) == [
        ("+4791234567", TEKST_PLAN),
        ("+4799999999", TEKST_PLAN),
    ]
    for s in sms.utboks:
        assert "Kari" not in s.tekst and "Rådhuset" not in s.tekst


def test_varselet_sendes_en_gang_selv_om_jobben_kjores_to_ganger(kari):
    from minplan.varsler import innbyggervarsel_send

    innstilling = sms_valg()
    varsel = Innbyggervarsel.objects.create(innstilling=innstilling, hva="melding")
    assert innbyggervarsel_send(varsel_id=varsel.pk) is True
    assert innbyggervarsel_send(varsel_id=varsel.pk) is False
    assert len(sms.utboks) == 1


def test_filbackend_skriver_en_fil_per_sms(settings, tmp_path):
    settings.SMS_BACKEND = "felles.sms.FilBackend"
    settings.SMS_FIL_MAPPE = tmp_path / "sms"
    assert sms.send_sms("+4791234567", TEKST_MELDING) == 1
    (fil,) = (tmp_path / "sms").iterdir()
    assert fil.read_text(encoding="utf-8") == f"Til: +4791234567\n\n{TEKST_MELDING}\n"


def test_konsollbackend_skriver_til_standard_ut(settings, capsys):
    settings.SMS_BACKEND = "felles.sms.KonsollBackend"
    sms.send_sms("+4791234567", TEKST_PLAN)
    assert TEKST_PLAN in capsys.readouterr().out


def test_en_leverandor_maa_implementere_send():
    with pytest.raises(NotImplementedError):
        sms.SmsBackend().send([sms.Sms("+4791234567", "x")])


# --- who may not, bad input, no health information in notifications ------------------------------


def _traad_til_kari(kari, emne="Spørsmål om møtet"):
    from meldinger.services import innbyggertraad_start

    k = ansatt("koordinator.kommune")
    return innbyggertraad_start(
        actor=k.bruker,
        pasient=kari,
        ansatt=k,
        innbygger_navn="Kari Nordmann",
        emne=emne,
        tekst="Kan vi flytte møtet?",
    )


def test_paarorende_med_bare_planen_kan_ikke_lese_eller_skrive_meldinger(client, kari):
    from koordinering.models import Parorende
    from tests.factories import SamtykkeFactory

    traad = _traad_til_kari(kari)
    paal = Parorende.objects.create(
        pasient=kari, navn="Pål Ørnebæk", relasjon=Parorende.Relasjon.BARN, fodselsnummer=PID_MOR
    )
    SamtykkeFactory(pasient=kari, plandeler=["maal"]).parorende.add(paal)
    som_innbygger(client, PID_MOR, "Pål Ørnebæk")
    plan = client.get("/min/plan/")
    assert plan.status_code == 200 and "Du er pårørende" in plan.content.decode()
    assert 'href="/min/meldinger/' not in plan.content.decode()
    for adresse in ("/min/meldinger/", "/min/meldinger/ny/", f"/min/meldinger/{traad.pk}/"):
        assert client.get(adresse).status_code == 404, adresse
    assert client.get("/min/varsler/").status_code == 404
    data = {"til": ansatt("koordinator.kommune").pk, "emne": "Hei", "tekst": "Hei"}
    assert client.post("/min/meldinger/ny/", data).status_code == 404
    assert client.post(f"/min/meldinger/{traad.pk}/", {"tekst": "Hei"}).status_code == 404
    assert Innbyggermelding.objects.count() == 1
    assert not Innbyggermelding.objects.filter(lest__isnull=False).exists()


def test_fullmakt_uten_meldinger_gir_404_og_ingen_lenke(client, kari):
    traad = _traad_til_kari(kari)
    Representasjon.objects.create(
        pasient=kari,
        fodselsnummer=PID_VERGE,
        navn="Frida Fullmektig",
        art="fullmakt",
        omfang=["plan", "moter"],
    )
    som_innbygger(client, PID_VERGE, "Frida Fullmektig")
    start = client.get("/min/").content.decode()
    assert 'href="/min/meldinger/' not in start
    assert client.get(f"/min/meldinger/{traad.pk}/").status_code == 404
    assert client.get("/min/meldinger/ny/").status_code == 404
    # «Hvem hjelper meg» (covered by «moter») has no «Send melding» for her.
    assert "Send melding" not in client.get("/min/kontakter/").content.decode()


def test_for_lang_tekst_og_fremmed_mottaker_avvises_uten_halve_rader(client, kari):
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    svar = skriv(client, kari, tekst="x" * 4001)
    assert svar.status_code == 400 and "4000" in svar.content.decode()
    fremmed = AnsattFactory()  # no relationship to Kari
    svar = skriv(client, kari, til=fremmed.pk)
    assert svar.status_code == 400 and "Velg et gyldig valg" in svar.content.decode()
    svar = skriv(client, kari, til="ikke-et-tall")
    assert svar.status_code == 400
    assert not Innbyggertraad.objects.exists() and not Innbyggermelding.objects.exists()
    # An answer in her own thread: empty and too long are refused, nothing written.
    skriv(client, kari)
    traad = Innbyggertraad.objects.get()
    for tekst in ("  ", "x" * 4001):
        assert client.post(f"/min/meldinger/{traad.pk}/", {"tekst": tekst}).status_code == 400
    assert Innbyggermelding.objects.count() == 1


def test_ansattsvar_tomt_for_langt_og_dobbelt_gir_ingen_halve_rader_eller_varsler(
    client, kari, django_capture_on_commit_callbacks
):
    sms_valg()
    traad = _traad_til_kari(kari)
    stab = client.__class__()
    stab.force_login(get_user_model().objects.get(username="koordinator.kommune"))
    adresse = f"/meldinger/innbyggere/{traad.pk}/"
    for tekst in ("", "   ", "y" * 4001):
        with django_capture_on_commit_callbacks(execute=True):
            assert stab.post(adresse, {"tekst": tekst}).status_code == 400
    assert Innbyggermelding.objects.count() == 1 and not Innbyggervarsel.objects.exists()
    side = stab.get(adresse).content.decode()
    token = re.search(r'name="innsending_id" value="([^"]+)"', side)[1]
    data = {"tekst": "<img src=x onerror=alert(1)>", "innsending_id": token}
    with django_capture_on_commit_callbacks(execute=True):
        assert stab.post(adresse, data).status_code == 302
        assert stab.post(adresse, data).status_code == 302
    assert Innbyggermelding.objects.filter(fra_innbygger=False).count() == 1
    assert Innbyggervarsel.objects.count() == 1 and len(sms.utboks) == 1
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    html = client.get(f"/min/meldinger/{traad.pk}/").content.decode()
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


HELSE = "Diagnose: diabetes type 1, insulin 20 IE"


def test_varslene_har_ingen_meldingstekst_navn_eller_helseopplysning(
    kari, django_capture_on_commit_callbacks
):
    """E-mail and SMS, for a message, a meeting and a new plan version: only the fixed words and
    the link, whatever the message, the meeting or the plan says."""
    Varselinnstilling.objects.create(
        fodselsnummer=PID_PASIENT, kanal="epost", epost="kari@example.no"
    )
    sms_valg(PID_VERGE, "+4799999999")
    Representasjon.objects.create(
        pasient=kari, fodselsnummer=PID_VERGE, navn="Vera Verge", art="verge"
    )
    k = ansatt("koordinator.kommune")
    with django_capture_on_commit_callbacks(execute=True):
        _svar_fra_stab(kari, HELSE)
        gruppe = Ansvarsgruppe.objects.create(
            pasient=kari, organisasjon=k.organisasjon, leder=k, opprettet_av=k
        )
        start = timezone.now() + timedelta(days=3)
        mote_innkall(
            actor=k.bruker,
            gruppe=gruppe,
            start=start,
            slutt=start + timedelta(hours=1),
            sted=f"Psykiatrisk poliklinikk, {HELSE}",
            sakspunkter=[(HELSE, None)],
        )
        plan = PlanFactory(
            pasient=kari,
            aktiv=True,
            eier_enhet=Medlemskap.objects.filter(ansatt=k).first().enhet,
            opprettet_av=k,
        )
        MaalFactory(plan=plan, tekst=HELSE)
        plan_publiser(actor=k.bruker, plan=plan)
    til_kari = [e for e in mail.outbox if e.to == ["kari@example.no"]]
    assert [e.subject for e in til_kari] == ["Nytt i Min plan"] * 3
    assert sorted(e.body for e in til_kari) == sorted([TEKST_MELDING, TEKST_MOTE, TEKST_PLAN])
    assert sorted(s.tekst for s in sms.utboks) == sorted([TEKST_MELDING, TEKST_MOTE, TEKST_PLAN])
    tekster = [e.subject + "\n" + e.body for e in til_kari] + [s.tekst for s in sms.utboks]
    for t in tekster:
        for forbudt in ("Kari", "Nordmann", "Vera", "diabetes", "Diagnose", "insulin"):
            assert forbudt not in t, (forbudt, t)
        assert "Psykiatrisk" not in t and PID_PASIENT not in t and "Emne" not in t


def test_megleren_nede_svaret_lykkes_og_varselet_venter_i_utboksen(
    client, kari, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    from felles.jobber import jobber_sveip, oppgave

    sms_valg()
    traad = _traad_til_kari(kari)
    oppg = oppgave("minplan.tasks.innbyggervarsel_send")
    monkeypatch.setitem(oppg.app.conf, "task_always_eager", False)

    def nede(**_):
        raise OperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    monkeypatch.setattr(oppg, "apply_async", nede)
    stab = client.__class__()
    stab.force_login(get_user_model().objects.get(username="koordinator.kommune"))
    with django_capture_on_commit_callbacks(execute=True):
        svar = stab.post(f"/meldinger/innbyggere/{traad.pk}/", {"tekst": "Svar til deg"})
    assert svar.status_code == 302
    assert Innbyggermelding.objects.filter(fra_innbygger=False).count() == 1
    jobb = Jobb.objects.get(navn="minplan.tasks.innbyggervarsel_send")
    assert jobb.tilstand == Jobb.Tilstand.VENTER and sms.utboks == []
    # The broker back: the sweep sends it, and the citizen gets the fixed text.
    monkeypatch.setattr(oppg, "apply_async", lambda **kw: oppg.apply(args=kw["args"]))
    assert jobber_sveip()["sendt"] == 1
    assert [s.tekst for s in sms.utboks] == [TEKST_MELDING]


def test_varselet_er_paa_spraaket_innbyggeren_valgte_det_paa(
    client, kari, django_capture_on_commit_callbacks
):
    """Chosen while reading Min plan in nynorsk: the notification is written in nynorsk (the
    worker has no request, so the language is kept with the choice)."""
    som_innbygger(client, PID_PASIENT, "Kari Nordmann", kari.pk)
    client.post("/min/sprak/", {"language": "nn", "next": "/min/varsler/"})
    svar = client.post("/min/varsler/", {"kanal": "epost", "epost": "kari@example.no"})
    assert svar.status_code == 302
    assert Varselinnstilling.objects.get().sprak == "nn"
    with django_capture_on_commit_callbacks(execute=True):
        _svar_fra_stab(kari, "Svar om timen")
    [epost] = mail.outbox
    assert epost.body == f"Du har ei ny melding i Min plan. Logg inn for å sjå den: {LENKE}"
    assert "Svar om timen" not in epost.body


def test_fullmektig_for_moter_velger_varsel_og_faar_beskjed_om_motet(
    client, kari, django_capture_on_commit_callbacks
):
    """/min/varsler/ is for everyone who acts for the patient, not only those who may read the
    messages: a fullmakt for the meetings chooses SMS and is told of a new meeting, and not of
    a message (which the fullmakt does not cover)."""
    Representasjon.objects.create(
        pasient=kari,
        fodselsnummer=PID_VERGE,
        navn="Frida Fullmektig",
        art="fullmakt",
        omfang=["moter"],
    )
    som_innbygger(client, PID_VERGE, "Frida Fullmektig")
    assert 'href="/min/varsler/"' in client.get("/min/").content.decode()
    assert client.post("/min/varsler/", {"kanal": "sms", "mobil": "41234567"}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        _svar_fra_stab(kari)
    assert sms.utboks == []
    k = ansatt("koordinator.kommune")
    gruppe = Ansvarsgruppe.objects.create(
        pasient=kari, organisasjon=k.organisasjon, leder=k, opprettet_av=k
    )
    start = timezone.now() + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        mote_innkall(
            actor=k.bruker,
            gruppe=gruppe,
            start=start,
            slutt=start + timedelta(hours=1),
            sted="Rådhuset",
        )
    assert [(s.til, s.tekst) for s in sms.utboks] == [("+4741234567", TEKST_MOTE)]
