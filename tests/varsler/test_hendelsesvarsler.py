"""Notifications for events (varsler/hendelsesvarsler.py), on the ansvarsgruppe world
(tests/ansvarsgruppe/verden.py: kommune A with its leader, koordinator, colleague and KE, kommune
B, the hospital; the patient Åse Ørnebæk). For every kind: who is told, who is not (the actor,
other units, other organisations), the link, when it is done, the e-mail choice, and that the
e-mail carries no health information."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from ansvarsgruppe import services as gruppetjenester
from ansvarsgruppe.models import Gruppemedlem, Oppgave
from felles import hendelser
from felles.models import Tilgangslogg
from koordinering import services as koordineringstjenester
from koordinering.meny import uleste_for_meny
from koordinering.models import Behov, Behovsmelding, Medlemskap
from koordinering.sperring import innsynshenvendelse_opprett
from meldinger import services as meldingstjenester
from meldinger.models import Meldingstype
from minplan.tilgangslogg import teknisk_bruker
from tests.ansvarsgruppe.verden import (
    EN_TIME,
    I_DAG_KL_10,
    VINTER,
    bygg_gruppe,
    bygg_verden,
    innkall,
    oppgave,
    skriv_referat,
)
from tests.verden import IDAG, en_gang_per_modul
from varsler import services
from varsler.models import Hendelse, Hendelsestype, Varsel, Varslingsvalg

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]
T = Hendelsestype


@pytest.fixture(scope="module")
def v(django_db_setup, django_db_blocker):
    yield from en_gang_per_modul(django_db_blocker, bygg_verden)


@pytest.fixture
def g(v):
    return bygg_gruppe(v)


def leder(enhet):
    return Medlemskap.objects.get(enhet=enhet, rolle=Medlemskap.Rolle.LEDER).ansatt.bruker


def varslede(type_: str, objekt_id: int) -> set[str]:
    """Usernames told about the object, as the short names of the world where there is one."""
    return set(
        Varsel.objects.filter(hendelse__type=type_, hendelse__objekt_id=objekt_id).values_list(
            "mottaker__username", flat=True
        )
    )


def navn(v, *korte) -> set[str]:
    return {v.brukere[k].username for k in korte}


def varsel(bruker, type_: str, objekt_id: int) -> Varsel:
    return Varsel.objects.select_related("hendelse").get(
        mottaker=bruker, hendelse__type=type_, hendelse__objekt_id=objekt_id
    )


def aapne(client, bruker, v_: Varsel) -> str:
    """Open the notification as its receiver: where it leads."""
    client.force_login(bruker)
    svar = client.get(reverse("varsler:varsel-aapne", args=[v_.pk]))
    assert svar.status_code == 302
    return svar.url


# --- who is told, the link, when it is done -----------------------------------------------------


def test_oppnevnt_far_varsel_som_blir_ferdig_naar_det_aapnes(v, client):
    oppnevning = v.kommune_oppnevning
    # The leader who appointed is not told; nobody else either.
    assert varslede(T.OPPNEVNT, oppnevning.pk) == navn(v, "koordinator")
    assert varslede(T.OPPNEVNT, v.sykehus_oppnevning.pk) == navn(v, "sykehuskoordinator")
    mitt = varsel(v.brukere["koordinator"], T.OPPNEVNT, oppnevning.pk)
    assert mitt.ferdig is None
    assert aapne(client, v.brukere["koordinator"], mitt) == f"/oppnevninger/{oppnevning.pk}/"
    mitt.refresh_from_db()
    assert mitt.lest is not None and mitt.ferdig is not None


def test_bytte_av_koordinator_varsler_den_nye(v):
    ny = koordineringstjenester.oppnevning_bytt(
        actor=leder(v.hjemme),
        oppnevning=v.kommune_oppnevning,
        ny_ansatt=v.ansatt("kollega"),
        mandat="Samordne tjenestene",
        startdato=IDAG,
        grunn="Permisjon",
        pasientens_onsker_hort=True,
    )
    assert varslede(T.OPPNEVNT, ny.pk) == navn(v, "kollega")


def test_behov_i_koen_til_lederne_og_ferdig_naar_det_er_besluttet(v, client):
    behov = koordineringstjenester.behovsmelding_opprett(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        enhet=v.hjemme,
        behov=Behov.INDIVIDUELL_PLAN,
        komplekse_behov=True,
        begrunnelse="Trenger plan",
    )
    sjef = leder(v.hjemme)
    # The unit's leaders only: not the reporter, not the hospital or kommune B.
    assert varslede(T.BEHOV_MELDT, behov.pk) == {sjef.username}
    mitt = varsel(sjef, T.BEHOV_MELDT, behov.pk)
    assert aapne(client, sjef, mitt) == f"/behov/{behov.pk}/"
    mitt.refresh_from_db()
    assert mitt.ferdig is None  # opening is not deciding
    koordineringstjenester.behovsmelding_avslaa(
        actor=sjef, behovsmelding=behov, grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE
    )
    mitt.refresh_from_db()
    assert mitt.ferdig is not None
    # The decision answers the reporter (not the leader who decided).
    assert varslede(T.BEHOV_BESLUTTET, behov.pk) == navn(v, "kollega")
    svar = varsel(v.brukere["kollega"], T.BEHOV_BESLUTTET, behov.pk)
    assert aapne(client, v.brukere["kollega"], svar) == f"/behov/{behov.pk}/"
    svar.refresh_from_db()
    assert svar.ferdig is not None


def test_oppnevning_besvarer_behovet_og_lukker_koen(v):
    behov = v.kommune_oppnevning.behovsmelding
    sjef = leder(v.hjemme)
    assert varsel(sjef, T.BEHOV_MELDT, behov.pk).ferdig is not None
    assert varslede(T.BEHOV_BESLUTTET, behov.pk) == navn(v, "kollega")
    # The hospital's leader reported and decided herself: nobody is told.
    sykehusbehov = v.sykehus_oppnevning.behovsmelding
    assert varslede(T.BEHOV_MELDT, sykehusbehov.pk) == set()
    assert varslede(T.BEHOV_BESLUTTET, sykehusbehov.pk) == set()


def test_oppfolgingspunkt_til_ansatt_og_ferdig_naar_det_er_utfort(g, client):
    v = g.v
    mote = innkall(g, I_DAG_KL_10)
    referat = skriv_referat(
        g,
        mote,
        nye_oppgaver=[
            oppgave(g.sykehus, "Send epikrise"),
            oppgave(g.koordinator, "Ring fastlegen"),
            oppgave(g.nav, "Avklar arbeid"),
        ],
    )
    oppgaver = {o.beskrivelse: o for o in referat.oppgaver.all()}
    assert varslede(T.OPPGAVE_TILDELT, oppgaver["Send epikrise"].pk) == navn(
        v, "sykehuskoordinator"
    )
    # The writer's own item and an external member's: nobody is told.
    assert varslede(T.OPPGAVE_TILDELT, oppgaver["Ring fastlegen"].pk) == set()
    assert varslede(T.OPPGAVE_TILDELT, oppgaver["Avklar arbeid"].pk) == set()
    bruker = v.brukere["sykehuskoordinator"]
    mitt = varsel(bruker, T.OPPGAVE_TILDELT, oppgaver["Send epikrise"].pk)
    assert aapne(client, bruker, mitt) == f"/moter/{mote.pk}/"
    mitt.refresh_from_db()
    assert mitt.ferdig is None
    gruppetjenester.oppgave_utfort(actor=bruker, oppgave=oppgaver["Send epikrise"])
    mitt.refresh_from_db()
    assert mitt.ferdig is not None
    assert Oppgave.objects.get(pk=oppgaver["Send epikrise"].pk).status == "utfort"


def test_melding_til_enheten_og_ferdig_naar_enheten_har_lest_den(
    v, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        melding = meldingstjenester.melding_send(
            actor=v.brukere["sykehuskoordinator"],
            pasient=v.pasient,
            type=Meldingstype.DIALOG,
            avsender_enhet=v.medisinsk,
            mottaker_enhet=v.hjemme,
            emne="Spørsmål om hjemmesykepleie",
            tekst="KOLS-forverring, trenger oksygen hjemme.",
        )
    # The receiving unit's staff, after delivery: not the sender's unit, the KE or kommune B.
    assert varslede(T.MELDING_MOTTATT, melding.pk) == {
        leder(v.hjemme).username,
        *navn(v, "koordinator", "kollega"),
    }
    kollega = v.brukere["kollega"]
    mitt = varsel(kollega, T.MELDING_MOTTATT, melding.pk)
    assert aapne(client, kollega, mitt) == f"/meldinger/{melding.pk}/"
    client.get(mitt.hendelse.lenke)  # reading the message is the unit's read receipt
    assert Varsel.objects.filter(hendelse=mitt.hendelse, ferdig__isnull=True).count() == 0


def test_innkalling_til_ansatte_i_gruppen_ferdig_naar_motet_er_over(g, client):
    v = g.v
    mote = innkall(g, VINTER)
    # Staff members only (Pål, Siri and NAV get the e-mailed notice): not the one who called.
    assert varslede(T.MOTE_INNKALT, mote.pk) == navn(v, "sykehuskoordinator")
    bruker = v.brukere["sykehuskoordinator"]
    assert uleste_for_meny(user=bruker)["varsler"] == 2  # and the appointment
    with time_machine.travel(VINTER + EN_TIME + timedelta(minutes=1), tick=False):
        # The meeting is over: done, out of the menu count and the centre's open list.
        assert uleste_for_meny(user=bruker)["varsler"] == 1
        client.force_login(bruker)
        assert "innkalt til et ansvarsgruppemøte" not in client.get("/varsler/").content.decode()
        ferdige = client.get("/varsler/?ferdige=1").content.decode()
        assert "innkalt til et ansvarsgruppemøte" in ferdige and "Ferdig" in ferdige


def test_innkalling_ferdig_naar_den_aapnes(g, client):
    mote = innkall(g, VINTER)
    bruker = g.v.brukere["sykehuskoordinator"]
    mitt = varsel(bruker, T.MOTE_INNKALT, mote.pk)
    assert aapne(client, bruker, mitt) == f"/moter/{mote.pk}/"
    mitt.refresh_from_db()
    assert mitt.ferdig is not None


def test_innkalling_ferdig_naar_motet_avlyses(g):
    mote = innkall(g, VINTER)
    bruker = g.v.brukere["sykehuskoordinator"]
    mitt = varsel(bruker, T.MOTE_INNKALT, mote.pk)
    assert uleste_for_meny(user=bruker)["varsler"] == 2
    gruppetjenester.mote_avlys(actor=g.actor, mote=mote, grunn="Koordinator er syk")
    mitt.refresh_from_db()
    assert mitt.ferdig is not None
    assert uleste_for_meny(user=bruker)["varsler"] == 1


def test_godkjent_referat_til_dem_som_var_der(g, client):
    v = g.v
    kollega = gruppetjenester.medlem_legg_til(
        actor=g.actor, gruppe=g.gruppe, type=Gruppemedlem.Type.ANSATT, ansatt=v.ansatt("kollega")
    )
    mote = innkall(g, I_DAG_KL_10)
    referat = skriv_referat(g, mote, til_stede=[g.koordinator, g.sykehus, g.paal])
    assert varslede(T.REFERAT_GODKJENT, referat.pk) == set()
    gruppetjenester.referat_godkjenn(actor=g.actor, referat=referat)
    # Present staff only: not the koordinator who approved, not the absent colleague.
    assert kollega not in referat.til_stede.all()
    assert varslede(T.REFERAT_GODKJENT, referat.pk) == navn(v, "sykehuskoordinator")
    bruker = v.brukere["sykehuskoordinator"]
    mitt = varsel(bruker, T.REFERAT_GODKJENT, referat.pk)
    assert aapne(client, bruker, mitt) == f"/moter/{mote.pk}/"
    mitt.refresh_from_db()
    assert mitt.ferdig is not None


def test_andre_organisasjoner_og_ke_faar_ingenting(g):
    innkall(g, VINTER)
    referat = skriv_referat(g, innkall(g, I_DAG_KL_10), nye_oppgaver=[oppgave(g.sykehus)])
    gruppetjenester.referat_godkjenn(actor=g.actor, referat=referat)
    for kort in ("annen_kommune", "ke", "sykehuskollega"):
        assert not Varsel.objects.filter(mottaker=g.v.brukere[kort]).exists(), kort


# --- the notification centre and the menu -------------------------------------------------------


def test_ferdige_vises_bare_med_filteret(v, client):
    kollega = v.brukere["kollega"]
    besvart = varsel(kollega, T.BEHOV_BESLUTTET, v.kommune_oppnevning.behovsmelding_id)
    services.varsel_les(actor=kollega, varsel=besvart)  # opened: done
    client.force_login(kollega)
    assert "Behovet du meldte er besluttet" not in client.get("/varsler/").content.decode()
    ferdige = client.get("/varsler/?ferdige=1").content.decode()
    assert "Behovet du meldte er besluttet" in ferdige and "Skjul ferdige" in ferdige
    assert "Åse Ørnebæk" in ferdige


@pytest.mark.parametrize("antall", [1, 8])
def test_varselsentret_og_menyen_fast_antall_sporringer(
    g, client, django_assert_num_queries, antall
):
    bruker = g.v.brukere["sykehuskoordinator"]
    for i in range(antall):
        innkall(g, VINTER + timedelta(days=i))
        skriv_referat(g, innkall(g, I_DAG_KL_10), nye_oppgaver=[oppgave(g.sykehus)])
    client.force_login(bruker)
    client.get("/varsler/")
    # session, user, savepoint, work role (2, which also gives the units for access), page
    # count, page, visible patients, access log, menu counts, blocks (sperring), release
    # savepoint
    with django_assert_num_queries(12):
        innhold = client.get("/varsler/").content.decode()
    assert innhold.count("Åse Ørnebæk") == 1 + 2 * antall  # and the appointment
    with django_assert_num_queries(1):
        assert uleste_for_meny(user=bruker)["varsler"] == 1 + 2 * antall


# --- e-mail ------------------------------------------------------------------------------------


def test_epost_etter_valg_standard_av_for_de_fleste(v):
    # On without a choice: being appointed and a need in the queue; off: the others.
    assert varsel(v.brukere["koordinator"], T.OPPNEVNT, v.kommune_oppnevning.pk).epost == "venter"
    assert (
        varsel(v.brukere["kollega"], T.BEHOV_BESLUTTET, v.kommune_oppnevning.behovsmelding_id).epost
        == "ikke_onsket"
    )
    services.varslingsvalg_lagre(actor=v.brukere["kollega"], epost_for={T.BEHOV_BESLUTTET})
    sjef = leder(v.hjemme)
    services.varslingsvalg_lagre(actor=sjef, epost_for=set())
    behov = koordineringstjenester.behovsmelding_opprett(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        enhet=v.hjemme,
        behov=Behov.INDIVIDUELL_PLAN,
        komplekse_behov=True,
        begrunnelse="Trenger plan",
    )
    assert varsel(sjef, T.BEHOV_MELDT, behov.pk).epost == "ikke_onsket"
    koordineringstjenester.behovsmelding_avslaa(
        actor=sjef, behovsmelding=behov, grunn=Behovsmelding.Avslagsgrunn.ONSKER_IKKE
    )
    assert varsel(v.brukere["kollega"], T.BEHOV_BESLUTTET, behov.pk).epost == "venter"


def test_innstillingene_viser_de_nye_typene_med_standardvalg(v, client):
    client.force_login(v.brukere["ke"])
    side = client.get(reverse("varsler:varslingsvalg")).content.decode()
    assert 'value="oppnevnt" id="id_epost_for_11" checked' in side
    assert 'value="behov_meldt" id="id_epost_for_12" checked' in side
    assert 'value="oppgave_tildelt" id="id_epost_for_14">' in side
    client.post(reverse("varsler:varslingsvalg"), {"epost_for": ["melding_mottatt"]})
    valg = Varslingsvalg.objects.filter(bruker=v.brukere["ke"], epost=True)
    assert list(valg.values_list("type", flat=True)) == ["melding_mottatt"]


def test_ingen_epost_inneholder_helseopplysninger(g, django_capture_on_commit_callbacks):
    """Every kind of event e-mail, rendered and sent: no patient name or number, nothing of the
    object's free text; only the kind and a link to the notification centre."""
    v = g.v
    for bruker in v.brukere.values():
        if bruker is not None:
            services.varslingsvalg_lagre(actor=bruker, epost_for=set(T.values))
    lege = v.ansatt("sykehuskollega")
    lege.yrke = lege.Yrke.LEGE
    lege.save()
    fritekst = [
        "Trenger plan og oksygen",
        "KOLS",
        "Send epikrise",
        "Møterom Ørnen",
        "Status",
        "journalen",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        behov = koordineringstjenester.behovsmelding_opprett(
            actor=v.brukere["sykehuskoordinator"],
            pasient=v.pasient,
            enhet=v.medisinsk,
            behov=Behov.KONTAKTLEGE,
            alvorlig_sykdom=True,
            behandling_av_varighet=True,
            kontakttype="innleggelse",
            kontaktdato=IDAG,
            begrunnelse="Trenger plan og oksygen",
        )
        koordineringstjenester.oppnevning_opprett(
            actor=leder(v.medisinsk),
            behovsmelding=behov,
            ansatt=lege,
            mandat="Kontaktlege: KOLS-oppfølging",
            startdato=IDAG,
            pasientens_onsker_hort=True,
        )
        meldingstjenester.melding_send(
            actor=v.brukere["sykehuskoordinator"],
            pasient=v.pasient,
            type=Meldingstype.DIALOG,
            avsender_enhet=v.medisinsk,
            mottaker_enhet=v.hjemme,
            emne="KOLS",
            tekst="KOLS-forverring",
        )
        innkall(g, VINTER)
        hendelser.tilgang_forespurt.send(
            sender=type(v.pasient),
            instance=v.pasient,
            actor=leder(v.hjemme),
            organisasjon_id=v.hjemme.organisasjon_id,
        )
        lest = Tilgangslogg.objects.create(
            bruker=v.brukere["koordinator"],
            brukernavn="Koordinator",
            rolle="Koordinator",
            organisasjon_id=v.hjemme.organisasjon_id,
            pasient=v.pasient,
            dokument="Pasientside: Oversikt",
        )
        innsynshenvendelse_opprett(
            actor=teknisk_bruker(),
            pasient=v.pasient,
            tilgangslogg=lest,
            art="sperring",
            tekst="Hvorfor leste hun journalen min?",
            fra_navn=v.pasient.navn,
            fra_rolle="Pasienten selv (Min plan)",
        )
        referat = skriv_referat(
            g,
            innkall(g, I_DAG_KL_10),
            til_stede=[g.koordinator, g.sykehus],
            nye_oppgaver=[oppgave(g.sykehus, "Send epikrise")],
        )
    with django_capture_on_commit_callbacks(execute=True):
        gruppetjenester.referat_godkjenn(actor=g.actor, referat=referat)
    sendt = Varsel.objects.filter(hendelse__isnull=False, epost="sendt")
    assert set(sendt.values_list("hendelse__type", flat=True)) == set(T.values)
    # (The meeting notices and the minutes go by e-mail too, to the members entitled to them.)
    eposter = [e for e in mail.outbox if "X-Koordinering-Varsel" in e.extra_headers]
    assert len(eposter) == sendt.count()
    pasient = v.pasient
    forbudt = [pasient.fornavn, pasient.etternavn, pasient.fodselsnummer, *fritekst]
    for epost in eposter:
        tekst = epost.subject + epost.body
        for ord_ in forbudt:
            assert ord_ not in tekst, (ord_, epost.subject)
        assert "http://127.0.0.1:8000/varsler/" in epost.body
        assert epost.subject.startswith("Nytt varsel i Koordinering: ")
    assert Hendelse.objects.filter(type=T.OPPNEVNT).count() == 3


def test_akseptert_mandat_gjor_varselet_om_oppnevningen_ferdig(v):
    oppnevning = v.kommune_oppnevning
    mitt = varsel(v.brukere["koordinator"], T.OPPNEVNT, oppnevning.pk)
    assert mitt.ferdig is None
    koordineringstjenester.oppnevning_mandat_aksepter(
        actor=v.brukere["koordinator"], oppnevning=oppnevning
    )
    mitt.refresh_from_db()
    assert mitt.ferdig is not None


def test_videresendt_melding_varsler_enheten_den_sendes_til_og_er_ferdig_naar_den_er_lest(
    v, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        melding = meldingstjenester.melding_send(
            actor=v.brukere["sykehuskoordinator"],
            pasient=v.pasient,
            type=Meldingstype.DIALOG,
            avsender_enhet=v.medisinsk,
            mottaker_enhet=v.ke_enhet,
            emne="Spørsmål om hjemmesykepleie",
            tekst="KOLS-forverring, trenger oksygen hjemme.",
        )
    ke = v.brukere["ke"]
    meldingstjenester.melding_les(actor=ke, melding=melding)
    hjemme = {leder(v.hjemme).username, *navn(v, "koordinator", "kollega")}
    assert not hjemme & varslede(T.MELDING_MOTTATT, melding.pk)

    meldingstjenester.melding_videresend(actor=ke, melding=melding, til_enhet=v.hjemme)

    # Hjemmetjenesten's staff are told, the KE who forwarded it is not.
    assert hjemme <= varslede(T.MELDING_MOTTATT, melding.pk)
    kollega = v.brukere["kollega"]
    assert not Varsel.objects.filter(
        mottaker=ke, hendelse__type=T.MELDING_MOTTATT, ferdig__isnull=True
    ).exists()
    mitt = Varsel.objects.get(mottaker=kollega, hendelse__type=T.MELDING_MOTTATT)
    assert mitt.hendelse.lenke == f"/meldinger/{melding.pk}/"
    assert mitt.ferdig is None
    client.force_login(kollega)
    assert client.get(mitt.hendelse.lenke).status_code == 200  # the unit's own read receipt
    mitt.refresh_from_db()
    assert mitt.ferdig is not None
