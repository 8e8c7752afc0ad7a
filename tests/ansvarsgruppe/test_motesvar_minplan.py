"""The citizen's answer from Min plan as the staff see it: on the meeting page, with the note,
who answered and that it came through Min plan (the citizen side is tests/minplan/test_moter.py).
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ansvarsgruppe import services
from ansvarsgruppe.models import Gruppemedlem, Motesvar
from minplan.tilgangslogg import teknisk_bruker
from tests.ansvarsgruppe.verden import I_DAG_KL_10, VINTER, bygg_gruppe, bygg_verden, innkall

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def g():
    return bygg_gruppe(bygg_verden())


def _pasienten(g):
    return g.gruppe.medlemmer.get(type=Gruppemedlem.Type.PASIENT)


def svar(g, mote, **felter):
    felter = {"svar": "kommer_ikke", "merknad": "", "besvart_av": "Åse (pasienten selv)"} | felter
    return services.motesvar_fra_innbygger(
        actor=teknisk_bruker(), mote=mote, medlem=felter.pop("medlem", _pasienten(g)), **felter
    )


def test_motesiden_viser_innbyggerens_svar_merknad_og_hvem(client, g):
    mote = innkall(g, VINTER)
    svar(g, mote, merknad="Jeg har time hos <i>tannlegen</i>")
    client.force_login(g.actor)
    side = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk}))
    tekst = side.content.decode()
    assert "Svar på innkallingen" in tekst
    assert "kommer ikke" in tekst
    assert "«Jeg har time hos &lt;i&gt;tannlegen&lt;/i&gt;»" in tekst
    assert "svart i Min plan av Åse (pasienten selv)" in tekst


def test_svaret_gjelder_bare_pasientens_eget_medlemskap(g):
    mote = innkall(g, VINTER)
    with pytest.raises(PermissionDenied):
        svar(g, mote, medlem=g.paal)
    assert not Motesvar.objects.exists()


def test_svaret_kan_ikke_endres_etter_at_motet_har_startet(g):
    mote = innkall(g, I_DAG_KL_10)
    with pytest.raises(ValidationError):
        svar(g, mote)


def test_ansattes_svar_vises_uten_min_plan(client, g):
    mote = innkall(g, VINTER)
    services.motesvar_registrer(actor=g.actor, mote=mote, svar="kommer")
    client.force_login(g.actor)
    tekst = client.get(reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": mote.pk})).content
    assert "Min plan" not in tekst.decode().split("Svar på innkallingen")[1].split("</section>")[0]
