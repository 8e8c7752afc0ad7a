"""Access ends when the job ends (issue 14, point 4): ending the membership, moving the person
to another unit or organisation, deactivating them, or a script that does any of it past the
hooks, ends what the appointment opened, on the next request: the patient page, the plan, the
meeting, the minutes and the message, for reading and for changing. The koordinator of
tests/koordinering/verden.py reaches P only through the appointment (and the message only through
their unit); `LIVSLOP` there says what each change answers. A staff member with no unit gets a
Norwegian page (403), the same whether the patient exists or not."""

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from ansvarsgruppe.models import Mote, Referat
from felles.models import Handling, Tilgangslogg
from individuellplan import services as plan_services
from individuellplan.models import IndividuellPlan
from koordinering.models import Pasient, PasientUserObjectPermission
from meldinger import services as melding_services
from meldinger.models import Melding, Meldingstype
from tests.ansvarsgruppe.test_tilgang import Gruppeverden, bygg_gruppeverden
from tests.factories import AnsattFactory
from tests.koordinering.verden import LIVSLOP, UTEN_ENHET_TEKST, logget, siste_logg_id
from tests.verden import IDAG, en_gang_per_modul

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_dag")]


@dataclass
class Livslopsverden:
    g: Gruppeverden
    plan: IndividuellPlan
    melding: Melding

    @property
    def v(self):
        return self.g.v


def bygg_livslopsverden() -> Livslopsverden:
    g = bygg_gruppeverden()
    v, koordinator = g.v, g.v.brukere["koordinator"]
    plan = plan_services.plan_opprett(
        actor=v.brukere["kollega"],  # Hjemmetjenesten A follows P and owns the plan
        pasient=v.pasient,
        periode_fra=IDAG,
        periode_til=IDAG + timedelta(days=365),
        neste_evaluering=IDAG + timedelta(days=90),
    )
    melding = melding_services.melding_send(
        actor=koordinator,
        pasient=v.pasient,
        type=Meldingstype.DIALOG,
        avsender_enhet=v.a_tildeling,
        mottaker_enhet=v.a_hjemme,
        emne="Spørsmål om tiltakene",
        tekst="Kan hjemmetjenesten komme om morgenen?",
    )
    return Livslopsverden(g, plan, melding)


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    yield from en_gang_per_modul(django_db_blocker, bygg_livslopsverden)


def urler(w: Livslopsverden) -> dict[str, tuple[str, str, dict]]:
    """Reading and changing each kind of record: (method, URL, form data)."""
    p, g = w.v.pasient.pk, w.g
    return {
        "pasient": ("get", reverse("koordinering:pasient-detalj", args=[p]), {}),
        "pasient-endre": ("post", reverse("koordinering:pasient-endre", args=[p]), {}),
        "oppnevning": (
            "get",
            reverse("koordinering:oppnevning-detalj", args=[w.v.oppnevning.pk]),
            {},
        ),
        "plan": ("get", reverse("individuellplan:plan-detalj", args=[w.plan.pk]), {}),
        "plan-endre": ("post", reverse("individuellplan:plan-endre", args=[w.plan.pk]), {}),
        "mote": ("get", reverse("ansvarsgruppe:mote-detalj", args=[g.mote.pk]), {}),
        "mote-endre": ("post", reverse("ansvarsgruppe:mote-endre", args=[g.mote.pk]), {}),
        "referat": ("get", reverse("ansvarsgruppe:referat-skjema", args=[g.mote.pk]), {}),
        "referat-pdf": (
            "get",
            reverse("ansvarsgruppe:referat-pdf", args=[g.godkjent_mote.pk]),
            {},
        ),
        "referat-lagre": (
            "post",
            reverse("ansvarsgruppe:referat-autolagre", args=[g.mote.pk]),
            {},
        ),
        "melding": ("get", reverse("meldinger:melding-detalj", args=[w.melding.pk]), {}),
        "melding-svar": (
            "post",
            reverse("meldinger:melding-svar", args=[w.melding.pk]),
            {"tekst": "Ja, fra neste uke."},
        ),
    }


def _uten_csrf(svar) -> str:
    """The page without its per-request secrets: the CSRF token and the CSP nonce."""
    html = re.sub(r"[A-Za-z0-9]{64}", "", svar.content.decode())
    return re.sub(r'nonce="[^"]*"', "", html)


def _hent(client, metode: str, url: str, data: dict):
    return getattr(client, metode)(url, data)


def _tilstand(w: Livslopsverden) -> tuple:
    """What a refused change would have touched: every change leaves a history row."""
    return (
        Melding.objects.count(),
        IndividuellPlan.history.count(),
        Mote.history.count(),
        Referat.history.count(),
        Pasient.history.count(),
    )


def test_koordinatoren_leser_og_endrer_foer_endringen(client, w):
    client.force_login(w.v.brukere["koordinator"])
    for navn, (metode, url, data) in urler(w).items():
        svar = _hent(client, metode, url, data)
        if metode == "get":
            assert svar.status_code == 200, navn
        else:
            # A change is let through to the form (an empty form is a form error; a reply is
            # sent and redirects back).
            assert svar.status_code in (200, 302, 400), (navn, svar.status_code)


@pytest.mark.parametrize("endring", list(LIVSLOP))
def test_tilgangen_slutter_naar_jobben_slutter(client, w, endring):
    endre, forventet = LIVSLOP[endring]
    bruker = w.v.brukere["koordinator"]
    client.force_login(bruker)
    pasientside = reverse("koordinering:pasient-detalj", args=[w.v.pasient.pk])
    assert client.get(pasientside).status_code == 200

    endre(w.v)
    foer, tilstand_foer = siste_logg_id(), _tilstand(w)

    for navn, (metode, url, data) in urler(w).items():
        svar = _hent(client, metode, url, data)
        assert svar.status_code == forventet, (navn, svar.status_code)
        innhold = svar.content.decode()
        assert w.v.pasient.navn not in innhold, navn
        if forventet == 403:
            assert UTEN_ENHET_TEKST in innhold, navn
        if forventet == 302:
            assert svar["Location"].startswith("/logg-inn/"), navn
    # Nothing was read, nothing was changed; refusals are recorded for the KE's review.
    assert logget(w.v.pasient, foer) == []
    assert _tilstand(w) == tilstand_foer
    if forventet in (403, 404):
        avviste = Tilgangslogg.objects.filter(pk__gt=foer, handling=Handling.AVVIST)
        assert avviste.count() == len(urler(w))
    bruker = get_user_model().objects.get(pk=bruker.pk)
    assert not Pasient.objects.visible_to(bruker).filter(pk=w.v.pasient.pk).exists()
    assert not Pasient.objects.editable_by(bruker).exists()


@pytest.mark.parametrize(
    "endring",
    ["avslutt_medlemskap", "flytt_til_annen_enhet", "flytt_til_annen_organisasjon", "deaktiver"],
)
def test_krokene_fjerner_tildelingene(w, endring):
    """The hooks keep the grant table true, whichever way the job ended."""
    bruker = w.v.brukere["koordinator"]
    assert PasientUserObjectPermission.objects.filter(user=bruker).exists()
    LIVSLOP[endring][0](w.v)
    assert not PasientUserObjectPermission.objects.filter(user=bruker).exists()


@pytest.mark.parametrize("endring", ["flytt_utenom_krokene", "slett_medlemskap_utenom_krokene"])
def test_en_gjenstaaende_tildeling_aapner_ingenting(w, endring):
    """A stale grant row (left by a script that bypassed the hooks) gives no access: the
    appointment requires current membership of the unit the appointee worked in."""
    LIVSLOP[endring][0](w.v)
    bruker = get_user_model().objects.get(pk=w.v.brukere["koordinator"].pk)
    assert PasientUserObjectPermission.objects.filter(user=bruker).exists()
    assert not Pasient.objects.visible_to(bruker).exists()


def test_oppnevningen_husker_enheten_den_oppnevnte_arbeidet_i(w):
    """The appointing unit is Hjemmetjenesten A (the need's unit); the appointee works in
    Tildelingskontoret A, and that is the unit access follows."""
    assert w.v.oppnevning.enhet == w.v.a_hjemme
    assert w.v.oppnevning.tjenesteenhet == w.v.a_tildeling


def test_ansatt_uten_enhet_faar_en_norsk_side_uten_aa_avsloere_pasienten(client, w):
    """A staff profile that was never put in a unit: the start page and every patient URL
    answer the same Norwegian page, for a patient that exists and for one that does not."""
    uten = AnsattFactory(organisasjon=w.v.kommune_a)
    client.force_login(uten.bruker)

    start = client.get("/")
    assert start.status_code == 403
    innhold = start.content.decode()
    assert UTEN_ENHET_TEKST in innhold
    assert "Kontakt lederen din eller den koordinerende enheten (KE)" in innhold

    finnes = client.get(reverse("koordinering:pasient-detalj", args=[w.v.pasient.pk]))
    finnes_ikke = client.get(reverse("koordinering:pasient-detalj", args=[10**9]))
    assert finnes.status_code == finnes_ikke.status_code == 403
    # The same page, byte for byte, apart from the per-response CSRF token.
    assert _uten_csrf(finnes) == _uten_csrf(finnes_ikke)
    assert w.v.pasient.navn not in finnes.content.decode()
    for navn, (metode, url, data) in urler(w).items():
        svar = _hent(client, metode, url, data)
        assert svar.status_code == 403, navn
        assert UTEN_ENHET_TEKST in svar.content.decode(), navn

    # Their own profile still opens: it shows who they are, with no unit.
    assert client.get(reverse("koordinering:profil")).status_code == 200


def test_nye_medlemskap_paa_samme_brukerobjekt_gir_nye_tilgangsveier():
    """The ways in are kept on the user object for the request and built again when its
    memberships are read again: after «no unit» → «a unit» the second read sees the patient.
    (The cache once compared the lists' id(), which a new list can reuse once the old one is
    freed; CI then saw a patient stay invisible after an appointment. It keeps the list now.)"""
    from koordinering.querysets import Tilgangsveier
    from tests.factories import EnhetFactory, MedlemskapFactory, TilknytningFactory
    from tests.factories import PasientFactory as Pasienter

    for _ in range(5):
        ansatt = AnsattFactory()
        enhet = EnhetFactory(organisasjon=ansatt.organisasjon)
        pasient = Pasienter()
        TilknytningFactory(pasient=pasient, enhet=enhet)
        bruker = ansatt.bruker
        assert not Pasient.objects.visible_to(bruker).filter(pk=pasient.pk).exists()
        MedlemskapFactory(ansatt=ansatt, enhet=enhet)
        vars(bruker).pop("_gjeldende_medlemskap")  # the memberships are read again
        assert Pasient.objects.visible_to(bruker).filter(pk=pasient.pk).exists()
        assert Tilgangsveier.for_bruker(bruker) is Tilgangsveier.for_bruker(bruker)
