"""Messages carry decisions (issue 12): a § 23 (or admitted / discharge / outpatient) message
taken in or forwarded by the kommune's KE becomes a need in the unit's leader queue, with the
sender's text, criteria and attachments; the leader's decision is answered in the same thread,
once, and closes the message."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from koordinering.models import Behov, Behovsmelding, Medlemskap
from koordinering.services import (
    behovsmelding_avslaa,
    behovsmelding_beslutt,
    behovsmelding_fra_melding,
    oppnevning_opprett,
)
from meldinger import services
from meldinger.models import Melding, Meldingstype
from tests.factories import BehovsmeldingFactory
from tests.meldinger.conftest import pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]
S = Behovsmelding.Status


def hjemme(v):
    return v.enhet("fjordvik", "Hjemmetjenesten")


def ta_imot(v, melding):
    return services.melding_ta_imot(actor=v.ke_kommune, melding=melding, enhet=hjemme(v))


def svar_i_traaden(melding: Melding) -> list[Melding]:
    return list(Melding.objects.filter(traad_id=melding.pk))


def test_tatt_imot_blir_behov_i_lederens_koe_med_tekst_og_kriterier(v):
    melding = v.send_behov()
    ta_imot(v, melding)

    melding.refresh_from_db()
    behov = melding.behovsmelding
    assert (behov.enhet, behov.behov, behov.status) == (hjemme(v), Behov.KOORDINATOR, S.VENTER)
    assert behov.begrunnelse == "ALS, mange tjenester i kommunen må samordnes."
    assert (behov.komplekse_behov, behov.langvarige_behov, behov.koordinerte_tjenester) == (
        True,
        True,
        True,
    )
    assert behov.meldt_av == v.ke_kommune.ansatt
    assert (melding.tatt_imot_enhet, melding.tatt_imot is not None) == (hjemme(v), True)


@pytest.mark.parametrize(
    ("type_", "kriterium"),
    [
        (Meldingstype.INNLAGT, "koordinerte_tjenester"),
        (Meldingstype.UTSKRIVNINGSKLAR, "koordinerte_tjenester"),
        (Meldingstype.POLIKLINISK, "langvarige_behov"),
    ],
)
def test_videresendt_melding_blir_behov_i_enhetens_koe(v, type_, kriterium):
    melding = v.send_behov(type=type_, mottaker_enhet=v.enhet("fjordvik", "Koordinerende enhet"))
    services.melding_videresend(actor=v.ke_kommune, melding=melding, til_enhet=hjemme(v))
    behov = Melding.objects.get(pk=melding.pk).behovsmelding
    assert behov.enhet == hjemme(v)
    assert getattr(behov, kriterium) is True


def test_dialogmelding_blir_ikke_behov(v):
    melding = v.send_behov(
        type=Meldingstype.DIALOG, mottaker_enhet=v.enhet("fjordvik", "Koordinerende enhet")
    )
    services.melding_videresend(actor=v.ke_kommune, melding=melding, til_enhet=hjemme(v))
    assert Behovsmelding.objects.count() == 0


def test_ventende_behov_av_samme_type_gjenbrukes(v):
    forste, andre = v.send_behov(), v.send_behov(emne="Purring")
    ta_imot(v, forste)
    services.melding_videresend(actor=v.ke_kommune, melding=andre, til_enhet=hjemme(v))
    forste.refresh_from_db()
    andre.refresh_from_db()
    assert Behovsmelding.objects.count() == 1
    assert forste.behovsmelding_id == andre.behovsmelding_id
    # One decision answers both threads, each once.
    behovsmelding_beslutt(
        actor=v.leder_kommune, behovsmelding=forste.behovsmelding, utfall=S.DEKKET
    )
    assert [len(svar_i_traaden(m)) for m in (forste, andre)] == [1, 1]


@pytest.mark.parametrize(
    ("beslutt", "tekst"),
    [
        (
            lambda v, b: services_oppnevn(v, b),
            "Oppnevnt: Solveig Haugen som koordinator.",
        ),
        (
            lambda v, b: behovsmelding_avslaa(
                actor=v.leder_kommune,
                behovsmelding=b,
                grunn=Behovsmelding.Avslagsgrunn.FYLLER_IKKE_VILKAAR,
            ),
            "Ikke oppnevnt: Fyller ikke vilkårene.",
        ),
        (
            lambda v, b: behovsmelding_beslutt(
                actor=v.leder_kommune, behovsmelding=b, utfall=S.DEKKET
            ),
            "Dekkes av eksisterende koordinator/plan.",
        ),
        (
            lambda v, b: behovsmelding_beslutt(
                actor=v.leder_kommune, behovsmelding=b, utfall=S.INFORMERT
            ),
            "Pasienten er informert om retten til individuell plan og koordinator.",
        ),
    ],
)
def test_beslutningen_besvares_i_traaden_og_lukker_meldingen(v, beslutt, tekst):
    melding = v.send_behov()
    ta_imot(v, melding)
    melding.refresh_from_db()

    beslutt(v, melding.behovsmelding)

    (svar,) = svar_i_traaden(melding)
    assert svar.tekst == tekst
    assert (svar.avsender_enhet, svar.mottaker_enhet) == (hjemme(v), melding.avsender_enhet)
    assert (svar.avsender, svar.mottaker_ansatt) == (v.leder_kommune.ansatt, melding.avsender)
    assert svar.svar_paa == melding
    assert Melding.objects.get(pk=melding.pk).status == Melding.Status.BESVART


def services_oppnevn(v, behov):
    return oppnevning_opprett(
        actor=v.leder_kommune,
        behovsmelding=behov,
        ansatt=v.koordinator_kommune.ansatt,
        mandat="Samordne tjenestene",
        startdato=timezone.localdate(behov.opprettet),
        pasientens_onsker_hort=True,
    )


def test_bare_egen_organisasjon_lager_behov_av_meldingen(v):
    with pytest.raises(PermissionDenied):
        behovsmelding_fra_melding(
            actor=v.leder_sykehus,
            pasient=v.pasient,
            enhet=hjemme(v),
            behov=Behov.KOORDINATOR,
            begrunnelse="Annen organisasjon",
            koordinerte_tjenester=True,
        )
    assert Behovsmelding.objects.count() == 0


def test_dobbel_innsending_av_beslutningen_gir_ett_svar(client, v):
    melding = v.send_behov(vedlegg=[pdf("Epikrise.pdf")])
    ta_imot(v, melding)
    melding.refresh_from_db()
    behov = melding.behovsmelding
    client.force_login(v.leder_kommune)

    # The need page shows the message's attachment, and the leader may open it.
    side = client.get(reverse("koordinering:behov-detalj", args=[behov.pk])).content.decode()
    vedlegg = melding.vedlegg.get()
    assert "Epikrise.pdf" in side
    assert client.get(reverse("meldinger:vedlegg", args=[vedlegg.pk])).status_code == 200

    url = reverse("koordinering:behov-beslutt", args=[behov.pk])
    assert client.post(url, {"utfall": S.DEKKET}).status_code == 302
    assert client.post(url, {"utfall": S.DEKKET}).status_code == 404
    assert len(svar_i_traaden(melding)) == 1

    # The thread shows each step: sent, taken in, the need in the queue, decided.
    client.force_login(v.koordinator_sykehus)
    traad = client.get(reverse("meldinger:melding-detalj", args=[melding.pk])).content.decode()
    assert "Tatt imot av Hjemmetjenesten" in traad
    assert "ligger i køen til lederen for Hjemmetjenesten" in traad
    assert "Dekkes av eksisterende koordinator eller plan" in traad
    assert "Dekkes av eksisterende koordinator/plan." in traad


def test_fremmed_leder_ser_ikke_vedlegget(client, v):
    melding = v.send_behov(vedlegg=[pdf("Epikrise.pdf")])
    ta_imot(v, melding)
    client.force_login(v.leder_kommune2)
    assert (
        client.get(reverse("meldinger:vedlegg", args=[melding.vedlegg.get().pk])).status_code == 404
    )


def test_mottakende_enhet_som_ikke_er_ke_kan_ta_imot(v):
    melding = v.send_behov(type=Meldingstype.INNLAGT, mottaker_enhet=hjemme(v))
    services.melding_ta_imot(actor=v.koordinator_kommune, melding=melding, enhet=hjemme(v))
    behov = Melding.objects.get(pk=melding.pk).behovsmelding
    assert (behov.enhet, behov.meldt_av) == (hjemme(v), v.koordinator_kommune.ansatt)


def test_sendt_paragraf_23_besvarer_sykehusets_planbehov_med_npr_kode_31(v):
    """NPR code 31: the hospital's waiting plan need is answered by the § 23 message to the
    kommune (the kommune makes the plan when both levels give services)."""
    medisinsk = v.enhet("sykehus", "Medisinsk avdeling")
    planbehov = BehovsmeldingFactory(
        pasient=v.pasient, enhet=medisinsk, behov=Behov.INDIVIDUELL_PLAN
    )
    koordinatorbehov = BehovsmeldingFactory(pasient=v.pasient, enhet=medisinsk)
    v.send_behov()
    planbehov.refresh_from_db()
    koordinatorbehov.refresh_from_db()
    assert (planbehov.status, planbehov.npr_kode) == (S.MELDT_KOMMUNEN, 31)
    assert planbehov.besluttet_av == v.koordinator_sykehus.ansatt
    assert planbehov.get_npr_kode_display() == "31 Melding er sendt til kommunen"
    assert koordinatorbehov.status == S.VENTER  # the hospital's own koordinator is another duty


def test_dialogmelding_besvarer_ikke_planbehovet(v):
    planbehov = BehovsmeldingFactory(
        pasient=v.pasient,
        enhet=v.enhet("sykehus", "Medisinsk avdeling"),
        behov=Behov.INDIVIDUELL_PLAN,
    )
    v.send_behov(type=Meldingstype.DIALOG, emne="Spørsmål", tekst="Et spørsmål")
    planbehov.refresh_from_db()
    assert planbehov.status == S.VENTER


def test_sykehusleder_ledes_fra_planbehovet_til_paragraf_23_meldingen(v, client):
    planbehov = BehovsmeldingFactory(
        pasient=v.pasient,
        enhet=v.enhet("sykehus", "Medisinsk avdeling"),
        behov=Behov.INDIVIDUELL_PLAN,
    )
    leder = Medlemskap.objects.filter(enhet=planbehov.enhet, rolle=Medlemskap.Rolle.LEDER)[0]
    client.force_login(leder.ansatt.bruker)
    side = client.get(reverse("koordinering:behov-detalj", args=[planbehov.pk]))
    lenke = reverse("meldinger:melding-opprett", args=[v.pasient.pk]) + "?type=behov_ip_koordinator"
    assert lenke in side.content.decode()
    client.force_login(v.koordinator_sykehus)
    skjema = client.get(lenke).context["form"]
    assert skjema.initial["type"] == Meldingstype.BEHOV_IP_KOORDINATOR
