"""Blocks at the patient's request (pjl § 17, pbrl § 5-3), as rows of the permission matrix: a
block of a named person or a whole unit wins over every way in, covers what is made later, is
logged and can be lifted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from felles.models import Handling, Tilgangslogg
from koordinering.models import Pasient, Sperring
from koordinering.sperring import sperring_opphev, sperring_opprett
from meldinger import services as meldinger_services
from meldinger.models import Melding, Meldingstype
from tests.koordinering.verden import URLER, bygg_verden, siste_logg_id, url_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]

PASIENT_URLER = [n for n in URLER if URLER[n][1] == "GET"]


@pytest.fixture
def v(db):
    return bygg_verden()


def _status(client, bruker, url_navn, v) -> int:
    client.force_login(bruker)
    return client.get(url_for(v, url_navn)).status_code


def _sperr(v, **hvem) -> Sperring:
    return sperring_opprett(
        actor=v.brukere["ke"], pasient=v.pasient, begrunnelse="Pasienten ba om det i dag", **hvem
    )


def test_sperret_koordinator_mister_all_tilgang_selv_med_oppnevning(client, v):
    koordinator = v.brukere["koordinator"]
    assert _status(client, koordinator, "pasient-detalj", v) == 200
    _sperr(v, ansatt=v.ansatt("koordinator"))

    for url_navn in PASIENT_URLER:
        assert _status(client, koordinator, url_navn, v) == 404, url_navn
    assert not Pasient.objects.visible_to(koordinator).filter(pk=v.pasient.pk).exists()
    # The search finds nothing either.
    client.force_login(koordinator)
    svar = client.post(reverse("koordinering:pasient-sok"), {"sok": "Prøvestad"})
    assert v.pasient.navn not in svar.content.decode()
    # The others keep their access.
    assert _status(client, v.brukere["kollega"], "pasient-detalj", v) == 200
    assert _status(client, v.brukere["ke"], "pasient-detalj", v) == 200


def test_sperret_enhet_stenger_alle_medlemmer_ute(client, v):
    sperring = _sperr(v, enhet=v.a_hjemme)
    for bruker in ("kollega", "leder"):
        assert _status(client, v.brukere[bruker], "pasient-detalj", v) == 404
    assert _status(client, v.brukere["koordinator"], "pasient-detalj", v) == 200

    sperring_opphev(actor=v.brukere["ke"], sperring=sperring, grunn="Pasienten trakk ønsket")
    for bruker in ("kollega", "leder"):
        assert _status(client, v.brukere[bruker], "pasient-detalj", v) == 200
    # Lifting keeps the row and its history.
    sperring.refresh_from_db()
    assert sperring.opphevet is not None
    assert sperring.history.count() == 2


def test_sperring_dekker_meldinger_ogsa_de_som_kommer_senere(v):
    _sperr(v, ansatt=v.ansatt("koordinator"))
    melding = meldinger_services.melding_send(
        actor=v.brukere["kollega"],
        pasient=v.pasient,
        type=Meldingstype.DIALOG,
        avsender_enhet=v.a_hjemme,
        mottaker_enhet=v.a_tildeling,
        emne="Samordning",
        tekst="Trenger koordinator",
    )
    koordinator = v.brukere["koordinator"]
    assert not Melding.objects.visible_to(koordinator).filter(pk=melding.pk).exists()
    assert not Melding.objects.innboks(koordinator).filter(pk=melding.pk).exists()
    # A colleague in the same unit, not blocked, still gets it.
    assert Melding.objects.innboks(v.brukere["fremmed"]).filter(pk=melding.pk).exists()


def test_opprett_og_opphev_logges_i_tilgangsloggen(v):
    foer = siste_logg_id()
    sperring = _sperr(v, ansatt=v.ansatt("kollega"))
    sperring_opphev(actor=v.brukere["ke"], sperring=sperring, grunn="Feilregistrert")
    rader = list(
        Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.SPERRING).order_by("pk")
    )
    assert [r.dokument.split(" for ")[0] for r in rader] == [
        "Sperring opprettet",
        "Sperring opphevet",
    ]
    assert all(r.objekt_id == sperring.pk and r.pasient_id == v.pasient.pk for r in rader)


def test_bare_ke_sperrer_og_ikke_seg_selv_eller_en_ke(v):
    with pytest.raises(PermissionDenied):
        sperring_opprett(
            actor=v.brukere["leder"],
            pasient=v.pasient,
            ansatt=v.ansatt("kollega"),
            begrunnelse="x",
        )
    with pytest.raises(ValidationError):
        _sperr(v, ansatt=v.ansatt("ke"))
    with pytest.raises(ValidationError):
        _sperr(v, enhet=v.a_ke)
    _sperr(v, ansatt=v.ansatt("kollega"))
    with pytest.raises(ValidationError):
        _sperr(v, ansatt=v.ansatt("kollega"))


def test_sperresiden_og_opphev_gjennom_skjema(client, v):
    client.force_login(v.brukere["ke"])
    url = reverse("koordinering:pasient-tilgang", kwargs={"pk": v.pasient.pk})
    svar = client.post(url, {"ansatt": v.ansatt("kollega").pk, "begrunnelse": "Ønske i dag"})
    assert svar.status_code == 302
    sperring = Sperring.objects.get()
    assert _status(client, v.brukere["kollega"], "pasient-detalj", v) == 404
    client.force_login(v.brukere["ke"])
    assert "Ønske i dag" in client.get(url).content.decode()
    svar = client.post(
        reverse("koordinering:sperring-opphev", kwargs={"pk": sperring.pk}), {"grunn": "Ferdig"}
    )
    assert svar.status_code == 302
    assert _status(client, v.brukere["kollega"], "pasient-detalj", v) == 200
    # Nobody but the KE may lift it.
    ny = _sperr(v, ansatt=v.ansatt("kollega"))
    client.force_login(v.brukere["leder"])
    opphev = reverse("koordinering:sperring-opphev", kwargs={"pk": ny.pk})
    assert client.post(opphev, {"grunn": "x"}).status_code == 404


def test_innsyn_csv_viser_alle_virksomheters_oppslag(client, v):
    client.force_login(v.brukere["kollega"])
    client.get(url_for(v, "pasient-detalj"))
    client.force_login(v.brukere["ke"])
    svar = client.get(reverse("koordinering:innsyn-csv", kwargs={"pk": v.pasient.pk}))
    assert svar.status_code == 200
    tekst = svar.content.decode("utf-8-sig")
    assert tekst.splitlines()[0].startswith("Tidspunkt;Navn;HPR-nummer;Rolle;Organisasjon")
    assert v.brukere["kollega"].get_full_name() in tekst
    assert "Pasientside" in tekst
    for fremmed in ("leder", "fremmed", "sykehus"):
        client.force_login(v.brukere[fremmed])
        url = reverse("koordinering:innsyn-csv", kwargs={"pk": v.pasient.pk})
        assert client.get(url).status_code == 404
