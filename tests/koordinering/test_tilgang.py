"""Access to patients: the hospital and the kommune kept apart, access that ends at once,
and the access log that cannot be changed (the world: tests/koordinering/verden.py)."""

from datetime import datetime

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from felles.models import LoggenKanIkkeEndres, Tilgangsgrunnlag, Tilgangslogg
from koordinering import services
from koordinering.arbeidsrolle import arbeidsrolle_for
from koordinering.models import (
    PasientUserObjectPermission,
    Samtykke,
)
from koordinering.tilgangslogg import pasienter_vist
from tests.koordinering.verden import Verden, bygg_verden, logget, siste_logg_id, url_for
from tests.verden import IDAG, IGAAR, OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


def test_sykehuset_ser_ikke_kommunens_saker_uten_samtykke_til_deling(client, v):
    """Kommune and sykehus are separate worlds: a hospital unit that also follows P sees P, but
    not the kommune's appointments, connections and need reports until a valid consent shares
    with the hospital; withdrawing the consent hides them again at once."""
    sykehusansatt = v.ansatt("sykehus")
    services.tilknytning_opprett(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        enhet=v.s_medisinsk,
        fra=IDAG,
        til=None,
        begrunnelse="Innlagt",
    )
    koordinatornavn = v.brukere["koordinator"].get_full_name()
    client.force_login(sykehusansatt.bruker)
    foer = siste_logg_id()
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.ENHET]
    assert "Medisinsk avdeling" in html
    for kommunens in (koordinatornavn, "Hjemmetjenesten A", "Mange tjenester som må samordnes"):
        assert kommunens not in html

    deling = services.samtykke_registrer(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        organisasjoner=[v.sykehus],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG,
    )
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    assert koordinatornavn in html
    assert "Hjemmetjenesten A" in html

    services.samtykke_trekk_tilbake(actor=sykehusansatt.bruker, samtykke=deling, grunn="Angret")
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    assert koordinatornavn not in html


def test_utlopt_samtykke_til_deling_stenger_for_sykehuset(client, v):
    sykehusansatt = v.ansatt("sykehus")
    services.tilknytning_opprett(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        enhet=v.s_medisinsk,
        fra=IDAG,
        til=None,
        begrunnelse="Innlagt",
    )
    services.samtykke_registrer(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        personer=[sykehusansatt],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.MUNTLIG,
        gyldig_fra=IDAG,
        gyldig_til=IDAG,
    )
    koordinatornavn = v.brukere["koordinator"].get_full_name()
    client.force_login(sykehusansatt.bruker)
    assert koordinatornavn in client.get(url_for(v, "pasient-detalj")).content.decode()
    with time_machine.travel(datetime(2026, 3, 12, 0, 30, tzinfo=OSLO), tick=False):
        html = client.get(url_for(v, "pasient-detalj")).content.decode()
        assert v.pasient.navn in html
        assert koordinatornavn not in html


# ---------------------------------------------------------------------------------------------
# Access ends at once
# ---------------------------------------------------------------------------------------------


def status_for(client, bruker, url) -> int:
    client.force_login(bruker)
    return client.get(url).status_code


def test_avsluttet_tilknytning_fjerner_tilgangen_ved_neste_foresporsel(client, v):
    detalj = url_for(v, "pasient-detalj")
    assert status_for(client, v.brukere["kollega"], detalj) == 200
    assert status_for(client, v.brukere["ke"], detalj) == 200

    services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=v.tilknytning, til=IGAAR, grunn="Flyttet"
    )

    foer = siste_logg_id()
    assert status_for(client, v.brukere["kollega"], detalj) == 404
    assert status_for(client, v.brukere["kollega"], url_for(v, "pasient-endre")) == 404
    assert status_for(client, v.brukere["leder"], detalj) == 404
    assert status_for(client, v.brukere["ke"], detalj) == 404
    assert logget(v.pasient, foer) == []
    # The appointment still gives the koordinator access.
    assert status_for(client, v.brukere["koordinator"], detalj) == 200
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.OPPNEVNING]


def test_tilknytning_som_slutter_i_dag_gir_tilgang_ut_dagen(client, v):
    services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=v.tilknytning, til=IDAG, grunn="Flyttet"
    )
    detalj = url_for(v, "pasient-detalj")
    assert status_for(client, v.brukere["kollega"], detalj) == 200
    # Half an hour after midnight in Oslo it is still the 11th in UTC: the day is Oslo's.
    with time_machine.travel(datetime(2026, 3, 12, 0, 30, tzinfo=OSLO), tick=False):
        assert status_for(client, v.brukere["kollega"], detalj) == 404


def test_avsluttet_tilknytning_via_skjema_fjerner_tilgangen(client, v):
    client.force_login(v.brukere["kollega"])
    response = client.post(
        url_for(v, "tilknytning-avslutt"), {"til": IGAAR.isoformat(), "grunn": "Flyttet"}
    )
    assert response.status_code == 302
    assert response["Location"] == url_for(v, "pasient-detalj")
    assert client.get(url_for(v, "pasient-detalj")).status_code == 404


def test_avsluttet_oppnevning_fjerner_koordinatorens_tilgang(client, v):
    detalj = url_for(v, "pasient-detalj")
    koordinator = v.brukere["koordinator"]
    assert status_for(client, koordinator, detalj) == 200
    assert status_for(client, koordinator, "/") == 200

    client.force_login(v.brukere["leder"])
    response = client.post(
        url_for(v, "oppnevning-avslutt"),
        {"sluttdato": IDAG.isoformat(), "grunn": "Pasienten flyttet"},
    )
    assert response.status_code == 302
    assert not PasientUserObjectPermission.objects.filter(
        user=koordinator, content_object=v.pasient
    ).exists()

    foer = siste_logg_id()
    assert status_for(client, koordinator, detalj) == 404
    assert status_for(client, koordinator, url_for(v, "samtykke-opprett")) == 404
    start = client.get("/")
    assert v.pasient.navn not in start.content.decode()
    search = client.post(reverse("koordinering:pasient-sok"), {"sok": "Petronella"})
    assert v.pasient.navn not in search.content.decode()
    assert logget(v.pasient, foer) == []


def test_leder_som_har_avsluttet_oppnevningen_kan_ikke_avslutte_den_igjen(client, v):
    services.oppnevning_avslutt(
        actor=v.brukere["leder"], oppnevning=v.oppnevning, sluttdato=IDAG, grunn="Ferdig"
    )
    assert status_for(client, v.brukere["leder"], url_for(v, "oppnevning-avslutt")) == 404


def test_behandlet_behov_kan_ikke_aapnes_igjen(client, v):
    """The need that led to the appointment is no longer pending: 404 even for its leader."""
    url = reverse("koordinering:behov-detalj", kwargs={"pk": v.oppnevning.behovsmelding_id})
    assert status_for(client, v.brukere["leder"], url) == 404


def test_leder_ser_ikke_ventende_behov_etter_avsluttet_tilknytning_uten_logg(client, v):
    """The leader screen shows patient data (name, birth date, the reasoning), so a pending need
    for a patient the leader can no longer see is either refused or logged, never read unlogged."""
    services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=v.tilknytning, til=IGAAR, grunn="Flyttet"
    )
    client.force_login(v.brukere["leder"])
    foer = siste_logg_id()
    for url in (reverse("koordinering:behov-liste"), url_for(v, "behov-detalj")):
        response = client.get(url)
        if v.pasient.navn in response.content.decode():
            assert len(logget(v.pasient, foer)) == 1
            foer = siste_logg_id()
        else:
            assert response.status_code in (200, 404)
            assert logget(v.pasient, foer) == []


# ---------------------------------------------------------------------------------------------
# The access log cannot be changed
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def loggrad(client, v) -> Tilgangslogg:
    client.force_login(v.brukere["kollega"])
    foer = siste_logg_id()
    client.get(url_for(v, "pasient-detalj"))
    (rad,) = logget(v.pasient, foer)
    return rad


def test_tilgangsloggen_kan_ikke_endres_gjennom_orm(loggrad):
    foer = Tilgangslogg.objects.values().get(pk=loggrad.pk)
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.filter(pk=loggrad.pk).update(dokument="Endret")
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.all().update(grunnlag=Tilgangsgrunnlag.KE)
    loggrad.dokument = "Endret"
    with pytest.raises(LoggenKanIkkeEndres):
        loggrad.save()
    # bulk_update opens its own atomic block without a savepoint: isolate it in one.
    with pytest.raises(LoggenKanIkkeEndres), transaction.atomic():
        Tilgangslogg.objects.bulk_update([loggrad], ["dokument"])
    assert Tilgangslogg.objects.values().get(pk=loggrad.pk) == foer


def test_tilgangsloggen_kan_ikke_slettes_gjennom_orm(loggrad):
    antall = Tilgangslogg.objects.count()
    with pytest.raises(LoggenKanIkkeEndres):
        loggrad.delete()
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.filter(pk=loggrad.pk).delete()
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.all().delete()
    assert Tilgangslogg.objects.count() == antall


def test_pasient_med_tilgangslogg_kan_ikke_slettes(v, loggrad):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        v.pasient.delete()
    assert Tilgangslogg.objects.filter(pk=loggrad.pk).exists()


postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists only on PostgreSQL"
)


@postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE felles_tilgangslogg SET dokument = 'Endret' WHERE id = %s",
        "UPDATE felles_tilgangslogg SET grunnlag = 'ke'",
        "DELETE FROM felles_tilgangslogg WHERE id = %s",
        "DELETE FROM felles_tilgangslogg",
    ],
)
def test_tilgangsloggen_kan_ikke_endres_med_raa_sql(loggrad, sql):
    foer = Tilgangslogg.objects.values().get(pk=loggrad.pk)
    antall = Tilgangslogg.objects.count()
    with (
        pytest.raises(DatabaseError, match="Tilgangsloggen kan ikke endres eller slettes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [loggrad.pk] if "%s" in sql else [])
    assert Tilgangslogg.objects.values().get(pk=loggrad.pk) == foer
    assert Tilgangslogg.objects.count() == antall


@postgres
def test_tilgangsloggen_kan_ikke_endres_utenom_den_egne_manageren(loggrad):
    """`_base_manager` is a plain manager that skips TilgangsloggQuerySet; the trigger holds."""
    with pytest.raises(DatabaseError), transaction.atomic():
        Tilgangslogg._base_manager.filter(pk=loggrad.pk).update(dokument="Endret")
    with pytest.raises(DatabaseError), transaction.atomic():
        Tilgangslogg._base_manager.filter(pk=loggrad.pk)._raw_delete(connection.alias)
    assert Tilgangslogg.objects.get(pk=loggrad.pk).dokument == loggrad.dokument


def test_tilgangsloggen_tar_imot_nye_rader(v):
    """Append-only, not read-only: new rows can still be written."""
    antall = Tilgangslogg.objects.count()
    pasienter_vist(
        user=v.brukere["ke"],
        arbeidsrolle=arbeidsrolle_for(user=v.brukere["ke"]),
        pasient_ider=[v.pasient.pk],
        dokument="Test",
    )
    assert Tilgangslogg.objects.count() == antall + 1


def test_ke_som_leser_tilgangsloggen_til_en_ansatt_blir_selv_logget(client, v, loggrad):
    client.force_login(v.brukere["ke"])
    ansatt = loggrad.bruker.ansatt
    response = client.get(reverse("koordinering:tilgangslogg-ansatt", kwargs={"pk": ansatt.pk}))
    assert response.status_code == 200
    rad = Tilgangslogg.objects.filter(bruker=v.brukere["ke"]).latest("id")
    assert (rad.pasient_id, rad.grunnlag) == (loggrad.pasient_id, Tilgangsgrunnlag.TILSYN)
