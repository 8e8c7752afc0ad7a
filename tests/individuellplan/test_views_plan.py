"""Plan screens: the plan page's query count, creating a plan, and the sections edited in place
(htmx) and without JavaScript."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from felles.models import Tilgangsgrunnlag
from individuellplan import services
from individuellplan.models import (
    Deltaker,
    IndividuellPlan,
    Maal,
)
from koordinering import services as koordinering_services
from tests.individuellplan.verden import (
    FORSTE_EVALUERING,
    HOVEDMAAL,
    IDAG,
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
