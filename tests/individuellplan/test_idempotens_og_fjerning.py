"""No duplicates and nothing that cannot be undone, in the plan: a submission token makes
adding a goal, participant or measure and publishing happen once; an unchanged plan gets no new
version; a participant can be removed (history keeps it) unless a measure names them."""

import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from individuellplan import services
from individuellplan.models import Deltaker, Maal, PlanVersjon, Samarbeid, Tiltak
from koordinering import services as k_services
from tests.individuellplan.verden import IDAG

pytestmark = pytest.mark.django_db


def test_samme_token_gir_ett_maal_ett_deltaker_og_ett_tiltak(v, innhold):
    koordinator, plan = v.brukere["koordinator"], innhold.plan
    token = uuid.uuid4()
    foer = Maal.objects.count()
    a = services.maal_lagre(actor=koordinator, plan=plan, tekst="Gå tur", innsending_id=token)
    b = services.maal_lagre(actor=koordinator, plan=plan, tekst="Gå tur", innsending_id=token)
    assert a == b and Maal.objects.count() == foer + 1

    token = uuid.uuid4()
    felter = {"type": Deltaker.Type.EKSTERN, "navn": "Nav-veileder", "bidrag": "Arbeid"}
    d1 = services.deltaker_lagre(actor=koordinator, plan=plan, innsending_id=token, **felter)
    d2 = services.deltaker_lagre(actor=koordinator, plan=plan, innsending_id=token, **felter)
    assert d1 == d2 and plan.deltakere.filter(navn="Nav-veileder").count() == 1

    token = uuid.uuid4()
    tiltak = {
        "beskrivelse": "Arbeidstrening",
        "omfang": "Ukentlig",
        "ansvarlig": d1,
        "gjennomforing": "Hos Nav",
        "fra": IDAG,
        "maal": [a],
    }
    t1 = services.tiltak_lagre(actor=koordinator, plan=plan, innsending_id=token, **tiltak)
    t2 = services.tiltak_lagre(actor=koordinator, plan=plan, innsending_id=token, **tiltak)
    assert t1 == t2 and Tiltak.objects.filter(beskrivelse="Arbeidstrening").count() == 1


def test_dobbel_innsending_av_skjemaet_gir_ett_maal(client, v, innhold):
    client.force_login(v.brukere["koordinator"])
    url = reverse("individuellplan:seksjon-ny", args=[innhold.plan.pk, "maal"])
    side = client.get(url)
    token = side.context["form"].initial["innsending_id"]
    data = {"tekst": "Klare trappene", "status": Maal.Status.IKKE_STARTET, "innsending_id": token}
    foer = Maal.objects.count()
    forste = client.post(url, data)
    andre = client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    assert andre["Location"] == forste["Location"]
    assert Maal.objects.count() == foer + 1


def test_dobbel_innsending_av_samarbeid_gir_ett_samarbeid(client, v, innhold):
    client.force_login(v.brukere["koordinator"])
    url = reverse("individuellplan:seksjon-ny", args=[innhold.plan.pk, "samarbeid"])
    token = client.get(url).context["form"].initial["innsending_id"]
    data = {
        "etat": Samarbeid.Etat.NAV,
        "kontakt": "Per i NAV",
        "beskrivelse": "Arbeidsavklaring",
        "innsending_id": token,
    }
    foer = Samarbeid.objects.count()
    forste = client.post(url, data)
    andre = client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    assert Samarbeid.objects.count() == foer + 1


def test_uendret_plan_gir_ingen_ny_versjon(v, innhold):
    koordinator = v.brukere["koordinator"]
    services.plan_publiser(actor=koordinator, plan=innhold.plan)
    with pytest.raises(ValidationError) as feil:
        services.plan_publiser(actor=koordinator, plan=innhold.plan)
    assert feil.value.messages == ["Planen er ikke endret siden versjon 1."]
    assert PlanVersjon.objects.filter(plan=innhold.plan).count() == 1
    services.maal_lagre(actor=koordinator, plan=innhold.plan, tekst="Nytt mål")
    assert services.plan_publiser(actor=koordinator, plan=innhold.plan).nummer == 2


def test_publiser_to_ganger_med_samme_token_og_uendret_plan_i_visningen(client, v, innhold):
    client.force_login(v.brukere["koordinator"])
    plan = innhold.plan
    url = reverse("individuellplan:plan-publiser", args=[plan.pk])
    token = str(uuid.uuid4())
    forste = client.post(url, {"innsending_id": token}, follow=True)
    andre = client.post(url, {"innsending_id": token}, follow=True)
    assert PlanVersjon.objects.filter(plan=plan).count() == 1
    assert "Versjon 1 er publisert" in forste.content.decode()
    assert "Versjon 1 er publisert" in andre.content.decode()
    # A new click (new token) on an unchanged plan: the message, no version.
    tredje = client.post(url, {"innsending_id": str(uuid.uuid4())}, follow=True)
    assert "Planen er ikke endret siden versjon 1." in tredje.content.decode()
    assert PlanVersjon.objects.filter(plan=plan).count() == 1
    # The plan page carries a token for the publish button.
    assert (
        'name="innsending_id"'
        in client.get(reverse("individuellplan:plan-detalj", args=[plan.pk])).content.decode()
    )


def test_deltaker_fjernes_og_historikken_beholdes(client, v, innhold):
    client.force_login(v.brukere["koordinator"])
    plan = innhold.plan
    deltaker = services.deltaker_lagre(
        actor=v.brukere["koordinator"],
        plan=plan,
        type=Deltaker.Type.EKSTERN,
        navn="Skolehelsetjenesten",
        bidrag="Samtaler",
    )
    url = reverse("individuellplan:deltaker-fjern", args=[plan.pk, deltaker.pk])
    assert "Vil du fjerne Skolehelsetjenesten" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert not Deltaker.objects.filter(pk=deltaker.pk).exists()
    historikk = Deltaker.history.filter(id=deltaker.pk).order_by("history_id")
    assert [h.history_type for h in historikk] == ["+", "-"]
    assert historikk.last().history_user == v.brukere["koordinator"]


def test_deltaker_som_er_ansvarlig_for_tiltak_kan_ikke_fjernes(client, v, innhold):
    ansvarlig = innhold.deltakere["koordinator"]
    with pytest.raises(ValidationError) as feil:
        services.deltaker_fjern(actor=v.brukere["koordinator"], deltaker=ansvarlig)
    assert "er ansvarlig for tiltaket" in feil.value.messages[0]
    assert Deltaker.objects.filter(pk=ansvarlig.pk).exists()
    client.force_login(v.brukere["koordinator"])
    url = reverse("individuellplan:deltaker-fjern", args=[innhold.plan.pk, ansvarlig.pk])
    response = client.post(url)
    assert response.status_code == 400
    assert "Velg en annen ansvarlig for tiltaket" in response.content.decode()
    assert Deltaker.objects.filter(pk=ansvarlig.pk).exists()


def test_fremmed_kan_ikke_fjerne_deltaker(client, v, innhold):
    deltaker = innhold.deltakere["ekstern"]
    with pytest.raises(PermissionDenied):
        services.deltaker_fjern(actor=v.brukere["annen_kommune"], deltaker=deltaker)
    client.force_login(v.brukere["annen_kommune"])
    url = reverse("individuellplan:deltaker-fjern", args=[innhold.plan.pk, deltaker.pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Deltaker.objects.filter(pk=deltaker.pk).exists()


def test_parorende_som_deltar_i_planen_kan_ikke_fjernes(v, innhold):
    with pytest.raises(ValidationError) as feil:
        k_services.parorende_fjern(actor=v.brukere["koordinator"], parorende=v.parorende)
    assert "Fjern hen der først" in feil.value.messages[0]
    assert type(v.parorende).objects.filter(pk=v.parorende.pk).exists()
