"""A print that says what it is: the full plan for the owner, an extract («Utdrag av individuell
plan») for a reader to whom a consent shares only some parts; measures name the goals they
serve; tables and text stay inside the A4 page. Rendered by the real task and read back with
poppler (tests/poppler.py)."""

import re
from datetime import timedelta

import pytest

from individuellplan import services as plan_services
from individuellplan.models import PlanUtskrift
from individuellplan.permissions import plantilgang
from individuellplan.tasks import pdf_plan_utskrift
from koordinering.models import PlanDel
from tests.individuellplan.verden import (
    DELMAAL,
    HOVEDMAAL,
    HOVEDMAAL_2,
    IDAG,
    TILTAK_1,
    TILTAK_2,
    TILTAK_3,
    del_med,
)
from tests.poppler import pdfinfo, pdftotext, tekst_av

pytestmark = pytest.mark.django_db

A4_BREDDE_PT = 595.28
HOYRE_MARG_PT = 18 / 25.4 * 72  # pdf.css: 18 mm


def skriv_ut(v, plan, bruker: str) -> PlanUtskrift:
    """The print a user orders from the plan page: every part they may read."""
    actor = v.brukere[bruker]
    tilgang = plantilgang(user=actor, plan=plan)
    utskrift = plan_services.utskrift_bestill(actor=actor, plan=plan, deler=tilgang.deler)
    pdf_plan_utskrift(utskrift.pk)
    utskrift.refresh_from_db()
    assert utskrift.status == PlanUtskrift.Status.FERDIG
    return utskrift


def tiltaksblokker(tekst: str, navn: list[str]) -> dict[str, str]:
    """The printed text of each measure: from its numbered heading to the next one's (or to
    the next part of the plan)."""
    start = {n: re.search(rf"\d+\. {re.escape(n)}", tekst).start() for n in navn}
    grenser = sorted(start.values())
    slutt = tekst.find("Samarbeid med andre", grenser[-1])
    grenser.append(slutt if slutt > 0 else len(tekst))
    return {n: tekst[s : grenser[grenser.index(s) + 1]] for n, s in start.items()}


def test_hele_planen_er_ikke_et_utdrag_og_har_underskrifter(v, innhold, media):
    utskrift = skriv_ut(v, innhold.plan, "koordinator")
    tekst = tekst_av(utskrift.fil.path)
    assert pdfinfo(utskrift.fil.path)["Title"] == f"Individuell plan – {v.pasient.navn}"
    assert "Utdrag" not in tekst and "Utelatt" not in tekst
    assert "Samtykke gitt av" in tekst
    assert "Sted og dato, pasientens underskrift" in tekst


def test_hvert_tiltak_nevner_maalene_det_skal_bidra_til(v, innhold, media):
    tekst = tekst_av(skriv_ut(v, innhold.plan, "koordinator").fil.path)
    blokker = tiltaksblokker(tekst, [TILTAK_1, TILTAK_2, TILTAK_3])
    forste, andre, tredje = blokker[TILTAK_1], blokker[TILTAK_2], blokker[TILTAK_3]
    assert "Bidrar til målene" in forste
    assert HOVEDMAAL in forste and DELMAAL in forste and HOVEDMAAL_2 not in forste
    assert HOVEDMAAL in andre and DELMAAL not in andre
    assert HOVEDMAAL_2 in tredje and HOVEDMAAL not in tredje


def test_utdrag_for_sykehuset_sier_hva_det_er_og_hva_som_er_utelatt(v, innhold, media):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.MAAL, PlanDel.TILTAK])
    utskrift = skriv_ut(v, innhold.plan, "sykehuskoordinator")
    tekst = tekst_av(utskrift.fil.path)

    assert pdfinfo(utskrift.fil.path)["Title"] == (f"Utdrag av individuell plan – {v.pasient.navn}")
    assert "Dette er et utdrag." in tekst
    assert (
        "Utelatt etter samtykket: Deltakere og bidrag, Evaluering og revisjon, "
        "Samarbeid med andre tjenester og etater." in tekst
    )
    # The goals the measures serve are part of the extract here.
    assert HOVEDMAAL in tiltaksblokker(tekst, [TILTAK_1, TILTAK_2, TILTAK_3])[TILTAK_1]
    # Neither the consent list nor the signature block of the owner's full plan.
    assert "Samtykke gitt av" not in tekst
    assert "deling med" not in tekst
    assert "underskrift" not in tekst
    assert "Jeg har vært med på å lage planen" not in tekst


def test_utdrag_uten_maal_viser_ikke_maalene_tiltakene_bidrar_til(v, innhold, media):
    del_med(v, organisasjoner=[v.sykehus], plandeler=[PlanDel.TILTAK])
    tekst = tekst_av(skriv_ut(v, innhold.plan, "sykehuskoordinator").fil.path)
    assert TILTAK_1 in tekst
    assert "Målene er ikke med i utdraget." in tekst
    for skjult in (HOVEDMAAL, DELMAAL, HOVEDMAAL_2):
        assert skjult not in tekst
    assert "Utelatt etter samtykket: Mål, ressurser og behov, Deltakere og bidrag" in tekst


def test_lange_ord_og_tabeller_holder_seg_innenfor_a4(v, innhold, media):
    langt = "Rehabiliteringskoordineringsoppfølgingstjenesteplanleggingsmøtereferat" * 2
    plan_services.tiltak_lagre(
        actor=v.brukere["koordinator"],
        plan=innhold.plan,
        beskrivelse=f"Tiltak {langt}",
        omfang=langt,
        ansvarlig=innhold.deltakere["koordinator"],
        gjennomforing=f"Slik: {langt} {langt}",
        fra=IDAG,
        til=IDAG + timedelta(days=30),
        maal=[innhold.hovedmaal],
    )
    plan_services.maal_lagre(actor=v.brukere["koordinator"], plan=innhold.plan, tekst=langt)
    sti = skriv_ut(v, innhold.plan, "koordinator").fil.path
    bokser = pdftotext(sti, "-bbox")
    sider = [float(b) for b in re.findall(r'<page width="([\d.]+)"', bokser)]
    assert sider and all(abs(b - A4_BREDDE_PT) < 1 for b in sider)
    hoyre = [float(x) for x in re.findall(r'xMax="([\d.]+)"', bokser)]
    assert hoyre
    assert max(hoyre) <= A4_BREDDE_PT - HOYRE_MARG_PT + 1, max(hoyre)
    # The long word is all there, only broken across lines.
    assert langt in "".join(tekst_av(sti).split())
