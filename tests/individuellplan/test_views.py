"""The plan screens: query counts, creating a plan, htmx editing in place with a full-page
fallback, evaluation, overdue evaluations, publishing, printing and escaping."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from felles.models import Tilgangsgrunnlag
from individuellplan import services
from individuellplan.models import (
    Deltaker,
    Evaluering,
    IndividuellPlan,
    Maal,
    Maalvurdering,
    PlanUtskrift,
    PlanVersjon,
)
from koordinering import services as koordinering_services
from koordinering.models import PlanDel
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    HOVEDMAAL,
    IDAG,
    IGAAR,
    IMORGEN,
    OSLO,
    PERIODE_FRA,
    PERIODE_TIL,
    TILTAK_2,
    fodselsnummer,
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
# The plan page reads in a fixed number of queries
# ---------------------------------------------------------------------------------------------


def legg_til(v, plan, *, hovedmaal: int, tiltak: int, ansvarlig: Deltaker, start: int = 0):
    """`hovedmaal` main goals, each with one sub-goal, and `tiltak` measures, each linked to a
    main goal and to a sub-goal, half with a named participant responsible."""
    actor = v.brukere["koordinator"]
    par = []
    for n in range(start, start + hovedmaal):
        hoved = services.maal_lagre(actor=actor, plan=plan, tekst=f"Hovedmål {n}", rekkefolge=n)
        delmaal = services.maal_lagre(actor=actor, plan=plan, tekst=f"Delmål {n}", hovedmaal=hoved)
        par.append((hoved, delmaal))
    for n in range(tiltak):
        hoved, delmaal = par[n % len(par)]
        services.tiltak_lagre(
            actor=actor,
            plan=plan,
            beskrivelse=f"Tiltak {start}-{n}",
            omfang="Ukentlig",
            ansvarlig=ansvarlig if n % 2 else None,
            ansvarlig_tjeneste="" if n % 2 else "Hjemmetjenesten",
            gjennomforing="Etter avtale",
            fra=IDAG,
            maal=[hoved, delmaal],
        )
    return par


def antall_sporringer(client, plan) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as sporringer:
        response = client.get(plan_url(plan))
    assert response.status_code == 200
    return len(sporringer), response.content.decode()


def test_plansiden_har_fast_antall_sporringer(client, v, koordinator):
    plan = ny_plan(v)
    ansvarlig = services.deltaker_lagre(
        actor=koordinator,
        plan=plan,
        type=Deltaker.Type.ANSATT,
        ansatt=v.ansatt("koordinator"),
        bidrag="Koordinerer",
    )
    services.deltaker_lagre(
        actor=koordinator,
        plan=plan,
        type=Deltaker.Type.PARORENDE,
        parorende=v.parorende,
        bidrag="Kjører",
    )
    services.samarbeid_lagre(actor=koordinator, plan=plan, etat="nav", beskrivelse="Arbeid")
    par = legg_til(v, plan, hovedmaal=1, tiltak=3, ansvarlig=ansvarlig)  # 2 goals, 3 measures
    services.evaluering_registrer(
        actor=koordinator,
        plan=plan,
        dato=IDAG,
        samlet_vurdering="Første",
        neste_evaluering=FORSTE_EVALUERING,
        vurderinger={m.pk: ("delvis", "") for m in par[0]},
    )
    services.plan_publiser(actor=koordinator, plan=plan)
    liten, html = antall_sporringer(client, plan)
    assert html.count('<span class="ds-sr-only"> Tiltak ') == 3

    legg_til(v, plan, hovedmaal=9, tiltak=57, ansvarlig=ansvarlig, start=1)  # 20 goals, 60
    assert (plan.maal.count(), plan.tiltak.count()) == (20, 60)
    stor, html = antall_sporringer(client, plan)
    assert html.count('<span class="ds-sr-only"> Tiltak ') == 60

    assert stor == liten
    # 26 today: session, user, two savepoints (ATOMIC_REQUESTS), work role (2), the plan, the
    # access check (3), the log insert, then one query per list on the page.
    assert liten <= 30


# ---------------------------------------------------------------------------------------------
# Creating a plan
# ---------------------------------------------------------------------------------------------

PLANDATA = {
    "periode_fra": PERIODE_FRA.isoformat(),
    "periode_til": PERIODE_TIL.isoformat(),
    "neste_evaluering": FORSTE_EVALUERING.isoformat(),
    "ressurser": "Liker å gå tur",
    "behov": "Trygghet hjemme",
}


def test_plan_uten_samtykke_avvises_med_melding_og_lagres_ikke(client, v):
    koordinering_services.samtykke_trekk_tilbake(
        actor=v.brukere["kollega"], samtykke=v.plansamtykke, grunn="Ønsker ikke plan nå"
    )
    client.force_login(v.brukere["kollega"])
    url = f"/pasienter/{v.pasient.pk}/plan/ny/"

    side = client.get(url).content.decode()
    assert "Pasienten har ikke gitt gyldig samtykke til oppstart" in side

    foer = siste_logg_id()
    response = client.post(url, PLANDATA)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        "Planen kan ikke opprettes: pasienten har ikke gitt gyldig samtykke til oppstart av "
        "arbeidet med individuell plan. Registrer samtykket først." in html
    )
    assert "Skjemaet har feil som må rettes" in html
    assert not IndividuellPlan.objects.exists()
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.ENHET]


def test_plan_med_samtykke_opprettes_og_aapnes(client, v):
    client.force_login(v.brukere["kollega"])
    response = client.post(f"/pasienter/{v.pasient.pk}/plan/ny/", PLANDATA)
    plan = IndividuellPlan.objects.get()
    assert response.status_code == 302
    assert response["Location"] == plan_url(plan)
    assert (plan.eier, plan.ressurser) == (v.kommune_a, "Liker å gå tur")
    assert "Planen er opprettet som utkast" in client.get(plan_url(plan)).content.decode()


def test_sykehuset_faar_beskjed_om_at_kommunen_eier_planen(client, v):
    client.force_login(v.s_leder.bruker)
    response = client.post(f"/pasienter/{v.pasient.pk}/plan/ny/", PLANDATA)
    assert response.status_code == 200
    assert "Det er Kommune A som skal lage planen" in response.content.decode()
    assert not IndividuellPlan.objects.exists()


def test_evaluering_utenfor_perioden_i_skjemaet_avvises(client, v):
    client.force_login(v.brukere["kollega"])
    data = PLANDATA | {"neste_evaluering": (PERIODE_TIL + timedelta(days=1)).isoformat()}
    response = client.post(f"/pasienter/{v.pasient.pk}/plan/ny/", data)
    assert "Evalueringen må ligge innenfor planperioden." in response.content.decode()
    assert not IndividuellPlan.objects.exists()


# ---------------------------------------------------------------------------------------------
# Sections edited in place with htmx, and the same forms without JavaScript
# ---------------------------------------------------------------------------------------------


def test_htmx_henter_skjemaet_som_fragment(client, v, innhold, koordinator):
    foer = siste_logg_id()
    response = client.get(plan_url(innhold.plan, "maal/ny/"), **HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="maal-skjema-tittel">Nytt mål<' in html
    assert f'hx-post="{plan_url(innhold.plan, "maal/ny/")}"' in html
    assert 'name="tekst"' in html
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.OPPNEVNING]


def test_uten_htmx_er_skjemaet_en_hel_side(client, innhold, koordinator):
    html = client.get(plan_url(innhold.plan, "maal/ny/")).content.decode()
    assert "<html" in html
    assert "Nytt mål" in html


def test_htmx_lagring_returnerer_oppdatert_seksjon(client, innhold, koordinator):
    response = client.post(
        plan_url(innhold.plan, "maal/ny/"),
        {"tekst": "Sykle til butikken i mai", "status": "ikke_startet"},
        **HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith("<section")
    assert 'id="maal"' in html
    assert "Sykle til butikken i mai" in html
    assert HOVEDMAAL in html  # the whole section, not just the new goal
    assert 'id="tiltak"' not in html
    assert "HX-Retarget" not in response.headers
    maal = Maal.objects.get(tekst="Sykle til butikken i mai")
    assert maal.history.get().history_user == koordinator


def test_htmx_med_feil_returnerer_skjemaet_med_feil_i_skjemaplassen(client, innhold, koordinator):
    antall = Maal.objects.count()
    response = client.post(
        plan_url(innhold.plan, "maal/ny/"),
        {"tekst": "", "status": "ikke_startet"},
        **HX,
    )
    assert response.status_code == 200
    assert response.headers["HX-Retarget"] == "#maal-skjema"
    assert response.headers["HX-Reswap"] == "innerHTML"
    html = response.content.decode()
    assert "<html" not in html
    assert "Skjemaet har feil som må rettes" in html
    assert 'aria-invalid="true"' in html
    assert Maal.objects.count() == antall


def test_htmx_med_feil_fra_tjenesten_vises_i_skjemaet(client, innhold, koordinator):
    """A rule only the service knows (the target date outside the period) lands on its field."""
    response = client.post(
        plan_url(innhold.plan, "maal/ny/"),
        {
            "tekst": "For sent",
            "status": "ikke_startet",
            "maldato": (PERIODE_TIL + timedelta(days=1)).isoformat(),
        },
        **HX,
    )
    assert response.headers["HX-Retarget"] == "#maal-skjema"
    html = response.content.decode()
    assert "Måldatoen må ligge innenfor planperioden (11.03.2026–11.03.2027)." in html
    assert not Maal.objects.filter(tekst="For sent").exists()


def test_htmx_tiltak_uten_ansvarlig_gir_feil(client, innhold, koordinator):
    response = client.post(
        plan_url(innhold.plan, "tiltak/ny/"),
        {
            "beskrivelse": "Trygghetsalarm",
            "omfang": "Hele døgnet",
            "gjennomforing": "Alarm rundt halsen",
            "fra": IDAG.isoformat(),
            "status": "planlagt",
        },
        **HX,
    )
    assert response.headers["HX-Retarget"] == "#tiltak-skjema"
    assert "Tiltaket må ha en ansvarlig" in response.content.decode()
    assert not innhold.plan.tiltak.filter(beskrivelse="Trygghetsalarm").exists()


def test_uten_htmx_sender_lagring_tilbake_til_plansiden(client, innhold, koordinator):
    response = client.post(
        plan_url(innhold.plan, "maal/ny/"),
        {"tekst": "Sykle til butikken i mai", "status": "ikke_startet"},
    )
    assert response.status_code == 302
    assert response["Location"] == plan_url(innhold.plan) + "#maal"
    side = client.get(response["Location"]).content.decode()
    assert "Lagret." in side
    assert "Sykle til butikken i mai" in side


def test_uten_htmx_med_feil_vises_hel_side_med_feil(client, innhold, koordinator):
    response = client.post(plan_url(innhold.plan, "maal/ny/"), {"tekst": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "Skjemaet har feil som må rettes" in html
    assert "HX-Retarget" not in response.headers


def test_endre_tiltak_uten_htmx(client, innhold, koordinator):
    tiltak = innhold.tiltak[1]
    response = client.post(
        plan_url(innhold.plan, f"tiltak/{tiltak.pk}/"),
        {
            "beskrivelse": TILTAK_2,
            "omfang": "Tre ganger i uka",
            "ansvarlig": innhold.deltakere["ekstern"].pk,
            "gjennomforing": "Gåtrening ute",
            "fra": tiltak.fra.isoformat(),
            "til": tiltak.til.isoformat(),
            "maal": [innhold.hovedmaal.pk],
            "status": "paagaar",
        },
    )
    assert response.status_code == 302
    tiltak.refresh_from_db()
    assert (tiltak.omfang, tiltak.status) == ("Tre ganger i uka", "paagaar")


def test_objekt_fra_en_annen_plan_gir_404(client, v, innhold):
    """Both plans are the colleague's (same unit), but an item is reached only through its
    own plan."""
    kollega = v.brukere["kollega"]
    annen_pasient = koordinering_services.pasient_opprett(
        actor=kollega,
        enhet=v.a_hjemme,
        tilknytning_fra=IDAG,
        begrunnelse="Vedtak",
        fodselsnummer=fodselsnummer(IDAG.replace(year=1950), 300),
        fornavn="Annen",
        etternavn="Pasient",
    )
    koordinering_services.samtykke_registrer(
        actor=kollega,
        pasient=annen_pasient,
        gjelder_planprosess=True,
        gitt_av="pasienten",
        form="muntlig",
        gyldig_fra=IDAG,
    )
    annen_plan = services.plan_opprett(
        actor=kollega,
        pasient=annen_pasient,
        periode_fra=PERIODE_FRA,
        periode_til=PERIODE_TIL,
        neste_evaluering=FORSTE_EVALUERING,
    )
    fremmed = services.maal_lagre(actor=kollega, plan=annen_plan, tekst="Den andres mål")
    client.force_login(kollega)
    assert client.get(plan_url(annen_plan, f"maal/{fremmed.pk}/")).status_code == 200
    response = client.get(plan_url(innhold.plan, f"maal/{fremmed.pk}/"))
    assert response.status_code == 404
    response = client.post(
        plan_url(innhold.plan, f"maal/{fremmed.pk}/"), {"tekst": "Kapret", "status": "naadd"}
    )
    assert response.status_code == 404
    fremmed.refresh_from_db()
    assert fremmed.tekst == "Den andres mål"
    assert client.get(plan_url(innhold.plan, "ukjent/ny/")).status_code == 404


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
    assert "Versjon 1 er publisert og kan skrives ut." in side
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
