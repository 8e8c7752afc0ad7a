"""The start page as today's work (issue 13): every kind of due item appears for the person whose
work it is, not for others, and goes away when done; this week's and next week's meetings; the
patient rows with plan progress, a named next deadline and days waiting only for needs still
waiting; a plan shared by consent shown as shared; the profile page; and a query count that does
not grow with the caseload, for a koordinator, a leader and the KE.

World: tests/koordinering/verden_skjermbilder.py; the clock stands on Wednesday 11 March 2026."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from ansvarsgruppe.models import Oppgave
from felles.models import Tilgangslogg
from individuellplan import services as plan_services
from individuellplan.models import Innspill
from koordinering.models import Behovsmelding, Rolle
from meldinger.models import Melding
from meldinger.services import innbyggermelding_svar, innbyggertraad_start
from tests.factories import (
    AnsvarsgruppeFactory,
    BehovsmeldingFactory,
    GruppemedlemFactory,
    MaalFactory,
    MeldingFactory,
    MoteFactory,
    OppgaveFactory,
    PlanFactory,
    ReferatFactory,
    SamtykkeFactory,
    TilknytningFactory,
)
from tests.koordinering.verden_skjermbilder import (
    START_MAKS_SPORRINGER,
    Verden,
    bygg_verden,
    oppnevn_direkte,
    pasient_i,
    siste_logg_id,
    sporringer,
    tabellrader,
)
from tests.verden import IDAG, OSLO, ansatt_i, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def p(v):
    """Patient Petra in Hjemmetjenesten, coordinated by the koordinator of Tildelingskontoret."""
    pasient = pasient_i(v.hjemme, fornavn="Petra", etternavn="Planlegger")
    oppnevn_direkte(v, v.koordinator, pasient)
    return pasient


def frister(client, ansatt, type_: str | None = None) -> list[str]:
    """The rows of «Dette må du gjøre» the person sees, of one kind when `type_` is given."""
    client.force_login(ansatt.bruker)
    html = client.get("/").content.decode()
    tabell = re.search(r'data-testid="mine-frister".*?</table>', html, re.S)
    if not tabell:
        return []
    rader = re.findall(r'<tr data-type="(\w+)">(.*?)</tr>', tabell.group(0), re.S)
    return [rad for typ, rad in rader if type_ is None or typ == type_]


def pasientrad(client, ansatt, navn: str) -> str:
    client.force_login(ansatt.bruker)
    rader = tabellrader(client.get("/").content.decode(), "mine-pasienter")
    (rad,) = [r for r in rader if navn in r]
    return rad


def kolonne(rad: str, navn: str) -> str:
    return re.search(rf'<td[^>]*data-kolonne="{navn}">(.*?)</td>', rad, re.S).group(1)


# --- due items, one kind at a time ------------------------------------------------------------


def test_evaluering_som_forfaller_vises_for_koordinatoren_til_den_er_gjort(client, v, p):
    plan = PlanFactory(
        pasient=p, eier_enhet=v.hjemme, evaluering_forfalt=True, opprettet_av=v.kollega
    )
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega)
    (rad,) = frister(client, v.koordinator, "evaluering")
    assert "Evaluering av individuell plan" in rad and "Petra Planlegger" in rad
    assert "09.03.2026" in rad and "Forfalt for 2 dager siden" in rad
    assert reverse("individuellplan:evaluering-ny", args=[plan.pk]) in rad
    for annen in (v.kollega, v.leder, v.ke_ansatt, v.fremmed, v.sykehusleder):
        assert frister(client, annen, "evaluering") == [], annen

    plan_services.evaluering_registrer(
        actor=v.koordinator.bruker,
        plan=plan,
        dato=IDAG,
        samlet_vurdering="Godt i gang",
        neste_evaluering=IDAG + timedelta(days=90),
        vurderinger={},
    )
    assert frister(client, v.koordinator, "evaluering") == []


def test_nytt_innspill_fra_min_plan_vises_for_koordinatoren_til_det_er_behandlet(client, v, p):
    plan = PlanFactory(pasient=p, eier_enhet=v.hjemme, aktiv=True, opprettet_av=v.kollega)
    innspill = Innspill.objects.create(
        plan=plan, art=Innspill.Art.MAAL, tekst="Jeg vil <b>bake</b> selv",
        skrevet_av_navn="Petra Planlegger", skrevet_av_rolle=Innspill.Rolle.PASIENTEN,
    )  # fmt: skip
    (rad,) = frister(client, v.koordinator, "innspill")
    assert "Nytt mål fra pasienten" in rad and "Petra Planlegger" in rad
    assert "&lt;b&gt;bake&lt;/b&gt;" in rad and "25.03.2026" in rad  # two weeks to answer
    assert reverse("individuellplan:plan-detalj", args=[plan.pk]) + "#innspill" in rad
    for annen in (v.kollega, v.leder, v.ke_ansatt, v.fremmed, v.sykehusleder):
        assert frister(client, annen, "innspill") == [], annen
    innspill.status = Innspill.Status.TATT_INN
    innspill.save()
    assert frister(client, v.koordinator, "innspill") == []


def test_melding_fra_min_plan_vises_for_den_den_er_til_til_den_er_besvart(client, v, p):
    traad = innbyggertraad_start(
        actor=v.koordinator.bruker,
        pasient=p,
        ansatt=v.koordinator,
        innbygger_navn="Petra Planlegger",
        emne="Kan <b>møtet</b> flyttes?",
        tekst="Jeg er bortreist den uka.",
    )
    (rad,) = frister(client, v.koordinator, "innbygger")
    assert "Melding fra Min plan som venter på svar" in rad and "Petra Planlegger" in rad
    assert "Kan &lt;b&gt;møtet&lt;/b&gt; flyttes?" in rad
    assert traad.svarfrist.strftime("%d.%m.%Y") in rad  # three working days to answer
    assert reverse("meldinger:innbyggertraad-detalj", args=[traad.pk]) in rad
    for annen in (v.kollega, v.leder, v.ke_ansatt, v.fremmed, v.sykehusleder):
        assert frister(client, annen, "innbygger") == [], annen
    innbyggermelding_svar(actor=v.koordinator.bruker, traad=traad, tekst="Ja, vi finner en dag.")
    assert frister(client, v.koordinator, "innbygger") == []


def test_evaluering_langt_fram_er_ikke_dagens_arbeid(client, v, p):
    PlanFactory(
        pasient=p, eier_enhet=v.hjemme, aktiv=True, neste_evaluering=IDAG + timedelta(days=31)
    )
    assert frister(client, v.koordinator, "evaluering") == []
    rad = pasientrad(client, v.koordinator, "Petra Planlegger")
    assert "Neste evaluering 11.04.2026" in kolonne(rad, "plan")


def test_oppfolgingspunkt_vises_for_den_ansvarlige_og_forsvinner_naar_utfort(client, v, p):
    gruppe = AnsvarsgruppeFactory(pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator)
    meg = GruppemedlemFactory(gruppe=gruppe, ansatt=v.koordinator)
    kollega = GruppemedlemFactory(gruppe=gruppe, ansatt=v.kollega)
    mitt = OppgaveFactory(
        referat__mote__gruppe=gruppe, ansvarlig=meg, beskrivelse="Søke om BPA", forfalt=True
    )
    OppgaveFactory(referat=mitt.referat, ansvarlig=kollega, beskrivelse="Bestille hjelpemidler")

    (rad,) = frister(client, v.koordinator, "oppgave")
    assert "Søke om BPA" in rad and "Petra Planlegger" in rad and "08.03.2026" in rad
    assert "Forfalt for 3 dager siden" in rad
    assert reverse("ansvarsgruppe:mote-detalj", args=[mitt.referat.mote_id]) in rad
    assert "Bestille hjelpemidler" not in "".join(frister(client, v.koordinator))
    assert frister(client, v.fremmed, "oppgave") == []

    client.force_login(v.koordinator.bruker)
    client.post(reverse("ansvarsgruppe:oppgave-utfort", args=[mitt.pk]))
    assert Oppgave.objects.get(pk=mitt.pk).status == Oppgave.Status.UTFORT
    assert frister(client, v.koordinator, "oppgave") == []


def test_samtykke_som_utloper_vises_for_koordinatoren_til_nytt_er_innhentet(client, v, p):
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega, utloper_snart=True)
    (rad,) = frister(client, v.koordinator, "samtykke")
    assert "Samtykket utløper" in rad and "21.03.2026" in rad and "Om 10 dager" in rad
    assert reverse("koordinering:pasient-detalj", args=[p.pk]) in rad
    # Not the work of others, nor of someone appointed to another role.
    kontaktlege = ansatt_i(v.hjemme)
    oppnevn_direkte(v, kontaktlege, p, rolle=Rolle.KONTAKTPSYKOLOG)
    for annen in (kontaktlege, v.kollega, v.fremmed):
        assert frister(client, annen, "samtykke") == [], annen

    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega)  # a new consent for a year
    assert frister(client, v.koordinator, "samtykke") == []


def test_utlopt_samtykke_er_forfalt(client, v, p):
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega, utlopt=True)
    (rad,) = frister(client, v.koordinator, "samtykke")
    assert "Samtykket er utløpt" in rad and "10.03.2026" in rad and "Forfalt i går" in rad


def test_melding_som_venter_paa_svar_vises_for_mottakerenheten_til_den_er_besvart(client, v, p):
    melding = MeldingFactory(
        pasient=p, avsender_enhet=v.medisinsk, mottaker_enhet=v.tildeling, emne="Utskrivning"
    )
    (rad,) = frister(client, v.koordinator, "melding")
    assert "Utskrivning" in rad and "Medisinsk" in rad and "16.03.2026" in rad
    assert reverse("meldinger:melding-detalj", args=[melding.pk]) in rad
    for annen in (v.kollega, v.leder, v.fremmed):
        assert frister(client, annen, "melding") == [], annen

    melding.status = Melding.Status.BESVART
    melding.save()
    assert frister(client, v.koordinator, "melding") == []


def test_kontaktlegefrist_vises_for_lederen_som_skal_oppnevne(client, v):
    pasient = pasient_i(v.medisinsk, fornavn="Kåre", etternavn="Kontaktlegesen")
    behov = BehovsmeldingFactory(
        pasient=pasient,
        enhet=v.medisinsk,
        meldt_av=v.sykehusleder,
        kontaktlege=True,
        frist=IDAG + timedelta(days=1),
    )
    (rad,) = frister(client, v.sykehusleder, "behov")
    assert "Frist for å oppnevne kontaktlege" in rad and "Kåre Kontaktlegesen" in rad
    assert "12.03.2026" in rad and "I morgen" in rad
    assert reverse("koordinering:behov-detalj", args=[behov.pk]) in rad
    for annen in (v.leder, v.koordinator, v.ke_ansatt, v.fremmed):
        assert frister(client, annen, "behov") == [], annen

    behov.status = Behovsmelding.Status.AVSLATT
    behov.avslagsgrunn = Behovsmelding.Avslagsgrunn.ONSKER_IKKE
    behov.save()
    assert frister(client, v.sykehusleder, "behov") == []


def test_referat_aa_skrive_og_godkjenne_for_lederen_av_gruppen(client, v, p):
    gruppe = AnsvarsgruppeFactory(
        pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator, leder=v.koordinator
    )
    GruppemedlemFactory(gruppe=gruppe, ansatt=v.kollega)
    holdt = MoteFactory(gruppe=gruppe, start=middag(IDAG - timedelta(days=2)))
    MoteFactory(gruppe=gruppe)  # next week: no minutes due yet

    (rad,) = frister(client, v.koordinator, "referat")
    assert "Referat å skrive" in rad and "Petra Planlegger" in rad and "09.03.2026" in rad
    assert reverse("ansvarsgruppe:referat-skjema", args=[holdt.pk]) in rad
    assert frister(client, v.kollega, "referat") == []  # a member, not the one who writes
    assert frister(client, v.fremmed, "referat") == []

    referat = ReferatFactory(mote=holdt)
    (rad,) = frister(client, v.koordinator, "referat")
    assert "Referat å godkjenne" in rad

    referat.status = referat.Status.GODKJENT
    referat.save()
    assert frister(client, v.koordinator, "referat") == []


def test_frister_sorteres_med_det_forfalte_foerst(client, v, p):
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega, utloper_snart=True)
    gruppe = AnsvarsgruppeFactory(pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator)
    meg = GruppemedlemFactory(gruppe=gruppe, ansatt=v.koordinator)
    OppgaveFactory(referat__mote__gruppe=gruppe, ansvarlig=meg, forfalt=True)
    MeldingFactory(pasient=p, avsender_enhet=v.medisinsk, mottaker_enhet=v.tildeling)
    rader = frister(client, v.koordinator)
    datoer = [re.search(r"(\d\d)\.(\d\d)\.2026", r).group(0) for r in rader]
    assert datoer == sorted(datoer, key=lambda d: (d[3:5], d[0:2]))
    assert "Forfalt" in rader[0]


def test_en_annen_organisasjons_frister_vises_aldri(client, v, p):
    """Everything due in kommune A; nobody in kommune B or the hospital (no consent) sees it."""
    PlanFactory(pasient=p, eier_enhet=v.hjemme, evaluering_forfalt=True)
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega, utloper_snart=True)
    gruppe = AnsvarsgruppeFactory(
        pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator, leder=v.koordinator
    )
    fremmed_medlem = GruppemedlemFactory(gruppe=gruppe, ansatt=v.sykehusleder)
    OppgaveFactory(referat__mote__gruppe=gruppe, ansvarlig=fremmed_medlem, forfalt=True)
    MoteFactory(gruppe=gruppe, start=middag(IDAG + timedelta(days=1)))
    MeldingFactory(pasient=p, avsender_enhet=v.medisinsk, mottaker_enhet=v.hjemme)
    BehovsmeldingFactory(
        pasient=p, enhet=v.hjemme, meldt_av=v.kollega, kontaktlege=False, frist=IDAG
    )
    assert len(frister(client, v.koordinator)) + len(frister(client, v.leder)) >= 4
    for annen in (v.fremmed, v.sykehusleder):
        client.force_login(annen.bruker)
        html = client.get("/").content.decode()
        assert "Petra Planlegger" not in html, annen
        assert frister(client, annen) == [], annen


# --- meetings ---------------------------------------------------------------------------------


def moter(client, ansatt, testid: str) -> list[str]:
    client.force_login(ansatt.bruker)
    html = client.get("/").content.decode()
    if f'data-testid="{testid}-tom"' in html:
        return []
    return tabellrader(html, testid)


def test_mine_moter_denne_og_neste_uke(client, v, p):
    gruppe = AnsvarsgruppeFactory(pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator)
    GruppemedlemFactory(gruppe=gruppe, ansatt=v.kollega)
    fredag = MoteFactory(
        gruppe=gruppe, start=datetime(2026, 3, 13, 9, 0, tzinfo=OSLO), sted="Rådhuset"
    )
    MoteFactory(
        gruppe=gruppe,
        start=datetime(2026, 3, 18, 14, 0, tzinfo=OSLO),
        sted="",
        videolenke="https://video.example.no/rom",
    )
    MoteFactory(gruppe=gruppe, start=datetime(2026, 3, 25, 9, 0, tzinfo=OSLO))  # too far
    MoteFactory(gruppe=gruppe, start=datetime(2026, 3, 6, 9, 0, tzinfo=OSLO))  # last week

    (denne,) = moter(client, v.kollega, "moter-denne-uken")
    assert "Fredag 13. mars kl. 09.00" in denne and "Rådhuset" in denne and "Medlem" in denne
    assert reverse("ansvarsgruppe:mote-detalj", args=[fredag.pk]) in denne
    (neste,) = moter(client, v.kollega, "moter-neste-uke")
    assert "Onsdag 18. mars kl. 14.00" in neste and "Videomøte" in neste

    (leder,) = moter(client, v.koordinator, "moter-denne-uken")
    assert "Leder møtet" in leder
    assert moter(client, v.leder, "moter-denne-uken") == []  # not in the group
    assert moter(client, v.fremmed, "moter-neste-uke") == []


def test_mote_i_annen_organisasjon_bare_med_samtykke(client, v, p):
    gruppe = AnsvarsgruppeFactory(pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator)
    GruppemedlemFactory(gruppe=gruppe, ansatt=v.sykehusleder)
    TilknytningFactory(pasient=p, enhet=v.medisinsk, fra=IDAG - timedelta(days=5))
    MoteFactory(gruppe=gruppe, start=middag(IDAG + timedelta(days=1)))
    assert moter(client, v.sykehusleder, "moter-denne-uken") == []
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega, organisasjoner=[v.sykehus])
    (rad,) = moter(client, v.sykehusleder, "moter-denne-uken")
    assert "Petra Planlegger" in rad and "gruppe i Kommune A" in rad


# --- my patients ------------------------------------------------------------------------------


def test_pasientraden_viser_fremdrift_og_navngitt_neste_frist(client, v, p):
    plan = PlanFactory(
        pasient=p, eier_enhet=v.hjemme, aktiv=True, neste_evaluering=IDAG + timedelta(days=20)
    )
    MaalFactory(plan=plan, naadd=True)
    MaalFactory(plan=plan, paagaar=True)
    MaalFactory(plan=plan, avbrutt=True)  # given up: not counted
    SamtykkeFactory(pasient=p, dokumentert_av=v.kollega)
    rad = pasientrad(client, v.koordinator, "Petra Planlegger")
    assert "Aktiv plan" in kolonne(rad, "plan")
    assert "1 av 2 mål nådd" in kolonne(rad, "plan")
    assert "Neste evaluering 31.03.2026" in kolonne(rad, "plan")
    assert kolonne(rad, "neste-frist") == "Evaluering av planen<br>31.03.2026"

    gruppe = AnsvarsgruppeFactory(pasient=p, organisasjon=v.kommune, opprettet_av=v.koordinator)
    MoteFactory(gruppe=gruppe, start=middag(IDAG + timedelta(days=6)))
    rad = pasientrad(client, v.koordinator, "Petra Planlegger")
    assert kolonne(rad, "neste-frist") == "Ansvarsgruppemøte<br>17.03.2026"


def test_dager_siden_behov_bare_for_behov_som_venter(client, v):
    pasient = pasient_i(v.hjemme, fornavn="Vilde", etternavn="Venter")
    oppnevnt = BehovsmeldingFactory(
        pasient=pasient,
        enhet=v.hjemme,
        meldt_av=v.kollega,
        status=Behovsmelding.Status.OPPNEVNT,
        opprettet=middag(IDAG - timedelta(days=40)),
    )
    oppnevn_direkte(v, v.koordinator, pasient, behovsmelding=oppnevnt)
    rad = pasientrad(client, v.koordinator, "Vilde Venter")
    assert kolonne(rad, "ventende-behov") == "Ingen"  # appointed: nothing waits

    BehovsmeldingFactory(
        pasient=pasient,
        enhet=v.hjemme,
        meldt_av=v.kollega,
        behov="individuell_plan",
        opprettet=middag(IDAG - timedelta(days=4)),
    )
    rad = pasientrad(client, v.koordinator, "Vilde Venter")
    assert kolonne(rad, "ventende-behov") == "Individuell plan: meldt for 4 dager siden"


def test_sykehuskoordinator_ser_kommunens_plan_som_delt(client, v):
    pasient = pasient_i(v.hjemme, fornavn="Siri", etternavn="Samtykkesen")
    TilknytningFactory(pasient=pasient, enhet=v.medisinsk, fra=IDAG - timedelta(days=5))
    sykehuskoordinator = ansatt_i(v.medisinsk, helsepersonell=True)
    oppnevn_direkte(v, sykehuskoordinator, pasient, enhet=v.medisinsk, oppnevnt_av=v.sykehusleder)
    plan = PlanFactory(pasient=pasient, eier_enhet=v.hjemme, aktiv=True)
    rad = pasientrad(client, sykehuskoordinator, "Siri Samtykkesen")
    assert kolonne(rad, "plan") == "Ingen plan"  # not shared: not hers to see

    SamtykkeFactory(pasient=pasient, dokumentert_av=v.kollega, organisasjoner=[v.sykehus])
    rad = pasientrad(client, sykehuskoordinator, "Siri Samtykkesen")
    assert "Delt plan fra Kommune A" in kolonne(rad, "plan")
    assert reverse("individuellplan:plan-detalj", args=[plan.pk]) in kolonne(rad, "plan")
    assert "delt med deg ved samtykke" in kolonne(rad, "plan")


def test_startsiden_logger_pasientene_i_fristene_og_moetene(client, v):
    pasient = pasient_i(v.hjemme, fornavn="Lise", etternavn="Loggesen")
    gruppe = AnsvarsgruppeFactory(pasient=pasient, organisasjon=v.kommune, opprettet_av=v.leder)
    GruppemedlemFactory(gruppe=gruppe, ansatt=v.kollega)
    MoteFactory(gruppe=gruppe, start=middag(IDAG + timedelta(days=2)))
    foer = siste_logg_id()
    client.force_login(v.kollega.bruker)
    assert "Lise Loggesen" in client.get("/").content.decode()
    assert list(
        Tilgangslogg.objects.filter(pk__gt=foer).values_list("pasient_id", "bruker_id")
    ) == [(pasient.pk, v.kollega.bruker_id)]


# --- profile ----------------------------------------------------------------------------------


def test_min_profil_viser_organisasjon_enhet_og_opplaering(client, v):
    client.force_login(v.leder.bruker)
    start = client.get("/").content.decode()
    assert "Koordinatoropplæring" not in start and 'data-testid="enheter"' not in start
    assert f'href="{reverse("koordinering:profil")}"' in start  # in the menu
    html = client.get(reverse("koordinering:profil")).content.decode()
    assert "<h1" in html and "Min profil" in html
    assert "Kommune A" in html and "Hjemmetjenesten" in html and "leder" in html
    assert "Koordinatoropplæring" in html


def test_min_profil_krever_innlogging_og_ansattprofil(client, django_user_model):
    svar = client.get(reverse("koordinering:profil"))
    assert svar.status_code == 302 and svar["Location"].startswith(reverse("login"))
    admin = django_user_model.objects.create_superuser("admin", "a@example.no", "x")
    client.force_login(admin)
    assert client.get(reverse("koordinering:profil")).status_code == 404


# --- query count ------------------------------------------------------------------------------


def _gi_koordinator_arbeid(v, antall: int, start: int) -> None:
    for i in range(start, start + antall):
        pasient = pasient_i(v.hjemme, etternavn=f"Arbeidsen{i:03d}")
        oppnevn_direkte(v, v.koordinator, pasient)
        SamtykkeFactory(pasient=pasient, dokumentert_av=v.kollega, utloper_snart=True)
        plan = PlanFactory(pasient=pasient, eier_enhet=v.hjemme, evaluering_forfalt=True)
        MaalFactory(plan=plan, naadd=True)
        Innspill.objects.create(
            plan=plan, art=Innspill.Art.MAAL, tekst=f"Mitt eget mål {i}",
            skrevet_av_navn="Pasienten", skrevet_av_rolle=Innspill.Rolle.PASIENTEN,
        )  # fmt: skip
        gruppe = AnsvarsgruppeFactory(
            pasient=pasient, organisasjon=v.kommune, opprettet_av=v.koordinator
        )
        meg = GruppemedlemFactory(gruppe=gruppe, ansatt=v.koordinator)
        OppgaveFactory(referat__mote__gruppe=gruppe, ansvarlig=meg)
        MoteFactory(gruppe=gruppe, start=middag(IDAG + timedelta(days=1 + i % 10)))
        MeldingFactory(pasient=pasient, avsender_enhet=v.medisinsk, mottaker_enhet=v.tildeling)


def _gi_leder_arbeid(v, antall: int, start: int) -> None:
    for i in range(start, start + antall):
        pasient = pasient_i(v.medisinsk, etternavn=f"Ledersen{i:03d}")
        oppnevn_direkte(v, v.sykehusleder, pasient, enhet=v.medisinsk, rolle=Rolle.KONTAKTLEGE)
        BehovsmeldingFactory(
            pasient=pasient, enhet=v.medisinsk, meldt_av=v.sykehusleder, kontaktlege=True,
            frist=IDAG + timedelta(days=i % 5),
        )  # fmt: skip


def _gi_ke_arbeid(v, antall: int, start: int) -> None:
    for i in range(start, start + antall):
        pasient = pasient_i(v.hjemme, etternavn=f"Kesen{i:03d}")
        MeldingFactory(pasient=pasient, avsender_enhet=v.medisinsk, mottaker_enhet=v.ke)
        if i % 2:
            oppnevn_direkte(v, v.ke_ansatt, pasient)


@pytest.mark.parametrize(
    ("hvem", "gi_arbeid", "ekstra"),
    [
        ("koordinator", _gi_koordinator_arbeid, 0),
        ("sykehusleder", _gi_leder_arbeid, 2),  # the leader's queue: deadlines and its size
        ("ke_ansatt", _gi_ke_arbeid, 0),
    ],
)
def test_startsiden_har_like_mange_sporringer_med_5_og_50_pasienter(
    client, v, hvem, gi_arbeid, ekstra
):
    ansatt = getattr(v, hvem)
    gi_arbeid(v, 5, 0)
    client.force_login(ansatt.bruker)
    client.get("/")
    med_5, svar_5 = sporringer(client, "/")
    gi_arbeid(v, 45, 5)
    med_50, svar_50 = sporringer(client, "/")

    assert svar_5.content.decode().count("<tr data-type=") >= 5
    assert svar_50.content.decode().count("<tr data-type=") >= 10
    assert med_5 == med_50
    assert med_50 <= START_MAKS_SPORRINGER + ekstra
