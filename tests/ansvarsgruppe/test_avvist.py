"""Refused input: meetings, action items, minutes and members, through the forms and the
services (the world:
tests/ansvarsgruppe/verden.py)."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ansvarsgruppe import services
from ansvarsgruppe.forms import OppgaveFormSet
from ansvarsgruppe.models import Gruppemedlem, Mote, Oppgave, Referat, Sakspunkt
from koordinering.models import Parorende
from tests.ansvarsgruppe.verden import (
    ALLE_MEDLEMMER,
    EN_TIME,
    GRUNN,
    I_DAG_KL_10,
    VINTER,
    Gruppe,
    Verden,
    bygg_gruppe,
    bygg_verden,
    innkall,
    oppgave,
    skriv_referat,
)
from tests.factories import PasientFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

ANSVARLIG_MAA_VAERE_MEDLEM = "Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen."
SLUTT_FOER_START = "Møtet må slutte etter at det starter."
STED_ELLER_LENKE = "Oppgi sted eller lenke til videomøte."


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def g(v) -> Gruppe:
    return bygg_gruppe(v)


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
    assert len(mail.outbox) == len(ALLE_MEDLEMMER)


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
    """The action items are rows of a formset (issue 13, item 3): a row without a responsible
    member is refused on its field, and nothing is written."""
    mote = innkall(g, I_DAG_KL_10)
    rad = {
        "oppgaver-TOTAL_FORMS": "1",
        "oppgaver-INITIAL_FORMS": "0",
        "oppgaver-0-beskrivelse": "Ring NAV",
        "oppgaver-0-frist": "2026-03-25",
    }
    rader = OppgaveFormSet(
        rad, prefix="oppgaver", medlemmer=g.gruppe.medlemmer.all(), oppgaver=Oppgave.objects.none()
    )
    assert not rader.is_valid()
    assert rader.forms[0].errors["ansvarlig"] == [ANSVARLIG_MAA_VAERE_MEDLEM]

    client.force_login(g.actor)
    response = client.post(
        reverse("ansvarsgruppe:referat-skjema", kwargs={"pk": mote.pk}),
        {**rad, "neste_mote": "Juni", "handling": "lagre"},
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
    services.mote_avlys(actor=g.actor, mote=mote, grunn=GRUNN)

    with pytest.raises(ValidationError) as feil:
        skriv_referat(g, mote, nye_oppgaver=[oppgave(g.koordinator)])

    [melding] = feil.value.messages
    assert "avlyst" in melding
    assert not Referat.objects.exists()
    assert not Oppgave.objects.exists()


def test_mote_kan_ikke_avlyses_to_ganger(g):
    mote = services.mote_avlys(actor=g.actor, mote=innkall(g, VINTER), grunn=GRUNN)
    historikk = mote.history.count()

    with pytest.raises(ValidationError) as feil:
        services.mote_avlys(actor=g.actor, mote=mote, grunn=GRUNN)

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
