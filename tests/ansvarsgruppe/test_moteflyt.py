"""Meetings and minutes have no dead ends (issue 12, item 4): minutes are drafted before the
meeting and approved after it started, with what is missing listed; time and place can be
corrected until the minutes are approved; cancelling asks for a reason, shown on the meeting
page the cancellation links to (never in the e-mail or the .ics); no notice for a time that
has passed; members without e-mail get a printed letter (the world:
tests/ansvarsgruppe/verden.py)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from ansvarsgruppe import services
from ansvarsgruppe.models import Gruppemedlem, Mote, Referat, Sakspunkt
from individuellplan.models import Evaluering
from koordinering import services as koordinering_services
from koordinering.models import Parorende
from tests.ansvarsgruppe.verden import (
    EN_TIME,
    GRUNN,
    I_DAG_KL_10,
    VINTER,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    meldinger,
    skriv_referat,
)
from tests.koordinering.verden import logget, siste_logg_id
from tests.poppler import tekst_av

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

IKKE_STARTET = "Referatet kan godkjennes når møtet har startet (18.03.2026 kl. 10.00)."
INGEN_TIL_STEDE = "Registrer hvem som var til stede."
HAR_VAERT = "Møtet kan ikke legges til et tidspunkt som har vært."
GODKJENT_LAAST = (
    "Referatet er godkjent, så tid og sted kan ikke lenger endres. Lag en ny revisjon av "
    "referatet for å rette møtet."
)
UTEN_EPOST = "må få innkallingen på annen måte"


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


def motets_tilstand(mote: Mote) -> tuple:
    mote = Mote.objects.get(pk=mote.pk)
    return (
        mote.start,
        mote.slutt,
        mote.sted,
        mote.status,
        mote.avlysningsgrunn,
        mote.sekvens,
        mote.history.count(),
    )


def referatets_tilstand(referat: Referat) -> tuple:
    referat = Referat.objects.get(pk=referat.pk)
    return (referat.status, referat.godkjent, referat.history.count(), Evaluering.objects.count())


# ---------------------------------------------------------------------------------------------
# Minutes: drafted before, approved after the meeting started; what is missing is listed
# ---------------------------------------------------------------------------------------------


def test_referat_kan_skrives_foer_moetet_men_godkjennes_foerst_naar_det_har_startet(g):
    mote = innkall(g, VINTER)
    referat = skriv_referat(g, mote, neste_mote="Agenda: hjelp om morgenen")
    foer = referatets_tilstand(referat)

    with pytest.raises(ValidationError) as feil:
        services.referat_godkjenn(actor=g.actor, referat=referat)

    assert feil.value.messages == [IKKE_STARTET]
    assert referatets_tilstand(referat) == foer
    assert referat.status == Referat.Status.UTKAST


def test_godkjenning_lister_alt_som_mangler(g):
    referat = skriv_referat(g, innkall(g, VINTER), til_stede=[])
    foer = referatets_tilstand(referat)

    with pytest.raises(ValidationError) as feil:
        services.referat_godkjenn(actor=g.actor, referat=referat)

    assert feil.value.messages == [IKKE_STARTET, INGEN_TIL_STEDE]
    assert referatets_tilstand(referat) == foer


def test_moetesiden_viser_hva_som_mangler_og_ingen_godkjennknapp(client, g):
    mote = innkall(g, VINTER)
    skriv_referat(g, mote, til_stede=[])
    client.force_login(g.actor)

    side = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}))

    html = side.content.decode()
    assert 'data-testid="mangler"' in html
    assert f"<li>{IKKE_STARTET}</li>" in html and f"<li>{INGEN_TIL_STEDE}</li>" in html
    assert "Godkjenn referatet" not in html
    assert "Endre møte" in html  # the way out: correct the meeting's time


def test_godkjenning_i_skjermbildet_viser_hva_som_mangler(client, g):
    mote = innkall(g, VINTER)
    referat = skriv_referat(g, mote)
    foer = referatets_tilstand(referat)
    client.force_login(g.actor)

    svar = client.post(reverse("ansvarsgruppe:referat-godkjenn", kwargs={"pk": mote.pk}))

    assert svar.status_code == 302
    assert meldinger(svar) == [IKKE_STARTET]
    assert referatets_tilstand(referat) == foer


def test_moetetiden_rettes_mens_referatet_er_utkast_og_saa_godkjennes(client, g):
    """The dead end of the issue: minutes written for a meeting whose time was entered wrong.
    The time is corrected to when the meeting was held, then the minutes are approved."""
    mote = innkall(g, VINTER)
    referat = skriv_referat(g, mote)
    client.force_login(g.actor)

    svar = client.post(
        reverse("ansvarsgruppe:mote-endre", kwargs={"pk": mote.pk}),
        {"dato": "2026-03-11", "starter": "10:00", "slutter": "11:00", "sted": "Rådhuset"},
    )
    assert svar.status_code == 302, svar.content.decode()
    mote.refresh_from_db()
    assert (mote.start, mote.sted) == (I_DAG_KL_10, "Rådhuset")

    svar = client.post(reverse("ansvarsgruppe:referat-godkjenn", kwargs={"pk": mote.pk}))
    assert meldinger(svar)[-1].startswith("Referatet er godkjent og låst.")
    referat.refresh_from_db()
    assert referat.status == Referat.Status.GODKJENT


# ---------------------------------------------------------------------------------------------
# Time and place: corrected until the minutes are approved
# ---------------------------------------------------------------------------------------------


def test_moetet_kan_ikke_endres_naar_referatet_er_godkjent(client, g):
    mote = innkall(g, I_DAG_KL_10)
    services.referat_godkjenn(actor=g.actor, referat=skriv_referat(g, mote))
    foer = motets_tilstand(mote)

    with pytest.raises(ValidationError) as feil:
        services.mote_endre(actor=g.actor, mote=mote, sted="Helsehuset")
    assert feil.value.messages == [GODKJENT_LAAST]
    assert motets_tilstand(mote) == foer

    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:mote-endre", kwargs={"pk": mote.pk})
    assert (
        "Endre møte"
        not in client.get(
            reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})
        ).content.decode()
    )
    for svar in (
        client.get(url),
        client.post(url, {"dato": "2026-03-11", "starter": "10:00", "slutter": "11:00"}),
    ):
        assert svar.status_code == 302
        assert set(meldinger(svar)) == {GODKJENT_LAAST}
    assert motets_tilstand(mote) == foer


def test_moetet_kan_ikke_flyttes_til_et_tidspunkt_som_har_vaert_uten_referat(client, g):
    mote = innkall(g, VINTER)
    foer = motets_tilstand(mote)

    with pytest.raises(ValidationError) as feil:
        services.mote_endre(
            actor=g.actor, mote=mote, start=I_DAG_KL_10, slutt=I_DAG_KL_10 + EN_TIME
        )
    assert feil.value.message_dict == {"dato": [HAR_VAERT]}
    assert motets_tilstand(mote) == foer

    client.force_login(g.actor)
    svar = client.post(
        reverse("ansvarsgruppe:mote-endre", kwargs={"pk": mote.pk}),
        {"dato": "2026-03-11", "starter": "10:00", "slutter": "11:00", "sted": "Rådhuset"},
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["dato"] == [HAR_VAERT]
    assert motets_tilstand(mote) == foer


def test_moete_som_har_startet_kan_faa_rettet_sted_uten_aa_flytte_tiden(g):
    mote = innkall(g, I_DAG_KL_10)
    services.mote_endre(actor=g.actor, mote=mote, sted="Helsehuset")
    mote.refresh_from_db()
    assert (mote.start, mote.sted) == (I_DAG_KL_10, "Helsehuset")


# ---------------------------------------------------------------------------------------------
# No notice for a time that has passed
# ---------------------------------------------------------------------------------------------


def test_innkalling_til_et_tidspunkt_som_har_vaert_avvises(
    client, g, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as feil,
    ):
        services.mote_innkall(
            actor=g.actor,
            gruppe=g.gruppe,
            start=I_DAG_KL_10,
            slutt=I_DAG_KL_10 + EN_TIME,
            sted="Rådhuset",
            sakspunkter=[("Status", None)],
        )
    assert feil.value.message_dict == {"dato": [HAR_VAERT]}

    client.force_login(g.actor)
    svar = client.post(
        reverse("ansvarsgruppe:mote-opprett", kwargs={"pk": g.gruppe.pk}),
        {"dato": "2026-03-11", "starter": "10:00", "slutter": "11:00", "sted": "Rådhuset"},
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["dato"] == [HAR_VAERT]
    assert HAR_VAERT in svar.content.decode()
    assert not Mote.objects.exists()
    assert not Sakspunkt.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------------------------------------
# Cancelling: confirmation and a reason on the meeting page the cancellation links to
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("grunn", "melding"),
    [
        ("", "Oppgi hvorfor møtet avlyses."),
        ("   ", "Oppgi hvorfor møtet avlyses."),
        ("Åse er innlagt", "Grunnen kan ikke inneholde pasientens navn."),
    ],
    ids=["tom", "blank", "pasientens-navn"],
)
def test_avlysning_uten_gyldig_grunn_avvises(client, g, grunn, melding):
    mote = innkall(g, VINTER)
    foer = motets_tilstand(mote)

    with pytest.raises(ValidationError) as feil:
        services.mote_avlys(actor=g.actor, mote=mote, grunn=grunn)
    assert feil.value.message_dict == {"avlysningsgrunn": [melding]}

    client.force_login(g.actor)
    svar = client.post(
        reverse("ansvarsgruppe:mote-avlys", kwargs={"pk": mote.pk}), {"avlysningsgrunn": grunn}
    )
    assert svar.status_code == 200
    assert svar.context["form"].errors["avlysningsgrunn"] == [melding]
    assert motets_tilstand(mote) == foer


def test_avlysning_spor_om_grunn_og_avlysningen_lenker_til_den(
    client, g, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mote = innkall(g, VINTER)
    client.force_login(g.actor)
    side = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}))
    url = reverse("ansvarsgruppe:mote-avlys", kwargs={"pk": mote.pk})
    assert f'href="{url}"' in side.content.decode()  # a link to the confirmation, not a button

    skjema = client.get(url)
    assert skjema.status_code == 200
    assert "Hvorfor avlyses møtet?" in skjema.content.decode()
    assert Mote.objects.get(pk=mote.pk).status == Mote.Status.PLANLAGT  # GET changes nothing

    with django_capture_on_commit_callbacks(execute=True):
        svar = client.post(url, {"avlysningsgrunn": GRUNN})
    assert svar.status_code == 302
    mote.refresh_from_db()
    assert (mote.status, mote.avlysningsgrunn) == (Mote.Status.AVLYST, GRUNN)
    side = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}))
    assert GRUNN in side.content.decode()

    avlysning = mail.outbox[-1]
    assert avlysning.subject == "Avlyst: Ansvarsgruppemøte 18.03.2026 kl. 10:00"
    # The reason is free text: it stays behind the login, the e-mail links to it.
    assert GRUNN not in avlysning.body
    assert reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}) in avlysning.body
    for navn in ("Åse", "Ørnebæk"):
        assert navn not in avlysning.subject and navn not in avlysning.body
    [ics] = [a[1] for a in avlysning.attachments if a[0] == "innkalling.ics"]
    [hendelse] = Calendar.from_ical(ics).walk("VEVENT")
    assert hendelse["STATUS"] == "CANCELLED"
    assert "COMMENT" not in hendelse and "DESCRIPTION" not in hendelse
    assert GRUNN not in ics and "Ørnebæk" not in ics


# ---------------------------------------------------------------------------------------------
# Members without e-mail: listed, with a printable invitation letter
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def berit(g) -> Gruppemedlem:
    """A relative who may receive information but has no e-mail address."""
    parorende = koordinering_services.parorende_opprett(
        actor=g.v.brukere["kollega"],
        pasient=g.v.pasient,
        navn="Berit Ørnebæk",
        relasjon=Parorende.Relasjon.SOSKEN,
        kan_motta_informasjon=True,
    )
    return services.medlem_legg_til(
        actor=g.actor, gruppe=g.gruppe, type=Gruppemedlem.Type.PARORENDE, parorende=parorende
    )


def test_medlemmer_uten_epost_staar_paa_moetesiden(client, g, berit):
    mote = innkall(g, VINTER)
    client.force_login(g.actor)

    html = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})).content
    html = html.decode()

    assert "Må få innkallingen på annen måte" in html
    assert f"Berit Ørnebæk (søsken): {UTEN_EPOST}" in html
    url = reverse("ansvarsgruppe:innkallingsbrev", kwargs={"pk": mote.pk})
    assert f'href="{url}?medlem={berit.pk}"' in html
    assert html.count(UTEN_EPOST) == 1  # Siri has no right to information; the rest get e-mail


def test_ingen_liste_naar_alle_har_epost(client, g):
    mote = innkall(g, VINTER)
    client.force_login(g.actor)
    html = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})).content
    assert UTEN_EPOST not in html.decode()
    url = reverse("ansvarsgruppe:innkallingsbrev", kwargs={"pk": mote.pk})
    assert client.get(url).status_code == 404


def test_innkallingsbrevet_som_pdf(client, g, berit, tmp_path):
    mote = innkall(g, VINTER, saker=("Smerter og medisiner",))
    client.force_login(g.v.brukere["ke"])  # reads the group, like the meeting page
    foer = siste_logg_id()

    svar = client.get(
        reverse("ansvarsgruppe:innkallingsbrev", kwargs={"pk": mote.pk}), {"medlem": berit.pk}
    )

    assert svar.status_code == 200
    assert svar["Content-Type"] == "application/pdf"
    assert "innkalling-ansvarsgruppe-2026-03-18.pdf" in svar["Content-Disposition"]
    [logg] = logget(g.v.pasient, foer)
    assert (logg.bruker, logg.dokument) == (g.v.brukere["ke"], "Innkallingsbrev som PDF")
    fil = tmp_path / "innkalling.pdf"
    fil.write_bytes(svar.content)
    tekst = tekst_av(fil)
    for forventet in (
        "Til: Berit Ørnebæk",
        "Innkalling til ansvarsgruppemøte",
        "ansvarsgruppen for Åse Ørnebæk",
        "onsdag 18. mars 2026 kl. 10.00–11.00",
        "Møterom Ørnen, rådhuset",
        "Innkalt av Kari Koordinatorsen, Kommune A",
        "Kari Koordinatorsen, Kommune A, e-post kari.koordinatorsen@kommune-a.no",
    ):
        assert forventet in tekst, (forventet, tekst)
    # No health details: not the agenda, not the birth number or date.
    assert "Smerter" not in tekst
    assert g.v.pasient.fodselsnummer not in tekst and "17.04.1958" not in tekst


def test_innkallingsbrev_bare_for_medlemmer_uten_epost(client, g, berit):
    mote = innkall(g, VINTER)
    client.force_login(g.actor)
    url = reverse("ansvarsgruppe:innkallingsbrev", kwargs={"pk": mote.pk})
    assert client.get(url, {"medlem": g.paal.pk}).status_code == 404  # Pål gets e-mail
    assert client.get(url, {"medlem": g.siri.pk}).status_code == 404  # no right to it
    services.mote_avlys(actor=g.actor, mote=mote, grunn=GRUNN)
    assert client.get(url).status_code == 404
