"""Creating the plan answers the waiting plan need of the organisation (issue 12)."""

import pytest

from felles import hendelser
from koordinering import services as koordinering_services
from koordinering.models import Behov, Behovsmelding
from tests.individuellplan.verden import ny_plan

pytestmark = pytest.mark.django_db


def test_plan_opprettet_lukker_ventende_planbehov(v):
    kollega = v.brukere["kollega"]
    behov = koordinering_services.behovsmelding_opprett(
        actor=kollega,
        pasient=v.pasient,
        enhet=v.a_hjemme,
        behov=Behov.INDIVIDUELL_PLAN,
        langvarige_behov=True,
        begrunnelse="Ønsker individuell plan",
    )
    besluttet = []

    def mottak(sender, instance, actor, **kwargs):
        besluttet.append(instance.pk)

    hendelser.behov_besluttet.connect(mottak, sender=Behovsmelding, dispatch_uid="test-plan")
    try:
        ny_plan(v)
    finally:
        hendelser.behov_besluttet.disconnect(sender=Behovsmelding, dispatch_uid="test-plan")

    behov.refresh_from_db()
    assert behov.status == Behovsmelding.Status.PLAN_OPPRETTES
    assert behov.npr_kode == Behovsmelding.NprKode.ONSKER_IP
    assert behov.besluttet_av.bruker == kollega
    assert besluttet == [behov.pk]
    assert not Behovsmelding.objects.filter(status=Behovsmelding.Status.VENTER).exists()
