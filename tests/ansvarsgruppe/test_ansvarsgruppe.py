"""The ansvarsgruppe: calendar invitations, e-mail after commit, idempotent tasks, locked and
revised minutes, goal evaluation from the minutes, consent-bound visibility across levels, the
printed minutes, who gets them, refused input, action items on the dashboard and the hospital's
one-step call of the kommune.

One world, built with the services (so guardian grants, history users and the consent rules are
the real ones):

- Kommune A: Koordinerende enhet (with a shared e-mail address) and Hjemmetjenesten (follows the
  patient; the kommune koordinator works here and is appointed by its leader).
- Kommune B: Hjemmetjenesten B, with a koordinator who has nothing to do with the patient.
- Sykehuset HF: Medisinsk avdeling (follows the patient too; the hospital koordinator is
  appointed by its leader).
- The patient Åse Ørnebæk (born 17.04.1958), with a valid consent to the plan process that
  shares with both the kommune and the hospital, and two relatives: Pål (may receive
  information) and Siri (may not).

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo (winter time; summer time starts
on 29 March 2026).
"""

import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from ansvarsgruppe import pdf, services
from ansvarsgruppe.forms import ReferatForm
from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Oppgave, Referat, Sakspunkt
from ansvarsgruppe.selectors import mottakere
from ansvarsgruppe.tasks import epost_innkalling, epost_referat, pdf_referat
from felles.models import Tilgangsgrunnlag, Tilgangslogg
from individuellplan import services as plan_services
from individuellplan.models import Evaluering, Maalvurdering
from koordinering import services as koordinering_services
from koordinering.models import Behov, Enhet, Oppnevning, Organisasjon, Parorende, Pasient, Samtykke
from meldinger.models import Melding, Meldingstype
from tests.factories import (
    AnsattFactory,
    EnhetFactory,
    MedlemskapFactory,
    OrganisasjonFactory,
    PasientFactory,
)
from tests.individuellplan.verden import fodselsnummer

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
IDAG = date(2026, 3, 11)  # a Wednesday, winter time
NAA = datetime(2026, 3, 11, 12, 0, tzinfo=OSLO)
I_DAG_KL_10 = datetime(2026, 3, 11, 10, 0, tzinfo=OSLO)  # a meeting held this morning
VINTER = datetime(2026, 3, 18, 10, 0, tzinfo=OSLO)  # UTC+1
SOMMER = datetime(2026, 6, 17, 10, 0, tzinfo=OSLO)  # UTC+2
EN_TIME = timedelta(hours=1)

EPOST = {
    "koordinator": "kari.koordinatorsen@kommune-a.no",
    "kollega": "kollega@kommune-a.no",
    "ke": "ke.ansatt@kommune-a.no",
    "sykehuskoordinator": "sindre.sykehusmann@sykehuset.no",
    "sykehuskollega": "sykehuskollega@sykehuset.no",
    "annen_kommune": "koordinator@kommune-b.no",
}
KE_EPOST = "postmottak.ke@kommune-a.no"
PASIENT_EPOST = "ase@example.no"
PAAL_EPOST = "paal@example.no"
SIRI_EPOST = "siri@example.no"
NAV_EPOST = "nils@nav.example.no"

LAAST = "Referatet er godkjent og låst. Lag en ny revisjon for å gjøre endringer."
ANSVARLIG_MAA_VAERE_MEDLEM = "Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen."
SLUTT_FOER_START = "Møtet må slutte etter at det starter."
STED_ELLER_LENKE = "Oppgi sted eller lenke til videomøte."


@pytest.fixture(autouse=True)
def fast_dag():
    with time_machine.travel(NAA, tick=False):
        yield


@pytest.fixture
def media(settings, tmp_path):
    """Stored PDFs go to a fresh directory per test."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


# ---------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------


def ansatt_i(enhet: Enhet, navn: str, *, leder: bool = False, fornavn="", etternavn=""):
    ansatt = AnsattFactory(organisasjon=enhet.organisasjon)
    MedlemskapFactory(ansatt=ansatt, enhet=enhet, leder=leder)
    bruker = ansatt.bruker
    bruker.email = EPOST.get(navn, f"{bruker.username}@example.no")
    if fornavn:
        bruker.first_name, bruker.last_name = fornavn, etternavn
    bruker.save()
    return ansatt


@dataclass
class Verden:
    kommune: Organisasjon
    ke_enhet: Enhet
    hjemme: Enhet
    sykehus: Organisasjon
    medisinsk: Enhet
    kommune_b: Organisasjon
    brukere: dict[str, AbstractBaseUser | None]
    pasient: Pasient
    samtykke: Samtykke
    paal: Parorende
    siri: Parorende
    kommune_oppnevning: Oppnevning
    sykehus_oppnevning: Oppnevning

    def ansatt(self, navn: str):
        return self.brukere[navn].ansatt


def bygg_verden() -> Verden:
    kommune = OrganisasjonFactory(navn="Kommune A")
    kommune_b = OrganisasjonFactory(navn="Kommune B")
    sykehus = OrganisasjonFactory(sykehus=True, navn="Sykehuset HF")
    ke_enhet = EnhetFactory(
        organisasjon=kommune, ke=True, navn="Koordinerende enhet A", epost=KE_EPOST
    )
    hjemme = EnhetFactory(organisasjon=kommune, navn="Hjemmetjenesten")
    b_hjemme = EnhetFactory(organisasjon=kommune_b, navn="Hjemmetjenesten B")
    medisinsk = EnhetFactory(organisasjon=sykehus, klinisk=True, navn="Medisinsk avdeling")

    leder = ansatt_i(hjemme, "leder", leder=True)
    s_leder = ansatt_i(medisinsk, "s_leder", leder=True)
    koordinator = ansatt_i(hjemme, "koordinator", fornavn="Kari", etternavn="Koordinatorsen")
    kollega = ansatt_i(hjemme, "kollega")
    ke = ansatt_i(ke_enhet, "ke")
    sykehuskoordinator = ansatt_i(
        medisinsk, "sykehuskoordinator", fornavn="Sindre", etternavn="Sykehusmann"
    )
    sykehuskollega = ansatt_i(medisinsk, "sykehuskollega")
    annen_kommune = ansatt_i(b_hjemme, "annen_kommune")

    pasient = koordinering_services.pasient_opprett(
        actor=kollega.bruker,
        enhet=hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(date(1958, 4, 17), 123),
        fornavn="Åse",
        etternavn="Ørnebæk",
        epost=PASIENT_EPOST,
    )
    koordinering_services.tilknytning_opprett(
        actor=s_leder.bruker,
        pasient=pasient,
        enhet=medisinsk,
        fra=IDAG - timedelta(days=5),
        til=None,
        begrunnelse="Innlagt med KOLS-forverring",
    )
    samtykke = koordinering_services.samtykke_registrer(
        actor=kollega.bruker,
        pasient=pasient,
        organisasjoner=[kommune, sykehus],
        plandeler=[],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG - timedelta(days=10),
        gyldig_til=IDAG + timedelta(days=365),
    )
    paal = koordinering_services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Pål Ørnebæk",
        relasjon=Parorende.Relasjon.EKTEFELLE,
        epost=PAAL_EPOST,
        kan_motta_informasjon=True,
    )
    siri = koordinering_services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Siri Ørnebæk",
        relasjon=Parorende.Relasjon.BARN,
        epost=SIRI_EPOST,
        kan_motta_informasjon=False,
    )
    kommune_oppnevning = koordinering_services.oppnevning_opprett(
        actor=leder.bruker,
        behovsmelding=koordinering_services.behovsmelding_opprett(
            actor=kollega.bruker,
            pasient=pasient,
            enhet=hjemme,
            behov=Behov.KOORDINATOR,
            komplekse_behov=True,
            begrunnelse="Mange tjenester som må samordnes",
        ),
        ansatt=koordinator,
        mandat="Samordne tjenestene og lede ansvarsgruppen",
        startdato=IDAG - timedelta(days=20),
        pasientens_onsker_hort=True,
    )
    sykehus_oppnevning = koordinering_services.oppnevning_opprett(
        actor=s_leder.bruker,
        behovsmelding=koordinering_services.behovsmelding_opprett(
            actor=s_leder.bruker,
            pasient=pasient,
            enhet=medisinsk,
            behov=Behov.KOORDINATOR,
            langvarige_behov=True,
            begrunnelse="Langvarig oppfølging i sykehuset",
        ),
        ansatt=sykehuskoordinator,
        mandat="Samordne sykehusets tjenester",
        startdato=IDAG - timedelta(days=4),
        pasientens_onsker_hort=True,
    )
    return Verden(
        kommune=kommune,
        ke_enhet=ke_enhet,
        hjemme=hjemme,
        sykehus=sykehus,
        medisinsk=medisinsk,
        kommune_b=kommune_b,
        brukere={
            "koordinator": koordinator.bruker,
            "kollega": kollega.bruker,
            "ke": ke.bruker,
            "sykehuskoordinator": sykehuskoordinator.bruker,
            "sykehuskollega": sykehuskollega.bruker,
            "annen_kommune": annen_kommune.bruker,
            "anonym": None,
        },
        pasient=pasient,
        samtykke=samtykke,
        paal=paal,
        siri=siri,
        kommune_oppnevning=kommune_oppnevning,
        sykehus_oppnevning=sykehus_oppnevning,
    )


@dataclass
class Gruppe:
    """The kommune's group: the koordinator (leader), the patient, Pål, Siri, the hospital
    koordinator and an external member from NAV."""

    v: Verden
    gruppe: Ansvarsgruppe
    koordinator: Gruppemedlem
    paal: Gruppemedlem
    siri: Gruppemedlem
    sykehus: Gruppemedlem
    nav: Gruppemedlem

    @property
    def actor(self):
        return self.v.brukere["koordinator"]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    koordinator = v.brukere["koordinator"]
    gruppe = services.ansvarsgruppe_opprett(actor=koordinator, pasient=v.pasient)

    def legg_til(**felter):
        return services.medlem_legg_til(actor=koordinator, gruppe=gruppe, **felter)

    return Gruppe(
        v=v,
        gruppe=gruppe,
        koordinator=gruppe.medlemmer.get(ansatt=v.ansatt("koordinator")),
        paal=legg_til(type=Gruppemedlem.Type.PARORENDE, parorende=v.paal),
        siri=legg_til(type=Gruppemedlem.Type.PARORENDE, parorende=v.siri),
        sykehus=legg_til(type=Gruppemedlem.Type.ANSATT, ansatt=v.ansatt("sykehuskoordinator")),
        nav=legg_til(
            type=Gruppemedlem.Type.EKSTERN,
            navn="Nils Navesen",
            organisasjon="NAV Kommune A",
            epost=NAV_EPOST,
            rolle="Veileder",
        ),
    )


# Notices go to the members entitled to information about the patient: Siri, a relative who
# may not receive information, is a member but gets no notice.
ALLE_MEDLEMMER = sorted(
    [
        EPOST["koordinator"],
        PASIENT_EPOST,
        PAAL_EPOST,
        EPOST["sykehuskoordinator"],
        NAV_EPOST,
    ]
)


def innkall(g: Gruppe, start: datetime, *, saker=("Status", "Veien videre"), **felter) -> Mote:
    felter.setdefault("sted", "Møterom Ørnen, rådhuset")
    return services.mote_innkall(
        actor=g.actor,
        gruppe=g.gruppe,
        start=start,
        slutt=start + EN_TIME,
        sakspunkter=[(s, None) for s in saker],
        **felter,
    )


def skriv_referat(g: Gruppe, mote: Mote, **felter) -> Referat:
    felter.setdefault("til_stede", [g.koordinator, g.paal])
    felter.setdefault("notater", {})
    felter.setdefault("nye_oppgaver", [])
    return services.referat_lagre(actor=g.actor, mote=mote, **felter)


def oppgave(ansvarlig: Gruppemedlem, beskrivelse: str = "Ring fastlegen", dager: int = 7):
    return {"beskrivelse": beskrivelse, "ansvarlig": ansvarlig, "frist": IDAG + timedelta(dager)}


def siste_logg_id() -> int:
    siste = Tilgangslogg.objects.order_by("-pk").first()
    return siste.pk if siste else 0


def logget(pasient: Pasient, etter: int) -> list[Tilgangslogg]:
    return list(Tilgangslogg.objects.filter(pasient=pasient, pk__gt=etter).order_by("pk"))


def meldinger(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------------------------------------
# 1. The calendar invitation
# ---------------------------------------------------------------------------------------------


def kalender_fra(epost) -> tuple[Calendar, object, str]:
    """The parsed iCalendar attachment, its single VEVENT and the attachment's MIME type."""
    vedlegg = [a for a in epost.attachments if a[0] == "innkalling.ics"]
    assert len(vedlegg) == 1, epost.attachments
    _navn, innhold, mimetype = vedlegg[0]
    kalender = Calendar.from_ical(innhold)
    hendelser = kalender.walk("VEVENT")
    assert len(hendelser) == 1
    return kalender, hendelser[0], mimetype


def deltakere(hendelse) -> list[str]:
    verdi = hendelse.get("ATTENDEE")
    verdier = verdi if isinstance(verdi, list) else [verdi]
    return sorted(str(a).removeprefix("mailto:") for a in verdier)


def sjekk_oslo_tid(hendelse, felt: str, forventet: datetime, utc_forskyvning: int) -> None:
    assert hendelse[felt].params["TZID"] == "Europe/Oslo"
    assert hendelse[felt].to_ical() == forventet.strftime("%Y%m%dT%H%M%S").encode()
    lokal = hendelse.decoded(felt)
    assert (lokal.hour, lokal.minute) == (forventet.hour, forventet.minute)
    assert lokal.utcoffset() == timedelta(hours=utc_forskyvning)
    assert lokal == forventet


def sjekk_vtimezone(kalender: Calendar) -> None:
    assert [str(tz["TZID"]) for tz in kalender.walk("VTIMEZONE")] == ["Europe/Oslo"]


def test_innkalling_endring_og_avlysning_er_samme_kalenderhendelse(
    g, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mote = innkall(g, VINTER)
    assert len(mail.outbox) == 1
    forste = mail.outbox[0]
    assert forste.to == ALLE_MEDLEMMER
    assert forste.subject == "Ansvarsgruppemøte 18.03.2026 kl. 10:00"
    kalender, hendelse, mimetype = kalender_fra(forste)
    assert "method=REQUEST" in mimetype
    assert kalender["METHOD"] == "REQUEST"
    uid = str(hendelse["UID"])
    assert uid == f"{mote.uid}@koordinering"
    assert hendelse["SEQUENCE"] == 0
    assert hendelse["STATUS"] == "CONFIRMED"
    sjekk_oslo_tid(hendelse, "DTSTART", VINTER, 1)
    sjekk_oslo_tid(hendelse, "DTEND", VINTER + EN_TIME, 1)
    sjekk_vtimezone(kalender)
    assert str(hendelse["LOCATION"]) == "Møterom Ørnen, rådhuset"
    assert deltakere(hendelse) == ALLE_MEDLEMMER

    # First change: another room. Same event, next sequence.
    with django_capture_on_commit_callbacks(execute=True):
        mote = services.mote_endre(actor=g.actor, mote=mote, sted="Helsehuset, møterom 2")
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Endret: ")
    kalender, hendelse, _ = kalender_fra(mail.outbox[1])
    assert kalender["METHOD"] == "REQUEST"
    assert str(hendelse["UID"]) == uid
    assert hendelse["SEQUENCE"] == 1
    assert str(hendelse["LOCATION"]) == "Helsehuset, møterom 2"
    sjekk_oslo_tid(hendelse, "DTSTART", VINTER, 1)

    # Second change: moved to a summer date, still 10:00 in Oslo (UTC+2 now).
    with django_capture_on_commit_callbacks(execute=True):
        mote = services.mote_endre(actor=g.actor, mote=mote, start=SOMMER, slutt=SOMMER + EN_TIME)
    assert len(mail.outbox) == 3
    kalender, hendelse, _ = kalender_fra(mail.outbox[2])
    assert str(hendelse["UID"]) == uid
    assert hendelse["SEQUENCE"] == 2
    sjekk_oslo_tid(hendelse, "DTSTART", SOMMER, 2)
    sjekk_oslo_tid(hendelse, "DTEND", SOMMER + EN_TIME, 2)
    sjekk_vtimezone(kalender)
    assert mail.outbox[2].subject == "Endret: Ansvarsgruppemøte 17.06.2026 kl. 10:00"

    # Cancellation: METHOD:CANCEL, the same UID, a higher sequence.
    with django_capture_on_commit_callbacks(execute=True):
        services.mote_avlys(actor=g.actor, mote=mote)
    assert len(mail.outbox) == 4
    avlysning = mail.outbox[3]
    assert avlysning.subject.startswith("Avlyst: ")
    kalender, hendelse, mimetype = kalender_fra(avlysning)
    assert "method=CANCEL" in mimetype
    assert kalender["METHOD"] == "CANCEL"
    assert str(hendelse["UID"]) == uid
    assert hendelse["STATUS"] == "CANCELLED"
    assert hendelse["SEQUENCE"] == 3
    assert deltakere(hendelse) == ALLE_MEDLEMMER
    mote.refresh_from_db()
    assert (mote.status, mote.sekvens, mote.sendt_sekvens) == (Mote.Status.AVLYST, 3, 3)


def test_innkalling_med_videolenke_uten_sted(g, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        innkall(g, VINTER, sted="", videolenke="https://video.example.no/rom/42")
    _kalender, hendelse, _ = kalender_fra(mail.outbox[0])
    assert "LOCATION" not in hendelse
    assert str(hendelse["URL"]) == "https://video.example.no/rom/42"
    assert "https://video.example.no/rom/42" in str(hendelse["DESCRIPTION"])
    assert "1. Status" in str(hendelse["DESCRIPTION"])


# ---------------------------------------------------------------------------------------------
# 2. E-mail only after commit
# ---------------------------------------------------------------------------------------------


def test_ingen_epost_naar_transaksjonen_rulles_tilbake(g, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as tilbakekall,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        innkall(g, VINTER)
        raise RuntimeError("noe gikk galt etter innkallingen")
    assert tilbakekall == []
    assert mail.outbox == []
    assert not Mote.objects.exists()
    assert not Sakspunkt.objects.exists()


def test_epost_sendes_forst_etter_commit(g, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as tilbakekall:
        mote = innkall(g, VINTER)
        assert mail.outbox == []
        mote.refresh_from_db()
        assert mote.sendt_sekvens == -1
    assert len(tilbakekall) == 1
    assert len(mail.outbox) == 1
    mote.refresh_from_db()
    assert mote.sendt_sekvens == 0


# ---------------------------------------------------------------------------------------------
# 3. Idempotent tasks
# ---------------------------------------------------------------------------------------------


def test_innkallingen_sendes_en_gang_per_sekvens(g):
    mote = innkall(g, VINTER)  # the on-commit callback is not run here
    assert mail.outbox == []
    epost_innkalling(mote.pk, mote.sekvens)
    epost_innkalling(mote.pk, mote.sekvens)
    assert len(mail.outbox) == 1
    mote.refresh_from_db()
    assert mote.sendt_sekvens == 0


def test_pdf_og_epost_med_referat_lages_en_gang(g, media):
    mote = innkall(g, I_DAG_KL_10)
    referat = skriv_referat(g, mote)
    services.referat_godkjenn(actor=g.actor, referat=referat)  # callbacks are not run here
    referat.refresh_from_db()
    assert not referat.pdf
    assert mail.outbox == []

    with mock.patch("ansvarsgruppe.pdf.render_referat_pdf", wraps=pdf.render_referat_pdf) as render:
        pdf_referat(referat.pk)
        referat.refresh_from_db()
        navn = referat.pdf.name
        with referat.pdf.open("rb") as fil:
            innhold = fil.read()
        pdf_referat(referat.pk)
    referat.refresh_from_db()
    assert render.call_count == 1
    assert referat.pdf.name == navn == f"referater/referat-{mote.pk}-r1.pdf"
    assert referat.pdf_revisjon == 1
    with referat.pdf.open("rb") as fil:
        assert fil.read() == innhold
    assert innhold.startswith(b"%PDF")
    assert [p.name for p in (media / "referater").iterdir()] == [f"referat-{mote.pk}-r1.pdf"]

    epost_referat(referat.pk, referat.revisjon)
    epost_referat(referat.pk, referat.revisjon)
    assert len(mail.outbox) == 1
    assert [a[0] for a in mail.outbox[0].attachments] == ["referat.pdf"]
    referat.refresh_from_db()
    assert referat.sendt_revisjon == 1


# ---------------------------------------------------------------------------------------------
# 4. Approved minutes are locked; a new revision keeps the approved one in history
# ---------------------------------------------------------------------------------------------


def referatets_tilstand(referat: Referat) -> tuple:
    referat = Referat.objects.get(pk=referat.pk)
    return (
        referat.status,
        referat.revisjon,
        referat.neste_mote,
        sorted(referat.til_stede.values_list("pk", flat=True)),
        sorted(referat.notater.values_list("sakspunkt_id", "notat", "beslutning")),
        sorted(referat.oppgaver.values_list("beskrivelse", flat=True)),
        referat.history.count(),
    )


def test_godkjent_referat_er_laast_til_ny_revisjon(g, client, media):
    mote = innkall(g, I_DAG_KL_10)
    sak = mote.sakspunkter.first()
    referat = skriv_referat(
        g,
        mote,
        notater={sak.pk: ("Åse har det bedre", "Fortsetter som før")},
        nye_oppgaver=[oppgave(g.koordinator)],
        neste_mote="I juni",
    )
    services.referat_godkjenn(actor=g.actor, referat=referat)
    foer = referatets_tilstand(referat)

    with pytest.raises(ValidationError) as feil:
        skriv_referat(
            g,
            mote,
            til_stede=[g.koordinator],
            notater={sak.pk: ("Endret i ettertid", "Ny beslutning")},
            nye_oppgaver=[oppgave(g.koordinator, "Ny oppgave")],
            neste_mote="Aldri",
        )
    assert feil.value.messages == [LAAST]
    assert referatets_tilstand(referat) == foer

    # The form refuses too: it redirects to the meeting with a message.
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:referat-skjema", kwargs={"pk": mote.pk})
    til_motet = reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == til_motet
    assert meldinger(response) == ["Referatet er godkjent og låst. Lag en ny revisjon for å endre."]
    response = client.post(
        url, {"neste_mote": "Aldri", f"notat_{sak.pk}": "Endret", "til_stede": [g.paal.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == til_motet
    assert referatets_tilstand(referat) == foer

    ny = services.referat_ny_revisjon(actor=g.actor, referat=referat)
    assert (ny.status, ny.revisjon, ny.godkjent, ny.godkjent_av) == (
        Referat.Status.UTKAST,
        2,
        None,
        None,
    )
    godkjent_r1 = referat.history.filter(status=Referat.Status.GODKJENT, revisjon=1)
    assert godkjent_r1.count() == 1
    historisk = godkjent_r1.get()
    assert historisk.neste_mote == "I juni"
    assert historisk.godkjent_av_id == g.v.ansatt("koordinator").pk
    assert historisk.godkjent is not None

    # Revision 2 can be edited again.
    skriv_referat(g, mote, neste_mote="I september")
    assert Referat.objects.get(pk=referat.pk).neste_mote == "I september"


# ---------------------------------------------------------------------------------------------
# 5. The goal evaluation in the minutes becomes a plan evaluation
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def plan_med_maal(v):
    kollega = v.brukere["kollega"]
    plan = plan_services.plan_opprett(
        actor=kollega,
        pasient=v.pasient,
        periode_fra=IDAG,
        periode_til=IDAG + timedelta(days=365),
        neste_evaluering=IDAG + timedelta(days=90),
    )
    maal = plan_services.maal_lagre(actor=kollega, plan=plan, tekst="Gå til butikken alene")
    return plan, maal


def test_maalvurdering_i_referatet_blir_evaluering_av_planen(g, plan_med_maal):
    plan, maal = plan_med_maal
    mote = innkall(g, I_DAG_KL_10)
    neste = IDAG + timedelta(days=120)
    referat = skriv_referat(
        g, mote, maalvurderinger={maal.pk: ("delvis", "Går med følge")}, neste_evaluering=neste
    )
    assert not Evaluering.objects.exists()

    services.referat_godkjenn(actor=g.actor, referat=referat)

    evaluering = Evaluering.objects.get(plan=plan)
    assert (evaluering.dato, evaluering.neste_evaluering) == (IDAG, neste)
    assert evaluering.utfort_av == g.v.ansatt("koordinator")
    assert list(
        Maalvurdering.objects.filter(evaluering=evaluering).values_list(
            "maal_id", "vurdering", "kommentar"
        )
    ) == [(maal.pk, "delvis", "Går med følge")]
    plan.refresh_from_db()
    assert plan.neste_evaluering == neste
    referat.refresh_from_db()
    assert referat.evaluering == evaluering
    assert referat.status == Referat.Status.GODKJENT


def test_godkjenning_med_maalvurdering_krever_neste_evaluering(g, plan_med_maal):
    plan, maal = plan_med_maal
    mote = innkall(g, I_DAG_KL_10)
    referat = skriv_referat(g, mote, maalvurderinger={maal.pk: ("naadd", "")})

    with pytest.raises(ValidationError) as feil:
        services.referat_godkjenn(actor=g.actor, referat=referat)

    assert feil.value.messages == ["Oppgi neste evaluering av planen før du godkjenner."]
    referat.refresh_from_db()
    assert (referat.status, referat.evaluering) == (Referat.Status.UTKAST, None)
    assert not Evaluering.objects.exists()
    plan.refresh_from_db()
    assert plan.neste_evaluering == IDAG + timedelta(days=90)


# ---------------------------------------------------------------------------------------------
# 6. Visibility across organisations follows the consent
# ---------------------------------------------------------------------------------------------


@dataclass
class Gruppesider:
    g: Gruppe
    utkast: Mote  # draft minutes
    godkjent: Mote  # approved minutes with their PDF

    def url(self, navn: str) -> str:
        objekt = {
            "ansvarsgruppe-detalj": self.g.gruppe,
            "gruppemedlem-opprett": self.g.gruppe,
            "mote-opprett": self.g.gruppe,
            "mote-detalj": self.utkast,
            "referat-skjema": self.utkast,
            "referat-pdf": self.godkjent,
        }[navn]
        return reverse(f"ansvarsgruppe:{navn}", kwargs={"pk": objekt.pk})


@pytest.fixture
def sider(g, media, django_capture_on_commit_callbacks) -> Gruppesider:
    utkast = innkall(g, VINTER)
    skriv_referat(g, utkast, nye_oppgaver=[oppgave(g.koordinator)])
    godkjent = innkall(g, I_DAG_KL_10)
    with django_capture_on_commit_callbacks(execute=True):
        services.referat_godkjenn(actor=g.actor, referat=skriv_referat(g, godkjent))
    assert Referat.objects.get(mote=godkjent).pdf
    mail.outbox.clear()
    return Gruppesider(g=g, utkast=utkast, godkjent=godkjent)


SIDER = [
    "ansvarsgruppe-detalj",
    "mote-detalj",
    "referat-skjema",
    "referat-pdf",
    "gruppemedlem-opprett",
    "mote-opprett",
]


def hent(client, url: str):
    """The response and its body; the test client closes a streamed file once it is read."""
    response = client.get(url)
    innhold = b"".join(response.streaming_content) if response.streaming else response.content
    return response, innhold


@pytest.mark.parametrize("side", SIDER)
@pytest.mark.parametrize(
    ("brukertype", "forventet"), [("koordinator", 200), ("annen_kommune", 404), ("anonym", 302)]
)
def test_gruppesider_for_egen_koordinator_fremmede_og_anonyme(
    client, sider, side, brukertype, forventet
):
    v = sider.g.v
    bruker = v.brukere[brukertype]
    if bruker is not None:
        client.force_login(bruker)
    url = sider.url(side)
    foer = siste_logg_id()

    response, innhold = hent(client, url)

    assert response.status_code == forventet
    nye = logget(v.pasient, foer)
    if forventet == 200:
        assert len(nye) == 1
        assert (nye[0].bruker, nye[0].grunnlag) == (bruker, Tilgangsgrunnlag.OPPNEVNING)
        if side == "referat-pdf":
            assert innhold.startswith(b"%PDF")
        else:
            assert v.pasient.navn in innhold.decode()
    else:
        assert nye == []
        assert v.pasient.navn.encode() not in innhold
    if forventet == 302:
        assert response["Location"] == f"/logg-inn/?next={url}"


def test_sykehuset_ser_kommunens_gruppe_bare_mens_samtykket_deler(client, sider):
    v = sider.g.v
    client.force_login(v.brukere["sykehuskoordinator"])

    for side in ("ansvarsgruppe-detalj", "mote-detalj", "referat-pdf"):
        foer = siste_logg_id()
        response, innhold = hent(client, sider.url(side))
        assert response.status_code == 200, side
        nye = logget(v.pasient, foer)
        assert [(r.bruker, r.grunnlag) for r in nye] == [
            (v.brukere["sykehuskoordinator"], Tilgangsgrunnlag.SAMTYKKE)
        ]
        assert nye[0].organisasjon == v.sykehus

    # Reading is not editing: the hospital cannot call meetings or write the kommune's minutes.
    for side in ("mote-opprett", "gruppemedlem-opprett", "referat-skjema"):
        foer = siste_logg_id()
        assert client.get(sider.url(side)).status_code == 404, side
        assert logget(v.pasient, foer) == []
    antall_moter = Mote.objects.count()
    response = client.post(
        sider.url("mote-opprett"),
        {"dato": "2026-03-20", "starter": "10:00", "slutter": "11:00", "sted": "Sykehuset"},
    )
    assert response.status_code == 404
    assert Mote.objects.count() == antall_moter

    koordinering_services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=v.samtykke, grunn="Pasienten ønsker ikke deling"
    )
    for side in ("ansvarsgruppe-detalj", "mote-detalj", "referat-pdf"):
        foer = siste_logg_id()
        response, innhold = hent(client, sider.url(side))
        assert response.status_code == 404, side
        assert v.pasient.navn.encode() not in innhold
        assert logget(v.pasient, foer) == []


# ---------------------------------------------------------------------------------------------
# 7. The printed minutes
# ---------------------------------------------------------------------------------------------


def pdftekst(sti) -> str:
    """The text with runs of whitespace (line breaks in table cells) as one space."""
    ut = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(sti), "-"], capture_output=True, text=True, check=True
    ).stdout
    return " ".join(ut.split())


def uten_mellomrom(tekst: str) -> str:
    return "".join(tekst.split())


def test_referatet_som_pdf(g, media, django_capture_on_commit_callbacks):
    mote = innkall(
        g,
        I_DAG_KL_10,
        saker=("Status og ønsker fra Åse", "Økonomi og støtte fra NAV – særlige behov"),
    )
    status, okonomi = mote.sakspunkter.all()
    referat = skriv_referat(
        g,
        mote,
        til_stede=[g.koordinator, g.paal, g.nav],
        notater={
            status.pk: ("Åse ønsker å gå på tur i skogen", "Fysioterapeuten øker til to økter"),
            okonomi.pk: ("Bruk <b>fet</b> skrift & <script>alert(1)</script>", "<i>Søk</i>"),
        },
        nye_oppgaver=[
            {
                "beskrivelse": "Søke om trygghetsalarm",
                "ansvarlig": g.koordinator,
                "frist": date(2026, 4, 15),
            }
        ],
        neste_mote="Tirsdag 9. juni kl. 10 på rådhuset",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.referat_godkjenn(actor=g.actor, referat=referat)
    referat.refresh_from_db()
    tekst = pdftekst(referat.pdf.path)

    for forventet in (
        # header with name and birth date, page numbers, title
        "Åse Ørnebæk, født 17.04.1958",
        "Side 1 av",
        "Referat fra ansvarsgruppemøte",
        "11.03.2026 10:00–11:00",
        "Møterom Ørnen, rådhuset",
        "Godkjent, revisjon 1 (godkjent 11.03.2026 av Kari Koordinatorsen)",
        # attendance
        "Til stede",
        "Kari Koordinatorsen (Kommune A) – Koordinator",
        "Pål Ørnebæk (ektefelle, samboer eller partner)",
        "Nils Navesen, NAV Kommune A – Veileder",
        # agenda items with notes and decisions
        "1. Status og ønsker fra Åse",
        "Åse ønsker å gå på tur i skogen",
        "Beslutning: Fysioterapeuten øker til to økter",
        "2. Økonomi og støtte fra NAV – særlige behov",
        # free text is text, never markup
        "Bruk <b>fet</b> skrift & <script>alert(1)</script>",
        "Beslutning: <i>Søk</i>",
        # next meeting
        "Tirsdag 9. juni kl. 10 på rådhuset",
    ):
        assert forventet in tekst, forventet
    assert "Siri" not in tekst  # not present
    # The action item table: narrow cells may break anywhere.
    kompakt = uten_mellomrom(tekst)
    assert (
        uten_mellomrom("Søke om trygghetsalarm Kari Koordinatorsen (Kommune A) 15.04.2026 Åpen")
        in kompakt
    )


# ---------------------------------------------------------------------------------------------
# 8. Who gets the minutes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delt_med_sykehuset", [True, False], ids=["delt", "trukket"])
def test_referatet_sendes_bare_til_dem_som_har_rett_paa_det(
    g, media, django_capture_on_commit_callbacks, delt_med_sykehuset
):
    v = g.v
    if not delt_med_sykehuset:
        koordinering_services.samtykke_trekk_tilbake(
            actor=v.brukere["kollega"], samtykke=v.samtykke, grunn="Pasienten ønsker ikke deling"
        )
    mote = innkall(g, I_DAG_KL_10)
    referat = skriv_referat(g, mote, til_stede=[g.koordinator, g.paal, g.siri, g.sykehus])
    with django_capture_on_commit_callbacks(execute=True):
        services.referat_godkjenn(actor=g.actor, referat=referat)

    referater = [m for m in mail.outbox if any(a[0] == "referat.pdf" for a in m.attachments)]
    assert len(referater) == 1
    epost = referater[0]
    [(_navn, innhold, mimetype)] = epost.attachments
    assert mimetype == "application/pdf"
    assert innhold.startswith(b"%PDF")
    assert epost.subject == "Referat fra ansvarsgruppemøte 11.03.2026"
    assert PAAL_EPOST in epost.to
    assert SIRI_EPOST not in epost.to
    assert (EPOST["sykehuskoordinator"] in epost.to) is delt_med_sykehuset
    forventet = {EPOST["koordinator"], PASIENT_EPOST, PAAL_EPOST}
    if delt_med_sykehuset:
        forventet |= {EPOST["sykehuskoordinator"], NAV_EPOST}
    assert set(epost.to) == forventet


# ---------------------------------------------------------------------------------------------
# 9. Refused input
# ---------------------------------------------------------------------------------------------


def test_mote_som_slutter_foer_det_starter_avvises_i_skjemaet(
    client, g, django_capture_on_commit_callbacks
):
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:mote-opprett", kwargs={"pk": g.gruppe.pk})
    data = {"dato": "2026-03-18", "starter": "11:00", "slutter": "10:00", "sted": "Rådhuset"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert SLUTT_FOER_START in response.content.decode()
    assert not Mote.objects.exists()

    response = client.post(url, {**data, "starter": "10:00", "slutter": "11:00", "sted": ""})
    assert response.status_code == 200
    assert STED_ELLER_LENKE in response.content.decode()
    assert not Mote.objects.exists()

    # The same form, filled in correctly, calls the meeting and sends the notice after commit.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**data, "starter": "10:00", "slutter": "11:00"})
    mote = Mote.objects.get()
    assert response["Location"] == reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})
    assert (mote.start, mote.slutt) == (VINTER, VINTER + EN_TIME)
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("felter", "melding"),
    [
        ({"start": VINTER, "slutt": VINTER - EN_TIME, "sted": "Rådhuset"}, SLUTT_FOER_START),
        ({"start": VINTER, "slutt": VINTER, "sted": "Rådhuset"}, SLUTT_FOER_START),
        ({"start": VINTER, "slutt": VINTER + EN_TIME}, STED_ELLER_LENKE),
    ],
    ids=["slutter-foer", "slutter-samtidig", "uten-sted-og-lenke"],
)
def test_ugyldig_mote_avvises_av_tjenesten(g, django_capture_on_commit_callbacks, felter, melding):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as feil,
    ):
        services.mote_innkall(
            actor=g.actor, gruppe=g.gruppe, sakspunkter=[("Status", None)], **felter
        )
    assert melding in feil.value.messages
    assert not Mote.objects.exists()
    assert not Sakspunkt.objects.exists()
    assert mail.outbox == []


def test_oppfolgingspunkt_uten_ansvarlig_avvises_i_skjemaet(g, client):
    mote = innkall(g, I_DAG_KL_10)
    skjema = ReferatForm(
        {"oppgave_1": "Ring NAV", "oppgave_1_frist": "2026-03-25"}, mote=mote, maal=[]
    )
    assert not skjema.is_valid()
    assert skjema.errors["oppgave_1_ansvarlig"] == [ANSVARLIG_MAA_VAERE_MEDLEM]

    client.force_login(g.actor)
    response = client.post(
        reverse("ansvarsgruppe:referat-skjema", kwargs={"pk": mote.pk}),
        {"oppgave_1": "Ring NAV", "oppgave_1_frist": "2026-03-25", "neste_mote": "Juni"},
    )
    assert response.status_code == 200
    assert ANSVARLIG_MAA_VAERE_MEDLEM in response.content.decode()
    assert not Referat.objects.exists()
    assert not Oppgave.objects.exists()


def test_oppfolgingspunkt_med_ansvarlig_fra_en_annen_gruppe_avvises_av_tjenesten(g):
    v = g.v
    sykehusgruppe = services.ansvarsgruppe_opprett(
        actor=v.brukere["sykehuskoordinator"], pasient=v.pasient
    )
    fremmed = sykehusgruppe.medlemmer.get(ansatt=v.ansatt("sykehuskoordinator"))
    mote = innkall(g, I_DAG_KL_10)

    with pytest.raises(ValidationError) as feil:
        skriv_referat(g, mote, nye_oppgaver=[oppgave(fremmed)], neste_mote="Juni")

    assert feil.value.message_dict == {"ansvarlig": [ANSVARLIG_MAA_VAERE_MEDLEM]}
    assert not Referat.objects.exists()
    assert not Oppgave.objects.exists()


def test_referat_fra_avlyst_mote_avvises(g):
    mote = innkall(g, I_DAG_KL_10)
    services.mote_avlys(actor=g.actor, mote=mote)

    with pytest.raises(ValidationError) as feil:
        skriv_referat(g, mote, nye_oppgaver=[oppgave(g.koordinator)])

    [melding] = feil.value.messages
    assert "avlyst" in melding
    assert not Referat.objects.exists()
    assert not Oppgave.objects.exists()


def test_mote_kan_ikke_avlyses_to_ganger(g):
    mote = services.mote_avlys(actor=g.actor, mote=innkall(g, VINTER))
    historikk = mote.history.count()

    with pytest.raises(ValidationError) as feil:
        services.mote_avlys(actor=g.actor, mote=mote)

    assert feil.value.messages == ["Møtet er allerede avlyst."]
    mote.refresh_from_db()
    assert (mote.status, mote.sekvens, mote.history.count()) == (
        Mote.Status.AVLYST,
        1,
        historikk,
    )


def test_medlem_fra_en_annen_pasients_parorende_avvises(g):
    annen = PasientFactory()
    fremmed_parorende = Parorende.objects.create(
        pasient=annen, navn="Ola Fremmed", relasjon=Parorende.Relasjon.SOSKEN
    )
    antall = g.gruppe.medlemmer.count()

    with pytest.raises(ValidationError) as feil:
        services.medlem_legg_til(
            actor=g.actor,
            gruppe=g.gruppe,
            type=Gruppemedlem.Type.PARORENDE,
            parorende=fremmed_parorende,
        )

    assert feil.value.message_dict == {"parorende": ["Velg en av pasientens pårørende."]}
    assert g.gruppe.medlemmer.count() == antall


# ---------------------------------------------------------------------------------------------
# 10. Action items on the dashboard
# ---------------------------------------------------------------------------------------------


def mine_oppgaver_tabell(html: str) -> str:
    treff = re.search(r'data-testid="mine-oppgaver".*?</table>', html, re.S)
    return treff.group(0) if treff else ""


def test_oppfolgingspunkt_paa_den_ansvarliges_startside(client, g):
    mote = innkall(g, I_DAG_KL_10)
    skriv_referat(
        g,
        mote,
        nye_oppgaver=[
            oppgave(g.koordinator, "Søke om trygghetsalarm", dager=7),
            oppgave(g.paal, "Kjøpe brodder", dager=3),
        ],
    )
    punkt = Oppgave.objects.get(beskrivelse="Søke om trygghetsalarm")

    client.force_login(g.actor)
    tabell = mine_oppgaver_tabell(client.get("/").content.decode())
    assert "Søke om trygghetsalarm" in tabell
    assert "18.03.2026" in tabell
    assert "forfalt" not in tabell
    assert g.v.pasient.navn in tabell
    assert "Kjøpe brodder" not in tabell  # Pål's, not the koordinator's

    with time_machine.travel(datetime(2026, 3, 20, 12, 0, tzinfo=OSLO), tick=False):
        client.force_login(g.actor)
        tabell = mine_oppgaver_tabell(client.get("/").content.decode())
        assert "Søke om trygghetsalarm" in tabell
        assert "18.03.2026 – forfalt" in tabell

    for annen in ("kollega", "sykehuskoordinator", "annen_kommune"):
        client.force_login(g.v.brukere[annen])
        html = client.get("/").content.decode()
        assert "Søke om trygghetsalarm" not in html, annen

    url = reverse("ansvarsgruppe:oppgave-utfort", kwargs={"pk": punkt.pk})
    for annen in ("kollega", "sykehuskoordinator", "annen_kommune"):
        client.force_login(g.v.brukere[annen])
        assert client.post(url).status_code == 404, annen
    punkt.refresh_from_db()
    assert punkt.status == Oppgave.Status.AAPEN

    client.force_login(g.actor)
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:start")
    punkt.refresh_from_db()
    assert punkt.status == Oppgave.Status.UTFORT
    assert punkt.history.first().history_user == g.actor
    assert "Søke om trygghetsalarm" not in client.get("/").content.decode()
    assert client.post(url).status_code == 404  # already done


# ---------------------------------------------------------------------------------------------
# 11. The hospital calls the kommune in one step
# ---------------------------------------------------------------------------------------------


def mote_med_kommunen_url(v: Verden) -> str:
    return reverse("ansvarsgruppe:mote-med-kommunen", kwargs={"pk": v.pasient.pk})


MOTE_DATA = {"dato": "2026-03-13", "starter": "13:00", "slutter": "14:00", "sted": "Sykehuset"}


def test_sykehuset_kaller_inn_kommunen_i_ett_steg(client, v, django_capture_on_commit_callbacks):
    sykehuskoordinator = v.brukere["sykehuskoordinator"]
    assert not Ansvarsgruppe.objects.filter(organisasjon=v.sykehus).exists()
    client.force_login(sykehuskoordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(mote_med_kommunen_url(v), MOTE_DATA)

    mote = Mote.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})
    gruppe = Ansvarsgruppe.objects.get(organisasjon=v.sykehus, pasient=v.pasient)
    assert mote.gruppe == gruppe
    assert gruppe.leder == v.ansatt("sykehuskoordinator")
    assert mote.start == datetime(2026, 3, 13, 13, 0, tzinfo=OSLO)
    assert mote.innkalt_av == v.ansatt("sykehuskoordinator")

    kommunens_koordinator = gruppe.medlemmer.get(ansatt=v.ansatt("koordinator"))
    assert kommunens_koordinator.type == Gruppemedlem.Type.ANSATT
    assert kommunens_koordinator.rolle == "Koordinator"
    ke = gruppe.medlemmer.get(type=Gruppemedlem.Type.EKSTERN)
    assert (ke.navn, ke.organisasjon, ke.epost) == (
        "Koordinerende enhet A",
        "Kommune A",
        KE_EPOST,
    )
    assert list(mote.sakspunkter.values_list("tittel", flat=True)) == [
        str(s) for s in services.STANDARD_SAKER_FOR_UTSKRIVNING
    ]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == sorted(
        [EPOST["sykehuskoordinator"], EPOST["koordinator"], KE_EPOST, PASIENT_EPOST]
    )
    _kalender, hendelse, _ = kalender_fra(mail.outbox[0])
    assert str(hendelse["UID"]) == f"{mote.uid}@koordinering"
    # The invitation is also a documented message to the kommune's koordinerende enhet.
    invitasjon = Melding.objects.get()
    assert invitasjon.type == Meldingstype.INVITASJON_ANSVARSGRUPPE
    assert invitasjon.mottaker_enhet.type == "ke"
    assert invitasjon.mottaker_organisasjon == v.kommune
    assert invitasjon.avsender == v.ansatt("sykehuskoordinator")
    assert invitasjon.emne == "Invitasjon til ansvarsgruppemøte 13.03.2026 kl. 13:00"
    assert "Sted: Sykehuset" in invitasjon.tekst
    assert invitasjon.svarfrist == date(2026, 3, 13)  # not after the meeting

    # A second call reuses the group and adds nobody twice.
    services.ansvarsgruppemote_med_kommunen(
        actor=sykehuskoordinator,
        pasient=v.pasient,
        start=datetime(2026, 3, 16, 9, 0, tzinfo=OSLO),
        slutt=datetime(2026, 3, 16, 10, 0, tzinfo=OSLO),
        videolenke="https://video.example.no/utskrivning",
    )
    assert Ansvarsgruppe.objects.filter(organisasjon=v.sykehus).count() == 1
    assert gruppe.moter.count() == 2
    assert gruppe.medlemmer.filter(epost=KE_EPOST).count() == 1
    assert gruppe.medlemmer.filter(ansatt=v.ansatt("koordinator")).count() == 1


def test_sykehuset_kan_ikke_kalle_inn_kommunen_uten_samtykke_til_deling(client, v):
    koordinering_services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=v.samtykke, grunn="Vil bare dele med sykehuset"
    )
    koordinering_services.samtykke_registrer(
        actor=v.brukere["sykehuskoordinator"],
        pasient=v.pasient,
        organisasjoner=[v.sykehus],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG,
    )
    melding = "Pasienten har ikke samtykket til at kommunen får opplysninger. Registrer samtykke."
    with pytest.raises(ValidationError) as feil:
        services.ansvarsgruppemote_med_kommunen(
            actor=v.brukere["sykehuskoordinator"],
            pasient=v.pasient,
            start=VINTER,
            slutt=VINTER + EN_TIME,
            sted="Sykehuset",
        )
    assert feil.value.messages == [melding]

    client.force_login(v.brukere["sykehuskoordinator"])
    response = client.post(mote_med_kommunen_url(v), MOTE_DATA)
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not Mote.objects.exists()
    assert not Ansvarsgruppe.objects.exists()


def test_sykehuset_kan_ikke_kalle_inn_kommunen_uten_tilknytning_til_kommunen(v):
    tilknytning = v.pasient.tilknytninger.get(organisasjon=v.kommune)
    koordinering_services.tilknytning_avslutt(
        actor=v.brukere["kollega"],
        tilknytning=tilknytning,
        til=IDAG - timedelta(days=1),
        grunn="Flyttet",
    )
    with pytest.raises(ValidationError) as feil:
        services.ansvarsgruppemote_med_kommunen(
            actor=v.brukere["sykehuskoordinator"],
            pasient=v.pasient,
            start=VINTER,
            slutt=VINTER + EN_TIME,
            sted="Sykehuset",
        )
    [melding] = feil.value.messages
    assert melding.startswith("Pasienten er ikke knyttet til noen kommune.")
    assert not Mote.objects.exists()
    assert not Ansvarsgruppe.objects.exists()


def test_kommunen_kan_ikke_bruke_sykehusets_innkalling(client, v):
    melding = "Dette er sykehusets innkalling av kommunen."
    with pytest.raises(ValidationError) as feil:
        services.ansvarsgruppemote_med_kommunen(
            actor=v.brukere["koordinator"],
            pasient=v.pasient,
            start=VINTER,
            slutt=VINTER + EN_TIME,
            sted="Rådhuset",
        )
    assert feil.value.messages == [melding]

    client.force_login(v.brukere["koordinator"])
    response = client.post(mote_med_kommunen_url(v), MOTE_DATA)
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert not Mote.objects.exists()
    assert not Ansvarsgruppe.objects.exists()


# ---------------------------------------------------------------------------------------------
# 12. The dashboard does not run a query per action item
# ---------------------------------------------------------------------------------------------


def test_startsidens_antall_sporringer_avhenger_ikke_av_antall_oppgaver(client, g):
    def legg_til_oppgaver(antall: int, start: datetime) -> None:
        mote = innkall(g, start)
        skriv_referat(
            g,
            mote,
            nye_oppgaver=[
                oppgave(g.koordinator, f"Oppgave {start:%H}-{i}", i) for i in range(antall)
            ],
        )

    def sporringer() -> int:
        with CaptureQueriesContext(connection) as sporringer:
            response = client.get("/")
        assert response.status_code == 200
        return len(sporringer), mine_oppgaver_tabell(response.content.decode()).count("<tr>")

    legg_til_oppgaver(2, datetime(2026, 3, 11, 8, 0, tzinfo=OSLO))
    client.force_login(g.actor)
    client.get("/")  # warm up
    med_to, rader = sporringer()
    assert rader == 1 + 2

    legg_til_oppgaver(5, datetime(2026, 3, 11, 9, 0, tzinfo=OSLO))
    legg_til_oppgaver(5, datetime(2026, 3, 11, 10, 0, tzinfo=OSLO))
    med_tolv, rader = sporringer()
    assert rader == 1 + 12
    assert med_tolv == med_to


# ---------------------------------------------------------------------------------------------
# Changing a meeting through the form
# ---------------------------------------------------------------------------------------------


def test_mote_kan_endres_i_skjemaet(client, g, django_capture_on_commit_callbacks):
    mote = innkall(g, VINTER)
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:mote-endre", kwargs={"pk": mote.pk})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"dato": "2026-03-18", "starter": "12:00", "slutter": "13:00", "sted": "Rådhuset"}
        )
    assert response.status_code == 302
    mote.refresh_from_db()
    assert (mote.sekvens, mote.start) == (1, VINTER + timedelta(hours=2))
    assert len(mail.outbox) == 1


# ---------------------------------------------------------------------------------------------
# Goal assessments survive editing the draft and reach the plan in a new revision
# ---------------------------------------------------------------------------------------------


def skjemadata(form) -> dict:
    """What a browser posts back for an unchanged form: every field's shown value."""
    data = {}
    for navn in form.fields:
        verdi = form[navn].value()
        if verdi is None:
            continue
        if isinstance(verdi, list | tuple):
            data[navn] = [getattr(x, "pk", x) for x in verdi]
        else:
            data[navn] = getattr(verdi, "pk", verdi)
    return data


def test_referatskjemaet_beholder_lagrede_maalvurderinger(client, g, plan_med_maal):
    _plan, maal = plan_med_maal
    mote = innkall(g, I_DAG_KL_10)
    sak = mote.sakspunkter.first()
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:referat-skjema", kwargs={"pk": mote.pk})
    response = client.post(
        url,
        {
            "til_stede": [g.koordinator.pk],
            f"maal_{maal.pk}": "delvis",
            f"maal_{maal.pk}_kommentar": "Går med følge",
            "neste_evaluering": "2026-07-09",
        },
    )
    assert response.status_code == 302
    referat = Referat.objects.get(mote=mote)
    assert referat.maalvurderinger == {str(maal.pk): ["delvis", "Går med følge"]}

    # Reopen the draft, add a note and save: the goal assessment must still be there.
    data = skjemadata(client.get(url).context["form"])
    data[f"notat_{sak.pk}"] = "Lagt til etterpå"
    assert client.post(url, data).status_code == 302
    referat.refresh_from_db()
    assert referat.notater.get(sakspunkt=sak).notat == "Lagt til etterpå"
    assert referat.maalvurderinger == {str(maal.pk): ["delvis", "Går med følge"]}
    assert referat.neste_evaluering == date(2026, 7, 9)


def test_rettet_maalvurdering_i_ny_revisjon_naar_planen(g, plan_med_maal):
    plan, maal = plan_med_maal
    mote = innkall(g, I_DAG_KL_10)
    referat = skriv_referat(
        g,
        mote,
        maalvurderinger={maal.pk: ("delvis", "Går med følge")},
        neste_evaluering=IDAG + timedelta(days=120),
    )
    services.referat_godkjenn(actor=g.actor, referat=referat)
    services.referat_ny_revisjon(actor=g.actor, referat=referat)
    skriv_referat(
        g,
        mote,
        maalvurderinger={maal.pk: ("naadd", "Klarer butikken alene")},
        neste_evaluering=IDAG + timedelta(days=150),
    )
    services.referat_godkjenn(actor=g.actor, referat=referat)

    referat.refresh_from_db()
    assert list(
        referat.evaluering.vurderinger.values_list("maal_id", "vurdering", "kommentar")
    ) == [(maal.pk, "naadd", "Klarer butikken alene")]
    plan.refresh_from_db()
    assert plan.neste_evaluering == IDAG + timedelta(days=150)


def test_oppgave_forsvinner_fra_sykehusets_dashbord_naar_samtykket_trekkes(g, client):
    mote = innkall(g, datetime(2026, 3, 18, 10, 0, tzinfo=OSLO))
    referat = skriv_referat(g, mote, nye_oppgaver=[oppgave(g.sykehus, "Sende epikrise")])
    sykehuskoordinator = g.v.brukere["sykehuskoordinator"]
    client.force_login(sykehuskoordinator)
    assert "Sende epikrise" in client.get("/").content.decode()

    koordinering_services.samtykke_trekk_tilbake(
        actor=g.actor, samtykke=g.v.samtykke, grunn="Ønsker ikke deling"
    )
    client.force_login(sykehuskoordinator)
    assert "Sende epikrise" not in client.get("/").content.decode()
    oppgaven = referat.oppgaver.get()
    assert client.post(f"/oppgaver/{oppgaven.pk}/utfort/").status_code == 404
    oppgaven.refresh_from_db()
    assert oppgaven.status == Oppgave.Status.AAPEN


def test_referat_uten_maalfelter_beholder_lagrede_maalvurderinger(g, plan_med_maal):
    mote = innkall(g, datetime(2026, 3, 18, 10, 0, tzinfo=OSLO))
    _plan, maal = plan_med_maal
    skriv_referat(
        g,
        mote,
        maalvurderinger={maal.pk: ("delvis", "Nesten")},
        neste_evaluering=IDAG + timedelta(days=60),
    )
    # Someone who may not assess the goals saves the minutes again (no goal fields: None).
    referat = skriv_referat(g, mote, maalvurderinger=None)
    assert referat.maalvurderinger == {str(maal.pk): ["delvis", "Nesten"]}
    assert referat.neste_evaluering == IDAG + timedelta(days=60)


def test_medlemskap_kan_avsluttes_og_avsluttet_medlem_faar_ikke_innkallinger(g, client):
    client.force_login(g.actor)
    response = client.post(
        reverse("ansvarsgruppe:gruppemedlem-endre", kwargs={"pk": g.paal.pk}),
        {
            "type": "parorende",
            "parorende": g.v.paal.pk,
            "rolle": "Sønn",
            "fra": "2026-01-01",
            "til": "2026-03-10",
        },
    )
    assert response.status_code == 302
    g.paal.refresh_from_db()
    assert g.paal.til == date(2026, 3, 10)
    assert g.paal.history.first().history_user == g.actor
    assert PAAL_EPOST not in mottakere(g.gruppe)


def test_endret_medlem_med_til_foer_fra_avvises_og_lagres_ikke(g, client):
    client.force_login(g.actor)
    response = client.post(
        reverse("ansvarsgruppe:gruppemedlem-endre", kwargs={"pk": g.paal.pk}),
        {"type": "parorende", "parorende": g.v.paal.pk, "fra": "2026-03-10", "til": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "Til-dato kan ikke være før fra-dato." in response.content.decode()
    g.paal.refresh_from_db()
    assert g.paal.til is None
