"""The minutes form of issue 13, item 3: action items as rows added and removed (with htmx and
without JavaScript), nothing typed lost on an error, the draft saved as you go, and the next
meeting called from the minutes (the world: tests/ansvarsgruppe/verden.py)."""

from datetime import datetime

import pytest
from django.urls import reverse

from ansvarsgruppe import services
from ansvarsgruppe.models import Mote, Oppgave, Referat
from tests.ansvarsgruppe.verden import I_DAG_KL_10, bygg_gruppe, bygg_verden, innkall
from tests.verden import OSLO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture
def g():
    return bygg_gruppe(bygg_verden())


@pytest.fixture
def mote(g):
    return innkall(g, I_DAG_KL_10)


def url(navn, mote):
    return reverse(f"ansvarsgruppe:{navn}", kwargs={"pk": mote.pk})


def rad(i, beskrivelse="", ansvarlig="", frist="", **ekstra):
    return {
        f"oppgaver-{i}-beskrivelse": beskrivelse,
        f"oppgaver-{i}-ansvarlig": ansvarlig,
        f"oppgaver-{i}-frist": frist,
        **{f"oppgaver-{i}-{k}": v for k, v in ekstra.items()},
    }


def data(g, mote, antall, initial=0, **felter):
    sak = mote.sakspunkter.first()
    return {
        "oppgaver-TOTAL_FORMS": str(antall),
        "oppgaver-INITIAL_FORMS": str(initial),
        "til_stede": [g.koordinator.pk, g.paal.pk],
        f"notat_{sak.pk}": "Åse har det bedre",
        f"beslutning_{sak.pk}": "Fortsetter som før",
        **felter,
    }


def test_uten_javascript_legg_til_rad_viser_skjemaet_med_en_rad_til(client, g, mote):
    client.force_login(g.actor)
    svar = client.get(url("referat-skjema", mote))
    assert svar.context["rader"].total_form_count() == 0
    post = data(g, mote, 1, **rad(0, "Ring fastlegen", g.koordinator.pk, "2026-03-25"))
    svar = client.post(url("referat-skjema", mote), {**post, "handling": "legg-til-rad"})
    assert svar.status_code == 200
    rader = svar.context["rader"]
    assert rader.total_form_count() == 2
    html = svar.content.decode()
    assert 'name="oppgaver-1-beskrivelse"' in html
    assert 'value="Ring fastlegen"' in html  # what was typed is still there
    assert "Åse har det bedre" in html
    assert 'data-testid="feiloppsummering"' not in html  # adding a row shows no errors
    # The complete row and the notes were saved as a draft on the way.
    assert list(Oppgave.objects.values_list("beskrivelse", flat=True)) == ["Ring fastlegen"]


def test_med_htmx_hentes_en_tom_rad_og_nytt_antall(client, g, mote):
    client.force_login(g.actor)
    svar = client.get(url("referat-oppgaverad", mote), {"oppgaver-TOTAL_FORMS": "2"})
    html = svar.content.decode()
    assert 'name="oppgaver-2-beskrivelse"' in html
    assert "Oppfølgingspunkt 3: hva skal gjøres" in html
    assert 'id="id_oppgaver-TOTAL_FORMS" hx-swap-oob="true"' in html and 'value="3"' in html


def test_en_rad_fjernes_og_lagringen_dobler_ingenting(client, g, mote):
    client.force_login(g.actor)
    post = data(
        g,
        mote,
        2,
        **rad(0, "Ring fastlegen", g.koordinator.pk, "2026-03-25", innsending_id="1" * 32),
        **rad(1, "Søke trygghetsalarm", g.paal.pk, "2026-04-01", innsending_id="2" * 32),
    )
    assert client.post(url("referat-skjema", mote), post).status_code == 302
    # The same submission again (a double click): no new rows.
    assert client.post(url("referat-skjema", mote), post).status_code == 302
    assert sorted(Oppgave.objects.values_list("beskrivelse", flat=True)) == [
        "Ring fastlegen",
        "Søke trygghetsalarm",
    ]
    # The saved draft shows the two as rows; the first is removed with its box.
    skjema = client.get(url("referat-skjema", mote)).context["rader"]
    assert [f.initial["beskrivelse"] for f in skjema.forms] == [
        "Ring fastlegen",
        "Søke trygghetsalarm",
    ]
    forste, andre = (f.initial["oppgave"] for f in skjema.forms)
    post = data(
        g,
        mote,
        2,
        initial=2,
        **rad(0, "Ring fastlegen", g.koordinator.pk, "2026-03-25", oppgave=forste, DELETE="on"),
        **rad(1, "Søke trygghetsalarm", g.paal.pk, "2026-04-02", oppgave=andre),
    )
    assert client.post(url("referat-skjema", mote), post).status_code == 302
    assert list(Oppgave.objects.values_list("beskrivelse", "frist")) == [
        ("Søke trygghetsalarm", datetime(2026, 4, 2).date())
    ]


def test_feil_ved_lagring_beholder_alt_og_viser_alle_feil_paa_en_gang(client, g, mote):
    client.force_login(g.actor)
    post = data(
        g,
        mote,
        2,
        neste_mote_dato="2026-03-01",  # has been
        neste_mote_starter="10:00",
        neste_mote="Ta med vedtaket",
        **rad(0, "Ring fastlegen", "", "2026-03-25"),  # no one responsible
        **rad(1, "", g.paal.pk, ""),  # nothing to do, no deadline
    )
    svar = client.post(url("referat-skjema", mote), {**post, "handling": "lagre"})
    assert svar.status_code == 200
    html = svar.content.decode()
    form, rader = svar.context["form"], svar.context["rader"]
    assert form.errors == {"neste_mote_dato": ["Neste møte må være etter dette møtet."]}
    assert rader.forms[0].errors == {
        "ansvarlig": ["Oppfølgingspunktet må ha en ansvarlig som er medlem av gruppen."]
    }
    assert rader.forms[1].errors == {
        "beskrivelse": ["Skriv hva som skal gjøres."],
        "frist": ["Oppgi en frist."],
    }
    assert 'data-testid="feiloppsummering"' in html
    assert html.count('href="#id_oppgaver-') == 3  # each error links to its field
    for skrevet in ("Ring fastlegen", "Åse har det bedre", "Fortsetter som før", "Ta med vedtaket"):
        assert skrevet in html
    assert not Referat.objects.exists() and not Oppgave.objects.exists()


def test_autolagring_lagrer_utkastet_og_hopper_over_halve_rader(client, g, mote):
    client.force_login(g.actor)
    post = data(
        g,
        mote,
        2,
        **rad(0, "Ring fastlegen", g.koordinator.pk, "2026-03-25", innsending_id="3" * 32),
        **rad(1, "Halvskrevet"),
    )
    svar = client.post(url("referat-autolagre", mote), post, HTTP_HX_REQUEST="true")
    tekst = svar.content.decode()
    assert tekst.startswith("Utkastet er lagret kl. 12.00.")
    assert "1 oppfølgingspunkt er ikke fylt ut helt" in tekst
    referat = Referat.objects.get(mote=mote)
    assert referat.notater.get(sakspunkt=mote.sakspunkter.first()).notat == "Åse har det bedre"
    # Saved again as typing goes on: the row made by the first save is changed, not doubled.
    post["oppgaver-0-beskrivelse"] = "Ring fastlegen om medisinene"
    client.post(url("referat-autolagre", mote), post, HTTP_HX_REQUEST="true")
    assert list(Oppgave.objects.values_list("beskrivelse", flat=True)) == [
        "Ring fastlegen om medisinene"
    ]
    # Removed after it was saved as you go: removed by its token.
    post["oppgaver-0-DELETE"] = "on"
    client.post(url("referat-autolagre", mote), post, HTTP_HX_REQUEST="true")
    assert not Oppgave.objects.exists()


def test_neste_mote_kalles_inn_naar_referatet_godkjennes_en_gang(client, g, mote):
    client.force_login(g.actor)
    post = data(g, mote, 0, neste_mote_dato="2026-06-09", neste_mote_starter="10:00")
    assert client.post(url("referat-skjema", mote), post).status_code == 302
    referat = Referat.objects.get(mote=mote)
    assert referat.neste_mote_start == datetime(2026, 6, 9, 10, tzinfo=OSLO)

    services.referat_godkjenn(actor=g.actor, referat=referat)

    neste = Mote.objects.exclude(pk=mote.pk).get()
    assert (neste.start, neste.slutt) == (
        datetime(2026, 6, 9, 10, tzinfo=OSLO),
        datetime(2026, 6, 9, 11, tzinfo=OSLO),  # as long as this one
    )
    assert neste.sted == mote.sted
    referat.refresh_from_db()
    assert referat.neste_mote_innkalt == neste
    # Once: the button after approval returns the same notice.
    svar = client.post(url("neste-mote-innkall", mote))
    assert svar["Location"] == reverse("ansvarsgruppe:mote-detalj", kwargs={"pk": neste.pk})
    assert Mote.objects.count() == 2


def test_neste_mote_som_har_vaert_stopper_godkjenningen_med_beskjed(g, mote):
    referat = services.referat_lagre(
        actor=g.actor,
        mote=mote,
        til_stede=[g.koordinator],
        notater={},
        neste_mote_tid=(datetime(2026, 3, 11, 13, tzinfo=OSLO), None),
    )
    from tests.verden import klokken

    with klokken(datetime(2026, 3, 12, 9, tzinfo=OSLO)):
        from ansvarsgruppe.selectors import referat_mangler

        assert referat_mangler(referat) == [
            "Neste møte (11.03.2026 kl. 13.00) har vært. Rett tiden for neste møte, eller ta "
            "den bort, før du godkjenner."
        ]
    assert Mote.objects.count() == 1
