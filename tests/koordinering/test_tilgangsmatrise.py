"""The permission matrix: who reaches which patient page, with what the access log says,
and the patient search. Every test here only reads, so the world is built once for the module
(tests/koordinering/verden.py describes it)."""

import logging
import re
from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from felles.models import Handling, Tilgangslogg
from koordinering import services
from koordinering.models import (
    Behovsmelding,
    Oppnevning,
)
from tests.factories import (
    AnsattFactory,
    MedlemskapFactory,
    UserFactory,
)
from tests.koordinering.verden import (
    BRUKERTYPER,
    GRUNNLAG,
    LIVSLOP,
    URLER,
    UTEN_ENHET_TEKST,
    bygg_verden,
    klient_for,
    logget,
    siste_logg_id,
    url_for,
)
from tests.pasientside import hele_pasientsiden
from tests.poppler import tekst_av_pdf
from tests.verden import (
    IDAG,
    en_gang_per_modul,
    fodselsnummer,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@pytest.fixture(scope="module")
def v(django_db_setup, django_db_blocker):
    yield from en_gang_per_modul(django_db_blocker, bygg_verden)


# Reading: appointment, connected unit or KE. Editing: appointment or connected unit, not KE.
# Ending or reassigning an appointment: leader of the appointing unit or the organisation's KE.
# Withdrawing a consent: the documenting organisation, the koordinator or the KE. The
# appointment page and the patient letter: whoever sees the appointment; accepting the mandate:
# the appointee (302 back to the page).
# Need reports: the leader of the need's unit. An empty POST to behov-oppnevn/-avslaa/-beslutt is
# a form error (400, the decision page is shown again with the error, and that page is logged).
# fmt: off
MATRISE = {
    #                      koordinator kollega  ke   leder fremmed kommune_b sykehus anonym
    "pasient-detalj":      (200,       200,    200,  200,  404,    404,      404,    302),
    "pasient-endre":       (200,       200,    404,  200,  404,    404,      404,    302),
    "parorende-opprett":   (200,       200,    404,  200,  404,    404,      404,    302),
    "tilknytning-opprett": (200,       200,    404,  200,  404,    404,      404,    302),
    "samtykke-opprett":    (200,       200,    404,  200,  404,    404,      404,    302),
    "behov-opprett":       (200,       200,    404,  200,  404,    404,      404,    302),
    "samtykke-trekk":      (200,       200,    200,  200,  404,    404,      404,    302),
    "parorende-endre":     (200,       200,    404,  200,  404,    404,      404,    302),
    "parorende-fjern":     (200,       200,    404,  200,  404,    404,      404,    302),
    "tilknytning-avslutt": (200,       200,    404,  200,  404,    404,      404,    302),
    "oppnevning-detalj":   (200,       200,    200,  200,  404,    404,      404,    302),
    "oppnevning-brev":     (200,       200,    200,  200,  404,    404,      404,    302),
    "oppnevning-mandat-aksepter": (302, 404,   404,  404,  404,    404,      404,    302),
    "oppnevning-avslutt":  (404,       404,    200,  200,  404,    404,      404,    302),
    "oppnevning-bytt":     (404,       404,    200,  200,  404,    404,      404,    302),
    "behov-detalj":        (404,       404,    404,  200,  404,    404,      404,    302),
    "behov-oppnevn":       (404,       404,    404,  400,  404,    404,      404,    302),
    "behov-avslaa":        (404,       404,    404,  400,  404,    404,      404,    302),
    "behov-beslutt":       (404,       404,    404,  400,  404,    404,      404,    302),
    "pasient-tilgang":     (404,       404,    200,  404,  404,    404,      404,    302),
    "innsyn-pdf":          (404,       404,    200,  404,  404,    404,      404,    302),
}
# fmt: on

TILFELLER = [
    pytest.param(url_navn, brukertype, forventet, id=f"{url_navn}-{brukertype}-{forventet}")
    for url_navn, rad in MATRISE.items()
    for brukertype, forventet in zip(BRUKERTYPER, rad, strict=True)
]


def test_matrisen_dekker_alle_pasient_urler_med_objekt_id():
    from ansvarsgruppe.urls import urlpatterns as gruppe_urler
    from koordinering.urls import urlpatterns
    from tests.ansvarsgruppe.test_tilgang import ANSVARSGRUPPE_MATRISE

    med_id = {
        p.name
        for p in [*urlpatterns, *gruppe_urler]
        if "<int:pk>" in str(p.pattern)
        # The staff log, the CSV (no patient name to find in it) and lifting a block (needs a
        # block in the world) have their own tests in tests/koordinering/test_sperring.py.
        and not p.name.startswith(("tilgangslogg", "innsyn-csv", "sperring-"))
    }
    # Group, meeting and minutes URLs have their own matrix in tests/ansvarsgruppe/test_tilgang.py.
    assert med_id == set(MATRISE) | set(ANSVARSGRUPPE_MATRISE)
    assert set(MATRISE) == set(URLER)


def _innhold(response) -> str:
    if response["Content-Type"] == "application/pdf":
        return tekst_av_pdf(response.content)
    return response.content.decode()


@pytest.mark.parametrize(("url_navn", "brukertype", "forventet"), TILFELLER)
def test_tilgangsmatrise(client, v, url_navn, brukertype, forventet):
    bruker = v.brukere[brukertype]
    klient_for(client, bruker)
    url = url_for(v, url_navn)
    foer = siste_logg_id()
    tilstand_foer = (
        Oppnevning.objects.count(),
        Behovsmelding.objects.filter(status=Behovsmelding.Status.VENTER).count(),
    )

    response = client.post(url, {}) if URLER[url_navn][1] == "POST" else client.get(url)

    assert response.status_code == forventet, response.content.decode()[:500]
    nye = logget(v.pasient, foer)
    if forventet in (200, 400):
        assert len(nye) == 1, [(r.dokument, r.grunnlag) for r in nye]
        rad = nye[0]
        assert rad.bruker == bruker
        assert rad.grunnlag == GRUNNLAG[brukertype]
        assert rad.organisasjon_id == bruker.ansatt.organisasjon_id
        assert rad.brukernavn == bruker.get_full_name()
        assert v.pasient.navn in _innhold(response)
    else:
        assert nye == []
    if forventet == 404:
        # A refused attempt is recorded for the KE's snooping review, as a refusal, not a read.
        (avvist,) = Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.AVVIST)
        assert avvist.bruker == bruker
        if URLER[url_navn][0] == "pasient":
            assert avvist.pasient_id == v.pasient.pk
        assert avvist.grunnlag == ""
        assert avvist.dokument.endswith(url)
    if forventet == 302 and bruker is None:
        assert response["Location"] == f"/logg-inn/?next={url}"
    if forventet == 404:
        assert v.pasient.navn not in response.content.decode()
        assert v.pasient.fodselsnummer not in response.content.decode()
    # Nothing was changed by a GET or an empty POST.
    assert (
        Oppnevning.objects.count(),
        Behovsmelding.objects.filter(status=Behovsmelding.Status.VENTER).count(),
    ) == tilstand_foer


# The lifecycle rows (issue 14, point 4): every URL the koordinator reaches through the
# appointment, after each change in `LIVSLOP` (tests/koordinering/verden.py): 404 while they
# still have a unit, the Norwegian «no unit» page (403) without one, the login page (302) when
# deactivated. tests/koordinering/test_tilgang_livslop.py covers the plan, meeting, minutes and
# message URLs.
LIVSLOP_TILFELLER = [
    pytest.param(url_navn, endring, id=f"{url_navn}-{endring}-{LIVSLOP[endring][1]}")
    for url_navn, rad in MATRISE.items()
    if rad[BRUKERTYPER.index("koordinator")] in (200, 302)
    for endring in LIVSLOP
]


@pytest.mark.parametrize(("url_navn", "endring"), LIVSLOP_TILFELLER)
def test_tilgangsmatrise_livslop(client, v, url_navn, endring):
    endre, forventet = LIVSLOP[endring]
    bruker = v.brukere["koordinator"]
    client.force_login(bruker)
    endre(v)
    url = url_for(v, url_navn)
    foer = siste_logg_id()

    response = client.post(url, {}) if URLER[url_navn][1] == "POST" else client.get(url)

    assert response.status_code == forventet, response.content.decode()[:500]
    assert logget(v.pasient, foer) == []
    innhold = response.content.decode()
    assert v.pasient.navn not in innhold
    assert v.pasient.fodselsnummer not in innhold
    if forventet == 403:
        assert UTEN_ENHET_TEKST in innhold
    if forventet in (403, 404):
        (avvist,) = Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.AVVIST)
        assert avvist.bruker == bruker
        if URLER[url_navn][0] == "pasient":
            assert avvist.pasient_id == v.pasient.pk
    if forventet == 302:
        assert response["Location"] == f"/logg-inn/?next={url}"


@pytest.mark.parametrize(
    "url_navn", [navn for navn, (_objekt, metode) in URLER.items() if metode == "GET"]
)
def test_superbruker_uten_ansattprofil_faar_404_paa_pasientsider(client, v, url_navn):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    foer = siste_logg_id()
    response = client.get(url_for(v, url_navn))
    assert response.status_code == 404
    assert logget(v.pasient, foer) == []


@pytest.mark.parametrize("url_navn", ["behov-oppnevn", "behov-avslaa", "behov-beslutt"])
def test_superbruker_uten_ansattprofil_faar_404_paa_beslutninger(client, v, url_navn):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(url_for(v, url_navn), {})
    assert response.status_code == 404


def test_superbruker_ser_ikke_pasienten_i_sok(client, v):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(reverse("koordinering:pasient-sok"), {"sok": "Petronella"})
    assert response.status_code == 404


def test_superbruker_med_ansattprofil_i_annen_kommune_faar_404(client, v):
    """Superuser status never opens a patient: only the relationships in `visible_to` do."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    MedlemskapFactory(
        ansatt=AnsattFactory(bruker=admin, organisasjon=v.kommune_b), enhet=v.b_hjemme
    )
    client.force_login(admin)
    assert client.get(url_for(v, "pasient-detalj")).status_code == 404
    response = client.post(reverse("koordinering:pasient-sok"), {"sok": v.pasient.fodselsnummer})
    assert v.pasient.navn not in response.content.decode()


@pytest.mark.parametrize(
    ("brukertype", "endre", "avslutt_oppnevning"),
    [
        ("koordinator", True, False),
        ("kollega", True, False),
        ("ke", False, True),
        ("leder", True, True),
    ],
)
def test_pasientsiden_viser_bare_lenker_brukeren_kan_folge(
    client, v, brukertype, endre, avslutt_oppnevning
):
    client.force_login(v.brukere[brukertype])
    html = hele_pasientsiden(client, v.pasient.pk)
    for url_navn in (
        "pasient-endre",
        "parorende-opprett",
        "tilknytning-opprett",
        "samtykke-opprett",
        "behov-opprett",
        "parorende-endre",
        "tilknytning-avslutt",
    ):
        assert (f'href="{url_for(v, url_navn)}"' in html) is endre, url_navn
    assert (f'href="{url_for(v, "oppnevning-avslutt")}"' in html) is avslutt_oppnevning
    # Everyone who sees a consent reaches its withdrawal page (which says who may withdraw it).
    assert f'href="{url_for(v, "samtykke-trekk")}"' in html
    # Every link shown answers 200 for this user (the matrix says the same).
    for lenke in set(
        re.findall(
            r'href="(/(?:pasienter|samtykker|parorende|tilknytninger|oppnevninger)/\d+/[^"]+)"',
            html,
        )
    ):
        assert client.get(lenke).status_code == 200, lenke


# ---------------------------------------------------------------------------------------------
# Patient search
# ---------------------------------------------------------------------------------------------

SOK_SER_P = {
    "koordinator": True,
    "kollega": True,
    "ke": True,
    "leder": True,
    "fremmed": False,
    "kommune_b": False,
    "sykehus": False,
}


@pytest.mark.parametrize("brukertype", list(SOK_SER_P))
@pytest.mark.parametrize("soketype", ["fodselsnummer", "fodselsnummer_med_mellomrom", "navn"])
def test_pasientsok_finner_bare_pasienter_brukeren_kan_se(client, v, caplog, brukertype, soketype):
    caplog.set_level(logging.DEBUG)
    bruker = v.brukere[brukertype]
    client.force_login(bruker)
    fnr = v.pasient.fodselsnummer
    sok = {
        "fodselsnummer": fnr,
        "fodselsnummer_med_mellomrom": f"{fnr[:6]} {fnr[6:]}",
        "navn": "petron prøve",
    }[soketype]
    foer = siste_logg_id()

    response = client.post(reverse("koordinering:pasient-sok"), {"sok": sok})

    assert response.status_code == 200
    html = response.content.decode()
    lenke = f'href="{reverse("koordinering:pasient-detalj", kwargs={"pk": v.pasient.pk})}"'
    nye = logget(v.pasient, foer)
    if SOK_SER_P[brukertype]:
        assert lenke in html
        assert "1 treff" in html
        assert len(nye) == 1
        assert nye[0].bruker == bruker
        assert nye[0].grunnlag == GRUNNLAG[brukertype]
    else:
        assert lenke not in html
        assert "Ingen pasienter du har tilgang til passer søket." in html
        assert nye == []
        assert Tilgangslogg.objects.filter(pk__gt=foer).count() == 0
    # The number never travels in a URL, and never reaches a log line or the access log.
    request = response.wsgi_request
    assert fnr not in request.get_full_path()
    assert fnr[:6] not in request.get_full_path()
    assert fnr not in caplog.text
    for record in caplog.records:
        assert fnr not in record.getMessage()
    assert not Tilgangslogg.objects.filter(dokument__contains=fnr).exists()
    assert not Tilgangslogg.objects.filter(rolle__contains=fnr).exists()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's LIKE folds case for ASCII letters only",
)
def test_pasientsok_skiller_ikke_mellom_store_og_smaa_norske_bokstaver(client, v):
    client.force_login(v.brukere["kollega"])
    response = client.post(reverse("koordinering:pasient-sok"), {"sok": "PRØVESTAD"})
    assert v.pasient.navn in response.content.decode()


def test_pasientsok_logger_en_rad_per_treff(client, v):
    """Two hits give two rows, each for its own patient."""
    annen = services.pasient_opprett(
        actor=v.ansatt("kollega").bruker,
        enhet=v.a_hjemme,
        tilknytning_fra=IDAG,
        begrunnelse="Vedtak",
        fodselsnummer=fodselsnummer(date(1970, 2, 3), 200),
        fornavn="Petra",
        etternavn="Prøvestad",
    )
    client.force_login(v.brukere["kollega"])
    foer = siste_logg_id()
    response = client.post(reverse("koordinering:pasient-sok"), {"sok": "Prøvestad"})
    assert "2 treff" in response.content.decode()
    nye = Tilgangslogg.objects.filter(pk__gt=foer)
    assert sorted(nye.values_list("pasient_id", flat=True)) == sorted([v.pasient.pk, annen.pk])


def test_pasientsok_med_get_viser_bare_skjemaet_og_logger_ingenting(client, v):
    client.force_login(v.brukere["kollega"])
    foer = siste_logg_id()
    response = client.get(reverse("koordinering:pasient-sok"), {"sok": v.pasient.fodselsnummer})
    assert response.status_code == 200
    assert v.pasient.navn not in response.content.decode()
    assert Tilgangslogg.objects.filter(pk__gt=foer).count() == 0


def test_anonym_pasientsok_sendes_til_innlogging(client, v):
    response = client.post(reverse("koordinering:pasient-sok"), {"sok": "Petronella"})
    assert response.status_code == 302
    assert response["Location"].startswith("/logg-inn/?next=")
    assert v.pasient.fodselsnummer not in response["Location"]
