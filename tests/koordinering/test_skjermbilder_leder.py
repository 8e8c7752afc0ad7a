"""The leader appointment screen: pending need reports, the decision page and the
appointment form (the world:
tests/koordinering/verden_skjermbilder.py)."""

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from felles.models import Tilgangsgrunnlag, Tilgangslogg
from koordinering import services
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Oppnevning,
    Pasient,
    PasientUserObjectPermission,
    Rolle,
)
from tests.factories import BehovsmeldingFactory, EnhetFactory, OppnevningFactory
from tests.koordinering.verden_skjermbilder import (
    MAKS_SPORRINGER,
    Verden,
    bygg_pasient,
    bygg_verden,
    pasient_i,
    siste_logg_id,
    sporringer,
    tabellrader,
    tilstand,
)
from tests.verden import IDAG, IGAAR, IMORGEN, ansatt_i, middag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


@pytest.fixture
def pasient(v) -> Pasient:
    return bygg_pasient(v)


# ---------------------------------------------------------------------------------------------
# Leader appointment screen
# ---------------------------------------------------------------------------------------------


def leder_med_ventende(v: Verden, antall: int) -> Ansatt:
    enhet = EnhetFactory(organisasjon=v.kommune)
    leder = ansatt_i(enhet, leder=True)
    melder = ansatt_i(enhet)
    for i in range(antall):
        pasient = pasient_i(enhet, etternavn=f"Ventesen{i:03d}")
        BehovsmeldingFactory(
            pasient=pasient,
            enhet=enhet,
            meldt_av=melder,
            opprettet=middag(IDAG - timedelta(days=antall - i)),
        )
    return leder


def test_lederskjermen_har_like_mange_sporringer_med_5_og_50_behov(client, v):
    fem = leder_med_ventende(v, 5)
    femti = leder_med_ventende(v, 50)
    url = reverse("koordinering:behov-liste")

    client.force_login(fem.bruker)
    client.get(url)
    antall_5, response_5 = sporringer(client, url)
    client.force_login(femti.bruker)
    client.get(url)
    antall_50, response_50 = sporringer(client, url)

    assert len(tabellrader(response_5.content.decode(), "ventende-behov")) == 5
    assert len(tabellrader(response_50.content.decode(), "ventende-behov")) == 25
    assert antall_5 == antall_50
    assert antall_50 <= MAKS_SPORRINGER


def test_lederskjermen_viser_eldste_foerst_og_logger_dem(client, v):
    melder = v.kollega
    rekkefolge = []
    # Created newest first, so the ids run the other way from the dates.
    for dager, navn in [(1, "Nyest"), (5, "Midt"), (20, "Eldst")]:
        pasient = pasient_i(v.hjemme, fornavn=navn, etternavn="Ventesen")
        BehovsmeldingFactory(
            pasient=pasient,
            enhet=v.hjemme,
            meldt_av=melder,
            opprettet=middag(IDAG - timedelta(days=dager)),
        )
        rekkefolge.append(pasient)
    client.force_login(v.leder.bruker)
    foer = siste_logg_id()
    html = client.get(reverse("koordinering:behov-liste")).content.decode()
    rader = tabellrader(html, "ventende-behov")
    navn = [re.search(r"(\w+) Ventesen", rad).group(1) for rad in rader]
    assert navn == ["Eldst", "Midt", "Nyest"]
    assert "2\xa0uker, 6\xa0dager" in rader[0]  # the waiting time
    logg = Tilgangslogg.objects.filter(pk__gt=foer)
    assert sorted(logg.values_list("pasient_id", flat=True)) == sorted(p.pk for p in rekkefolge)
    assert set(logg.values_list("grunnlag", flat=True)) == {Tilgangsgrunnlag.ENHET}


def test_lederskjermen_viser_bare_egne_enheters_behov(client, v):
    annen_enhet = EnhetFactory(organisasjon=v.kommune, navn="Rehabilitering")
    BehovsmeldingFactory(
        pasient=pasient_i(annen_enhet, fornavn="Annen", etternavn="Enhetsen"),
        enhet=annen_enhet,
    )
    BehovsmeldingFactory(
        pasient=pasient_i(v.hjemme, fornavn="Egen", etternavn="Enhetsen"),
        enhet=v.hjemme,
        meldt_av=v.kollega,
    )
    client.force_login(v.leder.bruker)
    html = client.get(reverse("koordinering:behov-liste")).content.decode()
    assert "Egen Enhetsen" in html
    assert "Annen Enhetsen" not in html


@dataclass
class Kontaktlegebehov:
    behov: Behovsmelding
    lege_travel: Ansatt
    lege_ledig: Ansatt
    sykepleier: Ansatt


@pytest.fixture
def kontaktlegebehov(v) -> Kontaktlegebehov:
    """A kontaktlege need at Medisinsk avdeling for a patient admitted today (deadline
    tomorrow, the first working day after), and the staff the leader can choose from."""
    sykepleier = ansatt_i(v.medisinsk, koordinatoropplaering_fullfort=date(2024, 5, 2))
    lege_travel = ansatt_i(v.medisinsk, lege=True, koordinatoropplaering_fullfort=date(2025, 1, 15))
    lege_ledig = ansatt_i(v.medisinsk, lege=True)
    for i in range(3):
        OppnevningFactory(
            pasient=pasient_i(v.medisinsk),
            ansatt=lege_travel,
            enhet=v.medisinsk,
            rolle=Rolle.KONTAKTLEGE,
            oppnevnt_av=v.sykehusleder,
            sluttdato=IGAAR if i == 2 else None,
            startdato=IDAG - timedelta(days=30),
            sluttgrunn="Utskrevet" if i == 2 else "",
        )
    pasient = pasient_i(v.medisinsk, fornavn="Kari", etternavn="Kontaktlegesen")
    behov = services.behovsmelding_opprett(
        actor=sykepleier.bruker,
        pasient=pasient,
        enhet=v.medisinsk,
        behov=Behov.KONTAKTLEGE,
        alvorlig_sykdom=True,
        behandling_av_varighet=True,
        kontakttype=Behovsmelding.Kontakttype.INNLEGGELSE,
        kontaktdato=IDAG,
        begrunnelse="Nyoppdaget kreft, lang behandling",
    )
    assert behov.frist == IMORGEN
    return Kontaktlegebehov(behov, lege_travel, lege_ledig, sykepleier)


def test_kontaktlegebehov_over_fristen_markeres(client, v, kontaktlegebehov):
    client.force_login(v.sykehusleder.bruker)
    liste = reverse("koordinering:behov-liste")
    detalj = reverse("koordinering:behov-detalj", kwargs={"pk": kontaktlegebehov.behov.pk})

    html = client.get(liste).content.decode()
    (rad,) = tabellrader(html, "ventende-behov")
    assert "12.03.2026" in rad
    assert "frist passert" not in rad
    assert "fristen er passert" not in client.get(detalj).content.decode()

    with time_machine.travel(middag(IDAG + timedelta(days=2)), tick=False):
        html = client.get(liste).content.decode()
        (rad,) = tabellrader(html, "ventende-behov")
        assert "12.03.2026 – frist passert" in rad
        assert "fristen er passert" in client.get(detalj).content.decode()


def test_beslutningssiden_viser_kandidater_med_last_uten_opplaering_for_kontaktlege(
    client, v, kontaktlegebehov
):
    """Koordinator training does not apply to a kontaktlege: neither column nor warning."""
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    foer = siste_logg_id()
    html = client.get(reverse("koordinering:behov-detalj", kwargs={"pk": k.behov.pk})).content
    html = html.decode()

    rader = {
        re.search(r"<td>([^<]+)</td>", rad).group(1): rad for rad in tabellrader(html, "kandidater")
    }
    travel, ledig = str(k.lege_travel), str(k.lege_ledig)
    assert travel in rader and ledig in rader
    assert str(k.sykepleier) not in rader
    assert "<td>2</td>" in rader[travel]  # two active, the ended one does not count
    assert "<td>0</td>" in rader[ledig]
    assert "Koordinatoropplæring" not in html
    assert "Fullført" not in html and "Ikke fullført" not in html
    # The radio choices: doctors only, with load in the label; no mandate asked for.
    valg = {int(pk) for pk in re.findall(r'name="ansatt" value="(\d+)"', html)}
    assert k.lege_travel.pk in valg and k.lege_ledig.pk in valg
    assert k.sykepleier.pk not in valg
    assert "2 aktive oppnevninger" in html
    assert "opplæring" not in html
    assert 'name="mandat"' not in html
    assert Tilgangslogg.objects.filter(pk__gt=foer, pasient=k.behov.pasient).count() == 1


def oppnevningsdata(ansatt: Ansatt) -> dict:
    return {
        "ansatt": ansatt.pk,
        "mandat": "Medisinske spørsmål og kontakt med fastlegen",
        "startdato": IDAG.isoformat(),
        "pasientens_onsker_hort": "on",
        "pasient_informert_dato": IDAG.isoformat(),
    }


def test_sykepleier_kan_ikke_velges_som_kontaktlege(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:behov-oppnevn", kwargs={"pk": k.behov.pk}),
        oppnevningsdata(k.sykepleier),
    )
    assert response.status_code == 400
    assert "Velg et gyldig valg" in response.content.decode()
    assert tilstand() == foer
    assert not Oppnevning.objects.filter(behovsmelding=k.behov).exists()


def test_oppnevning_gjennom_skjemaet_og_dobbel_innsending(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    url = reverse("koordinering:behov-oppnevn", kwargs={"pk": k.behov.pk})

    response = client.post(url, oppnevningsdata(k.lege_ledig))
    assert response.status_code == 302
    assert response["Location"] == reverse("koordinering:behov-liste")
    oppnevning = Oppnevning.objects.get(behovsmelding=k.behov)
    assert (oppnevning.ansatt, oppnevning.rolle) == (k.lege_ledig, Rolle.KONTAKTLEGE)
    assert oppnevning.frist == IMORGEN
    k.behov.refresh_from_db()
    assert k.behov.status == Behovsmelding.Status.OPPNEVNT
    assert PasientUserObjectPermission.objects.filter(
        user=k.lege_ledig.bruker, content_object=k.behov.pasient
    ).exists()
    melding = client.get(response["Location"]).content.decode()
    assert "er oppnevnt som kontaktlege for Kari Kontaktlegesen" in melding

    foer = tilstand()
    andre = client.post(url, oppnevningsdata(k.lege_travel))
    assert andre.status_code == 404 or "allerede behandlet" in andre.content.decode()
    assert tilstand() == foer
    assert Oppnevning.objects.filter(pasient=k.behov.pasient).count() == 1


def test_andre_aktive_koordinator_gjennom_skjemaet_gir_forklarende_melding(client, v, pasient):
    """P already has an active koordinator in the kommune; a new koordinator need is reported
    and the leader tries to appoint someone else instead of using «Bytt»."""
    nytt_behov = services.behovsmelding_opprett(
        actor=v.kollega.bruker,
        pasient=pasient,
        enhet=v.hjemme,
        behov=Behov.KOORDINATOR,
        koordinerte_tjenester=True,
        begrunnelse="Ønsker ny koordinator",
    )
    client.force_login(v.leder.bruker)
    foer = tilstand()
    response = client.post(
        reverse("koordinering:behov-oppnevn", kwargs={"pk": nytt_behov.pk}),
        oppnevningsdata(v.kollega),
    )
    assert response.status_code == 400
    assert "allerede en aktiv oppnevning i denne rollen" in response.content.decode()
    assert tilstand() == foer


def test_avslag_gjennom_skjemaet(client, v, kontaktlegebehov):
    k = kontaktlegebehov
    client.force_login(v.sykehusleder.bruker)
    url = reverse("koordinering:behov-avslaa", kwargs={"pk": k.behov.pk})
    response = client.post(url, {"grunn": "onsker_ikke", "kommentar": "Ønsker ikke"})
    assert response.status_code == 302
    k.behov.refresh_from_db()
    assert k.behov.status == Behovsmelding.Status.AVSLATT
    assert client.post(url, {"grunn": "onsker_ikke"}).status_code == 404
