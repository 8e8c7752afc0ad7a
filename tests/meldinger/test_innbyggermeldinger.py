"""Messages with citizens (Min plan) on the staff side: only the staff member a thread is with
sees and answers it, a block wins, the receipts, and the patient page's Meldinger section."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from felles import hendelser
from koordinering.models import Ansatt, Medlemskap
from meldinger import services
from meldinger.models import Innbyggermelding, Innbyggertraad
from tests.factories import AnsattFactory, OppnevningFactory, PasientFactory, TilknytningFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def traad(demo):
    k = Ansatt.objects.select_related("bruker").get(bruker__username="koordinator.kommune")
    enhet = Medlemskap.objects.filter(ansatt=k).first().enhet
    pasient = PasientFactory(fornavn="Kari", etternavn="Nordmann")
    OppnevningFactory(pasient=pasient, ansatt=k, enhet=enhet)
    TilknytningFactory(pasient=pasient, enhet=enhet)
    return services.innbyggertraad_start(
        actor=k.bruker,
        pasient=pasient,
        ansatt=k,
        innbygger_navn="Kari Nordmann",
        emne="Spørsmål",
        tekst="Hei!",
    )


def test_bare_den_traaden_gaar_til_svarer(traad):
    kollega = AnsattFactory(organisasjon=traad.ansatt.organisasjon)
    with pytest.raises(PermissionDenied):
        services.innbyggermelding_svar(actor=kollega.bruker, traad=traad, tekst="Hei")
    with pytest.raises(PermissionDenied):
        services.innbyggertraad_les_ansatt(actor=kollega.bruker, traad=traad)
    assert not Innbyggertraad.objects.visible_to(kollega.bruker).exists()
    assert Innbyggertraad.objects.visible_to(traad.ansatt.bruker).get() == traad


def test_svar_sender_hendelsen_og_tom_tekst_avvises(traad):
    mottatt = []

    def mottaker(sender, instance, actor, **kwargs):
        mottatt.append(instance)

    hendelser.innbyggermelding_sendt.connect(mottaker, dispatch_uid="test.innbyggermelding")
    try:
        with pytest.raises(ValidationError) as feil:
            services.innbyggermelding_svar(actor=traad.ansatt.bruker, traad=traad, tekst="  ")
        assert feil.value.message_dict == {"tekst": ["Skriv en melding."]}
        svar = services.innbyggermelding_svar(actor=traad.ansatt.bruker, traad=traad, tekst="Ja")
    finally:
        hendelser.innbyggermelding_sendt.disconnect(dispatch_uid="test.innbyggermelding")
    assert mottatt == [svar]
    assert svar.avsender_navn == "Solveig Haugen" and not svar.fra_innbygger


def test_kvitteringer_settes_en_gang(traad):
    assert services.innbyggertraad_les_ansatt(actor=traad.ansatt.bruker, traad=traad) == 1
    forste = Innbyggermelding.objects.get().lest
    assert services.innbyggertraad_les_ansatt(actor=traad.ansatt.bruker, traad=traad) == 0
    assert Innbyggermelding.objects.get().lest == forste
    # The citizen opening the thread does not mark her own message read.
    assert services.innbyggertraad_les_innbygger(traad=traad, innbygger_navn="Kari") == 0


def test_sperring_skjuler_traaden(traad):
    from koordinering.sperring import sperring_opprett

    ke = Ansatt.objects.get(bruker__username="ke.kommune")
    sperring_opprett(
        actor=ke.bruker,
        pasient=traad.pasient,
        begrunnelse="Pasienten ba om det",
        ansatt=traad.ansatt,
    )
    assert not Innbyggertraad.objects.visible_to(traad.ansatt.bruker).exists()


def test_pasientsiden_viser_traadene(client, traad):
    client.force_login(traad.ansatt.bruker)
    side = client.get(f"/pasienter/{traad.pasient_id}/?del=meldinger").content.decode()
    assert "Fra pasienten i Min plan" in side
    assert f"/meldinger/innbyggere/{traad.pk}/" in side and "ulest" in side
