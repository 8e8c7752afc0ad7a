"""No job is lost (issue 15 point 1), end to end with PostgreSQL, a redis-server of the test's
own and a real Celery worker process:

- With the broker down, publishing a plan, ordering a PDF, sending a message and calling a
  meeting each answer with the page (302 → 200) that says the job is queued, and the change is
  saved. When the broker and a worker come back, every job is done exactly once, also though
  each job was queued twice (the late on_commit and the sweep).
- A worker SIGKILLed in the middle of a PDF: the PDF is there within two minutes of the order.
  The test runs at a scale of seconds (its own time limits and visibility timeout);
  tests/test_celery.py proves that the production values keep the same relation in minutes.

Runs where DATABASE_URL points at PostgreSQL and redis-server is installed (CI; with
REQUIRE_SERVICES=1 a missing service fails instead of skipping)."""

import email
import time
import uuid
from collections import Counter
from datetime import timedelta
from email import policy

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ansvarsgruppe.models import Mote
from ansvarsgruppe.selectors import mottakere
from config.celery import app as celery_app
from felles import jobber
from felles.models import Jobb
from individuellplan import services as plan_services
from individuellplan.models import PlanUtskrift, PlanVersjon
from meldinger.models import Melding
from tests.ansvarsgruppe.verden import bygg_gruppe, bygg_verden
from tests.integrasjon.tjenester import Arbeider, EgenRedis
from varsler.models import Varsel

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="en ekte Celery-arbeider trenger PostgreSQL (DATABASE_URL), ikke SQLite",
    ),
]

VENTER, FERDIG = Jobb.Tilstand.VENTER, Jobb.Tilstand.FERDIG


def _nye_koblinger():
    """The next publish connects to the broker now configured, not through a pool made for
    another URL (the pools are made on first use and kept)."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def koe(tmp_path, monkeypatch):
    """A broker of the test's own, not started: the web side (this process) publishes to it
    for real, as production does, and finds it down until the test starts it."""
    redis = EgenRedis(tmp_path)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    monkeypatch.setitem(celery_app.conf, "broker_url", redis.url)
    _nye_koblinger()
    try:
        yield redis
    finally:
        redis.stopp()
        monkeypatch.undo()
        _nye_koblinger()


@pytest.fixture
def kataloger(tmp_path, settings):
    media, epost = tmp_path / "media", tmp_path / "epost"
    media.mkdir()
    epost.mkdir()
    settings.MEDIA_ROOT = media
    return media, epost


def _pdfer(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*.pdf"))


def _post(klient: Client, url: str, data: dict, tekst: str):
    """The action answers at once with a redirect to a page that says the job is queued."""
    start = time.monotonic()
    svar = klient.post(url, data, follow=True)
    assert time.monotonic() - start < 10, f"{url} ventet på køen"
    assert svar.redirect_chain and svar.redirect_chain[0][1] == 302, url
    assert svar.status_code == 200, url
    assert tekst in svar.content.decode(), url
    return svar


def test_koen_nede_under_fire_handlinger_og_hver_jobb_gjores_en_gang_etterpaa(
    koe, kataloger, tmp_path
):
    media, epost = kataloger
    v = bygg_verden()
    bygg_gruppe(v)
    koordinator = v.brukere["koordinator"]
    idag = timezone.localdate()
    plan = plan_services.plan_opprett(
        actor=koordinator, pasient=v.pasient, periode_fra=idag,
        periode_til=idag + timedelta(days=365), neste_evaluering=idag + timedelta(days=90),
    )  # fmt: skip
    plan_services.maal_lagre(actor=koordinator, plan=plan, tekst="Klare seg hjemme")
    gruppe = v.pasient.ansvarsgrupper.get()
    klient = Client()
    klient.force_login(koordinator)

    # The broker is down (never started) during all four actions.
    _post(klient, reverse("individuellplan:plan-publiser", args=[plan.pk]), {},
          "Versjon 1 er publisert. PDF-en er bestilt og lages så snart som mulig.")  # fmt: skip
    _post(klient, reverse("individuellplan:utskrift-bestill", args=[plan.pk]), {},
          "Utskriften er bestilt og lages så snart som mulig.")  # fmt: skip
    _post(
        klient,
        reverse("meldinger:melding-opprett", args=[v.pasient.pk]),
        {
            "type": "dialog",
            "avsender_enhet": v.hjemme.pk,
            "mottaker_enhet": v.medisinsk.pk,
            "prioritet": "normal",
            "emne": "Hjemreise",
            "tekst": "Når kommer hun hjem?",
            "innsending_id": uuid.uuid4(),
        },  # fmt: skip
        "er lagret og sendes så snart som mulig.",
    )
    dato = idag + timedelta(days=7)
    _post(
        klient,
        reverse("ansvarsgruppe:mote-opprett", args=[gruppe.pk]),
        {
            "dato": dato.isoformat(),
            "starter": "10:00",
            "slutter": "11:00",
            "sted": "Rådhuset",
            "saker": "Status",
        },  # fmt: skip
        "Innkallingen sendes til medlemmene så snart som mulig.",
    )

    # Every change is saved; every job waits, never sent (also the notifications' e-mails
    # queued while the world was built).
    versjon = PlanVersjon.objects.get(plan=plan)
    utskrift = PlanUtskrift.objects.get(plan=plan)
    melding = Melding.objects.get(pasient=v.pasient)
    mote = Mote.objects.get(gruppe=gruppe)
    assert not versjon.pdf and utskrift.status == PlanUtskrift.Status.VENTER
    assert melding.status == Melding.Status.SENDT and mote.sendt_sekvens < mote.sekvens
    ventende = list(Jobb.objects.filter(tilstand=VENTER))
    assert {j.navn for j in ventende} >= {
        "individuellplan.tasks.pdf_plan_versjon", "individuellplan.tasks.pdf_plan_utskrift",
        "meldinger.tasks.melding_lever", "ansvarsgruppe.tasks.epost_innkalling",
    }  # fmt: skip
    assert all(j.forsok == 0 and j.koet is None for j in ventende)
    assert Jobb.objects.count() == len(ventende)

    # The broker is back. Each job is queued twice: a late on_commit copy and the sweep (as if
    # it had gone stale), before a worker with two processes takes them.
    koe.start()  # the same web process publishes again, with no restart
    assert all(jobber.jobb_send(j) for j in ventende)
    senere = timezone.now() + timedelta(hours=1)
    assert jobber.jobber_sveip(naa=senere) == {"sendt": len(ventende), "gitt_opp": 0}
    arbeider = Arbeider(koe.url, tmp_path, samtidige=2, EPOST_KATALOG=str(epost),
                        EPOST_PAUSE="0.1", MEDIA_ROOT=str(media))  # fmt: skip
    try:
        arbeider.start()
        arbeider.vent(
            lambda: not Jobb.objects.filter(tilstand=VENTER).exists()
            and Melding.objects.get(pk=melding.pk).status == Melding.Status.LEVERT,
            120, "at alle jobbene er gjort", underveis=jobber.jobber_sveip,
        )  # fmt: skip
        time.sleep(3)  # the second copies have arrived and done nothing
    finally:
        arbeider.drep()

    assert set(Jobb.objects.values_list("tilstand", flat=True)) == {FERDIG}
    # Exactly once: one PDF per version and per print, one notice per meeting sequence, one
    # e-mail per notification that wants one, one notification per receiver and event.
    utskrift.refresh_from_db()
    versjon.refresh_from_db()
    mote.refresh_from_db()
    assert utskrift.status == PlanUtskrift.Status.FERDIG and versjon.pdf
    assert _pdfer(media) == sorted([versjon.pdf.name, utskrift.fil.name])
    assert mote.sendt_sekvens == mote.sekvens
    eposter = [
        email.message_from_bytes(f.read_bytes(), policy=policy.default) for f in epost.iterdir()
    ]
    # The invitation: one e-mail to each entitled member, each exactly once.
    innkalling = Counter(
        e["To"] for e in eposter if e["Subject"] == f"Ansvarsgruppemøte {dato:%d.%m.%Y} kl. 10:00"
    )
    assert sorted(innkalling) == mottakere(gruppe)
    assert set(innkalling.values()) == {1}
    per_varsel = Counter(e["X-Koordinering-Varsel"] for e in eposter if e["X-Koordinering-Varsel"])
    sendt = Varsel.objects.filter(epost=Varsel.Epost.SENDT).values_list("pk", flat=True)
    assert per_varsel == Counter({str(pk): 1 for pk in sendt})
    assert not Varsel.objects.filter(epost=Varsel.Epost.VENTER).exists()
    varsler = Counter(Varsel.objects.values_list("hendelse_id", "mottaker_id"))
    assert varsler and set(varsler.values()) == {1}
    # The delivered message notified its receivers (one notification each).
    assert Varsel.objects.filter(hendelse__objekt_id=melding.pk).exists()


GRENSE = 12  # every task's hard time limit in the kill test (production: 60–110 s)
SYNLIGHET = 15  # its visibility timeout, just above it (production: 120 s)


def test_arbeideren_drepes_midt_i_en_pdf_og_pdfen_kommer_innen_to_minutter(
    koe, kataloger, tmp_path, monkeypatch
):
    media, epost = kataloger
    v = bygg_verden()
    koordinator = v.brukere["koordinator"]
    idag = timezone.localdate()
    plan = plan_services.plan_opprett(
        actor=koordinator, pasient=v.pasient, periode_fra=idag,
        periode_til=idag + timedelta(days=365), neste_evaluering=idag + timedelta(days=90),
    )  # fmt: skip
    plan_services.maal_lagre(actor=koordinator, plan=plan, tekst="Klare seg hjemme")
    pdf_oppgave = jobber.oppgave("individuellplan.tasks.pdf_plan_utskrift")
    monkeypatch.setattr(pdf_oppgave, "time_limit", GRENSE)  # the sweep's view of it
    monkeypatch.setattr(pdf_oppgave, "soft_time_limit", GRENSE - 2)
    assert jobber.foreldet_etter(pdf_oppgave.name) == timedelta(seconds=GRENSE + 15)

    koe.start()
    merke = tmp_path / "pdf-paabegynt"
    arbeider = Arbeider(
        koe.url, tmp_path, EPOST_KATALOG=str(epost), MEDIA_ROOT=str(media),
        TIDSGRENSE_SEKUNDER=str(GRENSE), SYNLIGHET_SEKUNDER=str(SYNLIGHET),
        PDF_PAUSE="60", PDF_MERKE=str(merke),
    )  # fmt: skip
    klient = Client()
    klient.force_login(koordinator)
    try:
        arbeider.start()
        bestilt = time.monotonic()
        _post(klient, reverse("individuellplan:utskrift-bestill", args=[plan.pk]), {},
              "Utskriften er bestilt og lages så snart som mulig.")  # fmt: skip
        utskrift = PlanUtskrift.objects.get(plan=plan)

        arbeider.vent(merke.exists, 60, "at arbeideren begynner på PDF-en")
        arbeider.drep()  # SIGKILL in the middle of the render
        utskrift.refresh_from_db()
        assert utskrift.status == PlanUtskrift.Status.VENTER

        arbeider.start()
        arbeider.vent(
            lambda: PlanUtskrift.objects.get(pk=utskrift.pk).status == PlanUtskrift.Status.FERDIG,
            120 - (time.monotonic() - bestilt), "PDF-en etter at arbeideren ble drept",
            underveis=jobber.jobber_sveip,
        )  # fmt: skip
        assert time.monotonic() - bestilt < 120
        # Both ways back (Redis' redelivery, the sweep's copy) have had their turn: still one.
        time.sleep(SYNLIGHET + 3)
        jobber.jobber_sveip()
    finally:
        arbeider.drep()

    utskrift.refresh_from_db()
    assert _pdfer(media) == [utskrift.fil.name]
    jobb = Jobb.objects.get(navn=pdf_oppgave.name)
    assert jobb.tilstand == FERDIG and jobb.forsok >= 1
