"""Meetings: the calendar invitation, e-mail only after commit, idempotent tasks, changing a
meeting through the form, and the hospital calling the kommune in one step (the world:
tests/ansvarsgruppe/verden.py)."""

from datetime import date, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from icalendar import Calendar

from ansvarsgruppe import pdf, services
from ansvarsgruppe.models import Ansvarsgruppe, Gruppemedlem, Mote, Sakspunkt
from ansvarsgruppe.tasks import epost_innkalling, epost_referat, pdf_referat
from koordinering import services as koordinering_services
from koordinering.models import Samtykke
from meldinger.models import Melding, Meldingstype
from tests.ansvarsgruppe.verden import (
    ALLE_MEDLEMMER,
    EN_TIME,
    EPOST,
    GRUNN,
    I_DAG_KL_10,
    KE_EPOST,
    PASIENT_EPOST,
    SOMMER,
    VINTER,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    skriv_referat,
)
from tests.verden import IDAG, OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


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


def runde(fra: int) -> list:
    """The e-mails of one sending, from `mail.outbox[fra]` on: one per member, each to that
    member alone (no shared To:), sorted by address."""
    eposter = sorted(mail.outbox[fra:], key=lambda e: e.to)
    assert [e.to for e in eposter] == [[a] for a in ALLE_MEDLEMMER]
    assert len({(e.subject, e.body) for e in eposter}) == 1  # the same text for everyone
    return eposter


def samme_hendelse(eposter, *, metode: str, sekvens: int) -> tuple[Calendar, object]:
    """Every member's .ics is the same event (UID, SEQUENCE) and lists only that member, and
    carries time, place and «Ansvarsgruppemøte» only."""
    hendelser = []
    for epost in eposter:
        kalender, hendelse, mimetype = kalender_fra(epost)
        assert f"method={metode}" in mimetype
        assert kalender["METHOD"] == metode
        assert hendelse["SEQUENCE"] == sekvens
        assert deltakere(hendelse) == epost.to
        assert str(hendelse["SUMMARY"]) == "Ansvarsgruppemøte"
        for felt in ("DESCRIPTION", "COMMENT"):
            assert felt not in hendelse
        hendelser.append((kalender, hendelse))
    assert len({str(h["UID"]) for _k, h in hendelser}) == 1
    return hendelser[0]


def test_innkalling_endring_og_avlysning_er_samme_kalenderhendelse(
    g, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mote = innkall(g, VINTER)
    forste = runde(0)
    assert forste[0].subject == "Ansvarsgruppemøte 18.03.2026 kl. 10:00"
    assert all(not e.cc and not e.bcc for e in forste)
    kalender, hendelse = samme_hendelse(forste, metode="REQUEST", sekvens=0)
    uid = str(hendelse["UID"])
    assert uid == f"{mote.uid}@koordinering"
    assert hendelse["STATUS"] == "CONFIRMED"
    sjekk_oslo_tid(hendelse, "DTSTART", VINTER, 1)
    sjekk_oslo_tid(hendelse, "DTEND", VINTER + EN_TIME, 1)
    sjekk_vtimezone(kalender)
    assert str(hendelse["LOCATION"]) == "Møterom Ørnen, rådhuset"

    # First change: another room. Same event, next sequence.
    with django_capture_on_commit_callbacks(execute=True):
        mote = services.mote_endre(actor=g.actor, mote=mote, sted="Helsehuset, møterom 2")
    endret = runde(len(ALLE_MEDLEMMER))
    assert endret[0].subject.startswith("Endret: ")
    kalender, hendelse = samme_hendelse(endret, metode="REQUEST", sekvens=1)
    assert str(hendelse["UID"]) == uid
    assert str(hendelse["LOCATION"]) == "Helsehuset, møterom 2"
    sjekk_oslo_tid(hendelse, "DTSTART", VINTER, 1)

    # Second change: moved to a summer date, still 10:00 in Oslo (UTC+2 now).
    with django_capture_on_commit_callbacks(execute=True):
        mote = services.mote_endre(actor=g.actor, mote=mote, start=SOMMER, slutt=SOMMER + EN_TIME)
    flyttet = runde(2 * len(ALLE_MEDLEMMER))
    kalender, hendelse = samme_hendelse(flyttet, metode="REQUEST", sekvens=2)
    assert str(hendelse["UID"]) == uid
    sjekk_oslo_tid(hendelse, "DTSTART", SOMMER, 2)
    sjekk_oslo_tid(hendelse, "DTEND", SOMMER + EN_TIME, 2)
    sjekk_vtimezone(kalender)
    assert flyttet[0].subject == "Endret: Ansvarsgruppemøte 17.06.2026 kl. 10:00"

    # Cancellation: METHOD:CANCEL, the same UID, a higher sequence.
    with django_capture_on_commit_callbacks(execute=True):
        services.mote_avlys(actor=g.actor, mote=mote, grunn=GRUNN)
    avlysning = runde(3 * len(ALLE_MEDLEMMER))
    assert avlysning[0].subject.startswith("Avlyst: ")
    _kalender, hendelse = samme_hendelse(avlysning, metode="CANCEL", sekvens=3)
    assert str(hendelse["UID"]) == uid
    assert hendelse["STATUS"] == "CANCELLED"
    mote.refresh_from_db()
    assert (mote.status, mote.sekvens, mote.sendt_sekvens) == (Mote.Status.AVLYST, 3, 3)


def test_innkallingen_sier_bare_tid_og_sted_og_lenker_til_motet(
    g, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mote = innkall(g, VINTER, saker=("Smerter og medisiner",))
    for epost in mail.outbox:
        assert epost.attachments[0][0] == "innkalling.ics" and len(epost.attachments) == 1
        assert "Tid: 18.03.2026 kl. 10:00–11:00" in epost.body
        assert "Sted: Møterom Ørnen, rådhuset" in epost.body
        assert reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}) in epost.body
        ics = epost.attachments[0][1]  # text/* attachments are kept as str
        for hemmelig in ("Smerter", "Åse", "Ørnebæk", g.v.pasient.fodselsnummer):
            assert hemmelig not in epost.subject + epost.body + ics


def test_innkalling_med_videolenke_uten_sted(g, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        innkall(g, VINTER, sted="", videolenke="https://video.example.no/rom/42")
    _kalender, hendelse, _ = kalender_fra(mail.outbox[0])
    assert str(hendelse["LOCATION"]) == "https://video.example.no/rom/42"
    assert str(hendelse["URL"]) == "https://video.example.no/rom/42"
    assert "DESCRIPTION" not in hendelse  # no agenda in a calendar entry
    assert "Sted: https://video.example.no/rom/42" in mail.outbox[0].body


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
    assert len(mail.outbox) == len(ALLE_MEDLEMMER)
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
    assert len(mail.outbox) == len(ALLE_MEDLEMMER)
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
    # Only the staff members who log in, each alone, told there is something to read; the
    # minutes are never attached. The patient, relatives and external members get a letter.
    assert sorted(e.to for e in mail.outbox) == [
        [EPOST["koordinator"]],
        [EPOST["sykehuskoordinator"]],
    ]
    for epost in mail.outbox:
        assert epost.attachments == []
        assert epost.subject == "Nytt referat fra ansvarsgruppemøte " + f"{IDAG:%d.%m.%Y}"
        assert reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}) in epost.body
        assert "Åse" not in epost.body
    referat.refresh_from_db()
    assert referat.sendt_revisjon == 1


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
    assert len(mail.outbox) == len(ALLE_MEDLEMMER)


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
    assert sorted(e.to for e in mail.outbox) == [
        [a]
        for a in sorted(
            [EPOST["sykehuskoordinator"], EPOST["koordinator"], KE_EPOST, PASIENT_EPOST]
        )
    ]
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
