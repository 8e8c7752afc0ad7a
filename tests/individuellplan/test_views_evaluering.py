"""Plan screens: evaluation, publishing and the version page, printing, escaped free text."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.utils import timezone

from individuellplan import services
from individuellplan.models import (
    Evaluering,
    IndividuellPlan,
    Maalvurdering,
    PlanUtskrift,
    PlanVersjon,
)
from koordinering.models import PlanDel
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    IDAG,
    IGAAR,
    IMORGEN,
    OSLO,
    logget,
    ny_plan,
    siste_logg_id,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def plan_url(plan, rest: str = "") -> str:
    return f"/planer/{plan.pk}/{rest}"


@pytest.fixture
def koordinator(client, v):
    client.force_login(v.brukere["koordinator"])
    return v.brukere["koordinator"]


# ---------------------------------------------------------------------------------------------
# Evaluation
# ---------------------------------------------------------------------------------------------


def evalueringsdata(innhold, **felter) -> dict:
    data = {
        "dato": IDAG.isoformat(),
        "samlet_vurdering": "Går fremover",
        "neste_evaluering": (IDAG + timedelta(days=120)).isoformat(),
    }
    for maal, vurdering in (
        (innhold.hovedmaal, "naadd"),
        (innhold.delmaal, "delvis"),
        (innhold.hovedmaal_2, "ikke"),
    ):
        data[f"vurdering_{maal.pk}"] = vurdering
        data[f"kommentar_{maal.pk}"] = f"Kommentar til {maal.pk}"
    return data | felter


def test_evalueringsskjemaet_lagrer_en_vurdering_per_maal(client, v, innhold, koordinator):
    side = client.get(plan_url(innhold.plan, "evaluering/ny/")).content.decode()
    for maal in (innhold.hovedmaal, innhold.delmaal, innhold.hovedmaal_2):
        assert f'name="vurdering_{maal.pk}"' in side

    response = client.post(plan_url(innhold.plan, "evaluering/ny/"), evalueringsdata(innhold))

    assert response.status_code == 302
    assert response["Location"] == plan_url(innhold.plan) + "#evaluering"
    evaluering = Evaluering.objects.exclude(pk=innhold.evaluering.pk).get()
    assert sorted(evaluering.vurderinger.values_list("maal_id", "vurdering", "kommentar")) == [
        (innhold.hovedmaal.pk, "naadd", f"Kommentar til {innhold.hovedmaal.pk}"),
        (innhold.delmaal.pk, "delvis", f"Kommentar til {innhold.delmaal.pk}"),
        (innhold.hovedmaal_2.pk, "ikke", f"Kommentar til {innhold.hovedmaal_2.pk}"),
    ]
    innhold.plan.refresh_from_db()
    assert innhold.plan.neste_evaluering == IDAG + timedelta(days=120)


@pytest.mark.parametrize(
    ("felter", "melding"),
    [
        ({"dato": IMORGEN.isoformat()}, "En evaluering kan ikke dateres fram i tid."),
        ({"neste_evaluering": IDAG.isoformat()}, "Neste evaluering må være etter denne."),
        ({"neste_evaluering": IGAAR.isoformat()}, "Neste evaluering må være etter denne."),
    ],
)
def test_ugyldig_evaluering_i_skjemaet_avvises(client, innhold, koordinator, felter, melding):
    antall = Maalvurdering.objects.count()
    response = client.post(
        plan_url(innhold.plan, "evaluering/ny/"), evalueringsdata(innhold, **felter)
    )
    assert response.status_code == 200
    assert melding in response.content.decode()
    assert Maalvurdering.objects.count() == antall
    assert Evaluering.objects.count() == 1


def test_dobbel_innsending_av_evalueringen_gir_en_evaluering(client, innhold, koordinator):
    url = plan_url(innhold.plan, "evaluering/ny/")
    token = client.get(url).context["form"].initial["innsending_id"]
    data = evalueringsdata(innhold, innsending_id=token)
    forste, andre = client.post(url, data), client.post(url, data)
    assert forste.status_code == andre.status_code == 302
    assert Evaluering.objects.count() == 2  # the world's own and this one
    assert Maalvurdering.objects.filter(evaluering__plan=innhold.plan).count() == (
        innhold.evaluering.vurderinger.count() + 3
    )


def test_evaluering_maa_vurdere_hvert_maal(client, innhold, koordinator):
    data = evalueringsdata(innhold)
    del data[f"vurdering_{innhold.delmaal.pk}"]
    response = client.post(plan_url(innhold.plan, "evaluering/ny/"), data)
    assert response.status_code == 200
    assert Evaluering.objects.count() == 1


def test_forfalt_evaluering_vises_paa_plansiden_og_dashbordet(client, innhold, koordinator):
    def sider():
        client.force_login(koordinator)  # the session itself expires over three months
        return (
            client.get(plan_url(innhold.plan)).content.decode(),
            client.get("/").content.decode(),
        )

    plan_html, start_html = sider()
    assert "forfalt" not in plan_html
    assert "Evaluering forfalt" not in start_html
    assert f'href="{plan_url(innhold.plan)}"' in start_html

    # The evaluation date itself is not overdue …
    with time_machine.travel(datetime(2026, 6, 9, 23, 30, tzinfo=OSLO), tick=False):
        plan_html, start_html = sider()
        assert "forfalt" not in plan_html
    # … the day after it is.
    dagen_etter = FORSTE_EVALUERING + timedelta(days=1)
    with time_machine.travel(datetime(2026, 6, 10, 0, 30, tzinfo=OSLO), tick=False):
        assert timezone.localdate() == dagen_etter
        plan_html, start_html = sider()
    assert re.search(r"09\.06\.2026 – forfalt", plan_html)
    assert "Evaluering forfalt 09.06.2026" in start_html


# ---------------------------------------------------------------------------------------------
# Publishing and the version page
# ---------------------------------------------------------------------------------------------


def test_publisering_og_versjonsside_med_endringer(
    client, v, innhold, koordinator, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(innhold.plan, "publiser/"))
    assert response.status_code == 302
    versjon = PlanVersjon.objects.get(plan=innhold.plan)
    assert versjon.nummer == 1
    assert versjon.pdf  # rendered after commit
    side = client.get(plan_url(innhold.plan)).content.decode()
    assert "Versjon 1 er publisert. PDF-en er bestilt og lages så snart som mulig." in side
    assert f'href="{plan_url(innhold.plan, "versjoner/1/")}"' in side

    versjonsside = client.get(plan_url(innhold.plan, "versjoner/1/")).content.decode()
    assert "Ingen endringer siden denne versjonen." in versjonsside

    client.post(
        plan_url(innhold.plan, "maal/ny/"), {"tekst": "Danse på 17. mai", "status": "ikke_startet"}
    )
    client.post(
        plan_url(innhold.plan, f"maal/{innhold.hovedmaal_2.pk}/"),
        {"tekst": innhold.hovedmaal_2.tekst, "status": "paagaar"},
    )
    foer = siste_logg_id()
    versjonsside = client.get(plan_url(innhold.plan, "versjoner/1/")).content.decode()
    assert "Lagt til: Danse på 17. mai" in versjonsside
    assert f"Endret: {innhold.hovedmaal_2.tekst} (status)" in versjonsside
    assert [r.dokument for r in logget(v.pasient, foer)] == ["Plan, versjon 1"]

    response = client.get(plan_url(innhold.plan, "versjoner/1/pdf/"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(plan_url(innhold.plan, "publiser/"))
    assert list(innhold.plan.versjoner.values_list("nummer", flat=True)) == [2, 1]


def test_bare_planeieren_kan_publisere(client, v, innhold):
    client.force_login(v.brukere["ke"])
    assert client.post(plan_url(innhold.plan, "publiser/")).status_code == 404
    assert not PlanVersjon.objects.exists()


def test_statusknapper_gjennom_hele_loepet(client, v, innhold, koordinator):
    client.post(plan_url(innhold.plan, "ta-i-bruk/"))
    innhold.plan.refresh_from_db()
    assert innhold.plan.status == IndividuellPlan.Status.AKTIV

    response = client.post(plan_url(innhold.plan, "avslutt/"), {"grunn": ""})
    assert response.status_code == 200
    response = client.post(plan_url(innhold.plan, "avslutt/"), {"grunn": "Flyttet"})
    assert response.status_code == 302
    side = client.get(plan_url(innhold.plan)).content.decode()
    assert "Gjenåpne planen" in side
    assert "Legg til mål" not in side
    response = client.post(
        plan_url(innhold.plan, "maal/ny/"), {"tekst": "Etter slutt", "status": "ikke_startet"}
    )
    assert "Planen er avsluttet. Gjenåpne den for å gjøre endringer." in response.content.decode()

    client.post(plan_url(innhold.plan, "gjenaapne/"))
    innhold.plan.refresh_from_db()
    assert innhold.plan.status == IndividuellPlan.Status.AKTIV
    assert [h.status for h in innhold.plan.history.order_by("history_id")][-3:] == [
        "aktiv",
        "avsluttet",
        "aktiv",
    ]


def test_aktivering_uten_hovedmaal_gir_feilmelding(client, v, koordinator):
    plan = ny_plan(v)
    response = client.post(plan_url(plan, "ta-i-bruk/"), follow=True)
    assert "Planen må ha minst ett hovedmål før den tas i bruk." in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == IndividuellPlan.Status.UTKAST


# ---------------------------------------------------------------------------------------------
# Printing
# ---------------------------------------------------------------------------------------------


def test_utskrift_bestilles_og_vises_som_under_arbeid(
    client, v, innhold, koordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(plan_url(innhold.plan, "utskrifter/"), {"med_fodselsnummer": "on"})
    assert response.status_code == 302
    assert response["Location"] == plan_url(innhold.plan) + "#utskrifter"
    assert len(callbacks) == 1  # the PDF is queued after commit
    utskrift = PlanUtskrift.objects.get()
    assert utskrift.status == PlanUtskrift.Status.VENTER
    assert utskrift.bestilt_av == v.ansatt("koordinator")
    assert utskrift.med_fodselsnummer is True
    assert sorted(utskrift.plandeler) == sorted(PlanDel.values)

    side = client.get(plan_url(innhold.plan)).content.decode()
    assert f'id="utskrift-{utskrift.pk}"' in side
    assert "PDF-en lages" in side
    assert client.get(plan_url(innhold.plan, f"utskrifter/{utskrift.pk}/pdf/")).status_code == 404

    with django_capture_on_commit_callbacks():
        response = client.post(plan_url(innhold.plan, "utskrifter/"), **HX)
    html = response.content.decode()
    assert html.startswith("<li")
    assert 'hx-trigger="every 2s"' in html


def test_ferdig_utskrift_lastes_ned_bare_av_den_som_bestilte(client, v, innhold, media):
    utskrift = PlanUtskrift.objects.create(
        plan=innhold.plan,
        bestilt_av=v.ansatt("koordinator"),
        plandeler=sorted(PlanDel.values),
        status=PlanUtskrift.Status.FERDIG,
        ferdig=timezone.now(),
    )
    utskrift.fil.save("plan.pdf", ContentFile(b"%PDF-1.7 test"))
    url = plan_url(innhold.plan, f"utskrifter/{utskrift.pk}/pdf/")

    client.force_login(v.brukere["koordinator"])
    foer = siste_logg_id()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="individuell-plan-{innhold.plan.pk}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.7 test"
    assert [r.dokument for r in logget(v.pasient, foer)] == ["Plan som PDF"]

    for annen in ("kollega", "ke"):  # they see the plan, but did not order the print
        client.force_login(v.brukere[annen])
        assert client.get(url).status_code == 404
        assert client.get(plan_url(innhold.plan, f"utskrifter/{utskrift.pk}/")).status_code == 404


def test_utskrift_lages_og_lastes_ned(
    client, v, innhold, koordinator, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(plan_url(innhold.plan, "utskrifter/"))
    assert response.status_code == 302
    utskrift = PlanUtskrift.objects.get()
    assert utskrift.status == PlanUtskrift.Status.FERDIG

    url = plan_url(innhold.plan, f"utskrifter/{utskrift.pk}/pdf/")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    client.force_login(v.brukere["kollega"])
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------------------------
# Free text is escaped
# ---------------------------------------------------------------------------------------------


def test_html_i_fritekst_vises_som_tekst(client, v, innhold, koordinator):
    skript = '<script>alert("mål")</script>'
    bilde = '<img src="http://127.0.0.1:9/x.png" onerror="alert(1)">'
    services.maal_lagre(actor=koordinator, plan=innhold.plan, tekst=skript)
    services.plan_oppdater(actor=koordinator, plan=innhold.plan, behov=bilde)
    services.samarbeid_lagre(
        actor=koordinator, plan=innhold.plan, etat="annen", kontakt=skript, beskrivelse=bilde
    )
    html = client.get(plan_url(innhold.plan)).content.decode()
    assert skript not in html
    assert bilde not in html
    assert "&lt;script&gt;alert(&quot;mål&quot;)&lt;/script&gt;" in html
    assert (
        "&lt;img src=&quot;http://127.0.0.1:9/x.png&quot; onerror=&quot;alert(1)&quot;&gt;" in html
    )
