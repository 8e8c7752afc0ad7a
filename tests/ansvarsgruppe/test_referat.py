"""The minutes: locked when approved, revisions, goal assessments that become plan
evaluations, the printed minutes and who gets them (the world:
tests/ansvarsgruppe/verden.py)."""

from datetime import date, datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ansvarsgruppe import selectors, services
from ansvarsgruppe.models import Gruppemedlem, Referat
from individuellplan import services as plan_services
from individuellplan.models import Evaluering, Maalvurdering
from koordinering import services as koordinering_services
from tests.ansvarsgruppe.verden import (
    EPOST,
    I_DAG_KL_10,
    NAV_EPOST,
    PAAL_EPOST,
    PASIENT_EPOST,
    SIRI_EPOST,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    meldinger,
    oppgave,
    skriv_referat,
)
from tests.poppler import tekst_av
from tests.verden import IDAG, OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

LAAST = "Referatet er godkjent og låst. Lag en ny revisjon for å gjøre endringer."


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


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


# ---------------------------------------------------------------------------------------------
# 7. The printed minutes
# ---------------------------------------------------------------------------------------------


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
    tekst = tekst_av(referat.pdf.path)

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

    # Staff who log in get a notice each, with a link and without the minutes; everyone else
    # entitled gets the printed minutes (the meeting page lists them). Siri has no right.
    varsler = [m for m in mail.outbox if m.subject.startswith("Nytt referat")]
    assert all(m.attachments == [] for m in mail.outbox)
    assert varsler[0].subject == "Nytt referat fra ansvarsgruppemøte 11.03.2026"
    forventet = [[EPOST["koordinator"]]]
    if delt_med_sykehuset:
        forventet.append([EPOST["sykehuskoordinator"]])
    assert sorted(m.to for m in varsler) == sorted(forventet)
    assert (PAAL_EPOST, SIRI_EPOST, PASIENT_EPOST, NAV_EPOST) not in [m.to for m in mail.outbox]
    brev = {m.pk for m in selectors.uten_innlogging(g.gruppe)}
    assert brev == {g.paal.pk, g.gruppe.medlemmer.get(type=Gruppemedlem.Type.PASIENT).pk} | (
        {g.nav.pk} if delt_med_sykehuset else set()
    )


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
