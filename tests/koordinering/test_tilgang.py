"""The permission matrix: who reaches which patient page, and what the access log says.

One hand-made world (built with factories and the services, so the guardian grants an
appointment makes exist):

- kommune A: KE, Hjemmetjenesten, Tildelingskontoret
- kommune B: Hjemmetjenesten
- a hospital: KE, Medisinsk avdeling
- patient P, connected (Tilknytning) to A/Hjemmetjenesten, with a consent, a relative, a need
  report that led to an appointment, and one more need report that is still pending.

Users: the appointed koordinator (A/Tildelingskontoret, so access comes only through the
appointment), a colleague in A/Hjemmetjenesten, the KE of A, the leader of A/Hjemmetjenesten
(who made the appointment), a stranger in the same organisation (A/Tildelingskontoret), a
koordinator in kommune B, hospital staff and an anonymous visitor.

The clock is frozen on Wednesday 11 March 2026 at noon in Oslo.
"""

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from felles.fodselsnummer import lag_identitetsnummer
from felles.models import LoggenKanIkkeEndres, Tilgangsgrunnlag, Tilgangslogg
from koordinering import services
from koordinering.arbeidsrolle import arbeidsrolle_for
from koordinering.models import (
    Ansatt,
    Behov,
    Behovsmelding,
    Enhet,
    Oppnevning,
    Organisasjon,
    Parorende,
    Pasient,
    PasientUserObjectPermission,
    Samtykke,
    Tilknytning,
)
from koordinering.tilgangslogg import pasienter_vist
from tests.factories import (
    AnsattFactory,
    EnhetFactory,
    MedlemskapFactory,
    OrganisasjonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")
IDAG = date(2026, 3, 11)
IGAAR = IDAG - timedelta(days=1)


@pytest.fixture(autouse=True)
def fast_dag():
    with time_machine.travel(datetime(2026, 3, 11, 12, 0, tzinfo=OSLO), tick=False):
        yield


# ---------------------------------------------------------------------------------------------
# The world
# ---------------------------------------------------------------------------------------------


def fodselsnummer(fodselsdato: date, individ: int) -> str:
    """A valid synthetic number; individual numbers 000–499 mean born 1900–1999."""
    while True:
        nummer = lag_identitetsnummer(fodselsdato, individ, syntetisk=True)
        if nummer:
            return nummer
        individ += 1


def ansatt_i(enhet: Enhet, *, leder: bool = False, **felter) -> Ansatt:
    ansatt = AnsattFactory(organisasjon=enhet.organisasjon, **felter)
    MedlemskapFactory(ansatt=ansatt, enhet=enhet, leder=leder)
    return ansatt


@dataclass
class Verden:
    kommune_a: Organisasjon
    a_ke: Enhet
    a_hjemme: Enhet
    a_tildeling: Enhet
    kommune_b: Organisasjon
    b_hjemme: Enhet
    sykehus: Organisasjon
    s_ke: Enhet
    s_medisinsk: Enhet
    brukere: dict[str, AbstractBaseUser | None]
    pasient: Pasient
    tilknytning: Tilknytning
    samtykke: Samtykke
    parorende: Parorende
    oppnevning: Oppnevning
    ventende_behov: Behovsmelding

    def ansatt(self, navn: str) -> Ansatt:
        return self.brukere[navn].ansatt


def bygg_verden() -> Verden:
    kommune_a = OrganisasjonFactory(navn="Kommune A")
    kommune_b = OrganisasjonFactory(navn="Kommune B")
    sykehus = OrganisasjonFactory(sykehus=True, navn="Sykehuset")
    a_ke = EnhetFactory(organisasjon=kommune_a, ke=True, navn="Koordinerende enhet A")
    a_hjemme = EnhetFactory(organisasjon=kommune_a, navn="Hjemmetjenesten A")
    a_tildeling = EnhetFactory(
        organisasjon=kommune_a, navn="Tildelingskontoret A", type=Enhet.Type.TILDELINGSKONTOR
    )
    b_hjemme = EnhetFactory(organisasjon=kommune_b, navn="Hjemmetjenesten B")
    s_ke = EnhetFactory(organisasjon=sykehus, ke=True, navn="Koordinerende enhet sykehus")
    s_medisinsk = EnhetFactory(organisasjon=sykehus, klinisk=True, navn="Medisinsk avdeling")

    leder = ansatt_i(a_hjemme, leder=True)
    koordinator = ansatt_i(a_tildeling, koordinatoropplaering_fullfort=date(2025, 1, 1))
    kollega = ansatt_i(a_hjemme)
    ke = ansatt_i(a_ke)
    fremmed = ansatt_i(a_tildeling)
    kommune_b_ansatt = ansatt_i(b_hjemme)
    sykehus_ansatt = ansatt_i(s_medisinsk)

    pasient = services.pasient_opprett(
        actor=leder.bruker,
        enhet=a_hjemme,
        tilknytning_fra=IDAG - timedelta(days=30),
        begrunnelse="Vedtak om hjemmesykepleie",
        fodselsnummer=fodselsnummer(date(1958, 4, 17), 123),
        fornavn="Petronella",
        etternavn="Prøvestad",
    )
    samtykke = services.samtykke_registrer(
        actor=kollega.bruker,
        pasient=pasient,
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG - timedelta(days=10),
        gyldig_til=IDAG + timedelta(days=365),
    )
    parorende = services.parorende_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        navn="Per Prøvestad",
        relasjon=Parorende.Relasjon.EKTEFELLE,
    )
    behov = services.behovsmelding_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        enhet=a_hjemme,
        behov=Behov.KOORDINATOR,
        komplekse_behov=True,
        begrunnelse="Mange tjenester som må samordnes",
    )
    oppnevning = services.oppnevning_opprett(
        actor=leder.bruker,
        behovsmelding=behov,
        ansatt=koordinator,
        mandat="Samordne tjenestene",
        startdato=IDAG,
        pasientens_onsker_hort=True,
    )
    ventende = services.behovsmelding_opprett(
        actor=kollega.bruker,
        pasient=pasient,
        enhet=a_hjemme,
        behov=Behov.INDIVIDUELL_PLAN,
        langvarige_behov=True,
        begrunnelse="Pasienten ønsker individuell plan",
    )
    return Verden(
        kommune_a=kommune_a,
        a_ke=a_ke,
        a_hjemme=a_hjemme,
        a_tildeling=a_tildeling,
        kommune_b=kommune_b,
        b_hjemme=b_hjemme,
        sykehus=sykehus,
        s_ke=s_ke,
        s_medisinsk=s_medisinsk,
        brukere={
            "koordinator": koordinator.bruker,
            "kollega": kollega.bruker,
            "ke": ke.bruker,
            "leder": leder.bruker,
            "fremmed": fremmed.bruker,
            "kommune_b": kommune_b_ansatt.bruker,
            "sykehus": sykehus_ansatt.bruker,
            "anonym": None,
        },
        pasient=pasient,
        tilknytning=pasient.tilknytninger.get(),
        samtykke=samtykke,
        parorende=parorende,
        oppnevning=oppnevning,
        ventende_behov=ventende,
    )


@pytest.fixture
def v() -> Verden:
    return bygg_verden()


def logget(pasient: Pasient, etter: int) -> list[Tilgangslogg]:
    return list(Tilgangslogg.objects.filter(pasient=pasient, pk__gt=etter).order_by("pk"))


def siste_logg_id() -> int:
    siste = Tilgangslogg.objects.order_by("-pk").first()
    return siste.pk if siste else 0


def klient_for(client, bruker):
    if bruker is not None:
        client.force_login(bruker)
    return client


# ---------------------------------------------------------------------------------------------
# The matrix
# ---------------------------------------------------------------------------------------------

# Which object id each URL takes, and whether the view only accepts POST.
URLER = {
    "pasient-detalj": ("pasient", "GET"),
    "pasient-endre": ("pasient", "GET"),
    "parorende-opprett": ("pasient", "GET"),
    "tilknytning-opprett": ("pasient", "GET"),
    "samtykke-opprett": ("pasient", "GET"),
    "behov-opprett": ("pasient", "GET"),
    "samtykke-trekk": ("samtykke", "GET"),
    "parorende-endre": ("parorende", "GET"),
    "tilknytning-avslutt": ("tilknytning", "GET"),
    "oppnevning-avslutt": ("oppnevning", "GET"),
    "oppnevning-bytt": ("oppnevning", "GET"),
    "behov-detalj": ("ventende_behov", "GET"),
    "behov-oppnevn": ("ventende_behov", "POST"),
    "behov-avslaa": ("ventende_behov", "POST"),
}

BRUKERTYPER = ("koordinator", "kollega", "ke", "leder", "fremmed", "kommune_b", "sykehus", "anonym")

# The relationship that gives each user access to P, as the access log must record it.
GRUNNLAG = {
    "koordinator": Tilgangsgrunnlag.OPPNEVNING,
    "kollega": Tilgangsgrunnlag.ENHET,
    "ke": Tilgangsgrunnlag.KE,
    "leder": Tilgangsgrunnlag.ENHET,
}

# Reading: appointment, connected unit or KE. Editing: appointment or connected unit, not KE.
# Ending or reassigning an appointment: leader of the appointing unit or the organisation's KE.
# Need reports: the leader of the need's unit. An empty POST to behov-oppnevn/-avslaa is a form
# error (400, the decision page is shown again with the error, and that page is logged).
# fmt: off
MATRISE = {
    #                      koordinator kollega  ke   leder fremmed kommune_b sykehus anonym
    "pasient-detalj":      (200,       200,    200,  200,  404,    404,      404,    302),
    "pasient-endre":       (200,       200,    404,  200,  404,    404,      404,    302),
    "parorende-opprett":   (200,       200,    404,  200,  404,    404,      404,    302),
    "tilknytning-opprett": (200,       200,    404,  200,  404,    404,      404,    302),
    "samtykke-opprett":    (200,       200,    404,  200,  404,    404,      404,    302),
    "behov-opprett":       (200,       200,    404,  200,  404,    404,      404,    302),
    "samtykke-trekk":      (200,       200,    404,  200,  404,    404,      404,    302),
    "parorende-endre":     (200,       200,    404,  200,  404,    404,      404,    302),
    "tilknytning-avslutt": (200,       200,    404,  200,  404,    404,      404,    302),
    "oppnevning-avslutt":  (404,       404,    200,  200,  404,    404,      404,    302),
    "oppnevning-bytt":     (404,       404,    200,  200,  404,    404,      404,    302),
    "behov-detalj":        (404,       404,    404,  200,  404,    404,      404,    302),
    "behov-oppnevn":       (404,       404,    404,  400,  404,    404,      404,    302),
    "behov-avslaa":        (404,       404,    404,  400,  404,    404,      404,    302),
}
# fmt: on

TILFELLER = [
    pytest.param(url_navn, brukertype, forventet, id=f"{url_navn}-{brukertype}-{forventet}")
    for url_navn, rad in MATRISE.items()
    for brukertype, forventet in zip(BRUKERTYPER, rad, strict=True)
]


def url_for(v: Verden, url_navn: str) -> str:
    objekt = getattr(v, URLER[url_navn][0])
    return reverse(f"koordinering:{url_navn}", kwargs={"pk": objekt.pk})


def test_matrisen_dekker_alle_pasient_urler_med_objekt_id():
    from ansvarsgruppe.urls import urlpatterns as gruppe_urler
    from koordinering.urls import urlpatterns
    from tests.ansvarsgruppe.test_tilgang import ANSVARSGRUPPE_MATRISE

    med_id = {
        p.name
        for p in [*urlpatterns, *gruppe_urler]
        if "<int:pk>" in str(p.pattern) and not p.name.startswith("tilgangslogg")
    }
    # Group, meeting and minutes URLs have their own matrix in test_ansvarsgruppe.py.
    assert med_id == set(MATRISE) | set(ANSVARSGRUPPE_MATRISE)
    assert set(MATRISE) == set(URLER)


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
        assert v.pasient.navn in response.content.decode()
    else:
        assert nye == []
    if forventet == 302:
        assert response["Location"] == f"/logg-inn/?next={url}"
    if forventet == 404:
        assert v.pasient.navn not in response.content.decode()
        assert v.pasient.fodselsnummer not in response.content.decode()
    # Nothing was changed by a GET or an empty POST.
    assert (
        Oppnevning.objects.count(),
        Behovsmelding.objects.filter(status=Behovsmelding.Status.VENTER).count(),
    ) == tilstand_foer


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


@pytest.mark.parametrize("url_navn", ["behov-oppnevn", "behov-avslaa"])
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


def test_sykehuset_ser_ikke_kommunens_saker_uten_samtykke_til_deling(client, v):
    """Kommune and sykehus are separate worlds: a hospital unit that also follows P sees P, but
    not the kommune's appointments, connections and need reports until a valid consent shares
    with the hospital; withdrawing the consent hides them again at once."""
    sykehusansatt = v.ansatt("sykehus")
    services.tilknytning_opprett(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        enhet=v.s_medisinsk,
        fra=IDAG,
        til=None,
        begrunnelse="Innlagt",
    )
    koordinatornavn = v.brukere["koordinator"].get_full_name()
    client.force_login(sykehusansatt.bruker)
    foer = siste_logg_id()
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.ENHET]
    assert "Medisinsk avdeling" in html
    for kommunens in (koordinatornavn, "Hjemmetjenesten A", "Mange tjenester som må samordnes"):
        assert kommunens not in html

    deling = services.samtykke_registrer(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        organisasjoner=[v.sykehus],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.SKRIFTLIG,
        gyldig_fra=IDAG,
    )
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    assert koordinatornavn in html
    assert "Hjemmetjenesten A" in html

    services.samtykke_trekk_tilbake(actor=sykehusansatt.bruker, samtykke=deling, grunn="Angret")
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    assert koordinatornavn not in html


def test_utlopt_samtykke_til_deling_stenger_for_sykehuset(client, v):
    sykehusansatt = v.ansatt("sykehus")
    services.tilknytning_opprett(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        enhet=v.s_medisinsk,
        fra=IDAG,
        til=None,
        begrunnelse="Innlagt",
    )
    services.samtykke_registrer(
        actor=sykehusansatt.bruker,
        pasient=v.pasient,
        personer=[sykehusansatt],
        gjelder_planprosess=True,
        gitt_av=Samtykke.GittAv.PASIENTEN,
        form=Samtykke.Form.MUNTLIG,
        gyldig_fra=IDAG,
        gyldig_til=IDAG,
    )
    koordinatornavn = v.brukere["koordinator"].get_full_name()
    client.force_login(sykehusansatt.bruker)
    assert koordinatornavn in client.get(url_for(v, "pasient-detalj")).content.decode()
    with time_machine.travel(datetime(2026, 3, 12, 0, 30, tzinfo=OSLO), tick=False):
        html = client.get(url_for(v, "pasient-detalj")).content.decode()
        assert v.pasient.navn in html
        assert koordinatornavn not in html


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
    html = client.get(url_for(v, "pasient-detalj")).content.decode()
    for url_navn in (
        "pasient-endre",
        "parorende-opprett",
        "tilknytning-opprett",
        "samtykke-opprett",
        "behov-opprett",
        "samtykke-trekk",
        "parorende-endre",
        "tilknytning-avslutt",
    ):
        assert (f'href="{url_for(v, url_navn)}"' in html) is endre, url_navn
    assert (f'href="{url_for(v, "oppnevning-avslutt")}"' in html) is avslutt_oppnevning
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


# ---------------------------------------------------------------------------------------------
# Access ends at once
# ---------------------------------------------------------------------------------------------


def status_for(client, bruker, url) -> int:
    client.force_login(bruker)
    return client.get(url).status_code


def test_avsluttet_tilknytning_fjerner_tilgangen_ved_neste_foresporsel(client, v):
    detalj = url_for(v, "pasient-detalj")
    assert status_for(client, v.brukere["kollega"], detalj) == 200
    assert status_for(client, v.brukere["ke"], detalj) == 200

    services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=v.tilknytning, til=IGAAR, grunn="Flyttet"
    )

    foer = siste_logg_id()
    assert status_for(client, v.brukere["kollega"], detalj) == 404
    assert status_for(client, v.brukere["kollega"], url_for(v, "pasient-endre")) == 404
    assert status_for(client, v.brukere["leder"], detalj) == 404
    assert status_for(client, v.brukere["ke"], detalj) == 404
    assert logget(v.pasient, foer) == []
    # The appointment still gives the koordinator access.
    assert status_for(client, v.brukere["koordinator"], detalj) == 200
    assert [r.grunnlag for r in logget(v.pasient, foer)] == [Tilgangsgrunnlag.OPPNEVNING]


def test_tilknytning_som_slutter_i_dag_gir_tilgang_ut_dagen(client, v):
    services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=v.tilknytning, til=IDAG, grunn="Flyttet"
    )
    detalj = url_for(v, "pasient-detalj")
    assert status_for(client, v.brukere["kollega"], detalj) == 200
    # Half an hour after midnight in Oslo it is still the 11th in UTC: the day is Oslo's.
    with time_machine.travel(datetime(2026, 3, 12, 0, 30, tzinfo=OSLO), tick=False):
        assert status_for(client, v.brukere["kollega"], detalj) == 404


def test_avsluttet_tilknytning_via_skjema_fjerner_tilgangen(client, v):
    client.force_login(v.brukere["kollega"])
    response = client.post(
        url_for(v, "tilknytning-avslutt"), {"til": IGAAR.isoformat(), "grunn": "Flyttet"}
    )
    assert response.status_code == 302
    assert response["Location"] == url_for(v, "pasient-detalj")
    assert client.get(url_for(v, "pasient-detalj")).status_code == 404


def test_avsluttet_oppnevning_fjerner_koordinatorens_tilgang(client, v):
    detalj = url_for(v, "pasient-detalj")
    koordinator = v.brukere["koordinator"]
    assert status_for(client, koordinator, detalj) == 200
    assert status_for(client, koordinator, "/") == 200

    client.force_login(v.brukere["leder"])
    response = client.post(
        url_for(v, "oppnevning-avslutt"),
        {"sluttdato": IDAG.isoformat(), "grunn": "Pasienten flyttet"},
    )
    assert response.status_code == 302
    assert not PasientUserObjectPermission.objects.filter(
        user=koordinator, content_object=v.pasient
    ).exists()

    foer = siste_logg_id()
    assert status_for(client, koordinator, detalj) == 404
    assert status_for(client, koordinator, url_for(v, "samtykke-opprett")) == 404
    start = client.get("/")
    assert v.pasient.navn not in start.content.decode()
    search = client.post(reverse("koordinering:pasient-sok"), {"sok": "Petronella"})
    assert v.pasient.navn not in search.content.decode()
    assert logget(v.pasient, foer) == []


def test_leder_som_har_avsluttet_oppnevningen_kan_ikke_avslutte_den_igjen(client, v):
    services.oppnevning_avslutt(
        actor=v.brukere["leder"], oppnevning=v.oppnevning, sluttdato=IDAG, grunn="Ferdig"
    )
    assert status_for(client, v.brukere["leder"], url_for(v, "oppnevning-avslutt")) == 404


def test_behandlet_behov_kan_ikke_aapnes_igjen(client, v):
    """The need that led to the appointment is no longer pending: 404 even for its leader."""
    url = reverse("koordinering:behov-detalj", kwargs={"pk": v.oppnevning.behovsmelding_id})
    assert status_for(client, v.brukere["leder"], url) == 404


def test_leder_ser_ikke_ventende_behov_etter_avsluttet_tilknytning_uten_logg(client, v):
    """The leader screen shows patient data (name, birth date, the reasoning), so a pending need
    for a patient the leader can no longer see is either refused or logged, never read unlogged."""
    services.tilknytning_avslutt(
        actor=v.brukere["kollega"], tilknytning=v.tilknytning, til=IGAAR, grunn="Flyttet"
    )
    client.force_login(v.brukere["leder"])
    foer = siste_logg_id()
    for url in (reverse("koordinering:behov-liste"), url_for(v, "behov-detalj")):
        response = client.get(url)
        if v.pasient.navn in response.content.decode():
            assert len(logget(v.pasient, foer)) == 1
            foer = siste_logg_id()
        else:
            assert response.status_code in (200, 404)
            assert logget(v.pasient, foer) == []


# ---------------------------------------------------------------------------------------------
# The access log cannot be changed
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def loggrad(client, v) -> Tilgangslogg:
    client.force_login(v.brukere["kollega"])
    foer = siste_logg_id()
    client.get(url_for(v, "pasient-detalj"))
    (rad,) = logget(v.pasient, foer)
    return rad


def test_tilgangsloggen_kan_ikke_endres_gjennom_orm(loggrad):
    foer = Tilgangslogg.objects.values().get(pk=loggrad.pk)
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.filter(pk=loggrad.pk).update(dokument="Endret")
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.all().update(grunnlag=Tilgangsgrunnlag.KE)
    loggrad.dokument = "Endret"
    with pytest.raises(LoggenKanIkkeEndres):
        loggrad.save()
    # bulk_update opens its own atomic block without a savepoint: isolate it in one.
    with pytest.raises(LoggenKanIkkeEndres), transaction.atomic():
        Tilgangslogg.objects.bulk_update([loggrad], ["dokument"])
    assert Tilgangslogg.objects.values().get(pk=loggrad.pk) == foer


def test_tilgangsloggen_kan_ikke_slettes_gjennom_orm(loggrad):
    antall = Tilgangslogg.objects.count()
    with pytest.raises(LoggenKanIkkeEndres):
        loggrad.delete()
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.filter(pk=loggrad.pk).delete()
    with pytest.raises(LoggenKanIkkeEndres):
        Tilgangslogg.objects.all().delete()
    assert Tilgangslogg.objects.count() == antall


def test_pasient_med_tilgangslogg_kan_ikke_slettes(v, loggrad):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError), transaction.atomic():
        v.pasient.delete()
    assert Tilgangslogg.objects.filter(pk=loggrad.pk).exists()


postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists only on PostgreSQL"
)


@postgres
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE felles_tilgangslogg SET dokument = 'Endret' WHERE id = %s",
        "UPDATE felles_tilgangslogg SET grunnlag = 'ke'",
        "DELETE FROM felles_tilgangslogg WHERE id = %s",
        "DELETE FROM felles_tilgangslogg",
    ],
)
def test_tilgangsloggen_kan_ikke_endres_med_raa_sql(loggrad, sql):
    foer = Tilgangslogg.objects.values().get(pk=loggrad.pk)
    antall = Tilgangslogg.objects.count()
    with (
        pytest.raises(DatabaseError, match="Tilgangsloggen kan ikke endres eller slettes"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [loggrad.pk] if "%s" in sql else [])
    assert Tilgangslogg.objects.values().get(pk=loggrad.pk) == foer
    assert Tilgangslogg.objects.count() == antall


@postgres
def test_tilgangsloggen_kan_ikke_endres_utenom_den_egne_manageren(loggrad):
    """`_base_manager` is a plain manager that skips TilgangsloggQuerySet; the trigger holds."""
    with pytest.raises(DatabaseError), transaction.atomic():
        Tilgangslogg._base_manager.filter(pk=loggrad.pk).update(dokument="Endret")
    with pytest.raises(DatabaseError), transaction.atomic():
        Tilgangslogg._base_manager.filter(pk=loggrad.pk)._raw_delete(connection.alias)
    assert Tilgangslogg.objects.get(pk=loggrad.pk).dokument == loggrad.dokument


def test_tilgangsloggen_tar_imot_nye_rader(v):
    """Append-only, not read-only: new rows can still be written."""
    antall = Tilgangslogg.objects.count()
    pasienter_vist(
        user=v.brukere["ke"],
        arbeidsrolle=arbeidsrolle_for(user=v.brukere["ke"]),
        pasient_ider=[v.pasient.pk],
        dokument="Test",
    )
    assert Tilgangslogg.objects.count() == antall + 1


def test_ke_som_leser_tilgangsloggen_til_en_ansatt_blir_selv_logget(client, v, loggrad):
    client.force_login(v.brukere["ke"])
    ansatt = loggrad.bruker.ansatt
    response = client.get(reverse("koordinering:tilgangslogg-ansatt", kwargs={"pk": ansatt.pk}))
    assert response.status_code == 200
    rad = Tilgangslogg.objects.filter(bruker=v.brukere["ke"]).latest("id")
    assert (rad.pasient_id, rad.grunnlag) == (loggrad.pasient_id, Tilgangsgrunnlag.TILSYN)
